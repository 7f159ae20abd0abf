"""A candidacy with something in every place the acceso zip reads, and her fórmula partner with a planted marker in
each of his, for tests/arco."""

import io
import json
import zipfile
from dataclasses import dataclass

from django.utils import timezone

from conoceles.accounts.models import LoginEvent, Role
from conoceles.candidacies.models import AffirmativeActionGroup as Group
from conoceles.candidacies.models import Candidacy, Position
from conoceles.notifications.models import Notification
from conoceles.questionnaires.identity_catalog import YES
from conoceles.questionnaires.models import ConsentItem
from conoceles.questionnaires.services import accept_notice, record_consent
from conoceles.review.models import Observation, WorkflowEvent
from conoceles.review.states import EventKind
from tests.factories import CandidacyFactory, announce, make_user
from tests.public.profile_data import answer, answer_detail, fill, publish
from tests.uploads import minimal_pdf, upload

MARKER = "MARCADOR-AJENO-7731"  # planted in the partner's data: never in her zip


@dataclass
class Scene:
    candidacy: Candidacy
    user: object
    partner: Candidacy
    partner_user: object


def full_scene(world, candidacy, candidate_user, notices, reviewer, *, published=False) -> Scene:
    """`candidacy` (María) with a photo, curricular answers, an identity answer with a detail, consent with an
    evidence file, the avisos accepted, a login, a notice, a workflow event and an observation; her fórmula partner
    with the same, every text of his carrying MARKER."""
    candidacy.private_email = "maria.privado@example.com"
    candidacy.save()
    candidate_user.email = "maria.cuenta@example.com"
    candidate_user.save()
    partner = CandidacyFactory(
        contest=candidacy.contest,
        actor=candidacy.actor,
        formula_number=candidacy.formula_number,
        position=Position.ALTERNATE,
        first_name=f"Rosa {MARKER}",
        private_email="marcador.ajeno@example.com",
    )
    partner_user = make_user("suplente", Role.CANDIDATE, candidacy=partner, email="suplente@example.com")
    for person, user, text in ((candidacy, candidate_user, "Docente rural"), (partner, partner_user, MARKER)):
        fill(person, professional_history=f"{text}: historia profesional.")
        if published:
            publish(person)
        answer(person, Group.INDIGENOUS, YES)
        answer_detail(person, 6, f"{text} detalle")  # question 6's «Otra: especifique»
        for notice in notices.values():
            accept_notice(user, notice)
        record_consent(
            person,
            {ConsentItem.PROCESSING: True, ConsentItem.PUBLICATION: True, ConsentItem.STATISTICS: True},
            by=user,
            evidence=upload(minimal_pdf(), "formato.pdf", "application/pdf"),
        )
        LoginEvent.objects.create(
            user=user,
            username=user.username,
            kind=LoginEvent.Kind.LOGIN,
            ip_address="10.0.0.7",
            user_agent=f"Navegador {text}",
        )
        Notification.objects.create(user=user, kind=Notification.Kind.CAPTURE_REMINDER, subject=f"Recordatorio {text}")
        WorkflowEvent.objects.create(
            candidacy=person, kind=EventKind.REVIEWED_CLEAN, by=reviewer, reason=f"Revisada {text}"
        )
        Observation.objects.create(
            candidacy=person, rubros=["proposals"], rules=[1], comment=f"Observación {text}", proposed_by=reviewer
        )
    announce(candidacy, partner)
    return Scene(candidacy, candidate_user, partner, partner_user)


def open_zip(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


def zip_json(archive: zipfile.ZipFile, name: str):
    return json.loads(archive.read(name).decode())


def now():
    return timezone.now()
