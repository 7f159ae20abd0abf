import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """When each entry of the publication index was last written (the API's `updated_since`); the entries that exist
    are stamped with the time of the migration."""

    dependencies = [
        ("review", "0006_formula_number_wider"),
    ]

    operations = [
        migrations.AddField(
            model_name="publicationentry",
            name="updated_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="actualizada"),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="publicationentry",
            index=models.Index(fields=["updated_at"], name="pub_by_updated_at"),
        ),
    ]
