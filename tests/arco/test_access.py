"""Derecho de acceso: «Mis datos personales» → the zip of everything the system holds about the candidate, and
nothing about anyone else; each download recorded with its SHA-256."""

import hashlib

import pytest
from django.test import Client
from django.urls import reverse

from conoceles.arco.models import ArcoRequest
from conoceles.arco.services import download_my_data
from tests.factories import make_user

from .helpers import MARKER, full_scene, open_zip, zip_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world, candidacy, candidate_user, notices, reviewer):
    return full_scene(world, candidacy, candidate_user, notices, reviewer)


def download(client, user):
    client = Client()  # her own browser (the `client` fixture may be another account's)
    client.force_login(user)
    response = client.post(reverse("arco:download"))
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def test_the_zip_holds_each_file_the_readme_describes(client, scene):
    content = download(client, scene.user)
    archive = open_zip(content)
    names = set(archive.namelist())
    readme = archive.read("LEEME.txt").decode()
    for name in names:
        if not name.startswith("evidencias/") and not name.startswith("fotografia"):
            assert name in readme, f"{name} is not described in LEEME.txt"
    assert "fotografia.*" in readme and "evidencias/" in readme

    record = zip_json(archive, "candidatura.json")
    assert record["nombre(s)"] == "María" and record["correo (privado)"] == "maria.privado@example.com"
    assert "María" in archive.read("candidatura.html").decode()
    assert zip_json(archive, "cuestionario_curricular.json")["historia profesional y/o laboral"].startswith(
        "Docente rural"
    )
    photo = [n for n in names if n.startswith("fotografia")]
    assert len(photo) == 1 and archive.read(photo[0])[:3] == b"\xff\xd8\xff"  # the stored JPEG
    answers = zip_json(archive, "respuestas_identidad.json")
    assert {a["pregunta"].split(".")[0] for a in answers} == {"1", "6"}
    assert any(a["especifique"] == "Docente rural detalle" for a in answers)
    consent = zip_json(archive, "consentimientos.json")
    assert len(consent["registros"]) == 3
    evidence = consent["registros"][0]["archivo de evidencia en el paquete"]
    assert archive.read(evidence).startswith(b"%PDF")
    assert all("versión 1" in r["versión del aviso de privacidad"] for r in consent["registros"])
    assert all(r["registrado por"] == "usted" for r in consent["registros"])
    notices = zip_json(archive, "avisos_de_privacidad.json")
    assert {n["aviso"] for n in notices} == {"Aviso de privacidad integral", "Aviso de privacidad simplificado"}
    assert all("DERECHOS ARCO" in n["conservación y derechos ARCO"] for n in notices)
    account = zip_json(archive, "cuenta.json")[0]
    assert account["nombre de usuario"] == "candidata" and account["Dirección de correo electrónico"] == (
        "maria.cuenta@example.com"
    )
    logins = zip_json(archive, "registro_de_accesos.json")
    assert "10.0.0.7" in {e["dirección IP"] for e in logins} and {e["cuenta"] for e in logins} == {"usted"}
    assert "Recordatorio Docente rural" in archive.read("avisos_del_sistema.json").decode()
    events = zip_json(archive, "historial/eventos.json")
    assert events[-1]["motivo"] == "Revisada Docente rural"
    assert events[-1]["realizado por"] == "personal del instituto (Revisión)"  # a role, not a name
    observations = zip_json(archive, "historial/observaciones.json")
    assert observations[0]["comentario para el actor político"] == "Observación Docente rural"
    assert zip_json(archive, "historial/cambios_candidatura.json")  # the change history of her row
    assert zip_json(archive, "historial/cambios_cuestionario_curricular.json")


def test_nothing_of_anyone_else_and_no_secrets(client, scene, reviewer):
    content = download(client, scene.user)
    archive = open_zip(content)
    for name in archive.namelist():
        text = archive.read(name).decode(errors="ignore")
        assert MARKER not in text, f"the partner's data in {name}"
        assert "marcador.ajeno" not in text and "suplente" not in text, name
        assert scene.user.password not in text, name  # the hash of her password (unusable here, yet never)
        assert "pbkdf2" not in text and "argon2" not in text, name
        assert reviewer.username not in text, f"a staff account is named in {name}"


def test_each_download_is_recorded_with_the_file_hash(client, scene, staff_client):
    content = download(client, scene.user)
    request = ArcoRequest.objects.get()
    assert request.kind == ArcoRequest.Kind.ACCESS and request.status == ArcoRequest.Status.GRANTED
    assert request.file_sha256 == hashlib.sha256(content).hexdigest()
    assert request.requested_by == scene.user and request.candidacy == scene.candidacy
    # a second download lists the first in solicitudes_arco.json
    archive = open_zip(download(client, scene.user))
    assert zip_json(archive, "solicitudes_arco.json")[0]["SHA-256 del archivo entregado"] == request.file_sha256
    # the staff queue shows both
    page = staff_client.get(reverse("arco:staff_list"), {"derecho": "access"})
    assert page.content.decode().count("Acceso") >= 2


def test_a_download_is_a_post(client, candidate_user):
    client.force_login(candidate_user)
    assert client.get(reverse("arco:download")).status_code == 405
    assert not ArcoRequest.objects.exists()


@pytest.mark.parametrize("role", ["party", "reviewer", "admin", "analyst"])
def test_other_roles_have_no_such_page_nor_download(client, candidacy, role, party_user, reviewer, admin_user):
    users = {
        "party": party_user,
        "reviewer": reviewer,
        "admin": admin_user,
        "analyst": make_user("analista", "analyst"),
    }
    client.force_login(users[role])
    assert client.get(reverse("arco:mine")).status_code == 404
    assert client.post(reverse("arco:download")).status_code == 404
    with pytest.raises(Exception):  # noqa: B017 (PermissionDenied, whatever the role)
        download_my_data(users[role])
    assert not ArcoRequest.objects.exists()


def test_signed_out_visitors_go_to_the_login_page(client):
    response = client.get(reverse("arco:mine"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
