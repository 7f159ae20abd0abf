"""The 20 questions' open-data headers become the INE's own (questions 5, 6, 9, 10 and 20 were our wording).

Only headers still at the old default («N. text» of the seeded text) change: a header an institute edited stays."""

from django.db import migrations

from conoceles.questionnaires.identity_catalog import INE_QUESTION_HEADERS


def forwards(apps, schema_editor):
    IdentityQuestion = apps.get_model("questionnaires", "IdentityQuestion")
    for question in IdentityQuestion.objects.filter(number__in=list(INE_QUESTION_HEADERS)):
        if question.export_header in ("", f"{question.number}. {question.text}"):
            question.export_header = INE_QUESTION_HEADERS[question.number]
            question.save(update_fields=["export_header"])


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0004_consent_signed_format_has_format")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
