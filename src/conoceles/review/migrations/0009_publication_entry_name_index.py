from django.db import migrations, models


def analyze(apps, schema_editor):
    """Statistics for the new index (as in 0008): SQLite's planner needs them to weigh it against the others."""
    schema_editor.execute("ANALYZE review_publicationentry")


class Migration(migrations.Migration):
    """A narrow index in name order for a search by name alone, which SQLite answers by reading a whole index."""

    dependencies = [
        ("review", "0008_publication_entry_filter_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="publicationentry",
            index=models.Index(fields=["search_name", "candidacy", "process", "starts", "ends"], name="pub_by_name"),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True),
    ]
