"""Búsqueda de candidaturas (DOMAIN.md §8): name without accents, every filter, ordering, pages, htmx and no-JS,
and the publication gate: nothing unpublished, no data of a rubro that is not public (not even through a filter)."""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from conoceles.candidacies.models import Candidacy
from conoceles.public.search import MAX_RESULTS, search
from conoceles.questionnaires.models import CurricularQuestionnaire
from conoceles.questionnaires.rubros import RUBROS
from conoceles.review.models import CandidacyWorkflow, PublicationEntry, RubroState
from conoceles.review.search_index import name_matches
from conoceles.review.states import State
from tests.factories import CandidacyFactory, ProcessFactory, announce

pytestmark = pytest.mark.django_db
# Tests on `world` mark `usefixtures("open_world")`: its windows open, as published candidacies need. Not module-wide,
# as test_without_a_process_the_page_says_so needs an empty database.

ELECTION_DAY = datetime.date(2027, 6, 6)  # tests.factories.ProcessFactory


def publish(candidacy, *, observed=(), education_level="Licenciatura", photo=""):
    """Make `candidacy` public the way the review workflow leaves it: validated, with every rubro validated except
    those in `observed`, and a curricular questionnaire."""
    CurricularQuestionnaire.objects.create(candidacy=candidacy, education_level=education_level, photo=photo)
    CandidacyWorkflow.objects.create(candidacy=candidacy, state=State.VALIDATED)
    for r in RUBROS:
        RubroState.objects.create(
            candidacy=candidacy, rubro=r.code, state=State.OBSERVED if r.code in observed else State.VALIDATED
        )
    announce(candidacy)
    return candidacy


def candidate(world, contest="GUB", actor="PAN", *, photo="", education_level="Licenciatura", **fields):
    """A published candidacy of `world` (its fields as CandidacyFactory's keywords)."""
    c = CandidacyFactory(contest=world.contests[contest], actor=world.actors[actor], **fields)
    return publish(c, photo=photo, education_level=education_level)


def get(client, **params):
    return client.get(reverse("public:search"), params)


def names(response) -> list[str]:
    """The names on the result cards, in order."""
    return re.findall(r'<h3 class="h6[^"]*"><a href="[^"]+">([^<]+)</a>', response.content.decode())


@pytest.mark.usefixtures("open_world")
def test_name_without_accents_or_capitals_finds_the_name_with_them(client, world):
    candidate(world, first_name="José", last_name="Muñoz", second_last_name="Pérez")
    candidate(world, actor="PT", first_name="Josefina", last_name="Ramírez", second_last_name="")
    assert names(get(client, q="jose munoz")) == ["José Muñoz Pérez"]
    assert names(get(client, q="JOSÉ  MUÑOZ")) == ["José Muñoz Pérez"]
    assert names(get(client, q="jose")) == ["José Muñoz Pérez", "Josefina Ramírez"]  # ordered by name
    assert names(get(client, q="zapata")) == []


@pytest.mark.usefixtures("open_world")
def test_the_result_card_says_who_where_and_for_whom(client, world):
    c = candidate(world, contest="MR1", actor="MORENA", first_name="Ana", last_name="Díaz", photo="photos/abc123.jpg")
    page = get(client).content.decode()
    assert reverse("public:profile", args=[c.pk]) in page
    assert f"{reverse('public:photo', args=[c.pk])}?v=abc123" in page and 'alt="Fotografía de Ana Díaz' in page
    assert "Diputación local MR – Distrito 1 (Cancún)" in page
    place = "Propietaria" if c.formula_number == 1 else f"Fórmula {c.formula_number}, propietaria"
    assert f'<p class="small mb-1">{place}</p>' in page
    assert '<abbr title="Morena">MORENA</abbr>' in page and "background-color:#A3102B" in page
    assert "Estudios: Licenciatura" in page
    assert f'name="c" value="{c.pk}"' in page and f'action="{reverse("public:compare")}"' in page
    assert "1 candidatura encontrada" in page


@pytest.mark.usefixtures("open_world")
def test_the_result_card_escapes_every_value(client, world):
    """The card is built in Python (conoceles.public.search.cards_html): names, contest and actor come out as text."""
    c = candidate(world, first_name='Ana <b onmouseover="x()">', last_name="O'Díaz & Hijas", education_level="<i>Doc")
    world.actors["PAN"].name = 'Acción "Nacional" <script>'
    world.actors["PAN"].save()
    announce(c)
    page = get(client, q="ana").content.decode()
    assert "<b onmouseover" not in page and '"Nacional" <script>' not in page and "<i>Doc" not in page
    assert "Ana &lt;b onmouseover=&quot;x()&quot;&gt; O&#x27;Díaz &amp; Hijas" in page
    assert '<abbr title="Acción &quot;Nacional&quot; &lt;script&gt;">' in page
    assert "Estudios: &lt;i&gt;Doc" in page
    assert '<span class="visually-hidden">a Ana &lt;b onmouseover' in page


@pytest.mark.usefixtures("open_world")
@pytest.mark.parametrize(
    "params,expected",
    [
        ({"cargo": "DIP_MR"}, {"Beto", "Carla"}),
        ({"actor": "PAN"}, {"Ana", "Beto"}),
        ({"actor": "MORENA"}, {"Carla", "Dora"}),  # Dora's coalition counts for its member party
        ({"actor": "SHH"}, {"Dora"}),
        ({"distrito": 1}, {"Beto"}),
        ({"distrito": 15, "sexo": "M"}, {"Carla"}),
        ({"municipio": "23004"}, {"Dora"}),
        ({"grado": "Maestría"}, {"Beto", "Dora"}),
        ({"edad": "18-29"}, {"Carla"}),
        ({"edad": "30-39"}, {"Beto"}),
        ({"edad": "60+"}, {"Dora"}),
        ({"sexo": "H"}, {"Beto"}),
        ({"accion": "cualquiera"}, {"Carla", "Dora"}),
        ({"accion": "youth"}, {"Carla"}),
        ({"cargo": "DIP_MR", "sexo": "M"}, {"Carla"}),
        ({"actor": "PAN", "grado": "Maestría", "edad": "30-39"}, {"Beto"}),
        ({"actor": "MORENA", "accion": "elderly", "municipio": "23004"}, {"Dora"}),
        ({"q": "carla", "cargo": "GUB"}, set()),
    ],
)
def test_each_filter_and_their_combinations(client, world, params, expected):
    # Ages on election day (2027-06-06): Ana 47, Beto 30 (birthday on election day), Carla 29 (one day short of
    # 30), Dora declared 61.
    candidate(world, "GUB", "PAN", first_name="Ana", birth_date=datetime.date(1980, 1, 1))
    beto = candidate(world, "MR1", "PAN", first_name="Beto", sex="H", birth_date=datetime.date(1997, 6, 6))
    candidate(
        world, "MR15", "MORENA", first_name="Carla", birth_date=datetime.date(1997, 6, 7), affirmative_action="youth"
    )
    dora = candidate(
        world, "PM_OPB", "SHH", first_name="Dora", birth_date=None, declared_age=61, affirmative_action="elderly"
    )
    for questionnaire in CurricularQuestionnaire.objects.filter(candidacy__in=[beto, dora]):
        questionnaire.education_level = "Maestría"
        questionnaire.save()
    announce(beto, dora)
    ids = {
        "cargo": {k: c.pk for k, c in world.cargos.items()},
        "actor": {k: a.pk for k, a in world.actors.items()},
        "municipio": {k: m.pk for k, m in world.municipalities.items()},
    }
    query = {key: ids[key][value] if key in ids else value for key, value in params.items()}
    found = {name.split()[0] for name in names(get(client, **query))}
    assert found == expected


@pytest.mark.usefixtures("open_world")
def test_age_range_matches_the_age_the_profile_shows(client, world):
    """The SQL bounds agree with Candidacy.age at both edges of every range."""
    for birth in (datetime.date(1997, 6, 6), datetime.date(1997, 6, 7), datetime.date(1967, 6, 6)):
        candidate(world, "RP", "PAN", formula_number=birth.day + birth.year, birth_date=birth, first_name=str(birth))
    for value, youngest, oldest in [("18-29", 18, 29), ("30-39", 30, 39), ("60+", 60, 200)]:
        found = set(names(get(client, edad=value)))
        expected = {c.full_name for c in Candidacy.objects.all() if youngest <= c.age <= oldest}
        assert found == expected


@pytest.mark.usefixtures("open_world")
def test_a_filter_value_that_does_not_exist_is_ignored_with_a_notice(client, world):
    candidate(world, first_name="Ana")
    response = get(client, cargo="999999", sexo="Z")
    assert names(response) == ["Ana López Hernández"]
    assert "Ignoramos este filtro" in response.content.decode()


@pytest.mark.usefixtures("open_world")
def test_observed_education_is_neither_shown_nor_filterable(client, world):
    candidate(world, first_name="Visible", education_level="Doctorado")
    hidden = publish(
        CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PT"], first_name="Observada"),
        observed={"education"},
        education_level="Doctorado",
    )
    assert names(get(client, grado="Doctorado")) == ["Visible López Hernández"]
    page = get(client, q="observada").content.decode()
    assert names(get(client, q="observada")) == ["Observada López Hernández"]  # the candidacy itself is public
    assert "Doctorado" not in page.split('id="resultados"')[-1]
    assert reverse("public:profile", args=[hidden.pk]) in page


@pytest.mark.usefixtures("open_world")
def test_observed_general_rubro_hides_the_photo(client, world):
    c = publish(
        CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"]),
        observed={"general"},
        photo="photos/secret.jpg",
    )
    page = get(client).content.decode()
    assert reverse("public:profile", args=[c.pk]) in page
    assert reverse("public:photo", args=[c.pk]) not in page and "Sin foto" in page


@pytest.mark.usefixtures("open_world")
def test_only_published_candidacies_appear(client, world):
    candidate(world, first_name="Publicada")
    candidate(world, actor="PT", first_name="Sustituida", status=Candidacy.Status.SUBSTITUTED)
    candidate(world, actor="MORENA", first_name="Cancelada", status=Candidacy.Status.CANCELLED)
    CandidacyFactory(contest=world.contests["MR1"], actor=world.actors["PAN"], first_name="Borrador")  # no workflow
    draft = CandidacyFactory(contest=world.contests["MR15"], actor=world.actors["PAN"], first_name="Encaptura")
    CandidacyWorkflow.objects.create(candidacy=draft, state=State.DRAFT)
    later = candidate(world, contest="PM_BJ", first_name="Fueradeventana")
    later.contest.cargo.publication_start = timezone.localdate() + datetime.timedelta(days=1)
    later.contest.cargo.save()
    assert names(get(client)) == ["Publicada López Hernández"]
    for hidden in ("sustituida", "cancelada", "borrador", "encaptura", "fueradeventana"):
        assert names(get(client, q=hidden)) == []


@pytest.mark.usefixtures("open_world")
def test_another_process_is_not_searched(client, world):
    candidate(world, first_name="Actual")
    other = ProcessFactory(is_active=False, election_day=datetime.date(2030, 6, 2))
    old = CandidacyFactory(contest__cargo__process=other, first_name="Archivada")
    old.contest.cargo.publication_start = timezone.localdate() - datetime.timedelta(days=1)
    old.contest.cargo.save()
    publish(old)
    assert names(get(client)) == ["Actual López Hernández"]


@pytest.mark.usefixtures("open_world")
def test_pages_and_orderings(client, world):
    births = {"Zoe": 1990, "Ana": 1960, "Luz": 2000}
    for number, (first, year) in enumerate(births.items(), start=1):
        candidate(world, "RP", "PAN", formula_number=number, first_name=first, birth_date=datetime.date(year, 1, 1))
    for number in range(4, 25):
        candidate(world, "RP", "PT", formula_number=number, first_name=f"Nombre{number:02d}")
    candidate(world, "GUB", "MORENA", first_name="Xochitl")
    first = get(client)
    assert len(names(first)) == 20 and names(first)[0].startswith("Ana")
    assert "25 candidaturas encontradas · página 1 de 2" in first.content.decode()
    second = get(client, pagina=2)
    assert len(names(second)) == 5 and not set(names(first)) & set(names(second))
    assert names(second)[-1].startswith("Zoe")
    link = re.search(r'href="([^"]*pagina=2[^"]*)"', get(client, sexo="M").content.decode()).group(1)
    assert "sexo=M" in link.replace("&amp;", "&"), "the next page keeps the filters"

    assert names(get(client, orden="cargo"))[0].startswith("Xochitl")  # Gubernatura comes first on the ballot
    by_age = [n.split()[0] for n in names(get(client, orden="edad", actor=world.actors["PAN"].pk))]
    assert by_age == ["Luz", "Zoe", "Ana"]
    by_age_desc = [n.split()[0] for n in names(get(client, orden="-edad", actor=world.actors["PAN"].pk))]
    assert by_age_desc == ["Ana", "Zoe", "Luz"]


@pytest.mark.usefixtures("open_world")
def test_full_page_without_javascript_and_fragment_for_htmx(client, world, settings):
    # The view's own answers; the public page cache is switched off so that each request reaches the view.
    settings.PUBLIC_CACHE_ENABLED = False
    candidate(world, first_name="Ana")
    full = get(client, q="ana").content.decode()
    assert "<html" in full and '<form id="buscar" method="get"' in full and 'action="/buscar/"' in full
    assert "<fieldset>" in full and "<legend" in full and '<label class="form-label small mb-1" for="id_cargo">' in full
    assert 'hx-get="/buscar/"' in full and 'hx-target="#resultados"' in full and 'hx-push-url="true"' in full
    assert "htmx.min.js" in full and "<script>" not in full  # CSP: no inline script
    # Without JavaScript the answer is a new page: it shows the filters as they were submitted.
    chosen = get(client, actor=world.actors["MORENA"].pk, edad="30-39", distrito=15, q="ana").content.decode()
    assert f'<option value="{world.actors["MORENA"].pk}" selected>MORENA – Morena</option>' in chosen
    assert '<optgroup label="Coalición"><option value="' in chosen
    assert '<option value="30-39" selected>' in chosen and 'value="15"' in chosen and 'value="ana"' in chosen

    fragment = client.get(reverse("public:search"), {"q": "ana"}, headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert "<html" not in body and '<form id="buscar"' not in body
    assert names(fragment) == ["Ana López Hernández"] and "1 candidatura encontrada" in body
    assert "HX-Request" in fragment["Vary"]
    restore = client.get(
        reverse("public:search"), {"q": "ana"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.content.decode()


@pytest.mark.usefixtures("open_world")
def test_empty_state_gives_advice(client, world):
    page = get(client, q="nadie").content.decode()
    assert "0 candidaturas encontradas" in page
    assert "No encontramos candidaturas con esos criterios" in page and reverse("public:ballot") in page


def test_without_a_process_the_page_says_so(client):
    page = client.get(reverse("public:search")).content.decode()
    assert "Aún no hay un proceso electoral publicado" in page


@pytest.mark.usefixtures("open_world")
def test_no_private_data_on_the_results(client, world):
    c = candidate(world, private_email="privado@example.org")
    world.actors["PAN"].contact_email = "enlace@pan.example"
    world.actors["PAN"].save()
    page = get(client).content.decode()
    assert reverse("public:profile", args=[c.pk]) in page
    assert "privado@example.org" not in page and "enlace@pan.example" not in page


@pytest.mark.usefixtures("open_world")
def test_query_count_does_not_grow_with_results(client, world, settings, django_assert_max_num_queries):
    settings.PUBLIC_CACHE_ENABLED = False  # measure the view, not the page cache
    for number in range(1, 41):
        candidate(world, "RP", "MORENA", formula_number=number, photo=f"photos/p{number}.jpg")
    # 11: the footer asks once per publication version whether the archive of earlier processes lists any
    with django_assert_max_num_queries(11):
        response = get(client, q="maria", grado="Licenciatura", edad="40-49", orden="edad")
    assert len(names(response)) == 20
    with django_assert_max_num_queries(10):
        client.get(reverse("public:search"), {"pagina": 2}, headers={"HX-Request": "true"})


@pytest.mark.usefixtures("open_world")
def test_a_broad_search_offers_the_first_results_and_says_there_are_more(client, world, monkeypatch):
    monkeypatch.setattr("conoceles.public.search.PAGE_SIZE", 2)
    monkeypatch.setattr("conoceles.public.search.MAX_RESULTS", 3)
    for number, first in enumerate(["Ana", "Bea", "Cira", "Dora", "Eva"], start=1):
        candidate(world, "RP", "PAN", formula_number=number, first_name=first)
    first = get(client).content.decode()
    assert "Más de 3 candidaturas encontradas · página 1 de 2" in first and "Se muestran las primeras 3" in first
    assert [n.split()[0] for n in names(get(client, pagina=2))] == ["Cira"]
    assert [n.split()[0] for n in names(get(client, pagina=9))] == ["Cira"]  # past the end: the last page
    narrow = get(client, q="ra").content.decode()  # Cira, Dora
    assert (
        "2 candidaturas encontradas" in narrow and "Más de" not in narrow and "Se muestran las primeras" not in narrow
    )


@pytest.mark.usefixtures("open_world")
def test_age_order_mixes_birth_dates_and_declared_ages_exactly(client, world):
    people = [
        ("Bd29", {"birth_date": datetime.date(1997, 6, 7)}),  # 29 on election day
        ("Bd30", {"birth_date": datetime.date(1997, 6, 6)}),  # 30, birthday on election day
        ("Bd30b", {"birth_date": datetime.date(1996, 6, 7)}),  # 30, almost 31
        ("Dec30", {"birth_date": None, "declared_age": 30}),
        ("Dec31", {"birth_date": None, "declared_age": 31}),
        ("Dec18", {"birth_date": None, "declared_age": 18}),
        ("Bd70", {"birth_date": datetime.date(1957, 1, 1)}),
    ]
    for number, (first, fields) in enumerate(people, start=1):
        candidate(world, "RP", "PAN", formula_number=number, first_name=first, **fields)
    ages = {c.first_name: c.age for c in Candidacy.objects.all()}
    youngest_first = [n.split()[0] for n in names(get(client, orden="edad"))]
    assert [ages[n] for n in youngest_first] == sorted(ages.values())
    assert youngest_first[0] == "Dec18" and youngest_first[-1] == "Bd70"
    oldest_first = [n.split()[0] for n in names(get(client, orden="-edad"))]
    assert [ages[n] for n in oldest_first] == sorted(ages.values(), reverse=True)


# --------------------------------------------------------------------------------------------
# The index query: what the database can answer from the publication index's indexes
# --------------------------------------------------------------------------------------------


def index_query(world, **criteria):
    return search(world.process, criteria).values_list("pk", flat=True)[: MAX_RESULTS + 1]


@pytest.mark.usefixtures("open_world")
def test_a_scan_tests_the_names_words_before_the_window(world, monkeypatch):
    """SQLite tests the conditions as written: the words, which reject most rows, before the window every row passes
    (when the name is too common to be looked up in the full-text index)."""
    monkeypatch.setattr("conoceles.public.search.name_matches", lambda words, most: None)
    sql = str(index_query(world, q="ana lopez", sexo="M").query)
    assert sql.index("search_name") < sql.index('"sex"') < sql.index('"process_id"') < sql.index('"starts"')


@pytest.mark.usefixtures("open_world")
def test_sqlite_finds_a_names_words_in_its_full_text_index_kept_by_the_entries(client, world, monkeypatch):
    """SQLite looks the words of 3 letters or more up in the full-text index that triggers keep in step with the
    entries; past NAME_MATCHES_LISTED it scans in name order instead. PostgreSQL has its trigram index instead."""
    jose = candidate(world, first_name="José", last_name="Muñoz", second_last_name="Pérez")
    josefina = candidate(world, actor="PT", first_name="Josefina", last_name="Ramírez", second_last_name="")
    if connection.vendor != "sqlite":
        assert name_matches(["jose"], 10) is None
        return
    assert sorted(name_matches(["jose"], 10)) == sorted([jose.pk, josefina.pk])
    assert name_matches(["jose", "munoz"], 10) == [jose.pk]
    assert name_matches(["jose"], 1) is None  # more than asked for: the scan in name order
    assert name_matches(["jo"], 10) is None  # no trigram in a 2-letter word
    PublicationEntry.objects.filter(pk=jose.pk).update(search_name="jose tonatiuh perez")
    assert name_matches(["munoz"], 10) == [] and name_matches(["tonatiuh"], 10) == [jose.pk]
    PublicationEntry.objects.filter(pk=josefina.pk).delete()
    assert name_matches(["jose"], 10) == [jose.pk]
    assert names(get(client, q="tonat")) == ["José Muñoz Pérez"]
    monkeypatch.setattr("conoceles.public.search.NAME_MATCHES_LISTED", 0)  # "too many": the scan finds the same
    assert names(get(client, q="tonat")) == ["José Muñoz Pérez"]


def test_each_condition_that_picks_many_rows_has_its_index(db):
    """On PostgreSQL, with scans in an index's order and whole-table scans off, a bitmap of the index that holds the
    condition is left: a name's fragment in the trigram index, and a party, a grado or a sex (each of many rows,
    together few, to be combined) in their own. On SQLite (no trigram index), the same three by their indexes."""
    explain = "EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "

    def plan(**condition) -> str:
        sql, params = PublicationEntry.objects.filter(**condition).values_list("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(explain + sql, params)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())

    if connection.vendor != "postgresql":
        assert "pub_by_actor" in plan(actor_id__in=[1, 2])
        assert "pub_by_education_level" in plan(education_level="Licenciatura")
        assert "pub_by_sex" in plan(sex="X")
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        assert "Bitmap Index Scan on publication_entry_name_trgm" in plan(search_name__contains="lopez")
        assert "Bitmap Index Scan on pub_by_actor" in plan(actor_id__in=[1, 2])
        assert "Bitmap Index Scan on pub_by_education_level" in plan(education_level="Licenciatura")
        assert "Bitmap Index Scan on pub_by_sex" in plan(sex="X")
