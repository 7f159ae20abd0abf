"""A signed consent format in a real browser, from upload to withdrawal (DOMAIN.md §6): the political actor uploads
the format the candidate signed → nothing changes on the public profile while it is pending → the candidate is told
and sees it → a reviewer looks at the page image, cannot reject without a reason, accepts → the group badge is
public → the candidate withdraws consent 2 herself and the badge is gone at once.

Everything is set up through factories and services; everything checked is done through the screens (and the
database behind them). The public page cache stays on: each change must reach a citizen arriving afterwards."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.notifications.models import Notification
from conoceles.questionnaires.models import ConsentFormat, ConsentItem, ConsentRecord, IdentityQuestion, PrivacyNotice
from conoceles.questionnaires.services import (
    accept_notice,
    current_consent,
    publish_notice,
    save_identity_answers,
    seed_identity_questions,
)
from tests.browser.test_capture_rubro import no_horizontal_scroll
from tests.factories import CandidacyFactory
from tests.public.profile_data import fill, publish

pytestmark = pytest.mark.browser

PASSWORD = "Laguna-Bacalar-siete-colores"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
# SCREENSHOTS=1 rewrites the manual's pictures of these screens in docs/img (committed); a normal run leaves them.
SCREENSHOTS = os.environ.get("SCREENSHOTS") == "1"
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"
GROUPS = "Grupos en situación de discriminación"  # the accessible name of the profile's list of group badges
NOTHING_IN_FORCE = dict.fromkeys(ConsentItem.values)


def screenshot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=IMAGES / f"{name}.png", full_page=True)


@pytest.fixture
def consent_setup(transactional_db, world):
    """A published MORENA candidacy whose candidate answered «Sí» to «¿Es usted migrante?» and has consented to
    nothing yet; the accounts of her party, herself and a reviewer; both avisos published and accepted by who
    captures."""
    process, morena = world.process, world.actors["MORENA"]
    seed_identity_questions(process)
    admin = create_account("instancia", Role.ADMIN, password=PASSWORD, must_change_password=False)
    candidacy = CandidacyFactory(
        process=process,
        contest=world.contests["MR1"],
        actor=morena,
        first_name="Itzel",
        last_name="Canché",
        second_last_name="Pool",
    )
    fill(candidacy)
    publish(candidacy)
    party = create_account(
        "morena-qroo",
        Role.PARTY,
        password=PASSWORD,
        actor=morena,
        first_name="Enlace",
        last_name="MORENA",
        must_change_password=False,
    )
    candidate = create_account(
        "itzel",
        Role.CANDIDATE,
        password=PASSWORD,
        candidacy=candidacy,
        first_name="Itzel",
        last_name="Canché Pool",
        must_change_password=False,
    )
    create_account(
        "revisora", Role.REVIEWER, password=PASSWORD, first_name="Rosa", last_name="Chan", must_change_password=False
    )
    for kind in PrivacyNotice.Kind.values:
        notice = publish_notice(process, kind, f"Aviso {kind} del proceso.", by=admin)
        for user in (party, candidate):
            accept_notice(user, notice)
    migrant = IdentityQuestion.objects.get(process=process, number=11)
    assert migrant.group == "migrant"
    save_identity_answers(candidacy, {migrant.pk: ([migrant.options.get(label="Sí").pk], "")}, by=candidate)
    assert current_consent(candidacy) == NOTHING_IN_FORCE
    return candidacy


def signed_format_pdf(path: Path, candidacy) -> Path:
    """A small real PDF standing in for the scanned, hand-signed format."""
    from weasyprint import HTML

    HTML(
        string=f"""<html lang="es"><body style="font-family: sans-serif; font-size: 14pt">
        <h1>Formato de consentimiento</h1>
        <p>Formato firmado por {candidacy.full_name}.</p>
        <p>1. Tratamiento de datos personales sensibles: <b>Sí</b></p>
        <p>2. Publicación de las respuestas de identidad: <b>Sí</b></p>
        <p>3. Uso estadístico: <b>Sí</b></p>
        <p style="margin-top: 3cm; border-top: 1px solid black; width: 8cm">Firma: <i>Itzel C. P.</i></p>
        </body></html>"""
    ).write_pdf(path)
    return path


def sign_in(browser: Browser, base_url: str, username: str) -> Page:
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(base_url + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    expect(page).not_to_have_url(re.compile(r"/cuenta/entrar/"))
    return page


def citizen(browser: Browser, url: str) -> Page:
    """An anonymous citizen opening `url` in a new browser context (no session, no copy of the page from before)."""
    page = browser.new_context(viewport=DESKTOP).new_page()
    assert page.goto(url).status == 200
    return page


def answer_consent(page: Page, answers: tuple[str, str, str]) -> None:
    for item, answer in zip(ConsentItem, answers, strict=True):
        page.get_by_role("group", name=f"{item.value}. {item.label}").get_by_label(answer, exact=True).check()


def test_signed_format_reviewed_then_withdrawn(live_server, consent_setup, browser: Browser, tmp_path):
    candidacy = consent_setup
    base = live_server.url
    consent_url = f"{base}/captura/{candidacy.pk}/consentimiento/"
    profile = f"{base}/candidatura/{candidacy.pk}/"

    # Published, but no group badge: the candidate answered «Sí» and consented to nothing.
    page = citizen(browser, profile)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Itzel")
    expect(page.get_by_role("list", name=GROUPS)).to_have_count(0)

    # ------------------------------------------------------------ the party uploads the signed format
    party = sign_in(browser, base, "morena-qroo")
    party.goto(consent_url)
    expect(party.get_by_role("heading", level=1)).to_contain_text("Consentimiento")
    upload = party.get_by_role("region", name="Subir el formato firmado")
    expect(upload.get_by_role("link", name="Descargar el formato prellenado (PDF)")).to_be_visible()
    answer_consent(party, ("Sí", "Sí", "Sí"))
    upload.get_by_label("Formato firmado").set_input_files(signed_format_pdf(tmp_path / "formato.pdf", candidacy))
    upload.get_by_role("button", name="Subir el formato para revisión").click()

    expect(party.get_by_role("status").first).to_contain_text("Se recibió el formato firmado.")
    expect(party.get_by_text("Hay un formato firmado en revisión.")).to_be_visible()
    expect(party.get_by_role("region", name="Subir el formato firmado")).to_have_count(0)  # one at a time
    formats_table = party.get_by_role("region", name="Formatos firmados subidos por el actor político")
    expect(formats_table.get_by_role("row").nth(1)).to_contain_text("Pendiente de revisión")
    current = party.get_by_role("region", name="Respuestas vigentes").get_by_role("listitem")
    expect(current).to_have_count(3)
    for index in range(3):
        expect(current.nth(index).locator(".fw-semibold")).to_have_text("Sin respuesta")
    screenshot(party, "consentimiento-formato-en-revision")

    consent_format = ConsentFormat.objects.get(candidacy=candidacy)
    assert consent_format.status == ConsentFormat.Status.PENDING
    assert consent_format.pages == 1
    assert consent_format.evidence.name.endswith(".pdf")
    assert {r.item: r.given for r in consent_format.records.all()} == {1: True, 2: True, 3: True}
    assert current_consent(candidacy) == NOTHING_IN_FORCE  # a pending format counts for nothing

    expect(citizen(browser, profile).get_by_role("list", name=GROUPS)).to_have_count(0)

    # ------------------------------------------------------------ the candidate is told
    candidate = sign_in(browser, base, "itzel")
    candidate.get_by_role("link", name="Avisos 1 sin leer").click()
    expect(candidate.get_by_role("heading", level=1)).to_have_text("Avisos")
    subject = "Su actor político subió un formato de consentimiento a su nombre"
    notice = candidate.get_by_role("article", name=subject)
    expect(notice).to_contain_text("Morena subió el")
    expect(notice).to_contain_text("1. tratamiento: sí; 2. publicación: sí; 3. uso estadístico: sí")
    expect(notice).to_contain_text("lo que usted registre en el sistema siempre prevalece")
    notice.get_by_role("link", name=f"Ver «{subject}»").click()
    expect(candidate).to_have_url(consent_url)
    pending_alert = candidate.get_by_role("status").filter(has_text="Hay un formato firmado en revisión.")
    expect(pending_alert).to_contain_text("Dice: 1. Sí; 2. Sí; 3. Sí.")
    expect(pending_alert).to_contain_text("la suya prevalece siempre")
    expect(candidate.get_by_role("region", name="Registrar o cambiar mis respuestas")).to_be_visible()
    assert Notification.objects.get(user__username="itzel").read_at is not None  # opened through «Ver»

    # ------------------------------------------------------------ the reviewer decides
    reviewer = sign_in(browser, base, "revisora")
    reviewer.goto(f"{base}/revision/")
    expect(reviewer.get_by_role("main")).to_contain_text("1 por revisar")
    reviewer.get_by_role("link", name="Formatos de consentimiento").click()
    expect(reviewer.get_by_role("heading", level=1)).to_have_text("Formatos de consentimiento")
    expect(reviewer.get_by_role("heading", name="Pendientes de revisión (1)")).to_be_visible()
    row = reviewer.get_by_role("row", name=re.compile(candidacy.full_name))
    expect(row).to_contain_text("MORENA")
    expect(row).to_contain_text("1. Sí; 2. Sí; 3. Sí")
    screenshot(reviewer, "formatos-de-consentimiento")
    row.get_by_role("link", name=f"Revisar el formato de {candidacy.full_name}").click()

    expect(reviewer.get_by_role("heading", level=1)).to_have_text(f"Formato de consentimiento de {candidacy.full_name}")
    image = reviewer.get_by_role("img", name=f"Página 1 de 1 del formato firmado de {candidacy.full_name}")
    image.scroll_into_view_if_needed()  # loading="lazy"
    reviewer.wait_for_function("img => img.complete", arg=image.element_handle())
    assert image.evaluate("img => img.naturalWidth") > 0, "the page image did not load"
    screenshot(reviewer, "formato-de-consentimiento-revisar")
    reviewer.set_viewport_size(PHONE)
    expect(image).to_be_visible()
    assert no_horizontal_scroll(reviewer), "the document screen sticks out of a 360 px screen"
    reviewer.set_viewport_size(DESKTOP)

    reviewer.get_by_label("Rechazar", exact=True).check()
    reviewer.once("dialog", lambda dialog: dialog.accept())
    reviewer.get_by_role("button", name="Registrar la decisión").click()
    expect(reviewer.locator("#reason-error")).to_have_text("Escriba el motivo del rechazo.")
    consent_format.refresh_from_db()
    assert consent_format.status == ConsentFormat.Status.PENDING

    reviewer.get_by_label(re.compile(r"^Aceptar: ")).check()
    reviewer.once("dialog", lambda dialog: dialog.accept())
    reviewer.get_by_role("button", name="Registrar la decisión").click()
    expect(reviewer).to_have_url(f"{base}/revision/formatos/")
    expect(reviewer.get_by_role("status").first).to_contain_text(
        f"Formato aceptado: el consentimiento de {candidacy.full_name} quedó como dice el formato."
    )
    expect(reviewer.get_by_text("No hay formatos por revisar.")).to_be_visible()

    consent_format.refresh_from_db()
    assert consent_format.status == ConsentFormat.Status.ACCEPTED
    assert consent_format.decided_by.username == "revisora"
    assert consent_format.decision_reason == ""
    assert current_consent(candidacy) == {1: True, 2: True, 3: True}
    decided = Notification.objects.filter(kind=Notification.Kind.CONSENT_FORMAT_DECIDED)
    assert sorted(decided.values_list("user__username", flat=True)) == ["itzel", "morena-qroo"]

    # ------------------------------------------------------------ the badge is public
    groups = citizen(browser, profile).get_by_role("list", name=GROUPS)
    expect(groups).to_have_text("Persona migrante")

    # ------------------------------------------------------------ the candidate withdraws consent 2 herself
    candidate.goto(consent_url)
    expect(candidate.get_by_text("Hay un formato firmado en revisión.")).to_have_count(0)
    mine = candidate.get_by_role("region", name="Registrar o cambiar mis respuestas")
    # The form starts from the answers in force: those of the accepted format.
    expect(
        mine.get_by_role("group", name=f"2. {ConsentItem.PUBLICATION.label}").get_by_label("Sí", exact=True)
    ).to_be_checked()
    answer_consent(candidate, ("Sí", "No", "Sí"))
    mine.get_by_role("button", name="Registrar consentimiento").click()
    expect(candidate.get_by_role("status").first).to_contain_text("Se registró el consentimiento.")

    assert current_consent(candidacy) == {1: True, 2: False, 3: True}
    direct = ConsentRecord.objects.filter(candidacy=candidacy, method=ConsentRecord.Method.DIRECT)
    assert list(direct.values_list("item", "given")) == [(ConsentItem.PUBLICATION, False)]  # only what changed

    expect(citizen(browser, profile).get_by_role("list", name=GROUPS)).to_have_count(0)

    # Her word prevails: her party can no longer upload a format.
    party.goto(consent_url)
    expect(
        party.get_by_role("status").filter(has_text="La persona candidata registró su consentimiento")
    ).to_be_visible()
    expect(party.get_by_role("button", name="Subir el formato para revisión")).to_have_count(0)
