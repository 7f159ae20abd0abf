"""Load the demo once for a test module: the `demo` command inside a transaction that is rolled back on exit."""

import io
from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from conoceles.demo.catalog_data import DEMO_PROCESS
from conoceles.elections.models import ElectoralProcess


@contextmanager
def loaded_demo(tmp_path_factory, *arguments):
    """Yields (process, the command's output, the media folder); the demo's files go to temporary folders."""
    media, output = tmp_path_factory.mktemp("media"), io.StringIO()
    with transaction.atomic():
        try:
            with override_settings(MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private")):
                call_command("demo", *arguments, stdout=output)
            yield ElectoralProcess.objects.get(name=DEMO_PROCESS["name"]), output.getvalue(), media
        finally:
            transaction.set_rollback(True)
