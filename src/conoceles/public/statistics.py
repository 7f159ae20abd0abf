"""The public statistics (DOMAIN.md §8, §6): capture progress, grado, age, sex, the seven groups and income.

Every figure is one GROUP BY in the database (a fixed number of queries whatever the number of candidacies).
What may be counted follows §6:

- grado, age and sex count only published candidacies (review.publication), and grado only where the education
  rubro is public;
- the seven groups and income count only answers of published candidacies whose consent in force to statistical
  use (item 3) is yes, plus the affirmative-action group each candidacy was registered under (public by ruling);
- identity cross-tabulations go through `suppress`, so that no cell of 1 to k−1 candidacies is shown nor can be
  recovered by subtracting from a total (k = settings.STATISTICS_MIN_CELL, default 5);
- and the public identity figures cannot be differenced (docs/estadisticas.md): they change only at scheduled cuts
  (`cut_instant`, every settings.STATISTICS_CUT_DAYS days at midnight), each cut's figures randomly rounded to a
  multiple of 5 (`random_round`) and kept unchanged (`identity_release`). Publishing one candidacy changes no
  identity figure until the next cut, and then by a random amount among everything else that changed.
"""

import dataclasses
import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.utils import timezone

from conoceles.candidacies.models import AffirmativeActionGroup, Candidacy, Sex
from conoceles.questionnaires.identity_catalog import YES
from conoceles.questionnaires.models import CaptureRules, ConsentItem, IdentityAnswer
from conoceles.questionnaires.rubros import LEVEL_FIELD, RUBROS, STATUS_FIELD
from conoceles.questionnaires.services import consent_in_force
from conoceles.review.publication import published_q, rubro_public_q
from conoceles.review.states import PUBLIC_CANDIDACY_STATES

from .search import AGE_RANGES, age_q

INCOME_QUESTION_NUMBER = 18  # «¿En cuál de los siguientes grupos de ingresos se encuentra?» (identity_catalog)
EDUCATION_RUBRO = "education"
SEXES = [(code, label) for code, label in Sex.choices]


# --------------------------------------------------------------------------------------------
# Small-cell suppression: THE function
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: int
    hidden: str = ""  # "" shown, "small" (1 to k−1), "complementary" (hidden so that a small one can't be deduced)


def suppress(matrix: list[list[int]], k: int, *, column_totals: bool = True) -> list[list[Cell]]:
    """The table with its margins, `matrix` rows × columns plus a last column of row totals and (with
    `column_totals`) a last row of column totals, each entry a Cell.

    Every entry from 1 to k−1, interior or total, is hidden ("small"). Then, while some line (a row with its total,
    or a column with its total) has exactly one hidden entry, another entry of that line is hidden too
    ("complementary": the smallest, preferring non-zero interior cells), so no hidden value can be recovered by
    subtracting the shown entries of one line from its total. k ≤ 1 hides nothing."""
    rows = [[*row, sum(row)] for row in matrix]
    width = len(rows[0]) if rows else 0
    if column_totals and rows:
        rows.append([sum(column) for column in zip(*rows, strict=True)])
    hidden: dict[tuple[int, int], str] = {
        (i, j): "small" for i, row in enumerate(rows) for j, value in enumerate(row) if 0 < value < k
    }
    total_row = len(rows) - 1 if column_totals else None
    lines = [[(i, j) for j in range(width)] for i in range(len(rows))]
    if column_totals:
        lines += [[(i, j) for i in range(len(rows))] for j in range(width)]

    def preference(cell):
        i, j = cell
        return (rows[i][j] == 0, i == total_row or j == width - 1, rows[i][j])

    changed = bool(hidden)
    while changed:
        changed = False
        for line in lines:
            if sum(cell in hidden for cell in line) == 1:
                hidden[min((c for c in line if c not in hidden), key=preference)] = "complementary"
                changed = True
    return [[Cell(value, hidden.get((i, j), "")) for j, value in enumerate(row)] for i, row in enumerate(rows)]


# --------------------------------------------------------------------------------------------
# Tables as the template shows them
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]  # one per column, the total last when the table has totals
    bar: int | None = None  # width of the chart bar, percent of the largest row (None: no bar, value hidden)


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[Row]
    total: Row | None = None
    note: str = ""
    bar_label: str = ""  # what the bars show
    bar_is_percent: bool = False  # the bar's figure is `Row.bar` as a percentage, else the row's last cell

    @property
    def is_empty(self) -> bool:
        return not any(cell.value or cell.hidden for row in self.rows for cell in row.cells)

    def to_json(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Table":
        def row(r):
            return Row(r["label"], [Cell(**c) for c in r["cells"]], r["bar"])

        return cls(
            **{**data, "rows": [row(r) for r in data["rows"]], "total": row(data["total"]) if data["total"] else None}
        )


def _bars(rows: list[list[Cell]], column: int) -> list[int | None]:
    values = [row[column].value if not row[column].hidden else None for row in rows]
    top = max((v for v in values if v is not None), default=0)
    return [None if v is None else (round(v * 100 / top) if top else 0) for v in values]


def _crosstab(key, title, labels, matrix, k, *, column_totals=True, note="", rounding=None) -> Table:
    """A table of `labels` × sex, with totals, suppressed with `k` (0: public data, nothing hidden). With `rounding`
    (a function of a count), each shown figure is rounded with it and a hidden one keeps no figure at all."""
    grid = suppress(matrix, k, column_totals=column_totals)
    if rounding is not None:
        grid = [[Cell(0, c.hidden) if c.hidden else Cell(rounding(c.value)) for c in row] for row in grid]
    body = grid[: len(labels)]
    bars = _bars(body, -1)
    return Table(
        key=key,
        title=title,
        columns=[label for _, label in SEXES] + ["Total"],
        rows=[Row(label, cells, bar) for label, cells, bar in zip(labels, body, bars, strict=True)],
        total=Row("Total", grid[-1]) if column_totals and grid else None,
        note=note,
        bar_label="Total",
    )


def _by_sex(rows, label_key: str) -> dict[str, list[int]]:
    """{label: [count per sex in SEXES order]} from rows of (label, sex, n)."""
    index = {code: i for i, (code, _) in enumerate(SEXES)}
    result: dict[str, list[int]] = {}
    for row in rows:
        result.setdefault(row[label_key], [0] * len(SEXES))[index[row["sex"]]] += row["n"]
    return result


# --------------------------------------------------------------------------------------------
# The figures
# --------------------------------------------------------------------------------------------


def curricular_complete_q(rules: CaptureRules, prefix: str = "curricular__") -> Q:
    """The database form of questionnaires.completeness.curricular_completeness(...).complete: every required field
    of rubros.py filled (the estatus not needed for a grado without one). tests/public/test_statistics.py checks
    that both agree."""
    condition = Q(**{f"{prefix}pk__isnull": False})
    for rubro in RUBROS:
        for field in rubro.required_fields:
            filled = ~Q(**{f"{prefix}{field.name}": ""}) & Q(**{f"{prefix}{field.name}__isnull": False})
            if field.name == STATUS_FIELD:
                filled |= Q(**{f"{prefix}{LEVEL_FIELD}__in": list(rules.levels_without_status or [])})
            condition &= filled
    return condition


PROGRESS_FIELDS = ("total", "captured", "complete", "validated", "published")


def capture_progress(process, today: datetime.date, rules: CaptureRules) -> list[Table]:
    """Registered candidacies by cargo and by actor, and how many have the curricular questionnaire captured,
    complete, validated by their actor and published: one GROUP BY (cargo, actor), summed both ways here."""
    rows = (
        Candidacy.objects.filter(process=process)
        .active()
        .values("contest__cargo__name", "contest__cargo__order", "actor__name")
        .annotate(
            total=Count("pk"),
            captured=Count("pk", filter=Q(curricular__isnull=False)),
            complete=Count("pk", filter=curricular_complete_q(rules)),
            validated=Count("pk", filter=Q(workflow__state__in=PUBLIC_CANDIDACY_STATES)),
            published=Count("pk", filter=published_q(today)),
        )
        .order_by()
    )
    by_cargo: dict[tuple, list[int]] = {}
    by_actor: dict[tuple, list[int]] = {}
    for row in rows:
        counts = [row[f] for f in PROGRESS_FIELDS]
        for groups, key in (
            (by_cargo, (row["contest__cargo__order"], row["contest__cargo__name"])),
            (by_actor, (row["actor__name"],)),
        ):
            groups[key] = [a + b for a, b in zip(groups.get(key, [0] * len(counts)), counts, strict=True)]
    return [
        _progress_table("avance-cargo", "Avance de captura por cargo", by_cargo),
        _progress_table("avance-actor", "Avance de captura por actor político", by_actor),
    ]


def _progress_table(key: str, title: str, groups: dict[tuple, list[int]]) -> Table:
    body = [
        Row(label[-1], [Cell(v) for v in counts], round(counts[-1] * 100 / counts[0]) if counts[0] else 0)
        for label, counts in sorted(groups.items())
    ]
    totals = [sum(r.cells[i].value for r in body) for i in range(len(PROGRESS_FIELDS))]
    return Table(
        key=key,
        title=title,
        columns=["Candidaturas", "Curricular capturado", "Curricular completo", "Validadas", "Publicadas"],
        rows=body,
        total=Row("Total", [Cell(v) for v in totals]) if body else None,
        bar_label="Porcentaje publicado",
        bar_is_percent=True,
    )


def _published(process, today):
    return Candidacy.objects.filter(process=process).filter(published_q(today))


def education(process, today: datetime.date, rules: CaptureRules) -> Table:
    """Grado máximo de estudios × sex of published candidacies whose education rubro is public."""
    rows = (
        _published(process, today)
        .filter(rubro_public_q(EDUCATION_RUBRO))
        .values("curricular__education_level", "sex")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = _by_sex(
        [{"level": r["curricular__education_level"] or "Sin información", "sex": r["sex"], "n": r["n"]} for r in rows],
        "level",
    )
    catalog = list(rules.education_levels or [])
    labels = [level for level in catalog if level in counts] + sorted(set(counts) - set(catalog))
    return _crosstab(
        "grado",
        "Grado máximo de estudios",
        labels,
        [counts[label] for label in labels],
        0,
        note="Candidaturas publicadas cuyo rubro de formación académica está publicado.",
    )


def age_and_sex(process, today: datetime.date) -> Table:
    """Age on election day (or the declared age) × sex of published candidacies."""
    whens = [
        When(age_q(process.election_day, youngest, oldest), then=Value(label))
        for label, youngest, oldest in AGE_RANGES.values()
    ]
    rows = (
        _published(process, today)
        .annotate(age_range=Case(*whens, default=Value(""), output_field=CharField()))
        .values("age_range", "sex")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = _by_sex(rows, "age_range")
    labels = [label for label, _, _ in AGE_RANGES.values()]
    return _crosstab(
        "edad",
        "Rango de edad y sexo",
        labels,
        [counts.get(label, [0] * len(SEXES)) for label in labels],
        0,
        note="Candidaturas publicadas. Edad el día de la jornada electoral.",
    )


def groups(process, today: datetime.date, k: int, rounding=None) -> tuple[Table, int]:
    """The seven groups × sex: candidacies registered under the group's affirmative action, or that answered Sí to
    the group's question with consent to statistical use; and how many gave that consent. Two GROUP BY: the
    registrations, and the Sí answers of consenting candidacies not already registered under that group."""
    published = _published(process, today)
    consenting = published.annotate(stat_consent=consent_in_force(ConsentItem.STATISTICS)).filter(stat_consent=True)
    registered = published.exclude(affirmative_action="").values("affirmative_action", "sex").annotate(n=Count("pk"))
    through = IdentityAnswer.options.through
    answered = (
        through.objects.filter(
            identityanswer__question__process=process,
            identityoption__label=YES,
            identityanswer__candidacy__in=consenting.values("pk"),
        )
        .exclude(identityanswer__question__group="")
        .exclude(identityanswer__candidacy__affirmative_action=F("identityanswer__question__group"))
        .values(group=F("identityanswer__question__group"), sex=F("identityanswer__candidacy__sex"))
        .annotate(n=Count("identityanswer__candidacy_id", distinct=True))
        .order_by()
    )
    sex_index = {code: i for i, (code, _) in enumerate(SEXES)}
    group_index = {group: i for i, group in enumerate(AffirmativeActionGroup.values)}
    matrix = [[0] * len(SEXES) for _ in AffirmativeActionGroup.values]
    for row in registered.order_by():
        matrix[group_index[row["affirmative_action"]]][sex_index[row["sex"]]] += row["n"]
    for row in answered:
        matrix[group_index[row["group"]]][sex_index[row["sex"]]] += row["n"]
    table = _crosstab(
        "grupos",
        "Grupos en situación de discriminación",
        list(AffirmativeActionGroup.labels),
        matrix,
        k,
        column_totals=False,  # a person may belong to several groups: the column sums count no one
        rounding=rounding,
        note=(
            "Candidaturas publicadas registradas por acción afirmativa del grupo, o que respondieron «Sí» a la "
            "pregunta del grupo y autorizaron el uso estadístico de sus respuestas."
        ),
    )
    return table, consenting.count()


def income(process, today: datetime.date, k: int, rounding=None) -> Table:
    """Answers to the income question × sex, of published candidacies with consent to statistical use."""
    through = IdentityAnswer.options.through
    rows = (
        through.objects.filter(
            identityanswer__question__process=process, identityanswer__question__number=INCOME_QUESTION_NUMBER
        )
        .filter(published_q(today, prefix="identityanswer__candidacy__"))
        .annotate(stat_consent=consent_in_force(ConsentItem.STATISTICS, "identityanswer__candidacy_id"))
        .filter(stat_consent=True)
        .values("identityoption__label", "identityoption__order", sex=F("identityanswer__candidacy__sex"))
        .annotate(n=Count("identityanswer__candidacy_id"))
        .order_by("identityoption__order", "identityoption__label")
    )
    rows = list(rows)
    counts = _by_sex([{**r, "label": r["identityoption__label"]} for r in rows], "label")
    labels = list(dict.fromkeys(r["identityoption__label"] for r in rows))
    return _crosstab(
        "ingresos",
        "Ingresos mensuales",
        labels,
        [counts[label] for label in labels],
        k,
        rounding=rounding,
        note="Respuestas de candidaturas publicadas que autorizaron el uso estadístico de sus respuestas.",
    )


def identity_tables(process, today: datetime.date, k: int, rounding=None) -> tuple[list[Table], int]:
    """The identity tables (groups, income) and how many published candidacies consented to statistical use: exact
    (suppressed with `k`), or with every shown figure passed through `rounding`."""
    group_table, consented = groups(process, today, k, rounding)
    return [group_table, income(process, today, k, rounding)], rounding(consented) if rounding else consented


# --------------------------------------------------------------------------------------------
# Scheduled cuts with random rounding: the public identity figures cannot be differenced
# --------------------------------------------------------------------------------------------

ROUNDING_BASE = 5
CUT_ANCHOR = datetime.date(2024, 1, 1)  # a Monday: with cuts every 7 days, every Monday at midnight


def random_round(value: int, rng, base: int = ROUNDING_BASE) -> int:
    """Unbiased random rounding to a multiple of `base` (as census offices publish counts): a multiple stays; any
    other value goes up to the next multiple with probability remainder/base, else down, so its expected value is the
    true one and no published figure tells the true one."""
    remainder = value % base
    if remainder == 0:
        return value
    return value - remainder + (base if rng.random() < remainder / base else 0)


def cut_instant(now: datetime.datetime) -> datetime.datetime:
    """The scheduled cut in force at `now`: midnight (local time) of the latest day that is a whole number of
    settings.STATISTICS_CUT_DAYS days after CUT_ANCHOR."""
    today = timezone.localdate(now)
    day = today - datetime.timedelta(days=(today - CUT_ANCHOR).days % settings.STATISTICS_CUT_DAYS)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def identity_release(process, now: datetime.datetime | None = None, *, rng=None):
    """The public identity figures of the cut in force at `now`: computed the first time they are asked for after the
    cut (from the data of that moment, rounded with fresh randomness, `rng` for tests) and then never again."""
    from .models import IdentityStatisticsRelease

    now = now or timezone.now()
    cut_at = cut_instant(now)
    release = IdentityStatisticsRelease.objects.filter(process=process, cut_at=cut_at).first()
    if release is not None:
        return release
    rng = rng or secrets.SystemRandom()
    k = settings.STATISTICS_MIN_CELL
    tables, consented = identity_tables(process, timezone.localdate(now), k, lambda n: random_round(n, rng))
    figures = {"tables": [t.to_json() for t in tables], "consented": consented, "k": k}
    try:
        with transaction.atomic():
            return IdentityStatisticsRelease.objects.create(process=process, cut_at=cut_at, figures=figures)
    except IntegrityError:  # another request made this cut's release at the same moment: that one is the release
        return IdentityStatisticsRelease.objects.get(process=process, cut_at=cut_at)


def public_statistics(process, today: datetime.date | None = None, *, now: datetime.datetime | None = None) -> dict:
    """Everything the statistics page shows for `process`, in a fixed number of queries: capture progress and the
    profile tables as of `today`, the identity figures of the cut in force at `now`."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    rules = CaptureRules.objects.filter(process=process).first() or CaptureRules(process=process)
    release = identity_release(process, now)
    return {
        "progress": capture_progress(process, today, rules),
        "profile": [education(process, today, rules), age_and_sex(process, today)],
        "identity": [Table.from_json(t) for t in release.figures["tables"]],
        "consented": release.figures["consented"],
        "k": release.figures["k"],
        "cut_at": release.cut_at,
        "next_cut_at": release.cut_at + datetime.timedelta(days=settings.STATISTICS_CUT_DAYS),
        "rounding_base": ROUNDING_BASE,
    }


def cached_statistics(process) -> dict:
    """public_statistics, computed at most once every STATISTICS_CACHE_SECONDS (default 300) per process and day:
    with 200,000 candidacies they take seconds, and the page cache is invalidated by every capture."""
    now = timezone.now()
    key = f"public:statistics:{process.pk}:{cut_instant(now).isoformat()}:{timezone.localdate(now).isoformat()}"
    return cache.get_or_set(
        key, lambda: public_statistics(process, now=now), getattr(settings, "STATISTICS_CACHE_SECONDS", 300)
    )
