"""The states and kinds the workflow (conoceles.review.workflow) moves between and records: plain enumerations that
the models and the state machine both use, so neither imports the other's module for them."""

from django.db import models


class State(models.TextChoices):
    DRAFT = "draft", "En captura"
    VALIDATED = "validated", "Validada"
    OBSERVED = "observed", "Observada"
    CORRECTED = "corrected", "Subsanada, en revisión"
    CORRECTION_REJECTED = "correction_rejected", "Corrección rechazada"
    CORRECTION_REQUESTED = "correction_requested", "Corrección solicitada"
    CORRECTION_APPROVED = "correction_approved", "Corrección aprobada"


# A rubro's state in words that agree with «el rubro» (State's labels agree with «la candidatura»): «El rubro
# «Propuestas» está validado».
RUBRO_STATE_LABELS = {
    State.DRAFT: "en captura",
    State.VALIDATED: "validado",
    State.OBSERVED: "observado",
    State.CORRECTED: "subsanado, en revisión",
    State.CORRECTION_REJECTED: "con la corrección rechazada",
    State.CORRECTION_REQUESTED: "con corrección solicitada",
    State.CORRECTION_APPROVED: "con corrección aprobada",
}


def rubro_state_label(state: str) -> str:
    """A rubro's state, lower case, agreeing with «el rubro»."""
    return RUBRO_STATE_LABELS.get(state) or State(state).label.lower()


class Decision(models.TextChoices):
    """The admin's decision on a proposed observation or a correction request: pending → approved | rejected,
    once (conoceles.review.services checks the proposal is pending before deciding)."""

    PENDING = "pending", "Pendiente"
    APPROVED = "approved", "Aprobada"
    REJECTED = "rejected", "Rechazada"


class EventKind(models.TextChoices):
    """What a WorkflowEvent records: a change of state (the tables below), or a step that changes none itself."""

    TRANSITION = "transition", "Cambio de estado"
    OBSERVATION_PROPOSED = "observation_proposed", "Observación propuesta"
    OBSERVATION_APPROVED = "observation_approved", "Observación aprobada"
    OBSERVATION_REJECTED = "observation_rejected", "Observación rechazada"
    CORRECTION_REQUESTED = "correction_requested", "Corrección solicitada"
    CORRECTION_APPROVED = "correction_approved", "Solicitud de corrección aprobada"
    CORRECTION_REJECTED = "correction_rejected", "Solicitud de corrección rechazada"
    CONSENT_FORMAT_UPLOADED = "consent_format_uploaded", "Formato de consentimiento subido"
    CONSENT_FORMAT_ACCEPTED = "consent_format_accepted", "Formato de consentimiento aceptado"
    CONSENT_FORMAT_REJECTED = "consent_format_rejected", "Formato de consentimiento rechazado"
    REVIEWED_CLEAN = "reviewed_clean", "Revisada sin observaciones"
    FINDING_DISMISSED = "finding_dismissed", "Señalamiento de un asistente descartado"
    CONSENT_BY_ARCO = "consent_by_arco", "Consentimiento retirado por solicitud ARCO"
    DATA_ERASED_BY_ARCO = "data_erased_by_arco", "Datos cancelados por solicitud ARCO"


class Level(models.TextChoices):
    CANDIDACY = "candidacy", "Candidatura"
    RUBRO = "rubro", "Rubro"


# Rubros the actor may edit: never validated, observed or with a rejected correction (to correct it), or reopened by
# an approved request.
EDITABLE_RUBRO_STATES = frozenset(
    {State.DRAFT, State.OBSERVED, State.CORRECTION_REJECTED, State.CORRECTION_APPROVED}
)
# Rubros the actor must correct and send back to review: observed, or whose correction a reviewer rejected.
TO_CORRECT_RUBRO_STATES = frozenset({State.OBSERVED, State.CORRECTION_REJECTED})
# Rubros on which a reviewer may base an observation: as validated, or as corrected and awaiting review.
OBSERVABLE_RUBRO_STATES = frozenset({State.VALIDATED, State.CORRECTED})

# States in which the actor's validation stands (the candidacy may be public) and in which a rubro is shown.
# An observed, corrected (pending review) or reopened rubro is off the public site.
PUBLIC_CANDIDACY_STATES = frozenset({State.VALIDATED, State.CORRECTION_REQUESTED, State.CORRECTION_APPROVED})
PUBLIC_RUBRO_STATES = frozenset({State.VALIDATED, State.CORRECTION_REQUESTED})
