"""Rebuild the public lists' index (review.search_index) from the publication gate."""

import time

from django.core.management.base import BaseCommand, CommandError

from conoceles.elections.models import ElectoralProcess
from conoceles.review.search_index import rebuild_entries


class Command(BaseCommand):
    help = (
        "Reconstruye el índice de publicación que usan la búsqueda y las listas públicas (tras restaurar un "
        "respaldo o modificar datos fuera del sistema). Por omisión, de todos los procesos."
    )

    def add_arguments(self, parser):
        parser.add_argument("--process", type=int, help="Id del proceso electoral (por omisión, todos).")

    def handle(self, *args, process=None, **options):
        target = None
        if process is not None:
            target = ElectoralProcess.objects.filter(pk=process).first()
            if target is None:
                raise CommandError(f"No existe el proceso electoral {process}.")
        started = time.monotonic()
        rows = rebuild_entries(target)
        self.stdout.write(f"Índice de publicación: {rows:,} candidaturas ({time.monotonic() - started:.1f} s).")
