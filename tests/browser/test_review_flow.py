"""Issue 14 points 1 and 9 in a real browser, and axe-core on the review screens at 360 px and 1280 px.

Point 1: the actor tries to send an unchanged correction (refused, with the reason) → edits → sends; the reviewer
sees the before/after diff and rejects it with a reason; the actor reads the reason. Point 9: a reviewer marks a
candidacy «revisada sin observaciones», «Siguiente de la cola» opens the next one of the filtered queue, and a
dismissed assistant finding stays gone."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, expect

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.questionnaires.models import PrivacyNotice
from conoceles.questionnaires.services import accept_notice, publish_notice, save_rubro
from conoceles.review.services import decide_observation, propose_observation, validate_candidacy
from conoceles.screening import engine
from tests.browser.test_accessibility import DESKTOP, PHONE, SERIOUS, describe
from tests.browser.test_review_loop import PASSWORD, sign_in
from tests.factories import CandidacyFactory
from tests.review.helpers import TEXTS, fill
from tests.screening.test_screening import COPIED

pytestmark = pytest.mark.browser

NEW_PROPOSAL = "Agua potable para cada colonia, con tandeo justo"


@pytest.fixture
def flow(transactional_db, world):
    admin = create_account("instancia", Role.ADMIN, password=PASSWORD, must_change_password=False)
    reviewer = create_account("revisora", Role.REVIEWER, password=PASSWORD, must_change_password=False)
    parties = {
        acronym: create_account(
            f"enlace-{acronym.lower()}", Role.PARTY, password=PASSWORD, actor=world.actors[acronym],
            must_change_password=False,
        )
        for acronym in ("PAN", "MORENA")
    }
    for kind in PrivacyNotice.Kind.values:
        notice = publish_notice(world.process, kind, f"Aviso {kind}.", by=admin)
        for party in parties.values():
            accept_notice(party, notice)

    def made(first_name, contest, actor="PAN", formula_number=None, proposal=None):
        extra = {"formula_number": formula_number} if formula_number else {}
        candidacy = CandidacyFactory(
            process=world.process, contest=world.contests[contest], actor=world.actors[actor], first_name=first_name,
            **extra,
        )
        fill(candidacy, parties[actor])
        if proposal:
            save_rubro(candidacy, "proposals", TEXTS["proposals"] | {"proposal_1": proposal}, by=parties[actor])
        validate_candidacy(candidacy, by=parties[actor])
        return candidacy

    observed = made("Itzel", "MR1")
    observation = propose_observation(observed, rubros=["proposals"], rules=[1], comment="Copia.", by=reviewer)
    decide_observation(observation, approve=True, by=admin)
    first, second = made("Ana", "MR15", formula_number=1), made("Beatriz", "MR15", formula_number=2)
    copier = made("Carla", "PM_OPB", proposal=COPIED)
    made("Dalia", "PM_BJ", actor="MORENA", proposal="Mi propuesta: " + COPIED)
    engine.scan_process(world.process)
    for cargo in world.cargos.values():
        cargo.publication_start = timezone.localdate() - datetime.timedelta(days=1)
        cargo.save()
    return {"observed": observed, "first": first, "second": second, "copier": copier}


def test_a_correction_needs_a_change_and_the_reviewer_rejects_it(live_server, flow, browser: Browser):
    candidacy = flow["observed"]
    status = f"{live_server.url}/captura/{candidacy.pk}/validacion/"
    party = sign_in(browser, live_server.url, "enlace-pan")
    party.goto(status)
    party.get_by_role("button", name="Enviar corrección").click()
    expect(party.get_by_role("alert")).to_contain_text("No ha cambiado nada en «Propuestas»")

    party.get_by_role("link", name="Corregir").click()
    party.get_by_label("Propuesta 1").fill(NEW_PROPOSAL)
    party.get_by_role("button", name="Guardar", exact=True).click()
    expect(party.get_by_role("status").first).to_contain_text("Se guardó el rubro")
    party.goto(status)
    party.get_by_role("button", name="Enviar corrección").click()
    expect(party.get_by_role("status").first).to_contain_text("Corrección enviada")

    reviewer = sign_in(browser, live_server.url, "revisora")
    reviewer.goto(f"{live_server.url}/revision/candidatura/{candidacy.pk}/")
    diff = reviewer.get_by_role("table", name="Campos de «Propuestas» que cambiaron desde la observación")
    expect(diff.locator("del")).to_have_text("Agua potable")
    expect(diff.locator("ins")).to_have_text(NEW_PROPOSAL)
    reviewer.get_by_label("Motivo del rechazo (lo lee el actor político)").fill("Cite la fuente de la propuesta.")
    reviewer.get_by_role("button", name="Rechazar la corrección").click()
    expect(reviewer.get_by_role("status").first).to_contain_text("Corrección rechazada")

    party.goto(status)
    expect(party.get_by_role("main")).to_contain_text("El Instituto rechazó su corrección")
    expect(party.get_by_role("main")).to_contain_text("Cite la fuente de la propuesta.")
    expect(party.get_by_role("link", name="Corregir")).to_be_visible()


def test_reviewed_without_observations_next_and_a_dismissed_finding(live_server, flow, browser: Browser):
    reviewer = sign_in(browser, live_server.url, "revisora")
    reviewer.goto(f"{live_server.url}/revision/")
    reviewer.get_by_label("Pendientes").select_option(label="Validadas, aún sin revisar")
    reviewer.get_by_role("button", name="Filtrar").click()
    reviewer.get_by_role("link", name="Ana López Hernández").click()
    reviewer.get_by_role("button", name="Revisada sin observaciones").click()
    expect(reviewer.get_by_role("status").first).to_contain_text("revisada sin observaciones")
    expect(reviewer.get_by_role("main")).to_contain_text("Revisada sin observaciones el")
    reviewer.get_by_role("link", name="Siguiente de la cola").click()
    expect(reviewer.get_by_role("heading", level=1)).to_contain_text("Beatriz")
    assert "pending=to_review" in reviewer.url

    reviewer.goto(f"{live_server.url}/revision/?pending=clean")
    expect(reviewer.get_by_role("table")).to_contain_text("Ana López Hernández")
    expect(reviewer.get_by_role("table")).not_to_contain_text("Beatriz")

    reviewer.goto(f"{live_server.url}/revision/candidatura/{flow['copier'].pk}/")
    findings = reviewer.get_by_role("region", name="Posibles incumplimientos señalados automáticamente")
    expect(findings).to_contain_text("Fuente: Dalia")
    findings.get_by_text("Descartar este señalamiento").click()
    findings.get_by_label("Por qué no es un incumplimiento").fill("Plataforma común registrada ante el Instituto.")
    findings.get_by_role("button", name="Descartar").click()
    expect(reviewer.get_by_role("status").first).to_contain_text("Señalamiento descartado")
    reviewer.reload()
    expect(findings).to_contain_text("No se señalaron posibles incumplimientos")
    expect(findings).not_to_contain_text("Construiré un sistema")


def test_the_review_screens_pass_axe_at_360_and_1280(live_server, flow, browser: Browser):
    reviewer = sign_in(browser, live_server.url, "revisora")
    axe = Axe()
    problems = []
    urls = [
        "/revision/",
        f"/revision/candidatura/{flow['observed'].pk}/",
        f"/revision/candidatura/{flow['copier'].pk}/",  # the findings, side by side with their source
    ]
    for url in urls:
        for size in (PHONE, DESKTOP):
            reviewer.set_viewport_size(size)
            reviewer.goto(live_server.url + url)
            violations = axe.run(reviewer).response["violations"]
            problems += [f"{url} at {size['width']} px: {describe(v)}" for v in violations if v["impact"] in SERIOUS]
    assert not problems, "\n".join(problems)
