"""An election whose open data shows every value form of the INE's workbook (used by the golden-file tests).

- GUB · PAN · 1: María López Hernández, propietaria, published; some optional fields empty; Preparatoria/Bachillerato
  Trunco; two networks; consent 2 given; identity: Q3 «Otro: especifique» (with a detail that is never published),
  Q4 Sí, Q7 two options, Q18 and Q19 in our wording, Q20; the rest unanswered.
- MR15 · MORENA · 1: Juan Pérez Canul, propietario, published, «Sin estudios» (estatus «No aplica»), answered
  identity questions but no consent: blank identity cells; and his suplente Ana Canul May (SUPLENTE), published.
- PM_OPB · PT · 1: Alex Chan Uc, no binario, published with nothing captured: '' in every curricular cell.
- RP · PAN · 2: Rosa Díaz Pech, list, published with the «Propuestas» rubro observed: those cells blank.
- MR1 · PAN · 1: Laura Gómez Tun, captured but not validated: absent from public files, in the institute's export.
"""

import datetime

from conoceles.candidacies.models import Position, Sex
from conoceles.questionnaires.models import ConsentItem, IdentityAnswer, IdentityQuestion
from conoceles.questionnaires.services import seed_identity_questions
from conoceles.review.states import State
from tests.factories import CandidacyFactory
from tests.public.profile_data import consent, fill, publish  # noqa: F401 (fill, publish: used by tests too)

SECRET_DETAIL = "zqpueblosecretoinventado"


def _answer(candidacy, number: int, *labels: str, detail: str = "") -> None:
    question = IdentityQuestion.objects.get(process=candidacy.process, number=number)
    row, _ = IdentityAnswer.objects.update_or_create(
        candidacy=candidacy, question=question, defaults={"detail": detail}
    )
    row.options.set([question.options.get(label=label) for label in labels])


def build(world) -> dict:
    world.open_publication()
    seed_identity_questions(world.process)
    c = world.contests
    a = world.actors
    maria = CandidacyFactory(contest=c["GUB"], actor=a["PAN"], formula_number=1, birth_date=datetime.date(1980, 5, 17))
    fill(
        maria,
        photo=False,
        website="",
        public_email="",
        campaign_address="",
        x="https://x.com/marialopez",
        education_level="Preparatoria/Bachillerato",
        education_status="Trunco",
        other_training="",
        proposal_1="Agua potable\r\nen cada colonia.",
    )
    publish(maria)
    _answer(maria, 3, "Otro: especifique", detail=SECRET_DETAIL)
    _answer(maria, 4, "Sí")
    _answer(maria, 7, "Ver, aunque use lentes", "Caminar, subir o bajar escaleras")
    _answer(maria, 18, "$11,001–$25,000")
    _answer(maria, 19, "Compañía o empresa registrada con 5 empleados o más")
    _answer(maria, 20, "Veracruz de Ignacio de la Llave")
    consent(maria, True, item=ConsentItem.PUBLICATION)

    juan = CandidacyFactory(
        contest=c["MR15"], actor=a["MORENA"], formula_number=1, first_name="Juan", last_name="Pérez",
        second_last_name="Canul", sex=Sex.MAN, birth_date=datetime.date(1990, 1, 2),
    )
    fill(juan, photo=False, education_level="Sin estudios", education_status="", public_email="juan@example.mx")
    publish(juan)
    _answer(juan, 11, "Sí")
    consent(juan, False, item=ConsentItem.PUBLICATION)
    ana = CandidacyFactory(
        contest=c["MR15"], actor=a["MORENA"], formula_number=1, position=Position.ALTERNATE, first_name="Ana",
        last_name="Canul", second_last_name="May", birth_date=datetime.date(2001, 7, 30),
    )
    fill(ana, photo=False)
    publish(ana)

    alex = CandidacyFactory(
        contest=c["PM_OPB"], actor=a["PT"], formula_number=1, first_name="Alex", last_name="Chan",
        second_last_name="Uc", sex=Sex.NON_BINARY, birth_date=datetime.date(1975, 12, 1),
    )
    publish(alex)

    rosa = CandidacyFactory(
        contest=c["RP"], actor=a["PAN"], formula_number=2, first_name="Rosa", last_name="Díaz",
        second_last_name="Pech", birth_date=datetime.date(1968, 3, 3),
    )
    fill(rosa, photo=False)
    publish(rosa, {"proposals": State.OBSERVED})

    laura = CandidacyFactory(
        contest=c["MR1"], actor=a["PAN"], formula_number=1, first_name="Laura", last_name="Gómez",
        second_last_name="Tun", birth_date=datetime.date(1985, 8, 8),
    )
    fill(laura, photo=False)
    return {"maria": maria, "juan": juan, "ana": ana, "alex": alex, "rosa": rosa, "laura": laura}
