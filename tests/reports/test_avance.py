"""Avance cuantitativo (issue 13, point 1): what each measure counts, by each breakdown, and the visits; the PDF and
the XLSX say the same."""

import datetime

import pytest
from django.utils import timezone

from conoceles.candidacies.models import Candidacy
from conoceles.public.models import DailyVisit
from conoceles.questionnaires.models import ConsentItem, CurricularQuestionnaire
from conoceles.reports.builders import avance
from conoceles.reports.rendering import render_pdf, write_xlsx
from tests.public.published import FILLED, answer, consent, publish

from .helpers import pdf_text, row_by_label, sheet_rows, table_by_key, workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_world")]

# The columns of every capture table after its label, in avance.MEASURES order, then % validated and % published.
TOTAL, COMPLETE, INCOMPLETE, MISSING, IDENTITY, CONSENT, VALIDATED, PUBLISHED, OBSERVED = range(1, 10)


@pytest.fixture
def election(world, questions):
    """Six registered candidacies and one substituted:
    - PAN MR1 woman: published, identity answered, publication consent given;
    - PAN MR15 man: published with one rubro observed;
    - MORENA MR1 woman: curricular captured but incomplete;
    - MORENA PM_OPB man: nothing captured;
    - PT PM_BJ woman: curricular complete, not validated, identity answered without consent;
    - SHH GUB woman: nothing captured;
    - PAN MR1 (substituted): published, must count nowhere."""
    published = publish(world.candidacy("MR1", "PAN", sex="M"))
    answer(published, 1)
    consent(published, ConsentItem.PUBLICATION, True)
    publish(world.candidacy("MR15", "PAN", sex="H"), hidden_rubros=("motivation",))
    incomplete = world.candidacy("MR1", "MORENA", sex="M")
    CurricularQuestionnaire.objects.create(candidacy=incomplete, education_level="Licenciatura")
    world.candidacy("PM_OPB", "MORENA", sex="H")
    complete = world.candidacy("PM_BJ", "PT", sex="M")
    CurricularQuestionnaire.objects.create(candidacy=complete, **FILLED)
    answer(complete, 1)
    world.candidacy("GUB", "SHH", sex="M")
    publish(world.candidacy("MR1", "PAN", sex="H", status=Candidacy.Status.SUBSTITUTED, formula_number=9))
    return world


def build(process):
    return avance.build(process, timezone.now(), {}, lambda *_: None)


def test_each_measure_counts_what_it_says_by_cargo(election):
    table = table_by_key(build(election.process), "cargo")
    mr = row_by_label(table, "Diputación local MR")
    # 3 registered in MR (the substituted one is not in the universe).
    assert mr[TOTAL] == 3
    assert mr[COMPLETE] == 2 and mr[INCOMPLETE] == 1 and mr[MISSING] == 0
    assert mr[IDENTITY] == 1 and mr[CONSENT] == 1
    assert mr[VALIDATED] == 2 and mr[PUBLISHED] == 2 and mr[OBSERVED] == 1
    assert mr[-2] == pytest.approx(2 / 3) and mr[-1] == pytest.approx(2 / 3)
    pm = row_by_label(table, "Presidencia municipal")
    assert pm[TOTAL] == 2 and pm[COMPLETE] == 1 and pm[MISSING] == 1 and pm[IDENTITY] == 1 and pm[CONSENT] == 0
    assert pm[VALIDATED] == 0
    assert table.total[TOTAL] == 6 and table.total[PUBLISHED] == 2 and table.total[MISSING] == 2
    assert [row[0] for row in table.rows] == ["Gubernatura", "Diputación local MR", "Presidencia municipal"]


def test_breakdowns_by_actor_kind_sex_district_and_municipality(election):
    document = build(election.process)
    kinds = table_by_key(document, "tipo-actor")
    assert row_by_label(kinds, "Partidos políticos")[TOTAL] == 5
    assert row_by_label(kinds, "Coaliciones")[TOTAL] == 1
    actors = table_by_key(document, "actor")
    assert row_by_label(actors, "Partido Acción Nacional")[PUBLISHED] == 2
    assert row_by_label(actors, "Morena")[INCOMPLETE] == 1
    sexes = table_by_key(document, "sexo")
    assert row_by_label(sexes, "Mujer")[TOTAL] == 4 and row_by_label(sexes, "Hombre")[TOTAL] == 2
    districts = table_by_key(document, "distrito")
    assert [row[0] for row in districts.rows] == ["Distrito 1 (Cancún)", "Distrito 15 (Chetumal)"]
    assert districts.rows[0][TOTAL] == 2 and districts.rows[1][OBSERVED] == 1
    municipalities = table_by_key(document, "municipio")
    assert {row[0]: row[TOTAL] for row in municipalities.rows} == {"Benito Juárez": 1, "Othón P. Blanco": 1}


def test_visits_up_to_the_cut_with_the_election_day_share(election):
    day = election.process.election_day
    DailyVisit.objects.create(day=day - datetime.timedelta(days=1), page="profile", count=30)
    DailyVisit.objects.create(day=day, page="profile", count=50)
    DailyVisit.objects.create(day=day, page="home", count=20)
    DailyVisit.objects.create(day=day + datetime.timedelta(days=1), page="home", count=999)  # after the cut
    cut = timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 0)))
    visits = avance.visit_section(cut, day)
    summary, by_page, by_day = visits.tables
    assert summary.rows == [["Total", 100, 1.0], ["Día de la jornada", 70, 0.7]]
    assert by_page.rows[0] == ["Perfil de candidatura", 80, 0.8]
    assert [row[1] for row in by_day.rows] == [30, 70]


def test_queries_do_not_grow_with_the_candidacies(election, django_assert_max_num_queries):
    with django_assert_max_num_queries(12) as few:
        build(election.process)
    for _ in range(20):
        election.candidacy("PM_BJ", "PAN")
    with django_assert_max_num_queries(len(few.captured_queries)):
        build(election.process)


def test_the_pdf_and_the_xlsx_carry_the_same_figures(election, tmp_path, settings):
    document = build(election.process)
    cut = timezone.now()
    text = pdf_text(render_pdf(document, process=election.process, cut_at=cut, generated_at=cut), tmp_path)
    assert settings.INSTITUTE["name"] in text
    assert "Informe del avance cuantitativo" in text and "Fecha de corte" in text
    assert "Página 1 de" in text
    assert "Gubernatura 1 0 0 1 0 0 0 0 0 0.0 % 0.0 %" in text
    assert "Total 6 3 1 2 2 1 2 2 1 33.3 % 33.3 %" in text
    out = tmp_path / "a.xlsx"
    write_xlsx(document, out, header_lines=[("Proceso electoral", str(election.process))])
    book = workbook(out.read_bytes())
    assert book.sheetnames[0] == "Resumen"
    sheet = book["Por cargo"]
    assert sheet.freeze_panes == "B2"
    rows = sheet_rows(book, "Por cargo")
    assert rows[0][0] == "Cargo" and rows[0][1] == "Candidaturas"
    mr = next(r for r in rows if r[0] == "Diputación local MR")
    assert mr[1:10] == (3, 2, 1, 0, 1, 1, 2, 2, 1)  # numbers, not text
    assert mr[11] == pytest.approx(2 / 3)
    assert sheet.cell(row=rows.index(mr) + 1, column=12).number_format == "0.0%"


def test_a_state_with_more_places_than_the_pdf_lists_shows_the_most_lagging_first(election, monkeypatch):
    election.candidacy("MR15", "MORENA")
    election.candidacy("MR15", "PT")
    assert [row[0] for row in table_by_key(build(election.process), "distrito").rows] == [
        "Distrito 1 (Cancún)",
        "Distrito 15 (Chetumal)",
    ]  # by number while the PDF has room for all
    monkeypatch.setattr(avance, "PLACES_IN_PDF", 1)
    districts = table_by_key(build(election.process), "distrito")
    # Distrito 1: 1 of 2 validated (50 %); Distrito 15: 1 of 3 (33 %): the lagging one first, and the PDF shows it.
    assert [row[0] for row in districts.rows] == ["Distrito 15 (Chetumal)", "Distrito 1 (Cancún)"]
    assert districts.pdf_rows == 1 and "menor avance" in districts.note
    monkeypatch.setattr(avance, "PLACES_IN_PDF", 2)
    assert table_by_key(build(election.process), "distrito").pdf_rows is None
