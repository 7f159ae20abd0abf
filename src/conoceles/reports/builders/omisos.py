"""Omisos (DOMAIN.md §9): the actors and candidacies that, at the cut, had not captured the curricular questionnaire,
had not completed it, or had not validated it; with every notice and reminder the system sent them before the cut
(date, account, channel) — the evidence the Consejo General needs to open a procedimiento sancionador.

Each candidacy falls in one omission, the first that applies. The notices come from the notifications log: those to
the actor's accounts, and those to the candidacy's own account."""

import datetime
from collections import defaultdict

from django.db.models import Case, CharField, Count, Max, Q, Value, When
from django.utils import timezone

from conoceles.accounts.models import AccountEvent, Role
from conoceles.candidacies.models import Candidacy
from conoceles.elections.models import PoliticalActor
from conoceles.notifications.models import Notification
from conoceles.public.statistics.figures import curricular_complete_q
from conoceles.questionnaires.models import CaptureRules
from conoceles.review.states import State

from ..document import ReportDocument, ReportTable, Section, StreamedRows, percent

NOT_CAPTURED = "Sin capturar"
INCOMPLETE = "Captura incompleta"
NOT_VALIDATED = "Completa, sin validar"
OMISSIONS = [NOT_CAPTURED, INCOMPLETE, NOT_VALIDATED]
PDF_ROWS = 300  # the PDF lists this many candidacies and notices; the XLSX lists them all


def _omission(rules: CaptureRules):
    unvalidated = Q(workflow__isnull=True) | Q(workflow__state=State.DRAFT)
    return Case(
        When(curricular__isnull=True, then=Value(NOT_CAPTURED)),
        When(~curricular_complete_q(rules), then=Value(INCOMPLETE)),
        When(unvalidated, then=Value(NOT_VALIDATED)),
        default=Value(""),
        output_field=CharField(),
    )


def _sent(notifications) -> str:
    return "Sistema y correo electrónico" if notifications.emailed_at else "Sistema"


def build(process, cut_at: datetime.datetime, params: dict, progress) -> ReportDocument:
    rules = CaptureRules.objects.filter(process=process).first() or CaptureRules(process=process)
    active = Candidacy.objects.filter(process=process).active().annotate(omission=_omission(rules))
    progress(10, "Buscando omisiones")
    per_actor = defaultdict(lambda: dict.fromkeys(["total", *OMISSIONS], 0))
    for row in active.values("actor_id", "omission").annotate(n=Count("pk")).order_by():
        per_actor[row["actor_id"]]["total"] += row["n"]
        if row["omission"]:
            per_actor[row["actor_id"]][row["omission"]] += row["n"]
    actors = {a.pk: a for a in PoliticalActor.objects.filter(process=process)}
    before_cut = Notification.objects.filter(created_at__lte=cut_at)
    to_actors = {
        row["user__actor_id"]: row
        for row in before_cut.filter(user__role=Role.PARTY, user__actor__process=process)
        .values("user__actor_id")
        .annotate(
            n=Count("pk"),
            reminders=Count("pk", filter=Q(kind=Notification.Kind.CAPTURE_REMINDER)),
            emailed=Count("pk", filter=Q(emailed_at__isnull=False)),
            last=Max("created_at"),
        )
        .order_by()
    }
    progress(30, "Omisos por actor político")
    actor_rows = []
    for actor_id, counts in sorted(per_actor.items(), key=lambda item: (actors[item[0]].order, actors[item[0]].name)):
        omitted = sum(counts[o] for o in OMISSIONS)
        sent = to_actors.get(actor_id, {})
        actor_rows.append(
            [
                actors[actor_id].name,
                counts["total"],
                *(counts[o] for o in OMISSIONS),
                omitted,
                percent(omitted, counts["total"]),
                sent.get("n", 0),
                sent.get("reminders", 0),
                sent.get("emailed", 0),
                sent.get("last"),
            ]
        )
    totals = [sum(row[i] for row in actor_rows) for i in range(1, 6)]
    by_actor = ReportTable(
        "omisos-actor",
        "Omisos por actor político",
        [
            "Actor político",
            "Candidaturas",
            *OMISSIONS,
            "Total omisas",
            "% omisas",
            "Avisos al actor",
            "Recordatorios de captura",
            "Enviados también por correo",
            "Último aviso",
        ],
        actor_rows,
        total=["Total", *totals, percent(totals[4], totals[0]), *(sum(r[i] for r in actor_rows) for i in (7, 8, 9))]
        + [None],
        note="Avisos enviados a las cuentas del actor político antes del corte.",
        chart_column=6,
        percent_columns=(6,),
    )

    progress(50, "Candidaturas omisas")
    omitted = (
        active.exclude(omission="")
        .select_related("contest__cargo", "actor")
        .order_by("actor__order", "actor__name", "contest__cargo__order", "contest__name", "formula_number", "position")
    )
    own = {
        row["user__candidacy_id"]: row
        for row in before_cut.filter(user__role=Role.CANDIDATE, user__candidacy__in=omitted.values("pk"))
        .values("user__candidacy_id")
        .annotate(n=Count("pk"), last=Max("created_at"))
        .order_by()
    }
    delivered = dict(
        AccountEvent.objects.filter(
            at__lte=cut_at,
            user__candidacy__in=omitted.values("pk"),
            kind__in=[AccountEvent.Kind.CREDENTIALS_ISSUED, AccountEvent.Kind.EMAILED],
        )
        .values("user__candidacy_id")
        .annotate(last=Max("at"))
        .values_list("user__candidacy_id", "last")
    )

    def candidacy_rows():
        for c in omitted.iterator(chunk_size=2000):
            yield [
                c.actor.name,
                c.contest.cargo.name,
                c.contest.name,
                c.formula_number,
                c.get_position_display(),
                c.full_name,
                c.omission,
                delivered.get(c.pk),
                own.get(c.pk, {}).get("n", 0),
                own.get(c.pk, {}).get("last"),
            ]

    by_candidacy = ReportTable(
        "omisos-candidatura",
        "Candidaturas omisas",
        [
            "Actor político",
            "Cargo",
            "Contienda",
            "Fórmula",
            "Posición",
            "Nombre",
            "Omisión",
            "Cuenta entregada",
            "Avisos a la candidatura",
            "Último aviso",
        ],
        StreamedRows(candidacy_rows, omitted.count()),
        note="«Cuenta entregada»: última entrega de credenciales o del enlace de acceso a la cuenta de la candidatura.",
        pdf_rows=PDF_ROWS,
    )

    progress(70, "Avisos enviados")
    omitted_actor_ids = [a for a, counts in per_actor.items() if any(counts[o] for o in OMISSIONS)]
    notices = (
        before_cut.filter(
            Q(user__role=Role.PARTY, user__actor_id__in=omitted_actor_ids)
            | Q(user__role=Role.CANDIDATE, user__candidacy__in=omitted.values("pk"))
        )
        .select_related("user__actor", "user__candidacy__actor")
        .order_by("created_at", "pk")
    )
    notice_count = notices.count()

    def notice_rows():
        for n in notices.iterator(chunk_size=2000):
            yield [
                timezone.localtime(n.created_at),
                (n.user.actor or n.user.candidacy.actor).name,
                n.user.candidacy.full_name if n.user.candidacy_id else "Cuenta del actor político",
                n.user.username,
                n.get_kind_display(),
                n.subject,
                _sent(n),
                timezone.localtime(n.read_at) if n.read_at else None,
            ]

    log = ReportTable(
        "avisos",
        "Avisos y recordatorios enviados",
        ["Fecha", "Actor político", "Destinatario", "Cuenta", "Tipo", "Asunto", "Canal", "Leído"],
        StreamedRows(notice_rows, notice_count),
        note="Del registro de avisos del sistema, hasta la fecha de corte, a actores y candidaturas con omisiones.",
        pdf_rows=PDF_ROWS,
    )
    text = (
        "Cada candidatura aprobada (no sustituida ni cancelada) se cuenta en la primera omisión que le aplica: "
        "«Sin capturar» (no tiene cuestionario curricular), «Captura incompleta» (le falta algún campo obligatorio) o "
        "«Completa, sin validar» (su actor político no la ha validado)."
    )
    summary = [
        ("Candidaturas", totals[0]),
        ("Omisas", totals[4]),
        ("Actores con omisiones", len(omitted_actor_ids)),
        ("Avisos registrados", notice_count),
    ]
    return ReportDocument(
        "Informe de omisos",
        [Section("Omisos", [by_actor, by_candidacy], text), Section("Evidencia de avisos", [log])],
        summary,
    )
