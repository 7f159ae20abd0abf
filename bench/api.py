"""`make bench`, the public API (/api/v1/): server time of the candidacy list and of one candidacy at scale. Prints
numbers; asserts nothing.

1. A throwaway database with `manage.py demo --candidacies SIZE` (production settings, DEBUG off): SQLite in a
   temporary CONOCELES_VAR_DIR, or, when DATABASE_URL names a PostgreSQL server, a new database on that server
   (`<its name>_bench_api_<random>`), dropped at the end.
2. Server time, in a child process with Django's test client (the full middleware stack, page cache off, rate limit
   off: each request is computed, as a miss of the cache is): p50/p95/max and queries of the slowest.
3. The same URLs over HTTP against gunicorn (2 workers, page cache on, rate limit off) on 127.0.0.1, from 4 client
   threads: requests per second and latency p50/p95. Only 127.0.0.1 is ever requested.

How the load is drawn (seeded, so two runs ask for the same URLs): election night is many *different* URLs, so
nothing repeats. Details: distinct published candidacies, sampled without replacement. Lists: for each request a
page size of 50 (most) or 500 (one in four), and either the whole list at a page drawn uniformly among its pages
(one in three), or 1 to 3 filters drawn from the process's own catalogs and values (cargo, actor, distrito, municipio,
grado, edad, sexo, accion, a name fragment) at page 1 to 3 (one in two), or a poll with `updated_since` a random
moment of the last 24 hours (one in six). Each phase stops at its count or after --seconds, whichever comes first.

    python bench/api.py [--size 200000] [--requests 300] [--seconds 60] [--var-dir DIR] [--keep]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/api.py --size 20000
"""

import argparse
import datetime
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from public import BIN, ROOT, child_env, free_port, percentile, wait_for  # noqa: E402  (the same helpers)

LOOPBACK = "127.0.0.1"
KINDS = ("list", "detail")


# --------------------------------------------------------------------------------------------
# 1. The database
# --------------------------------------------------------------------------------------------


class Database:
    """SQLite in `var_dir`, or a new PostgreSQL database on the server of DATABASE_URL."""

    def __init__(self, var_dir: Path, server_url: str | None, keep: bool, bench: str = "api"):
        self.var_dir, self.keep, self.url, self.name = var_dir, keep, None, None
        if server_url:
            parsed = urllib.parse.urlparse(server_url)
            self.name = f"{(parsed.path.lstrip('/') or 'conoceles')}_bench_{bench}_{secrets.token_hex(3)}"
            self.url = parsed._replace(path="/" + self.name).geturl()
            self.server_url = server_url

    @property
    def label(self) -> str:
        return f"PostgreSQL database {self.name}" if self.url else f"SQLite in {self.var_dir}"

    def env(self, **extra: str) -> dict:
        env = child_env(self.var_dir, **extra)
        if self.url:
            env["DATABASE_URL"] = self.url
        return env

    def create(self) -> None:
        if self.url:
            self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.url and not self.keep:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.server_url, autocommit=True) as connection:
            connection.execute(sql)

    def manage(self, *args: str) -> float:
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(), capture_output=True, text=True
        )
        if result.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return time.perf_counter() - started


# --------------------------------------------------------------------------------------------
# 2. URLs and server time (in a child process: `api.py --measure`)
# --------------------------------------------------------------------------------------------


def sample_urls(rng: random.Random, count: int) -> dict[str, list[str]]:
    """`count` list URLs and `count` detail URLs of the current process, drawn as the docstring says."""
    from django.urls import reverse
    from django.utils import timezone

    from conoceles.elections.models import ElectoralProcess
    from conoceles.public.forms import SearchForm
    from conoceles.review.publication import published_candidacies

    process = ElectoralProcess.objects.current()
    ids = list(published_candidacies().filter(process=process).values_list("pk", flat=True))
    names = list(
        published_candidacies()
        .filter(pk__in=rng.sample(ids, min(len(ids), 500)))
        .values_list("first_name", "last_name")
    )
    form = SearchForm({}, process)

    def values(choices):  # the actor's choices come in groups by kind: (label, [(id, name), ...])
        for value, label in choices:
            if isinstance(label, list | tuple):
                yield from values(label)
            elif value not in ("", None):
                yield str(value)

    filters = {
        name: list(values(field.choices))
        for name, field in form.fields.items()
        if getattr(field, "choices", None) and name != "orden"
    }
    filters = {name: values for name, values in filters.items() if values}
    filters["distrito"] = [str(n) for n in process.districts.values_list("number", flat=True)]
    filters["q"] = [word[: rng.randint(3, max(3, len(word)))] for pair in names for word in pair if word]
    listing = reverse("api-v1:candidacies", args=[process.pk])
    lists = []
    for i in range(count):
        size = 500 if i % 4 == 3 else 50
        params = {"page_size": size}
        if i % 6 == 5:  # a poll: what changed since a moment of the last day
            since = timezone.now() - datetime.timedelta(seconds=rng.randint(60, 24 * 3600))
            params["updated_since"] = since.isoformat()
        elif i % 2 == 0:  # the whole list, any page
            params["page"] = rng.randint(1, max(1, -(-len(ids) // size)))
        else:  # a filtered search, its first pages
            for name in rng.sample(sorted(filters), k=rng.randint(1, 3)):
                params[name] = rng.choice(filters[name])
            params["page"] = rng.randint(1, 3)
        lists.append(listing + "?" + urllib.parse.urlencode(params))
    details = [reverse("api-v1:candidacy", args=[pk]) for pk in rng.sample(ids, min(len(ids), count))]
    return {"list": lists, "detail": details, "published": len(ids)}


def measure(count: int, seconds: float) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    rng = random.Random(2027)
    client = Client()
    urls = sample_urls(rng, count)
    for url in urls["list"][:3] + urls["detail"][:3]:  # warm the database's cache and Django's
        client.get(url)
    results = {"published": urls["published"], "urls": {k: urls[k] for k in KINDS}}
    for kind in KINDS:
        times, slowest, statuses = [], ("", 0.0), {}
        deadline = time.monotonic() + seconds
        for url in urls[kind]:
            if time.monotonic() > deadline:
                break
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            times.append(elapsed)
            if elapsed > slowest[1]:
                slowest = (url, elapsed)
        with CaptureQueriesContext(connection) as captured:
            client.get(slowest[0])
        results[kind] = {
            "n": len(times),
            "p50": percentile(times, 50),
            "p95": percentile(times, 95),
            "max": max(times),
            "slowest": slowest[0],
            "queries": len(captured),
            "statuses": statuses,
        }
    print("RESULT " + json.dumps(results))


def server_times(database: Database, count: int, seconds: float) -> dict:
    env = database.env(PUBLIC_CACHE_ENABLED="false", API_RATE_LIMIT="0", DJANGO_SETTINGS_MODULE="conoceles.settings")
    result = subprocess.run(
        [sys.executable, __file__, "--measure", "--requests", str(count), "--seconds", str(seconds)],
        cwd=ROOT,
        env={**env, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])},
        capture_output=True,
        text=True,
    )
    line = next((line for line in result.stdout.splitlines() if line.startswith("RESULT ")), None)
    if result.returncode or line is None:
        raise SystemExit(f"measuring failed:\n{result.stdout}{result.stderr}")
    return json.loads(line[len("RESULT ") :])


# --------------------------------------------------------------------------------------------
# 3. Over HTTP, against gunicorn on 127.0.0.1
# --------------------------------------------------------------------------------------------


def http_load(database: Database, urls: list[str], seconds: float, threads: int = 4) -> dict:
    port = free_port()
    base = f"http://{LOOPBACK}:{port}"
    gunicorn = subprocess.Popen(
        [str(BIN / "gunicorn"), "conoceles.wsgi", "-w", "2", "-b", f"{LOOPBACK}:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=database.env(PYTHONPATH=str(ROOT / "src"), API_RATE_LIMIT="0"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(base + "/api/v1/processes")
        pending = list(urls)
        lock = threading.Lock()
        times, errors = [], [0]
        deadline = time.monotonic() + seconds

        def worker():
            while time.monotonic() < deadline:
                with lock:
                    if not pending:
                        return
                    path = pending.pop()
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(base + path, timeout=30) as response:
                        response.read()
                except OSError:
                    with lock:
                        errors[0] += 1
                    continue
                with lock:
                    times.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        workers = [threading.Thread(target=worker) for _ in range(threads)]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
        wall = time.perf_counter() - started
    finally:
        os.killpg(gunicorn.pid, 15)
        gunicorn.wait(timeout=30)
    if not times:
        return {"n": 0, "errors": errors[0]}
    return {
        "n": len(times),
        "rps": len(times) / wall,
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "errors": errors[0],
    }


# --------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=200_000, help="candidacies of the demo election")
    parser.add_argument("--requests", type=int, default=300, help="requests of each kind (list, detail) at most")
    parser.add_argument("--seconds", type=float, default=60, help="time limit of each phase")
    parser.add_argument("--var-dir", type=Path, help="reuse the SQLite database of an earlier run (--keep)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (or PostgreSQL database)")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()  # `make bench` passes BENCH_ARGS meant for other scripts too
    if args.measure:
        measure(args.requests, args.seconds)
        return

    base = Path(tempfile.mkdtemp(prefix="conoceles-bench-api-"))
    server_url = os.environ.get("DATABASE_URL", "")
    server_url = server_url if server_url.startswith(("postgres://", "postgresql://")) else None
    database = Database(args.var_dir or base / "db", server_url, args.keep)
    try:
        print(f"\nConóceles API benchmark on {os.cpu_count()} cores, {database.label}")
        if args.var_dir and not server_url:
            print(f"\n1. Reusing the database in {args.var_dir}")
        else:
            database.var_dir.mkdir(exist_ok=True)
            database.create()
            database.manage("migrate", "--noinput")
            seconds = database.manage("demo", "--candidacies", str(args.size))
            print(f"\n1. Demo election with {args.size:,} candidacies generated in {seconds:.0f} s")

        print(
            f"\n2. Server time (Django test client in-process, page cache and rate limit off, DEBUG off), at most "
            f"{args.requests} requests or {args.seconds:.0f} s per kind"
        )
        results = server_times(database, args.requests, args.seconds)
        print(f"  {results['published']:,} published candidacies")
        print(f"  {'kind':<7} {'n':>4} {'p50':>8} {'p95':>8} {'max':>8} {'queries':>8}  statuses")
        for kind in KINDS:
            r = results[kind]
            print(
                f"  {kind:<7} {r['n']:>4} {r['p50']:>5.1f} ms {r['p95']:>5.1f} ms {r['max']:>5.1f} ms"
                f" {r['queries']:>8}  {r['statuses']}"
            )
            print(f"          slowest ({r['queries']} queries): {r['slowest']}")

        print(f"\n3. Over HTTP on {LOOPBACK}: gunicorn 2 workers (page cache on), 4 client threads, the same URLs")
        for kind in KINDS:
            r = http_load(database, results["urls"][kind], args.seconds)
            if r["n"]:
                print(
                    f"  {kind:<7} {r['n']:>4} requests {r['rps']:>7.1f} req/s  p50 {r['p50']:>6.1f} ms"
                    f"  p95 {r['p95']:>6.1f} ms  {r['errors']} not 2xx"
                )
            else:
                print(f"  {kind:<7} no answer ({r['errors']} not 2xx)")
        print("  every URL is requested once: the page cache cannot help, as on election night")
    finally:
        database.drop()
        if args.keep:
            print(f"\nKept {base}" + (f" and {database.name}" if database.url else ""))
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
