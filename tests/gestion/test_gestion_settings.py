"""The process settings in the site's own look: dates (in order), publication windows (within bounds, announced),
review and capture rules (validated), each change audited (who changed what)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from conoceles.elections.models import Cargo, ElectoralProcess
from conoceles.questionnaires.services import capture_rules_for
from conoceles.review.models import PublicationEntry
from conoceles.review.publication import is_public
from conoceles.review.services import review_rules_for, validate_candidacy
from tests.review.helpers import fill

pytestmark = pytest.mark.django_db

DATES = ["capture_deadline", "election_day", "publication_end_date", "archive_date", "lock_date", "cancellation_date"]


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def dates_data(process, **changes) -> dict:
    """The dates page's POST: the process's dates and every cargo's window as they are, with `changes` applied
    (a process field by name, a cargo's as `<code>_start` / `<code>_end`)."""
    data = {name: getattr(process, name) or "" for name in DATES}
    cargos = list(process.cargos.order_by("order", "name"))
    data |= {
        "cargos-TOTAL_FORMS": len(cargos),
        "cargos-INITIAL_FORMS": len(cargos),
        "cargos-MIN_NUM_FORMS": 0,
        "cargos-MAX_NUM_FORMS": 1000,
    }
    for i, cargo in enumerate(cargos):
        data |= {
            f"cargos-{i}-id": cargo.pk,
            f"cargos-{i}-publication_start": cargo.publication_start or "",
            f"cargos-{i}-publication_end": cargo.publication_end or "",
        }
    for key, value in changes.items():
        if key in DATES:
            data[key] = value
        else:
            code, end = key.rsplit("_", 1)
            index = [c.code for c in cargos].index(code)
            data[f"cargos-{index}-publication_{end}"] = value
    return data


def dates_url(process) -> str:
    return reverse("gestion:dates", args=[process.pk])


@pytest.mark.parametrize("who", ["reviewer", "party_user", "candidate_user"])
@pytest.mark.parametrize("page", ["gestion:dates", "gestion:review_rules", "gestion:capture_rules"])
def test_only_the_administration_may_change_the_settings(client, request, world, who, page):
    client.force_login(request.getfixturevalue(who))
    url = reverse(page, args=[world.process.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, dates_data(world.process, archive_date="2027-09-01")).status_code == 403
    assert ElectoralProcess.objects.get().archive_date is None


def test_the_process_screen_lists_the_processes_and_links_the_settings(staff_client, world):
    response = staff_client.get("/gestion/proceso/")
    assert response.status_code == 200
    assert f'href="{dates_url(world.process)}"' in response.content.decode()
    assert "Proceso vigente" in response.content.decode()


def test_the_admin_sets_the_later_dates_and_the_change_is_audited(staff_client, admin_user, world):
    response = staff_client.post(
        dates_url(world.process),
        dates_data(
            world.process,
            publication_end_date="2027-06-30",
            archive_date="2027-07-31",
            lock_date="2027-08-31",
            cancellation_date="2027-12-31",
        ),
        follow=True,
    )
    assert "Los cambios quedaron guardados." in text(response)
    process = ElectoralProcess.objects.get()
    assert (process.publication_end_date, process.cancellation_date) == (
        datetime.date(2027, 6, 30),
        datetime.date(2027, 12, 31),
    )
    record = process.history.latest()
    assert record.history_user == admin_user
    page = text(response)
    assert (
        "coordinadora Proceso Fin de la publicación: — → 30/06/2027 Fecha de archivo: — → 31/07/2027 "
        "Fecha de bloqueo: — → 31/08/2027 Fecha de cancelación: — → 31/12/2027" in page
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("election_day", "2027-04-29", "igual o posterior a la de «fecha límite de captura» (30/04/2027)."),
        ("publication_end_date", "2027-06-06", "posterior a la de «jornada electoral» (06/06/2027)."),
        ("lock_date", "2027-07-01", "posterior a la de «fecha de archivo» (31/07/2027)."),
    ],
)
def test_each_date_comes_after_the_one_before_it(staff_client, world, field, value, message):
    data = dates_data(world.process, archive_date="2027-07-31", **{field: value})
    response = staff_client.post(dates_url(world.process), data)
    assert response.status_code == 200
    assert f"Esta fecha debe ser {message}" in text(response)
    assert ElectoralProcess.objects.get().archive_date is None  # nothing saved


def test_an_empty_date_is_skipped_in_the_order(staff_client, world):
    response = staff_client.post(dates_url(world.process), dates_data(world.process, cancellation_date="2027-06-07"))
    assert response.status_code == 302
    assert ElectoralProcess.objects.get().cancellation_date == datetime.date(2027, 6, 7)


AFTER_ELECTION = "La publicación no puede terminar después de la jornada electoral"
EARLIER_ELECTION = {"election_day": "2027-05-20", "capture_deadline": ""}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"GUB_start": "2027-05-01", "GUB_end": "2027-04-01"}, "El fin de publicación no puede ser anterior al inicio"),
        ({"GUB_start": "2027-05-01", "GUB_end": "2027-06-07"}, f"{AFTER_ELECTION} (06/06/2027)."),
        (
            {"GUB_start": "2026-06-05"},
            "La publicación no puede empezar más de un año antes de la jornada electoral (a partir del 06/06/2026).",
        ),
        ({"GUB_start": "2027-06-07"}, "La publicación no puede empezar después de la jornada electoral (06/06/2027)."),
        # Against the election day submitted with it, not the stored one.
        (
            {"GUB_start": "2027-05-01", "GUB_end": "2027-05-30", **EARLIER_ELECTION},
            f"{AFTER_ELECTION} (20/05/2027).",
        ),
    ],
)
def test_publication_windows_stay_within_bounds(staff_client, world, changes, message):
    response = staff_client.post(dates_url(world.process), dates_data(world.process, **changes))
    assert response.status_code == 200
    assert message in text(response)
    assert Cargo.objects.get(code="GUB").publication_start is None


def test_a_new_publication_window_reaches_the_public_site_at_once(staff_client, world, candidacy, party_user):
    fill(candidacy, party_user)
    validate_candidacy(candidacy, by=party_user)
    assert not is_public(candidacy)  # validated, but every window is closed
    today = timezone.localdate()
    response = staff_client.post(dates_url(world.process), dates_data(world.process, DIP_MR_start=today.isoformat()))
    assert response.status_code == 302
    candidacy = type(candidacy).objects.get(pk=candidacy.pk)
    assert is_public(candidacy)
    assert PublicationEntry.objects.filter(candidacy=candidacy).exists()  # announced: the public search lists it
    record = Cargo.history.filter(code="DIP_MR").latest()
    assert record.publication_start == today


def test_review_rules_are_validated_and_audited(staff_client, admin_user, world):
    url = reverse("gestion:review_rules", args=[world.process.pk])
    refused = staff_client.post(url, {"observation_rounds": 0, "correction_requests": 1})
    assert "Cada candidatura debe tener al menos una ronda de observación." in text(refused)
    too_many = staff_client.post(url, {"observation_rounds": 2, "correction_requests": 11})
    assert "Escriba como máximo 10." in text(too_many)
    saved = staff_client.post(url, {"observation_rounds": 2, "correction_requests": 0}, follow=True)
    rules = review_rules_for(world.process)
    assert (rules.observation_rounds, rules.correction_requests) == (2, 0)
    assert rules.history.latest().history_user == admin_user
    assert "Rondas de observación por candidatura: 1 → 2" in text(saved)


def test_capture_rules_take_catalogs_one_per_line(staff_client, admin_user, world):
    url = reverse("gestion:capture_rules", args=[world.process.pk])
    rules = capture_rules_for(world.process)
    form = {
        name: getattr(rules, name)
        for name in ("photo_max_kb", "photo_max_side_px", "min_text_length", "other_training_max",
                     "professional_history_max", "political_trajectory_max", "motivation_max", "proposal_max")
    }
    catalogs = {"education_levels": "Ninguno\nPrimaria\n\nSecundaria ", "education_statuses": "Cursando\nTítulo"}
    refused = staff_client.post(url, form | catalogs | {"levels_without_status": "Sin estudios"})
    assert "Cada grado sin estatus debe estar en el catálogo de grados." in text(refused)
    zero = staff_client.post(url, form | catalogs | {"levels_without_status": "Ninguno", "photo_max_kb": 0})
    assert "Escriba un número mayor que cero." in text(zero)
    above = staff_client.post(url, form | catalogs | {"levels_without_status": "Ninguno", "min_text_length": 3000})
    assert "La longitud mínima no puede ser mayor que ningún máximo." in text(above)
    saved = staff_client.post(url, form | catalogs | {"levels_without_status": "Ninguno"}, follow=True)
    rules.refresh_from_db()
    assert rules.education_levels == ["Ninguno", "Primaria", "Secundaria"]
    assert rules.history.latest().history_user == admin_user
    assert "Grados sin estatus: Sin estudios → Ninguno" in text(saved)
