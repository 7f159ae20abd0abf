"""The API's documentation page (/api/v1/docs) in a real browser: Swagger UI from the site's own static files runs
under the site's Content-Security-Policy (no violation, no script error, nothing fetched from another origin) and its
«Try it out» calls the API."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import build_world

pytestmark = pytest.mark.browser


def test_the_documentation_page_works_under_the_sites_csp(live_server, transactional_db, page: Page):
    world = build_world()
    problems, requests = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.goto(live_server.url + "/api/v1/docs")

    expect(page.get_by_role("heading", name=re.compile("API pública de Conóceles"))).to_be_visible()
    operation = page.locator(".opblock", has_text="/api/v1/processes/{process_id}/candidacies")
    expect(operation).to_be_visible()
    expect(operation).to_contain_text("Candidaturas publicadas")

    path = page.locator(".opblock-summary-path", has_text=re.compile(r"^/api/v1/processes$"))
    listing = page.locator(".opblock", has=path)
    listing.locator(".opblock-summary").click()
    listing.get_by_role("button", name="Execute").click()
    expect(listing.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    expect(listing.locator(".live-responses-table")).to_contain_text(world.process.name)

    assert problems == []
    assert [url for url in requests if not url.startswith(live_server.url)] == []
