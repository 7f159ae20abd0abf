"""The demo election brings a rubric, about twenty candidacies scored by the demo reviewer, a month of visits and one
generated report of each kind (the informe final in both versions)."""

import pytest

from conoceles.evaluation.models import CandidacyScore, Rubric, VariableScore
from conoceles.reports.models import GeneratedReport, ReportKind
from tests.demo.loading import loaded_demo


@pytest.fixture(scope="module")
def scored_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), loaded_demo(tmp_path_factory, "--candidacies", "300") as (process, output, _):
        yield process, output


@pytest.mark.django_db
def test_the_demo_scores_twenty_candidacies_with_the_default_rubric(scored_demo):
    process, output = scored_demo
    assert "Evaluación cualitativa: rúbrica de 100 puntos, 20 candidaturas calificadas" in output
    rubric = Rubric.objects.get(process=process)
    scores = CandidacyScore.objects.filter(rubric=rubric)
    assert scores.count() == 20
    assert set(scores.values_list("scored_by__username", flat=True)) == {"revisora"}
    assert all(s.complete for s in scores)
    assert len(set(scores.values_list("total", flat=True))) > 1  # not all alike
    assert VariableScore.objects.filter(score__rubric=rubric, changed=True).exists()  # some suggestions changed
    final = GeneratedReport.objects.get(process=process, kind=ReportKind.FINAL, params__version="completa")
    assert final.status == GeneratedReport.Status.DONE, final.error


@pytest.mark.django_db
def test_the_demo_keeps_one_report_of_each_kind_and_a_month_of_visits(scored_demo):
    from conoceles.public.models import DailyVisit

    process, output = scored_demo
    reports = GeneratedReport.objects.filter(process=process)
    assert sorted(reports.values_list("kind", flat=True)) == ["avance", "final", "final", "mensual", "omisos"]
    for report in reports:
        assert report.status == GeneratedReport.Status.DONE and report.pdf and report.xlsx, report.error
    assert "Informes generados: Avance cuantitativo, corte" in output
    assert DailyVisit.objects.values("day").distinct().count() == 30
