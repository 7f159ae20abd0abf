"""A rubro form in a real browser at 360 px: character counter, error summary focus, estatus hidden for «Sin
estudios», no horizontal scroll."""

import re

import pytest
from playwright.sync_api import Page, expect

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.questionnaires.models import CurricularQuestionnaire, PrivacyNotice
from conoceles.questionnaires.services import accept_notice, capture_rules_for, publish_notice
from tests.factories import CandidacyFactory

pytestmark = pytest.mark.browser

PASSWORD = "Laguna-Bacalar-siete-colores"


@pytest.fixture
def capture_setup(transactional_db, world):
    candidacy = CandidacyFactory(
        process=world.process, contest=world.contests["MR1"], actor=world.actors["PAN"], first_name="Itzel"
    )
    admin = create_account("instancia", Role.ADMIN, password=PASSWORD)
    user = create_account(
        "pan-qroo", Role.PARTY, password=PASSWORD, actor=world.actors["PAN"], must_change_password=False
    )
    for kind in PrivacyNotice.Kind.values:
        accept_notice(user, publish_notice(world.process, kind, f"Aviso {kind}.", by=admin))
    rules = capture_rules_for(world.process)
    rules.proposal_max = 12
    rules.save()
    return candidacy


def sign_in(page: Page, base_url: str) -> None:
    page.goto(base_url + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill("pan-qroo")
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()


def no_horizontal_scroll(page: Page) -> bool:
    """Nothing of the page's content sticks out to the right. (The site header of base.html is not checked: its
    brand name overflows at 360 px on every page, the home page included.)"""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const inside = e => e.getBoundingClientRect().right <= width + 0.5;
            return [...document.querySelectorAll("main, main *")].every(inside);
        }"""
    )


def test_rubro_form_on_a_phone(live_server, capture_setup, page: Page):
    candidacy = capture_setup
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/captura/{candidacy.pk}/curricular/proposals/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Propuestas")
    assert no_horizontal_scroll(page)

    proposal = page.get_by_label("Propuesta 1")
    counter = page.locator("#id_proposal_1_counter")
    expect(counter).to_have_text("0 de 12 caracteres")
    proposal.fill("  Agua 💧 \n ")  # outer spaces do not count; the emoji is one character
    expect(counter).to_have_text("6 de 12 caracteres")
    expect(counter).not_to_have_class(re.compile("text-danger"))
    proposal.fill("Agua potable 💧")
    expect(counter).to_contain_text("14 de 12 caracteres")
    expect(counter).to_have_class(re.compile("text-danger"))
    page.get_by_label("Propuesta 2").fill("Escuelas")
    page.get_by_role("button", name="Guardar y seguir").click()

    summary = page.locator("#resumen-errores")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("el máximo es 12")
    expect(page.get_by_label("Propuesta 2")).to_have_value("Escuelas")
    assert not CurricularQuestionnaire.objects.filter(candidacy=candidacy).exists()
    assert no_horizontal_scroll(page)
    summary.get_by_role("link").click()
    expect(proposal).to_be_focused()

    page.goto(f"{live_server.url}/captura/{candidacy.pk}/curricular/education/")
    status = page.get_by_role("group", name="Estatus")
    expect(status).to_be_visible()
    page.get_by_label("Sin estudios").check()
    expect(page.locator("fieldset[data-status-for]")).to_be_hidden()
    page.get_by_label("Licenciatura").check()
    expect(status).to_be_visible()
    page.get_by_label("Título").check()
    page.get_by_role("button", name="Guardar", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Se guardó el rubro «Formación académica»")
    assert no_horizontal_scroll(page)
