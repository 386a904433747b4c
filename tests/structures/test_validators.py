import pytest
from django.core.exceptions import ValidationError

from structures.demo import demo_siret
from structures.validators import (
    convention_number_matches,
    parse_convention_number,
    search_key,
    validate_convention_number,
    validate_naf,
    validate_siret,
)


def test_valid_siret_passes_with_or_without_spaces():
    validate_siret(demo_siret(12))
    validate_siret("732 829 320 00074")  # a published example that passes the Luhn check


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1234", "exactement 14 chiffres"),
        ("7328293200007A", "exactement 14 chiffres"),
        ("73282932000075", "clé de contrôle"),
    ],
)
def test_wrong_siret_gets_a_clear_french_message(value, message):
    with pytest.raises(ValidationError) as error:
        validate_siret(value)
    assert message in error.value.messages[0]


@pytest.mark.parametrize("value", ["8899B", "88.99B", "8899b"])
def test_naf_code_accepts_four_digits_and_a_letter(value):
    validate_naf(value)


@pytest.mark.parametrize("value", ["889B", "88999", "ABCDE", "8899BB"])
def test_naf_code_rejects_other_shapes(value):
    with pytest.raises(ValidationError, match="4 chiffres et une lettre"):
        validate_naf(value)


def test_convention_number_is_parsed_into_its_parts():
    assert parse_convention_number("ACI973190001A0M0") == {
        "kind": "ACI",
        "departement": "973",
        "year": "19",
        "number": "0001",
        "renewal": "0",
        "modification": "0",
    }
    assert parse_convention_number("EI14180012A1M2")["departement"] == "14"
    assert parse_convention_number("ETTI2A170003A0M1")["departement"] == "2A"


@pytest.mark.parametrize(
    "value",
    ["ACI97319001A0M0", "XYZ973190001A0M0", "ACI973190001", "ACI973190001A0", "ACI9731900011A0M0X"],
)
def test_malformed_convention_numbers_are_refused(value):
    with pytest.raises(ValidationError, match="ACI973190001A0M0"):
        validate_convention_number(value)


def test_convention_number_must_match_kind_and_year():
    assert convention_number_matches("ACI973190001A0M0", kind="ACI", year=2019) == []
    problems = convention_number_matches("AI973180001A0M0", kind="ACI", year=2019)
    assert len(problems) == 2


def test_search_key_ignores_accents_case_and_apostrophes():
    assert search_key("Régie de Quartier d’Évreux") == "regie de quartier d evreux"
    assert search_key("  ÉVREUX   bâtiment ") == "evreux batiment"
