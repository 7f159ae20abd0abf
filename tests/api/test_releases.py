"""GET /api/v1/processes/ID/releases: the open-data releases of a process, latest first, with what a downloader needs
to fetch and verify each (never who generated it)."""

import datetime

import pytest

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.elections.models import ElectoralProcess
from conoceles.opendata.models import OpenDataRelease
from conoceles.opendata.releases import build_release

from .helpers import data, get

pytestmark = pytest.mark.django_db


def release(process, name, **fields):
    return OpenDataRelease.objects.create(
        process=process,
        name=name,
        data_date=datetime.date.fromisoformat(name[:10]),
        zip_name=f"conoceles-{name}.zip",
        size=fields.pop("size", 1234),
        sha256=fields.pop("sha256", "a" * 64),
        candidacies=fields.pop("candidacies", 10),
        **fields,
    )


def test_the_releases_latest_first_with_their_files_and_changes(client, world):
    maker = create_account("generadora", Role.ADMIN, password=None, email="generadora@example.org")
    first = release(world.process, "2027-05-01", created_by=maker)
    second = release(
        world.process,
        "2027-05-02",
        files=[{"name": "candidaturas.csv", "size": 99, "sha256": "b" * 64}],
        changes={"previous": "2027-05-01", "added": 3, "removed": 1, "changed": {"proposals": 2}},
        candidacies=12,
    )
    other = ElectoralProcess.objects.create(name="Otro", entity=23, election_day=datetime.date(2027, 6, 6))
    release(other, "2027-05-03")
    response = get(client, "releases", world.process.pk)
    assert response.status_code == 200
    body = data(response)
    assert [r["name"] for r in body] == ["2027-05-02", "2027-05-01"]
    assert body[0] == {
        "name": "2027-05-02",
        "data_date": "2027-05-02",
        "created_at": body[0]["created_at"],
        "size": 1234,
        "sha256": "a" * 64,
        "candidacies": 12,
        "files": [{"name": "candidaturas.csv", "size": 99, "sha256": "b" * 64}],
        "changes": {"previous": "2027-05-01", "added": 3, "removed": 1, "changed": {"proposals": 2}},
        "download_url": f"http://testserver{second.download_path}",
    }
    served = datetime.datetime.fromisoformat(body[0]["created_at"])
    assert datetime.timedelta(0) <= second.created_at - served < datetime.timedelta(milliseconds=1)  # JSON keeps ms
    assert body[1]["download_url"] == f"http://testserver/datos-abiertos/{world.process.pk}/2027-05-01/{first.zip_name}"
    assert "generadora" not in response.content.decode()


def test_a_new_release_appears_at_once_although_answers_are_cached(client, world, settings):
    """build_release announces the new release (conoceles.changes, Reason.RELEASE): the cached answer is stale."""
    settings.PUBLIC_CACHE_ENABLED = True
    assert data(get(client, "releases", world.process.pk)) == []
    assert data(get(client, "releases", world.process.pk)) == []  # now from the cache
    built = build_release(world.process)
    assert [r["name"] for r in data(get(client, "releases", world.process.pk))] == [built.name]
