"""The informe final (DOMAIN.md §9): the quantitative results (the avance's sections), the identity statistics (all
of them for the analysts in the complete version; small cells suppressed in the public one) and the qualitative
evaluation of the curricular content with the process's rubric (conoceles.evaluation).

params: {"version": "completa" | "publica"}. Only complete scores saved up to the cut count. Every figure of the
evaluation is a GROUP BY in the database; the list of scored candidacies (complete version only) is the one loop."""

import datetime

from django.conf import settings
from django.db.models import Avg, Case, Count, F, Max, Min, Q, Sum, When
from django.utils import timezone

from conoceles.candidacies.models import Candidacy, Sex
from conoceles.core.permissions import SENSITIVE_DATA_LOCKED, sensitive_data_readable
from conoceles.evaluation.models import CandidacyScore, VariableScore
from conoceles.evaluation.services import rubric_for, variables_of
from conoceles.public.statistics.figures import identity_tables
from conoceles.questionnaires.rubros import RUBROS

from ..document import Progress, ReportDocument, ReportTable, Section, from_statistics_table, percent
from .avance import sections as quantitative_sections

COMPLETE, PUBLIC = "completa", "publica"
VERSIONS = {COMPLETE: "versión completa", PUBLIC: "versión pública"}
# Score bands, as quarters of the rubric's maximum: (label, lower quarter included, upper quarter excluded).
BANDS = (("0 a 24 %", 0, 1), ("25 a 49 %", 1, 2), ("50 a 74 %", 2, 3), ("75 a 100 %", 3, 5))
STATS_COLUMNS = ["Calificadas", "Promedio", "Mínimo", "Máximo", *(f"Del {label} del máximo" for label, _, _ in BANDS)]


def build(process, cut_at: datetime.datetime, params: dict, progress: Progress) -> ReportDocument:
    version = params.get("version") or COMPLETE
    if version not in VERSIONS:
        raise ValueError(f"Unknown version {version!r}; expected one of {', '.join(VERSIONS)}")
    complete = version == COMPLETE
    quantitative = quantitative_sections(process, cut_at, lambda p, stage: progress(p * 60 // 100, stage))
    progress(60, "Estadísticas de identidad")
    identity = identity_section(process, timezone.localtime(cut_at).date(), complete)
    progress(80, "Evaluación cualitativa")
    evaluation, summary = evaluation_section(process, cut_at, complete)
    return ReportDocument(
        title=f"Informe final · {process.name} ({VERSIONS[version]})",
        sections=[*quantitative, identity, evaluation],
        summary=summary,
    )


def identity_section(process, cut_date: datetime.date, complete: bool) -> Section:
    if not sensitive_data_readable(process):  # bloqueo: the identity answers are not read for new reports
        return Section("Estadísticas de identidad", [], SENSITIVE_DATA_LOCKED)
    k = 0 if complete else settings.STATISTICS_MIN_CELL
    tables, consented = identity_tables(process, cut_date, k)
    text = (
        f"Candidaturas publicadas al {cut_date:%d/%m/%Y} que autorizaron el uso estadístico de sus respuestas: "
        f"{consented:,}."
    )
    if not complete:
        text += (
            f"\n\nPara proteger los datos personales sensibles, las cifras de 1 a {k - 1} y las que permitirían "
            "deducirlas se muestran como «—»."
        )
    return Section("Estadísticas de identidad", [from_statistics_table(t) for t in tables], text)


def _aggregates(max_score: int) -> dict:
    """The aggregates of STATS_COLUMNS over scores (for `annotate` or `aggregate`)."""
    bands = {
        f"band{i}": Count("pk", filter=Q(total__gte=low * max_score / 4, total__lt=high * max_score / 4))
        for i, (_, low, high) in enumerate(BANDS)
    }
    return {"n": Count("pk"), "avg": Avg("total"), "low": Min("total"), "high": Max("total"), **bands}


def _values(row) -> list:
    average = round(row["avg"], 1) if row["avg"] is not None else None
    return [row["n"], average, row["low"], row["high"], *(row[f"band{i}"] for i in range(len(BANDS)))]


def _grouped(scores, max_score, key, title, label, group_by, order_by, labels=None) -> ReportTable:
    grouped = scores.values(*group_by).annotate(**_aggregates(max_score)).order_by(*order_by)
    total = scores.aggregate(**_aggregates(max_score))
    return ReportTable(
        key=key,
        title=title,
        columns=[label, *STATS_COLUMNS],
        rows=[[labels(row) if labels else row[group_by[-1]], *_values(row)] for row in grouped],
        total=["Total", *_values(total)] if total["n"] else None,
        chart_column=2,
    )


def evaluation_section(process, cut_at: datetime.datetime, complete: bool):
    """The section of the qualitative evaluation, and the report's key figures."""
    rubric = rubric_for(process)
    if rubric is None:
        return Section("Evaluación cualitativa", [], "El proceso no tiene rúbrica de evaluación."), []
    max_score = rubric.max_score
    scores = CandidacyScore.objects.filter(
        rubric=rubric, complete=True, scored_at__lte=cut_at, candidacy__status=Candidacy.Status.APPROVED
    )
    sexes = dict(Sex.choices)
    tables = [
        _grouped(scores, max_score, "evaluacion-actor", "Puntaje por actor político", "Actor político",
                 ("candidacy__actor__order", "candidacy__actor__name"),
                 ("candidacy__actor__order", "candidacy__actor__name")),
        _grouped(scores, max_score, "evaluacion-cargo", "Puntaje por cargo", "Cargo",
                 ("candidacy__contest__cargo__order", "candidacy__contest__cargo__name"),
                 ("candidacy__contest__cargo__order", "candidacy__contest__cargo__name")),
        _grouped(scores, max_score, "evaluacion-sexo", "Puntaje por sexo", "Sexo", ("candidacy__sex",),
                 ("candidacy__sex",), labels=lambda row: sexes[row["candidacy__sex"]]),
        _by_rubro(rubric, scores),
        _by_variable(rubric, scores),
    ]
    if complete:
        tables.append(_scored_list(scores, max_score))
    counted = scores.aggregate(n=Count("pk"), avg=Avg("total"))
    average = round(counted["avg"], 1) if counted["avg"] is not None else None
    text = (
        f"Calificación del contenido curricular con «{rubric.name}» (máximo {max_score} puntos): candidaturas "
        f"vigentes calificadas por completo hasta el corte. Los rangos son cuartos del puntaje máximo."
    )
    summary = [("Candidaturas calificadas", counted["n"]), ("Puntaje promedio", average), ("Puntaje máximo", max_score)]
    return Section("Evaluación cualitativa", tables, text), summary


def _earned():
    return Sum(Case(When(met=True, then=F("variable__points_met")), default=F("variable__points_not_met")))


def _by_rubro(rubric, scores) -> ReportTable:
    """Average points per rubro: the rubro's points summed over every answer, over the number of scores."""
    n = scores.count()
    earned = dict(
        VariableScore.objects.filter(score__in=scores).values("variable__rubro").annotate(points=_earned())
        .values_list("variable__rubro", "points").order_by()
    )
    maxima: dict[str, int] = {}
    for variable in variables_of(rubric):
        maxima[variable.rubro] = maxima.get(variable.rubro, 0) + variable.points_met
    rows = []
    for rubro in RUBROS:
        if rubro.code in maxima:
            average = round(earned.get(rubro.code, 0) / n, 1) if n else None
            rows.append([rubro.label, maxima[rubro.code], average, percent(average or 0, maxima[rubro.code])])
    return ReportTable(
        key="evaluacion-rubro", title="Puntaje promedio por rubro",
        columns=["Rubro", "Máximo", "Promedio", "Porcentaje del máximo"], rows=rows,
        chart_column=3, percent_columns=(3,),
    )


def _by_variable(rubric, scores) -> ReportTable:
    counts = {
        row["variable"]: row
        for row in VariableScore.objects.filter(score__in=scores).values("variable")
        .annotate(met=Count("pk", filter=Q(met=True)), n=Count("pk"), changed=Count("pk", filter=Q(changed=True)))
        .order_by()
    }
    rows = []
    for variable in variables_of(rubric):
        row = counts.get(variable.pk, {"met": 0, "n": 0, "changed": 0})
        rows.append([
            f"{variable.get_rubro_display()} · {variable.label}", row["met"], row["n"] - row["met"],
            percent(row["met"], row["n"]), row["changed"],
        ])
    return ReportTable(
        key="evaluacion-variable", title="Cumplimiento por variable",
        columns=["Variable", "Cumple", "No cumple", "Porcentaje que cumple", "Sugerencias cambiadas"], rows=rows,
        percent_columns=(3,),
        note="«Sugerencias cambiadas»: respuestas en que la persona revisora cambió la sugerencia automática.",
    )


def _scored_list(scores, max_score) -> ReportTable:
    rows = scores.select_related("candidacy__contest__cargo", "candidacy__actor").order_by(
        "candidacy__contest__cargo__order", "candidacy__contest__name", "candidacy__actor__order",
        "candidacy__formula_number", "candidacy__position", "candidacy_id",
    )
    return ReportTable(
        key="evaluacion-candidaturas", title="Candidaturas calificadas",
        columns=["Candidatura", "Cargo", "Contienda", "Actor político", "Sexo", "Puntaje"],
        rows=[
            [s.candidacy.full_name, s.candidacy.contest.cargo.name, s.candidacy.contest.name,
             s.candidacy.actor.acronym, s.candidacy.get_sex_display(), s.total]
            for s in rows
        ],
        note=f"Puntaje sobre {max_score} puntos.",
    )
