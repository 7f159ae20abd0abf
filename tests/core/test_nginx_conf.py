"""deploy/nginx/conoceles.conf, the nginx configuration of the deployment guide and of bench/election_day.py: the pages
nginx serves from the snapshot carry the security headers Django sends, it bypasses its cache for the cookies Django's
page cache bypasses, and nginx accepts the file once its placeholders are filled in."""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from conoceles.public.caching import BYPASS_COOKIES
from conoceles.public.visits import LOG_POSITION_KEY, count_logged_visits, pending_visits

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "conoceles.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"


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


def filled_in(tmp_path, listen: str = "127.0.0.1:8080", app: str = "127.0.0.1:8000") -> Path:
    """The configuration with its placeholders replaced, inside a main nginx.conf of this folder; its path."""
    conf = CONF.read_text()
    for placeholder, value in {
        "@LISTEN@": listen,
        "@SERVER_NAME@": "conoceles.example.org",
        "@SNAPSHOT_ROOT@": str(tmp_path / "sitio"),
        "@APP@": app,
        "@CACHE_DIR@": str(tmp_path / "cache"),
        "@VISITS_LOG@": str(tmp_path / "visitas.log"),
    }.items():
        conf = conf.replace(placeholder, value)
    assert not re.search(r"@[A-Z_]+@", conf)
    (tmp_path / "conoceles.conf").write_text(conf)
    (tmp_path / "nginx.conf").write_text(
        f"{'user root;' if os.geteuid() == 0 else ''}\npid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{ access_log off; client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path}; "
        f"fastcgi_temp_path {tmp_path}; uwsgi_temp_path {tmp_path}; scgi_temp_path {tmp_path}; "
        f"include {tmp_path}/conoceles.conf; }}\n"
    )
    return tmp_path / "nginx.conf"


def test_nginx_accepts_the_configuration(tmp_path):
    main = filled_in(tmp_path)
    result = subprocess.run([NGINX, "-t", "-q", "-p", str(tmp_path), "-c", str(main)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_nginx(tmp_path, app_port: int):
    """nginx with the filled-in configuration over the snapshot in `tmp_path / "sitio"`, the application expected
    on `app_port`; yields nginx's port once it answers, and stops it."""
    (tmp_path / "cache").mkdir()
    port = free_port()
    main = filled_in(tmp_path, listen=f"127.0.0.1:{port}", app=f"127.0.0.1:{app_port}")
    nginx = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(main), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/.listo", timeout=1)  # noqa: S310 (loopback)
            except urllib.error.HTTPError:
                break  # answered (a hidden name: 404)
            except OSError:
                time.sleep(0.05)
        yield port
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)


def test_nginx_serves_the_snapshot_and_passes_the_rest_to_the_application(tmp_path):
    """A snapshot of a few pages, the application down (nothing listens on its port): what nginx answers from the
    files is 200, what it passes to the application is the «no disponible» page (503), never a 502."""
    build = tmp_path / "sitio" / "builds" / "1"
    pages = {
        "acerca/index.html": "acerca",
        "datos-abiertos/index.html": "datos abiertos",
        "mi-boleta/index.html": "formulario",
        "boleta/3-17/index.html": "boleta",
        "no-disponible.html": "no disponible",
        "404.html": "no existe",
    }
    for name, text in pages.items():
        (build / name).parent.mkdir(parents=True, exist_ok=True)
        (build / name).write_text(f"<p>{text}</p>")
    (tmp_path / "sitio" / "current").symlink_to(Path("builds") / "1")

    def get(path: str, cookie: str = "") -> tuple[int, str]:
        headers = {"User-Agent": BROWSER} | ({"Cookie": cookie} if cookie else {})
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (loopback)
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    with running_nginx(tmp_path, app_port=free_port()) as port:  # nothing listens there: the application is down
        assert get("/acerca/") == (200, "<p>acerca</p>")
        assert get("/datos-abiertos/") == (200, "<p>datos abiertos</p>")
        assert get("/mi-boleta/") == (200, "<p>formulario</p>")
        assert get("/boleta/3-17/?seccion=245") == (200, "<p>boleta</p>")  # the no-JS form's redirect lands here
        unavailable = (503, "<p>no disponible</p>")
        assert get("/datos-abiertos/?page=2") == unavailable  # the snapshot holds the first page only
        assert get("/mi-boleta/?seccion=245") == unavailable  # the form's redirect is the application's
        assert get("/buscar/?q=ana") == unavailable
        assert get("/acerca/", cookie="sessionid=abc") == unavailable  # a signed-in person's page
        assert get("/no-existe/")[0] == 503  # a file the snapshot lacks: the application would answer it
        assert get("/.build-lock") == (404, "<p>no existe</p>")
    # The visits log: a line for each page served from a file, none for what went to the application or failed;
    # flush_visits counts them as Django counts the pages it serves (the open-data list is not a page it counts).
    log = tmp_path / "visitas.log"
    logged = [line.split(" ", 1)[1] for line in log.read_text().splitlines()]
    assert logged == [
        f'{path} "{BROWSER}"' for path in ("/acerca/", "/datos-abiertos/", "/mi-boleta/", "/boleta/3-17/?seccion=245")
    ]
    cache.set(LOG_POSITION_KEY, (0, 0))  # as if the log had not existed at the last count
    assert count_logged_visits(log) == 3
    today = timezone.localdate()
    assert pending_visits() == {(today, "about"): 1, (today, "ballot"): 1, (today, "ballot_page"): 1}


def test_nginx_keeps_the_compressed_answer_and_a_plain_one_apart(tmp_path):
    """What gunicorn answers is asked with Accept-Encoding "gzip" or nothing, and cached under that: a browser's
    second search is the compressed copy (a HIT, nothing compressed again), a client without gzip gets its own
    plain copy. The application here is a stand-in that records what it is asked."""
    import gzip
    import http.server
    import threading

    asked = []

    class App(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            encoding = self.headers.get("Accept-Encoding", "")
            asked.append(encoding)
            body = b"<p>resultados</p>" * 100
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Cache-Control", "public, max-age=60")
            if encoding == "gzip":
                body = gzip.compress(body)
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), App)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    (tmp_path / "sitio" / "builds" / "1").mkdir(parents=True)
    (tmp_path / "sitio" / "current").symlink_to(Path("builds") / "1")

    def get(encoding: str) -> tuple[str, str, bytes]:
        headers = {"User-Agent": BROWSER} | ({"Accept-Encoding": encoding} if encoding else {})
        request = urllib.request.Request(f"http://127.0.0.1:{port}/buscar/?q=ana", headers=headers)
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (loopback)
            return response.headers["X-Cache-Status"], response.headers.get("Content-Encoding", ""), response.read()

    try:
        with running_nginx(tmp_path, app_port=app.server_address[1]) as port:
            first = get("gzip, deflate, br, zstd")
            assert first[:2] == ("MISS", "gzip") and gzip.decompress(first[2]) == b"<p>resultados</p>" * 100
            assert get("gzip, deflate") == ("HIT", "gzip", first[2])
            assert get("") == ("MISS", "", b"<p>resultados</p>" * 100)
            assert get("identity") == ("HIT", "", b"<p>resultados</p>" * 100)
        assert asked == ["gzip", ""]  # one request each, in the words the key uses
    finally:
        app.shutdown()
