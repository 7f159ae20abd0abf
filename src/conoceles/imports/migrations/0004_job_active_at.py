import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0003_ine_workbook"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="active_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="última actividad"),
        ),
    ]
