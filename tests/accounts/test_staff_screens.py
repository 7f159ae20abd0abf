"""Gestión → Cuentas through real HTTP requests: list, generate, deliver credentials, (de)activate, login log."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conoceles.accounts.models import AccountEvent, LoginEvent, Role, User
from conoceles.accounts.services import create_account, generate_accounts, issue_credentials
from tests.accounts.helpers import (
    csv_rows,
    database_contains,
    needs_poppler,
    pdf_pages,
    pdf_text,
    unzip,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def issue(client, users=(), **data):
    payload = {"scope": "selected", "format": "pdf", "users": [u.pk for u in users], **data}
    return client.post(reverse("staff_accounts:issue"), payload)


# ---------------------------------------------------------------------------------------------- the list


def test_list_shows_accounts_with_last_login_and_credentials(staff_client, world, admin_user):
    generate_accounts(world.process, per_candidacy=False)
    page = staff_client.get(reverse("staff_accounts:list")).content.decode()
    assert "pan-2027" in page and "Partido Acción Nacional" in page and "Actor político" in page
    assert "Nunca" in page and "Sin entregar" in page
    assert "4 cuentas de actores y candidaturas sin credenciales entregadas" in page


def test_the_list_has_one_download_button_for_the_selected_or_the_pending_accounts(staff_client, world):
    generate_accounts(world.process, per_candidacy=False)
    page = staff_client.get(reverse("staff_accounts:list")).content.decode()
    assert page.count("Generar contraseñas y descargar") == 1
    assert 'name="scope" value="selected" id="alcance-seleccion" checked' in page
    assert "Las cuentas sin credenciales entregadas (4)" in page
    # The one button delivers the pending accounts when that is chosen.
    response = staff_client.post(reverse("staff_accounts:issue"), {"scope": "pending", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert not User.objects.filter(role=Role.PARTY, credentials_issued_at__isnull=True).exists()
    page = staff_client.get(reverse("staff_accounts:list")).content.decode()
    assert page.count("Generar contraseñas y descargar") == 1 and 'name="scope" value="selected"' in page
    assert "sin credenciales entregadas (" not in page


def test_list_filters(staff_client, world):
    gub = world.candidacy("GUB", "PAN", first_name="Xóchitl", registration_id="G-1")
    world.candidacy("MR1", "MORENA", registration_id="MR-1")
    generate_accounts(world.process, per_candidacy=True)
    issue_credentials([User.objects.get(username="morena-2027")])
    User.objects.filter(username="pt-2027").update(is_active=False)

    def usernames(**params):
        page = staff_client.get(reverse("staff_accounts:list"), params).content.decode()
        return set(re.findall(r'<label for="cuenta-\d+">([^<]+)</label>', page))

    assert usernames(role="candidate") == {"c-g-1", "c-mr-1"}
    assert usernames(actor=world.actors["PAN"].pk) == {"pan-2027", "c-g-1"}
    assert usernames(status="inactive") == {"pt-2027"}
    assert usernames(role="party", pending="on") == {"pan-2027", "shh-2027", "pt-2027"}
    assert usernames(role="party", status="active") == {"pan-2027", "shh-2027", "morena-2027"}
    assert usernames(q="xóchitl") == {"c-g-1"}
    assert usernames(q="coordinadora") == {"coordinadora"}
    assert gub.accounts.get().username == "c-g-1"
    page = staff_client.get(reverse("staff_accounts:list"), {"q": "nadie"}).content.decode()
    assert "Ninguna cuenta coincide con los filtros." in page


def test_list_paginates_by_50_keeping_filters(staff_client, world):
    for n in range(55):
        create_account(f"revisora-{n:02d}", Role.REVIEWER, password=None)
    page = staff_client.get(reverse("staff_accounts:list"), {"role": "reviewer"}).content.decode()
    assert page.count('name="users"') == 50
    assert "Página 1 de 2" in page and "?role=reviewer&amp;page=2" in page
    page = staff_client.get(reverse("staff_accounts:list"), {"role": "reviewer", "page": 2}).content.decode()
    assert page.count('name="users"') == 5


def test_empty_state(staff_client, world):
    User.objects.exclude(username="coordinadora").delete()
    page = staff_client.get(reverse("staff_accounts:list"), {"role": "party"}).content.decode()
    assert "Ninguna cuenta coincide con los filtros." in page


def test_gestion_index_links_to_accounts(staff_client):
    page = staff_client.get(reverse("admin:index")).content.decode()
    assert reverse("staff_accounts:list") in page and reverse("staff_accounts:generate") in page


# ---------------------------------------------------------------------------------------------- generation


def test_generate_screen(staff_client, world):
    world.candidacy("GUB", "PAN")
    page = staff_client.get(reverse("staff_accounts:generate")).content.decode()
    assert "También una cuenta por candidatura" in page
    response = staff_client.post(
        reverse("staff_accounts:generate"), {"process": world.process.pk, "per_candidacy": "on"}
    )
    page = response.content.decode()
    assert "Se crearon 5 cuentas" in page and "4 de actores políticos y 1 de candidaturas" in page
    assert "5 cuentas de" in page and "Generar contraseñas y descargar" in page
    assert User.objects.filter(role__in=[Role.PARTY, Role.CANDIDATE]).count() == 5
    assert AccountEvent.objects.filter(kind="created", by__username="coordinadora").count() == 5
    page = staff_client.post(reverse("staff_accounts:generate"), {"process": world.process.pk}).content.decode()
    assert "no se creó ninguna" in page


# ---------------------------------------------------------------------------------------------- credentials


@needs_poppler
def test_issue_pdf_one_page_per_account(staff_client, world, tmp_path):
    users = generate_accounts(world.process, per_candidacy=False)
    response = issue(staff_client, users)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="credenciales-')
    assert "no-store" in response["Cache-Control"]
    assert pdf_pages(response.content, tmp_path) == 4
    text = pdf_text(response.content, tmp_path)
    for username in ("pan-2027", "morena-2027", "pt-2027", "shh-2027"):
        assert username in text
    assert "Partido Acción Nacional" in text and world.process.name in text
    assert "http://testserver/cuenta/entrar/" in text
    for user in User.objects.filter(pk__in=[u.pk for u in users]):
        assert user.must_change_password and user.credentials_issued_at and user.has_usable_password()


@needs_poppler
def test_zip_pdf_and_csv_carry_the_same_passwords_and_the_hash_verifies(staff_client, world, tmp_path):
    c = world.candidacy("MR1", "MORENA", first_name="Ximena")
    generate_accounts(world.process, per_candidacy=True)
    response = staff_client.post(
        reverse("staff_accounts:issue"), {"scope": "pending", "process": world.process.pk, "format": "zip"}
    )
    assert response["Content-Type"] == "application/zip" and "no-store" in response["Cache-Control"]
    files = unzip(response.content)
    rows = csv_rows(files[".csv"])
    assert len(rows) == 5 == pdf_pages(files[".pdf"], tmp_path)
    text = pdf_text(files[".pdf"], tmp_path)
    for row in rows:
        user = User.objects.get(username=row["usuario"])
        password = row["contrasena_temporal"]
        assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", password)
        assert user.check_password(password) and user.must_change_password
        assert password in text and row["usuario"] in text
        assert database_contains(password) == [], "the clear password must not be stored"
    candidate = next(r for r in rows if r["usuario"] == f"c-{c.registration_id.lower()}")
    assert candidate["rol"] == "Persona candidata" and "MORENA" in candidate["ambito"]
    # the sheet is grouped by actor: MORENA's account, then its candidacy
    names = [r["usuario"] for r in rows]
    assert names.index("morena-2027") + 1 == names.index(candidate["usuario"])


def test_csv_for_selected_accounts(staff_client, world):
    users = generate_accounts(world.process, per_candidacy=False)[:2]
    response = issue(staff_client, users, format="csv")
    assert response["Content-Type"].startswith("text/csv") and "no-store" in response["Cache-Control"]
    rows = csv_rows(response.content)
    assert {r["usuario"] for r in rows} == {u.username for u in users}
    assert User.objects.exclude(role="admin").filter(credentials_issued_at__isnull=False).count() == 2


def test_pending_scope_by_actor_skips_delivered_inactive_and_staff(staff_client, world):
    world.candidacy("GUB", "PAN")
    world.candidacy("MR1", "PAN")
    world.candidacy("MR15", "MORENA")
    generate_accounts(world.process, per_candidacy=True)
    delivered = User.objects.filter(candidacy__contest=world.contests["MR1"]).get()
    issue_credentials([delivered])
    User.objects.filter(candidacy__contest=world.contests["GUB"]).update(is_active=False)
    response = staff_client.post(
        reverse("staff_accounts:issue"), {"scope": "pending", "actor": world.actors["PAN"].pk, "format": "csv"}
    )
    assert [r["usuario"] for r in csv_rows(response.content)] == ["pan-2027"]


def test_reissue_needs_explicit_confirmation(staff_client, world):
    users = generate_accounts(world.process, per_candidacy=False)
    pan = User.objects.get(username="pan-2027")
    first = {r["usuario"]: r["contrasena_temporal"] for r in csv_rows(issue(staff_client, [pan], format="csv").content)}
    response = issue(staff_client, users, format="csv")
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "1 de estas cuentas ya recibieron credenciales" in page
    assert "Las contraseñas anteriores dejarán de servir" in page
    pan.refresh_from_db()
    assert pan.check_password(first["pan-2027"]), "a refused request changes nothing"
    assert User.objects.exclude(role="admin").filter(credentials_issued_at__isnull=False).count() == 1
    response = issue(staff_client, users, format="csv", confirm_reissue="on")
    rows = {r["usuario"]: r["contrasena_temporal"] for r in csv_rows(response.content)}
    assert len(rows) == 4
    pan.refresh_from_db()
    assert not pan.check_password(first["pan-2027"]) and pan.check_password(rows["pan-2027"])


def test_new_password_for_one_account_goes_through_a_confirmation_page(staff_client, world):
    generate_accounts(world.process, per_candidacy=False)
    pan = User.objects.get(username="pan-2027")
    issue_credentials([pan])
    page = staff_client.get(reverse("staff_accounts:list")).content.decode()
    link = f"{reverse('staff_accounts:issue')}?users={pan.pk}&amp;next="
    assert link in page
    page = staff_client.get(reverse("staff_accounts:issue"), {"users": pan.pk}).content.decode()
    assert "pan-2027" in page and "Esta cuenta ya recibió credenciales" in page
    assert f'name="users" value="{pan.pk}"' in page and 'name="confirm_reissue"' in page
    before = pan.password
    pan.refresh_from_db()
    assert pan.password == before, "GET changes nothing"
    response = issue(staff_client, [pan], format="pdf", confirm_reissue="on")
    assert response["Content-Type"] == "application/pdf"
    pan.refresh_from_db()
    assert pan.password != before


def test_issue_refuses_empty_inactive_and_own_account(staff_client, world, admin_user):
    page = issue(staff_client, []).content.decode()
    assert "seleccione al menos una" in page
    users = generate_accounts(world.process, per_candidacy=False)
    users[0].is_active = False
    users[0].save()
    page = issue(staff_client, users[:1]).content.decode()
    assert "están desactivadas" in page and users[0].username in page
    page = issue(staff_client, [admin_user]).content.decode()
    assert "su propia cuenta" in page
    assert not User.objects.exclude(role="admin").filter(credentials_issued_at__isnull=False).exists()


def test_issue_is_post_or_confirmation_only(staff_client):
    assert staff_client.put(reverse("staff_accounts:issue")).status_code == 405


# ---------------------------------------------------------------------------------------------- (de)activation


def test_deactivate_and_reactivate(staff_client, world):
    pan = create_account(
        "pan-2027", Role.PARTY, password="Enlace-Pan-2027", actor=world.actors["PAN"], must_change_password=False
    )
    page = staff_client.get(reverse("staff_accounts:deactivate", args=[pan.pk])).content.decode()
    assert "¿Desactivar la cuenta pan-2027?" in page and "No podrá entrar hasta que la reactive." in page
    pan.refresh_from_db()
    assert pan.is_active, "GET only asks"
    response = staff_client.post(reverse("staff_accounts:deactivate", args=[pan.pk]), follow=True)
    assert "La cuenta pan-2027 quedó desactivada" in response.content.decode()
    pan.refresh_from_db()
    assert not pan.is_active
    assert AccountEvent.objects.filter(user=pan, kind="deactivated", by__username="coordinadora").exists()

    visitor = Client()
    response = visitor.post(reverse("accounts:login"), {"username": "pan-2027", "password": "Enlace-Pan-2027"})
    assert response.status_code == 200
    assert "Usuario o contraseña incorrectos" in response.content.decode()
    assert "_auth_user_id" not in visitor.session

    page = staff_client.get(reverse("staff_accounts:reactivate", args=[pan.pk])).content.decode()
    assert "¿Reactivar la cuenta pan-2027?" in page
    response = staff_client.post(reverse("staff_accounts:reactivate", args=[pan.pk]), follow=True)
    assert "La cuenta pan-2027 quedó reactivada" in response.content.decode()
    response = visitor.post(reverse("accounts:login"), {"username": "pan-2027", "password": "Enlace-Pan-2027"})
    assert response.status_code == 302 and visitor.session["_auth_user_id"] == str(pan.pk)


def test_deactivation_ends_an_open_session(staff_client, world):
    pan = create_account("pan-2027", Role.PARTY, password=None, actor=world.actors["PAN"])
    client = Client()
    client.force_login(pan)
    assert client.get(reverse("candidacies:list")).status_code == 200
    staff_client.post(reverse("staff_accounts:deactivate", args=[pan.pk]))
    response = client.get(reverse("candidacies:list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_cannot_deactivate_own_account(staff_client, admin_user):
    page = staff_client.get(reverse("staff_accounts:deactivate", args=[admin_user.pk])).content.decode()
    assert "No puede desactivar su propia cuenta" in page and "Desactivar la cuenta</button>" not in page
    response = staff_client.post(reverse("staff_accounts:deactivate", args=[admin_user.pk]), follow=True)
    assert "No puede desactivar su propia cuenta." in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_toggle_returns_to_the_filtered_list(staff_client, world):
    pan = create_account("pan-2027", Role.PARTY, password=None, actor=world.actors["PAN"])
    back = reverse("staff_accounts:list") + "?role=party"
    response = staff_client.post(reverse("staff_accounts:deactivate", args=[pan.pk]), {"next": back})
    assert response["Location"] == back
    response = staff_client.post(reverse("staff_accounts:reactivate", args=[pan.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("staff_accounts:list")


# ---------------------------------------------------------------------------------------------- login log


def test_login_log_lists_and_filters(staff_client, world):
    client = Client()
    create_account(
        "pan-2027", Role.PARTY, password="Enlace-Pan-2027", actor=world.actors["PAN"], must_change_password=False
    )
    client.post(reverse("accounts:login"), {"username": "pan-2027", "password": "mal"})
    client.post(reverse("accounts:login"), {"username": "pan-2027", "password": "Enlace-Pan-2027"})
    assert LoginEvent.objects.filter(username="pan-2027").count() == 2
    page = staff_client.get(reverse("staff_accounts:login_log")).content.decode()
    assert "Intento fallido" in page and "Ingreso" in page
    page = staff_client.get(reverse("staff_accounts:login_log"), {"kind": "failed"}).content.decode()
    assert "<td>Intento fallido</td>" in page and "<td>Ingreso</td>" not in page
    page = staff_client.get(reverse("staff_accounts:login_log"), {"username": "nadie"}).content.decode()
    assert "No hay eventos" in page


# ---------------------------------------------------------------------------------------------- access control


def _urls(pk):
    return [
        reverse("staff_accounts:list"),
        reverse("staff_accounts:generate"),
        reverse("staff_accounts:issue"),
        reverse("staff_accounts:email"),
        reverse("staff_accounts:deactivate", args=[pk]),
        reverse("staff_accounts:reactivate", args=[pk]),
        reverse("staff_accounts:login_log"),
    ]


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.ANALYST, Role.PARTY, Role.CANDIDATE])
def test_other_roles_get_403_everywhere(client, world, role):
    scope = {}
    if role == Role.PARTY:
        scope = {"actor": world.actors["PAN"]}
    elif role == Role.CANDIDATE:
        scope = {"candidacy": world.candidacy("GUB")}
    user = create_account("alguien", role, password=None, **scope)
    target = create_account("objetivo", Role.PARTY, password=None, actor=world.actors["PT"])
    client.force_login(user)
    for url in _urls(target.pk):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"users": [target.pk], "scope": "selected", "format": "pdf"}).status_code == 403, url
    target.refresh_from_db()
    assert target.is_active and target.credentials_issued_at is None


def test_anonymous_goes_to_login(client, world):
    target = create_account("objetivo", Role.PARTY, password=None, actor=world.actors["PT"])
    for url in _urls(target.pk):
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("accounts:login") + "?next="), url


def test_issue_with_an_unknown_account_is_refused(staff_client):
    response = staff_client.post(reverse("staff_accounts:issue"), {"scope": "selected", "users": [99999]})
    assert "ya no existe" in response.content.decode()


# ---------------------------------------------------------------------------------------------- query counts


def add_accounts(world, count: int, tag: str) -> None:
    """`count` candidate accounts and `count` party accounts, with all a row of the list shows: the candidacy's
    actor, contest and position, a last login, credentials delivered; every third one deactivated."""
    contests, actors = ["GUB", "MR1", "MR15", "RP", "PM_OPB", "PM_BJ"], ["PAN", "MORENA", "PT", "SHH"]
    for n in range(count):
        candidacy = world.candidacy(contests[n % len(contests)], actors[n % len(actors)], first_name=f"{tag}{n}")
        seen = {"last_login": timezone.now(), "credentials_issued_at": timezone.now(), "is_active": n % 3 != 2}
        make_user(f"c-{tag}-{n}", Role.CANDIDATE, candidacy=candidacy, first_name=f"{tag}{n}", **seen)
        make_user(f"p-{tag}-{n}", Role.PARTY, actor=world.actors[actors[n % len(actors)]], **seen)


def test_the_list_runs_as_many_queries_for_three_times_the_accounts(staff_client, world, django_assert_num_queries):
    url = reverse("staff_accounts:list")
    add_accounts(world, 4, "a")
    staff_client.get(url)  # what the first request of a session reads once
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(url).content.decode().count('name="users" value=') == 1 + 8
    add_accounts(world, 8, "b")
    with django_assert_num_queries(len(few)):
        page = staff_client.get(url).content.decode()
    assert page.count('name="users" value=') == 1 + 24  # every row rendered, not a page of them
    assert "Diputación local MR – Distrito 15 (Chetumal)" in page and "c-b-7" in page and "Desactivada" in page
