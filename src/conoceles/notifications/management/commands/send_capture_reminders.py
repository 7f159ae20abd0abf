from django.core.management.base import BaseCommand, CommandError

from conoceles.notifications import reminders


class Command(BaseCommand):
    help = (
        "Avisa (en el sitio y por correo) a las cuentas con cuestionarios curriculares incompletos cuando la fecha "
        "límite de captura de su proceso está a N días o menos. Una vez al día por cuenta: repetirlo no duplica."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=reminders.DEFAULT_DAYS, help="días antes de la fecha límite")
        parser.add_argument("--dry-run", action="store_true", help="solo muestra a quién se avisaría")

    def handle(self, *args, days, dry_run, **options):
        if days < 0:
            raise CommandError("--days no puede ser negativo.")
        if dry_run:
            planned = reminders.plan_capture_reminders(days=days)
            for reminder in planned:
                self.stdout.write(
                    f"{reminder.user.get_username()}: {len(reminder.candidacies)} candidatura(s) incompleta(s), "
                    f"fecha límite {reminder.deadline:%d/%m/%Y}"
                )
            self.stdout.write(f"Simulación: se avisaría a {len(planned)} cuenta(s); no se envió nada.")
            return
        sent = reminders.send_capture_reminders(days=days)
        self.stdout.write(self.style.SUCCESS(f"Recordatorios creados: {len(sent)}."))
