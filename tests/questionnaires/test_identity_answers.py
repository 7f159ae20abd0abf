"""The identity questionnaire: the INE's 20 questions seeded per process, and answers saved by its rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conoceles.candidacies.models import AffirmativeActionGroup
from conoceles.elections.models import ENTITIES
from conoceles.questionnaires.error_codes import QuestionnaireErrorCode
from conoceles.questionnaires.identity_catalog import INE_QUESTION_HEADERS, countries, indigenous_peoples
from conoceles.questionnaires.models import IdentityAnswer, IdentityOption, IdentityQuestion
from conoceles.questionnaires.services import save_identity_answers, seed_identity_questions
from tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def option(question, label) -> int:
    return question.options.get(label=label).pk


def answers_of(candidacy) -> dict[int, tuple[set[str], str]]:
    return {
        a.question.number: ({o.label for o in a.options.all()}, a.detail)
        for a in IdentityAnswer.objects.filter(candidacy=candidacy).select_related("question")
    }


def codes(excinfo, question) -> list[str]:
    return [e.code for e in excinfo.value.error_dict[str(question.pk)]]


# --------------------------------------------------------------------------------------------
# Seed
# --------------------------------------------------------------------------------------------


def test_seed_creates_the_20_questions_each_with_prefiero_no_contestar(questions):
    assert sorted(questions) == list(range(1, 21))
    for question in questions.values():
        labels = list(question.options.values_list("label", flat=True))
        assert labels.count("Prefiero no contestar") == 1, question.number
        decline = question.options.get(label="Prefiero no contestar")
        assert decline.is_decline and not decline.requires_detail
        assert labels[-1] == "Prefiero no contestar"
        assert question.export_header == INE_QUESTION_HEADERS[question.number]  # the INE's own header
    assert questions[5].export_header != f"5. {questions[5].text}"  # our wording differs; the export says the INE's
    assert questions[20].export_header == "20. Entidad federativa de nacimiento: "
    assert questions[1].text == (
        "¿Se identifica como una persona indígena o como parte de algún pueblo o comunidad indígena?"
    )
    assert questions[20].text == "Entidad federativa de nacimiento"


def test_seed_dependencies_kinds_and_groups(questions):
    dependencies = {
        n: (q.parent.number, q.parent_option.label) for n, q in questions.items() if q.parent_id is not None
    }
    assert dependencies == {
        5: (4, "Sí"),
        6: (4, "Sí"),
        7: (4, "Sí"),
        10: (9, "Sí"),
        12: (11, "Sí"),
        13: (11, "Sí"),
        14: (11, "Sí"),
        15: (11, "Sí"),
    }
    assert [n for n, q in questions.items() if q.kind == IdentityQuestion.Kind.MULTIPLE] == [7]
    for number in (1, 2, 4, 8, 9, 11, 15, 16, 17):
        assert list(questions[number].options.values_list("label", flat=True)) == ["Sí", "No", "Prefiero no contestar"]
    groups = {q.group: n for n, q in questions.items() if q.group}
    assert groups == {
        AffirmativeActionGroup.INDIGENOUS: 1,
        AffirmativeActionGroup.DISABILITY: 4,
        AffirmativeActionGroup.AFRO_MEXICAN: 8,
        AffirmativeActionGroup.LGBT: 9,
        AffirmativeActionGroup.MIGRANT: 11,
        AffirmativeActionGroup.YOUTH: 16,
        AffirmativeActionGroup.ELDERLY: 17,
    }


def test_seed_catalogs(questions):
    assert len(indigenous_peoples()) == 68 and len(set(indigenous_peoples())) == 68
    q3 = list(questions[3].options.order_by("order"))
    assert [o.label for o in q3[:68]] == list(indigenous_peoples())
    assert [o.label for o in q3[68:]] == ["Otro: especifique", "No aplica", "Prefiero no contestar"]
    assert [o.requires_detail for o in q3[68:]] == [True, False, False]

    q12 = list(questions[12].options.values_list("label", flat=True))
    assert q12[0] == "Estados Unidos de América"
    assert 190 <= len(countries()) <= 210 and len(set(countries())) == len(countries())
    assert "México" not in q12 and "Canadá" in q12 and "España" in q12

    q20 = list(questions[20].options.values_list("label", flat=True))
    assert q20 == [name for _, name in ENTITIES] + ["Prefiero no contestar"]

    details = {
        n: list(q.options.filter(requires_detail=True).values_list("label", flat=True)) for n, q in questions.items()
    }
    assert {n: labels for n, labels in details.items() if labels} == {
        3: ["Otro: especifique"],
        6: ["Otra: especifique"],
        7: ["Otra: especifique"],
        10: ["Otra: especifique"],
    }


def test_seed_is_idempotent_and_restores_only_what_is_missing(world, questions):
    counts = (IdentityQuestion.objects.count(), IdentityOption.objects.count())
    assert seed_identity_questions(world.process) == 0
    assert (IdentityQuestion.objects.count(), IdentityOption.objects.count()) == counts

    # an admin's edits survive; a deleted option comes back
    q18 = questions[18]
    q18.text = "Pensando en todo lo que ganó el mes pasado, ¿en cuál de los siguientes grupos de ingresos se encuentra?"
    q18.save()
    q18.options.get(label="Más de $112,000").delete()
    assert seed_identity_questions(world.process) == 1
    q18.refresh_from_db()
    assert q18.text.startswith("Pensando")
    assert q18.options.filter(label="Más de $112,000").exists()


def test_each_process_gets_its_own_questions(world, questions):
    other = ProcessFactory()
    seed_identity_questions(other)
    assert IdentityQuestion.objects.filter(process=other).count() == 20
    assert IdentityQuestion.objects.count() == 40


# --------------------------------------------------------------------------------------------
# Answers
# --------------------------------------------------------------------------------------------


def test_answers_are_saved_with_history(candidacy, candidate_user, questions):
    q1, q3 = questions[1], questions[3]
    save_identity_answers(
        candidacy,
        {q1.pk: ([option(q1, "Sí")], ""), q3.pk: ([option(q3, "Maya")], "ignorado")},
        by=candidate_user,
    )
    assert answers_of(candidacy) == {1: ({"Sí"}, ""), 3: ({"Maya"}, "")}
    answer = IdentityAnswer.objects.get(question=q1)
    history = list(answer.history.all())
    assert len(history) == 1 and history[0].history_user == candidate_user
    assert [o.identityoption.label for o in history[0].options.all()] == ["Sí"]


def test_dependent_answers_are_discarded_when_the_parent_is_no(candidacy, party_user, questions):
    q4, q5, q7, q11, q12 = (questions[n] for n in (4, 5, 7, 11, 12))
    save_identity_answers(
        candidacy,
        {
            q4.pk: ([option(q4, "Sí")], ""),
            q5.pk: ([option(q5, "Permanente")], ""),
            q7.pk: ([option(q7, "Hablar o comunicarse")], ""),
            # 11 is No: whatever the form sent for 12 is discarded
            q11.pk: ([option(q11, "No")], ""),
            q12.pk: ([option(q12, "Canadá")], ""),
        },
        by=party_user,
    )
    assert answers_of(candidacy) == {
        4: ({"Sí"}, ""),
        5: ({"Permanente"}, ""),
        7: ({"Hablar o comunicarse"}, ""),
        11: ({"No"}, ""),
    }
    # the parent changes to No (or to «Prefiero no contestar»): stored dependent answers are deleted
    save_identity_answers(candidacy, {q4.pk: ([option(q4, "Prefiero no contestar")], "")}, by=party_user)
    assert answers_of(candidacy) == {4: ({"Prefiero no contestar"}, ""), 11: ({"No"}, "")}
    deleted = IdentityAnswer.history.filter(history_type="-")
    assert deleted.count() == 2 and {h.history_user for h in deleted} == {party_user}


def test_dependent_answer_without_any_parent_answer_is_discarded(candidacy, party_user, questions):
    q10 = questions[10]
    save_identity_answers(candidacy, {q10.pk: ([option(q10, "Mujer trans")], "")}, by=party_user)
    assert answers_of(candidacy) == {}


def test_dependent_answer_is_kept_when_the_parent_was_answered_before(candidacy, party_user, questions):
    q9, q10 = questions[9], questions[10]
    save_identity_answers(candidacy, {q9.pk: ([option(q9, "Sí")], "")}, by=party_user)
    save_identity_answers(candidacy, {q10.pk: ([option(q10, "Mujer lesbiana")], "")}, by=party_user)
    assert answers_of(candidacy) == {9: ({"Sí"}, ""), 10: ({"Mujer lesbiana"}, "")}


def test_multiple_choice_only_where_the_question_allows_it(candidacy, party_user, questions):
    q4, q6, q7 = questions[4], questions[6], questions[7]
    save_identity_answers(
        candidacy,
        {
            q4.pk: ([option(q4, "Sí")], ""),
            q7.pk: ([option(q7, "Ver, aunque use lentes"), option(q7, "Oír, aunque use aparato auditivo")], ""),
        },
        by=party_user,
    )
    assert answers_of(candidacy)[7] == ({"Ver, aunque use lentes", "Oír, aunque use aparato auditivo"}, "")

    with pytest.raises(ValidationError) as excinfo:
        save_identity_answers(candidacy, {q6.pk: ([option(q6, "Física"), option(q6, "Sensorial")], "")}, by=party_user)
    assert codes(excinfo, q6) == [QuestionnaireErrorCode.SINGLE_CHOICE]


def test_prefiero_no_contestar_cannot_be_combined(candidacy, party_user, questions):
    q4, q7 = questions[4], questions[7]
    save_identity_answers(candidacy, {q4.pk: ([option(q4, "Sí")], "")}, by=party_user)
    with pytest.raises(ValidationError) as excinfo:
        save_identity_answers(
            candidacy,
            {q7.pk: ([option(q7, "Hablar o comunicarse"), option(q7, "Prefiero no contestar")], "")},
            by=party_user,
        )
    assert codes(excinfo, q7) == [QuestionnaireErrorCode.DECLINE_ALONE]
    save_identity_answers(candidacy, {q7.pk: ([option(q7, "Prefiero no contestar")], "")}, by=party_user)
    assert answers_of(candidacy)[7] == ({"Prefiero no contestar"}, "")


def test_detail_is_required_for_otra_especifique_and_dropped_otherwise(candidacy, party_user, questions):
    q3, q4, q7 = questions[3], questions[4], questions[7]
    with pytest.raises(ValidationError) as excinfo:
        save_identity_answers(candidacy, {q3.pk: ([option(q3, "Otro: especifique")], "   ")}, by=party_user)
    assert codes(excinfo, q3) == [QuestionnaireErrorCode.DETAIL_REQUIRED]
    assert excinfo.value.error_dict[str(q3.pk)][0].messages == ["Especifique su respuesta."]

    save_identity_answers(
        candidacy,
        {
            q3.pk: ([option(q3, "Otro: especifique")], "  Comunidad  mestiza\r\n de la Zona Maya "),
            q4.pk: ([option(q4, "Sí")], ""),
            q7.pk: ([option(q7, "Otra: especifique"), option(q7, "Caminar, subir o bajar escaleras")], "Correr"),
        },
        by=party_user,
    )
    assert answers_of(candidacy)[3] == ({"Otro: especifique"}, "Comunidad mestiza de la Zona Maya")
    assert answers_of(candidacy)[7][1] == "Correr"

    save_identity_answers(candidacy, {q3.pk: ([option(q3, "Maya")], "texto que ya no aplica")}, by=party_user)
    assert answers_of(candidacy)[3] == ({"Maya"}, "")


def test_options_must_belong_to_the_question(candidacy, party_user, questions):
    q1, q2 = questions[1], questions[2]
    with pytest.raises(ValidationError) as excinfo:
        save_identity_answers(candidacy, {q1.pk: ([option(q2, "Sí")], "")}, by=party_user)
    assert codes(excinfo, q1) == [QuestionnaireErrorCode.BAD_OPTION]


def test_questions_of_another_process_are_refused(candidacy, party_user, questions):
    other = ProcessFactory()
    seed_identity_questions(other)
    foreign = IdentityQuestion.objects.get(process=other, number=1)
    with pytest.raises(ValidationError) as excinfo:
        save_identity_answers(candidacy, {foreign.pk: ([option(foreign, "Sí")], "")}, by=party_user)
    assert [e.code for e in excinfo.value.error_dict[str(foreign.pk)]] == [QuestionnaireErrorCode.UNKNOWN_QUESTION]


def test_one_bad_answer_saves_nothing(candidacy, party_user, questions):
    q1, q2 = questions[1], questions[2]
    with pytest.raises(ValidationError):
        save_identity_answers(
            candidacy,
            {q1.pk: ([option(q1, "Sí")], ""), q2.pk: ([option(q2, "Sí"), option(q2, "No")], "")},
            by=party_user,
        )
    assert not IdentityAnswer.objects.exists()


def test_an_empty_answer_clears_the_stored_one(candidacy, party_user, questions):
    q8 = questions[8]
    save_identity_answers(candidacy, {q8.pk: ([option(q8, "Sí")], "")}, by=party_user)
    save_identity_answers(candidacy, {q8.pk: ([], "")}, by=party_user)
    assert answers_of(candidacy) == {}


def test_unchanged_answers_write_no_history(candidacy, party_user, questions):
    q8 = questions[8]
    save_identity_answers(candidacy, {q8.pk: ([option(q8, "Sí")], "")}, by=party_user)
    save_identity_answers(candidacy, {q8.pk: ([option(q8, "Sí")], "")}, by=party_user)
    assert IdentityAnswer.history.count() == 1


def test_only_who_may_capture_answers(candidacy, questions, reviewer, other_party_user):
    q1 = questions[1]
    for user in (reviewer, other_party_user):
        with pytest.raises(PermissionDenied):
            save_identity_answers(candidacy, {q1.pk: ([option(q1, "Sí")], "")}, by=user)
