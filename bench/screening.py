"""Figures for the screening assistants (rules 1, 4, 5 and 7) at full size. Prints numbers; asserts nothing.

Builds a throwaway SQLite database with `manage.py demo --candidacies N` (its questionnaires carry planted
near-copies, mentions and slogans), seeds the demo watched terms, then times in child processes (DEBUG off):
the full scan (`manage.py screen`) and the incremental scan of one candidacy after its proposal changed
(`manage.py screen --candidacy PK`, which includes the start of Django; the scan itself is printed apart).

    python bench/screening.py [--candidacies 200000] [--keep] [--var-dir DIR (reuse a database built before)]
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import manage  # noqa: E402  (the same child-process runner as bench/run.py)

SEED_TERMS = (
    "from conoceles.elections.models import ElectoralProcess; "
    "from conoceles.demo.screening import seed_demo_terms; "
    "print(seed_demo_terms(ElectoralProcess.objects.get()))"
)
# The proposal 1 of a candidacy in the middle of the table becomes a copy (one word changed) of a proposal that
# the full scan paired (so it has uncommon passages); prints the id of the candidacy changed.
CHANGE_ONE = """
from conoceles.questionnaires.models import CurricularQuestionnaire as Q
from conoceles.screening.models import Finding
rows = Q.objects.exclude(proposal_1="").order_by("candidacy_id")
source = Q.objects.get(candidacy_id=Finding.objects.filter(rule=1, field="proposal_1").earliest("pk").candidacy_id)
target = rows[rows.count() // 2]
words = source.proposal_1.split(" ")
words[len(words) // 2] = "mejores"
Q.objects.filter(pk=target.pk).update(proposal_1=" ".join(words))
print(target.candidacy_id)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidacies", type=int, default=200_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--var-dir", type=Path, help="reuse the database of a run with --keep")
    args, _ = parser.parse_known_args()  # `make bench` passes the same BENCH_ARGS as to bench/run.py
    base = args.var_dir or Path(tempfile.mkdtemp(prefix="conoceles-bench-screening-"))
    try:
        print(f"Screening benchmark, SQLite, folder {base}")
        if args.var_dir is None:
            manage(base, "migrate", "--noinput")
            seconds, peak, output = manage(base, "demo", "--candidacies", str(args.candidacies))
            content = [line for line in output.splitlines() if line.startswith("Contenido:")]
            print(f"  demo with {args.candidacies:,} candidacies in {seconds:.0f} s (peak RSS {peak:.0f} MiB)")
            print("  " + (content[0] if content else "the demo wrote no questionnaires: nothing to scan"))
            manage(base, "shell", "-c", SEED_TERMS)
        seconds, peak, output = manage(base, "screen")
        print(f"\n1. Full scan (manage.py screen): {seconds:.1f} s, peak RSS {peak:.0f} MiB")
        print("  " + output.strip().replace("\n", "\n  "))
        _, _, changed = manage(base, "shell", "-c", CHANGE_ONE)
        pk = changed.strip().splitlines()[-1]
        seconds, peak, output = manage(base, "screen", "--candidacy", pk)
        print(f"\n2. Incremental scan of candidacy {pk} after its proposal 1 became a near-copy of a paired one:")
        print(f"  {output.strip()}  (command with Django start-up: {seconds:.1f} s, peak RSS {peak:.0f} MiB)")
        seconds, peak, output = manage(base, "screen", "--candidacy", pk)
        print(f"  again, nothing changed: {output.strip()}")
    finally:
        if args.keep or args.var_dir:
            print(f"\nKept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
