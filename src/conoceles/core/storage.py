from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    """Storage no URL serves: uploaded import files, later consent evidence."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
