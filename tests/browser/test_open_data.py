"""Open data in a real browser: the coordinator builds a release on demand (after confirming), an analyst prepares
the institute's export, and a citizen on a phone finds the open data from the footer and downloads the zip, whose
SHA-256 is the one the page shows. SCREENSHOTS=1 rewrites the manual's pictures of these screens in docs/img."""

import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.opendata.models import InstituteExport, OpenDataRelease
from tests.browser.test_accessibility import OVERFLOWING
from tests.browser.test_consent_formats import PASSWORD, PHONE, screenshot, sign_in
from tests.opendata import scenario

pytestmark = pytest.mark.browser


@pytest.fixture
def election(transactional_db, world):
    scenario.build(world)
    create_account("coordinadora", Role.ADMIN, password=PASSWORD, must_change_password=False)
    create_account("analista", Role.ANALYST, password=PASSWORD, must_change_password=False)
    return world


def test_a_release_built_on_demand_reaches_a_citizen_on_her_phone(live_server, election, browser: Browser):
    base = live_server.url
    admin = sign_in(browser, base, "coordinadora")
    admin.goto(base + "/gestion/datos-abiertos/")
    admin.once("dialog", lambda dialog: dialog.dismiss())  # she changes her mind: nothing is built
    admin.get_by_role("button", name="Generar una versión ahora").click()
    assert not OpenDataRelease.objects.exists()
    admin.once("dialog", lambda dialog: dialog.accept())
    admin.get_by_role("button", name="Generar una versión ahora").click()
    expect(admin.get_by_text("está en preparación")).to_be_visible()
    release = OpenDataRelease.objects.get()
    expect(admin.get_by_role("link", name=release.name)).to_be_visible()
    screenshot(admin, "datos-abiertos-gestion")

    page = browser.new_context(viewport=PHONE, accept_downloads=True).new_page()
    page.goto(base + "/")
    page.get_by_role("link", name="Datos abiertos").click()
    expect(page.get_by_role("heading", name="Datos abiertos", level=1)).to_be_visible()
    expect(page.get_by_text(release.sha256)).to_be_visible()
    assert page.evaluate(OVERFLOWING) is None  # the page does not scroll sideways (the table scrolls in its box)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Descargar todo")).click()
    content = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(content).hexdigest() == release.sha256
    screenshot(page, "datos-abiertos")


def test_an_analyst_prepares_and_downloads_the_institutes_export(live_server, election, browser: Browser):
    analyst = sign_in(browser, live_server.url, "analista")
    analyst.goto(live_server.url + "/gestion/datos-abiertos/")
    expect(analyst.get_by_role("button", name="Generar una versión ahora")).to_have_count(0)  # admin only
    analyst.get_by_label("Formato").select_option("xlsx")
    analyst.get_by_role("button", name="Preparar exportación").click()
    expect(analyst.get_by_role("cell", name="Lista", exact=True)).to_be_visible()
    with analyst.expect_download() as download:
        analyst.get_by_role("link", name="Descargar").click()
    export = InstituteExport.objects.get()
    content = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(content).hexdigest() == export.sha256
    assert download.value.suggested_filename.endswith(".xlsx")
