"""Informe final (issue 13, point 3): the rubric's results by actor, cargo and sex, per rubro and per variable, the
scored list (complete version only), and the identity statistics, suppressed in the public version only."""

import datetime

import pytest
from django.utils import timezone

from conoceles.evaluation import services as evaluation
from conoceles.questionnaires.models import ConsentItem
from conoceles.reports.builders import final
from conoceles.reports.document import HIDDEN
from conoceles.reports.models import GeneratedReport, ReportKind
from conoceles.reports.services import generate, request_report
from tests.public.published import answer, consent, publish

from .helpers import pdf_text, row_by_label, sheet_rows, table_by_key, workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_world")]

# Failing the first variable of every rubro of the default rubric fails its dependents too: 100 − 80 = 20.
FIRSTS = (
    "Incluye fotografía",
    "Declara su grado máximo de estudios y su estatus",
    "Describe su historia profesional dentro de los límites de extensión",
    "Describe su trayectoria política o participación social dentro de los límites de extensión",
    "Explica por qué quiere ocupar el cargo dentro de los límites de extensión",
    "Presenta dos propuestas distintas",
)


def _score(candidacy, rubric, by, failing=(), only=None):
    answers = {v.pk: v.label not in failing for v in rubric.variables.all() if only is None or v.label in only}
    return evaluation.score_candidacy(candidacy, answers, by=by)


@pytest.fixture
def scored(world, questions, reviewer):
    """Scored completely: PAN MR1 woman 100, PAN MR15 man 70 (proposals' first failed: −30), MORENA PM_OPB woman 20.
    MORENA MR1 man scored in part (counts nowhere); PT GUB woman validated, not scored. The PAN woman answered
    «Sí» to the indigenous question with statistical consent: one person, a small cell."""
    rubric = evaluation.ensure_default_rubric(world.process)
    woman = publish(world.candidacy("MR1", "PAN", sex="M"))
    _score(woman, rubric, reviewer)
    man = publish(world.candidacy("MR15", "PAN", sex="H"))
    _score(man, rubric, reviewer, failing=("Presenta dos propuestas distintas",))
    _score(publish(world.candidacy("PM_OPB", "MORENA", sex="M")), rubric, reviewer, failing=FIRSTS)
    _score(publish(world.candidacy("MR1", "MORENA", sex="H")), rubric, reviewer, only=("Incluye fotografía",))
    publish(world.candidacy("GUB", "PT", sex="M"))
    answer(woman, 1)
    consent(woman, ConsentItem.STATISTICS, True)
    return world


def build(process, version="completa", cut_at=None):
    return final.build(process, cut_at or timezone.now(), {"version": version}, lambda *_: None)


def test_results_by_actor_cargo_and_sex(scored):
    document = build(scored.process)
    # columns: label, scored, average, min, max, then the four bands (quarters of the maximum)
    by_actor = table_by_key(document, "evaluacion-actor")
    assert row_by_label(by_actor, "Partido Acción Nacional")[1:] == [2, 85.0, 70, 100, 0, 0, 1, 1]
    assert row_by_label(by_actor, "Morena") == ["Morena", 1, 20.0, 20, 20, 1, 0, 0, 0]
    assert [r[0] for r in by_actor.rows] == ["Morena", "Partido Acción Nacional"]  # PT: no complete score
    assert by_actor.total == ["Total", 3, 63.3, 20, 100, 1, 0, 1, 1]
    by_cargo = table_by_key(document, "evaluacion-cargo")
    assert row_by_label(by_cargo, "Diputación local MR")[1:5] == [2, 85.0, 70, 100]
    assert row_by_label(by_cargo, "Presidencia municipal")[1:5] == [1, 20.0, 20, 20]
    by_sex = table_by_key(document, "evaluacion-sexo")
    assert row_by_label(by_sex, "Mujer")[1:5] == [2, 60.0, 20, 100]
    assert row_by_label(by_sex, "Hombre")[1:5] == [1, 70.0, 70, 70]
    assert dict(document.summary)["Candidaturas calificadas"] == 3


def test_per_rubro_and_per_variable(scored):
    document = build(scored.process)
    by_rubro = table_by_key(document, "evaluacion-rubro")
    # Propuestas (46 points): 46 + 16 + 16 over 3; Datos generales (8): 8 + 8 + 4 over 3
    assert row_by_label(by_rubro, "Propuestas")[:3] == ["Propuestas", 46, 26.0]
    assert row_by_label(by_rubro, "Datos generales")[:3] == ["Datos generales", 8, 6.7]
    by_variable = table_by_key(document, "evaluacion-variable")
    distinct = row_by_label(by_variable, "Propuestas · Presenta dos propuestas distintas")
    assert distinct[1:3] == [1, 2]
    assert distinct[3] == pytest.approx(1 / 3)


def test_the_complete_version_lists_scored_candidacies_and_the_public_one_does_not(scored):
    listed = table_by_key(build(scored.process), "evaluacion-candidaturas")
    assert sorted(r[-1] for r in listed.rows) == [20, 70, 100]
    public = build(scored.process, "publica")
    assert all(t.key != "evaluacion-candidaturas" for s in public.sections for t in s.tables)


def test_the_public_version_hides_small_identity_cells_and_the_complete_one_does_not(scored):
    def indigenous_women(document):
        return row_by_label(table_by_key(document, "grupos"), "Persona indígena")[1]

    assert indigenous_women(build(scored.process)) == 1
    assert indigenous_women(build(scored.process, "publica")) == HIDDEN


def test_scores_saved_after_the_cut_do_not_count(scored):
    document = build(scored.process, cut_at=timezone.now() - datetime.timedelta(days=1))
    assert dict(document.summary)["Candidaturas calificadas"] == 0
    assert table_by_key(document, "evaluacion-actor").rows == []


def test_the_quantitative_results_come_first(scored):
    titles = [s.title for s in build(scored.process).sections]
    assert titles[-2:] == ["Estadísticas de identidad", "Evaluación cualitativa"]
    assert len(titles) > 2


def test_generated_pdf_and_xlsx_carry_the_evaluation(scored, tmp_path):
    report = generate(request_report(scored.process, ReportKind.FINAL, params={"version": "publica"}, background=False))
    assert report.status == GeneratedReport.Status.DONE, report.error
    text = pdf_text(report.pdf.read(), tmp_path)
    assert "Puntaje por actor político" in text and "Candidaturas calificadas" in text
    book = workbook(report.xlsx.read())
    sheet = next(name for name in book.sheetnames if "actor" in name.lower() and "Puntaje" in name)
    assert ("Partido Acción Nacional", 2, 85, 70, 100, 0, 0, 1, 1) in sheet_rows(book, sheet)
