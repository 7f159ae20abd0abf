from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from conoceles.accounts import services
from conoceles.accounts.credentials import CSV_ENCODING, credentials_csv, credentials_pdf
from conoceles.elections.models import ElectoralProcess

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]"}


def default_login_url() -> str:
    hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith((".", "*"))]
    host = hosts[0] if hosts else "localhost"
    base = f"http://{host}:8000" if host in LOCAL_HOSTS else f"https://{host}"
    return base + reverse("accounts:login")


class Command(BaseCommand):
    help = (
        "Crea las cuentas que faltan (una por actor político y, con --per-candidacy, una por candidatura vigente), "
        "genera contraseñas temporales para las cuentas nuevas y escribe la hoja de credenciales (PDF) y/o el CSV."
    )

    def add_arguments(self, parser):
        parser.add_argument("--process", help="Nombre del proceso electoral (por omisión, el vigente).")
        parser.add_argument(
            "--per-candidacy", action="store_true", help="También una cuenta por candidatura con registro vigente."
        )
        parser.add_argument("--pdf", help="Archivo de la hoja de credenciales (PDF, una hoja por cuenta nueva).")
        parser.add_argument("--csv", help="Archivo CSV para combinar correspondencia.")
        parser.add_argument(
            "--login-url", help="Dirección de entrada impresa en la hoja (por omisión, la del primer ALLOWED_HOSTS)."
        )

    def handle(self, *args, process=None, per_candidacy=False, pdf=None, csv=None, login_url=None, **options):
        target = self._process(process)
        paths = [Path(p) for p in (pdf, csv) if p]
        for path in paths:
            if path.exists():
                raise CommandError(f"{path} ya existe; no se sobrescribe. Indique otro nombre de archivo.")
            if not path.parent.is_dir():
                raise CommandError(f"No existe la carpeta {path.parent}.")
        if pdf and csv and Path(pdf).resolve() == Path(csv).resolve():
            raise CommandError("--pdf y --csv deben ser archivos distintos.")
        login_url = login_url or default_login_url()
        with transaction.atomic():
            created = services.generate_accounts(target, per_candidacy=per_candidacy)
            parties = sum(1 for u in created if u.actor_id)
            self.stdout.write(
                f"{target}: {len(created)} cuentas nuevas ({parties} de actores políticos, "
                f"{len(created) - parties} de candidaturas)."
            )
            if not paths:
                if created:
                    self.stdout.write(
                        "Sin --pdf ni --csv las cuentas nuevas quedan sin contraseña: entréguelas desde "
                        "Gestión → Cuentas."
                    )
                return
            if not created:
                self.stdout.write("No faltaba ninguna cuenta: no se escribió ningún archivo.")
                return
            created.sort(key=services.sheet_order)
            credentials = services.issue_credentials(created)
            outputs = []
            if pdf:
                content = credentials_pdf(
                    credentials,
                    login_url=login_url,
                    institute_name=settings.INSTITUTE["name"],
                    process_name=target.name,
                )
                outputs.append((Path(pdf), content))
            if csv:
                outputs.append((Path(csv), credentials_csv(credentials, login_url=login_url).encode(CSV_ENCODING)))
            self._write_all(outputs)
        self.stdout.write(
            self.style.SUCCESS(
                f"Credenciales de {len(credentials)} cuentas en {', '.join(str(p) for p in paths)}. "
                "Guarde el archivo en un lugar seguro: las contraseñas no se pueden volver a ver."
            )
        )

    def _process(self, name):
        if name:
            target = ElectoralProcess.objects.filter(name=name).first()
            if target is None:
                raise CommandError(f"No existe el proceso electoral «{name}».")
            return target
        target = ElectoralProcess.objects.current()
        if target is None:
            raise CommandError("No hay un proceso electoral vigente; cree uno o indique --process.")
        return target

    def _write_all(self, outputs: list[tuple[Path, bytes]]) -> None:
        """Exclusive creation ("x"): a file that appeared meanwhile is not overwritten. On any failure the files
        already written are removed and the transaction rolls back, so no account keeps a password nobody has."""
        written = []
        try:
            for path, content in outputs:
                with path.open("xb") as fh:
                    written.append(path)
                    fh.write(content)
        except BaseException as exc:
            for path in written:
                path.unlink(missing_ok=True)
            if isinstance(exc, FileExistsError):
                raise CommandError(f"{exc.filename} ya existe; no se sobrescribe. Indique otro nombre.") from exc
            raise
