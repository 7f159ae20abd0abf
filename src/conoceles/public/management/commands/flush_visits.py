from django.core.management.base import BaseCommand

from conoceles.public.tasks import schedule_visits_flush
from conoceles.public.visits import flush_visits


class Command(BaseCommand):
    help = (
        "Pasa a la base de datos las visitas al sitio público contadas en la caché y, con el trabajador de tareas "
        "(TASKS_BACKEND=database), programa las siguientes: el trabajador las pasa solo cada VISITS_FLUSH_MINUTES. "
        "Ejecútelo al arrancar el trabajador."
    )

    def handle(self, *args, **options):
        moved = flush_visits()
        self.stdout.write(f"Visitas registradas: {moved:,}.")
        if schedule_visits_flush():
            self.stdout.write("El trabajador de tareas pasará las siguientes por sí solo.")
