import pytest
from hypothesis import given
from hypothesis import strategies as st

from conoceles.core.text import clean, fold, is_not_applicable
from conoceles.imports.rows import header_key, parse_district_label


def test_fold_removes_accents_case_and_extra_spaces():
    assert fold("  José   MUÑOZ ") == "jose munoz"
    assert fold("Othón P. Blanco") == "othon p. blanco"
    assert fold(None) == ""


@given(st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))))
def test_fold_is_idempotent_and_clean_has_no_outer_spaces(text):
    assert fold(fold(text)) == fold(text)
    assert clean(text) == clean(text).strip()


@pytest.mark.parametrize("value", ["No aplica", " NO APLICA ", "n/a", "-", "", None])
def test_not_applicable_values(value):
    assert is_not_applicable(value)


@pytest.mark.parametrize("value", ["Na", "Nora", "0"])
def test_real_values_are_not_taken_for_empty(value):
    assert not is_not_applicable(value)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("15", (15, "")),
        ("15-CHETUMAL", (15, "Chetumal")),
        (" 03 - PLAYA DEL CARMEN ", (3, "Playa Del Carmen")),
        ("XV", (15, "")),
        ("IV", (4, "")),
        ("Distrito 7 Cancún", (7, "Cancún")),
        ("Chetumal", (None, "")),
    ],
)
def test_district_labels(label, expected):
    assert parse_district_label(label) == expected


def test_header_keys_ignore_case_accents_spaces_and_articles():
    assert header_key("ID_REGISTRO") == header_key(" Id de registro ") == header_key("id-registro")
    assert header_key("Acción afirmativa") == header_key("ACCION_AFIRMATIVA")
