"""Public statistics (DOMAIN.md §6, §8): what is counted, small-cell suppression, a fixed number of queries."""

import datetime
import itertools
import random
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.candidacies.models import AffirmativeActionGroup
from conoceles.public.models import IdentityStatisticsRelease
from conoceles.public.statistics import (
    Cell,
    curricular_complete_q,
    cut_instant,
    identity_release,
    identity_tables,
    public_statistics,
    random_round,
    suppress,
)
from conoceles.public.visits import count_visit
from conoceles.questionnaires.completeness import curricular_completeness
from conoceles.questionnaires.models import CaptureRules, CurricularQuestionnaire
from tests.factories import CandidacyFactory
from tests.public.published import answer, consent, publish

TODAY = datetime.date(2027, 5, 1)


# --------------------------------------------------------------------------------------------
# suppress(): a property test
# --------------------------------------------------------------------------------------------

matrices = st.integers(1, 5).flatmap(
    lambda width: st.lists(st.lists(st.integers(0, 30), min_size=width, max_size=width), min_size=1, max_size=6)
)


@settings(max_examples=300, deadline=None)
@given(matrix=matrices, k=st.integers(0, 8), column_totals=st.booleans())
def test_suppression_hides_small_cells_and_what_would_reveal_them(matrix, k, column_totals):
    grid = suppress(matrix, k, column_totals=column_totals)
    expected_rows = [[*row, sum(row)] for row in matrix]
    if column_totals:
        expected_rows.append([sum(column) for column in zip(*expected_rows, strict=True)])
    # Same shape and values; shown values are the true ones.
    assert [[cell.value for cell in row] for row in grid] == expected_rows
    for cell in itertools.chain(*grid):
        # Every 1..k-1 is hidden as small; nothing else is called small.
        assert (cell.hidden == "small") == (0 < cell.value < k)
    lines = [list(row) for row in grid]
    if column_totals:
        lines += [list(column) for column in zip(*grid, strict=True)]
    for line in lines:
        # No line (cells and their total) has exactly one hidden entry: it could be subtracted back.
        assert sum(bool(cell.hidden) for cell in line) != 1, line
    if k <= 1:
        assert not any(cell.hidden for cell in itertools.chain(*grid))


def test_suppression_example():
    grid = suppress([[10, 2], [20, 30]], 5)
    assert grid[0] == [Cell(10, "complementary"), Cell(2, "small"), Cell(12)]
    # Column 0 and 1 now have two hidden entries each; row 1 was touched by the columns' needs.
    assert grid[1][0].hidden and grid[1][1].hidden
    assert grid[2] == [Cell(30), Cell(32), Cell(62)]


# --------------------------------------------------------------------------------------------
# The figures
# --------------------------------------------------------------------------------------------

pytestmark = pytest.mark.django_db
# The tests of the figures use `world` with its windows open and the identity questions seeded; not module-wide, as
# test_statistics_without_process needs an empty database.


def candidacy(world, contest="RP", actor="MORENA", **kwargs):
    return CandidacyFactory(contest=world.contests[contest], actor=world.actors[actor], **kwargs)


def table(stats, section, key):
    return next(t for t in stats[section] if t.key == key)


def values(row):
    return [cell.value if not cell.hidden else cell.hidden for cell in row.cells]


@pytest.mark.usefixtures("open_world", "questions")
def test_capture_progress_counts_each_stage(world):
    publish(candidacy(world, contest="GUB", actor="PAN"))
    captured = candidacy(world, contest="GUB", actor="PAN")
    CurricularQuestionnaire.objects.create(candidacy=captured, motivation="Servir")
    candidacy(world, contest="GUB", actor="PT")  # nothing captured
    candidacy(world, contest="GUB", actor="PT", status="cancelled")  # not counted at all
    stats = public_statistics(world.process, TODAY)
    by_cargo = table(stats, "progress", "avance-cargo")
    gub = next(row for row in by_cargo.rows if row.label == "Gubernatura")
    assert values(gub) == [3, 2, 1, 1, 1]
    assert gub.bar == 33
    by_actor = {row.label: values(row) for row in table(stats, "progress", "avance-actor").rows}
    assert by_actor[world.actors["PT"].name] == [1, 0, 0, 0, 0]
    assert values(table(stats, "progress", "avance-actor").total) == [3, 2, 1, 1, 1]


@pytest.mark.usefixtures("open_world", "questions")
def test_database_completeness_agrees_with_the_python_rule(world):
    rules = CaptureRules(process=world.process)
    cases = [
        {},
        {"photo": ""},
        {"education_level": "Sin estudios", "education_status": ""},
        {"education_level": "Maestría", "education_status": ""},
        {"proposal_gender": ""},
    ]
    for number, overrides in enumerate(cases, start=1):
        c = publish(candidacy(world, formula_number=number), **overrides)
        questionnaire = CurricularQuestionnaire.objects.get(candidacy=c)
        in_db = CurricularQuestionnaire.objects.filter(pk=questionnaire.pk).filter(
            curricular_complete_q(rules, prefix="")
        )
        assert in_db.exists() == curricular_completeness(questionnaire, rules).complete, overrides


@pytest.mark.usefixtures("open_world", "questions")
def test_grado_age_and_sex_count_only_published_candidacies_and_public_rubros(world):
    publish(
        candidacy(world, formula_number=1, sex="M", birth_date=datetime.date(2000, 1, 1)), education_level="Maestría"
    )
    publish(
        candidacy(world, formula_number=2, sex="H", birth_date=datetime.date(1960, 1, 1)), education_level="Doctorado"
    )
    # Education rubro observed: not in the grado table, but still in age and sex.
    publish(candidacy(world, formula_number=3, sex="M", birth_date=None, declared_age=45), hidden_rubros={"education"})
    # Not published: validated but its cargo's window is closed.
    closed = candidacy(world, contest="PM_OPB", formula_number=1, sex="H")
    publish(closed, education_level="Primaria")
    closed.contest.cargo.publication_start = None
    closed.contest.cargo.save()
    stats = public_statistics(world.process, TODAY)
    grado = {row.label: values(row) for row in table(stats, "profile", "grado").rows}
    assert grado == {"Maestría": [1, 0, 0, 1], "Doctorado": [0, 1, 0, 1]}
    edad = {row.label: values(row) for row in table(stats, "profile", "edad").rows}
    assert edad["De 18 a 29 años"] == [1, 0, 0, 1]
    assert edad["De 40 a 49 años"] == [1, 0, 0, 1]  # declared age
    assert edad["60 años o más"] == [0, 1, 0, 1]  # 67 on election day
    assert values(table(stats, "profile", "edad").total) == [2, 1, 0, 3]


@pytest.mark.usefixtures("open_world", "questions")
def test_identity_counts_need_statistics_consent_except_affirmative_action(world):
    indigenous = [publish(candidacy(world, formula_number=n, sex="M")) for n in range(1, 8)]
    for c in indigenous:
        answer(c, 1)  # «Sí» to the indigenous question
        answer(c, 18, "Menos de $11,000")
    for c in indigenous[:6]:
        consent(c, 3, True)
    consent(indigenous[5], 3, False)  # changed her mind: the latest record counts
    registered = publish(candidacy(world, formula_number=20, sex="H", affirmative_action="disability"))
    answer(registered, 4, "No")  # no consent, but the affirmative action is public by ruling
    both = publish(candidacy(world, formula_number=21, sex="M", affirmative_action="indigenous"))
    answer(both, 1)  # registered under the group and says Sí, with consent: counted once
    consent(both, 3, True)
    unpublished = candidacy(world, contest="GUB", actor="PAN", sex="M")
    answer(unpublished, 1)
    consent(unpublished, 3, True)
    tables, consented = identity_tables(world.process, TODAY, 5)
    stats = {"identity": tables}
    assert consented == 6
    groups = {row.label: row for row in table(stats, "identity", "grupos").rows}
    assert values(groups[AffirmativeActionGroup.INDIGENOUS.label]) == [6, 0, 0, 6]
    assert values(groups[AffirmativeActionGroup.DISABILITY.label]) == [0, "small", 0, "small"]
    assert groups[AffirmativeActionGroup.DISABILITY.label].bar is None
    income = {row.label: values(row) for row in table(stats, "identity", "ingresos").rows}
    assert income == {"Menos de $11,000": [5, 0, 0, 5]}


@pytest.mark.usefixtures("open_world", "questions")
def test_small_identity_cells_are_suppressed_on_the_page(client, world):
    for n in range(1, 4):
        c = publish(candidacy(world, formula_number=n, sex="M"))
        answer(c, 11)  # migrant
        consent(c, 3, True)
    page = client.get(reverse("public:statistics")).content.decode()
    row = page.split("Persona migrante</th>")[1].split("</tr>")[0]
    assert "&lt;5" in row and ">3<" not in row


@pytest.mark.usefixtures("open_world", "questions")
def test_every_table_scrolls_in_a_focusable_labelled_region(client, world):
    """A table wider than a phone scrolls inside its region, which a keyboard can reach and a screen reader names
    (axe: scrollable-region-focusable)."""
    publish(candidacy(world, formula_number=1))
    page = client.get(reverse("public:statistics")).content.decode()
    tables = page.count("<table")
    regions = re.findall(r'<div class="table-responsive[^"]*"([^>]*)>\s*<table', page)
    assert tables >= 4 and len(regions) == tables, (tables, len(regions))
    for attributes in regions:
        assert 'tabindex="0"' in attributes and 'role="region"' in attributes
        assert 'aria-label="Tabla de datos: ' in attributes


@pytest.mark.usefixtures("open_world", "questions")
def test_statistics_take_a_fixed_number_of_queries(client, world, settings):
    settings.STATISTICS_CACHE_SECONDS = 0  # computed on every request here

    def queries_for_page():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("public:statistics")).status_code == 200
        return len(captured)

    def queries_for_a_new_cut():
        IdentityStatisticsRelease.objects.all().delete()  # as at the first request after a cut: computed anew
        return queries_for_page()

    publish(candidacy(world, formula_number=1))
    few = queries_for_a_new_cut()
    for n in range(2, 30):
        c = publish(candidacy(world, formula_number=n, sex="MHX"[n % 3], affirmative_action="youth"))
        answer(c, 16)
        consent(c, 3, True)
    assert queries_for_a_new_cut() == few
    assert few <= 15  # 12 counts, plus looking for, and storing, the cut's identity release
    assert queries_for_page() < few  # within a cut the identity figures are read, not counted


@pytest.mark.usefixtures("open_world", "questions")
def test_staff_see_visits_and_the_public_does_not(client, world):
    count_visit("home")
    count_visit("home")
    count_visit("search")
    assert "Visitas al sitio público" not in client.get(reverse("public:statistics")).content.decode()
    client.force_login(create_account("analista", Role.ANALYST, password=None))
    page = client.get(reverse("public:statistics")).content.decode()
    assert "Visitas al sitio público" in page
    row = page.split("Inicio</th>")[1].split("</tr>")[0]
    assert '<td class="text-end">2</td>' in row


def test_statistics_without_process(client):
    response = client.get(reverse("public:statistics"))
    assert response.status_code == 200 and "Aún no hay un proceso electoral" in response.content.decode()


@pytest.mark.usefixtures("open_world", "questions")
def test_statistics_are_computed_at_most_once_per_period(client, world, django_assert_max_num_queries):
    publish(candidacy(world, formula_number=1))
    client.get(reverse("public:statistics"))
    publish(candidacy(world, formula_number=2))  # invalidates the page, not the figures of the last minutes
    with django_assert_max_num_queries(3):
        response = client.get(reverse("public:statistics"))
    assert response.status_code == 200


# --------------------------------------------------------------------------------------------
# Statistics cannot be differenced: scheduled cuts, random rounding to base 5 (docs/estadisticas.md)
# --------------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(value=st.integers(0, 10_000), seed=st.integers(0, 2**32))
def test_random_rounding_lands_on_a_neighbouring_multiple_of_5(value, seed):
    rounded = random_round(value, random.Random(seed))
    assert rounded % 5 == 0 and abs(rounded - value) < 5
    if value % 5 == 0:
        assert rounded == value


@pytest.mark.parametrize("value", [1, 2, 3, 4, 7, 13])
def test_random_rounding_is_unbiased(value):
    rng = random.Random(value)
    draws = [random_round(value, rng) for _ in range(20_000)]
    assert set(draws) == {value - value % 5, value - value % 5 + 5}  # either neighbour, never the value itself
    assert abs(sum(draws) / len(draws) - value) < 0.1


def test_cuts_are_scheduled_at_midnight_every_cut_days(settings):
    settings.STATISTICS_CUT_DAYS = 7
    monday = timezone.make_aware(datetime.datetime(2027, 5, 3))  # a Monday
    for hours in (0, 1, 30, 24 * 7 - 1):
        assert cut_instant(monday + datetime.timedelta(hours=hours)) == monday
    assert cut_instant(monday + datetime.timedelta(days=7)) == monday + datetime.timedelta(days=7)
    assert cut_instant(monday - datetime.timedelta(seconds=1)) == monday - datetime.timedelta(days=7)
    settings.STATISTICS_CUT_DAYS = 1
    assert cut_instant(monday + datetime.timedelta(hours=30)) == monday + datetime.timedelta(days=1)


def migrant_woman(world, n):
    c = publish(candidacy(world, formula_number=n, sex="M"))
    answer(c, 11)  # «Sí» to «¿Es usted migrante?»
    consent(c, 3, True)
    return c


def identity_section(page: str) -> str:
    return page.split('<section aria-labelledby="identidad"')[1].split("</section>")[0]


def migrant_women(tables):
    row = next(r for r in table({"identity": tables}, "identity", "grupos").rows if r.label == "Persona migrante")
    return row.cells[0]


@pytest.mark.usefixtures("open_world", "questions")
def test_publishing_one_candidacy_changes_no_identity_figure_within_a_cut(client, world, settings):
    settings.STATISTICS_CACHE_SECONDS = 0  # every request computes what it may
    settings.PUBLIC_CACHE_ENABLED = False
    for n in range(1, 8):
        migrant_woman(world, n)
    before = client.get(reverse("public:statistics")).content.decode()
    newcomer = migrant_woman(world, 8)  # her publication, answers and consent, between two requests
    after = client.get(reverse("public:statistics")).content.decode()
    assert identity_section(after) == identity_section(before)  # nothing to difference
    assert before != after  # the public progress figures did move: the page was computed again
    assert IdentityStatisticsRelease.objects.count() == 1
    # At the next cut she is counted (exactly, for the analyst), published rounded.
    next_week = timezone.now() + datetime.timedelta(days=settings.STATISTICS_CUT_DAYS)
    release = identity_release(world.process, next_week)
    assert IdentityStatisticsRelease.objects.count() == 2
    published = [Cell(**c) for c in release.figures["tables"][0]["rows"][4]["cells"]][0]
    assert published.value in (5, 10) and published.hidden == ""
    assert migrant_women(identity_tables(world.process, TODAY, 5)[0]).value == 8
    assert newcomer.pk  # (the newcomer is among the 8)


@pytest.mark.usefixtures("open_world", "questions")
def test_at_the_next_cut_one_publication_moves_no_figure_deterministically(world):
    """The same data rounded at many cuts: with 7 migrant women the figure is 5 or 10; with an eighth, 5 or 10 too.
    Whether the figure moved between two cuts says nothing certain about whether she is a migrant woman."""
    for n in range(1, 8):
        migrant_woman(world, n)
    rng = random.Random(2027)

    def draws():
        return [
            migrant_women(identity_tables(world.process, TODAY, 5, lambda n: random_round(n, rng))[0]).value
            for _ in range(60)
        ]

    before = draws()
    migrant_woman(world, 8)
    after = draws()
    assert set(before) == set(after) == {5, 10}
    moves = {a - b for a, b in zip(before, after, strict=True)}
    assert 0 in moves and (5 in moves or -5 in moves)  # it may stay, and it may move either way


@pytest.mark.usefixtures("open_world", "questions")
def test_a_release_is_kept_and_holds_no_figure_of_a_hidden_cell(world):
    for n in range(1, 4):
        migrant_woman(world, n)  # 3: a small cell
    now = timezone.now()
    if cut_instant(now + datetime.timedelta(hours=1)) != cut_instant(now):  # the last hour before the next cut
        now -= datetime.timedelta(hours=1)
    release = identity_release(world.process, now)
    cells = [c for t in release.figures["tables"] for r in t["rows"] for c in r["cells"] if c["hidden"]]
    assert cells and all(c["value"] == 0 for c in cells)
    migrant_woman(world, 4)
    again = identity_release(world.process, now + datetime.timedelta(hours=1))
    assert again.pk == release.pk and again.figures == release.figures
