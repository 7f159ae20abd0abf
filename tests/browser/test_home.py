"""The citizens' home page, in a real browser, over the demo election."""

import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from conoceles.elections.models import ElectoralProcess

pytestmark = pytest.mark.browser

DEMO_PROCESS = "Proceso Electoral Local Ordinario 2027"
# SCREENSHOTS=1 rewrites the pictures in docs/img (committed); a normal run leaves them alone.
SCREENSHOTS = os.environ.get("SCREENSHOTS") == "1"
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "img" / "inicio.png"


@pytest.fixture
def demo_election(transactional_db):
    # 300 candidacies keep the test quick (the page code is the same); the documentation's
    # screenshot shows the full demo, as `make run` does.
    size = [] if SCREENSHOTS else ["--candidacies", "300"]
    call_command("demo", *size, stdout=io.StringIO())
    return ElectoralProcess.objects.get(name=DEMO_PROCESS)


def test_home_shows_the_current_process_and_its_candidacies(live_server, demo_election, page: Page):
    page.goto(live_server.url + "/")

    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_PROCESS)
    expect(page.get_by_role("main")).to_contain_text("Quintana Roo · Jornada electoral")
    count = page.locator("dt", has_text=re.compile(r"^\s*Candidaturas\s*$")).locator("xpath=following-sibling::dd[1]")
    expect(count).to_have_text(re.compile(r"^\s*[1-9][\d,]*\s*$"))

    if SCREENSHOTS:
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=SCREENSHOT, full_page=True)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(live_server, demo_election, page: Page):
    page.goto(live_server.url + "/")
    skip_link = page.get_by_role("link", name="Saltar al contenido")
    assert skip_link.bounding_box()["width"] <= 1, "the skip link should be visually hidden until focused"

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    assert skip_link.bounding_box()["width"] > 1, "the focused skip link should be visible"

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#contenido$"))
    expect(page.locator("main#contenido")).to_be_focused()
