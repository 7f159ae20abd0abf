"""The screening engine: scan one candidacy or a whole process, replacing its findings (reads: screening.services).

Rule 1 (near-copies): each proposal becomes a set of sampled fingerprints (screening.text.fingerprints) kept in
the Fingerprint table. Two proposals of different fórmulas sharing at least MIN_SHARED uncommon fingerprints
are compared in full: a near-copy when the Jaccard similarity of their five-word passages is ≥ THRESHOLD,
reported on both candidacies. A passage in more than COMMON_CAP proposals is a common formula: it does not make
two texts a pair (it still counts in the full comparison). Candidacies of the same fórmula (propietaria and
suplente: same contest, actor and number) are never compared with each other: they share proposals by design.

Rules 4 and 5 (mentions): names and siglas of the political actors of the process, except the candidacy's own
actor, its member parties (coalition or candidatura común) and the coalitions it belongs to (rule 5); full
names of the rivals in the same contest and of the entity-wide candidacies (gubernatura) of other actors
(rule 4). Rule 7: the process's watched terms.

Only active candidacies (not substituted nor cancelled) are scanned.
"""

import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q

from conoceles.candidacies.models import Candidacy
from conoceles.core.bulk import analyze
from conoceles.core.text import fold
from conoceles.elections.models import Cargo, ElectoralProcess
from conoceles.questionnaires.models import CurricularQuestionnaire

from . import text as t
from .models import Finding, Fingerprint

THRESHOLD = 0.5  # Jaccard similarity of the five-word passages from which two proposals are a near-copy
COMMON_CAP = 50  # a passage in more proposals than this is a common formula: it does not make two texts a pair
MIN_SHARED = 2  # uncommon fingerprints two proposals must share to be compared in full
CHUNK = 2000

RULE_COPY, RULE_OTHER_CANDIDACY, RULE_ALLUSION, RULE_SLOGANS = 1, 4, 5, 7
_CANDIDACY_COLUMNS = ("id", "contest_id", "actor_id", "formula_number", "first_name", "last_name", "second_last_name")


@dataclass
class ScanResult:
    candidacies: int = 0
    findings: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    seconds_pairs: float = 0.0  # of which comparing proposals (rule 1) after reading every text


# --------------------------------------------------------------------------------------------
# Terms: what each candidacy must not mention
# --------------------------------------------------------------------------------------------


def _name_terms(row: dict) -> list[t.Term]:
    """The full name of a candidacy, and without the second surname («María López» for «María López Pérez»)."""
    parts = [row["first_name"], row["last_name"], row["second_last_name"]]
    names = {" ".join(p for p in parts if p)}
    if row["last_name"] and row["second_last_name"]:
        names.add(f"{row['first_name']} {row['last_name']}")
    key = ("candidacy", row["id"])
    return [
        t.Term(n, RULE_OTHER_CANDIDACY, candidacy_id=row["id"], key=key) for n in names if len(t.folded_words(n)) >= 2
    ]


class _Terms:
    """The terms of one process, and a matcher per (actor, contest) built on demand."""

    def __init__(self, process):
        actors = list(process.actors.prefetch_related("members", "alliances"))
        self.family = {
            a.id: {a.id} | {m.id for m in a.members.all()} | {c.id for c in a.alliances.all()} for a in actors
        }
        self.actor_terms = {
            a.id: [t.Term(a.name, RULE_ALLUSION, t.Case.CAPITAL, key=("actor", a.id))]
            + (
                [t.Term(a.acronym, RULE_ALLUSION, t.Case.EXACT, key=("actor", a.id))]
                if len(fold(a.acronym)) >= 2
                else []
            )
            for a in actors
        }
        self.watched = [t.Term(w, RULE_SLOGANS) for w in process.watched_terms.values_list("term", flat=True)]
        self.entity_wide = self._names(
            Candidacy.objects.active().filter(process=process, contest__cargo__scope=Cargo.Scope.ENTITY)
        )
        self.contest_names: dict[int, list[tuple[int, list[t.Term]]]] = {}
        self.matchers: dict[tuple[int, int], t.Matcher] = {}

    @staticmethod
    def _names(queryset) -> list[tuple[int, int, list[t.Term]]]:
        return [(r["contest_id"], r["actor_id"], _name_terms(r)) for r in queryset.values(*_CANDIDACY_COLUMNS)]

    def load_contests(self, contest_ids: Iterable[int]) -> None:
        """Rival names of these contests (one query); forgets the contests loaded before (bounded memory)."""
        self.contest_names, self.matchers = defaultdict(list), {}
        for contest_id, actor_id, terms in self._names(Candidacy.objects.active().filter(contest_id__in=contest_ids)):
            self.contest_names[contest_id].append((actor_id, terms))

    def matcher(self, actor_id: int, contest_id: int) -> t.Matcher:
        key = (actor_id, contest_id)
        if key not in self.matchers:
            family = self.family.get(actor_id, {actor_id})
            terms = list(self.watched)
            terms += [term for other, ts in self.actor_terms.items() if other not in family for term in ts]
            rivals = self.contest_names.get(contest_id, []) + [
                (a, ts) for c, a, ts in self.entity_wide if c != contest_id
            ]
            terms += [term for other, ts in rivals if other not in family for term in ts]
            self.matchers[key] = t.Matcher(terms)
        return self.matchers[key]


def _scan_texts(process_id: int, candidacy_id: int, texts: dict, matcher: t.Matcher) -> tuple[list, list]:
    """The mention findings (rules 4, 5, 7) and the fingerprint rows (rule 1) of one candidacy's texts."""
    findings, fingerprints = [], []
    for name in t.TEXT_FIELDS:
        if not texts.get(name):
            continue
        folded = t.folded_words(texts[name])
        if name in t.COPY_FIELDS:
            index = t.COPY_FIELDS.index(name)
            fingerprints += [(process_id, h, candidacy_id, index) for h in t.fingerprints(folded)]
        if matcher.may_match(folded):  # most texts mention nothing: positions are computed only for the others
            findings += _mentions(candidacy_id, name, t.words(texts[name]), matcher)
    return findings, fingerprints


def _mentions(candidacy_id: int, name: str, w: t.Words, matcher: t.Matcher) -> list[Finding]:
    findings, seen, kept = [], set(), []
    for match in sorted(matcher.find(w), key=lambda m: (m.start, -m.end)):
        # once per actor, candidacy or term and field, at its first mention; a shorter name inside a longer
        # match («María López» in «María López Pérez») is the same evidence
        key = match.term.key or match.term.phrase
        if key in seen or any(s < match.end and match.start < e for s, e in kept):
            continue
        seen.add(key)
        kept.append((match.start, match.end))
        body, start, end = t.excerpt(w.text, match.start, match.end)
        findings.append(
            Finding(
                candidacy_id=candidacy_id,
                rule=match.term.rule,
                rubro=t.RUBRO_OF[name],
                field=name,
                excerpt=body,
                mark_start=start,
                mark_end=end,
                other_candidacy_id=match.term.candidacy_id,
                term=match.term.phrase,
                dismissal_key=t.dismissal_key(
                    match.term.rule, name, str(match.term.candidacy_id or ""), match.term.phrase, w.text
                ),
            )
        )
    return findings


# --------------------------------------------------------------------------------------------
# Rule 1: fingerprints and pairs
# --------------------------------------------------------------------------------------------


def _insert_fingerprints(rows: list[tuple]) -> None:
    if not rows:
        return
    table = connection.ops.quote_name(Fingerprint._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} (process_id, hash, candidacy_id, field) VALUES (%s, %s, %s, %s)", rows)


_FORMULA = ("contest_id", "actor_id", "formula_number")  # propietaria and suplente of one fórmula share these


def _formula(row) -> tuple:
    return tuple(row[name] for name in _FORMULA)


def _chunks(items: Iterable, size: int):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _copy_finding(own: int, own_field: str, a: t.Words, other: int, other_field: str, b: t.Words, score):
    body, start, end = t.excerpt(a.text, *t.copied_span(a, b))
    return Finding(
        candidacy_id=own,
        rule=RULE_COPY,
        rubro=t.RUBRO_OF[own_field],
        field=own_field,
        excerpt=body,
        mark_start=start,
        mark_end=end,
        other_candidacy_id=other,
        other_field=other_field,
        score=score,
        dismissal_key=t.dismissal_key(RULE_COPY, own_field, f"{other}:{other_field}", b.text, a.text),
    )


def _copy_findings(pairs: Iterable[tuple[int, int, int, int]]) -> list[Finding]:
    """Compare each pair (candidacy a, field a, candidacy b, field b) in full, chunk by chunk; both findings
    (one on each candidacy) of those whose similarity reaches THRESHOLD, with the longest copied passage."""
    findings = []
    for part in _chunks(pairs, CHUNK):
        texts = _texts({c for a, _, b, _ in part for c in (a, b)})
        passages = {}  # a proposal is often in several pairs
        for key in {k for a, fa, b, fb in part for k in ((a, fa), (b, fb))}:
            passages[key] = t.passages(t.folded_words(texts[key[0]][t.COPY_FIELDS[key[1]]]))
        for a, fa, b, fb in part:
            score = t.jaccard(passages[(a, fa)], passages[(b, fb)])
            if score >= THRESHOLD:
                name_a, name_b = t.COPY_FIELDS[fa], t.COPY_FIELDS[fb]
                words_a, words_b = t.words(texts[a][name_a]), t.words(texts[b][name_b])
                findings.append(_copy_finding(a, name_a, words_a, b, name_b, words_b, score))
                findings.append(_copy_finding(b, name_b, words_b, a, name_a, words_a, score))
    return findings


def _process_pairs(process_id: int, formulas: dict[int, tuple]):
    """Every pair of proposals of different fórmulas sharing at least MIN_SHARED uncommon fingerprints, from one
    grouped query read in chunks (a server-side cursor on PostgreSQL; call inside a transaction)."""
    table = connection.ops.quote_name(Fingerprint._meta.db_table)
    sql = f"""
        SELECT a.candidacy_id, a.field, b.candidacy_id, b.field
        FROM {table} a JOIN {table} b
          ON b.process_id = a.process_id AND b.hash = a.hash AND b.candidacy_id > a.candidacy_id
        WHERE a.process_id = %s AND a.hash NOT IN (
            SELECT hash FROM {table} WHERE process_id = %s GROUP BY hash HAVING COUNT(*) > %s
        )
        GROUP BY a.candidacy_id, a.field, b.candidacy_id, b.field
        HAVING COUNT(*) >= %s
    """
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [process_id, process_id, COMMON_CAP, MIN_SHARED])
        while rows := cursor.fetchmany(10_000):
            yield from (row for row in rows if formulas.get(row[0]) != formulas.get(row[2]))


def _candidacy_pairs(candidacy: Candidacy, hashes: dict[int, set[int]]) -> list[tuple[int, int, int, int]]:
    """The pairs of this candidacy's proposals with those of other fórmulas sharing at least MIN_SHARED uncommon
    fingerprints (a query per hash, bounded by COMMON_CAP, so a common formula costs no more than a rare one)."""
    shared: Counter = Counter()
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(Fingerprint._meta.db_table)
        sql = f"SELECT candidacy_id, field FROM {table} WHERE process_id = %s AND hash = %s LIMIT %s"
        for h, own_fields in hashes.items():
            cursor.execute(sql, [candidacy.process_id, h, COMMON_CAP + 1])
            rows = cursor.fetchall()
            if len(rows) > COMMON_CAP:
                continue
            for other, other_field in rows:
                if other != candidacy.pk:
                    for own_field in own_fields:
                        shared[(candidacy.pk, own_field, other, other_field)] += 1
    own = (candidacy.contest_id, candidacy.actor_id, candidacy.formula_number)
    others = Candidacy.objects.active().filter(pk__in={key[2] for key, n in shared.items() if n >= MIN_SHARED})
    keep = {pk for pk, *formula in others.values_list("pk", *_FORMULA) if tuple(formula) != own}
    return [key for key, n in shared.items() if n >= MIN_SHARED and key[2] in keep]


# --------------------------------------------------------------------------------------------
# The two scans
# --------------------------------------------------------------------------------------------


def _delete(queryset) -> None:
    """One DELETE statement: derived rows have no dependents nor signals, so Django's collector (which loads
    every row into memory while any delete signal is connected anywhere) is not needed."""
    queryset._raw_delete(queryset.db)


def scan_candidacy(candidacy: Candidacy) -> list[Finding]:
    """Recompute this candidacy's findings, and its near-copy findings on the candidacies it pairs with
    (those it no longer pairs with lose them). Returns the candidacy's new findings."""
    candidacy = Candidacy.objects.select_related("process").get(pk=candidacy.pk)
    with transaction.atomic():
        _delete(Finding.objects.filter(Q(candidacy=candidacy) | Q(other_candidacy=candidacy, rule=RULE_COPY)))
        _delete(Fingerprint.objects.filter(candidacy=candidacy))
        texts = CurricularQuestionnaire.objects.filter(candidacy=candidacy).values(*t.TEXT_FIELDS).first()
        if texts is None or candidacy.status != Candidacy.Status.APPROVED:
            return []
        terms = _Terms(candidacy.process)
        terms.load_contests([candidacy.contest_id])
        matcher = terms.matcher(candidacy.actor_id, candidacy.contest_id)
        findings, rows = _scan_texts(candidacy.process_id, candidacy.pk, texts, matcher)
        _insert_fingerprints(rows)
        hashes: dict[int, set[int]] = defaultdict(set)
        for _, h, _, index in rows:
            hashes[h].add(index)
        findings += _copy_findings(_candidacy_pairs(candidacy, hashes))
        Finding.objects.bulk_create(findings)
    return [f for f in findings if f.candidacy_id == candidacy.pk]


def scan_process(process: ElectoralProcess, *, progress=None) -> ScanResult:
    """Replace every finding of the process. Reads questionnaires by chunks of CHUNK candidacies; rule-1 pairs
    come from one grouped query over the fingerprints."""
    started = time.monotonic()
    result = ScanResult()
    with transaction.atomic():
        _delete(Finding.objects.filter(candidacy__process=process))
        _delete(Fingerprint.objects.filter(process=process))
    candidacies = Candidacy.objects.active().filter(process=process, curricular__isnull=False).order_by("pk")
    formulas = {}
    terms = _Terms(process)
    last = 0
    while True:
        rows = list(candidacies.filter(pk__gt=last).values(*_CANDIDACY_COLUMNS)[:CHUNK])
        if not rows:
            break
        last = rows[-1]["id"]
        texts = _texts(r["id"] for r in rows)
        terms.load_contests({r["contest_id"] for r in rows})
        findings, fingerprints = [], []
        for row in rows:
            formulas[row["id"]] = _formula(row)
            matcher = terms.matcher(row["actor_id"], row["contest_id"])
            found, rows_ = _scan_texts(process.pk, row["id"], texts[row["id"]], matcher)
            findings += found
            fingerprints += rows_
        with transaction.atomic():
            Finding.objects.bulk_create(findings, batch_size=1000)
            _insert_fingerprints(fingerprints)
        result.candidacies += len(rows)
        result.findings.update(f.rule for f in findings)
        if progress:
            progress(result.candidacies)
    pairs_started = time.monotonic()
    with transaction.atomic():
        # The pairs query joins the fingerprints just written: plan it from their statistics, not from what the
        # table held before (stale figures make PostgreSQL nest the self-join, minutes instead of seconds).
        analyze(Fingerprint)
        copies = _copy_findings(_process_pairs(process.pk, formulas))
        Finding.objects.bulk_create(copies, batch_size=1000)
        analyze(Finding)
    result.findings.update(f.rule for f in copies)
    result.seconds, result.seconds_pairs = time.monotonic() - started, time.monotonic() - pairs_started
    return result


def _texts(candidacy_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    rows = CurricularQuestionnaire.objects.filter(candidacy_id__in=list(candidacy_ids)).values(
        "candidacy_id", *t.TEXT_FIELDS
    )
    return {r["candidacy_id"]: r for r in rows}
