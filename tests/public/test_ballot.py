"""Tu boleta por sección and the contest page: every contest of a sección's ballot, nothing of another district or
municipality, every registered fórmula by actor (the unpublished ones by name only); clear messages for what is not
a known sección."""

import re

import pytest
from django.urls import reverse

from conoceles.candidacies.models import Candidacy, Position, Sex
from conoceles.public.ballots import SHARD_SIZE, ballot_contests
from tests.factories import CandidacyFactory
from tests.public.profile_data import fill
from tests.public.test_search import candidate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_world")]


def ballot_url(client, seccion) -> str:
    """Where the form sends a known sección: its ballot's page."""
    response = client.get(reverse("public:ballot"), {"seccion": seccion})
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def ballot(client, seccion):
    """The page a sección's form ends on (its ballot, or the form with the error), with the contests of the whole
    entity put in from their fragments, as ballot.js does."""
    page = client.get(reverse("public:ballot"), {"seccion": seccion}, follow=True).content.decode()

    def fill_in(match):
        fragment = client.get(match.group(1))
        assert fragment.status_code == 200
        return match.group(0) + fragment.content.decode()

    return re.sub(r'<div data-contest-fragment="([^"]+)"[^>]*>', fill_in, page)


def contest_headings(page: str) -> list[str]:
    return re.findall(r'<h3 class="h4 text-break" id="contienda-\d+-titulo">([^<]+)</h3>', page)


def test_a_section_shows_every_contest_of_its_ballot_in_order_and_nothing_else(client, world):
    for key in world.contests:
        candidate(world, key, "PAN", first_name=f"Persona{key.replace('_', '')}")
    page = ballot(client, "101")  # district 15, Othón P. Blanco
    assert contest_headings(page) == [
        "Gubernatura",
        "Diputación local MR – Distrito 15 (Chetumal)",
        "Diputación local RP",
        "Presidencia municipal – Othón P. Blanco",
    ]
    for shown in ("PersonaGUB", "PersonaMR15", "PersonaRP", "PersonaPMOPB"):
        assert shown in page
    for absent in ("PersonaMR1 ", "PersonaPMBJ", "Distrito 1 (Cancún)", "Benito Juárez"):
        assert absent not in page
    assert "Othón P. Blanco · Distrito 15 – Chetumal" in page
    assert ballot_url(client, "101").endswith("?seccion=101")  # the page shows it (ballot.js)

    other = ballot(client, " 202 ")  # spaces are forgiven
    assert "PersonaMR1 " in other and "PersonaPMBJ" in other and "PersonaMR15" not in other


def test_candidacies_are_grouped_by_actor_and_formula(client, world):
    rp = world.contests["RP"]
    for actor, number in (("PT", 1), ("PAN", 2), ("PAN", 1)):
        candidate(world, "RP", actor, formula_number=number, first_name=f"Prop{actor}{number}")
        candidate(
            world,
            "RP",
            actor,
            formula_number=number,
            position=Position.ALTERNATE,
            sex=Sex.MAN,
            first_name=f"Supl{actor}{number}",
        )
    world.actors["PT"].order, world.actors["PAN"].order = 1, 2
    world.actors["PT"].save()
    world.actors["PAN"].save()
    page = client.get(reverse("public:contest", args=[rp.pk])).content.decode()
    order = list(dict.fromkeys(re.findall(r"(Prop|Supl)(PT|PAN)(\d)", page)))  # first mention of each
    assert order == [
        ("Prop", "PT", "1"),
        ("Supl", "PT", "1"),
        ("Prop", "PAN", "1"),
        ("Supl", "PAN", "1"),
        ("Prop", "PAN", "2"),
        ("Supl", "PAN", "2"),
    ]
    assert "Fórmula 2" in page and "Propietaria" in page and "Suplente" in page
    assert page.index("PT <span") < page.index("PAN <span")  # actors in their order


def test_every_registered_formula_is_on_the_ballot_unpublished_ones_by_name_only(client, world):
    candidate(world, "GUB", "PAN", first_name="Vigente")
    candidate(world, "GUB", "PT", first_name="Sustituida", status=Candidacy.Status.SUBSTITUTED)
    candidate(world, "GUB", "PT", first_name="Cancelada", status=Candidacy.Status.CANCELLED)
    pending = CandidacyFactory(
        contest=world.contests["GUB"], actor=world.actors["MORENA"], first_name="Sinvalidar", sex=Sex.WOMAN
    )
    fill(pending, professional_history="zqtrayectoriaoculta")
    page = ballot(client, "101")
    assert "Vigente" in page and "Sinvalidar" in page
    assert "Sustituida" not in page and "Cancelada" not in page
    item = page[page.index("Sinvalidar") - 600 : page.index("Sinvalidar") + 300]
    assert "Propietaria" in item and "Información aún no publicada" in item
    assert reverse("public:profile", args=[pending.pk]) not in page  # no link to an unpublished profile
    assert reverse("public:photo", args=[pending.pk]) not in page and "zqtrayectoriaoculta" not in page
    assert "Aún no hay candidaturas registradas en esta contienda" in page  # the other contests


def test_a_formula_whose_owner_is_unpublished_shows_both_people(client, world):
    owner = CandidacyFactory(contest=world.contests["MR15"], actor=world.actors["PAN"], first_name="Titularpendiente")
    alternate = candidate(world, "MR15", "PAN", position=Position.ALTERNATE, first_name="Suplentevisible")
    fragment = client.get(reverse("public:contest_fragment", args=[world.contests["MR15"].pk])).content.decode()
    assert fragment.index("Titularpendiente") < fragment.index("Suplentevisible")  # one fórmula, owner first
    assert fragment.count("Información aún no publicada") == 1
    assert reverse("public:profile", args=[alternate.pk]) in fragment
    assert reverse("public:profile", args=[owner.pk]) not in fragment
    page = client.get(reverse("public:contest", args=[world.contests["MR15"].pk])).content.decode()
    assert "Titularpendiente" in page and f'value="{owner.pk}"' not in page  # not offered for comparison
    assert "2 candidaturas registradas, de 1 actor político; 1 publicada." in page


def test_a_contest_outside_its_window_shows_names_only(client, world):
    candidate(world, "GUB", "PAN", first_name="Temprana")
    cargo = world.cargos["GUB"]
    cargo.publication_start = None
    cargo.save()
    page = ballot(client, "101")
    assert "Gubernatura" in page and "Información aún no publicada" in page  # her name, nothing else
    assert reverse("public:profile", args=[Candidacy.objects.get(first_name="Temprana").pk]) not in page


@pytest.mark.parametrize(
    "value,message",
    [
        ("", "Escribe el número de tu sección electoral para ver tu boleta."),
        ("   ", "Escribe el número de tu sección electoral para ver tu boleta."),
        ("12a", "La sección electoral es un número, por ejemplo 245."),
        ("-5", "La sección electoral es un número, por ejemplo 245."),
        ("²", "La sección electoral es un número, por ejemplo 245."),
        ("9999", "No encontramos la sección 9999 en Proceso Electoral Local Ordinario 2027."),
        ("99999999", "No encontramos la sección 99999999"),
    ],
)
def test_what_is_not_a_known_section_gets_a_clear_message(client, world, value, message):
    page = ballot(client, value)
    assert message in page and 'role="alert"' in page and 'aria-invalid="true"' in page
    assert not contest_headings(page)


def test_first_visit_shows_the_form_without_errors(client, world):
    page = client.get(reverse("public:ballot")).content.decode()
    assert 'name="seccion"' in page and 'inputmode="numeric"' in page and 'role="alert"' not in page
    assert 'for="id_seccion"' in page


def test_contest_page_has_the_compare_form(client, world):
    ana = candidate(world, "GUB", "PAN", first_name="Ana")
    bety = candidate(world, "GUB", "PT", first_name="Bety")
    page = client.get(reverse("public:contest", args=[world.contests["GUB"].pk])).content.decode()
    assert f'action="{reverse("public:compare")}"' in page
    assert f'name="c" value="{ana.pk}"' in page and f'name="c" value="{bety.pk}"' in page
    assert reverse("public:profile", args=[ana.pk]) in page
    assert "2 candidaturas registradas, de 2 actores políticos; 2 publicadas." in page


def test_contest_of_an_inactive_process_is_not_found(client, world):
    world.process.is_active = False
    world.process.save()
    assert client.get(reverse("public:contest", args=[world.contests["GUB"].pk])).status_code == 404


def test_no_private_data_on_the_ballot(client, world):
    candidate(world, "GUB", "PAN", private_email="privado@example.org")
    page = ballot(client, "101")
    assert "López Hernández" in page and "privado@example.org" not in page


def test_ballot_query_count_does_not_grow_with_candidacies(client, world, settings, django_assert_max_num_queries):
    settings.PUBLIC_CACHE_ENABLED = False  # measure the view, not the page cache
    for number in range(1, 31):
        candidate(world, "RP", "MORENA", formula_number=number, photo=f"photos/p{number}.jpg")
        candidate(world, "PM_OPB", "PT", formula_number=number)
    url = ballot_url(client, "102")
    with django_assert_max_num_queries(6):
        page = client.get(url).content.decode()
    assert page.count("Fotografía de ") == 0  # each contest is its own fragment
    with django_assert_max_num_queries(6):
        page = client.get(reverse("public:contest_fragment", args=[world.contests["RP"].pk])).content.decode()
    assert page.count("Fotografía de ") == 30
    with django_assert_max_num_queries(6):
        client.get(reverse("public:contest", args=[world.contests["RP"].pk]))


def test_secciones_with_the_same_contests_share_one_ballot_page(client, world):
    """101 and 102 vote on the same contests; 202 on others. The key is the contests' ids."""
    first, second, other = (ballot_url(client, n).split("?")[0] for n in ("101", "102", "202"))
    assert first == second != other
    key = first.rstrip("/").rsplit("/", 1)[1]
    section = world.process.sections.get(number=101)
    assert key == "-".join(str(c.pk) for c in sorted(ballot_contests(section), key=lambda c: c.pk))


def test_the_lookup_file_maps_each_section_to_its_ballot(client, world):
    keys = client.get(reverse("public:ballot_lookup", args=[0])).json()
    assert set(keys) == {str(s.number) for s in world.process.sections.all() if s.number < SHARD_SIZE}
    for number, key in keys.items():
        assert ballot_url(client, number).startswith(reverse("public:ballot_page", args=[key]))
    assert client.get(reverse("public:ballot_lookup", args=[7])).status_code == 404  # no sección there


@pytest.mark.parametrize("key", ["1", "0-1", "2-1", "1-1", "999999"])
def test_a_key_that_is_no_sections_ballot_is_not_found(client, world, key):
    assert client.get(reverse("public:ballot_page", args=[key])).status_code == 404


def test_a_ballot_of_other_contests_is_not_found(client, world):
    """Any set of contests but a sección's own: the ballot of 101 plus a contest of 202's."""
    section = world.process.sections.get(number=101)
    ids = sorted({c.pk for c in ballot_contests(section)} | {world.contests["PM_BJ"].pk})
    assert client.get(reverse("public:ballot_page", args=["-".join(map(str, ids))])).status_code == 404


def test_each_contest_of_a_ballot_is_a_link_that_its_fragment_fills_in(client, world):
    """A ballot page shows only the catalog (so a candidacy's change never rewrites the ballots that share its
    contest); each contest is a link to its page that ballot.js fills in from the contest's fragment."""
    candidate(world, "GUB", "PAN", first_name="Gobernadora")
    candidate(world, "MR15", "PAN", first_name="Diputada")
    page = client.get(ballot_url(client, "101")).content.decode()
    assert "Diputada" not in page and "Gobernadora" not in page
    for key, name in (("GUB", "Gobernadora"), ("MR15", "Diputada")):
        fragment_url = reverse("public:contest_fragment", args=[world.contests[key].pk])
        assert f'data-contest-fragment="{fragment_url}"' in page
        assert f'href="{reverse("public:contest", args=[world.contests[key].pk])}"' in page  # without JavaScript
        fragment = client.get(fragment_url).content.decode()
        assert name in fragment and "<html" not in fragment


def test_the_ballots_contests_fold_under_a_list_that_jumps_to_each(client, world):
    """19,000 px on a phone unfolded: each contest is a <details> (folds without JavaScript), its name the summary,
    and the list of contests at the top links to each."""
    page = client.get(ballot_url(client, "101")).content.decode()
    section = world.process.sections.get(number=101)
    contests = ballot_contests(section)
    jump = page[page.index('<nav aria-label="Contiendas de tu boleta">') :].split("</nav>")[0]
    for contest in contests:
        assert f'href="#contienda-{contest.pk}"' in jump
        assert re.search(
            rf'<details id="contienda-{contest.pk}" class="ballot-contest[^"]*">\s*'
            rf"<summary><h3[^>]*>{re.escape(contest.name)}</h3>",
            page,
        )


def test_the_compare_button_stays_on_screen_where_candidacies_are_picked(client, world):
    for actor in ("PAN", "PT"):
        candidate(world, "GUB", actor)
    page = client.get(reverse("public:contest", args=[world.contests["GUB"].pk])).content.decode()
    form = page[page.index("data-compare-picker") :].split("</form>")[0]
    assert '<div class="compare-picker-bar"><button type="submit" class="btn btn-primary" data-compare-count>' in form
    assert "conoceles/js/compare-picker.js" in page
    results = client.get(reverse("public:search"), {"cargo": world.cargos["GUB"].pk}).content.decode()
    assert "data-compare-picker" in results and "compare-picker-bar" in results and "compare-picker.js" in results
