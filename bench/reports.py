"""`make bench`, reports: the avance cuantitativo (PDF + XLSX) and the omisos at two sizes, on SQLite and PostgreSQL.

For each database and each size, a throwaway database gets `manage.py demo --candidacies N` (production settings,
DEBUG off; the demo analyzes what it wrote); then `manage.py report avance` and `manage.py report omisos` run in a
child process each, whose wall time and peak memory (max RSS, from the kernel's accounting of that child) are the
report's own: reading the data, the PDF and the XLSX. Target (ARCHITECTURE.md, issue 13): the avance in < 30 s at
200,000 candidacies, with memory that does not grow with the number of candidacies (compare the two sizes).

    python bench/reports.py [--sizes 20000,200000] [--databases sqlite,postgres] [--keep]

PostgreSQL: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres) names a server where a
throwaway database `conoceles_bench_reports` is created and dropped; skipped with a message when unreachable.
"""

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from opendata import manage, postgres_admin

PG_DB = "conoceles_bench_reports"


def run(base: Path, database: str, size: int) -> dict | None:
    url = None
    if database == "postgres":
        if not postgres_admin(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)") or not postgres_admin(
            f"CREATE DATABASE {PG_DB}"
        ):
            print("  PostgreSQL unreachable: skipped")
            return None
        base_url = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        url = base_url.rsplit("/", 1)[0] + f"/{PG_DB}"
    var_dir = base / f"{database}-{size}"
    var_dir.mkdir()
    try:
        manage(var_dir, url, "migrate", "--noinput")
        demo_seconds, _, _ = manage(var_dir, url, "demo", "--candidacies", str(size))
        results = {"demo": demo_seconds}
        for kind in ("avance", "omisos"):
            pdf, xlsx = var_dir / f"{kind}.pdf", var_dir / f"{kind}.xlsx"
            seconds, rss, _ = manage(var_dir, url, "report", kind, "--pdf", str(pdf), "--xlsx", str(xlsx))
            results[kind] = (seconds, rss, pdf.stat().st_size, xlsx.stat().st_size)
        return results
    finally:
        if database == "postgres":
            postgres_admin(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="20000,200000", help="candidacies of each demo election")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="conoceles-bench-reports-"))
    print(f"\nConóceles reports benchmark on {os.cpu_count()} cores, folder {base}")
    print("  report = manage.py report KIND --pdf --xlsx: the data read, the PDF and the XLSX written, in one process")
    try:
        for database in args.databases.split(","):
            for size in (int(s) for s in args.sizes.split(",")):
                print(f"\n{database}, demo election of {size:,} candidacies")
                result = run(base, database, size)
                if result is None:
                    continue
                print(f"  demo generated in {result['demo']:.0f} s")
                for kind in ("avance", "omisos"):
                    seconds, rss, pdf, xlsx = result[kind]
                    print(
                        f"  {kind:<7} {seconds:>6.1f} s   peak RSS {rss:>5.0f} MiB   "
                        f"PDF {pdf / 1e3:>6.0f} kB   XLSX {xlsx / 1e3:>6.0f} kB"
                    )
    finally:
        if args.keep:
            print(f"\nKept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
