"""conoceles.core.forms.add_service_error: a service's refusal lands next to the field it is about."""

from django import forms
from django.core.exceptions import ValidationError

from conoceles.core.forms import add_service_error
from conoceles.questionnaires.error_codes import QuestionnaireErrorCode
from conoceles.review.error_codes import ReviewErrorCode


class ProposalForm(forms.Form):
    service_error_fields = {ReviewErrorCode.NO_COMMENT: "comment", ReviewErrorCode.NO_RULES: "rules"}

    comment = forms.CharField(required=False)
    rules = forms.CharField(required=False)


def refused(error, **kwargs) -> dict:
    form = ProposalForm({})
    assert form.is_valid()
    add_service_error(form, error, **kwargs)
    return {name: [(e.code, e.message) for e in errors] for name, errors in form.errors.as_data().items()}


def test_a_keyed_error_goes_to_its_field_or_to_the_form():
    error = ValidationError(
        {
            "comment": ValidationError("Muy largo.", code=QuestionnaireErrorCode.TOO_LONG),
            "photo": ValidationError("No es imagen.", code=QuestionnaireErrorCode.BAD_IMAGE_TYPE),
        }
    )
    assert refused(error) == {
        "comment": [(QuestionnaireErrorCode.TOO_LONG, "Muy largo.")],
        "__all__": [(QuestionnaireErrorCode.BAD_IMAGE_TYPE, "No es imagen.")],
    }


def test_a_code_goes_to_the_field_the_form_names_for_it():
    error = ValidationError("Explique qué debe corregir.", code=ReviewErrorCode.NO_COMMENT)
    assert refused(error) == {"comment": [(ReviewErrorCode.NO_COMMENT, "Explique qué debe corregir.")]}


def test_a_code_the_form_does_not_name_goes_to_the_form():
    error = ValidationError("Ya se decidió.", code=ReviewErrorCode.ALREADY_DECIDED)
    assert refused(error) == {"__all__": [(ReviewErrorCode.ALREADY_DECIDED, "Ya se decidió.")]}


def test_each_message_of_a_list_finds_its_own_place():
    error = ValidationError(
        [
            ValidationError("Cite un supuesto.", code=ReviewErrorCode.NO_RULES),
            ValidationError("Sin rondas.", code=ReviewErrorCode.NO_ROUNDS_LEFT),
        ]
    )
    assert refused(error) == {
        "rules": [(ReviewErrorCode.NO_RULES, "Cite un supuesto.")],
        "__all__": [(ReviewErrorCode.NO_ROUNDS_LEFT, "Sin rondas.")],
    }


def test_a_mapping_given_by_the_screen_wins_and_a_field_the_form_lacks_is_ignored():
    error = ValidationError("Explique qué debe corregir.", code=ReviewErrorCode.NO_COMMENT)
    assert refused(error, code_fields={ReviewErrorCode.NO_COMMENT: "rules"}) == {
        "rules": [(ReviewErrorCode.NO_COMMENT, "Explique qué debe corregir.")]
    }
    assert refused(error, code_fields={ReviewErrorCode.NO_COMMENT: "reason"}) == {
        "__all__": [(ReviewErrorCode.NO_COMMENT, "Explique qué debe corregir.")]
    }
