"""The figures of the public statistics (DOMAIN.md §8, §6), each one GROUP BY in the database: capture progress,
grado, age and sex (exact: public data), the seven groups and income (suppressed with k, optionally rounded: the
scheduled cuts of conoceles.public.statistics.cuts publish them).
"""

import datetime

from django.db.models import Case, CharField, Count, F, Q, Value, When

from conoceles.candidacies.models import AffirmativeActionGroup, Candidacy
from conoceles.elections.models import Cargo, PoliticalActor
from conoceles.questionnaires.identity_catalog import YES
from conoceles.questionnaires.models import CaptureRules, ConsentItem, IdentityAnswer
from conoceles.questionnaires.rubros import LEVEL_FIELD, RUBROS, STATUS_FIELD
from conoceles.questionnaires.services import consent_in_force
from conoceles.review.publication import published_q, rubro_public_q
from conoceles.review.states import PUBLIC_CANDIDACY_STATES

from ..search import AGE_RANGES, age_q
from .tables import SEXES, Cell, Row, Table, by_sex, crosstab

INCOME_QUESTION_NUMBER = 18  # «¿En cuál de los siguientes grupos de ingresos se encuentra?» (identity_catalog)
EDUCATION_RUBRO = "education"


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


def progress_counts(today: datetime.date, rules: CaptureRules) -> dict[str, Count]:
    """The aggregates of PROGRESS_FIELDS over candidacies: registered, curricular questionnaire captured, complete,
    validated by their actor and published (for `annotate` or `aggregate`)."""
    return {
        "total": Count("pk"),
        "captured": Count("pk", filter=Q(curricular__isnull=False)),
        "complete": Count("pk", filter=curricular_complete_q(rules)),
        "validated": Count("pk", filter=Q(workflow__state__in=PUBLIC_CANDIDACY_STATES)),
        "published": Count("pk", filter=published_q(today)),
    }


def capture_progress(process, today: datetime.date, rules: CaptureRules) -> list[Table]:
    """Registered candidacies by cargo and by actor, and how many have the curricular questionnaire captured,
    complete, validated by their actor and published: one GROUP BY (cargo, actor), summed both ways here."""
    rows = (
        Candidacy.objects.filter(process=process)
        .active()
        .values("contest__cargo__name", "contest__cargo__order", "actor__name")
        .annotate(**progress_counts(today, rules))
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
    counts = by_sex(
        [{"level": r["curricular__education_level"] or "Sin información", "sex": r["sex"], "n": r["n"]} for r in rows],
        "level",
    )
    catalog = list(rules.education_levels or [])
    labels = [level for level in catalog if level in counts] + sorted(set(counts) - set(catalog))
    return crosstab(
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
    counts = by_sex(rows, "age_range")
    labels = [label for label, _, _ in AGE_RANGES.values()]
    return crosstab(
        "edad",
        "Rango de edad y sexo",
        labels,
        [counts.get(label, [0] * len(SEXES)) for label in labels],
        0,
        note="Candidaturas publicadas. Edad el día de la jornada electoral.",
    )


def _group_rows(process, today: datetime.date, fields: tuple[str, ...]):
    """The counting rule of the seven groups: published candidacies registered under the group's affirmative action,
    or that answered Sí to the group's question with consent to statistical use (each candidacy once per group).
    Returns rows (group, *the candidacy's `fields`, n) of two GROUP BY (the registrations, and the Sí answers of
    consenting candidacies not registered under that group), and the consenting candidacies."""
    published = _published(process, today)
    consenting = published.annotate(stat_consent=consent_in_force(ConsentItem.STATISTICS)).filter(stat_consent=True)
    registered = (
        published.exclude(affirmative_action="").values_list("affirmative_action", *fields).annotate(n=Count("pk"))
    )
    through = IdentityAnswer.options.through
    answered = (
        through.objects.filter(
            identityanswer__question__process=process,
            identityoption__label=YES,
            identityanswer__candidacy__in=consenting.values("pk"),
        )
        .exclude(identityanswer__question__group="")
        .exclude(identityanswer__candidacy__affirmative_action=F("identityanswer__question__group"))
        .values_list("identityanswer__question__group", *(f"identityanswer__candidacy__{f}" for f in fields))
        .annotate(n=Count("identityanswer__candidacy_id", distinct=True))
    )
    return [*registered.order_by(), *answered.order_by()], consenting


def _group_matrix(rows, columns: list) -> list[list[int]]:
    """The seven groups × `columns` (the values of the rows' one field), summed from rows (group, value, n)."""
    column_index = {value: i for i, value in enumerate(columns)}
    group_index = {group: i for i, group in enumerate(AffirmativeActionGroup.values)}
    matrix = [[0] * len(columns) for _ in AffirmativeActionGroup.values]
    for group, value, n in rows:
        matrix[group_index[group]][column_index[value]] += n
    return matrix


GROUPS_NOTE = (
    "Candidaturas publicadas registradas por acción afirmativa del grupo, o que respondieron «Sí» a la pregunta del "
    "grupo y autorizaron el uso estadístico de sus respuestas."
)


def groups(process, today: datetime.date, k: int, rounding=None) -> tuple[Table, int]:
    """The seven groups × sex (`_group_rows`), and how many published candidacies gave statistical consent."""
    rows, consenting = _group_rows(process, today, ("sex",))
    table = crosstab(
        "grupos",
        "Grupos en situación de discriminación",
        list(AffirmativeActionGroup.labels),
        _group_matrix(rows, [code for code, _ in SEXES]),
        k,
        column_totals=False,  # a person may belong to several groups: the column sums count no one
        rounding=rounding,
        note=GROUPS_NOTE,
    )
    return table, consenting.count()


def groups_by_actor_and_cargo(process, today: datetime.date) -> list[Table]:
    """The seven groups × political actor and × cargo, every cell shown (for the institute's staff only): one
    `_group_rows` by (actor, cargo), summed each way. Columns: the actors and cargos with registered candidacies."""
    rows, _ = _group_rows(process, today, ("actor_id", "contest__cargo_id"))
    registered = Candidacy.objects.filter(process=process).active()
    actors = list(PoliticalActor.objects.filter(pk__in=registered.values("actor_id")).order_by("order", "acronym"))
    cargos = list(Cargo.objects.filter(pk__in=registered.values("contest__cargo_id")).order_by("order", "name"))
    tables = []
    for key, title, objects, label, pick in (
        ("grupos-actor", "Grupos por actor político", actors, "acronym", lambda row: row[1]),
        ("grupos-cargo", "Grupos por cargo", cargos, "name", lambda row: row[2]),
    ):
        matrix = _group_matrix([(row[0], pick(row), row[-1]) for row in rows], [o.pk for o in objects])
        tables.append(
            crosstab(
                key,
                title,
                list(AffirmativeActionGroup.labels),
                matrix,
                0,
                columns=[getattr(o, label) for o in objects],
                column_totals=False,
                note=GROUPS_NOTE,
            )
        )
    return tables


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
    counts = by_sex([{**r, "label": r["identityoption__label"]} for r in rows], "label")
    labels = list(dict.fromkeys(r["identityoption__label"] for r in rows))
    return crosstab(
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
