"""The rubric's services: the default rubric, its rules, the dependency rule and saving a score."""

import pytest
from django.core.exceptions import ValidationError

from conoceles.evaluation import services
from conoceles.evaluation.models import CandidacyScore, RubricVariable, VariableScore
from tests.factories import make_user

from .helpers import validated


@pytest.fixture
def rubric(world):
    return services.ensure_default_rubric(world.process)


def _by_label(rubric):
    return {v.label: v for v in rubric.variables.all()}


def test_the_default_rubric_is_worth_100_and_created_once(world):
    rubric = services.ensure_default_rubric(world.process)
    assert rubric.max_score == 100
    assert services.ensure_default_rubric(world.process) == rubric
    assert RubricVariable.objects.filter(rubric=rubric).count() == 16
    services.check_variables(list(rubric.variables.all()))  # the default obeys its own rules


def test_apply_dependency_fails_dependents_of_a_failed_first():
    first = RubricVariable(pk=1, rubro="proposals", order=1, points_met=8)
    dependent = RubricVariable(pk=2, rubro="proposals", order=2, points_met=6, depends_on_first=True)
    independent = RubricVariable(pk=3, rubro="proposals", order=3, points_met=8)
    other_rubro = RubricVariable(pk=4, rubro="motivation", order=1, points_met=6, depends_on_first=False)
    variables = [first, dependent, independent, other_rubro]
    assert services.apply_dependency(variables, {1: False, 2: True, 3: True, 4: True}) == {
        1: False, 2: False, 3: True, 4: True,
    }
    assert services.apply_dependency(variables, {1: True, 2: True}) == {1: True, 2: True, 3: None, 4: None}
    # an unanswered first variable forces nothing
    assert services.apply_dependency(variables, {2: True}) == {1: None, 2: True, 3: None, 4: None}


def test_score_candidacy_applies_the_dependency_on_the_server(world, rubric, reviewer):
    candidacy = validated(world)
    variables = _by_label(rubric)
    answers = {v.pk: True for v in variables.values()}
    answers[variables["Presenta dos propuestas distintas"].pk] = False  # the first of «Propuestas»
    score = services.score_candidacy(candidacy, answers, by=reviewer)
    # the three dependents of «Propuestas» fail too (6 + 8 + 8) with their first (8)
    assert score.total == 100 - 8 - 6 - 8 - 8
    assert score.complete
    failed = set(VariableScore.objects.filter(score=score, met=False).values_list("variable__label", flat=True))
    assert failed == {
        "Presenta dos propuestas distintas",
        "Las propuestas respetan los límites de extensión",
        "Al menos una propuesta incluye una cifra, meta o fecha concreta",
        "Las propuestas corresponden a las atribuciones del cargo",
    }


def test_score_records_suggestion_and_whether_the_person_changed_it(world, rubric, reviewer):
    candidacy = validated(world, texts={"education": {"other_training": ""}})
    variables = _by_label(rubric)
    training = variables["Describe otra formación"]
    suggested = services.suggestions(candidacy, rubric)
    assert suggested[training.pk] is False  # nothing captured in «otra formación»
    assert suggested[variables["Incluye fotografía"].pk] is True
    assert suggested[variables["Las propuestas corresponden a las atribuciones del cargo"].pk] is None  # no measure
    score = services.score_candidacy(candidacy, {training.pk: True}, by=reviewer)
    answer = VariableScore.objects.get(score=score, variable=training)
    assert (answer.met, answer.suggested, answer.changed) == (True, False, True)
    assert not score.complete and score.total == 4


def test_scoring_again_updates_the_one_score(world, rubric, reviewer):
    candidacy = validated(world)
    photo = _by_label(rubric)["Incluye fotografía"]
    services.score_candidacy(candidacy, {photo.pk: True}, by=reviewer)
    score = services.score_candidacy(candidacy, {photo.pk: False}, by=reviewer)
    assert CandidacyScore.objects.filter(candidacy=candidacy).count() == 1
    assert score.total == 0
    assert VariableScore.objects.get(score=score).met is False


def test_a_candidacy_in_capture_cannot_be_scored(world, rubric, reviewer):
    candidacy = world.candidacy("MR1", "PAN")
    with pytest.raises(ValidationError) as error:
        services.score_candidacy(candidacy, {}, by=reviewer)
    assert error.value.code == "not_scorable"


def test_variables_of_another_rubric_are_refused(world, rubric, reviewer):
    candidacy = validated(world)
    with pytest.raises(ValidationError) as error:
        services.score_candidacy(candidacy, {999999: True}, by=reviewer)
    assert error.value.code == "bad_variable"


def test_check_variables_rules():
    first = RubricVariable(rubro="proposals", order=1, label="Primera", points_met=5, depends_on_first=True)
    with pytest.raises(ValidationError) as error:
        services.check_variables([first])
    assert [e.code for e in error.value.error_list] == ["first_dependent"]
    twins = [RubricVariable(rubro="motivation", order=1, label=x, points_met=1) for x in "ab"]
    with pytest.raises(ValidationError) as error:
        services.check_variables(twins)
    assert [e.code for e in error.value.error_list] == ["bad_order"]
    misplaced = RubricVariable(rubro="motivation", order=1, label="X", points_met=1, measure="photo_present")
    with pytest.raises(ValidationError) as error:
        services.check_variables([misplaced])
    assert [e.code for e in error.value.error_list] == ["bad_measure"]
    with pytest.raises(ValidationError) as error:
        services.check_variables([])
    assert [e.code for e in error.value.error_list] == ["empty_rubric"]


def test_restore_is_refused_once_scored(world, rubric, reviewer):
    candidacy = validated(world)
    services.score_candidacy(candidacy, {}, by=make_user("otra", "reviewer"))
    with pytest.raises(ValidationError) as error:
        services.restore_default_rubric(rubric)
    assert error.value.code == "rubric_in_use"
