"""The catalogs the public pages keep (conoceles.public.catalog): read once per publication version, read again after
any announced change, and the same choices and labels as read from the database."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from conoceles.public.catalog import catalog, current_process
from conoceles.public.forms import SearchForm
from tests.factories import announce
from tests.public.test_search import candidate, names

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_world")]


@pytest.fixture(autouse=True)
def _no_public_cache(settings):
    settings.PUBLIC_CACHE_ENABLED = False  # each request renders: what is counted is what the view does


def search(client, **params):
    return client.get(reverse("public:search"), params)


def options(response, name: str) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of the <select name=`name`>."""
    html = response.content.decode()
    select = re.search(rf'<select[^>]* name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [
        (value, label, bool(selected))
        for value, selected, label in re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)
    ]


def test_a_search_reads_the_catalogs_once_and_then_only_the_results(client, world, django_assert_num_queries):
    candidate(world, "MR1", "MORENA", first_name="Ana")
    params = {"cargo": world.cargos["DIP_MR"].pk, "actor": world.actors["MORENA"].pk, "distrito": 1}
    search(client, **params)  # reads the process and the catalogs it needs (its cargos, actors, distritos...)
    # Every filter, a party's alliances and a distrito's number included: the page of ids, its cards and their public
    # rubros; on SQLite first the name's words in the full-text index.
    with django_assert_num_queries(3 + (connection.vendor == "sqlite")):
        response = search(client, q="ana", **params)
    assert names(response) == ["Ana López Hernández"]


def test_an_announced_change_is_on_the_next_page(client, world):
    ana = candidate(world, "MR1", "MORENA", first_name="Ana")
    assert ("", "Todos", True) in options(search(client), "municipio")
    municipality = world.municipalities["23005"]
    municipality.name = "Cancún"
    municipality.save()
    actor = world.actors["MORENA"]
    actor.name = "Movimiento de Regeneración"
    actor.save()
    announce(municipality, actor)
    response = search(client, municipio=municipality.pk)
    assert (str(municipality.pk), "Cancún", True) in options(response, "municipio")
    assert (str(actor.pk), "MORENA – Movimiento de Regeneración", False) in options(response, "actor")
    profile = client.get(reverse("public:profile", args=[ana.pk])).content.decode()
    assert "Movimiento de Regeneración" in profile


def test_the_choices_are_those_of_the_database_escaped_and_marked(client, world):
    municipality = world.municipalities["23004"]
    municipality.name = 'Othón "P." <Blanco> & Co'
    municipality.save()
    announce(municipality)
    response = search(client, municipio=municipality.pk, grado="Licenciatura")
    municipios = options(response, "municipio")
    assert municipios[0] == ("", "Todos", False)
    assert (str(municipality.pk), "Othón &quot;P.&quot; &lt;Blanco&gt; &amp; Co", True) in municipios
    assert [selected for _, _, selected in municipios].count(True) == 1
    assert ("Licenciatura", "Licenciatura", True) in options(response, "grado")
    process = world.process
    form = SearchForm({}, process)
    assert list(form.fields["cargo"].choices)[1:] == list(
        process.cargos.order_by("order", "name").values_list("pk", "name")
    )
    assert '<optgroup label="Coalición">' in str(form["actor"])


def test_the_party_finds_its_coalitions_candidacies(world):
    kept = catalog(world.process)
    morena, pt, shh = (world.actors[acronym].pk for acronym in ("MORENA", "PT", "SHH"))
    assert kept.alliances[morena] == [morena, shh] and kept.alliances[pt] == [pt, shh]
    assert kept.alliances[shh] == [shh]


def test_the_current_process_is_kept_until_a_change(world, django_assert_num_queries):
    assert current_process() == world.process
    with django_assert_num_queries(0):
        assert current_process() == world.process
    world.process.is_active = False
    world.process.save()
    announce(world.process)
    assert current_process() is None


def test_the_districts_are_read_in_one_query_however_many(world, django_assert_num_queries):
    """Each row of a related manager's query gets its process set, which would read a deferred column one row at a
    time: 13,329 queries, 8 s, for the first profile after each publication at 200,000 candidacies."""
    from conoceles.elections.models import District

    for number in range(100, 130):
        District.objects.create(process=world.process, number=number, head_town=f"Cabecera {number}")
    kept = catalog(world.process)
    with django_assert_num_queries(1):
        districts = kept.districts
        labels = {str(district) for district in districts.values()}
    assert "Distrito 129 – Cabecera 129" in labels and len(districts) == District.objects.count()
