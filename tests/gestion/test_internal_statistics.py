"""Gestión → Estadísticas completas (/gestion/estadisticas/): the public tables with every cell, the seven groups by
actor and by cargo, their XLSX, who may see them, and the record each view and download leaves."""

import html
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conoceles.accounts.models import Role, SensitiveDataAccess
from conoceles.candidacies.models import AffirmativeActionGroup
from tests.factories import ProcessFactory, make_user
from tests.public.published import answer, consent, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_world", "questions")]

PAGE = reverse("gestion:statistics")
XLSX = reverse("gestion:statistics_xlsx")
MIGRANT = AffirmativeActionGroup.MIGRANT.label
INDIGENOUS = AffirmativeActionGroup.INDIGENOUS.label
YOUTH = AffirmativeActionGroup.YOUTH.label


@pytest.fixture
def analyst(db):
    return make_user("analista", Role.ANALYST)


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


def block_of(page: str, key: str) -> str:
    return page.split(f'aria-labelledby="{key}-titulo"')[1].split("</figure>")[0]


def figure(page: str, key: str) -> dict[str, list[str]]:
    """The data table of the figure `key` on a statistics page: {row label: [cell texts]}, the total row included."""
    block = block_of(page, key)
    rows = {}
    for label, cells in re.findall(r'<tr><th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', block, re.S):
        rows[html.unescape(label)] = [
            re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", cells)
        ]
    return rows


def columns(page: str, key: str) -> list[str]:
    block = block_of(page, key).split("</thead>")[0]
    return [html.unescape(c) for c in re.findall(r'<th scope="col" class="text-end">(.*?)</th>', block)]


def migrant_woman(world, number, contest="RP", actor="MORENA"):
    c = publish(world.candidacy(contest, actor, formula_number=number, sex="M"))
    answer(c, 11)  # «Sí» to «¿Es usted migrante?»
    consent(c, 3, True)
    return c


def test_the_staff_page_shows_every_cell_the_public_page_hides(client, analyst, world):
    migrant_woman(world, 1)  # one person: a small cell
    public = client.get(reverse("public:statistics")).content.decode()
    assert figure(public, "grupos")[MIGRANT] == ["&lt;5", "0", "0", "&lt;5"]
    client.force_login(analyst)
    page = client.get(PAGE).content.decode()
    assert "Información confidencial" in page
    assert figure(page, "grupos")[MIGRANT] == ["1", "0", "0", "1"]
    assert "&lt;5" not in page and "reservado" not in page


@pytest.mark.parametrize("who", ["party_user", "candidate_user", "reviewer"])
@pytest.mark.parametrize("url", [PAGE, XLSX])
def test_parties_candidates_and_reviewers_are_refused(client, request, who, url):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url).status_code == 403
    assert not SensitiveDataAccess.objects.exists()


@pytest.mark.parametrize("url", [PAGE, XLSX])
def test_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["analyst", "admin_user"])
def test_each_view_and_download_leaves_one_record_with_its_account(client, request, world, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(PAGE).status_code == 200
    assert client.get(PAGE).status_code == 200
    response = client.get(XLSX)
    assert response.status_code == 200
    records = list(SensitiveDataAccess.objects.order_by("pk").values_list("user", "what", "process", "detail"))
    name = f"estadisticas-completas-{world.process.pk}-{timezone.localdate():%Y-%m-%d}.xlsx"
    assert records == [
        (user.pk, SensitiveDataAccess.What.STATISTICS_VIEWED, world.process.pk, ""),
        (user.pk, SensitiveDataAccess.What.STATISTICS_VIEWED, world.process.pk, ""),
        (user.pk, SensitiveDataAccess.What.STATISTICS_DOWNLOADED, world.process.pk, name),
    ]
    assert name in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_the_groups_by_actor_and_by_cargo_count_as_computed_by_hand(analyst_client, world):
    # MORENA, RP: two migrant women who consented; one of them is also young (Sí, consented).
    migrant_woman(world, 1)
    young_migrant = migrant_woman(world, 2)
    answer(young_migrant, 16)
    # PAN, GUB: registered under the indigenous affirmative action (public by ruling), no consent needed.
    publish(world.candidacy("GUB", "PAN", sex="H", affirmative_action="indigenous"))
    # PAN, MR1: registered as indigenous AND says Sí with consent: counted once.
    both = publish(world.candidacy("MR1", "PAN", sex="M", affirmative_action="indigenous"))
    answer(both, 1)
    consent(both, 3, True)
    # PT, MR15: says Sí to migrant without statistical consent: not counted.
    answer(publish(world.candidacy("MR15", "PT", sex="M")), 11)
    # MORENA, PM_BJ: a migrant who consented but is not published: not counted.
    unpublished = world.candidacy("PM_BJ", "MORENA", sex="H")
    answer(unpublished, 11)
    consent(unpublished, 3, True)
    page = analyst_client.get(PAGE).content.decode()

    assert columns(page, "grupos-actor") == ["MORENA", "PAN", "PT", "Total"]
    by_actor = figure(page, "grupos-actor")
    assert by_actor[MIGRANT] == ["2", "0", "0", "2"]
    assert by_actor[YOUTH] == ["1", "0", "0", "1"]
    assert by_actor[INDIGENOUS] == ["0", "2", "0", "2"]
    assert by_actor[AffirmativeActionGroup.DISABILITY.label] == ["0", "0", "0", "0"]
    assert columns(page, "grupos-cargo") == [
        "Gubernatura",
        "Diputación local MR",
        "Diputación local RP",
        "Presidencia municipal",
        "Total",
    ]
    by_cargo = figure(page, "grupos-cargo")
    assert by_cargo[MIGRANT] == ["0", "0", "2", "0", "2"]
    assert by_cargo[YOUTH] == ["0", "0", "1", "0", "1"]
    assert by_cargo[INDIGENOUS] == ["1", "1", "0", "0", "2"]
    # The row totals agree with the groups × sex table.
    by_sex = figure(page, "grupos")
    assert by_sex[MIGRANT] == ["2", "0", "0", "2"]
    assert by_sex[INDIGENOUS] == ["1", "1", "0", "2"]


def test_the_workbook_has_the_numbers_of_the_screen(analyst_client, world):
    for n in range(1, 4):
        answer(migrant_woman(world, n), 18, "Menos de $11,000")
    publish(world.candidacy("GUB", "PAN", sex="H", affirmative_action="youth"))
    page = analyst_client.get(PAGE).content.decode()
    book = load_workbook(io.BytesIO(analyst_client.get(XLSX).content))
    keys = re.findall(r'<h3 id="([a-z-]+)-titulo"', page)
    assert book.sheetnames[0] == "Resumen"
    assert len(keys) == len(book.sheetnames) - 1 == 8
    for key, sheet in zip(keys, book.worksheets[1:], strict=True):
        assert sheet.freeze_panes == "B2"
        header = [c.value for c in sheet[1]]
        assert header[1:] == columns(page, key), key
        on_screen = figure(page, key)
        in_book = {
            row[0]: list(row[1:])
            for row in sheet.iter_rows(min_row=2, values_only=True)
            if len(row) > 1 and row[1] is not None
        }
        assert set(in_book) == set(on_screen), key
        for label, values in in_book.items():
            assert all(isinstance(v, int) for v in values), (key, label)  # real numbers, not text
            assert [str(v) for v in values] == [v.replace(",", "") for v in on_screen[label]], (key, label)


def test_another_process_is_chosen_with_a_parameter(analyst_client, world):
    migrant_woman(world, 1)
    other = ProcessFactory(name="Proceso Extraordinario 2028")
    page = analyst_client.get(PAGE, {"proceso": other.pk}).content.decode()
    assert "Proceso Extraordinario 2028. Datos al" in page
    assert "Aún no hay datos para esta estadística." in block_of(page, "grupos")  # the world's migrant is not there
    assert SensitiveDataAccess.objects.get().process == other
    assert analyst_client.get(PAGE, {"proceso": 10**9}).status_code == 404


def test_the_page_takes_a_fixed_number_of_queries(analyst_client, world, django_assert_max_num_queries):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert analyst_client.get(PAGE).status_code == 200
        return len(captured)

    migrant_woman(world, 1)
    few = queries()
    for n in range(2, 25):
        c = migrant_woman(world, n, contest=("RP", "GUB", "MR1")[n % 3], actor=("PAN", "PT", "MORENA")[n % 3])
        answer(c, 16)
    assert queries() == few
    with django_assert_max_num_queries(25):
        analyst_client.get(PAGE)


def test_the_ways_to_the_page(client, staff_client, analyst):
    assert reverse("gestion:statistics") in staff_client.get(reverse("gestion:dashboard")).content.decode()
    client.force_login(analyst)
    assert reverse("gestion:statistics") in client.get(reverse("candidacies:list")).content.decode()
