"""Rows that put candidacies on the public site, for the public app's tests: a validated workflow, public rubros, a
filled curricular questionnaire, identity answers and consent records. Written directly, as fixtures (the workflow
itself is tested in tests/review); the publication window is the `open_world` fixture's."""

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.questionnaires.identity_catalog import YES
from conoceles.questionnaires.models import (
    ConsentRecord,
    CurricularQuestionnaire,
    IdentityAnswer,
    IdentityQuestion,
    PrivacyNotice,
)
from conoceles.questionnaires.rubros import RUBROS
from conoceles.review.models import CandidacyWorkflow, RubroState
from conoceles.review.states import State
from tests.factories import announce

FILLED = {
    "photo": "photos/x.jpg",
    "education_level": "Licenciatura",
    "education_status": "Título",
    "professional_history": "Docente",
    "political_trajectory": "Regidora",
    "motivation": "Servir",
    "proposal_1": "Agua",
    "proposal_2": "Salud",
    "proposal_gender": "Paridad",
}


def publish(candidacy, *, hidden_rubros=(), **curricular):
    """Validated, every rubro public except `hidden_rubros` (observed), curricular filled (overrides in kwargs).
    The cargo's window must be open (the `open_world` fixture)."""
    CurricularQuestionnaire.objects.update_or_create(candidacy=candidacy, defaults={**FILLED, **curricular})
    CandidacyWorkflow.objects.update_or_create(candidacy=candidacy, defaults={"state": State.VALIDATED})
    for rubro in RUBROS:
        state = State.OBSERVED if rubro.code in hidden_rubros else State.VALIDATED
        RubroState.objects.update_or_create(candidacy=candidacy, rubro=rubro.code, defaults={"state": state})
    announce(candidacy)
    return candidacy


def notice(process):
    return PrivacyNotice.objects.get_or_create(process=process, kind="integral", version=1, defaults={"text": "Aviso"})[
        0
    ]


def consent(candidacy, item: int, given: bool):
    user = create_account(f"cand-{candidacy.pk}-{ConsentRecord.objects.count()}", Role.ADMIN, password=None)
    return ConsentRecord.objects.create(
        candidacy=candidacy, item=item, given=given, notice=notice(candidacy.process), recorded_by=user, method="direct"
    )


def answer(candidacy, number: int, label: str = YES):
    question = IdentityQuestion.objects.get(process=candidacy.process, number=number)
    answer, _ = IdentityAnswer.objects.get_or_create(candidacy=candidacy, question=question)
    answer.options.set([question.options.get(label=label)])
    return answer
