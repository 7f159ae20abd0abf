from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """unaccent and pg_trgm for accent-insensitive and fuzzy search; no-ops on SQLite."""

    dependencies = [("elections", "0001_initial")]

    operations = [UnaccentExtension(), TrigramExtension()]
