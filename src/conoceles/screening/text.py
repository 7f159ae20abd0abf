"""Pure text work of screening: words with their positions, five-word fingerprints, phrase matching, excerpts.

Every comparison is on words folded with core.text.fold (accents and case ignored), so matches are whole words
by construction: "PT" never matches inside "PTAR" and "pan" is a word of its own, never part of "panadería".
"""

import hashlib
import re
import unicodedata
import zlib
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache

from conoceles.core.text import fold
from conoceles.questionnaires.rubros import ALL_FIELDS, RUBROS, Kind

# Rule 1 compares the proposals; rules 4, 5 and 7 read every free text of the curricular questionnaire.
COPY_FIELDS: tuple[str, ...] = next(r for r in RUBROS if r.code == "proposals").field_names
TEXT_FIELDS: tuple[str, ...] = tuple(f.name for f in ALL_FIELDS if f.kind == Kind.LONG_TEXT)
RUBRO_OF: dict[str, str] = {f.name: r.code for r in RUBROS for f in r.fields}

SHINGLE = 5  # words per passage
SAMPLE = 4  # keep the passages whose hash is a multiple of SAMPLE (about one in four, the same in every text)
MIN_FINGERPRINTS = 3  # shorter texts (under ~15 words) are not compared: too short to tell a copy from a formula
CONTEXT = 80  # characters of context either side of the evidence in an excerpt
MAX_EVIDENCE = 320  # characters of evidence kept in an excerpt

_WORD = re.compile(r"[^\W_]+")
fold_word = lru_cache(maxsize=200_000)(fold)


def normalise(text: str) -> str:
    """Composed form, so that offsets of words and of excerpts refer to the same characters."""
    return unicodedata.normalize("NFC", text or "")


@dataclass(frozen=True)
class Words:
    text: str
    folded: list[str]
    spans: list[tuple[int, int]]


def words(text: str) -> Words:
    text = normalise(text)
    folded, spans = [], []
    for match in _WORD.finditer(text):
        folded.append(fold_word(match.group()))
        spans.append(match.span())
    return Words(text, folded, spans)


def folded_words(text: str) -> list[str]:
    return [fold_word(w) for w in _WORD.findall(normalise(text))]


def fingerprints(w: list[str]) -> set[int]:
    """The sampled hashes of the five-word passages of a text's folded words; empty when the text is too short
    to compare."""
    kept = set()
    for i in range(len(w) - SHINGLE + 1):
        passage = " ".join(w[i : i + SHINGLE]).encode()
        crc = zlib.crc32(passage)
        if crc % SAMPLE == 0:
            # 63 bits from two fast checksums; a rare collision only proposes a pair that the exact
            # comparison (jaccard) then discards
            kept.add((crc << 31) ^ zlib.adler32(passage))
    return kept if len(kept) >= MIN_FINGERPRINTS else set()


def passages(folded: list[str]) -> set[tuple[str, ...]]:
    return {tuple(folded[i : i + SHINGLE]) for i in range(len(folded) - SHINGLE + 1)}


def jaccard(a: set, b: set) -> float:
    """Similarity of two texts: shared five-word passages over all their passages."""
    return len(a & b) / len(a | b) if a and b else 0.0


def copied_span(a: Words, b: Words) -> tuple[int, int]:
    """Characters of `a` covered by its longest run of five-word passages that also appear in `b`."""
    passages_b = passages(b.folded)
    best, run_start, best_run = None, None, 0
    for i in range(len(a.folded) - SHINGLE + 2):
        shared = i <= len(a.folded) - SHINGLE and tuple(a.folded[i : i + SHINGLE]) in passages_b
        if shared and run_start is None:
            run_start = i
        elif not shared and run_start is not None:
            if i - run_start > best_run:
                best_run, best = i - run_start, (run_start, i - 1 + SHINGLE - 1)
            run_start = None
    if best is None:
        return 0, 0
    return a.spans[best[0]][0], a.spans[best[1]][1]


def dismissal_key(rule: int, field: str, other: str, compared: str, own_text: str) -> str:
    """What a finding is recognised by when a reviewer dismisses it: the rule, the field, what it was compared with
    (the other candidacy and field, or the term) and both compared texts. A change of either text changes it, so a
    dismissed finding comes back when the texts change (Finding.dismissal_key, DismissedFinding)."""
    parts = (str(rule), field, other, compared, own_text)
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def excerpt(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The evidence text[start:end] with some context, and the evidence's offsets within the excerpt."""
    end = min(end, start + MAX_EVIDENCE)
    left = max(0, start - CONTEXT)
    if left:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    right = min(len(text), end + CONTEXT)
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    prefix = "…" if left else ""
    suffix = "…" if right < len(text) else ""
    body = prefix + text[left:right] + suffix
    return body, start - left + len(prefix), end - left + len(prefix)


class Case:
    ANY = "any"  # accents and case ignored (names of people, listed terms)
    CAPITAL = "capital"  # the first word written with a capital (party names: «Nueva Alianza», not «una nueva alianza»)
    EXACT = "exact"  # letters as the siglas are written, accents aside («PAN», never «pan» nor «Pan»)


def _strip_accents(value: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))


@dataclass(frozen=True)
class Term:
    phrase: str  # as the institute or the registry writes it
    rule: int
    case: str = Case.ANY
    candidacy_id: int | None = None  # the candidacy the term names (rule 4)
    key: object = None  # what the term names (an actor, a candidacy): its name and siglas are one finding

    @cached_property
    def folded(self) -> tuple[str, ...]:
        return tuple(folded_words(self.phrase))


@dataclass(frozen=True)
class Match:
    term: Term
    start: int
    end: int


class Matcher:
    """Whole-word, accent- and case-insensitive search of many phrases in a text, by the phrases' first word."""

    def __init__(self, terms):
        self.by_first: dict[str, list[tuple[tuple[str, ...], Term]]] = defaultdict(list)
        for term in terms:
            key = term.folded
            if key:
                self.by_first[key[0]].append((key, term))

    def may_match(self, folded: list[str]) -> bool:
        return not self.by_first.keys().isdisjoint(folded)

    def find(self, w: Words) -> list[Match]:
        if not self.may_match(w.folded):
            return []
        found = []
        for i, word in enumerate(w.folded):
            for key, term in self.by_first.get(word, ()):
                n = len(key)
                if tuple(w.folded[i : i + n]) == key and self._case_ok(term, w, i, n):
                    found.append(Match(term, w.spans[i][0], w.spans[i + n - 1][1]))
        return found

    @staticmethod
    def _case_ok(term: Term, w: Words, i: int, n: int) -> bool:
        if term.case == Case.CAPITAL:
            return w.text[w.spans[i][0]].isupper()
        if term.case == Case.EXACT:
            written = [_strip_accents(t) for t in _WORD.findall(term.phrase)]
            return [_strip_accents(w.text[s:e]) for s, e in w.spans[i : i + n]] == written
        return True
