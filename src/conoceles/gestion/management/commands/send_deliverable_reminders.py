from django.core.management.base import BaseCommand

from conoceles.gestion import services


class Command(BaseCommand):
    help = (
        "Avisa (en el sitio y por correo) a las cuentas de administración de cada entregable pendiente o en curso que "
        "vence dentro de los días de DELIVERABLE_REMINDER_DAYS (7 y 1 por omisión). Una vez por entregable y plazo: "
        "repetirlo no duplica."
    )

    def handle(self, *args, **options):
        sent = services.send_deliverable_reminders()
        self.stdout.write(self.style.SUCCESS(f"Recordatorios de entregables enviados: {len(sent)}."))
