"""`make run` is a demo, not a debug console: its settings (DEMO=true) turn DEBUG off, so a 404 is the site's own
Spanish page, while static and media files are still served and nothing HTTPS-only gets in the way on plain HTTP;
production settings stay as strict as `check --deploy` wants. Each case runs in a fresh interpreter, since settings
are read once per process."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
# Anything the test run itself set that would change what is checked here.
CLEARED = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "CACHE_URL", "DEMO", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
missing = client.get("/no-existe/")
css = client.get("/static/conoceles/css/site.css")
emblem = client.get("/media/emblemas/demo.svg")
print(json.dumps({
    "debug": settings.DEBUG,
    "secure_cookies": settings.SESSION_COOKIE_SECURE or settings.CSRF_COOKIE_SECURE,
    "ssl_redirect": getattr(settings, "SECURE_SSL_REDIRECT", False),
    "missing": [missing.status_code, missing.content.decode()],
    "css": [css.status_code, b"".join(css.streaming_content).decode()[:200] if css.streaming else ""],
    "emblem": [emblem.status_code, b"".join(emblem.streaming_content).decode() if emblem.streaming else ""],
}))
"""


def environment(tmp_path, **extra):
    env = {key: value for key, value in os.environ.items() if key not in CLEARED}
    return {
        **env,
        "CONOCELES_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "conoceles.settings",
        "PYTHONPATH": str(PROJECT / "src"),
        **extra,
    }


def test_the_demo_answers_a_missing_page_with_the_sites_spanish_404_and_still_serves_files(tmp_path):
    (tmp_path / "media" / "emblemas").mkdir(parents=True)
    (tmp_path / "media" / "emblemas" / "demo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=environment(tmp_path, DEMO="true"), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["debug"] is False
    status, page = probe["missing"]
    assert status == 404 and "No encontramos esa página" in page and 'lang="es' in page
    assert "URLconf" not in page and "DEBUG = True" not in page, "Django's debug page lists every URL"
    assert probe["css"][0] == 200 and probe["css"][1], "static files are served without collectstatic"
    assert probe["emblem"] == [200, '<svg xmlns="http://www.w3.org/2000/svg"/>'], "the demo's media files display"
    assert not probe["secure_cookies"] and not probe["ssl_redirect"], "the demo runs on plain HTTP"
    # Its secret key is its own, made once in the var folder, never a key from the repository.
    key = (tmp_path / "demo-secret-key").read_text()
    assert len(key) >= 50


def test_production_settings_still_pass_check_deploy(tmp_path):
    key = "Yq7Lw2Zr9Tb4Nc8Vd1Mf6Hs3Kj5Gp0-aB3cD5eF7gH9iJ1kL3mN5oP7"
    env = environment(tmp_path, DEBUG="false", SECRET_KEY=key, ALLOWED_HOSTS="example.org")
    result = subprocess.run(
        [sys.executable, str(PROJECT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (tmp_path / "demo-secret-key").exists()


def test_production_without_a_secret_key_does_not_start(tmp_path):
    result = subprocess.run(
        [sys.executable, str(PROJECT / "manage.py"), "check"],
        env=environment(tmp_path, DEBUG="false"),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "SECRET_KEY es obligatoria cuando DEBUG=false." in result.stderr


def test_make_run_gives_every_step_the_demo_settings_and_the_address_of_its_port(tmp_path):
    """Every command of `make run PORT=8001` (migrate, demo, runserver…) runs with DEMO=true and SITE_URL on that
    port: the demo command prints SITE_URL's addresses. A stand-in for manage.py records what each one gets."""
    fake = tmp_path / "manage"
    fake.write_text('#!/bin/sh\necho "$1 DEMO=$DEMO SITE_URL=$SITE_URL $*"\n')
    fake.chmod(0o755)
    result = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", "run", "PORT=8001", f"MANAGE={fake}"],
        cwd=PROJECT,
        env=environment(tmp_path),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    steps = {line.split()[0]: line for line in result.stdout.splitlines() if "DEMO=" in line}
    assert set(steps) >= {"migrate", "demo", "runserver"}
    for line in steps.values():
        assert "DEMO=true SITE_URL=http://127.0.0.1:8001 " in line
    assert steps["runserver"].endswith("runserver 127.0.0.1:8001")
