"""Helpers for the public profile tests: fill, publish, answer identity questions and record consent, writing the
rows directly (the services that normally write them are tested in tests/questionnaires and tests/review)."""

import datetime
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from conoceles.accounts.models import Role, User
from conoceles.questionnaires.models import (
    ConsentFormat,
    ConsentItem,
    ConsentRecord,
    CurricularQuestionnaire,
    IdentityAnswer,
    IdentityQuestion,
    PrivacyNotice,
)
from conoceles.questionnaires.rubros import RUBROS
from conoceles.questionnaires.services import seed_identity_questions
from conoceles.review.models import CandidacyWorkflow, RubroState
from conoceles.review.states import State
from tests.factories import announce

FULL = {
    "facebook": "https://facebook.com/maria.lopez",
    "website": "https://marialopez.example.mx",
    "public_email": "contacto@marialopez.example.mx",
    "public_phone": "983 123 4567",
    "campaign_address": "Av. Héroes 100, Chetumal",
    "education_level": "Maestría",
    "education_status": "Título",
    "professional_history": "Docente rural durante quince años en la zona maya.",
    "political_trajectory": "Regidora de Othón P. Blanco 2018–2021.",
    "motivation": "Quiero servir a mi comunidad.",
    "proposal_1": "Agua potable en cada colonia.",
    "proposal_2": "Clínicas de salud con horario nocturno.",
    "proposal_gender": "Paridad en los cargos del ayuntamiento.",
}


def jpeg(color=(200, 30, 60)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (80, 100), color).save(buffer, format="JPEG")
    return buffer.getvalue()


def fill(candidacy, photo: bool = True, **values) -> CurricularQuestionnaire:
    data = {**FULL, **values}
    if photo:
        field = CurricularQuestionnaire._meta.get_field("photo")
        data["photo"] = field.storage.save(field.generate_filename(None, f"c{candidacy.pk}.jpg"), ContentFile(jpeg()))
    questionnaire, _ = CurricularQuestionnaire.objects.update_or_create(candidacy=candidacy, defaults=data)
    return questionnaire


def open_window(candidacy) -> None:
    today = timezone.localdate()
    cargo = candidacy.contest.cargo
    cargo.publication_start = today - datetime.timedelta(days=1)
    cargo.publication_end = today + datetime.timedelta(days=30)
    cargo.save()
    announce(cargo)


def publish(candidacy, rubro_states: dict[str, str] | None = None) -> None:
    """Validated by its actor, every rubro validated (or in the state given), inside its cargo's window."""
    open_window(candidacy)
    CandidacyWorkflow.objects.update_or_create(candidacy=candidacy, defaults={"state": State.VALIDATED})
    for rubro in RUBROS:
        state = (rubro_states or {}).get(rubro.code, State.VALIDATED)
        RubroState.objects.update_or_create(candidacy=candidacy, rubro=rubro.code, defaults={"state": state})
    announce(candidacy)


def staff_user() -> User:
    user, _ = User.objects.get_or_create(username="instancia-pruebas", defaults={"role": Role.ADMIN})
    return user


def notice(process) -> PrivacyNotice:
    found = PrivacyNotice.objects.filter(process=process, kind=PrivacyNotice.Kind.INTEGRAL).first()
    return found or PrivacyNotice.objects.create(
        process=process, kind=PrivacyNotice.Kind.INTEGRAL, version=1, text="Aviso integral de prueba."
    )


def consent(candidacy, given: bool, item: int = ConsentItem.PUBLICATION, evidence: str = "") -> ConsentRecord:
    """A consent record in force: the candidate's own, or (with `evidence`) from a signed format the institute
    accepted."""
    source_format = None
    if evidence:
        source_format = ConsentFormat.objects.create(
            candidacy=candidacy,
            evidence=evidence,
            uploaded_by=staff_user(),
            status=ConsentFormat.Status.ACCEPTED,
            decided_by=staff_user(),
            decided_at=timezone.now(),
        )
    return ConsentRecord.objects.create(
        candidacy=candidacy,
        item=item,
        given=given,
        notice=notice(candidacy.process),
        recorded_by=staff_user(),
        method=ConsentRecord.Method.SIGNED_FORMAT if evidence else ConsentRecord.Method.DIRECT,
        source_format=source_format,
    )


def answer(candidacy, group: str, label: str) -> IdentityAnswer:
    """Answer the Sí/No question of `group` with the option `label` (Sí, No or Prefiero no contestar)."""
    seed_identity_questions(candidacy.process)
    question = IdentityQuestion.objects.get(process=candidacy.process, group=group)
    row, _ = IdentityAnswer.objects.update_or_create(candidacy=candidacy, question=question)
    row.options.set([question.options.get(label=label)])
    return row


def answer_detail(candidacy, number: int, detail: str) -> IdentityAnswer:
    """Answer question `number` with its «especifique» option and a free-text detail."""
    seed_identity_questions(candidacy.process)
    question = IdentityQuestion.objects.get(process=candidacy.process, number=number)
    row, _ = IdentityAnswer.objects.update_or_create(
        candidacy=candidacy, question=question, defaults={"detail": detail}
    )
    row.options.set([question.options.get(requires_detail=True)])
    return row
