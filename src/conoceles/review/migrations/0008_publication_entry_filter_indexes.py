from django.db import migrations, models


def analyze(apps, schema_editor):
    """Statistics for the new indexes: without them SQLite's planner takes an index it knows nothing about for one
    that picks a handful of rows, and reads half the table through the index of the sex."""
    schema_editor.execute("ANALYZE review_publicationentry")


class Migration(migrations.Migration):
    """Indexes for the search's filters that had none (a party, a grado, a sex), so that two of them that each pick
    many rows but together few are not answered by reading the whole table."""

    dependencies = [
        ("candidacies", "0003_formula_number_wider"),
        ("elections", "0003_labels_and_messages"),
        ("review", "0007_publication_entry_updated_at"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="publicationentry",
            index=models.Index(fields=["actor", "search_name"], name="pub_by_actor"),
        ),
        migrations.AddIndex(
            model_name="publicationentry",
            index=models.Index(fields=["education_level", "search_name"], name="pub_by_education_level"),
        ),
        migrations.AddIndex(
            model_name="publicationentry",
            index=models.Index(fields=["sex", "search_name"], name="pub_by_sex"),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True),
    ]
