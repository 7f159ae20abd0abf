"""deploy/nginx/conoceles.conf, the nginx configuration of the deployment guide and of bench/election_day.py: the pages
nginx serves from the snapshot carry the security headers Django sends, it bypasses its cache for the cookies Django's
page cache bypasses, and nginx accepts the file once its placeholders are filled in."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from conoceles.public.caching import BYPASS_COOKIES

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "conoceles.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def snapshot_headers() -> dict[str, str]:
    """The add_header lines of `location /` (the snapshot's pages)."""
    block = CONF.read_text().split("    location / {", 1)[1].split("\n    }", 1)[0]
    return dict(re.findall(r'^\s*add_header ([\w-]+) "?(.*?)"?;$', block, re.MULTILINE))


def directives(policy: str) -> dict[str, set[str]]:
    return {name: set(values) for name, *values in (part.split() for part in policy.split(";") if part.strip())}


@pytest.mark.django_db
def test_snapshot_pages_carry_the_security_headers_django_sends(client):
    response = client.get(reverse("public:about"))
    headers = snapshot_headers()
    assert directives(headers["Content-Security-Policy"]) == directives(response["Content-Security-Policy"])
    for name in ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"):
        assert headers[name] == response[name], name


def test_nginx_bypasses_its_cache_for_the_cookies_django_does():
    pattern = re.search(r'map \$http_cookie \$conoceles_session \{.*?"~(.*?)"\s+1;', CONF.read_text(), re.DOTALL)[1]
    for name in BYPASS_COOKIES:
        assert re.search(pattern, f"csrftoken=a; {name}=b") and re.search(pattern, f"{name}=b")
    assert not re.search(pattern, "csrftoken=a; x" + BYPASS_COOKIES[0] + "=b")


@pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed")
def test_nginx_accepts_the_configuration(tmp_path):
    conf = CONF.read_text()
    for placeholder, value in {
        "@LISTEN@": "127.0.0.1:8080",
        "@SERVER_NAME@": "conoceles.example.org",
        "@SNAPSHOT_ROOT@": str(tmp_path / "sitio"),
        "@APP@": "127.0.0.1:8000",
        "@CACHE_DIR@": str(tmp_path / "cache"),
    }.items():
        conf = conf.replace(placeholder, value)
    assert not re.search(r"@[A-Z_]+@", conf)
    (tmp_path / "conoceles.conf").write_text(conf)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{ proxy_temp_path {tmp_path}; include {tmp_path}/conoceles.conf; }}\n"
    )
    result = subprocess.run(
        [NGINX, "-t", "-q", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
