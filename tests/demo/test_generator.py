"""The demo generator: deterministic rows in the import formats, of any size (a sample, natural or synthetic)."""

from collections import Counter, defaultdict
from collections.abc import Iterator

import pytest

from conoceles.demo import catalog_data
from conoceles.demo.candidacy_rows import COL, candidacy_rows, cargo_code, substitution_rows
from conoceles.demo.places import actor_rows, cargo_rows, contest_rows, geography_rows, synthetic_places
from conoceles.demo.sizes import DemoSize, max_candidacies

NAMES_TO_KEYS = {m.name: m.key for m in catalog_data.MUNICIPALITIES}


def _rows(batch):
    header, rows = batch
    return header, list(rows)


def test_the_generator_is_deterministic_for_a_seed():
    size = DemoSize.for_candidacies(3000, seed=7)
    first = [_rows(f(size)) for f in (geography_rows, candidacy_rows, substitution_rows)]
    again = [_rows(f(size)) for f in (geography_rows, candidacy_rows, substitution_rows)]
    assert first == again
    other = _rows(candidacy_rows(DemoSize.for_candidacies(3000, seed=8)))
    assert other != first[1]
    assert [r[COL["ID_REGISTRO"]] for r in other[1]] == [r[COL["ID_REGISTRO"]] for r in first[1][1]]


def test_headers_are_the_import_formats_columns():
    size = DemoSize.for_candidacies(60)
    assert geography_rows(size)[0] == [
        "SECCION",
        "DISTRITO",
        "CABECERA",
        "CLAVE_MUNICIPIO",
        "MUNICIPIO",
    ]
    assert cargo_rows()[0][0] == "CLAVE"
    assert contest_rows(size)[0] == ["CARGO", "DISTRITO", "MUNICIPIO", "CIRCUNSCRIPCION", "NOMBRE"]
    assert actor_rows()[0][:3] == ["SIGLAS", "NOMBRE", "TIPO"]
    header = candidacy_rows(size)[0]
    assert header[0] == "ID_REGISTRO" and "SUSTITUYE_A" in header and "NUM_LISTA_O_FORMULA" in header


def _contest_keys(size):
    keys = set()
    for cargo, district, municipality, _, _ in contest_rows(size)[1]:
        keys.add((cargo, district or None, municipality or None))
    return keys


def _candidacy_contest_key(row, names_to_keys):
    code = cargo_code(row[COL["CARGO"]])
    district = row[COL["DISTRITO"]].split("-")[0] if row[COL["DISTRITO"]] != "No aplica" else None
    municipality = row[COL["MUNICIPIO"]] if row[COL["MUNICIPIO"]] != "No aplica" else None
    return code, district, names_to_keys.get(municipality, municipality)


def test_5000_candidacies_are_exactly_5000_rows_with_unique_ids_in_existing_contests():
    size = DemoSize.for_candidacies(5000)
    assert size.synthetic_municipalities > 0
    header, rows = candidacy_rows(size)
    assert isinstance(rows, Iterator)
    rows = list(rows)
    assert len(rows) == 5000
    ids = [row[COL["ID_REGISTRO"]] for row in rows]
    assert len(set(ids)) == 5000
    assert all(i.startswith("QROO-2027-") and len(i) == len("QROO-2027-000123") for i in ids)

    contests = _contest_keys(size)
    names_to_keys = NAMES_TO_KEYS
    assert {_candidacy_contest_key(row, names_to_keys) for row in rows} <= contests
    synthetic = [row for row in rows if row[COL["MUNICIPIO"]].startswith("23") and row[COL["MUNICIPIO"]] > "23011"]
    assert synthetic

    # Geography of the scaled demo is still consistent: a sección's district holds its municipality.
    districts_of = defaultdict(set)
    for _, district, _, key, _ in geography_rows(size)[1]:
        districts_of[key.zfill(3)[-3:]].add(int(district.split("-")[0]))
    owners = defaultdict(set)
    for key, numbers in districts_of.items():
        for number in numbers:
            owners[number].add(key)
    assert len(districts_of) == 11 + size.synthetic_municipalities
    assert all(len(keys) == 1 for number, keys in owners.items() if number > 15)


def test_large_demos_reach_the_target_with_synthetic_municipalities_lazily():
    size = DemoSize.for_candidacies(200_000)
    assert size.capacity >= 200_000
    assert size.synthetic_municipalities <= 999 - 11
    assert 15 + size.synthetic_districts <= 32_767
    header, rows = candidacy_rows(size)
    assert isinstance(rows, Iterator)
    first = [next(rows) for _ in range(3)]
    assert first[0][COL["ID_REGISTRO"]] == "QROO-2027-000001"
    synthetic = next(synthetic_places(size))
    assert synthetic.key == "23012" and synthetic.name == "Municipio sintético 0012"
    with pytest.raises(ValueError):
        DemoSize.for_candidacies(max_candidacies() + 1)


def test_small_samples_spread_over_every_cargo_and_keep_formulas_whole():
    header, rows = _rows(candidacy_rows(DemoSize.for_candidacies(60)))
    assert len(rows) == 60
    cargos = Counter(cargo_code(row[COL["CARGO"]]) for row in rows)
    assert set(cargos) == {"GUB", "DIP_MR", "DIP_RP", "PM", "SIN", "REG"}
    names_to_keys = NAMES_TO_KEYS
    seats = Counter(
        (*_candidacy_contest_key(row, names_to_keys), row[COL["ACTOR"]], row[COL["NUM_LISTA_O_FORMULA"]])
        for row in rows
        if cargo_code(row[COL["CARGO"]]) != "GUB"
    )
    assert all(count == 2 for count in seats.values())
    geography = _rows(geography_rows(DemoSize.for_candidacies(60)))[1]
    assert len(geography) < 60

