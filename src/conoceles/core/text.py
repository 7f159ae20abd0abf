"""Text normalisation shared by imports, matching of catalog values and (later) search.

Real files are messy: surrounding and doubled spaces, case and accent variants, "No aplica".
Readers forgive through these functions; writers stay exact.
"""

import unicodedata
from functools import lru_cache

NOT_APPLICABLE = frozenset({"", "no aplica", "n/a", "no aplicable", "-", "--", "ninguno", "ninguna"})
_LONGEST_NOT_APPLICABLE = max(len(v) for v in NOT_APPLICABLE)


def clean(value) -> str:
    """Trim a cell and collapse inner whitespace (any Unicode space); None becomes ''."""
    if value is None:
        return ""
    return " ".join(str(value).split())


@lru_cache(maxsize=16384)
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return clean("".join(ch for ch in decomposed if not unicodedata.combining(ch))).casefold()


def fold(value) -> str:
    """Comparison key: cleaned, accents removed, case folded ("  José  MUÑOZ " -> "jose munoz").

    Catalog values repeat on every row of an import, so results are cached."""
    if value is None:
        return ""
    return _fold(value if isinstance(value, str) else str(value))


def is_not_applicable(value) -> bool:
    text = clean(value)
    return len(text) <= _LONGEST_NOT_APPLICABLE and fold(text) in NOT_APPLICABLE
