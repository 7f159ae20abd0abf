"""Cancelación and oposición requests: the candidate's form (driven through the HTML) and her list, Administración's
queue (order, deadlines, overdue marks, filters, extension) and who may reach what."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conoceles.arco.business_days import add_business_days, business_days_between
from conoceles.arco.error_codes import ArcoErrorCode
from conoceles.arco.models import ArcoRequest, NonWorkingDay
from conoceles.arco.services import extend_deadline, submit_request
from conoceles.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def her(client, candidate_user):
    client.force_login(candidate_user)
    return client


def post(client, **data):
    return client.post(reverse("arco:mine"), data)


def test_the_page_offers_each_right_with_clear_labels(her):
    html = her.get(reverse("arco:mine")).content.decode()
    for text in (
        "Descargar mis datos",
        "Mis respuestas del cuestionario de identidad",
        "Mis datos de contacto privados (correo electrónico)",
        "La publicación de mis respuestas de identidad en el sitio público",
        "El uso de mis respuestas de identidad en estadísticas",
        "Rectificación",
        "No ha presentado solicitudes",
    ):
        assert text in html


def test_a_valid_request_is_received_with_its_deadline_and_staff_are_told(
    her, candidate_user, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(her, kind="cancellation", scope=["identity_answers"], reasons="Ya no deseo que se conserven.")
    assert response.status_code == 302
    request = ArcoRequest.objects.get()
    today = timezone.localdate()
    assert request.status == "pending" and request.scope == ["identity_answers"]
    assert request.due_date == add_business_days(today, 20)
    assert Notification.objects.filter(user=admin_user, kind=Notification.Kind.ARCO).count() == 1
    html = her.get(reverse("arco:mine")).content.decode()
    assert "En trámite" in html and f"{request.due_date:%d/%m/%Y}" in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"scope": ["identity_answers"], "reasons": "x"}, "kind", "Elija cancelación u oposición"),
        ({"kind": "access", "scope": ["identity_answers"], "reasons": "x"}, "kind", "Elija cancelación u oposición"),
        ({"kind": "cancellation", "reasons": "x"}, "scope", "Marque al menos una"),
        ({"kind": "cancellation", "scope": ["publication"], "reasons": "x"}, "scope", "no corresponde al derecho"),
        ({"kind": "opposition", "scope": ["statistics"], "reasons": "   "}, "reasons", "Escriba los motivos"),
        ({"kind": "opposition", "scope": ["statistics"], "reasons": "x" * 5001}, "reasons", "el máximo es 5,000"),
    ],
)
def test_the_form_refuses_what_is_incomplete_and_says_why(her, data, field, message):
    response = post(her, **data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and f'id="{field}_error"' in html
    assert not ArcoRequest.objects.exists()


def test_the_same_thing_cannot_be_pending_twice(candidate_user):
    submit_request(candidate_user, kind="opposition", scope=["statistics"], reasons="No quiero.")
    with pytest.raises(Exception) as error:
        submit_request(candidate_user, kind="opposition", scope=["statistics", "publication"], reasons="Otra vez.")
    assert error.value.code == ArcoErrorCode.ALREADY_PENDING
    submit_request(candidate_user, kind="opposition", scope=["publication"], reasons="Esto otro sí.")
    assert ArcoRequest.objects.count() == 2


def test_a_party_cannot_file_in_her_name(client, party_user):
    client.force_login(party_user)
    assert post(client, kind="opposition", scope=["statistics"], reasons="x").status_code == 404
    assert not ArcoRequest.objects.exists()


# --------------------------------------------------------------------------------------------
# The staff queue
# --------------------------------------------------------------------------------------------


def business_days_ago(today, n):
    day = today
    while business_days_between(day, today) < n:
        day -= datetime.timedelta(days=1)
    return day


def filed(user, kind="opposition", scope=("statistics",), received=None):
    request = submit_request(user, kind=kind, scope=list(scope), reasons="Motivos.")
    if received is not None:  # received earlier: its deadline moves with it
        when = timezone.make_aware(datetime.datetime.combine(received, datetime.time(10)))
        ArcoRequest.objects.filter(pk=request.pk).update(received_at=when, due_date=add_business_days(received, 20))
        request.refresh_from_db()
    return request


@pytest.fixture
def queue(world, candidacy, candidate_user, other_candidacy):
    from tests.factories import announce, make_user

    other_candidacy.first_name, other_candidacy.last_name = "Juana", "Pérez"
    other_candidacy.save()
    announce(other_candidacy)
    other_user = make_user("otra-candidata", "candidate", candidacy=other_candidacy)
    today = timezone.localdate()
    recent = filed(candidate_user, received=today)
    overdue = filed(other_user, received=today - datetime.timedelta(days=45))
    near = filed(candidate_user, scope=["publication"], received=business_days_ago(today, 17))  # 3 left
    return {"recent": recent, "overdue": overdue, "near": near}


def rows(html: str) -> list[tuple[str, str]]:
    import re

    return re.findall(r'<tr class="[^"]*" data-urgency="(\w*)">\s*<td><a href="/gestion/arco/(\d+)/', html)


def test_the_queue_lists_pending_first_by_deadline_and_marks_the_overdue(staff_client, queue):
    response = staff_client.get(reverse("arco:staff_list"))
    assert response.status_code == 200
    found = rows(response.content.decode())
    order = [int(pk) for _, pk in found]
    assert order == [queue["overdue"].pk, queue["near"].pk, queue["recent"].pk]
    marks = dict((int(pk), urgency) for urgency, pk in found)
    assert marks[queue["overdue"].pk] == "overdue" and marks[queue["recent"].pk] == ""
    assert marks[queue["near"].pk] == "near"
    assert "Vencida" in response.content.decode()


def test_answered_requests_go_after_the_pending(staff_client, queue, admin_user):
    from conoceles.arco.services import respond

    respond(queue["overdue"], decision="denied", response="No procede: motivo.", by=admin_user)
    order = [int(pk) for _, pk in rows(staff_client.get(reverse("arco:staff_list")).content.decode())]
    assert order == [queue["near"].pk, queue["recent"].pk, queue["overdue"].pk]


def test_the_filters(staff_client, queue):
    def listed(**params):
        return {int(pk) for _, pk in rows(staff_client.get(reverse("arco:staff_list"), params).content.decode())}

    assert listed(plazo="vencidas") == {queue["overdue"].pk}
    assert listed(plazo="por-vencer") == {queue["overdue"].pk, queue["near"].pk}
    assert listed(q="Lopez") == {queue["recent"].pk, queue["near"].pk}  # María López (accents ignored)
    assert listed(derecho="cancellation") == set()
    assert listed(estado="respondidas") == set()


def test_the_queue_paginates(staff_client, candidate_user):
    for _ in range(30):
        ArcoRequest.objects.create(
            candidacy=candidate_user.candidacy,
            requested_by=candidate_user,
            kind="access",
            received_at=timezone.now(),
            due_date=timezone.localdate(),
            status="granted",
            response="Entregado.",
            responded_at=timezone.now(),
        )
    html = staff_client.get(reverse("arco:staff_list")).content.decode()
    assert len(rows(html)) == 25 and "Página 1 de 2" in html


@pytest.mark.parametrize("role", ["reviewer", "party_user", "candidate_user"])
def test_only_administration_reaches_the_queue(client, role, request, queue):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert client.get(reverse("arco:staff_list")).status_code == 403
    assert client.get(reverse("arco:staff_detail", args=[queue["recent"].pk])).status_code == 403


def test_the_deadline_is_extended_once_with_a_reason(
    staff_client, queue, admin_user, candidate_user, django_capture_on_commit_callbacks
):
    request = queue["recent"]
    url = reverse("arco:staff_extend", args=[request.pk])
    response = staff_client.post(url, {"reason": ""}, follow=True)
    assert "Escriba la causa" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"reason": "Volumen de solicitudes del periodo."})
    request.refresh_from_db()
    assert request.extended_due_date == add_business_days(request.due_date, 10)
    assert request.deadline == request.extended_due_date
    assert Notification.objects.filter(user=candidate_user, subject__contains="amplió").exists()
    with pytest.raises(Exception) as error:
        extend_deadline(request, reason="Otra vez.", by=admin_user)
    assert error.value.code == ArcoErrorCode.ALREADY_EXTENDED


def test_institute_days_off_move_the_deadline(candidate_user):
    today = timezone.localdate()
    plain = add_business_days(today, 20)
    NonWorkingDay.objects.create(date=add_business_days(today, 3), description="Día inhábil por acuerdo")
    request = submit_request(candidate_user, kind="opposition", scope=["statistics"], reasons="x")
    assert request.due_date == add_business_days(plain, 1)


def test_no_mail_without_an_address(her, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(her, kind="opposition", scope=["statistics"], reasons="x")
    assert mail.outbox == []  # nobody here has an address: the notices stay in the system
