"""`make bench`, the snapshot of the public site (conoceles.snapshot): its full build, one candidacy's change and the
day boundary, at one size, on SQLite and PostgreSQL. Prints numbers; asserts nothing.

For each database, a throwaway database gets `manage.py demo --candidacies N` (production settings, DEBUG off,
`collectstatic`); then, in child processes:
1. `manage.py build_snapshot`: wall time of the whole site (every profile, contest, ballot, lookup file, page);
2. one candidacy's change, 20 times, each on a different published candidacy drawn at random: a transaction that
   announces it (conoceles.changes, as every writer does) and commits; the time until its profile leaves the
   snapshot (at once, in the writer's request) and until the task has rendered what the change touched (the task
   runs inline here: the immediate task backend), p50/p95/max — the target is < 5 s;
3. `manage.py build_snapshot --day`: what a date changes.

    python bench/snapshot.py [--candidacies 200000] [--databases sqlite,postgres] [--var-dir DIR [--skip-build]]
                             [--keep]

--var-dir reuses a SQLite database made by an earlier run (bench/public.py --keep, or this one's); with --skip-build
also the snapshot an earlier build left in its `sitio/` (the full build is then not timed).
PostgreSQL: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres) names a server where a
throwaway database `conoceles_bench_snapshot` is created and dropped; skipped with a message when unreachable.
"""

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = secrets.token_urlsafe(50)
PG_DB = "conoceles_bench_snapshot"
CHANGES = 20


def env_for(var_dir: Path, database_url: str | None) -> dict:
    env = {
        **os.environ,
        "CONOCELES_VAR_DIR": str(var_dir),
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "LOG_LEVEL": "WARNING",
        "TASKS_BACKEND": "immediate",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    for name in ("CACHE_URL", "DATABASE_URL", "SNAPSHOT_ROOT"):
        env.pop(name, None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def manage(var_dir: Path, database_url: str | None, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    env = env_for(var_dir, database_url)
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - started, result.stdout


def postgres_admin(sql: str) -> bool:
    url = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    result = subprocess.run(["psql", url, "-qc", sql], capture_output=True, text=True)
    return result.returncode == 0


def pg_url() -> str:
    base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    return base.rsplit("/", 1)[0] + f"/{PG_DB}"


CHANGE_SCRIPT = """
import json, random, time
from django.db import transaction
from conoceles.changes import Reason, candidacies_changed
from conoceles.elections.models import ElectoralProcess
from conoceles.public.snapshot_files import current, file_for
from conoceles.snapshot import builder, pages
from django.urls import reverse

process = ElectoralProcess.objects.current()
ids = random.Random(7).sample(pages.published_ids(process), %(count)d)
removed, visible = [], []
original = builder.changed

def timed_changed(*args, **kwargs):
    result = original(*args, **kwargs)
    removed.append(time.perf_counter() - started)
    return result

builder.changed = timed_changed
for pk in ids:
    page = current() / file_for(reverse("public:profile", args=[pk]))
    assert page.is_file(), pk
    started = time.perf_counter()
    with transaction.atomic():
        candidacies_changed([pk], reason=Reason.ADMIN)
    visible.append(time.perf_counter() - started)
    assert page.is_file(), pk
print(json.dumps({"removed": removed, "visible": visible}))
"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run(var_dir: Path, database_url: str | None, candidacies: int, fresh: bool, build: bool = True) -> dict:
    if fresh:
        seconds, _ = manage(var_dir, database_url, "migrate", "--noinput")
        seconds, _ = manage(var_dir, database_url, "demo", "--candidacies", str(candidacies))
        print(f"  demo de {candidacies:,} candidaturas: {seconds:.0f} s", flush=True)
    seconds = None
    if build:
        manage(var_dir, database_url, "collectstatic", "--noinput")
        seconds, output = manage(var_dir, database_url, "build_snapshot")
        print(f"  build_snapshot (completo): {seconds:.0f} s", flush=True)
        lines = (line for line in output.splitlines() if line and "carpeta" not in line)
        print("    " + "\n    ".join(lines), flush=True)
    else:
        print(f"  build_snapshot: the snapshot already in {var_dir / 'sitio'} (--skip-build)", flush=True)
    _, output = manage(var_dir, database_url, "shell", "-c", CHANGE_SCRIPT % {"count": CHANGES})
    times = json.loads(output.strip().splitlines()[-1])
    day_seconds, _ = manage(var_dir, database_url, "build_snapshot", "--day")
    return {"build": seconds, **times, "day": day_seconds}


def report(label: str, result: dict) -> None:
    removed = [t * 1000 for t in result["removed"]]
    visible = [t * 1000 for t in result["visible"]]
    build = "not measured (--skip-build)" if result["build"] is None else f"{result['build']:.0f} s"
    print(f"{label:<11} full build {build}; one change ({len(visible)} candidacies drawn at random):")
    for what, values, target in (("removed at once", removed, ""), ("visible again", visible, "   (target < 5000 ms)")):
        print(
            f"{'':<11}   {what:<16} p50 {percentile(values, 50):.0f} ms  p95 {percentile(values, 95):.0f} ms"
            f"  max {max(values):.0f} ms{target}"
        )
    print(f"{'':<11}   day boundary (build_snapshot --day, process start included) {result['day']:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidacies", type=int, default=200_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--var-dir", type=Path, help="reuse this SQLite CONOCELES_VAR_DIR (its snapshot is rebuilt)")
    parser.add_argument(
        "--skip-build", action="store_true", help="with --var-dir (SQLite only): measure on the snapshot built there"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print it")
    args = parser.parse_args()
    if args.skip_build and (args.var_dir is None or args.databases != "sqlite"):
        parser.error("--skip-build needs --var-dir and --databases sqlite")
    base = Path(tempfile.mkdtemp(prefix="conoceles-bench-snapshot-"))
    results = {}
    try:
        for database in args.databases.split(","):
            print(f"{database}: {args.candidacies:,} candidaturas", flush=True)
            if database == "sqlite":
                var_dir = args.var_dir or base / "sqlite"
                results[database] = run(
                    var_dir, None, args.candidacies, fresh=args.var_dir is None, build=not args.skip_build
                )
            else:
                postgres_admin(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
                if not postgres_admin(f"CREATE DATABASE {PG_DB}"):
                    print("  PostgreSQL no disponible: se omite.")
                    continue
                try:
                    results[database] = run(base / "postgres", pg_url(), args.candidacies, fresh=True)
                finally:
                    postgres_admin(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        print()
        for database, result in results.items():
            report({"sqlite": "SQLite", "postgres": "PostgreSQL"}[database], result)
    finally:
        if args.keep:
            print(f"Carpeta conservada: {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
