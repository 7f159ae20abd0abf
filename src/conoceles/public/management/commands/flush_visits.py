from django.core.management.base import BaseCommand

from conoceles.public.visits import flush_visits


class Command(BaseCommand):
    help = "Pasa a la base de datos las visitas al sitio público contadas en la caché (ejecútelo cada pocos minutos)."

    def handle(self, *args, **options):
        moved = flush_visits()
        self.stdout.write(f"Visitas registradas: {moved}.")
