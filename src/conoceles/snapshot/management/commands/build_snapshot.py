import time

from django.core.management.base import BaseCommand

from conoceles.snapshot import builder


class Command(BaseCommand):
    help = (
        "Construye el sitio público como archivos estáticos en SNAPSHOT_ROOT (una carpeta nueva y luego el cambio "
        "del enlace «current»), con una barra de avance. Con --day solo actualiza lo que cambia con la fecha: las "
        "candidaturas de los cargos cuya ventana de publicación abre hoy o cerró ayer (programarlo a las 00:00)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--day", action="store_true", help="Solo lo que cambia con la fecha de hoy.")
        parser.add_argument("--workers", type=int, default=None, help="Procesos que generan páginas a la vez.")

    def handle(self, *args, day=False, workers=None, **options):
        started = time.monotonic()
        if day:
            counts = builder.day()
            if not counts:
                self.stdout.write("No hay un sitio construido que actualizar: ejecute build_snapshot sin --day.")
                return
        else:
            report = builder.stderr_progress if options["verbosity"] >= 1 else (lambda *a: None)
            counts = builder.build(workers=workers, progress=builder.Progress(report))
        for label, value in counts.items():
            self.stdout.write(f"{label}: {value:,}" if isinstance(value, int) else f"{label}: {value}")
        self.stdout.write(f"Listo en {time.monotonic() - started:.1f} s.")
