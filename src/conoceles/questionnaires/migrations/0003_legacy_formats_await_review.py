from django.db import migrations


def legacy_formats_await_review(apps, schema_editor):
    """Signed formats recorded before formats were reviewed counted at once, whoever uploaded them. Each becomes a
    pending ConsentFormat (its records linked to it): it counts only once a reviewer accepts the document."""
    ConsentRecord = apps.get_model("questionnaires", "ConsentRecord")
    ConsentFormat = apps.get_model("questionnaires", "ConsentFormat")
    legacy = ConsentRecord.objects.filter(method="signed_format", source_format__isnull=True).order_by("pk")
    formats = {}
    for record in legacy.iterator():
        key = (record.candidacy_id, record.evidence.name if record.evidence else "", record.recorded_by_id)
        if key not in formats:
            formats[key] = ConsentFormat.objects.create(
                candidacy_id=record.candidacy_id,
                evidence=key[1] or "consent/sin-archivo",
                uploaded_by_id=record.recorded_by_id,
            )
            ConsentFormat.objects.filter(pk=formats[key].pk).update(uploaded_at=record.recorded_at)
        ConsentRecord.objects.filter(pk=record.pk).update(source_format=formats[key], evidence=None)


class Migration(migrations.Migration):
    """Its own migration (its own transaction on PostgreSQL): rows updated here must not share a transaction with the
    ALTER TABLE of 0004."""

    dependencies = [("questionnaires", "0002_consent_formats")]

    operations = [migrations.RunPython(legacy_formats_await_review, migrations.RunPython.noop)]
