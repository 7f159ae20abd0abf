"""Capture rules per process and the curricular questionnaire's validation, rubro by rubro."""

from urllib.parse import urlsplit

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from conoceles.questionnaires.error_codes import QuestionnaireErrorCode
from conoceles.questionnaires.models import CaptureRules, CurricularQuestionnaire
from conoceles.questionnaires.rubros import RUBROS, RUBROS_BY_CODE
from conoceles.questionnaires.services import (
    NETWORKS,
    capture_rules_for,
    save_rubro,
    text_length,
    validate_rubro,
)
from conoceles.questionnaires.services.curricular import clean_network_url

pytestmark = pytest.mark.django_db


def error_codes(excinfo, field):
    return [e.code for e in excinfo.value.error_dict[field]]


def error_messages(excinfo, field):
    return [m for e in excinfo.value.error_dict[field] for m in e.messages]


# --------------------------------------------------------------------------------------------
# CaptureRules
# --------------------------------------------------------------------------------------------


def test_rules_are_created_once_with_the_norms_defaults(world):
    rules = capture_rules_for(world.process)
    assert capture_rules_for(world.process).pk == rules.pk
    assert CaptureRules.objects.count() == 1
    assert (rules.photo_max_kb, rules.photo_max_side_px, rules.min_text_length) == (700, 1200, 0)
    assert (rules.other_training_max, rules.professional_history_max, rules.political_trajectory_max) == (
        1000,
        5000,
        5000,
    )
    assert (rules.motivation_max, rules.proposal_max) == (2500, 1600)
    assert rules.education_levels[0] == "Sin estudios" and rules.education_levels[-1] == "Posdoctorado"
    assert len(rules.education_levels) == 10
    assert rules.education_statuses == ["Cursando", "Trunco", "Certificado", "Título", "Cédula profesional"]


@pytest.mark.parametrize(
    "change",
    [
        {"proposal_max": 0},
        {"photo_max_kb": 0},
        {"photo_max_side_px": 0},
        {"min_text_length": 1001},  # above other_training_max
        {"min_text_length": 300, "proposal_max": 299},
    ],
)
def test_database_refuses_non_positive_limits_and_a_minimum_above_a_maximum(world, change):
    rules = capture_rules_for(world.process)
    for name, value in change.items():
        setattr(rules, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        rules.save()


def test_an_institute_minimum_of_280_is_accepted(world):
    rules = capture_rules_for(world.process)
    rules.min_text_length = 280
    rules.save()
    rules.full_clean()


@pytest.mark.parametrize(
    "field, value",
    [
        ("education_levels", []),
        ("education_levels", ["Primaria", "Primaria"]),
        ("education_statuses", "Título"),
        ("education_statuses", ["Título", ""]),
        ("levels_without_status", ["Ninguno"]),
    ],
)
def test_catalogs_must_be_lists_of_distinct_texts(world, field, value):
    rules = capture_rules_for(world.process)
    setattr(rules, field, value)
    with pytest.raises(ValidationError) as excinfo:
        rules.full_clean()
    assert field in excinfo.value.error_dict


# --------------------------------------------------------------------------------------------
# Rubros: declared once
# --------------------------------------------------------------------------------------------


def test_rubros_declare_the_six_rubros_and_their_required_fields():
    assert [r.label for r in RUBROS] == [
        "Datos generales",
        "Formación académica",
        "Historia profesional y/o laboral",
        "Trayectoria política y/o participación social",
        "¿Por qué quiere ocupar un cargo público?",
        "Propuestas",
    ]
    required = {r.code: [f.name for f in r.required_fields] for r in RUBROS}
    assert required == {
        "general": ["photo"],
        "education": ["education_level", "education_status"],
        "professional": ["professional_history"],
        "political": ["political_trajectory"],
        "motivation": ["motivation"],
        "proposals": ["proposal_1", "proposal_2", "proposal_gender"],
    }
    model_fields = {f.name for f in CurricularQuestionnaire._meta.get_fields()}
    rules_fields = {f.name for f in CaptureRules._meta.get_fields()}
    for rubro in RUBROS:
        for field in rubro.fields:
            assert field.name in model_fields
            assert field.limit is None or field.limit in rules_fields


# --------------------------------------------------------------------------------------------
# Lengths
# --------------------------------------------------------------------------------------------


def test_a_1601_character_proposal_is_refused_and_1600_accepted(candidacy, party_user):
    with pytest.raises(ValidationError) as excinfo:
        save_rubro(candidacy, "proposals", {"proposal_1": "a" * 1601}, by=party_user)
    assert error_codes(excinfo, "proposal_1") == [QuestionnaireErrorCode.TOO_LONG]
    assert error_messages(excinfo, "proposal_1") == ["Tiene 1,601 caracteres; el máximo es 1,600."]
    assert not CurricularQuestionnaire.objects.exists()

    questionnaire = save_rubro(candidacy, "proposals", {"proposal_1": "a" * 1600}, by=party_user)
    assert len(questionnaire.proposal_1) == 1600


def test_each_long_text_follows_its_own_limit(candidacy, party_user):
    limits = {
        "other_training": 1000,
        "professional_history": 5000,
        "political_trajectory": 5000,
        "motivation": 2500,
        "proposal_gender": 1600,
    }
    for name, limit in limits.items():
        rubro = next(r.code for r in RUBROS if name in r.field_names)
        save_rubro(candidacy, rubro, {name: "x" * limit}, by=party_user)
        with pytest.raises(ValidationError) as excinfo:
            save_rubro(candidacy, rubro, {name: "x" * (limit + 1)}, by=party_user)
        assert error_codes(excinfo, name) == [QuestionnaireErrorCode.TOO_LONG]


def test_changing_a_limit_changes_the_validation(candidacy, party_user):
    rules = capture_rules_for(candidacy.process)
    rules.proposal_max = 500
    rules.save()
    with pytest.raises(ValidationError) as excinfo:
        save_rubro(candidacy, "proposals", {"proposal_2": "b" * 501}, by=party_user)
    assert error_messages(excinfo, "proposal_2") == ["Tiene 501 caracteres; el máximo es 500."]

    rules.proposal_max = 2000
    rules.save()
    assert len(save_rubro(candidacy, "proposals", {"proposal_2": "b" * 1900}, by=party_user).proposal_2) == 1900


def test_crlf_counts_as_one_character_and_is_stored_as_lf(candidacy, party_user):
    text = ("a" * 799 + "\r\n") * 2  # 1,600 code points once line endings are normalised (outer space stripped)
    assert text_length(text) == 1599
    text = "a" * 800 + "\r\n" + "b" * 799
    assert text_length(text) == 1600
    questionnaire = save_rubro(candidacy, "proposals", {"proposal_1": text}, by=party_user)
    assert questionnaire.proposal_1 == "a" * 800 + "\n" + "b" * 799


def test_length_counts_code_points_not_bytes(candidacy, party_user):
    text = "ñ" * 1000 + "😀" * 600  # 1,600 code points; 3,200+ bytes in UTF-8, 2,200 UTF-16 units
    assert text_length(text) == 1600
    save_rubro(candidacy, "proposals", {"proposal_1": text}, by=party_user)


def test_minimum_length_applies_to_non_empty_long_texts_only(candidacy, party_user):
    rules = capture_rules_for(candidacy.process)
    rules.min_text_length = 280
    rules.save()
    with pytest.raises(ValidationError) as excinfo:
        save_rubro(candidacy, "motivation", {"motivation": "Porque sí."}, by=party_user)
    assert error_codes(excinfo, "motivation") == [QuestionnaireErrorCode.TOO_SHORT]
    assert error_messages(excinfo, "motivation") == ["Tiene 10 caracteres; el mínimo es 280."]
    # an empty draft is allowed; other training (optional, short by nature) has no minimum
    save_rubro(candidacy, "motivation", {"motivation": ""}, by=party_user)
    save_rubro(candidacy, "education", {"other_training": "Diplomado en finanzas"}, by=party_user)
    save_rubro(candidacy, "motivation", {"motivation": "m" * 280}, by=party_user)


# --------------------------------------------------------------------------------------------
# Drafts and isolation
# --------------------------------------------------------------------------------------------


def test_a_rubro_saves_as_a_draft_and_never_touches_other_rubros(candidacy, party_user):
    save_rubro(candidacy, "proposals", {"proposal_1": "Agua potable", "proposal_2": ""}, by=party_user)
    save_rubro(candidacy, "motivation", {"motivation": "Servir a mi comunidad"}, by=party_user)
    # keys of other rubros in the data are ignored
    questionnaire = save_rubro(
        candidacy,
        "professional",
        {"professional_history": "Docente", "proposal_1": "HACKED", "motivation": "", "photo": "x.jpg"},
        by=party_user,
    )
    questionnaire.refresh_from_db()
    assert questionnaire.proposal_1 == "Agua potable"
    assert questionnaire.proposal_2 == ""
    assert questionnaire.motivation == "Servir a mi comunidad"
    assert questionnaire.professional_history == "Docente"
    assert not questionnaire.photo


def test_stale_instances_do_not_clobber_each_other(candidacy, party_user, candidate_user):
    """Two people editing different rubros at once: each save writes only its rubro's columns."""
    save_rubro(candidacy, "motivation", {"motivation": "Primero"}, by=party_user)
    save_rubro(candidacy, "proposals", {"proposal_1": "Segundo"}, by=candidate_user)
    save_rubro(candidacy, "motivation", {"motivation": "Tercero"}, by=party_user)
    questionnaire = CurricularQuestionnaire.objects.get()
    assert (questionnaire.motivation, questionnaire.proposal_1) == ("Tercero", "Segundo")


def test_a_field_missing_from_the_data_keeps_its_value(candidacy, party_user):
    save_rubro(candidacy, "proposals", {"proposal_1": "Uno", "proposal_2": "Dos"}, by=party_user)
    questionnaire = save_rubro(candidacy, "proposals", {"proposal_2": "Dos bis"}, by=party_user)
    assert (questionnaire.proposal_1, questionnaire.proposal_2) == ("Uno", "Dos bis")


def test_history_records_who_changed_what(candidacy, party_user, candidate_user):
    save_rubro(candidacy, "motivation", {"motivation": "Versión 1"}, by=party_user)
    save_rubro(candidacy, "motivation", {"motivation": "Versión 2"}, by=candidate_user)
    save_rubro(candidacy, "motivation", {"motivation": "Versión 2"}, by=candidate_user)  # no change, no record
    records = list(CurricularQuestionnaire.objects.get().history.order_by("history_id"))
    assert [(r.history_type, r.motivation, r.history_user) for r in records] == [
        ("+", "Versión 1", party_user),
        ("~", "Versión 2", candidate_user),
    ]
    assert records[1].diff_against(records[0]).changed_fields == ["motivation"]


def test_only_who_may_capture_the_candidacy_saves(candidacy, reviewer, other_party_user):
    for user in (reviewer, other_party_user):
        with pytest.raises(PermissionDenied):
            save_rubro(candidacy, "motivation", {"motivation": "x"}, by=user)
    assert not CurricularQuestionnaire.objects.exists()


def test_unknown_rubro_is_a_programming_error(candidacy, party_user):
    with pytest.raises(ValueError):
        save_rubro(candidacy, "hobbies", {}, by=party_user)


# --------------------------------------------------------------------------------------------
# Formats: social networks, web, e-mail, phone, catalogs
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, value, stored",
    [
        ("facebook", "https://www.facebook.com/maria.lopez", "https://www.facebook.com/maria.lopez"),
        ("facebook", "facebook.com/maria.lopez", "https://facebook.com/maria.lopez"),
        ("facebook", "https://fb.com/maria", "https://fb.com/maria"),
        ("facebook", "http://m.facebook.com/maria", "https://m.facebook.com/maria"),
        ("x", "https://x.com/marialopez", "https://x.com/marialopez"),
        ("x", "https://twitter.com/marialopez", "https://twitter.com/marialopez"),
        ("instagram", "https://www.instagram.com/marialopez/", "https://www.instagram.com/marialopez/"),
        ("youtube", "https://www.youtube.com/@marialopez", "https://www.youtube.com/@marialopez"),
        ("youtube", "https://youtu.be/dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcQ"),
        ("tiktok", "https://www.tiktok.com/@marialopez", "https://www.tiktok.com/@marialopez"),
        ("other_network", "https://mastodon.social/@maria", "https://mastodon.social/@maria"),
        ("other_network", "threads.net/@maria", "https://threads.net/@maria"),
        ("facebook", "", ""),
    ],
)
def test_social_network_addresses_accepted(candidacy, party_user, field, value, stored):
    questionnaire = save_rubro(candidacy, "general", {field: value}, by=party_user)
    assert getattr(questionnaire, field) == stored


@pytest.mark.parametrize(
    "field, value",
    [
        ("facebook", "https://x.com/maria"),
        ("facebook", "https://notfacebook.com/maria"),
        ("facebook", "https://facebook.com.evil.mx/maria"),
        ("facebook", "https://facebook.com@evil.mx/maria"),
        ("facebook", "https://www.facebook.com/"),
        ("x", "https://www.facebook.com/maria"),
        ("instagram", "https://instagr.am/maria"),
        ("youtube", "https://vimeo.com/maria"),
        ("tiktok", "javascript:alert(1)"),
        ("tiktok", "maria lopez"),
        ("other_network", "http://mi-red.mx/maria"),
        ("other_network", "ftp://mi-red.mx/maria"),
    ],
)
def test_social_network_addresses_refused_per_network(candidacy, party_user, field, value):
    with pytest.raises(ValidationError) as excinfo:
        save_rubro(candidacy, "general", {field: value}, by=party_user)
    assert error_codes(excinfo, field) == [QuestionnaireErrorCode.BAD_NETWORK_URL]


def test_network_message_names_the_network(candidacy, party_user):
    with pytest.raises(ValidationError) as excinfo:
        save_rubro(candidacy, "general", {"x": "https://facebook.com/maria"}, by=party_user)
    assert "perfil de X (x.com o twitter.com)" in error_messages(excinfo, "x")[0]


def test_every_error_of_a_rubro_is_reported_at_once(candidacy, party_user):
    data = {
        "facebook": "https://x.com/a",
        "website": "http://inseguro.mx",
        "public_email": "no-es-correo",
        "public_phone": "llámame",
        "campaign_address": "Av. Héroes 1, Chetumal",
    }
    with pytest.raises(ValidationError) as excinfo:
        save_rubro(candidacy, "general", data, by=party_user)
    codes = {field: [e.code for e in errors] for field, errors in excinfo.value.error_dict.items()}
    assert codes == {
        "facebook": [QuestionnaireErrorCode.BAD_NETWORK_URL],
        "website": [QuestionnaireErrorCode.BAD_URL],
        "public_email": [QuestionnaireErrorCode.BAD_EMAIL],
        "public_phone": [QuestionnaireErrorCode.BAD_PHONE],
    }
    assert not CurricularQuestionnaire.objects.exists()


def test_public_contact_is_saved_clean(candidacy, party_user):
    questionnaire = save_rubro(
        candidacy,
        "general",
        {
            "website": "www.marialopez.mx",
            "public_email": " contacto@marialopez.mx ",
            "public_phone": "+52 (983) 123-4567",
            "campaign_address": "  Av. Héroes 1,\n Centro,  Chetumal ",
        },
        by=party_user,
    )
    assert questionnaire.website == "https://www.marialopez.mx"
    assert questionnaire.public_email == "contacto@marialopez.mx"
    assert questionnaire.public_phone == "+52 (983) 123-4567"
    assert questionnaire.campaign_address == "Av. Héroes 1, Centro, Chetumal"


def test_education_values_come_from_the_process_catalog(candidacy, party_user):
    questionnaire = save_rubro(
        candidacy, "education", {"education_level": "licenciatura", "education_status": "TÍTULO"}, by=party_user
    )
    assert (questionnaire.education_level, questionnaire.education_status) == ("Licenciatura", "Título")
    with pytest.raises(ValidationError) as excinfo:
        save_rubro(candidacy, "education", {"education_level": "Kínder", "education_status": "Trunca"}, by=party_user)
    assert error_codes(excinfo, "education_level") == [QuestionnaireErrorCode.BAD_CHOICE]
    assert error_codes(excinfo, "education_status") == [QuestionnaireErrorCode.BAD_CHOICE]

    rules = capture_rules_for(candidacy.process)
    rules.education_statuses = [*rules.education_statuses, "Pasante"]
    rules.save()
    assert save_rubro(candidacy, "education", {"education_status": "Pasante"}, by=party_user).education_status == (
        "Pasante"
    )


def test_sin_estudios_has_no_status(candidacy, party_user):
    data = {"education_level": "Primaria", "education_status": "Certificado"}
    save_rubro(candidacy, "education", data, by=party_user)
    questionnaire = save_rubro(
        candidacy, "education", {"education_level": "Sin estudios", "education_status": "Certificado"}, by=party_user
    )
    assert (questionnaire.education_level, questionnaire.education_status) == ("Sin estudios", "")


def test_validate_rubro_is_what_forms_call(candidacy):
    rules = capture_rules_for(candidacy.process)
    assert validate_rubro("proposals", {"proposal_1": " Uno \r\n"}, rules) == {"proposal_1": "Uno"}
    assert RUBROS_BY_CODE["proposals"].field("proposal_1").label == "Propuesta 1"


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

texts = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"]), max_size=40)


@settings(max_examples=200, deadline=None)
@given(text=texts, limit=st.integers(min_value=1, max_value=40))
def test_a_text_is_accepted_exactly_when_its_counted_length_fits(text, limit):
    rules = CaptureRules(proposal_max=limit)
    if text_length(text) <= limit:
        cleaned = validate_rubro("proposals", {"proposal_1": text}, rules)["proposal_1"]
        assert len(cleaned) == text_length(text) and "\r" not in cleaned
    else:
        with pytest.raises(ValidationError) as excinfo:
            validate_rubro("proposals", {"proposal_1": text}, rules)
        assert [e.code for e in excinfo.value.error_dict["proposal_1"]] == [QuestionnaireErrorCode.TOO_LONG]


network_domains = sorted({d for _, domains, _ in NETWORKS.values() for d in domains})
hosts = st.one_of(
    st.from_regex(r"[a-z][a-z0-9-]{0,12}(\.[a-z]{2,6}){1,2}", fullmatch=True),
    st.builds(  # the networks' own domains, with subdomains and look-alikes ("evilfacebook.com", "x.com.mx")
        lambda prefix, domain, suffix: prefix + domain + suffix,
        st.sampled_from(["", "www.", "m.", "es-la.", "evil", "evil-"]),
        st.sampled_from(network_domains),
        st.sampled_from(["", "", ".mx", "-login.net"]),
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    field=st.sampled_from(sorted(NETWORKS)), host=hosts, path=st.from_regex(r"[A-Za-z0-9._@-]{0,15}", fullmatch=True)
)
def test_a_network_field_only_takes_addresses_of_its_network(field, host, path):
    domains = NETWORKS[field][1]
    url = f"https://{host}/{path}"
    try:
        cleaned = clean_network_url(field, url)
    except ValidationError as error:
        assert error.code == QuestionnaireErrorCode.BAD_NETWORK_URL
    else:
        host_of = urlsplit(cleaned).hostname
        assert any(host_of == d or host_of.endswith("." + d) for d in domains) and path
