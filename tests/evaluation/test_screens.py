"""The evaluation screens through the test client: the queue, the scoring page (its real form), «siguiente», the
rubric's configuration and who may use each."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from conoceles.accounts.models import Role
from conoceles.evaluation import services
from conoceles.evaluation.models import CandidacyScore, VariableScore
from tests.factories import make_user

from .helpers import validated


class _ScoreForm(HTMLParser):
    """What a browser would submit from #score-form: hidden inputs and checked radio buttons."""

    def __init__(self):
        super().__init__()
        self.data, self.inside = {}, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == "score-form"
        elif tag == "input" and self.inside and (
            attrs.get("type") == "hidden" or (attrs.get("type") == "radio" and "checked" in attrs)
        ):
            self.data[attrs["name"]] = attrs.get("value", "")


def submitted(html: str) -> dict:
    parser = _ScoreForm()
    parser.feed(html)
    return parser.data


@pytest.fixture
def rubric(world):
    return services.ensure_default_rubric(world.process)


@pytest.fixture
def reviewer_client(reviewer):
    client = Client()  # not pytest-django's `client`: staff_client is that one
    client.force_login(reviewer)
    return client


def _variable(rubric, label):
    return rubric.variables.get(label=label)


def test_scoring_page_preselects_suggestions_and_saves_the_persons_choice(world, rubric, reviewer_client, reviewer):
    candidacy = validated(world, texts={"education": {"other_training": ""}})
    url = reverse("evaluation:score", args=[candidacy.pk])
    page = reviewer_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Docente rural de 2005 a 2020" in html  # the rubro's text beside its variables
    assert html.count("sugerido") == 12  # one per variable with a measure
    assert not CandidacyScore.objects.exists()  # showing suggestions saves nothing
    data = submitted(html)
    training = _variable(rubric, "Describe otra formación")
    assert data[f"v{training.pk}"] == "0"  # suggested: nothing captured
    data[f"v{training.pk}"] = "1"  # the reviewer overrides it
    for variable in rubric.variables.filter(measure=""):
        data[f"v{variable.pk}"] = "1"
    response = reviewer_client.post(url, data)
    assert response.status_code == 302
    score = CandidacyScore.objects.get(candidacy=candidacy)
    assert score.complete and score.total == 100 and score.scored_by == reviewer
    answer = VariableScore.objects.get(score=score, variable=training)
    assert answer.changed and answer.met and answer.suggested is False
    again = reviewer_client.get(response.url).content.decode()
    assert "Calificación guardada: <strong>100 de 100</strong>" in again
    assert 'id="running-total" form="score-form">100<' in again


def test_without_javascript_the_server_applies_the_dependency_and_the_total(world, rubric, reviewer_client):
    candidacy = validated(world)
    url = reverse("evaluation:score", args=[candidacy.pk])
    data = {f"v{v.pk}": "1" for v in rubric.variables.all()}
    data[f"v{_variable(rubric, 'Explica por qué quiere ocupar el cargo dentro de los límites de extensión').pk}"] = "0"
    reviewer_client.post(url, data)
    assert CandidacyScore.objects.get(candidacy=candidacy).total == 88  # the first of «motivación» and its dependent
    page = reviewer_client.get(url).content.decode()
    assert "88 de 100" in page


def test_save_and_next_keeps_the_queue_filters(world, rubric, reviewer_client):
    first = validated(world, "MR1", "PAN")
    validated(world, "MR1", "MORENA")  # between them in the queue, but another actor
    third = validated(world, "MR15", "PAN")
    query = f"actor={world.actors['PAN'].pk}&scored=pending"
    page = reviewer_client.get(reverse("evaluation:score", args=[first.pk]) + "?" + query).content.decode()
    data = submitted(page)
    assert data["queue"] == f"scored=pending&actor={world.actors['PAN'].pk}"
    data["next"] = ""
    response = reviewer_client.post(reverse("evaluation:score", args=[first.pk]), data)
    assert response.status_code == 302
    assert response.url.startswith(reverse("evaluation:score", args=[third.pk]) + "?")
    assert f"actor={world.actors['PAN'].pk}" in response.url and "scored=pending" in response.url
    # at the end of the filtered queue: back to the queue, with its filters
    last = reviewer_client.get(reverse("evaluation:next", args=[third.pk]) + "?" + query)
    assert last.url.startswith(reverse("evaluation:queue") + "?")


def test_queue_counts_and_filters(world, rubric, reviewer_client, reviewer, django_assert_max_num_queries):
    scored = validated(world, "MR1", "PAN")
    pending = validated(world, "MR1", "MORENA")
    world.candidacy("MR15", "PT")  # in capture: not in the queue
    services.score_candidacy(scored, {v.pk: True for v in rubric.variables.all()}, by=reviewer)
    for contest in ("MR15", "GUB", "PM_BJ"):
        validated(world, contest, "PT")
    with django_assert_max_num_queries(15):
        html = reviewer_client.get(reverse("evaluation:queue")).content.decode()
    assert "1 de 5 calificadas" in html
    assert "100 / 100" in html
    html = reviewer_client.get(reverse("evaluation:queue") + "?scored=pending").content.decode()
    assert reverse("evaluation:score", args=[scored.pk]) + "?" not in html
    assert reverse("evaluation:score", args=[pending.pk]) + "?" in html


@pytest.mark.parametrize("role", [Role.PARTY, Role.CANDIDATE, Role.ANALYST])
def test_only_reviewers_and_the_administration_score(world, rubric, client, role):
    candidacy = validated(world)
    scope = {Role.PARTY: {"actor": candidacy.actor}, Role.CANDIDATE: {"candidacy": candidacy}}.get(role, {})
    client.force_login(make_user("alguien", role, **scope))
    assert client.get(reverse("evaluation:queue")).status_code == 403
    answers = {f"v{v.pk}": "1" for v in rubric.variables.all()}
    assert client.post(reverse("evaluation:score", args=[candidacy.pk]), answers).status_code == 403
    assert not CandidacyScore.objects.exists()


def test_only_the_administration_configures_the_rubric(world, rubric, reviewer_client, staff_client):
    assert reviewer_client.get(reverse("evaluation:rubric")).status_code == 403
    assert reviewer_client.post(reverse("evaluation:restore")).status_code == 403
    assert staff_client.get(reverse("evaluation:rubric")).status_code == 200


def _rubric_post(rubric, **changes):
    """The rubric's form as the page submits it, with `changes` {"<index>-<field>": value}."""
    variables = list(rubric.variables.order_by("pk"))
    data = {
        "name": rubric.name,
        "variables-TOTAL_FORMS": str(len(variables) + 1),
        "variables-INITIAL_FORMS": str(len(variables)),
        "variables-MIN_NUM_FORMS": "0",
        "variables-MAX_NUM_FORMS": "1000",
    }
    # the empty form at the end, as the browser sends it
    blank = {"rubro": "", "order": "1", "label": "", "description": "", "points_met": "", "points_not_met": "0"}
    data |= {f"variables-{len(variables)}-{name}": value for name, value in (blank | {"measure": ""}).items()}
    for i, v in enumerate(variables):
        for name in ("rubro", "order", "label", "description", "points_met", "points_not_met", "measure"):
            data[f"variables-{i}-{name}"] = str(getattr(v, name))
        data[f"variables-{i}-id"] = str(v.pk)
        data[f"variables-{i}-rubric"] = str(rubric.pk)
        if v.depends_on_first:
            data[f"variables-{i}-depends_on_first"] = "on"
    data.update({f"variables-{key}": value for key, value in changes.items()})
    return data


def test_rubric_config_saves_points_and_refuses_invalid_rubrics(world, rubric, staff_client):
    url = reverse("evaluation:rubric")
    assert staff_client.post(url, _rubric_post(rubric, **{"0-points_met": "10"})).status_code == 302
    assert rubric.variables.order_by("pk").first().points_met == 10
    response = staff_client.post(url, _rubric_post(rubric, **{"0-depends_on_first": "on"}))
    assert response.status_code == 400
    assert "no puede depender de sí misma" in response.content.decode()
    response = staff_client.post(url, _rubric_post(rubric, **{"1-points_not_met": "9"}))
    assert response.status_code == 400
    assert "«No cumple» no puede valer más puntos que «cumple»." in response.content.decode()
    assert rubric.variables.order_by("pk")[1].points_not_met == 0


def test_rubric_config_adds_and_removes_variables(world, rubric, staff_client):
    url = reverse("evaluation:rubric")
    n = rubric.variables.count()
    new = {f"{n}-rubro": "motivation", f"{n}-order": "3", f"{n}-label": "Menciona a la población"}
    new[f"{n}-points_met"] = "2"
    assert staff_client.post(url, _rubric_post(rubric, **new)).status_code == 302
    assert rubric.variables.count() == n + 1 and rubric.max_score == 102
    assert staff_client.post(url, _rubric_post(rubric, **{f"{n}-DELETE": "on"})).status_code == 302
    assert rubric.variables.count() == n


def test_once_scored_only_texts_change(world, rubric, staff_client, reviewer):
    services.score_candidacy(validated(world), {}, by=reviewer)
    url = reverse("evaluation:rubric")
    response = staff_client.post(url, _rubric_post(rubric, **{"0-points_met": "10"}))
    assert response.status_code == 400
    assert "Ya hay candidaturas calificadas" in response.content.decode()
    assert staff_client.post(url, _rubric_post(rubric, **{"0-label": "Fotografía reciente"})).status_code == 302
    assert rubric.variables.order_by("pk").first().label == "Fotografía reciente"


def test_restore_asks_first_then_restores(world, rubric, staff_client):
    first = rubric.variables.order_by("pk").first()
    first.points_met = 50
    first.save()
    page = staff_client.get(reverse("evaluation:restore"))
    assert "¿Restaurar la rúbrica predeterminada?" in page.content.decode()
    assert rubric.max_score == 146  # nothing restored by looking
    staff_client.post(reverse("evaluation:restore"))
    assert rubric.max_score == 100


def test_a_process_without_rubric_gets_the_default_from_the_config_screen(world, staff_client):
    assert "Crear la rúbrica predeterminada" in staff_client.get(reverse("evaluation:rubric")).content.decode()
    staff_client.post(reverse("evaluation:restore"))
    assert services.rubric_for(world.process).max_score == 100
