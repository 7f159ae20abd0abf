"""`make bench`, open data: a full release (every format) at two sizes, on SQLite and PostgreSQL. Prints numbers.

For each database and each size, a throwaway database gets `manage.py demo --candidacies N` (production settings,
DEBUG off); then `manage.py open_data_release` runs in a child process, whose wall time and peak memory (max RSS, from
the kernel's accounting of that child) are the release's own. Memory must not grow with the number of rows: the
writers stream (openpyxl write-only, CSV and JSON row by row) and the changelog compares in an SQLite file. A second
release on the same data measures the changelog against a previous release.

    python bench/opendata.py [--sizes 20000,200000] [--databases sqlite,postgres] [--keep]

PostgreSQL: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres) names a server where a
throwaway database `conoceles_bench_opendata` is created and dropped; skipped with a message when unreachable.
"""

import argparse
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
PG_DB = "conoceles_bench_opendata"


def env_for(var_dir: Path, database_url: str | None) -> dict:
    env = {**os.environ, "CONOCELES_VAR_DIR": str(var_dir), "DEBUG": "false", "SECRET_KEY": SECRET_KEY,
           "LOG_LEVEL": "WARNING"}
    env.pop("CACHE_URL", None)
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def manage(var_dir: Path, database_url: str | None, *args: str) -> tuple[float, float, str]:
    """Run manage.py; return (seconds, peak MiB, output)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env_for(var_dir, database_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{output}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024, output


def postgres_admin(sql: str) -> bool:
    url = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    try:
        import psycopg
    except ImportError:
        return False
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
            connection.execute(sql)
    except psycopg.Error as error:
        print(f"  PostgreSQL: {error}".rstrip())
        return False
    return True


def pg_url() -> str:
    base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    return base.rsplit("/", 1)[0] + f"/{PG_DB}"


def run(base: Path, database: str, size: int) -> dict | None:
    url = None
    if database == "postgres":
        if not postgres_admin(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)") or not postgres_admin(
            f"CREATE DATABASE {PG_DB}"
        ):
            print("  PostgreSQL unreachable: skipped")
            return None
        url = pg_url()
    var_dir = base / f"{database}-{size}"
    var_dir.mkdir()
    try:
        manage(var_dir, url, "migrate", "--noinput")
        demo_seconds, _, _ = manage(var_dir, url, "demo", "--candidacies", str(size))
        first = manage(var_dir, url, "open_data_release")
        second = manage(var_dir, url, "open_data_release")
        release_dir = Path(first[2].strip().splitlines()[-1]).parent
        published = sum(1 for _ in (release_dir / "candidatos.csv").open(encoding="utf-8-sig")) - 1
        sizes = {p.name: p.stat().st_size for p in release_dir.iterdir()}
        return {"demo": demo_seconds, "first": first, "second": second, "published": published, "sizes": sizes}
    finally:
        if database == "postgres":
            postgres_admin(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="20000,200000", help="candidacies of each demo election")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    base = Path(tempfile.mkdtemp(prefix="conoceles-bench-opendata-"))
    print(f"\nConóceles open-data release benchmark on {os.cpu_count()} cores, folder {base}")
    print("  release = manage.py open_data_release: workbook, 2 CSV, 2 JSON, dictionary, changelog, sums, zip")
    try:
        for database in args.databases.split(","):
            for size in sizes:
                print(f"\n{database}, demo election of {size:,} candidacies")
                result = run(base, database, size)
                if result is None:
                    continue
                print(f"  demo generated in {result['demo']:.0f} s; {result['published']:,} published today")
                for label in ("first", "second"):
                    seconds, rss, _ = result[label]
                    what = "first release" if label == "first" else "second release (changelog vs the first)"
                    print(f"  {what:<42} {seconds:>7.1f} s   peak RSS {rss:>6.0f} MiB")
                zipped = next(v for k, v in result["sizes"].items() if k.endswith(".zip"))
                workbook = result["sizes"]["baseDatosCandidatos.xlsx"]
                print(f"  zip {zipped / 1e6:.1f} MB, workbook {workbook / 1e6:.1f} MB")
    finally:
        if args.keep:
            print(f"\nKept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
