"""Rebuild the public lists' index (review.search_index) from the publication gate, and invalidate the cached
public pages: for data changed outside the system, which announced nothing (conoceles.changes)."""

import time

from django.core.management.base import BaseCommand, CommandError

from conoceles.changes import Reason, process_changed
from conoceles.elections.models import ElectoralProcess


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
        rows = process_changed(target, reason=Reason.ADMIN)
        self.stdout.write(f"Índice de publicación: {rows:,} candidaturas ({time.monotonic() - started:.1f} s).")
