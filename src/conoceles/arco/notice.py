"""The aviso de privacidad's sections on conservation and ARCO rights (LGPDPPSO arts. 27–28), filled in from the
process's lifecycle dates.

How it stays truthful with versioning: the section is rendered when a version of the aviso is published
(questionnaires.services.consent.publish_notice) and stored in that version (`PrivacyNotice.rights_section`), so an
accepted version never changes under its reader. When a date changes afterwards, `notice_is_outdated` says so and
the process's dates screen warns that a new version should be published."""

from django.conf import settings
from django.template.loader import render_to_string

# What each date means, in the order they follow (the process's fields; DOMAIN.md §4 step 10).
DATE_MEANINGS = (
    (
        "publication_end_date",
        "Fin de la publicación",
        "los perfiles dejan de mostrarse en el sitio público.",
    ),
    (
        "archive_date",
        "Archivo",
        "el proceso queda archivado: ya no se capturan ni revisan datos y se desactivan las cuentas de actores "
        "políticos y candidaturas.",
    ),
    (
        "lock_date",
        "Bloqueo",
        "las respuestas al cuestionario de identidad, las evidencias de consentimiento, los datos de contacto "
        "privados y el registro de accesos se bloquean: se conservan solo para atender responsabilidades legales y "
        "no se consultan ni se tratan.",
    ),
    (
        "cancellation_date",
        "Cancelación (supresión)",
        "esos datos se eliminan para siempre del sistema; se conservan solo las estadísticas agregadas y los "
        "informes ya generados.",
    ),
)
MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre")
MONTHS += ("noviembre", "diciembre")
UNSET_DATE = "la fecha que el instituto determine"
RESPONSE_BUSINESS_DAYS = 20
EXTENSION_BUSINESS_DAYS = 10


def _date(value) -> str:
    if value is None:
        return UNSET_DATE
    return f"el {value.day} de {MONTHS[value.month - 1]} de {value.year}"


def rights_section(process) -> str:
    """The text of the sections «Conservación de sus datos» and «Derechos ARCO» for `process`, as of now."""
    dates = [(title, _date(getattr(process, field)), meaning) for field, title, meaning in DATE_MEANINGS]
    return render_to_string(
        "arco/notice_section.txt",
        {
            "process": process,
            "dates": dates,
            "institute": settings.INSTITUTE,
            "days": RESPONSE_BUSINESS_DAYS,
            "extension": EXTENSION_BUSINESS_DAYS,
        },
    ).strip()


def notice_is_outdated(notice) -> bool:
    """Whether the version's stored section no longer says what the process's dates say now."""
    return notice is not None and notice.rights_section != rights_section(notice.process)


def outdated_notices(process) -> list:
    """The versions in force of `process` whose conservation and ARCO section the dates have overtaken."""
    from conoceles.questionnaires.services.consent import current_notices  # here: that module imports this one

    return [n for n in current_notices(process).values() if notice_is_outdated(n)]
