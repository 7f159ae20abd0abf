"""/datos-abiertos/ (public) and Gestión → Datos abiertos (staff): listing, downloads, exports and who may do what."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from conoceles.accounts.models import Role
from conoceles.opendata import releases, writers
from conoceles.opendata.models import InstituteExport, OpenDataRelease
from tests.factories import make_user
from tests.opendata import scenario


@pytest.fixture
def people(world):
    return scenario.build(world)


def test_the_page_says_when_there_is_no_release_yet(client, world):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    assert "Todavía no hay una versión de los datos abiertos" in response.content.decode()


def test_the_page_lists_releases_latest_first_with_size_and_checksum(client, world, people):
    first = releases.build_release(world.process)
    second = releases.build_release(world.process)
    page = client.get(reverse("opendata:index")).content.decode()
    assert page.index(second.download_path) < page.index(first.download_path)
    for release in (first, second):
        assert release.sha256 in page
    assert "5 candidaturas publicadas" in page
    for f in second.files:
        assert f"/datos-abiertos/{second.relative_dir}/{f['name']}" in page


def test_every_file_of_a_release_downloads_unchanged_and_is_cached_for_good(client, world, people):
    release = releases.build_release(world.process)
    for name in releases.published_files(release):
        response = client.get(f"/datos-abiertos/{release.relative_dir}/{name}")
        assert response.status_code == 200, name
        assert b"".join(response.streaming_content) == (releases.release_dir(release) / name).read_bytes()
        assert "immutable" in response["Cache-Control"] and "public" in response["Cache-Control"]


@pytest.mark.parametrize("name", [releases.FINGERPRINTS, "..%2F..%2Fsettings.py", "otro.zip"])
def test_nothing_but_the_release_files_is_served(client, world, people, name):
    release = releases.build_release(world.process)
    assert client.get(f"/datos-abiertos/{release.relative_dir}/{name}").status_code == 404


def test_the_footer_links_to_the_open_data(client, world):
    assert reverse("opendata:index") in client.get(reverse("public:home")).content.decode()


# --------------------------------------------------------------------------------------------
# Staff
# --------------------------------------------------------------------------------------------


def test_an_analyst_exports_every_approved_candidacy_and_the_export_is_recorded(client, world, people):
    analyst = make_user("analista", Role.ANALYST)
    client.force_login(analyst)
    assert client.get(reverse("opendata:staff")).status_code == 200
    response = client.post(reverse("opendata:staff"), {"file_format": "xlsx"})
    assert response.status_code == 302
    export = InstituteExport.objects.get()
    assert (export.created_by, export.status, export.candidacies) == (analyst, InstituteExport.Status.DONE, 6)
    download = client.get(reverse("opendata:export_file", args=[export.pk]))
    assert "no-store" in download["Cache-Control"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))["CANDIDATOS"]
    names = [row[7] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Laura Gómez Tun" in names  # not published, but approved: in the institute's export
    page = client.get(reverse("opendata:staff")).content.decode()
    assert "analista" in page and reverse("opendata:export_file", args=[export.pk]) in page


def test_a_bad_format_is_refused_with_a_message(client, world):
    client.force_login(make_user("analista", Role.ANALYST))
    response = client.post(reverse("opendata:staff"), {"file_format": "pdf"})
    assert response.status_code == 200
    assert "Elija un formato de la lista." in response.content.decode()
    assert not InstituteExport.objects.exists()


def test_only_the_admin_builds_a_release_on_demand(client, world, people):
    client.force_login(make_user("analista", Role.ANALYST))
    assert client.post(reverse("opendata:staff_release")).status_code == 403
    admin = make_user("coordinadora-datos", Role.ADMIN)
    client.force_login(admin)
    assert client.post(reverse("opendata:staff_release")).status_code == 302
    assert OpenDataRelease.objects.get().created_by == admin


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.PARTY, Role.CANDIDATE])
def test_other_roles_cannot_export(client, world, people, role):
    scope = {"actor": world.actors["PAN"]} if role == Role.PARTY else {}
    if role == Role.CANDIDATE:
        scope = {"candidacy": people["maria"]}
    client.force_login(make_user("alguien", role, **scope))
    assert client.get(reverse("opendata:staff")).status_code == 403
    assert client.post(reverse("opendata:staff"), {"file_format": "xlsx"}).status_code == 403
    export = InstituteExport.objects.create(process=world.process, file_format="xlsx", status="done")
    assert client.get(reverse("opendata:export_file", args=[export.pk])).status_code == 403


def test_anonymous_visitors_go_to_sign_in(client, world):
    response = client.get(reverse("opendata:staff"))
    assert response.status_code == 302 and "entrar" in response["Location"]


def test_the_export_command_writes_the_workbook_and_records_it(world, people, tmp_path, capsys):
    output = tmp_path / "todo.xlsx"
    call_command("export_ine", "--process", str(world.process.pk), "--output", str(output))
    assert "6 candidaturas" in capsys.readouterr().out
    sheets = openpyxl.load_workbook(output).sheetnames
    assert sheets == ["CANDIDATOS", "CUESTIONARIO IDENTIDAD"]
    export = InstituteExport.objects.get()
    assert export.created_by is None and export.status == InstituteExport.Status.DONE


def test_the_zip_export_holds_every_format(world, people, tmp_path):
    import zipfile

    output = tmp_path / "todo.zip"
    call_command("export_ine", "--process", str(world.process.pk), "--output", str(output))
    assert sorted(zipfile.ZipFile(output).namelist()) == sorted(writers.DATA_FILES)
