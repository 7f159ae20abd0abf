"""The aviso de privacidad's conservation and ARCO sections (conoceles.arco.notice): rendered from the process's
dates when a version is published, stored in that version (an accepted version never changes), shown wherever the
aviso is shown, and a warning on the dates screen once the dates no longer match."""

import datetime

import pytest
from django.urls import reverse

from conoceles.arco.notice import UNSET_DATE, notice_is_outdated, rights_section
from conoceles.elections.models import ElectoralProcess
from conoceles.questionnaires.models import PrivacyNotice
from conoceles.questionnaires.services import publish_notice
from tests.factories import announce

pytestmark = pytest.mark.django_db


def set_dates(process, **dates):
    ElectoralProcess.objects.filter(pk=process.pk).update(**dates)
    process.refresh_from_db()
    announce(process)


def test_empty_dates_read_as_to_be_determined(world):
    text = rights_section(world.process)
    assert text.count(UNSET_DATE) == 4
    for title in ("Fin de la publicación", "Archivo", "Bloqueo", "Cancelación (supresión)"):
        assert title in text
    assert "Mis datos personales" in text and "20 días hábiles" in text and "10 días hábiles" in text
    assert "Unidad de Transparencia" in text


def test_the_section_is_stored_in_the_version_and_never_changes_under_its_reader(world, admin_user):
    set_dates(
        world.process,
        publication_end_date=datetime.date(2027, 6, 6),
        archive_date=datetime.date(2027, 9, 1),
        lock_date=datetime.date(2028, 6, 1),
        cancellation_date=datetime.date(2030, 6, 1),
    )
    first = publish_notice(world.process, PrivacyNotice.Kind.INTEGRAL, "Texto del aviso.", by=admin_user)
    for said in (
        "el 6 de junio de 2027",
        "el 1 de septiembre de 2027",
        "el 1 de junio de 2028",
        "el 1 de junio de 2030",
    ):
        assert said in first.rights_section
    assert UNSET_DATE not in first.rights_section
    assert not notice_is_outdated(first)

    set_dates(world.process, cancellation_date=datetime.date(2031, 1, 15))
    first.refresh_from_db()
    assert "el 1 de junio de 2030" in first.rights_section  # the accepted version says what it said
    assert notice_is_outdated(first)
    second = publish_notice(world.process, PrivacyNotice.Kind.INTEGRAL, "Texto del aviso.", by=admin_user)
    assert second.version == 2 and "el 15 de enero de 2031" in second.rights_section
    assert not notice_is_outdated(second)


def test_the_public_aviso_page_shows_the_section(client, world, notices):
    html = client.get(reverse("public:privacy_notice")).content.decode()
    assert "CONSERVACIÓN DE SUS DATOS PERSONALES" in html and "DERECHOS ARCO" in html
    assert UNSET_DATE in html


def test_the_capture_acceptance_page_shows_the_section(client, world, notices, candidate_user):
    client.force_login(candidate_user)
    html = client.get(reverse("capture:notice", args=[world.process.pk])).content.decode()
    assert html.count("DERECHOS ARCO") == 2  # the integral and the simplificado


def test_the_dates_screen_warns_once_a_date_changed(staff_client, world, notices):
    url = reverse("gestion:dates", args=[world.process.pk])
    assert "El aviso de privacidad ya no dice las fechas vigentes" not in staff_client.get(url).content.decode()
    set_dates(world.process, archive_date=datetime.date(2027, 9, 1))
    html = staff_client.get(url).content.decode()
    assert "El aviso de privacidad ya no dice las fechas vigentes" in html
    assert "la versión 1 del aviso de privacidad integral" in html
