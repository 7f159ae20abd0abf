"""Issue 4, point 9: the whole capture journey in a real browser.

A candidate, on a phone, signs in, accepts the aviso, gives consent, fills every curricular rubro (photo included)
and the identity questionnaire, and sees both at 100 %. Then her party's operator, at desktop width, opens another
candidacy and submits proposals with one over the limit: the error is shown in Spanish and nothing typed is lost.
Everything is set up through services; everything checked is done through the screens.
"""

import re
from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.questionnaires.models import (
    ConsentItem,
    ConsentRecord,
    CurricularQuestionnaire,
    IdentityAnswer,
    PrivacyNotice,
)
from conoceles.questionnaires.services import publish_notice, seed_identity_questions
from tests.factories import CandidacyFactory

pytestmark = pytest.mark.browser

PASSWORD = "Laguna-Bacalar-siete-colores"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
PROPOSAL_MAX = 1600  # CaptureRules.proposal_max by default


@pytest.fixture
def journey(transactional_db, world):
    process, morena = world.process, world.actors["MORENA"]
    seed_identity_questions(process)
    admin = create_account("instancia", Role.ADMIN, password=PASSWORD)
    for kind in PrivacyNotice.Kind.values:
        publish_notice(process, kind, f"Aviso {kind} del proceso.", by=admin)
    own = CandidacyFactory(
        process=process,
        contest=world.contests["MR1"],
        actor=morena,
        first_name="Itzel",
        last_name="Canché",
        second_last_name="Pool",
    )
    other = CandidacyFactory(
        process=process,
        contest=world.contests["MR15"],
        actor=morena,
        first_name="Gaspar",
        last_name="Uc",
        second_last_name="Dzib",
    )
    create_account("itzel", Role.CANDIDATE, password=PASSWORD, candidacy=own, must_change_password=False)
    create_account("morena-qroo", Role.PARTY, password=PASSWORD, actor=morena, must_change_password=False)
    return own, other


def sign_in(page: Page, username: str) -> None:
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()


def accept_notice(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Aviso de privacidad")
    page.get_by_label(re.compile(r"^He leído y acepto el aviso de privacidad integral")).check()
    page.get_by_role("button", name="Aceptar y continuar").click()


def jpeg_with_metadata(path) -> bytes:
    """A real camera-like JPEG: larger than the stored maximum side and carrying EXIF metadata."""
    image = Image.new("RGB", (1600, 1200))
    image.paste((30, 120, 200), (0, 0, 800, 1200))
    image.paste((220, 180, 40), (800, 0, 1600, 1200))
    exif = Image.Exif()
    exif[0x010F] = "Cámara de prueba"  # Make
    exif[0x8298] = "Itzel Canché"  # Copyright
    image.save(path, format="JPEG", quality=90, exif=exif)
    return path.read_bytes()


def question(page: Page, number: int):
    """The fieldset of identity question `number` (its legend starts with «N. »)."""
    return page.get_by_role("group", name=re.compile(rf"^{number}\. "))


def test_candidate_then_party_operator(live_server, journey, page: Page, tmp_path):
    own, other = journey
    base = live_server.url

    # ---------------------------------------------------------------- the candidate, on a phone
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/cuenta/entrar/")
    sign_in(page, "itzel")

    # She lands on her only candidacy's capture page (issue 14, point 10); the aviso comes first.
    expect(page).to_have_url(re.compile(rf"/captura/aviso/{own.process_id}/"))
    accept_notice(page)
    expect(page).to_have_url(f"{base}/captura/{own.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(own.full_name)
    expect(page.locator("#curricular-progress")).to_have_text(re.compile(r"Avance: 0\s%"))

    # Consent: Sí, No, Sí.
    page.get_by_role("link", name="Consentimiento sobre mis datos sensibles").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Consentimiento")
    for item, answer in zip(ConsentItem, ("Sí", "No", "Sí"), strict=True):
        page.get_by_role("group", name=f"{item.value}. {item.label}").get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Registrar consentimiento").click()
    expect(page.get_by_role("status").first).to_contain_text("Se registró el consentimiento.")
    current = page.get_by_role("region", name="Respuestas vigentes").get_by_role("listitem")
    expect(current).to_have_count(3)
    for index, answer in enumerate(("Sí", "No", "Sí")):
        expect(current.nth(index).locator(".fw-semibold")).to_have_text(answer)
    given = dict(ConsentRecord.objects.filter(candidacy=own).values_list("item", "given"))
    assert given == {ConsentItem.PROCESSING: True, ConsentItem.PUBLICATION: False, ConsentItem.STATISTICS: True}

    # Every curricular rubro, one after the other with «Guardar y seguir».
    page.get_by_role("link", name=own.full_name).click()
    page.get_by_role("link", name="Datos generales").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Datos generales")
    photo_path = tmp_path / "retrato.jpg"
    uploaded = jpeg_with_metadata(photo_path)
    page.get_by_label("Fotografía").set_input_files(photo_path)
    page.get_by_label("Facebook").fill("https://www.facebook.com/itzel.canche")
    page.get_by_label("Instagram").fill("instagram.com/itzelcanche")  # without the scheme: people paste it so
    page.get_by_role("button", name="Guardar y seguir").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Formación académica")
    expect(page.get_by_role("status").first).to_contain_text("Se guardó el rubro «Datos generales»")
    page.get_by_role("group", name=re.compile(r"^Grado máximo de estudios")).get_by_label("Maestría").check()
    page.get_by_role("group", name=re.compile(r"^Estatus")).get_by_label("Título").check()
    page.get_by_label("Otra formación (cursos, diplomados)").fill("Diplomado en políticas públicas, 2019.")
    page.get_by_role("button", name="Guardar y seguir").click()

    long_texts = {
        "Historia profesional y/o laboral": "Maestra rural en Felipe Carrillo Puerto durante doce años.",
        "Trayectoria política y/o participación social": "Promotora de cooperativas de mujeres apicultoras.",
        "¿Por qué quiere ocupar un cargo público?": "Para que el agua potable llegue a todas las comunidades.",
    }
    for label, text in long_texts.items():
        expect(page.get_by_role("heading", level=1)).to_have_text(label)
        page.get_by_label(label).fill(text)
        page.get_by_role("button", name="Guardar y seguir").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Propuestas")
    page.get_by_label("Propuesta 1").fill("Agua potable en cada comunidad del distrito.")
    page.get_by_label("Propuesta 2").fill("Transporte escolar gratuito en zonas rurales.")
    page.get_by_label("Propuesta en materia de género").fill("Refugios para mujeres en cada cabecera municipal.")
    page.get_by_role("button", name="Guardar y seguir").click()

    # The last rubro leads back to the overview: the curricular questionnaire is complete.
    expect(page).to_have_url(f"{base}/captura/{own.pk}/")
    expect(page.get_by_role("status").first).to_contain_text("Se guardó el rubro «Propuestas»")
    expect(page.locator("#curricular-progress")).to_have_text(re.compile(r"^Avance: 100\s%\s\(completo\)$"))

    questionnaire = CurricularQuestionnaire.objects.get(candidacy=own)
    assert questionnaire.facebook == "https://www.facebook.com/itzel.canche"
    assert questionnaire.instagram == "https://instagram.com/itzelcanche"
    assert (questionnaire.education_level, questionnaire.education_status) == ("Maestría", "Título")
    with questionnaire.photo.open("rb") as stored_file:
        stored = stored_file.read()
    assert stored != uploaded
    with Image.open(BytesIO(stored)) as photo:
        assert photo.format == "JPEG"
        assert max(photo.size) == 1200  # CaptureRules.photo_max_side_px
        assert not photo.getexif()  # metadata gone

    # The identity questionnaire.
    page.get_by_role("link", name="Cuestionario de identidad").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cuestionario de identidad")
    question(page, 1).get_by_label("Sí", exact=True).check()
    question(page, 2).get_by_label("No", exact=True).check()
    question(page, 3).get_by_label("Respuesta a la pregunta 3").select_option(label="Maya")

    for number in (5, 6, 7):
        expect(question(page, number)).to_be_hidden()
    question(page, 4).get_by_label("Sí", exact=True).check()
    for number in (5, 6, 7):
        expect(question(page, number)).to_be_visible()
    question(page, 5).get_by_label("Permanente").check()
    q6 = question(page, 6)
    expect(q6.get_by_label("Especifique", exact=True)).to_be_hidden()
    q6.get_by_label("Otra: especifique").check()
    q6.get_by_label("Especifique", exact=True).fill("Visual parcial")
    question(page, 7).get_by_label("Ver, aunque use lentes").check()
    question(page, 7).get_by_label("Caminar, subir o bajar escaleras").check()

    question(page, 8).get_by_label("Prefiero no contestar").check()
    question(page, 9).get_by_label("Prefiero no contestar").check()
    expect(question(page, 10)).to_be_hidden()
    question(page, 11).get_by_label("No", exact=True).check()
    for number in (12, 13, 14, 15):
        expect(question(page, number)).to_be_hidden()
    question(page, 16).get_by_label("No", exact=True).check()
    question(page, 17).get_by_label("No", exact=True).check()
    question(page, 18).get_by_label("Prefiero no contestar").check()
    question(page, 19).get_by_label("Salario").check()
    question(page, 20).get_by_label("Respuesta a la pregunta 20").select_option(label="Quintana Roo")
    page.get_by_role("button", name="Guardar respuestas").click()

    expect(page.get_by_role("status").first).to_contain_text("Se guardaron las respuestas")
    expect(page.locator("#avance")).to_contain_text("15 de 15 preguntas que aplican tienen respuesta (100 %)")
    expect(page.locator("#avance")).to_contain_text("cuestionario completo")
    answers = {a.question.number: a for a in IdentityAnswer.objects.filter(candidacy=own).select_related("question")}
    assert set(answers) == {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 16, 17, 18, 19, 20}
    assert answers[6].detail == "Visual parcial"
    assert {o.label for o in answers[7].options.all()} == {"Ver, aunque use lentes", "Caminar, subir o bajar escaleras"}
    assert [o.label for o in answers[9].options.all()] == ["Prefiero no contestar"]

    # Both questionnaires at 100 % on the overview.
    page.get_by_role("link", name=own.full_name).click()
    expect(page.locator("#curricular-progress")).to_have_text(re.compile(r"^Avance: 100\s%\s\(completo\)$"))
    expect(page.locator("#identity-progress")).to_have_text(re.compile(r"^Avance: 100\s%\s\(15 de 15 preguntas\)$"))
    expect(page.get_by_role("progressbar", name=re.compile(r"^Avance: 100"))).to_have_count(2)

    page.get_by_role("button", name="Salir").click()
    expect(page.get_by_role("button", name="Salir")).to_have_count(0)

    # ---------------------------------------------------------------- the party's operator, at desktop width
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/cuenta/entrar/")
    sign_in(page, "morena-qroo")
    page.get_by_role("link", name="Capturar los cuestionarios").click()
    expect(page).to_have_url(f"{base}/captura/")
    page.get_by_role("link", name="Leer el aviso de privacidad").click()
    accept_notice(page)
    expect(page).to_have_url(f"{base}/captura/")
    # The dashboard shows her candidacy complete (what the candidate captured), and the other one to capture.
    cards = page.get_by_role("main").get_by_role("listitem")
    own_card = cards.filter(has=page.get_by_role("heading", name=own.full_name))
    expect(own_card).to_contain_text(re.compile(r"Cuestionario curricular: 100\s%"))
    expect(own_card).to_contain_text(re.compile(r"Cuestionario de identidad: 100\s%"))
    expect(own_card).to_contain_text("Cuestionario curricular completo.")
    page.get_by_role("heading", name=other.full_name).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(other.full_name)
    page.get_by_role("link", name="Propuestas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Propuestas")

    first, second, gender = (
        page.get_by_label("Propuesta 1"),
        page.get_by_label("Propuesta 2"),
        page.get_by_label("Propuesta en materia de género"),
    )
    first_text = "Clínicas con médico de guardia en la zona maya."
    second_text = ("Bibliotecas comunitarias abiertas por la tarde. " * 40)[:PROPOSAL_MAX] + "!"
    gender_text = "Guarderías de horario extendido para madres trabajadoras."
    assert len(second_text) == PROPOSAL_MAX + 1
    first.fill(first_text)
    second.fill(second_text)
    gender.fill(gender_text)
    expect(page.locator("#id_proposal_2_counter")).to_contain_text("1,601 de 1,600 caracteres")
    page.get_by_role("button", name="Guardar", exact=True).click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("No se guardó el rubro: hay 1 error")
    expect(summary.get_by_role("link")).to_have_text("Propuesta 2: Tiene 1,601 caracteres; el máximo es 1,600.")
    expect(second).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_proposal_2_error")).to_have_text("Tiene 1,601 caracteres; el máximo es 1,600.")
    expect(second).to_have_accessible_description(re.compile(r"el máximo es 1,600"))
    assert first.input_value() == first_text
    assert gender.input_value() == gender_text
    assert len(second.input_value()) == PROPOSAL_MAX + 1
    assert second.input_value() == second_text
    assert not CurricularQuestionnaire.objects.filter(candidacy=other).exists()
