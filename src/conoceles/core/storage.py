import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files no URL serves: uploaded import files, later consent evidence. Reads its folder from settings
    at each use, so a changed PRIVATE_MEDIA_ROOT (tests, deployments) takes effect."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def private_storage() -> FileSystemStorage:
    return PrivateStorage()
