from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0003_legacy_formats_await_review")]

    operations = [
        migrations.AddConstraint(
            model_name='consentrecord',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('method', 'direct'), ('source_format__isnull', True)), models.Q(('method', 'signed_format'), ('source_format__isnull', False)), _connector='OR'), name='consent_signed_format_has_format', violation_error_message='El consentimiento por formato firmado lleva el formato del que viene.'),
        ),
    ]
