"""`make bench`: figures for the performance budget of ARCHITECTURE.md. Prints numbers; asserts nothing.

Each step runs `manage.py` in a child process against a fresh SQLite database in a temporary folder,
so wall time and peak memory (max RSS, from the kernel's accounting of that child) are the command's own.

    python bench/run.py [--candidacies 200000] [--small 20000] [--keep]
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
SECRET_KEY = secrets.token_urlsafe(50)  # production settings (DEBUG off), as an institute runs them
CATALOGS = [
    ("geography", "geografia.csv"),
    ("cargos", "cargos.csv"),
    ("contests", "contiendas.csv"),
    ("actors", "actores.csv"),
]


def manage(var_dir: Path, *args: str) -> tuple[float, float, str]:
    """Run manage.py; return (seconds, peak MiB, output)."""
    env = {**os.environ, "CONOCELES_VAR_DIR": str(var_dir), "DEBUG": "false", "SECRET_KEY": SECRET_KEY,
           "LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{output}")
    return seconds, usage.ru_maxrss / 1024, output


def fresh_database(base: Path, name: str, files: Path) -> Path:
    var_dir = base / name
    var_dir.mkdir()
    manage(var_dir, "migrate", "--noinput")
    manage(
        var_dir,
        "shell",
        "-c",
        (
            "from conoceles.elections.services import create_process; "
            "from conoceles.demo.catalog_data import DEMO_PROCESS; create_process(**DEMO_PROCESS)"
        ),
    )
    for kind, filename in CATALOGS:
        manage(var_dir, "import_file", kind, str(files / filename))
    return var_dir


def import_benchmark(base: Path, candidacies: int, label: str) -> dict:
    files = base / f"files-{label}"
    seconds, _, _ = manage(base, "demo_files", "--output", str(files), "--candidacies", str(candidacies))
    size_mb = (files / "candidaturas.csv").stat().st_size / 1e6
    print(f"  generated {candidacies:,} candidacy rows ({size_mb:.1f} MB CSV) in {seconds:.1f} s")
    var_dir = fresh_database(base, f"db-{label}", files)
    first = manage(var_dir, "import_file", "candidacies", str(files / "candidaturas.csv"))
    again = manage(var_dir, "import_file", "candidacies", str(files / "candidaturas.csv"))
    return {"rows": candidacies, "first": first, "again": again}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidacies", type=int, default=200_000)
    parser.add_argument("--small", type=int, default=20_000, help="a smaller file, to see whether memory grows")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="conoceles-bench-"))
    try:
        print(f"Conóceles benchmark on {os.cpu_count()} cores, SQLite, folder {base}")
        print("\n1. Import of approved candidacies from CSV (manage.py import_file candidacies)")
        results = [import_benchmark(base, n, str(n)) for n in (args.small, args.candidacies)]
        print(
            f"\n  {'rows':>9}  {'first import':>13}  {'rows/s':>8}  {'peak RSS':>9}  {'re-run':>9}  peak RSS"
        )
        for r in results:
            (s1, m1, _), (s2, m2, _) = r["first"], r["again"]
            rate = r["rows"] / s1
            print(f"  {r['rows']:>9,}  {s1:>11.1f} s  {rate:>8,.0f}  {m1:>5.0f} MiB  {s2:>7.1f} s  {m2:>5.0f} MiB")
        print("\n2. Demo generator at full size (manage.py demo --candidacies N) on a fresh database")
        var_dir = base / "demo"
        var_dir.mkdir()
        manage(var_dir, "migrate", "--noinput")
        seconds, peak, _ = manage(var_dir, "demo", "--candidacies", str(args.candidacies))
        print(
            f"  {args.candidacies:,} candidacies with their geography and catalogs in {seconds:.1f} s "
            f"(peak RSS {peak:.0f} MiB)"
        )
    finally:
        if args.keep:
            print(f"\nKept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
