"""Issue 13 point 3 in a real browser: a reviewer scores a candidacy with the keyboard, the running total follows
her keys (the dependency rule included), and «s» saves and goes on."""

import re

import pytest
from playwright.sync_api import Browser, expect

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.evaluation.models import CandidacyScore
from conoceles.evaluation.services import ensure_default_rubric
from tests.browser.test_review_loop import PASSWORD, sign_in
from tests.evaluation.helpers import validated

pytestmark = pytest.mark.browser


@pytest.fixture
def to_score(transactional_db, world):
    create_account("revisora", Role.REVIEWER, password=PASSWORD, must_change_password=False)
    ensure_default_rubric(world.process)
    return validated(world, texts={"education": {"other_training": ""}})


def test_scoring_with_the_keyboard(live_server, to_score, browser: Browser):
    page = sign_in(browser, live_server.url, "revisora")
    page.goto(f"{live_server.url}/revision/evaluacion/")
    page.get_by_role("link", name=to_score.full_name).click()
    total = page.locator("#running-total")
    # the suggestions: every measurable variable met but «otra formación» (nothing captured), 68 of 100
    expect(total).to_have_text("68")
    # the script (deferred) has run once it highlights the first variable: only then do the keys work
    expect(page.locator("fieldset.score-variable").first).to_have_class(re.compile(r"\bborder-primary\b"))
    page.keyboard.press("2")  # «Incluye fotografía»: no cumple
    expect(total).to_have_text("64")
    page.keyboard.press("1")  # «Ofrece un medio de contacto»: cumple, as suggested
    page.keyboard.press("2")  # the first variable of «Formación académica» fails, and its dependent with it
    expect(total).to_have_text("58")
    expect(page.locator("fieldset.score-variable").nth(3).locator("input[value='1']")).to_be_disabled()
    page.keyboard.press("s")  # guardar y siguiente: the end of the queue
    expect(page.get_by_role("heading", name="Evaluación cualitativa")).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("Calificación guardada: 58 de 100 puntos")
    score = CandidacyScore.objects.get(candidacy=to_score)
    assert score.total == 58 and not score.complete  # four variables without a suggestion were left unanswered
