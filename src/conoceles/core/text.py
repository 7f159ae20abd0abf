"""Text normalisation shared by imports, matching of catalog values and (later) search.

Real files are messy: surrounding and doubled spaces, case and accent variants, "No aplica".
Readers forgive through these functions; writers stay exact.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
NOT_APPLICABLE = {"", "no aplica", "n/a", "no aplicable", "-", "--", "ninguno", "ninguna"}


def clean(value) -> str:
    """Trim a cell and collapse inner whitespace; None becomes ''."""
    if value is None:
        return ""
    return _SPACES.sub(" ", str(value)).strip()


def fold(value) -> str:
    """Comparison key: cleaned, accents removed, case folded ("  José  MUÑOZ " -> "jose munoz")."""
    decomposed = unicodedata.normalize("NFKD", "" if value is None else str(value))
    return clean("".join(ch for ch in decomposed if not unicodedata.combining(ch))).casefold()


def is_not_applicable(value) -> bool:
    return fold(value) in NOT_APPLICABLE
