"""The deliverables calendar (/gestion/proceso/<id>/entregables/): the default list of the Plan Integral, due dates
fixed or counted from a process date, the edit form's rules, fulfilment, the dashboard's «próximas fechas», the
personal iCalendar feed and who may reach any of it."""

import datetime
import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from conoceles.accounts.models import Role
from conoceles.gestion.calendar import process_calendar
from conoceles.gestion.ics import feed_token
from conoceles.gestion.models import Deliverable
from conoceles.gestion.services import ensure_default_deliverables
from tests.factories import make_user

pytestmark = pytest.mark.django_db

DATES = ["capture_deadline", "election_day", "publication_end_date", "archive_date", "lock_date", "cancellation_date"]


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def list_url(process, **query) -> str:
    url = reverse("gestion:deliverables", args=[process.pk])
    return f"{url}?estado={query['estado']}" if query else url


def edit_url(deliverable) -> str:
    return reverse("gestion:deliverable_edit", args=[deliverable.process_id, deliverable.pk])


def by_key(process, key) -> Deliverable:
    return process.deliverables.get(default_key=key)


def form_data(deliverable, **changes) -> dict:
    data = {
        name: getattr(deliverable, name)
        for name in ["code", "title", "rule", "area", "anchor", "offset_days", "status", "note", "report_kind"]
    }
    data |= {"due_date": deliverable.due_date or "", "fulfilled_on": deliverable.fulfilled_on or ""}
    return data | changes


def feed_url_on_page(client, process) -> str:
    page = client.get(list_url(process)).content.decode()
    return html.unescape(re.search(r'id="direccion-calendario"[^>]*value="([^"]+)"', page).group(1))


def events(response) -> dict[str, object]:
    """The feed's events by summary."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return {str(event["summary"]): event for event in Calendar.from_ical(response.content).walk("VEVENT")}


# --- The default list -------------------------------------------------------------------------------------------


def test_the_default_list_has_the_sixteen_activities_the_monthly_reports_and_those_without_number(world):
    added = ensure_default_deliverables(world.process)  # election day 6/6/2027
    codes = {d.code for d in added}
    assert codes - {""} == {f"11.{n}" for n in range(1, 17)}
    monthly = sorted(d.due for d in added if d.code == "11.5")
    assert len(monthly) == 10
    assert (monthly[0], monthly[-1]) == (datetime.date(2026, 10, 5), datetime.date(2027, 7, 5))
    without_number = {d.default_key for d in added if not d.code}
    assert without_number == {"aviso-privacidad", "mejoras", "omisos", "otros-documentos", "modificaciones",
                              "informe-final"}  # fmt: skip
    process = world.process
    assert by_key(process, "11.1").due == datetime.date(2026, 9, 2)  # the year before the election
    assert by_key(process, "11.13").due == datetime.date(2027, 4, 26)
    assert by_key(process, "11.14").due == datetime.date(2027, 4, 27)
    assert by_key(process, "11.13").report_kind == Deliverable.ReportKind.PROGRESS
    assert by_key(process, "informe-final").report_kind == Deliverable.ReportKind.FINAL
    omisos = by_key(process, "omisos")
    assert (omisos.due_date, omisos.anchor, omisos.offset_days) == (None, "election_day", -4)
    assert omisos.due == datetime.date(2027, 6, 2)


def test_loading_the_default_list_again_adds_nothing_and_keeps_the_institutes_edits(staff_client, world):
    process = world.process
    assert "Cargar la lista predeterminada" in text(staff_client.get(list_url(process)))
    response = staff_client.post(reverse("gestion:default_deliverables", args=[process.pk]), follow=True)
    total = process.deliverables.count()
    assert f"Se agregaron {total} entregables de la lista predeterminada." in text(response)
    assert "Instalación de la Comisión" in text(response)
    first = by_key(process, "11.1")
    first.title = "Instalación de la Comisión Ejecutiva Temporal"
    first.save()
    response = staff_client.post(reverse("gestion:default_deliverables", args=[process.pk]), follow=True)
    assert "El proceso ya tenía todos los entregables de la lista predeterminada." in text(response)
    assert process.deliverables.count() == total
    assert by_key(process, "11.1").title == "Instalación de la Comisión Ejecutiva Temporal"


# --- The list ----------------------------------------------------------------------------------------------------


@pytest.fixture
def calendar(world):
    ensure_default_deliverables(world.process)
    return world.process


def test_the_list_is_in_date_order_grouped_by_month(staff_client, calendar):
    page = text(staff_client.get(list_url(calendar)))
    assert page.index("Septiembre de 2026") < page.index("Octubre de 2026") < page.index("Julio de 2027")
    assert page.index("Abril de 2027") < page.index("26/04/2027 11.13") < page.index("27/04/2027 11.14")
    # the same day: by activity number (11.8 before 11.10), those without number last
    assert page.index("01/04/2027 11.8") < page.index("01/04/2027 11.10") < page.index("01/04/2027 S/ID")
    assert "02/06/2027 Jornada electoral -4 días S/ID Informe de omisos" in page


def test_an_overdue_deliverable_is_highlighted_and_filtered(staff_client, calendar):
    today = timezone.localdate()
    late = by_key(calendar, "11.3")
    late.due_date = today - datetime.timedelta(days=2)
    late.save()
    done = by_key(calendar, "11.4")
    done.due_date, done.status, done.fulfilled_on = today - datetime.timedelta(days=1), "done", today
    done.save()
    body = staff_client.get(list_url(calendar)).content.decode()
    row = re.search(rf'<tr id="entregable-{late.pk}"[^>]*>', body).group(0)
    assert 'class="table-danger"' in row
    assert 'class="table-danger"' not in re.search(rf'<tr id="entregable-{done.pk}"[^>]*>', body).group(0)
    overdue = [d for d in calendar.deliverables.open() if d.due < today]
    assert late in overdue
    page = text(staff_client.get(list_url(calendar, estado="overdue")))
    assert f"Vencidos: {len(overdue)}" in page
    assert page.count("Marcar cumplido") == len(overdue)
    assert "11.3 Determinar si la implementación" in page and "Vencido" in page
    assert "Plan de trabajo" not in page
    page = text(staff_client.get(list_url(calendar, estado="done")))
    assert "Plan de trabajo" in page and "Determinar si la implementación" not in page


def test_the_list_costs_the_same_queries_however_many_deliverables(
    staff_client, calendar, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as captured:
        assert staff_client.get(list_url(calendar)).status_code == 200
    for n in range(10):
        Deliverable.objects.create(process=calendar, title=f"Otro {n}", anchor="election_day", offset_days=n)
    with django_assert_max_num_queries(len(captured)):
        assert staff_client.get(list_url(calendar)).status_code == 200


def test_a_due_date_counted_from_the_process_follows_it_when_it_moves(staff_client, calendar):
    process = calendar
    cargos = list(process.cargos.order_by("order", "name"))
    data = {name: getattr(process, name) or "" for name in DATES} | {"election_day": "2027-06-13"}
    data |= {"cargos-TOTAL_FORMS": len(cargos), "cargos-INITIAL_FORMS": len(cargos)}
    for i, cargo in enumerate(cargos):
        data[f"cargos-{i}-id"] = cargo.pk
    assert staff_client.post(reverse("gestion:dates", args=[process.pk]), data).status_code == 302
    page = text(staff_client.get(list_url(process)))
    assert "09/06/2027 Jornada electoral -4 días S/ID Informe de omisos" in page
    assert "26/04/2027 11.13" in page  # a fixed date stays


# --- Editing and fulfilling ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"due_date": "2027-04-20", "anchor": "election_day"},
            "Indique una fecha fija o una fecha del proceso, no ambas.",
        ),
        ({"due_date": "", "anchor": ""}, "Indique la fecha límite: una fecha fija, o una fecha del proceso y los días"),
        ({"offset_days": "3"}, "Los días se cuentan desde una fecha del proceso"),
        ({"fulfilled_on": "2027-04-20"}, "La fecha de cumplimiento solo va en un entregable cumplido"),
        ({"anchor": "", "due_date": "", "offset_days": "-800"}, "Asegúrese de que este valor sea mayor o igual a -730"),
    ],
)
def test_the_form_refuses_a_due_date_that_is_not_exactly_one_thing(staff_client, calendar, changes, message):
    deliverable = by_key(calendar, "11.13")
    response = staff_client.post(edit_url(deliverable), form_data(deliverable, **changes))
    assert response.status_code == 200
    assert message in text(response)
    deliverable.refresh_from_db()
    assert deliverable.due == datetime.date(2027, 4, 26)


def test_the_admin_edits_a_deliverable_and_the_change_is_audited(staff_client, admin_user, calendar):
    deliverable = by_key(calendar, "11.13")
    data = form_data(deliverable, due_date="", anchor="election_day", offset_days="-41", area="Unidad de Transparencia")
    response = staff_client.post(edit_url(deliverable), data, follow=True)
    assert "Los cambios quedaron guardados." in text(response)
    deliverable.refresh_from_db()
    assert (deliverable.due, deliverable.area) == (datetime.date(2027, 4, 26), "Unidad de Transparencia")
    page = text(staff_client.get(edit_url(deliverable)))
    assert f"{admin_user.username} Entregable Área responsable: Secretaría Ejecutiva → Unidad de Transparencia" in page
    assert "Fecha fija: 26/04/2027 → — Fecha del proceso: — → Jornada electoral" in page
    assert "Días desde la fecha del proceso: 0 → -41" in page


def test_the_admin_adds_a_deliverable_of_its_own(staff_client, world):
    data = {"code": "", "title": "Informe al Comité de Transparencia", "due_date": "2027-05-10", "offset_days": "0",
            "status": "pending"}  # fmt: skip
    response = staff_client.post(reverse("gestion:deliverable_add", args=[world.process.pk]), data, follow=True)
    assert "10/05/2027 S/ID Informe al Comité de Transparencia" in text(response)
    assert world.process.deliverables.get().default_key == ""


def test_marking_fulfilled_records_today_and_leaves_the_calendar(staff_client, calendar):
    deliverable = by_key(calendar, "11.13")
    url = reverse("gestion:deliverable_fulfilled", args=[calendar.pk, deliverable.pk])
    response = staff_client.post(url, {"estado": "pending"})
    assert response.url == f"{list_url(calendar, estado='pending')}#entregable-{deliverable.pk}"
    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.fulfilled_on) == ("done", timezone.localdate())
    assert "Ese entregable ya estaba cumplido." in text(staff_client.post(url, follow=True))
    labels = [item.label for item in process_calendar(calendar)]
    assert not any("11.13" in label for label in labels)


def test_a_deliverable_saved_as_fulfilled_without_a_date_is_fulfilled_today(staff_client, calendar):
    deliverable = by_key(calendar, "11.1")
    staff_client.post(edit_url(deliverable), form_data(deliverable, status="done"))
    deliverable.refresh_from_db()
    assert deliverable.fulfilled_on == timezone.localdate()


# --- The process's calendar and the dashboard --------------------------------------------------------------------


def test_the_process_calendar_includes_the_open_deliverables(staff_client, calendar):
    process = calendar
    today = timezone.localdate()
    soon = by_key(process, "11.12")
    soon.due_date = today + datetime.timedelta(days=1)
    soon.save()
    omisos = by_key(process, "omisos")
    process.deliverables.exclude(pk__in=[soon.pk, omisos.pk]).update(status="not_applicable")
    items = {item.label: item for item in process_calendar(process)}
    item = items[f"Entregable 11.12: {soon.title}"]
    assert (item.date, item.url) == (soon.due, f"{list_url(process)}#entregable-{soon.pk}")
    assert items[f"Entregable S/ID: {omisos.title}"].date == datetime.date(2027, 6, 2)
    assert not any("11.11" in label for label in items)  # one that does not apply
    page = text(staff_client.get(reverse("gestion:dashboard")))
    assert "Lo siguiente: Entregable 11.12: Acuerdo por el que se determina la fecha de inicio" in page
    assert "(mañana)" in page


# --- The iCalendar feed ----------------------------------------------------------------------------------------------


def test_the_feed_lists_the_deliverables_as_all_day_events_with_alarms(staff_client, calendar, settings):
    skipped = by_key(calendar, "11.7")
    skipped.status = "not_applicable"
    skipped.save()
    feed = feed_url_on_page(staff_client, calendar)
    assert f"/gestion/proceso/{calendar.pk}/entregables.ics?token=" in feed
    found = events(Client().get(feed))  # a calendar application: no session
    assert len(found) == calendar.deliverables.count() - 1
    assert not any("11.7 " in summary for summary in found)
    event = found[f"11.13 {by_key(calendar, '11.13').title}"]
    assert event.decoded("dtstart") == datetime.date(2027, 4, 26)
    assert event.decoded("dtend") == datetime.date(2027, 4, 27)
    assert "Área responsable: Secretaría Ejecutiva" in str(event["description"])
    triggers = sorted(alarm.decoded("trigger") for alarm in event.walk("VALARM"))
    assert triggers == [datetime.timedelta(days=-7), datetime.timedelta(days=-1)]
    uid = str(event["uid"])
    assert uid == f"entregable-{by_key(calendar, '11.13').pk}@127.0.0.1"
    assert uid in {str(e["uid"]) for e in events(Client().get(feed)).values()}  # stable from one read to the next


def test_the_feed_refuses_a_bad_or_revoked_token(staff_client, admin_user, calendar):
    feed = reverse("gestion:deliverables_feed", args=[calendar.pk])
    assert Client().get(feed).status_code == 403
    assert Client().get(f"{feed}?token=no-es-un-token").status_code == 403
    reviewer = make_user("revisor-curioso", Role.REVIEWER)
    assert Client().get(f"{feed}?token={feed_token(reviewer)}").status_code == 403
    old = feed_token(admin_user)
    assert Client().get(f"{feed}?token={old}").status_code == 200
    admin_user.set_password("Otra-Contrasena-2027")
    admin_user.save()
    assert Client().get(f"{feed}?token={old}").status_code == 403
    assert Client().get(f"{feed}?token={feed_token(admin_user)}").status_code == 200
    admin_user.is_active = False
    admin_user.save()
    assert Client().get(f"{feed}?token={feed_token(admin_user)}").status_code == 403


# --- Who may -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer", "party_user", "candidate_user", "analyst"])
def test_only_the_administration_reaches_the_deliverables(client, request, calendar, who):
    user = make_user("analista", Role.ANALYST) if who == "analyst" else request.getfixturevalue(who)
    client.force_login(user)
    deliverable = by_key(calendar, "11.13")
    title = deliverable.title
    assert client.get(list_url(calendar)).status_code == 403
    assert client.get(edit_url(deliverable)).status_code == 403
    assert client.post(edit_url(deliverable), form_data(deliverable, title="Otro")).status_code == 403
    fulfil = reverse("gestion:deliverable_fulfilled", args=[calendar.pk, deliverable.pk])
    assert client.post(fulfil).status_code == 403
    assert client.post(reverse("gestion:default_deliverables", args=[calendar.pk])).status_code == 403
    deliverable.refresh_from_db()
    assert (deliverable.title, deliverable.status) == (title, "pending")


def test_anonymous_visitors_are_sent_to_sign_in(client, calendar):
    response = client.get(list_url(calendar))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_the_settings_tabs_and_the_dashboard_lead_to_the_deliverables(staff_client, world):
    url = list_url(world.process)
    assert f'href="{url}"' in staff_client.get(reverse("gestion:dates", args=[world.process.pk])).content.decode()
    assert f'href="{url}"' in staff_client.get(reverse("gestion:dashboard")).content.decode()


def test_a_deliverable_links_the_last_finished_report_that_fulfils_it(staff_client, calendar):
    from conoceles.reports.models import GeneratedReport, ReportKind
    from conoceles.reports.services import generate, request_report

    april = by_key(calendar, "11.13")
    assert april.report_kind == ReportKind.AVANCE
    assert "Último avance cuantitativo" not in text(staff_client.get(list_url(calendar)))
    generate(request_report(calendar, ReportKind.AVANCE, background=False))
    latest = generate(request_report(calendar, ReportKind.AVANCE, background=False))
    failed = request_report(calendar, ReportKind.AVANCE, background=False)
    GeneratedReport.objects.filter(pk=failed.pk).update(status=GeneratedReport.Status.FAILED)
    page = staff_client.get(list_url(calendar)).content.decode()
    assert f'href="{reverse("reports:detail", args=[latest.pk])}">Último avance cuantitativo' in page
