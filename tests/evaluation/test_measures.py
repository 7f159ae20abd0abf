"""The automatic suggestions, one pure function each: a questionnaire (unsaved) and the capture rules in, True or
False out."""

import pytest

from conoceles.evaluation import measures
from conoceles.questionnaires.models import CaptureRules, CurricularQuestionnaire


def q(**fields):
    return CurricularQuestionnaire(**fields)


RULES = CaptureRules(min_text_length=10, proposal_max=40, professional_history_max=30, political_trajectory_max=30,
                     motivation_max=30)


def test_photo_present():
    assert measures.photo_present(q(photo="photos/a.jpg"), RULES)
    assert not measures.photo_present(q(), RULES)


@pytest.mark.parametrize("field", ["facebook", "website", "public_email", "public_phone", "other_network"])
def test_public_contact_present_any_channel(field):
    assert measures.public_contact_present(q(**{field: "x"}), RULES)


def test_public_contact_absent_without_any_channel():
    assert not measures.public_contact_present(q(campaign_address="Calle 1"), RULES)


def test_education_stated_needs_level_and_status_unless_the_level_has_none():
    assert measures.education_stated(q(education_level="Maestría", education_status="Título"), RULES)
    assert not measures.education_stated(q(education_level="Maestría"), RULES)
    assert measures.education_stated(q(education_level="Sin estudios"), RULES)
    assert not measures.education_stated(q(), RULES)


def test_other_training_stated():
    assert measures.other_training_stated(q(other_training="Diplomado en finanzas"), RULES)
    assert not measures.other_training_stated(q(other_training="   "), RULES)


@pytest.mark.parametrize(
    ("measure", "field"),
    [
        (measures.professional_within_limits, "professional_history"),
        (measures.political_within_limits, "political_trajectory"),
        (measures.motivation_within_limits, "motivation"),
    ],
)
def test_within_limits_between_the_minimum_and_the_maximum(measure, field):
    assert measure(q(**{field: "a" * 10}), RULES)  # the minimum
    assert measure(q(**{field: "a" * 30}), RULES)  # the maximum
    assert not measure(q(**{field: "a" * 9}), RULES)
    assert not measure(q(**{field: "a" * 31}), RULES)
    assert not measure(q(), RULES)


def test_within_limits_counts_characters_as_the_capture_counter():
    # "\r\n" counts once, outer spaces not at all: 10 characters
    assert measures.motivation_within_limits(q(motivation="  abcd\r\nefghi  "), RULES)


def test_professional_concrete_finds_a_year_or_a_month():
    assert measures.professional_concrete(q(professional_history="Docente desde 2005"), RULES)
    assert measures.professional_concrete(q(professional_history="Docente desde marzo"), RULES)
    assert not measures.professional_concrete(q(professional_history="Docente rural"), RULES)


def test_proposals_distinct():
    assert measures.proposals_distinct(q(proposal_1="Agua potable", proposal_2="Seguridad pública"), RULES)
    # the same text with other accents, capitals and spaces is the same proposal
    assert not measures.proposals_distinct(q(proposal_1="Más agua potable", proposal_2="mas  AGUA potable"), RULES)
    assert not measures.proposals_distinct(q(proposal_1="Agua potable para todos", proposal_2="Agua potable para todo"),
                                           RULES)
    assert not measures.proposals_distinct(q(proposal_1="Agua potable"), RULES)


def test_proposals_within_limits_checks_the_three():
    fine = {"proposal_1": "a" * 10, "proposal_2": "b" * 40, "proposal_gender": "c" * 20}
    assert measures.proposals_within_limits(q(**fine), RULES)
    assert not measures.proposals_within_limits(q(**{**fine, "proposal_gender": "c" * 41}), RULES)
    assert not measures.proposals_within_limits(q(**{**fine, "proposal_2": "short"}), RULES)


def test_proposal_concrete_needs_a_figure_or_a_date_in_proposal_1_or_2():
    assert measures.proposal_concrete(q(proposal_1="Agua", proposal_2="30 pozos"), RULES)
    assert measures.proposal_concrete(q(proposal_1="Clínica lista en diciembre", proposal_2="Agua"), RULES)
    assert not measures.proposal_concrete(q(proposal_1="Agua", proposal_2="Salud", proposal_gender="50 %"), RULES)


def test_gender_proposal_present():
    assert measures.gender_proposal_present(q(proposal_gender="Paridad"), RULES)
    assert not measures.gender_proposal_present(q(), RULES)


def test_every_measure_belongs_to_a_rubro_of_the_questionnaire():
    from conoceles.questionnaires.rubros import RUBROS_BY_CODE

    assert all(m.rubro in RUBROS_BY_CODE for m in measures.MEASURES.values())
