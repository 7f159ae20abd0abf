"""Avance cuantitativo (DOMAIN.md §9; deliverables 11.13–11.16): the universe of candidacies against what was captured,
answered, consented, validated, published and observed, by cargo, actor, sex, district and municipality; and the
visits to the public site.

One query streams one row per (contest, actor, sex) with every count, summed here into each breakdown: memory grows
with the number of contests, never with the number of candidacies. The figures are the data as it stands when the
report is generated (`cut_at` is that moment: conoceles.reports.services schedules a report with a later cut)."""

import datetime
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from conoceles.candidacies.models import Candidacy, Sex
from conoceles.elections.models import Contest, PoliticalActor
from conoceles.public.models import DailyVisit
from conoceles.public.statistics.figures import curricular_complete_q
from conoceles.public.visits import PAGE_LABELS
from conoceles.questionnaires.models import CaptureRules, ConsentItem, IdentityAnswer
from conoceles.questionnaires.services import consent_in_force
from conoceles.review.models import RubroState
from conoceles.review.publication import published_q
from conoceles.review.states import PUBLIC_CANDIDACY_STATES, TO_CORRECT_RUBRO_STATES, State

from ..document import ReportDocument, ReportTable, Section, percent

MEASURES = [  # (key, column title)
    ("total", "Candidaturas"),
    ("complete", "Curricular completo"),
    ("incomplete", "Curricular incompleto"),
    ("missing", "Curricular sin capturar"),
    ("identity", "Identidad contestada"),
    ("consent", "Consentimiento de publicación"),
    ("validated", "Validadas por el actor"),
    ("published", "Publicadas"),
    ("observed", "En observación"),
]
KEYS = [key for key, _ in MEASURES]
ACTOR_KIND_LABELS = {
    PoliticalActor.Kind.PARTY: "Partidos políticos",
    PoliticalActor.Kind.COALITION: "Coaliciones",
    PoliticalActor.Kind.COMMON: "Candidaturas comunes",
}
INDEPENDENT_LABEL = "Candidaturas independientes"


def _counts(cut_date: datetime.date, rules: CaptureRules) -> dict:
    """Per group of candidacies: how many are in each measure (`missing` and `incomplete` derived later)."""
    return {
        "total": Count("pk"),
        "captured": Count("pk", filter=Q(curricular__isnull=False)),
        "complete": Count("pk", filter=curricular_complete_q(rules)),
        "identity": Count("pk", filter=Q(has_identity=True)),
        "consent": Count("pk", filter=Q(publication_consent=True)),
        "validated": Count("pk", filter=Q(workflow__state__in=PUBLIC_CANDIDACY_STATES)),
        "published": Count("pk", filter=published_q(cut_date)),
        "observed": Count("pk", filter=Q(observed=True)),
    }


def _rows(process, cut_date: datetime.date):
    rules = CaptureRules.objects.filter(process=process).first() or CaptureRules(process=process)
    observed_states = [*TO_CORRECT_RUBRO_STATES, State.CORRECTED]
    return (
        Candidacy.objects.filter(process=process)
        .active()
        .annotate(
            has_identity=Exists(IdentityAnswer.objects.filter(candidacy=OuterRef("pk"))),
            publication_consent=consent_in_force(ConsentItem.PUBLICATION),
            observed=Exists(RubroState.objects.filter(candidacy=OuterRef("pk"), state__in=observed_states)),
        )
        .values("contest_id", "actor_id", "sex")
        .annotate(**_counts(cut_date, rules))
        .order_by()
        .iterator(chunk_size=2000)
    )


def _add(into: list[int], row: dict) -> None:
    values = [
        row["total"],
        row["complete"],
        row["captured"] - row["complete"],
        row["total"] - row["captured"],
        row["identity"],
        row["consent"],
        row["validated"],
        row["published"],
        row["observed"],
    ]
    for i, value in enumerate(values):
        into[i] += value


# Districts or municipalities the PDF lists (WeasyPrint lays out ≈ 100 rows a second); a state with more (Oaxaca has
# 570 municipalities) gets in the PDF those with the lowest share validated, and every one in the XLSX.
PLACES_IN_PDF = 100
VALIDATED = 6  # index of «Validadas por el actor» in a group's counts


def _table(key: str, title: str, first: str, groups: dict, order=None, note: str = "", places=False) -> ReportTable:
    labels = sorted(groups, key=order) if order else sorted(groups)
    columns = [first, *(title for _, title in MEASURES), "% validadas", "% publicadas"]
    lagging_first = places and len(labels) > PLACES_IN_PDF
    if lagging_first:
        labels.sort(key=lambda label: percent(groups[label][VALIDATED], groups[label][0]))  # stable: then by order
        note = (
            f"{note} Ordenados de menor a mayor porcentaje de validadas: el PDF muestra los {PLACES_IN_PDF} con menor "
            "avance y el XLSX, todos."
        ).strip()

    def line(label, counts):
        total = counts[0]
        return [label, *counts, percent(counts[VALIDATED], total), percent(counts[7], total)]

    totals = [sum(groups[label][i] for label in labels) for i in range(len(MEASURES))]
    return ReportTable(
        key=key,
        title=title,
        columns=columns,
        rows=[line(label, groups[label]) for label in labels],
        total=line("Total", totals) if labels else None,
        note=note,
        chart_column=len(columns) - 1,
        percent_columns=(len(columns) - 2, len(columns) - 1),
        pdf_rows=PLACES_IN_PDF if lagging_first else None,
    )


def capture_sections(process, cut_at: datetime.datetime, progress=lambda *_: None) -> tuple[list[Section], dict]:
    """The capture tables of the avance (also the quantitative part of the informe final) and the totals."""
    cut_date = timezone.localdate(cut_at)
    contests = {
        c["pk"]: c
        for c in Contest.objects.filter(process=process).values(
            "pk", "cargo__name", "cargo__order", "district__number", "district__head_town", "municipality__name"
        )
    }
    actors = {a.pk: a for a in PoliticalActor.objects.filter(process=process)}
    sexes = dict(Sex.choices)
    breakdowns = {name: defaultdict(lambda: [0] * len(MEASURES)) for name in ("cargo", "kind", "actor", "sex")}
    districts = defaultdict(lambda: [0] * len(MEASURES))
    municipalities = defaultdict(lambda: [0] * len(MEASURES))
    cargo_order: dict[str, int] = {}
    progress(10, "Contando candidaturas")
    for row in _rows(process, cut_date):
        contest = contests[row["contest_id"]]
        actor = actors[row["actor_id"]]
        cargo_order[contest["cargo__name"]] = contest["cargo__order"]
        _add(breakdowns["cargo"][contest["cargo__name"]], row)
        kind = ACTOR_KIND_LABELS.get(actor.kind, INDEPENDENT_LABEL)
        _add(breakdowns["kind"][kind], row)
        _add(breakdowns["actor"][actor.name], row)
        _add(breakdowns["sex"][sexes.get(row["sex"], row["sex"])], row)
        if contest["district__number"] is not None:
            _add(districts[(contest["district__number"], contest["district__head_town"])], row)
        if contest["municipality__name"]:
            _add(municipalities[contest["municipality__name"]], row)
    progress(60, "Armando las tablas")
    actor_order = {a.name: (a.order, a.name) for a in actors.values()}
    sex_order = {label: i for i, label in enumerate(sexes.values())}
    district_label = {key: f"Distrito {key[0]}" + (f" ({key[1]})" if key[1] else "") for key in districts}
    district_rows = {district_label[key]: counts for key, counts in districts.items()}
    district_order = {label: key[0] for key, label in district_label.items()}
    tables = [
        _table("cargo", "Por cargo", "Cargo", breakdowns["cargo"], order=lambda c: (cargo_order[c], c)),
        _table("tipo-actor", "Por tipo de actor político", "Tipo", breakdowns["kind"]),
        _table("actor", "Por actor político", "Actor político", breakdowns["actor"], order=actor_order.get),
        _table("sexo", "Por sexo", "Sexo", breakdowns["sex"], order=sex_order.get),
        _table(
            "distrito",
            "Por distrito",
            "Distrito",
            district_rows,
            order=district_order.get,
            note="Candidaturas de contiendas distritales.",
            places=True,
        ),
        _table(
            "municipio",
            "Por municipio",
            "Municipio",
            municipalities,
            note="Candidaturas de contiendas municipales (ayuntamientos).",
            places=True,
        ),
    ]
    totals = dict(zip(KEYS, tables[0].total[1 : len(KEYS) + 1], strict=True)) if tables[0].total else {}
    text = (
        "Universo: candidaturas aprobadas y no sustituidas ni canceladas a la fecha de corte. «Curricular completo»: "
        "todos los campos obligatorios capturados. «Identidad contestada»: al menos una respuesta al cuestionario de "
        "identidad. «Consentimiento de publicación»: la persona candidata autorizó publicar sus respuestas de "
        "identidad. «Publicadas»: visibles en el sitio público en la fecha de corte. «En observación»: con al menos un "
        "rubro observado por el Instituto, pendiente de subsanar o subsanado en revisión."
    )
    return [Section("Avance de captura", tables, text)], totals


def visit_section(cut_at: datetime.datetime, election_day: datetime.date) -> Section:
    cut_date = timezone.localdate(cut_at)
    visits = DailyVisit.objects.filter(day__lte=cut_date)
    by_page = list(visits.values("page").annotate(n=Sum("count")).order_by("-n"))
    by_day = list(visits.values("day").annotate(n=Sum("count")).order_by("day"))
    total = sum(r["n"] for r in by_page)
    on_election_day = sum(r["n"] for r in by_day if r["day"] == election_day)
    return Section(
        "Visitas al sitio público",
        [
            ReportTable(
                "visitas-resumen",
                "Visitas: resumen",
                ["Concepto", "Visitas", "Porcentaje"],
                [
                    ["Total", total, 1.0 if total else 0.0],
                    ["Día de la jornada", on_election_day, percent(on_election_day, total)],
                ],
                percent_columns=(2,),
            ),
            ReportTable(
                "visitas-pagina",
                "Visitas por tipo de página",
                ["Página", "Visitas", "Porcentaje"],
                [[PAGE_LABELS.get(r["page"], r["page"]), r["n"], percent(r["n"], total)] for r in by_page],
                total=["Total", total, 1.0 if total else 0.0],
                chart_column=1,
                percent_columns=(2,),
            ),
            ReportTable(
                "visitas-dia",
                "Visitas por día",
                ["Día", "Visitas"],
                [[r["day"], r["n"]] for r in by_day],
                total=["Total", total],
            ),
        ],
        "Visitas contadas por día y tipo de página, sin datos de quien visita (ni IP ni cookies). Se excluyen robots.",
    )


def sections(process, cut_at: datetime.datetime, progress=lambda *_: None) -> list[Section]:
    """Capture and visits: the quantitative results the informe final reuses."""
    capture, _ = capture_sections(process, cut_at, progress)
    return [*capture, visit_section(cut_at, process.election_day)]


def build(process, cut_at: datetime.datetime, params: dict, progress) -> ReportDocument:
    capture, totals = capture_sections(process, cut_at, progress)
    progress(80, "Contando visitas")
    visits = visit_section(cut_at, process.election_day)
    total = totals.get("total", 0)
    summary = [
        ("Candidaturas", total),
        ("Curricular completo", f"{percent(totals.get('complete', 0), total) * 100:.1f} %"),
        ("Validadas por el actor", f"{percent(totals.get('validated', 0), total) * 100:.1f} %"),
        ("Publicadas", f"{percent(totals.get('published', 0), total) * 100:.1f} %"),
        ("Visitas al sitio", visits.tables[0].rows[0][1]),
    ]
    return ReportDocument("Informe del avance cuantitativo", [*capture, visits], summary)
