"""The lifecycle steps of a process's data (DOMAIN.md §4 step 10), in order, each with its date, its dry run and
what it does.

A step `plan(process)` says, without changing anything, what the step WILL touch (counts per table and files);
`act(process)` does it and returns what it touched. The runner (conoceles.lifecycle.services) takes a step, sets the
process's stage and records the action; it never takes one out of order nor undoes one.

- «Fin de la publicación» (PUBLICATION_ENDED), the day after the process's last day of publication
  (`publication_end_date`, or election day when it is empty): the publication gate (conoceles.review.publication)
  shows nothing of a process that reached this stage, and the open-data releases follow `keep_open_data`
  (OpenDataRelease.published_files).
- «Archivo» (ARCHIVED), on `archive_date`: read-only for everyone (conoceles.core.permissions); the accounts of its
  political actors and candidacies are deactivated.
- «Bloqueo» (LOCKED) on `lock_date` and «Cancelación» (CANCELLED) on `cancellation_date`: conoceles.lifecycle.sensitive,
  imported when the step is planned or taken.
"""

import datetime
import importlib
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from conoceles.accounts.models import AccountEvent, Role, User
from conoceles.candidacies.models import Candidacy
from conoceles.elections.models import ElectoralProcess, LifecycleStage
from conoceles.opendata.models import OpenDataRelease
from conoceles.review.publication import publishable_q

from .plan import PlanLine

SENSITIVE_MODULE = "conoceles.lifecycle.sensitive"


@dataclass(frozen=True)
class Step:
    stage: LifecycleStage
    label: str  # what the admin reads: «Fin de la publicación»
    date_field: str  # the process's date that sets it
    plan: Callable[[ElectoralProcess], list[PlanLine]]
    act: Callable[[ElectoralProcess], list[PlanLine]]
    explanation: str

    def date(self, process: ElectoralProcess) -> datetime.date | None:
        """The date the admin set for it (the end of publication defaults to election day)."""
        if self.stage == LifecycleStage.PUBLICATION_ENDED:
            return process.publication_last_day
        return getattr(process, self.date_field)

    def due(self, process: ElectoralProcess) -> datetime.date | None:
        """The first day it is taken; None while its date is not set. The end of publication is taken the day
        after the last day of publication (which is shown in full); the others on their date."""
        day = self.date(process)
        if day is not None and self.stage == LifecycleStage.PUBLICATION_ENDED:
            return day + datetime.timedelta(days=1)
        return day


def sensitive():
    """The bloqueo and cancelación effects (conoceles.lifecycle.sensitive)."""
    return importlib.import_module(SENSITIVE_MODULE)


# --- End of publication ---------------------------------------------------------------------------------------------


def _releases_line(process: ElectoralProcess) -> PlanLine:
    releases = list(OpenDataRelease.objects.filter(process=process))
    files = sum(len(release.files) + 1 for release in releases)  # each file of the zip, and the zip
    if process.keep_open_data:
        return PlanLine(
            "Versiones de datos abiertos que se conservan descargables", "opendata_opendatarelease", len(releases), 0
        )
    return PlanLine(
        "Versiones de datos abiertos que dejan de descargarse", "opendata_opendatarelease", len(releases), files
    )


def publication_end_plan(process: ElectoralProcess) -> list[PlanLine]:
    published = Candidacy.objects.filter(process=process).filter(publishable_q()).count()
    return [
        PlanLine(
            "Candidaturas que dejan el sitio público (perfiles, búsqueda, boletas, API)",
            "candidacies_candidacy",
            published,
        ),
        _releases_line(process),
    ]


def publication_end(process: ElectoralProcess) -> list[PlanLine]:
    """The stage set by the runner is what takes the profiles off (the publication gate asks it); the runner then
    announces the change, so that the search index, the page cache and the snapshot drop them at once."""
    return publication_end_plan(process)


# --- Archive --------------------------------------------------------------------------------------------------------


def accounts_to_deactivate(process: ElectoralProcess):
    """The active accounts of the process's political actors and candidacies (staff accounts stay)."""
    return User.objects.filter(
        Q(role=Role.PARTY, actor__process=process) | Q(role=Role.CANDIDATE, candidacy__process=process),
        is_active=True,
    )


def archive_plan(process: ElectoralProcess) -> list[PlanLine]:
    return [
        PlanLine(
            "Candidaturas que quedan de solo consulta",
            "candidacies_candidacy",
            Candidacy.objects.filter(process=process).count(),
        ),
        PlanLine(
            "Cuentas de actores políticos y candidaturas que se desactivan",
            "accounts_user",
            accounts_to_deactivate(process).count(),
        ),
    ]


def archive(process: ElectoralProcess) -> list[PlanLine]:
    """Deactivate the accounts of the process's actors and candidacies, each recorded as an AccountEvent by nobody
    (the lifecycle). Capture and review end by the stage itself (conoceles.core.permissions)."""
    lines = archive_plan(process)
    users = list(accounts_to_deactivate(process).order_by("pk"))
    User.objects.filter(pk__in=[u.pk for u in users]).update(is_active=False)
    AccountEvent.objects.bulk_create(AccountEvent(user=u, kind=AccountEvent.Kind.DEACTIVATED) for u in users)
    return lines


# --- Bloqueo and cancelación: conoceles.lifecycle.sensitive ---------------------------------------------------------


def lock_plan(process):
    return sensitive().lock_plan(process)


def lock(process):
    return sensitive().lock(process)


def cancellation_plan(process):
    return sensitive().cancellation_plan(process)


def cancel(process):
    return sensitive().cancel(process)


STEPS: tuple[Step, ...] = (
    Step(
        LifecycleStage.PUBLICATION_ENDED,
        "Fin de la publicación",
        "publication_end_date",
        publication_end_plan,
        publication_end,
        "Las candidaturas del proceso dejan el sitio público (perfiles, búsqueda, boletas, API y sitio estático). "
        "Los datos abiertos siguen descargables solo si el proceso los conserva.",
    ),
    Step(
        LifecycleStage.ARCHIVED,
        "Archivo",
        "archive_date",
        archive_plan,
        archive,
        "El proceso queda de solo consulta: nadie captura, valida, consiente, revisa, importa ni genera cuentas. "
        "Las cuentas de actores políticos y candidaturas se desactivan; las del personal siguen.",
    ),
    Step(
        LifecycleStage.LOCKED,
        "Bloqueo",
        "lock_date",
        lock_plan,
        lock,
        "Los datos personales sensibles (respuestas de identidad, evidencias de consentimiento, datos de contacto "
        "privados, registro de accesos) dejan de consultarse; solo por el procedimiento documentado para "
        "responsabilidades legales.",
    ),
    Step(
        LifecycleStage.CANCELLED,
        "Cancelación",
        "cancellation_date",
        cancellation_plan,
        cancel,
        "Los datos bloqueados se suprimen para siempre (registros y archivos); quedan las estadísticas agregadas "
        "y los informes ya generados.",
    ),
)
BY_STAGE = {step.stage: step for step in STEPS}


def step_for(stage) -> Step:
    return BY_STAGE[LifecycleStage(stage)]


def pending_steps(process: ElectoralProcess) -> list[Step]:
    """The steps the process has not taken yet, in order."""
    return [step for step in STEPS if not process.reached(step.stage)]


def next_step(process: ElectoralProcess) -> Step | None:
    pending = pending_steps(process)
    return pending[0] if pending else None


def dry_run(step: Step, process: ElectoralProcess) -> list[PlanLine] | None:
    """The step's plan; None when its module is not installed (the bloqueo and cancelación effects live in
    conoceles.lifecycle.sensitive)."""
    try:
        return step.plan(process)
    except ModuleNotFoundError as missing:
        if missing.name != SENSITIVE_MODULE:
            raise
        return None
