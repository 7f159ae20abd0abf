"""The staff screen: upload -> preview listing every bad row -> confirm. Real HTTP requests."""

import datetime
import io
import re
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.candidacies.importers import CandidacyImporter
from conoceles.candidacies.models import Candidacy
from conoceles.imports.base import CHUNK_SIZE
from conoceles.imports.models import ImportJob, ImportRowError
from conoceles.imports.services import end_stalled_jobs, importer_class, progress_key, validate_job
from tests.imports.helpers import CANDIDACY_HEADER, candidacy_row, valid_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def csv_upload(rows, name="candidaturas.csv"):
    lines = [",".join(CANDIDACY_HEADER)] + [",".join(r) for r in rows]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode("utf-8"), content_type="text/csv")


def upload(client, world, rows=None, file=None):
    return client.post(
        reverse("imports:list"),
        {
            "process": world.process.pk,
            "kind": "candidacies",
            "file": file or csv_upload(rows),
        },
        follow=True,
    )


CSV_TEXT = "\n".join([",".join(CANDIDACY_HEADER), ",".join(candidacy_row("G-1", name="Ñeli"))]) + "\n"
NOT_TEXT = "No se pudo leer el texto del archivo: no está en UTF-8 ni en Windows-1252"
NOT_SAVED = "No se guardó nada: corrija el archivo y súbalo de nuevo."


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("utf16-sin-bom.csv", CSV_TEXT.encode("utf-16-le"), NOT_TEXT),
        ("bytes.csv", bytes(range(256)) * 8, NOT_TEXT),
        ("no-es-zip.xlsx", b"PK\x03\x04 roto", "El archivo no es un libro de Excel (.xlsx) válido."),
        ("danado.xlsx", xlsx_bytes(CANDIDACY_HEADER, valid_rows(40), damaged_at=0.5), "El libro de Excel está dañado"),
        ("solo-espacios.csv", b"   \n\n", "La primera fila debe tener los nombres de las columnas."),
    ],
)
def test_an_unreadable_file_ends_the_job_with_a_clear_message(staff_client, world, name, content, message):
    page = upload(staff_client, world, file=SimpleUploadedFile(name, content)).content.decode()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert "<strong>Falló.</strong>" in page and message in page and NOT_SAVED in page
    assert 'http-equiv="refresh"' not in page and "Confirmar importación" not in page
    assert not Candidacy.objects.exists()


def test_an_empty_file_is_refused_on_the_form(staff_client, world):
    page = upload(staff_client, world, file=SimpleUploadedFile("vacio.csv", b"")).content.decode()
    assert "El archivo enviado está vacío." in page  # Django's own check, in es-MX
    assert not ImportJob.objects.exists()


def test_a_file_damaged_after_validation_writes_nothing_on_confirmation(staff_client, world):
    """The damage comes after the first chunk of rows was written inside the import's transaction."""
    rows = valid_rows(1990) + [
        candidacy_row(f"MR-PAN-{n}", "DIP_MR", district="1", actor="PAN", number=str(n)) for n in range(1, 150)
    ]
    assert len(rows) > CHUNK_SIZE
    upload(staff_client, world, file=SimpleUploadedFile("c.xlsx", xlsx_bytes(CANDIDACY_HEADER, rows)))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.VALID
    Path(job.file.path).write_bytes(xlsx_bytes(CANDIDACY_HEADER, rows, damaged_at=0.99))
    page = staff_client.post(reverse("imports:confirm", args=[job.pk]), follow=True).content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    damaged_row = int(re.search(r"dañado después de la fila (\d+)", job.failure).group(1))
    assert damaged_row > CHUNK_SIZE and job.failure in page
    assert not Candidacy.objects.exists()


def test_any_other_failure_ends_the_job_too(staff_client, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    upload(staff_client, world, [candidacy_row("G-1", "GUB", actor="PAN")])
    job = ImportJob.objects.get()
    Path(job.file.path).unlink()  # the worker finds no file: not the user's fault, but the job must still end
    with pytest.raises(FileNotFoundError):
        validate_job(job)
    page = staff_client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "<strong>Falló.</strong>" in page and "error inesperado del sistema" in page
    assert 'http-equiv="refresh"' not in page


def test_a_task_that_crashes_before_reading_ends_the_job_with_an_error(staff_client, world, monkeypatch, caplog):
    """The task itself blows up (here: building the importer), through the real upload and task: the page stops
    polling and says what happened in Spanish; the traceback goes to the log."""

    def broken(*args, **kwargs):
        raise RuntimeError("importer exploded")

    monkeypatch.setattr(CandidacyImporter, "__init__", broken)
    page = upload(staff_client, world, [candidacy_row("G-1", "GUB", actor="PAN")]).content.decode()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert "<strong>Falló.</strong>" in page and "error inesperado del sistema" in page
    assert 'http-equiv="refresh"' not in page and "se actualiza sola" not in page
    assert any(r.exc_info and "importer exploded" in str(r.exc_info[1]) for r in caplog.records)


# db_worker closes the database connection between tasks, as the worker process does: on PostgreSQL that
# would end a test wrapped in a transaction, so this one commits for real.
@pytest.mark.django_db(transaction=True)
def test_a_crash_in_the_database_workers_task_ends_the_job_too(staff_client, world, settings, monkeypatch):
    """Production's path: the upload enqueues, `db_worker` runs the task and it crashes reading the rows."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    upload(staff_client, world, [candidacy_row("G-1", "GUB", actor="PAN")])
    job = ImportJob.objects.get()
    page = staff_client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "En espera de validación" in page and 'http-equiv="refresh"' in page

    def broken(*args, **kwargs):
        raise MemoryError("the reader blew up")

    monkeypatch.setattr("conoceles.imports.services.run_import", broken)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--verbosity", "0")
    page = staff_client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "<strong>Falló.</strong>" in page and "error inesperado del sistema" in page
    assert 'http-equiv="refresh"' not in page


@pytest.mark.parametrize("status", [ImportJob.Status.PENDING, ImportJob.Status.VALIDATING, ImportJob.Status.APPLYING])
def test_a_job_whose_worker_died_ends_with_an_error_after_the_timeout(staff_client, world, settings, status, caplog):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # no worker runs it
    upload(staff_client, world, [candidacy_row("G-1", "GUB", actor="PAN")])
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=status)
    detail = reverse("imports:detail", args=[job.pk])
    page = staff_client.get(detail).content.decode()
    assert 'http-equiv="refresh"' in page, "still within the timeout: it keeps polling"
    ImportJob.objects.filter(pk=job.pk).update(
        active_at=timezone.now() - datetime.timedelta(minutes=settings.IMPORT_STALL_MINUTES + 1)
    )
    page = staff_client.get(detail).content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "<strong>Falló.</strong>" in page and "no dio señales durante 30 minutos" in page
    assert 'http-equiv="refresh"' not in page and "se actualiza sola" not in page
    assert any("stalled" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")


def test_a_running_job_that_reports_progress_is_not_taken_as_dead(staff_client, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    upload(staff_client, world, [candidacy_row("G-1", "GUB", actor="PAN")])
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.VALIDATING, active_at=timezone.now() - datetime.timedelta(hours=2)
    )
    cache.set(progress_key(job.pk), (2000, time.time()))  # the task's last chunk, just now
    assert end_stalled_jobs() == 0
    page = staff_client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "Procesadas 2,000 filas" in page and 'http-equiv="refresh"' in page


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


@pytest.mark.parametrize(
    "rows, summary",
    [
        ([candidacy_row(f"G-{n}", "GUB", actor="NADIE", sex="Z") for n in range(3)], "6 errores en 3 filas"),
        ([candidacy_row("G-1", "GUB", actor="NADIE"), candidacy_row("G-2", "GUB", actor="PAN")], "1 error en 1 fila"),
    ],
)
def test_the_error_summary_counts_errors_and_rows_in_spanish(staff_client, world, rows, summary):
    page = upload(staff_client, world, rows).content.decode()
    assert f"{summary} (de {len(rows)} filas del archivo)" in page


def test_row_numbers_and_counts_of_a_large_file_have_thousands_separators(staff_client, world):
    invalid = ImportJob.Status.INVALID
    job = ImportJob.objects.create(
        kind="candidacies", original_name="grande.csv", status=invalid, rows_total=200000, error_count=2
    )
    ImportRowError.objects.create(job=job, row=12345, column="SEXO", code="bad_choice", message="Sexo no válido")
    ImportRowError.objects.create(job=job, row=150001, column="EDAD", code="bad_age", message="Edad imposible")
    page = staff_client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "2 errores en 2 filas (de 200,000 filas del archivo)" in page
    assert "<td>12,345</td><td>SEXO</td>" in page and "<td>150,001</td><td>EDAD</td>" in page


def test_the_list_links_to_a_template_per_catalog_with_thousands_separators(staff_client, world):
    ImportJob.objects.create(kind="candidacies", original_name="grande.csv", rows_total=200000, error_count=1234)
    page = staff_client.get(reverse("imports:list")).content.decode()
    assert "docs/importacion.md" not in page
    for kind in ("geography", "cargos", "contests", "actors", "candidacies"):
        assert f'href="{reverse("imports:template", args=[kind])}"' in page
    assert ">200,000</td>" in page and ">1,234</td>" in page


def test_the_downloaded_template_filled_with_a_valid_row_imports_cleanly(staff_client, world):
    response = staff_client.get(reverse("imports:template", args=["candidacies"]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="plantilla-candidaturas.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert header == [column.name for column in CandidacyImporter.columns]
    assert sheet.max_row == 2, "the header and one example row"
    # Overwrite the example with a row of this process, column by column as a person would.
    mine = dict(zip(CANDIDACY_HEADER, candidacy_row("MR-PAN-1", "DIP_MR", district="1", name="Rosa"), strict=True))
    for index, name in enumerate(header, start=1):
        sheet.cell(2, index).value = mine.get(name) or None
    filled = io.BytesIO()
    workbook.save(filled)
    page = upload(staff_client, world, file=SimpleUploadedFile("plantilla.xlsx", filled.getvalue())).content.decode()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.VALID and job.error_count == 0, page
    staff_client.post(reverse("imports:confirm", args=[job.pk]))
    assert Candidacy.objects.get().first_name == "Rosa"


@pytest.mark.parametrize("kind", ["geography", "cargos", "contests", "actors", "candidacies"])
def test_every_template_has_the_importers_columns_and_an_example_row(staff_client, kind):
    workbook = load_workbook(io.BytesIO(staff_client.get(reverse("imports:template", args=[kind])).content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == [column.name for column in importer_class(kind).columns]
    assert len(rows) == 2 and any(rows[1])


def test_there_is_no_template_of_the_ine_workbook(staff_client):
    assert staff_client.get(reverse("imports:template", args=["ine"])).status_code == 404
