"""The staff screen: upload -> preview listing every bad row -> confirm. Real HTTP requests."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.candidacies.models import Candidacy
from conoceles.imports.models import ImportJob
from tests.imports.helpers import CANDIDACY_HEADER, candidacy_row

pytestmark = pytest.mark.django_db


def csv_upload(rows, name="candidaturas.csv"):
    lines = [",".join(CANDIDACY_HEADER)] + [",".join(r) for r in rows]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode("utf-8"), content_type="text/csv")


@pytest.fixture
def staff_client(client):
    user = create_account("coordinadora", Role.ADMIN, password="x-Segura-2027", must_change_password=False)
    client.force_login(user)
    return client


def upload(client, world, rows):
    return client.post(
        reverse("imports:list"),
        {
            "process": world.process.pk,
            "kind": "candidacies",
            "file": csv_upload(rows),
        },
        follow=True,
    )


def test_upload_preview_then_confirm(staff_client, world):
    rows = [candidacy_row("G-1", "GUB", actor="PAN"), candidacy_row("G-2", "GUB", actor="MORENA", name="Eva")]
    response = upload(staff_client, world, rows)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lista para importar" in page and "Confirmar importación" in page
    assert "Nuevos" in page
    assert Candidacy.objects.count() == 0, "the preview must not write"
    job = ImportJob.objects.get()
    response = staff_client.post(reverse("imports:confirm", args=[job.pk]), follow=True)
    assert "Importación terminada" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLIED and job.summary["created"] == 2
    assert Candidacy.objects.count() == 2
    assert Candidacy.history.filter(history_user__username="coordinadora").count() == 2


def test_preview_lists_every_bad_row_and_offers_no_confirmation(staff_client, world):
    rows = [
        candidacy_row("G-1", "GUB", actor="PAN"),
        candidacy_row("G-2", "GUB", actor="PRD"),
        candidacy_row("G-3", "GUB", actor="MORENA", sex="Z"),
    ]
    page = upload(staff_client, world, rows).content.decode()
    assert "Con errores" in page and "Confirmar importación" not in page
    assert "<td>3</td><td>ACTOR</td><td>«PRD» no es un partido, coalición o candidatura registrada.</td>" in page
    assert "<td>4</td><td>SEXO</td>" in page
    job = ImportJob.objects.get()
    assert job.error_count == 2
    response = staff_client.post(reverse("imports:confirm", args=[job.pk]), follow=True)
    assert "Solo se puede confirmar una vez una importación validada" in response.content.decode()
    assert Candidacy.objects.count() == 0


def test_confirmation_revalidates_against_current_data(staff_client, world):
    upload(staff_client, world, [candidacy_row("G-1", "GUB", actor="PAN")])
    job = ImportJob.objects.get()
    Candidacy.objects.create(
        process=world.process,
        registration_id="OTRA",
        contest=world.contests["GUB"],
        actor=world.actors["PAN"],
        position="owner",
        first_name="Ya",
        sex="M",
        declared_age=50,
    )
    page = staff_client.post(reverse("imports:confirm", args=[job.pk]), follow=True).content.decode()
    assert "ya no es válido" in page
    assert not Candidacy.objects.filter(registration_id="G-1").exists()


def test_wrong_file_type_is_refused_on_the_form(staff_client, world):
    response = staff_client.post(
        reverse("imports:list"),
        {
            "process": world.process.pk,
            "kind": "candidacies",
            "file": SimpleUploadedFile("foto.png", b"\x89PNG....", content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert "El archivo debe ser .csv o .xlsx." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_uploaded_files_are_not_under_public_media(staff_client, world, settings):
    upload(staff_client, world, [candidacy_row("G-1", "GUB", actor="PAN")])
    path = ImportJob.objects.get().file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))


def test_only_the_administration_reaches_the_import_screen(client, world):
    response = client.get(reverse("imports:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    client.force_login(create_account("revisora", Role.REVIEWER, password=None))
    assert client.get(reverse("imports:list")).status_code == 403
    assert client.post(reverse("imports:list"), {"kind": "candidacies"}).status_code == 403


def test_a_second_confirmation_does_not_apply_twice(staff_client, world):
    upload(staff_client, world, [candidacy_row("G-1", "GUB", actor="PAN")])
    job = ImportJob.objects.get()
    staff_client.post(reverse("imports:confirm", args=[job.pk]))
    page = staff_client.post(reverse("imports:confirm", args=[job.pk]), follow=True).content.decode()
    assert "Solo se puede confirmar una vez" in page
    assert Candidacy.objects.count() == 1 and Candidacy.history.count() == 1


def test_confirmed_job_waits_for_the_worker_without_a_second_button(staff_client, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    upload(staff_client, world, [candidacy_row("G-1", "GUB", actor="PAN")])
    job = ImportJob.objects.get()
    job.status = ImportJob.Status.VALID  # validation would have run in the worker
    job.save()
    page = staff_client.post(reverse("imports:confirm", args=[job.pk]), follow=True).content.decode()
    assert "Importando" in page and "Confirmar importación" not in page
    assert 'http-equiv="refresh"' in page
