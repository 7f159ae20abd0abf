"""`make bench`: election day. The production stack of docs/despliegue.md on loopback, the public site served as the
static snapshot, hit by a mixed load of different URLs with nothing cached beforehand. Prints numbers; asserts nothing.

1. A throwaway database with `manage.py demo --candidacies N` (production settings, DEBUG off): SQLite in a temporary
   CONOCELES_VAR_DIR, or, when DATABASE_URL names a PostgreSQL server, a new database on that server
   (`<its name>_bench_election_<random>`), dropped at the end. --var-dir reuses the SQLite database of an earlier run
   (the snapshot is rebuilt into its `sitio/`, unless --skip-build: then the one an earlier run built there).
2. `collectstatic` and `manage.py build_snapshot` (timed) into SNAPSHOT_ROOT = CONOCELES_VAR_DIR/sitio.
3. gunicorn (2 workers, conoceles.wsgi, at nice 10 as the deployment's unit says; CACHE_URL = a free Redis database
   on 127.0.0.1:6379, flushed before the load) behind nginx running deploy/nginx/conoceles.conf with this run's
   paths and ports, in the foreground with its own prefix, pid and temporary folders. Only 127.0.0.1 is ever
   requested.
4. Load (wrk -t2 -c32, a Lua script picking each request's URL at random among the drawn ones, Accept-Encoding: gzip
   as browsers send it):
   a. mixed: the drawn URLs, with Redis and nginx's cache empty at the start;
   b. nginx static: one profile page of the snapshot, the same URL over and over (the ceiling of this machine);
   c. gunicorn stopped: the same URLs again, briefly, one wrk run per kind so that each status is counted by kind:
      every profile and ballot must still answer 200 from the snapshot, a search the 503 «no disponible» page
      (or, if nginx still holds it, the cached copy), never a 502.

How the load is drawn (seeded: two runs ask for the same URLs): --urls URLs (20,000), 55 % profiles of published
candidacies of the current process (`/candidatura/<pk>/`, distinct), 25 % ballots (a sección drawn without
replacement from the snapshot's lookup files `boleta/secciones/*.json`, asked as `/boleta/<key>/?seccion=N`, as the
no-JS form's redirect does), 17 % searches, 3 % home, statistics and the fixed pages. A small demo has fewer
candidacies or secciones than that: then URLs repeat, and the counts say how many are distinct.

The searches are drawn as citizens search on election day, for someone on their own ballot (--searches ballot,
`ballot_searches`): a sección at random, a contest of its ballot, a published candidacy of that contest, and its
first name and surname typed. They repeat as ballots make them (a governor's candidates are on every ballot), which
is what nginx's and Redis's caches are for. --searches distinct draws instead name fragments and catalog filters as
bench/public.py does, every one different: each is a cold search that only gunicorn can answer (≈ 10 ms of CPU), the
ceiling of the dynamic search rather than a day's traffic.

    python bench/election_day.py [--candidacies 200000] [--duration 30] [--var-dir DIR [--skip-build]] [--keep]
                                 [--searches ballot|distinct]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/election_day.py --candidacies 20000

Targets at 200,000 candidacies on 2 cores: mixed/static ratio >= 0.3, mixed p95 < 20 ms, 0 errors.
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api import Database  # noqa: E402  (the same throwaway database as the API benchmark)
from public import BIN, ROOT, free_port, have_tools, percentile, wait_for  # noqa: E402  (the same helpers)

LOOPBACK = "127.0.0.1"
REDIS = ("127.0.0.1", 6379)
NGINX_CONF = ROOT / "deploy" / "nginx" / "conoceles.conf"
MIX = {"profile": 0.55, "ballot": 0.25, "search": 0.17, "other": 0.03}
OTHER_PAGES = {  # the 3 %: weights among the home page, the statistics and the fixed pages
    "/": 8,
    "/estadisticas/": 4,
    "/mi-boleta/": 3,
    "/acerca/": 1,
    "/aviso-de-privacidad/": 1,
    "/accesibilidad/": 1,
    "/datos-abiertos/": 2,
}
TARGETS = {"ratio": 0.3, "p95": 20.0, "errors": 0}
# 2 workers on 2 cores (3, as docs/despliegue.md's unit has, measured lower: 0.23 against 0.25–0.28, before cold
# searches got a quarter cheaper), at a lower priority than nginx as that unit says (Nice=10): the files never wait
# for a search.
GUNICORN_WORKERS, GUNICORN_NICE = 2, 10
BUILD_TIMEOUT = 4 * 3600  # seconds: the demo and the snapshot at 200,000 candidacies take minutes, never hours

# Each request a URL drawn at random among the file's lines. `response` (counts by status) only in the outage phase:
# wrk reads every body when the script has one.
LUA = r"""
local threads = {}
local next_id = 0
wrk.headers["Accept-Encoding"] = "gzip"

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

function init(args)
  urls = {}
  for line in io.lines("@URLS@") do urls[#urls + 1] = line end
  math.randomseed(os.time() * 100 + id)
  statuses = {}
end

function request()
  return wrk.format("GET", urls[math.random(#urls)])
end

@RESPONSE@

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses") or {}) do counts[status] = (counts[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(counts) do parts[#parts + 1] = string.format('"%s": %d', status, n) end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.timeout, e.status, table.concat(parts, ", ")))
end
"""
LUA_RESPONSE = r"""
-- nginx's copy: fresh, stale (gunicorn down), or stale while another request updates it
local cached = {HIT = true, STALE = true, UPDATING = true, REVALIDATED = true}
function response(status, headers, body)
  local key = tostring(status)
  if status == 503 and not string.find(string.lower(body or ""), "disponible", 1, true) then
    key = "503 (otra página)"
  elseif cached[headers["X-Cache-Status"] or ""] then
    key = key .. " (caché de nginx)"
  end
  statuses[key] = (statuses[key] or 0) + 1
end
"""


# --------------------------------------------------------------------------------------------
# The URLs (in a child process with Django: `election_day.py --draw OUT`)
# --------------------------------------------------------------------------------------------


def pick(rng: random.Random, population: list, k: int) -> list:
    """k items, distinct while the population lasts, then repeating it."""
    if not population:
        return []
    drawn = []
    while len(drawn) < k:
        drawn += rng.sample(population, min(len(population), k - len(drawn)))
    return drawn


def ballot_searches(rng: random.Random, process, lookup: dict[str, str], k: int) -> list[str]:
    """k searches as a citizen makes them on election day: for someone on her own ballot. A sección drawn at random
    (as the ballots are), one contest of its ballot, one published candidacy of that contest, all at random; she types
    its first name and first surname, one time in three in lower case without accents (as on a phone). A governor's
    candidates are on every ballot, a municipio's only on its own: the searches repeat as the ballots make them."""
    from urllib.parse import urlencode

    from conoceles.core.text import fold
    from conoceles.review.publication import published_candidacies

    names: dict[int, list[str]] = {}
    for contest, first, last in (
        published_candidacies().filter(process=process).values_list("contest_id", "first_name", "last_name")
    ):
        names.setdefault(contest, []).append(f"{first.split()[0]} {last}" if first.split() else last)
    sections = [n for n in sorted(lookup, key=int) if any(int(pk) in names for pk in lookup[n].split("-"))]
    searches = []
    while sections and len(searches) < k:
        contests = [int(pk) for pk in lookup[rng.choice(sections)].split("-") if int(pk) in names]
        name = rng.choice(names[rng.choice(contests)])
        searches.append("/buscar/?" + urlencode({"q": fold(name) if rng.random() < 1 / 3 else name}))
    return searches


def draw(out: Path, total: int, snapshot: Path, searches_drawn: str) -> None:
    import django

    django.setup()
    from conoceles.elections.models import ElectoralProcess
    from conoceles.review.publication import published_candidacies
    from public import sample_urls

    rng = random.Random(2027)
    counts = {kind: round(total * share) for kind, share in MIX.items()}
    counts["profile"] = total - sum(n for kind, n in counts.items() if kind != "profile")

    process = ElectoralProcess.objects.current()
    ids = list(published_candidacies().filter(process=process).values_list("pk", flat=True))
    profiles = [f"/candidatura/{pk}/" for pk in pick(rng, ids, counts["profile"])]

    lookup = {}
    for part in sorted((snapshot / "boleta" / "secciones").glob("*.json")):
        lookup |= json.loads(part.read_text())
    ballots = [f"/boleta/{lookup[n]}/?seccion={n}" for n in pick(rng, sorted(lookup, key=int), counts["ballot"])]

    if searches_drawn == "distinct":
        searches, attempts = [], 0
        while len(searches) < counts["search"] and attempts < 5:  # distinct: draw more and keep the new ones
            attempts += 1
            more = sample_urls(rng, {"search": 2 * counts["search"], "profile": 0, "ballot": 0})["search"]
            searches = list(dict.fromkeys(searches + more))[: counts["search"]]
        searches = pick(rng, searches, counts["search"])
    else:
        searches = ballot_searches(rng, process, lookup, counts["search"])

    others = rng.choices(list(OTHER_PAGES), weights=list(OTHER_PAGES.values()), k=counts["other"])
    urls = {"profile": profiles, "ballot": ballots, "search": searches, "other": others}
    summary = {
        kind: {"n": len(kind_urls), "distinct": len(set(kind_urls))} for kind, kind_urls in urls.items()
    } | {"published": len(ids), "secciones": len(lookup)}
    out.write_text(json.dumps({"urls": urls, "summary": summary}))


# --------------------------------------------------------------------------------------------
# The stack
# --------------------------------------------------------------------------------------------


def free_redis_db():
    """A Redis database with no keys (at random among the free ones), flushed, and a marker so that another run does
    not take it too. None when Redis does not answer."""
    import redis

    try:
        server = redis.Redis(*REDIS, socket_timeout=5)
        databases = int(server.config_get("databases").get("databases", 16))
        taken = {int(name[2:]) for name in server.info("keyspace")}
    except (redis.RedisError, OSError):
        return None
    free = [n for n in range(1, databases) if n not in taken]
    if not free:
        return None
    number = random.SystemRandom().choice(free)
    client = redis.Redis(*REDIS, db=number, socket_timeout=5)
    client.flushdb()
    client.set("conoceles:bench:election_day", "1", ex=BUILD_TIMEOUT + 3600)
    return number, client


def flush(client) -> None:
    client.flushdb()
    client.set("conoceles:bench:election_day", "1", ex=BUILD_TIMEOUT + 3600)


class Stack:
    """gunicorn behind nginx with deploy/nginx/conoceles.conf, as docs/despliegue.md sets them up."""

    def __init__(self, base: Path, env: dict, snapshot_root: Path):
        self.base, self.env, self.snapshot_root = base, env, snapshot_root
        self.gunicorn_port, self.nginx_port = free_port(), free_port()
        self.gunicorn = self.nginx = None
        self.url = f"http://{LOOPBACK}:{self.nginx_port}"

    def start_gunicorn(self) -> None:
        log = (self.base / "gunicorn.log").open("ab")
        self.gunicorn = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "conoceles.wsgi",
                "--pythonpath",
                "src",
                "--bind",
                f"{LOOPBACK}:{self.gunicorn_port}",
                "--workers",
                str(GUNICORN_WORKERS),
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
            start_new_session=True,
            preexec_fn=lambda: os.nice(GUNICORN_NICE),  # as the deployment's unit: Nice=10
        )
        try:
            wait_for(f"http://{LOOPBACK}:{self.gunicorn_port}/cuenta/entrar/", 60)  # not a public page: caches nothing
        except OSError:
            tail = (self.base / "gunicorn.log").read_text(errors="replace")[-2000:]
            raise SystemExit(f"gunicorn did not start:\n{tail}") from None

    @property
    def timing_log(self) -> Path:
        return self.base / "nginx" / "tiempos.log"

    def start_nginx(self) -> None:
        folder = self.base / "nginx"
        (folder / "cache").mkdir(parents=True)
        conf = NGINX_CONF.read_text()
        for placeholder, value in {
            "@LISTEN@": f"{LOOPBACK}:{self.nginx_port}",
            "@SERVER_NAME@": LOOPBACK,
            "@SNAPSHOT_ROOT@": str(self.snapshot_root),
            "@APP@": f"{LOOPBACK}:{self.gunicorn_port}",
            "@CACHE_DIR@": str(folder / "cache"),
            "@VISITS_LOG@": str(folder / "visitas.log"),
        }.items():
            conf = conf.replace(placeholder, value)
        # Every request's own time as nginx measured it (wrk's percentiles are not per request: see per_request),
        # in the server block and in `location /`, which has its own access_log (the visits).
        timing = f"access_log {self.timing_log} conoceles_timing buffer=256k flush=1s;"
        visits = "access_log " + str(folder / "visitas.log")
        conf = conf.replace("    server_name ", f"    {timing}\n    server_name ", 1)
        conf = conf.replace(visits, f"{timing}\n        {visits}", 1)
        (folder / "conoceles.conf").write_text(conf)
        # The main context a Debian nginx.conf gives (worker_processes auto = 2 here, sendfile, tcp_nopush), without
        # the access log (it would measure the disk), with this run's own folders.
        (folder / "nginx.conf").write_text(
            f"""{"user root;" if os.geteuid() == 0 else ""}
worker_processes auto;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} error;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  log_format conoceles_timing '$request_time';
  sendfile on;
  tcp_nopush on;
  client_body_temp_path {folder};
  proxy_temp_path {folder};
  fastcgi_temp_path {folder};
  uwsgi_temp_path {folder};
  scgi_temp_path {folder};
  include {folder / "conoceles.conf"};
}}
"""
        )
        nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
        self.nginx = subprocess.Popen(
            [nginx_bin, "-c", str(folder / "nginx.conf"), "-p", str(folder), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=(folder / "stderr.log").open("ab"),
            start_new_session=True,
        )
        try:
            wait_for(self.url + "/acerca/", 30)  # a snapshot file: caches nothing
        except OSError:
            raise SystemExit(f"nginx did not start:\n{(folder / 'stderr.log').read_text()}") from None

    def settle(self, limit: float = 60) -> None:
        """Wait until gunicorn has finished what the last wrk run left queued (its CPU time stops growing), so that
        it does not eat into the next run."""
        if self.gunicorn is None:
            return
        deadline, last = time.monotonic() + limit, cpu_seconds(self.gunicorn.pid)
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = cpu_seconds(self.gunicorn.pid)
            if now - last < 0.05:
                return
            last = now

    def stop_gunicorn(self) -> None:
        stop(self.gunicorn)
        self.gunicorn = None

    def stop(self) -> None:
        for process in (self.gunicorn, self.nginx):
            stop(process)
        self.gunicorn = self.nginx = None


def cpu_seconds(group: int) -> float:
    """User and system CPU seconds of the processes of a process group (Linux /proc; 0 elsewhere)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp; fields[11:13] are utime and stime in clock ticks
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def stop(process) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


# --------------------------------------------------------------------------------------------
# wrk
# --------------------------------------------------------------------------------------------


def wrk(base: Path, name: str, url: str, urls: list[str], duration: int, statuses: bool = False) -> dict:
    (base / f"{name}.txt").write_text("\n".join(urls) + "\n")
    script = base / f"{name}.lua"
    script.write_text(
        LUA.replace("@URLS@", str(base / f"{name}.txt")).replace("@RESPONSE@", LUA_RESPONSE if statuses else "")
    )
    result = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{duration}s", "--timeout", "10s", "-s", str(script), url],
        capture_output=True,
        text=True,
        timeout=duration + 120,
    )
    line = next((line for line in result.stdout.splitlines() if line.startswith("RESULT ")), None)
    if result.returncode or line is None:
        raise SystemExit(f"wrk failed:\n{result.stdout}{result.stderr}")
    r = json.loads(line[len("RESULT ") :])
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    for key in ("p50", "p95", "p99", "max"):
        r[key] /= 1000  # µs → ms
    r["socket"] = r["connect"] + r["read"] + r["write"] + r["timeout"]
    r["errors"] = r["socket"] + r["status"]
    return r


def row(label: str, r: dict) -> str:
    socket = f" (connect {r['connect']}, read {r['read']}, write {r['write']}, timeout {r['timeout']})"
    return (
        f"  {label:<14} {r['requests']:>8,} {r['rps']:>8,.0f} {r['p50']:>7.2f} {r['p95']:>7.2f} {r['p99']:>7.2f}"
        f" {r['max']:>8.1f}  {r['errors']:>6,}  socket {r['socket']}{socket if r['socket'] else ''}, "
        f"non-2xx/3xx {r['status']}"
    )


def per_request(log: Path, start: int) -> dict:
    """Percentiles of each request's own time, from nginx's log past byte `start` (ms, nginx's millisecond clock).

    wrk's percentiles weigh a request by how long its connection waited, not one per request: in a check with 1 %
    of requests taking 300 ms and the rest a file, wrk gave p50 0.5 ms, p90 247 ms and a mean of 82 ms
    (docs/escala.md). On a load where a few searches wait for gunicorn, its p95 is theirs. This is the per-request
    figure the target means; wrk's stays in the table."""
    time.sleep(1.5)  # the log's buffer is flushed every second
    with log.open("rb") as handle:
        handle.seek(start)
        times = [float(line) * 1000 for line in handle.read().split()]
    if not times:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0, "over_20": 0}
    over = sum(1 for t in times if t > TARGETS["p95"])
    each = {f"p{p}": percentile(times, p) for p in (50, 95, 99)}
    return {"n": len(times), **each, "max": max(times), "over_20": over}


HEADER = (
    f"  {'phase':<14} {'requests':>8} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>8}  "
    f"{'errors':>6}"
)


# --------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidacies", type=int, default=200_000)
    parser.add_argument("--duration", type=int, default=30, help="seconds of the mixed load")
    parser.add_argument("--urls", type=int, default=20_000, help="URLs drawn for the load")
    parser.add_argument("--var-dir", type=Path, help="reuse the SQLite database of an earlier run (--keep)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (or PostgreSQL database)")
    parser.add_argument(
        "--skip-build", action="store_true", help="with --var-dir, serve the snapshot an earlier run built there"
    )
    parser.add_argument(
        "--searches",
        choices=["ballot", "distinct"],
        default="ballot",
        help="ballot: names of candidacies on the drawn secciones' ballots (they repeat as real ones do); distinct: "
        "every search a different name fragment and filters (nothing repeats: the cold ceiling of the dynamic search)",
    )
    parser.add_argument("--draw", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.draw:
        sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
        draw(args.draw, args.urls, Path(os.environ["SNAPSHOT_ROOT"]) / "current", args.searches)
        return
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # cleaned up like Ctrl-C

    base = Path(tempfile.mkdtemp(prefix="conoceles-bench-election-"))
    server_url = os.environ.get("DATABASE_URL", "")
    server_url = server_url if server_url.startswith(("postgres://", "postgresql://")) else None
    database = Database(args.var_dir or base / "db", server_url, args.keep, bench="election")
    var_dir = database.var_dir.resolve()
    snapshot_root = var_dir / "sitio"
    stack, redis_db, last_line = None, None, ""
    try:
        print(f"\nConóceles election day benchmark on {os.cpu_count()} cores, {database.label}, folder {base}")
        if not have_tools():
            return
        redis_db = free_redis_db()
        if redis_db is None:
            print(f"  skipped: no free Redis database on {REDIS[0]}:{REDIS[1]}")
            return

        def env(**extra: str) -> dict:
            return {
                **database.env(SNAPSHOT_ROOT=str(snapshot_root), TRUSTED_PROXY_COUNT="1", **extra),
                "CACHE_URL": f"redis://{REDIS[0]}:{REDIS[1]}/{redis_db[0]}",
            }

        def manage(*command: str, progress: bool = False) -> tuple[float, str]:
            """Run a command; with `progress`, its standard error (a progress bar) goes to the terminal."""
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=env(),
                stdout=subprocess.PIPE,
                stderr=None if progress else subprocess.PIPE,
                text=True,
                timeout=BUILD_TIMEOUT,
            )
            if result.returncode:
                raise SystemExit(
                    f"manage.py {' '.join(command)} failed (exit status {result.returncode}):\n"
                    f"{result.stdout[-3000:]}{result.stderr or ''}"
                )
            return time.perf_counter() - started, result.stdout

        if args.var_dir and not server_url:
            manage("migrate", "--noinput")  # a database of an earlier version of the code
            print(f"\n1. Reusing the database in {var_dir}")
        else:
            var_dir.mkdir(exist_ok=True)
            database.create()
            manage("migrate", "--noinput")
            seconds, _ = manage("demo", "--candidacies", str(args.candidacies))
            print(f"\n1. Demo election with {args.candidacies:,} candidacies generated in {seconds:.0f} s")

        current = snapshot_root / "current"
        if args.skip_build and current.is_dir():
            print(f"\n2. Reusing the snapshot {current} -> {current.resolve().name} (--skip-build)")
        else:
            seconds, _ = manage("collectstatic", "--noinput")
            print(f"\n2. collectstatic in {seconds:.0f} s")
            print("   build_snapshot…", flush=True)
            seconds, _ = manage("build_snapshot", progress=True)
            print(f"   build_snapshot in {seconds:.1f} s")
        files = size = 0
        for folder, _, names in os.walk(current.resolve()):
            files += len(names)
            size += sum((Path(folder) / name).stat().st_size for name in names)
        print(f"   {current} -> {current.resolve().name}: {files:,} files, {size / 2**20:,.0f} MiB")

        seconds = time.perf_counter()
        drawn = base / "urls.json"
        result = subprocess.run(
            [sys.executable, __file__, "--draw", str(drawn), "--urls", str(args.urls), "--searches", args.searches],
            cwd=ROOT,
            env=env(DJANGO_SETTINGS_MODULE="conoceles.settings"),
            capture_output=True,
            text=True,
            timeout=3600,
        )
        if result.returncode:
            raise SystemExit(f"drawing the URLs failed:\n{result.stdout}{result.stderr}")
        urls, summary = (lambda d: (d["urls"], d["summary"]))(json.loads(drawn.read_text()))
        everything = [url for kind_urls in urls.values() for url in kind_urls]
        print(
            f"\n3. The load: {len(everything):,} URLs ({len(set(everything)):,} distinct) drawn with seed 2027 in"
            f" {time.perf_counter() - seconds:.0f} s, each request one of them at random (wrk Lua script):"
        )
        labels = {
            "profile": f"profiles of the {summary['published']:,} published candidacies",
            "ballot": f"ballots /boleta/<key>/?seccion=N, secciones of the {summary['secciones']:,} in the lookup",
            "search": "searches /buscar/?q=… (names on the drawn ballots)"
            if args.searches == "ballot"
            else "searches /buscar/?… (name fragments and catalog filters, all distinct)",
            "other": "home, statistics, mi-boleta and the fixed pages",
        }
        for kind, label in labels.items():
            share = summary[kind]["n"] / len(everything)
            print(f"   {share:>4.0%} {summary[kind]['n']:>6,} ({summary[kind]['distinct']:,} distinct) {label}")
        print(f"   e.g. {urls['profile'][0]}  {urls['ballot'][0]}  {urls['search'][0]}")
        print("   (a browser also fetches the static files and, on a ballot page, each contest's fragment: not here)")

        stack = Stack(base, env(), snapshot_root)
        stack.start_gunicorn()
        stack.start_nginx()
        print(
            f"\n4. gunicorn ({GUNICORN_WORKERS} workers, Redis db {redis_db[0]}) on :{stack.gunicorn_port} behind nginx"
            f" (deploy/nginx/conoceles.conf) on :{stack.nginx_port}; wrk -t2 -c32, Accept-Encoding: gzip;"
            f" load average before: {os.getloadavg()[0]:.1f} (anything else running shares the {os.cpu_count()} cores)"
        )
        flush(redis_db[1])  # nothing cached beforehand: Redis empty, nginx's cache folder new
        start = stack.timing_log.stat().st_size if stack.timing_log.exists() else 0
        mixed = wrk(base, "mixed", stack.url, everything, args.duration)
        each = per_request(stack.timing_log, start)
        stack.settle()
        static_url = urls["profile"][0]
        static = wrk(base, "static", stack.url, [static_url], args.duration)
        print(HEADER)
        print(row("mixed", mixed))
        print(row("nginx static", static))
        print(f"  mixed: {args.duration} s from cold caches; nginx static: {static_url}, one file of the snapshot")
        print(
            f"  mixed, each request's own time (nginx's log, {each['n']:,} requests): p50 {each['p50']:.0f} ms,"
            f" p95 {each['p95']:.0f} ms, p99 {each['p99']:.0f} ms, max {each['max']:,.0f} ms;"
            f" {each['over_20']:,} over {TARGETS['p95']:.0f} ms ({each['over_20'] / max(1, each['n']):.2%})."
            " wrk's p95 above weighs each request by its connection's wait (see per_request)"
        )

        short = max(3, args.duration // 6)
        print(f"\n5. The same URLs by kind, {short} s each (caches as the mixed load left them): where the time goes")
        print(HEADER.replace("phase", "kind "))
        for kind in urls:
            print(row(kind, wrk(base, f"up-{kind}", stack.url, urls[kind], short)))
            stack.settle()

        stack.stop_gunicorn()
        print(f"\n6. gunicorn stopped: the same URLs by kind, {short} s each")
        print(HEADER.replace("phase", "kind "))
        outage = {}
        for kind in urls:
            outage[kind] = wrk(base, f"down-{kind}", stack.url, urls[kind], short, statuses=True)
            print(row(kind, outage[kind]))
            print(f"  {'':<14} statuses: {json.dumps(outage[kind]['statuses'], ensure_ascii=False, sort_keys=True)}")
        checks = []
        for kind in ("profile", "ballot", "other"):
            r = outage[kind]
            ok = r["socket"] == 0 and set(r["statuses"]) == {"200"}
            checks.append(f"  {'ok ' if ok else 'NOT'} every {kind} answered 200 from the snapshot")
        search = outage["search"]["statuses"]
        bad = {s: n for s, n in search.items() if not (s == "503" or s.endswith("(caché de nginx)"))}
        checks.append(
            f"  {'ok ' if not bad and outage['search']['socket'] == 0 else 'NOT'} searches: «no disponible» (503)"
            f" {search.get('503', 0):,}, nginx's cached copy {sum(n for s, n in search.items() if 'caché' in s):,},"
            f" anything else {bad or 0} (502: {search.get('502', 0)})"
        )
        print("\n".join(checks))

        ratio = mixed["rps"] / static["rps"]
        met = {
            "ratio": ratio >= TARGETS["ratio"],
            "p95": each["p95"] < TARGETS["p95"],
            "errors": mixed["errors"] <= TARGETS["errors"],
        }
        print(
            f"\nTargets at 200,000 candidacies on 2 cores (this run: {summary['published']:,} published, "
            f"{os.cpu_count()} cores): ratio >= {TARGETS['ratio']} {'met' if met['ratio'] else 'MISSED'}, "
            f"p95 < {TARGETS['p95']:.0f} ms per request {'met' if met['p95'] else 'MISSED'}, "
            f"0 errors {'met' if met['errors'] else 'MISSED'}"
        )
        last_line = (
            f"mixed {mixed['rps']:,.0f} req/s p95 {each['p95']:.0f} ms errors {mixed['errors']}; "
            f"nginx static {static['rps']:,.0f} req/s; ratio {ratio:.2f}"
        )
    finally:
        if stack is not None:
            stack.stop()
        if redis_db is not None:
            redis_db[1].flushdb()
        database.drop()
        if args.keep:
            print(f"\nKept {base}" + (f" and {database.name}" if database.url else ""))
        else:
            shutil.rmtree(base, ignore_errors=True)
    if last_line:
        print(last_line)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("\nInterrupted (gunicorn and nginx stopped, everything cleaned up).")
