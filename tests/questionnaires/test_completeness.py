"""Completeness of the questionnaires: per rubro for the curricular, per applicable question for identity."""

import pytest

from conoceles.questionnaires.completeness import (
    annotate_completeness,
    completeness_for,
    curricular_completeness,
    identity_completeness_of,
)
from conoceles.questionnaires.rubros import RUBRO_NOT_PROVIDED
from conoceles.questionnaires.services import (
    capture_rules_for,
    save_identity_answers,
    save_photo,
    save_rubro,
    seed_identity_questions,
)
from tests.factories import CandidacyFactory, ContestFactory, ProcessFactory
from tests.uploads import image_bytes, upload

pytestmark = pytest.mark.django_db


def fill_text_rubros(candidacy, by):
    save_rubro(candidacy, "professional", {"professional_history": "Docente rural"}, by=by)
    save_rubro(candidacy, "political", {"political_trajectory": "Regidora 2018–2021"}, by=by)
    save_rubro(candidacy, "motivation", {"motivation": "Servir"}, by=by)
    save_rubro(
        candidacy, "proposals", {"proposal_1": "Agua", "proposal_2": "Salud", "proposal_gender": "Paridad"}, by=by
    )


def test_nothing_captured(candidacy):
    result = curricular_completeness(candidacy)
    assert result.percent == 0 and not result.complete
    assert all(r.is_empty and not r.complete and r.percent == 0 for r in result.rubros)
    assert result.missing == {
        "general": ("Fotografía",),
        "education": ("Grado máximo de estudios", "Estatus"),
        "professional": ("Historia profesional y/o laboral",),
        "political": ("Trayectoria política y/o participación social",),
        "motivation": ("¿Por qué quiere ocupar un cargo público?",),
        "proposals": (
            "Propuesta 1",
            "Propuesta 2",
            "Propuesta en materia de género o del grupo en situación de discriminación que representa",
        ),
    }
    assert RUBRO_NOT_PROVIDED == "La candidatura no proporcionó información"


def test_per_rubro_missing_labels_and_percent(candidacy, party_user):
    save_rubro(candidacy, "general", {"facebook": "https://facebook.com/maria"}, by=party_user)
    save_rubro(candidacy, "proposals", {"proposal_1": "Agua", "proposal_2": "   "}, by=party_user)
    save_rubro(candidacy, "education", {"education_level": "Licenciatura"}, by=party_user)
    result = curricular_completeness(candidacy)

    general = result.rubro("general")
    assert (general.complete, general.missing, general.percent, general.is_empty) == (
        False,
        ("Fotografía",),
        0,
        False,  # optional data was captured: the rubro is not blank
    )
    proposals = result.rubro("proposals")
    assert proposals.missing == (
        "Propuesta 2",
        "Propuesta en materia de género o del grupo en situación de discriminación que representa",
    )
    assert (proposals.filled, proposals.required, proposals.percent) == (1, 3, 33)
    education = result.rubro("education")
    assert (education.missing, education.percent) == (("Estatus",), 50)
    assert result.percent == 22  # 2 of the 9 required fields


def test_sin_estudios_needs_no_status(candidacy, party_user):
    save_rubro(candidacy, "education", {"education_level": "Sin estudios"}, by=party_user)
    education = curricular_completeness(candidacy).rubro("education")
    assert (education.complete, education.missing, education.required, education.percent) == (True, (), 1, 100)

    save_rubro(candidacy, "education", {"education_level": "Primaria"}, by=party_user)
    education = curricular_completeness(candidacy).rubro("education")
    assert (education.complete, education.missing) == (False, ("Estatus",))


def test_grados_without_status_are_configuration(candidacy, party_user):
    rules = capture_rules_for(candidacy.process)
    rules.levels_without_status = ["Sin estudios", "Primaria"]
    rules.save()
    save_rubro(candidacy, "education", {"education_level": "Primaria", "education_status": "Trunco"}, by=party_user)
    assert curricular_completeness(candidacy).rubro("education").complete


def test_complete_questionnaire(candidacy, party_user):
    save_photo(candidacy, upload(image_bytes()), by=party_user)
    save_rubro(candidacy, "education", {"education_level": "Maestría", "education_status": "Título"}, by=party_user)
    fill_text_rubros(candidacy, party_user)
    result = curricular_completeness(candidacy.curricular, capture_rules_for(candidacy.process))
    assert result.complete and result.percent == 100 and result.missing == {}
    assert all(r.complete and r.percent == 100 and not r.is_empty for r in result.rubros)


def test_minimum_length_is_not_a_completeness_rule(candidacy, party_user):
    save_rubro(candidacy, "motivation", {"motivation": "Servir"}, by=party_user)
    rules = capture_rules_for(candidacy.process)
    rules.min_text_length = 280
    rules.save()
    assert curricular_completeness(candidacy).rubro("motivation").complete


def test_percent_rounds_down_so_100_means_complete(candidacy, party_user):
    save_rubro(candidacy, "education", {"education_level": "Maestría", "education_status": "Título"}, by=party_user)
    fill_text_rubros(candidacy, party_user)
    result = curricular_completeness(candidacy)
    assert result.percent == 88 and not result.complete  # only the photo is missing: 8 of 9, not 89
    save_rubro(candidacy, "education", {"education_level": "Sin estudios"}, by=party_user)
    result = curricular_completeness(candidacy)
    assert result.percent == 87  # 7 of 8 (no estatus): 87.5 rounded down


# --------------------------------------------------------------------------------------------
# Identity
# --------------------------------------------------------------------------------------------


def yes_no_answers(questions, answer: str, numbers) -> dict:
    return {questions[n].pk: ([questions[n].options.get(label=answer).pk], "") for n in numbers}


def test_identity_counts_only_applicable_questions(candidacy, party_user, questions):
    result = identity_completeness_of(candidacy)
    assert (result.answered, result.applicable, result.percent, result.complete) == (0, 12, 0, False)
    assert result.unanswered == (1, 2, 3, 4, 8, 9, 11, 16, 17, 18, 19, 20)

    # 4 = Sí opens 5, 6 and 7; «Prefiero no contestar» counts as an answer
    save_identity_answers(candidacy, yes_no_answers(questions, "Sí", [4]), by=party_user)
    save_identity_answers(candidacy, yes_no_answers(questions, "Prefiero no contestar", [1, 9, 11]), by=party_user)
    result = identity_completeness_of(candidacy)
    assert (result.answered, result.applicable) == (4, 15)
    assert result.unanswered == (2, 3, 5, 6, 7, 8, 16, 17, 18, 19, 20)


def test_identity_complete_when_every_shown_question_is_answered(candidacy, party_user, questions):
    answers = yes_no_answers(questions, "No", [1, 2, 4, 8, 9, 11, 16, 17])
    answers.update(yes_no_answers(questions, "Prefiero no contestar", [3, 18, 19, 20]))
    save_identity_answers(candidacy, answers, by=party_user)
    result = identity_completeness_of(candidacy)
    assert (result.answered, result.applicable, result.percent, result.complete) == (12, 12, 100, True)

    save_identity_answers(candidacy, yes_no_answers(questions, "Sí", [11]), by=party_user)  # opens 12–15
    result = identity_completeness_of(candidacy)
    assert (result.answered, result.applicable, result.complete) == (12, 16, False)
    assert result.unanswered == (12, 13, 14, 15)


def test_a_process_without_identity_questions_is_complete(candidacy):
    result = identity_completeness_of(candidacy)
    assert (result.applicable, result.percent, result.complete) == (0, 100, True)


# --------------------------------------------------------------------------------------------
# A page of candidacies without N+1
# --------------------------------------------------------------------------------------------


def test_completeness_for_a_page_in_constant_queries(world, party_user, questions, django_assert_num_queries):
    other_process = ProcessFactory()
    seed_identity_questions(other_process)
    page = CandidacyFactory.create_batch(
        5, process=world.process, contest=world.contests["RP"], actor=world.actors["PAN"]
    )
    page += CandidacyFactory.create_batch(3, contest=ContestFactory(cargo__process=other_process))
    save_rubro(page[0], "education", {"education_level": "Sin estudios"}, by=party_user)
    fill_text_rubros(page[1], party_user)
    save_identity_answers(page[2], yes_no_answers(questions, "Sí", [4, 11]), by=party_user)
    capture_rules_for(world.process)  # the other process has no rules row yet: defaults apply

    with django_assert_num_queries(4):
        result = completeness_for(page)
    with django_assert_num_queries(4):
        completeness_for(page[:2])
    assert set(result) == {c.pk for c in page}
    for one in page:
        assert result[one.pk] == completeness_for([one])[one.pk]
        assert result[one.pk].curricular == curricular_completeness(one)
    assert result[page[0].pk].curricular.rubro("education").complete
    assert result[page[1].pk].curricular.percent == 66  # 6 of 9
    assert result[page[2].pk].identity.applicable == 12 + 3 + 4
    assert result[page[2].pk].identity.answered == 2
    assert result[page[6].pk].identity.applicable == 12


def test_annotate_completeness_for_templates(world, party_user, django_assert_num_queries):
    page = CandidacyFactory.create_batch(
        3, process=world.process, contest=world.contests["RP"], actor=world.actors["PAN"]
    )
    save_rubro(page[1], "motivation", {"motivation": "Servir"}, by=party_user)
    with django_assert_num_queries(4):
        annotated = annotate_completeness(page)
    assert [c.completeness.curricular.rubro("motivation").complete for c in annotated] == [False, True, False]
    assert completeness_for([]) == {}
