"""The identity questionnaire and the consent screen in a real browser at 360 px: dependent questions and the
«Especifique» inputs appear only when they apply (identity.js), nothing sticks out to the right."""

import pytest
from playwright.sync_api import Page, expect

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.questionnaires.models import IdentityAnswer, PrivacyNotice
from conoceles.questionnaires.services import accept_notice, publish_notice, seed_identity_questions
from tests.browser.test_capture_rubro import PASSWORD, no_horizontal_scroll, sign_in
from tests.factories import CandidacyFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def identity_setup(transactional_db, world):
    seed_identity_questions(world.process)
    candidacy = CandidacyFactory(process=world.process, contest=world.contests["MR1"], actor=world.actors["PAN"])
    admin = create_account("instancia", Role.ADMIN, password=PASSWORD)
    user = create_account(
        "pan-qroo", Role.PARTY, password=PASSWORD, actor=world.actors["PAN"], must_change_password=False
    )
    for kind in PrivacyNotice.Kind.values:
        accept_notice(user, publish_notice(world.process, kind, f"Aviso {kind}.", by=admin))
    return candidacy


def test_identity_questionnaire_on_a_phone(live_server, identity_setup, page: Page):
    candidacy = identity_setup
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/captura/{candidacy.pk}/identidad/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cuestionario de identidad")
    assert no_horizontal_scroll(page)

    q4, q5, q6 = (page.locator(f"#pregunta-{n}") for n in (4, 5, 6))
    expect(q5).to_be_hidden()
    expect(page.locator("#pregunta-12")).to_be_hidden()
    q4.get_by_label("Sí", exact=True).check()
    expect(q5).to_be_visible()
    expect(q6).to_be_visible()

    detail = q6.get_by_label("Especifique", exact=True)
    expect(detail).to_be_hidden()
    q6.get_by_label("Otra: especifique").check()
    expect(detail).to_be_visible()
    detail.fill("Visual parcial")

    q3 = page.locator("#pregunta-3")
    expect(q3.get_by_label("Especifique (si eligió una opción «especifique»)")).to_be_hidden()
    q3.get_by_label("Respuesta a la pregunta 3").select_option(label="Maya")
    q3.get_by_label("Respuesta a la pregunta 3").select_option(label="Otro: especifique")
    expect(q3.get_by_label("Especifique (si eligió una opción «especifique»)")).to_be_visible()
    q3.get_by_label("Respuesta a la pregunta 3").select_option(label="Maya")

    q7 = page.locator("#pregunta-7")
    q7.get_by_label("Hablar o comunicarse").check()
    q7.get_by_label("Prefiero no contestar").check()
    expect(q7.get_by_label("Hablar o comunicarse")).not_to_be_checked()

    q4.get_by_label("No", exact=True).check()
    expect(q5).to_be_hidden()
    q4.get_by_label("Sí", exact=True).check()
    page.get_by_role("button", name="Guardar respuestas").click()
    expect(page.get_by_role("status").first).to_contain_text("Se guardaron")
    answers = {a.question.number: a for a in IdentityAnswer.objects.filter(candidacy=candidacy)}
    assert set(answers) == {3, 4, 6, 7}
    assert answers[6].detail == "Visual parcial"
    assert no_horizontal_scroll(page)


def test_consent_screen_on_a_phone(live_server, identity_setup, page: Page):
    candidacy = identity_setup
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/captura/{candidacy.pk}/consentimiento/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Consentimiento")
    expect(page.get_by_role("link", name="Descargar el formato prellenado (PDF)")).to_be_visible()
    assert no_horizontal_scroll(page)
