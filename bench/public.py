"""`make bench`, second part: the public site at scale. Prints numbers; asserts nothing.

1. A throwaway database with `manage.py demo --candidacies N` (production settings, DEBUG off) in a temporary
   CONOCELES_VAR_DIR: SQLite there, or with --database-url a new PostgreSQL database of that name, dropped at the end
   (unless --keep).
2. Server time, in a child process with Django's test client and the page cache off (real query time): searches
   (name fragments and filters), profiles and ballots (random secciones); p50/p95/max against the budget (search
   p95 < 50 ms, profile p95 < 10 ms), and the query plan of the slowest search (EXPLAIN ANALYZE on PostgreSQL).
3. Load on loopback: gunicorn (2 workers, page cache on), nginx serving a saved copy of the same pages as static
   files, and nginx as a caching proxy in front of gunicorn (it keeps what the application marks
   `Cache-Control: public`), each hit by `wrk -t2 -c32 -d10s`; req/s and latency p50/p99 side by side. nginx and
   wrk come from Debian (installed with apt-get when missing and running as root, as .ci/run installs chromium);
   without them this part is skipped with a message.

    python bench/public.py [--candidacies 200000] [--duration 10] [--var-dir DIR] [--keep]
                           [--database-url postgres://postgres@127.0.0.1:5432/DBNAME] [--no-load]

--var-dir reuses a database made by an earlier run (--keep prints its folder); with --database-url too, the
PostgreSQL database of the URL is reused as it is (its media in the folder) and never dropped.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET_KEY = secrets.token_urlsafe(50)
TARGETS = {"search": 50.0, "profile": 10.0}


def child_env(var_dir: Path, database_url: str | None = None, **extra: str) -> dict:
    """The environment of a manage.py, gunicorn or measuring child: SQLite in `var_dir` unless `database_url`."""
    env = {
        **os.environ,
        "CONOCELES_VAR_DIR": str(var_dir),
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "LOG_LEVEL": "WARNING",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback; TLS is the proxy's job
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        **extra,
    }
    for name in ("DATABASE_URL", "CACHE_URL"):
        env.pop(name, None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def manage(var_dir: Path, *args: str, database_url: str | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=child_env(var_dir, database_url),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - started


# --------------------------------------------------------------------------------------------
# 2. Server time (runs in a child process: `public.py --measure VAR_DIR`)
# --------------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ballot_url(process, number: int) -> str:
    """Where the ballot form sends sección `number`: its ballot's page (the redirect itself is not measured)."""
    from django.urls import reverse

    from conoceles.public.ballots import section_keys

    key = section_keys(process, process.sections.filter(number=number))[number]
    return reverse("public:ballot_page", args=[key]) + f"?seccion={number}"


def sample_urls(rng, counts: dict[str, int]) -> dict[str, list[str]]:
    from django.urls import reverse

    from conoceles.elections.models import ElectoralProcess
    from conoceles.public.forms import SearchForm
    from conoceles.review.publication import published_candidacies

    process = ElectoralProcess.objects.current()
    ids = list(published_candidacies().filter(process=process).values_list("pk", flat=True))
    names = list(
        published_candidacies()
        .filter(pk__in=rng.sample(ids, min(len(ids), 500)))
        .values_list("first_name", "last_name", "second_last_name")
    )
    sections = list(process.sections.values_list("number", flat=True))
    contests = list(process.contests.values_list("pk", flat=True))
    form = SearchForm({}, process)

    def values(choices):  # the values of a <select>, inside its optgroups too (the actors, by kind)
        for value, label in choices:
            if isinstance(label, (list, tuple)):
                yield from values(label)
            elif value not in ("", None):
                yield value

    filters = {
        name: list(values(field.choices))
        for name, field in form.fields.items()
        if getattr(field, "choices", None) and name != "orden"
    }
    filters = {name: values for name, values in filters.items() if values}
    if "distrito" in form.fields and "distrito" not in filters:
        filters["distrito"] = list(process.districts.values_list("number", flat=True))

    def fragment():
        word = rng.choice([w for w in rng.choice(names) if w]).split()[0]
        return word[: rng.randint(3, len(word))] if len(word) > 3 else word

    searches = []
    for i in range(counts["search"]):
        params = {}
        if i % 4 != 3:
            params["q"] = fragment() if i % 3 else f"{fragment()} {fragment()}"
        for name in rng.sample(sorted(filters), k=[0, 1, 2, 3][i % 4] if i % 4 != 3 else 2):
            params[name] = rng.choice(filters[name])
        searches.append(reverse("public:search") + "?" + urllib.parse.urlencode(params))
    return {
        "search": searches,
        "profile": [reverse("public:profile", args=[pk]) for pk in rng.sample(ids, min(len(ids), counts["profile"]))],
        "ballot": [ballot_url(process, rng.choice(sections)) for _ in range(counts["ballot"])],
        # What a ballot page loads: the slate of each of its contests.
        "contest": [
            reverse("public:contest_fragment", args=[pk])
            for pk in rng.sample(contests, min(len(contests), counts["ballot"]))
        ],
        "home": [reverse("public:home")] * 5,
        "statistics": [reverse("public:statistics")] * 3,  # a fixed number of GROUP BY over every candidacy
    }


def query_count(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def explain_slowest(url: str) -> list[str]:
    """The plan of the slowest query the page runs: EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        Client().get(url)
    if not captured.captured_queries:
        return []
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
    explain = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(explain + slowest["sql"])
        plan = [str(row[-1]) for row in cursor.fetchall()]
    return [f"{slowest['time']} s: {slowest['sql'][:300]}…", *plan]


def measure(var_dir: Path, counts: dict[str, int]) -> None:
    import random

    import django

    django.setup()
    from django.test import Client

    rng = random.Random(2027)
    client = Client()
    urls = sample_urls(rng, counts)
    for url in urls["search"][:5] + urls["profile"][:5]:  # warm the SQLite page cache and the templates
        client.get(url)
    results = {}
    for kind, kind_urls in urls.items():
        times, slowest = [], ("", 0.0)
        for url in kind_urls:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            times.append(elapsed)
            if elapsed > slowest[1]:
                slowest = (url, elapsed)
        results[kind] = {
            "n": len(times),
            "p50": percentile(times, 50),
            "p95": percentile(times, 95),
            "max": max(times),
            "slowest": slowest[0],
            "queries": query_count(client, slowest[0]),
        }
    results["search"]["plan"] = explain_slowest(results["search"]["slowest"])
    from django.db import connection

    from conoceles.review.publication import published_candidacies

    results["about"] = {"vendor": connection.vendor, "published": published_candidacies().count()}
    print("RESULT " + json.dumps(results))


def server_times(var_dir: Path, counts: dict[str, int], database_url: str | None = None) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--measure", str(var_dir), "--counts", json.dumps(counts)],
        cwd=ROOT,
        env=child_env(
            var_dir, database_url, PUBLIC_CACHE_ENABLED="false", DJANGO_SETTINGS_MODULE="conoceles.settings"
        ),
        capture_output=True,
        text=True,
    )
    line = next((line for line in result.stdout.splitlines() if line.startswith("RESULT ")), None)
    if result.returncode or line is None:
        raise SystemExit(f"measuring failed:\n{result.stdout}{result.stderr}")
    return json.loads(line[len("RESULT ") :])


# --------------------------------------------------------------------------------------------
# 3. Load on loopback: gunicorn vs nginx serving the same pages as files
# --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def have_tools() -> bool:
    missing = [tool for tool in ("nginx", "wrk") if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists())]
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"  installing {' '.join(missing)} with apt-get (benchmark only)…")
        packages = ["nginx-light" if tool == "nginx" else tool for tool in missing]
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *packages], env=env, capture_output=True)
        missing = [tool for tool in missing if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists())]
    if missing:
        print(f"  skipped: {' and '.join(missing)} not installed (apt-get install nginx-light wrk)")
    return not missing


def wrk(url: str, duration: int) -> dict:
    output = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{duration}s", "--latency", url], capture_output=True, text=True, check=True
    ).stdout

    def latency(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rate, "p50": latency("50"), "p99": latency("99"), "errors": int(errors.group(1)) if errors else 0}


def load_test(
    base: Path, var_dir: Path, pages: dict[str, str], duration: int, database_url: str | None = None
) -> list[tuple]:
    gunicorn_port, nginx_port, proxy_port = free_port(), free_port(), free_port()
    site = base / "nginx" / "site"
    site.mkdir(parents=True)
    gunicorn = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "conoceles.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{gunicorn_port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=child_env(var_dir, database_url, PYTHONPATH=str(ROOT / "src")),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    nginx = None
    try:
        django_url = f"http://127.0.0.1:{gunicorn_port}"
        wait_for(django_url + "/")
        for name, path in pages.items():  # the saved copy nginx serves: the very page Django answers
            (site / f"{name}.html").write_bytes(urllib.request.urlopen(django_url + path, timeout=30).read())
        conf = base / "nginx" / "nginx.conf"
        conf.write_text(
            f"""{"user root;" if os.geteuid() == 0 else ""}
worker_processes 2;
pid {base / "nginx" / "nginx.pid"};
error_log {base / "nginx" / "error.log"};
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {base / "nginx"};
  proxy_temp_path {base / "nginx"};
  fastcgi_temp_path {base / "nginx"};
  uwsgi_temp_path {base / "nginx"};
  scgi_temp_path {base / "nginx"};
  default_type text/html;
  server {{
    listen 127.0.0.1:{nginx_port};
    root {site};
    location / {{ try_files $uri =404; }}
  }}
  # nginx in front of gunicorn, keeping what the application marks Cache-Control: public (docs/despliegue.md)
  proxy_cache_path {base / "nginx" / "cache"} keys_zone=public:10m max_size=200m inactive=10m;
  server {{
    listen 127.0.0.1:{proxy_port};
    location / {{
      proxy_pass http://127.0.0.1:{gunicorn_port};
      proxy_set_header Host $host;
      proxy_cache public;
      proxy_cache_lock on;
      proxy_cache_use_stale updating error timeout;
      proxy_cache_background_update on;
    }}
  }}
}}
"""
        )
        nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
        nginx = subprocess.Popen(
            [nginx_bin, "-c", str(conf), "-p", str(base / "nginx"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        nginx_url = f"http://127.0.0.1:{nginx_port}"
        wait_for(nginx_url + "/home.html")
        rows = []
        for name, path in pages.items():
            urllib.request.urlopen(django_url + path).read()  # in the cache of the worker that answers
            proxied = f"http://127.0.0.1:{proxy_port}{path}"
            urllib.request.urlopen(proxied).read()
            rows.append(
                (
                    name,
                    wrk(django_url + path, duration),
                    wrk(f"{nginx_url}/{name}.html", duration),
                    wrk(proxied, duration),
                )
            )
        return rows
    finally:
        for process in (gunicorn, nginx):
            if process is not None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)


# --------------------------------------------------------------------------------------------


class PostgresDatabase:
    """The PostgreSQL database named by --database-url: created (it must not exist) and dropped at the end unless
    kept, or, reused, left as it is."""

    def __init__(self, url: str, keep: bool):
        parsed = urllib.parse.urlparse(url)
        self.url, self.name = url, parsed.path.lstrip("/")
        if parsed.scheme not in ("postgres", "postgresql") or not self.name:
            raise SystemExit(f"--database-url must name a PostgreSQL database: {url}")
        self.server_url = parsed._replace(path="/postgres").geturl()
        self.created, self.keep = False, keep

    def create(self) -> None:
        self._admin(f'CREATE DATABASE "{self.name}"')
        self.created = True

    def drop(self) -> None:
        if self.created and not self.keep:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.server_url, autocommit=True) as connection:
            connection.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidacies", type=int, default=200_000)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--profiles", type=int, default=200)
    parser.add_argument("--ballots", type=int, default=100)
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run")
    parser.add_argument("--var-dir", type=Path, help="reuse the database of an earlier run")
    parser.add_argument(
        "--database-url",
        help="PostgreSQL instead of SQLite: postgres://USER@HOST:PORT/DBNAME, a new database (dropped at the end "
        "unless --keep), or with --var-dir an existing one",
    )
    parser.add_argument("--no-load", action="store_true", help="server time only: skip the load test (part 3)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (and PostgreSQL database)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--counts", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
        measure(args.measure, json.loads(args.counts))
        return

    base = Path(tempfile.mkdtemp(prefix="conoceles-bench-public-"))
    database = PostgresDatabase(args.database_url, args.keep) if args.database_url else None
    url = database.url if database else None
    try:
        label = f"PostgreSQL database {database.name}" if database else "SQLite"
        print(f"\nConóceles public site benchmark on {os.cpu_count()} cores, {label}, folder {base}")
        if args.var_dir:
            var_dir = args.var_dir
            print(f"\n1. Reusing the database in {var_dir}" + (f" and {database.name}" if database else ""))
        else:
            var_dir = base / "db"
            var_dir.mkdir()
            if database:
                database.create()
            manage(var_dir, "migrate", "--noinput", database_url=url)
            seconds = manage(var_dir, "demo", "--candidacies", str(args.candidacies), database_url=url)
            print(f"\n1. Demo election with {args.candidacies:,} candidacies generated in {seconds:.0f} s")

        manage(var_dir, "collectstatic", "--noinput", database_url=url)  # DEBUG off: the hashed static files
        counts = {"search": args.searches, "profile": args.profiles, "ballot": args.ballots}
        print("\n2. Server time per page (Django test client in-process, page cache off, DEBUG off)")
        results = server_times(var_dir, counts, url)
        about = results.pop("about")
        print(f"  {about['vendor']}, {about['published']:,} published candidacies")
        print(
            f"  {'page':<8} {'n':>4} {'p50':>8} {'p95':>8} {'max':>8} {'queries':>8}  target p95"
            "  (queries: of the slowest)"
        )
        for kind, r in results.items():
            target = (
                f"< {TARGETS[kind]:.0f} ms " + ("met" if r["p95"] < TARGETS[kind] else "MISSED")
                if kind in TARGETS
                else ""
            )
            print(
                f"  {kind:<8} {r['n']:>4} {r['p50']:>5.1f} ms {r['p95']:>5.1f} ms {r['max']:>5.1f} ms"
                f" {r['queries']:>8}  {target}"
            )
        print(
            "  home and statistics repeat one URL: their max is the cold request (the statistics are then kept for"
            " STATISTICS_CACHE_SECONDS)"
        )
        for kind in ("search", "profile"):
            print(f"  slowest {kind}: {results[kind]['slowest']}")
        for line in results["search"].get("plan", []):
            print(f"    {line}")

        print(f"\n3. Load on loopback: wrk -t2 -c32 -d{args.duration}s; gunicorn 2 workers (page cache on) vs nginx")
        if args.no_load:
            print("  skipped (--no-load)")
        elif have_tools():
            pages = {
                "home": "/",
                "search": results["search"]["slowest"],
                "profile": results["profile"]["slowest"],
            }
            rows = load_test(base, var_dir, pages, args.duration, url)
            print(f"  {'page':<8} {'':>6}{'req/s':>8} {'p50':>9} {'p99':>9}  (req/s relative to nginx static)")
            for name, django, static, proxied in rows:
                for label, r in (("Django", django), ("static", static), ("proxy", proxied)):
                    errors = f"  {r['errors']} errors" if r["errors"] else ""
                    print(
                        f"  {name if label == 'Django' else '':<8} {label:>6}{r['rps']:>8,.0f} {r['p50']:>6.2f} ms"
                        f" {r['p99']:>6.2f} ms  {r['rps'] / static['rps']:>5.2f}{errors}"
                    )
            print(
                "  Django = gunicorn answering from its page cache; static = nginx serving the saved page as a file;\n"
                "  proxy = nginx in front of gunicorn keeping the pages marked Cache-Control: public."
            )
    finally:
        if database:
            database.drop()
        if args.keep:
            print(f"\nKept {base}" + (f" and the database {database.name}" if database and database.created else ""))
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
