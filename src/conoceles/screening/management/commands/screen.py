"""manage.py screen: the full scan of a process (or the incremental scan of one candidacy)."""

import time

from django.core.management.base import BaseCommand, CommandError

from conoceles.candidacies.models import Candidacy
from conoceles.elections.models import ElectoralProcess
from conoceles.screening import engine
from conoceles.screening.models import SCREENED_RULES


class Command(BaseCommand):
    help = (
        "Busca posibles incumplimientos de los supuestos 1, 4, 5 y 7 (copias de propuestas, menciones de otros "
        "partidos o candidaturas, términos vigilados) y reemplaza los hallazgos. Sin opciones, en todos los "
        "procesos vigentes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--process", type=int, metavar="ID", help="Solo este proceso electoral.")
        parser.add_argument("--candidacy", type=int, metavar="ID", help="Solo esta candidatura (y sus pares).")

    def handle(self, *args, process=None, candidacy=None, **options):
        if candidacy is not None:
            found = Candidacy.objects.filter(pk=candidacy).first()
            if found is None:
                raise CommandError(f"No existe la candidatura {candidacy}.")
            started = time.monotonic()
            findings = engine.scan_candidacy(found)
            self.stdout.write(
                f"Candidatura {found.pk}: {len(findings)} hallazgos ({time.monotonic() - started:.3f} s)."
            )
            return
        processes = ElectoralProcess.objects.filter(is_active=True)
        if process is not None:
            processes = ElectoralProcess.objects.filter(pk=process)
            if not processes:
                raise CommandError(f"No existe el proceso electoral {process}.")
        for p in processes:
            result = engine.scan_process(p)
            counts = ", ".join(f"supuesto {rule}: {result.findings.get(rule, 0):,}" for rule in SCREENED_RULES)
            self.stdout.write(
                f"{p.name}: {result.candidacies:,} candidaturas revisadas; hallazgos: {counts} "
                f"({result.seconds:.1f} s, {result.seconds_pairs:.1f} s de ellos comparando propuestas)."
            )
