"""The public profile of a fórmula (conoceles.public.profiles and /candidatura/<pk>/), its PDF and its photo."""

import itertools
import json
import re
import subprocess

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conoceles.candidacies.models import AffirmativeActionGroup as Group
from conoceles.candidacies.models import Candidacy, Position, Sex
from conoceles.public.catalog import group_yes_options
from conoceles.public.profiles import UNAVAILABLE, public_groups, public_profile
from conoceles.questionnaires.identity_catalog import NO, YES
from conoceles.questionnaires.models import DECLINE_LABEL, ConsentItem, IdentityQuestion
from conoceles.questionnaires.rubros import NOT_PROVIDED, RUBRO_NOT_PROVIDED
from conoceles.review.states import State
from tests.factories import CandidacyFactory, announce
from tests.public.profile_data import FULL, answer, consent, fill, publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_public_cache(settings):
    settings.PUBLIC_CACHE_ENABLED = False  # each request renders: what is asserted is what the view builds


@pytest.fixture
def owner(world):
    candidacy = CandidacyFactory(
        contest=world.contests["MR1"],
        actor=world.actors["SHH"],
        formula_number=1,
        first_name="María",
        last_name="López",
        second_last_name="Hernández",
        private_email="maria.privado@example.com",
    )
    fill(candidacy)
    publish(candidacy)
    return candidacy


@pytest.fixture
def alternate(world, owner):
    candidacy = CandidacyFactory(
        contest=owner.contest,
        actor=owner.actor,
        formula_number=1,
        position=Position.ALTERNATE,
        first_name="Rosa",
        last_name="Canul",
        second_last_name="Pech",
    )
    fill(candidacy, professional_history="Enfermera en el hospital general.")
    publish(candidacy)
    return candidacy


def page(client, candidacy):
    return client.get(reverse("public:profile", args=[candidacy.pk]))


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


# --------------------------------------------------------------------------------------------
# The projection
# --------------------------------------------------------------------------------------------


def test_profile_of_a_published_candidacy(owner, world):
    profile = public_profile(owner.pk)
    assert profile.name == "María López Hernández"
    assert profile.position_label == "Propietaria"
    assert profile.cargo == "Diputación local MR" and profile.contest == owner.contest.name
    assert profile.district == "Distrito 1 – Cancún"
    assert profile.actor.acronym == "SHH"
    assert profile.actor.members == (("MORENA", "Morena"), ("PT", "Partido del Trabajo"))
    assert profile.age == owner.age and profile.sex == "Mujer"
    assert profile.photo_url.startswith(reverse("public:photo", args=[owner.pk]) + "?v=")
    fields = {f.name: f for r in profile.rubros for f in r.fields}
    assert fields["proposal_1"].value == FULL["proposal_1"] and fields["proposal_1"].provided
    assert fields["x"].value == NOT_PROVIDED and not fields["x"].provided  # empty optional field
    assert all(r.available and not r.message for r in profile.rubros)


def test_unpublished_is_none(world):
    candidacy = CandidacyFactory(contest=world.contests["MR1"], actor=world.actors["PAN"])
    fill(candidacy)
    assert public_profile(candidacy.pk) is None  # not validated, no window
    publish(candidacy)
    assert public_profile(candidacy.pk) is not None
    Candidacy.objects.filter(pk=candidacy.pk).update(status=Candidacy.Status.CANCELLED)
    assert public_profile(candidacy.pk) is None
    assert public_profile(999_999) is None


def test_an_observed_rubro_shows_none_of_its_content(owner):
    publish(owner, {"proposals": State.OBSERVED, "general": State.OBSERVED})
    profile = public_profile(owner.pk)
    rubros = {r.code: r for r in profile.rubros}
    assert not rubros["proposals"].available and rubros["proposals"].fields == ()
    assert rubros["proposals"].message == UNAVAILABLE
    assert profile.photo_url == ""  # the photo belongs to "general"
    assert rubros["education"].available


def test_empty_rubro_says_not_provided(world):
    candidacy = CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"])
    fill(
        candidacy,
        photo=False,
        proposal_1="",
        proposal_2="",
        proposal_gender="",
        facebook="",
        website="",
        public_email="",
        public_phone="",
        campaign_address="",
    )
    publish(candidacy)
    rubros = {r.code: r for r in public_profile(candidacy.pk).rubros}
    assert rubros["proposals"].empty and rubros["proposals"].message == RUBRO_NOT_PROVIDED
    assert rubros["general"].empty  # no photo and no contact: nothing given
    assert not rubros["education"].empty


def test_a_published_candidacy_without_a_questionnaire_shows_every_rubro_not_provided(world, django_assert_num_queries):
    candidacy = CandidacyFactory(
        contest=world.contests["GUB"], actor=world.actors["PAN"], birth_date=None, declared_age=45
    )
    publish(candidacy)
    public_profile(candidacy.pk)  # the process's catalog is read once, then kept
    with django_assert_num_queries(2):  # the fórmula with its public rubros, their rows: no query per attribute
        profile = public_profile(candidacy.pk)
    assert profile.name == candidacy.full_name and profile.age == 45
    assert profile.contest == world.contests["GUB"].name and profile.cargo == world.contests["GUB"].cargo.name
    assert profile.photo_url == "" and all(r.empty for r in profile.rubros)


def test_status_not_applicable_for_sin_estudios(world):
    candidacy = CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"])
    fill(candidacy, education_level="Sin estudios", education_status="")
    publish(candidacy)
    fields = {f.name: f for r in public_profile(candidacy.pk).rubros for f in r.fields}
    assert fields["education_status"].value == "No aplica"


def test_formula_partner_shown_only_when_published(owner, alternate):
    assert public_profile(owner.pk).partner.pk == alternate.pk
    assert public_profile(alternate.pk).partner.pk == owner.pk
    publish(alternate)
    alternate.workflow.state = State.DRAFT
    alternate.workflow.save()
    assert public_profile(owner.pk).partner is None
    assert public_profile(alternate.pk) is None


def test_partner_of_another_formula_or_actor_is_not_mixed_in(owner, alternate, world):
    other = CandidacyFactory(
        contest=owner.contest, actor=world.actors["PAN"], formula_number=1, position=Position.ALTERNATE
    )
    publish(other)
    assert public_profile(owner.pk).partner.pk == alternate.pk


# --------------------------------------------------------------------------------------------
# Group badges (DOMAIN.md §6): every combination
# --------------------------------------------------------------------------------------------

ANSWERS = (YES, NO, DECLINE_LABEL, None)
CONSENTS = ("given", "refused", "given_then_refused", "refused_then_given", "absent", "only_statistics")
AFFIRMATIVE = ("same", "other", "none")


def test_public_groups_every_combination(world, django_assert_num_queries):
    group, other_group = Group.INDIGENOUS, Group.YOUTH
    cases = {}
    for number, (reply, consent_state, affirmative) in enumerate(itertools.product(ANSWERS, CONSENTS, AFFIRMATIVE)):
        candidacy = CandidacyFactory(
            contest=world.contests["RP"],
            actor=world.actors["PAN"],
            formula_number=number + 1,
            affirmative_action={"same": group, "other": other_group, "none": ""}[affirmative],
        )
        if reply is not None:
            answer(candidacy, group, reply)
        if consent_state == "given":
            consent(candidacy, True)
        elif consent_state == "refused":
            consent(candidacy, False)
        elif consent_state == "given_then_refused":
            consent(candidacy, True)
            consent(candidacy, False)
        elif consent_state == "refused_then_given":
            consent(candidacy, False)
            consent(candidacy, True)
        elif consent_state == "only_statistics":
            consent(candidacy, True, item=ConsentItem.STATISTICS)
            consent(candidacy, True, item=ConsentItem.PROCESSING)
        consented = consent_state in ("given", "refused_then_given")
        expected = set()
        if (reply == YES and consented) or affirmative == "same":
            expected.add(group)
        if affirmative == "other":
            expected.add(other_group)
        cases[candidacy.pk] = (candidacy, expected, (reply, consent_state, affirmative))
    group_yes_options()  # the group questions' «Sí» options, kept with the catalogs: read once per version
    with django_assert_num_queries(2):  # the Sí answers, then the consent in force of those who gave one
        shown = public_groups([c for c, _, _ in cases.values()])
    for pk, (_, expected, combination) in cases.items():
        assert set(shown[pk]) == expected, combination


def test_public_groups_one_query_when_nobody_answered_yes(world, django_assert_num_queries):
    candidacy = CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"])
    answer(candidacy, Group.LGBT, NO)
    consent(candidacy, True)
    group_yes_options()
    with django_assert_num_queries(1):
        assert public_groups([candidacy]) == {candidacy.pk: []}


def test_badges_follow_an_edited_group_question(world):
    """The «Sí» options of the group questions are kept with the catalogs; an announced edit of a question (every
    writer of one announces it, conoceles.changes) is seen by the next page."""
    candidacy = CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"])
    answer(candidacy, Group.LGBT, YES)
    consent(candidacy, True)
    assert public_groups([candidacy]) == {candidacy.pk: [Group.LGBT]}
    question = IdentityQuestion.objects.get(process=candidacy.process, group=Group.LGBT)
    question.group = ""
    question.save()
    announce(question)
    assert public_groups([candidacy]) == {candidacy.pk: []}
    question.group = Group.LGBT
    question.save()
    announce(question)
    assert public_groups([candidacy]) == {candidacy.pk: [Group.LGBT]}


def test_a_yes_without_consent_in_force_is_never_shown(world):
    candidacy = CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"])
    answer(candidacy, Group.LGBT, YES)
    assert public_groups([candidacy]) == {candidacy.pk: []}
    consent(candidacy, False)
    assert public_groups([candidacy]) == {candidacy.pk: []}
    consent(candidacy, True)
    assert public_groups([candidacy]) == {candidacy.pk: [Group.LGBT]}


def test_groups_in_the_norms_order_and_only_group_questions(world):
    candidacy = CandidacyFactory(
        contest=world.contests["GUB"], actor=world.actors["PAN"], affirmative_action=Group.ELDERLY
    )
    for group in (Group.MIGRANT, Group.INDIGENOUS, Group.LGBT):
        answer(candidacy, group, YES)
    consent(candidacy, True)
    assert public_groups([candidacy])[candidacy.pk] == [Group.INDIGENOUS, Group.LGBT, Group.MIGRANT, Group.ELDERLY]


# --------------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------------


def test_profile_page(client, owner, alternate):
    response = page(client, owner)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "María López Hernández" in html
    assert FULL["proposal_gender"] in html and FULL["political_trajectory"] in html
    assert "Rosa Canul Pech" in html and reverse("public:profile", args=[alternate.pk]) in html  # the fórmula
    assert "Enfermera" not in html  # the partner's rubros are on her own page
    assert 'alt="Fotografía de María López Hernández"' in html
    assert "responsabilidad del actor político" in html
    assert reverse("public:profile_pdf", args=[owner.pk]) in html
    assert f"{reverse('public:compare')}?c={owner.pk}" in html
    assert reverse("public:contest", args=[owner.contest_id]) in html
    assert "maria.privado@example.com" not in html


def test_each_value_is_escaped_and_shown_by_its_kind(client, world):
    candidacy = CandidacyFactory(contest=world.contests["MR1"], actor=world.actors["SHH"], formula_number=4)
    fill(
        candidacy,
        motivation='Servir <b>"siempre"</b>\r\ny escuchar.',
        proposal_2="",
        website='https://ejemplo.mx/?a=1&b="2"',
    )
    publish(candidacy)
    html = page(client, candidacy).content.decode()
    assert "Servir &lt;b&gt;&quot;siempre&quot;&lt;/b&gt;<br>y escuchar." in html and "<b>" not in html
    assert (
        '<a href="https://ejemplo.mx/?a=1&amp;b=&quot;2&quot;" rel="nofollow ugc noopener" class="text-break">'
        'https://ejemplo.mx/?a=1&amp;b=&quot;2&quot;</a>'
    ) in html
    assert f'<a href="mailto:{FULL["public_email"]}" class="text-break">{FULL["public_email"]}</a>' in html
    assert f'<a href="tel:9831234567">{FULL["public_phone"]}</a>' in html
    assert f'<span class="text-body-secondary">{NOT_PROVIDED}</span>' in html  # proposal_2 left empty
    # A field named like its rubro keeps its label for screen readers only.
    assert '<dt class="visually-hidden">¿Por qué quiere ocupar un cargo público?</dt>' in html
    assert "<dt>Propuesta 1</dt>" in html


def test_suplente_page_shows_the_same_formula(client, owner, alternate):
    html = page(client, alternate).content.decode()
    assert "Rosa Canul Pech" in html and "Enfermera en el hospital general." in html
    assert "María López Hernández" in html and reverse("public:profile", args=[owner.pk]) in html


def test_the_formula_and_place_read_in_the_persons_gender(client, owner, alternate):
    """«Fórmula 1, propietaria» for a woman (the sex of the registration), on the page and in the PDF."""
    assert "Fórmula 1, propietaria" in page(client, owner).content.decode()
    assert "Fórmula 1, suplente" in page(client, alternate).content.decode()
    owner.sex = "H"
    owner.save()
    announce(owner)
    assert "Fórmula 1, propietario" in page(client, owner).content.decode()
    pdf = " ".join(pdf_text(client.get(reverse("public:profile_pdf", args=[owner.pk])).content).split())
    assert "Fórmula 1, propietario" in pdf


def test_unpublished_profile_is_404(client, world):
    candidacy = CandidacyFactory(contest=world.contests["MR1"], actor=world.actors["PAN"])
    fill(candidacy)
    assert page(client, candidacy).status_code == 404
    assert client.get(reverse("public:profile_pdf", args=[candidacy.pk])).status_code == 404
    assert client.get(reverse("public:photo", args=[candidacy.pk])).status_code == 404


def test_observed_rubro_on_the_page(client, owner):
    publish(owner, {"proposals": State.OBSERVED, "general": State.OBSERVED})
    html = page(client, owner).content.decode()
    assert FULL["proposal_1"] not in html and FULL["website"] not in html
    assert UNAVAILABLE in html
    assert reverse("public:photo", args=[owner.pk]) not in html and "Sin fotografía" in html
    assert client.get(reverse("public:photo", args=[owner.pk])).status_code == 404


def test_substituted_url_points_to_the_substitute_and_says_nothing_else(client, owner, world):
    substitute = CandidacyFactory(
        contest=owner.contest,
        actor=owner.actor,
        formula_number=5,
        first_name="Lucía",
        last_name="Poot",
        second_last_name="May",
    )
    Candidacy.objects.filter(pk=owner.pk).update(status=Candidacy.Status.SUBSTITUTED)
    substitute.replaces = owner
    substitute.formula_number = 1
    substitute.save()
    response = page(client, owner)
    assert response.status_code == 404  # substitute not published yet
    fill(substitute)
    publish(substitute)
    response = page(client, owner)
    assert response.status_code == 410
    html = response.content.decode()
    assert "fue sustituida" in html and reverse("public:profile", args=[substitute.pk]) in html
    assert "Lucía Poot May" in html
    assert "María" not in html and "López" not in html and FULL["proposal_1"] not in html


def test_json_ld_person(client, owner):
    html = page(client, owner).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "Person" and data["name"] == "María López Hernández"
    assert data["url"] == f"http://testserver{reverse('public:profile', args=[owner.pk])}"
    assert data["image"].startswith(f"http://testserver{reverse('public:photo', args=[owner.pk])}")
    assert data["affiliation"]["alternateName"] == "SHH"
    assert "Propietaria" in data["jobTitle"]


def test_json_ld_cannot_close_its_script(client, world):
    candidacy = CandidacyFactory(
        contest=world.contests["GUB"], actor=world.actors["PAN"], first_name="</script><script>alert(1)</script>"
    )
    fill(candidacy)
    publish(candidacy)
    html = page(client, candidacy).content.decode()
    assert "<script>alert(1)" not in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["name"].startswith("</script><script>alert(1)</script>")


def test_group_badges_on_the_page(client, owner):
    answer(owner, Group.LGBT, YES)
    answer(owner, Group.MIGRANT, YES)
    html = page(client, owner).content.decode()
    assert Group.LGBT.label not in html and Group.MIGRANT.label not in html
    consent(owner, True)
    html = page(client, owner).content.decode()
    assert Group.LGBT.label in html and Group.MIGRANT.label in html
    consent(owner, False)  # she changed her mind
    assert Group.LGBT.label not in page(client, owner).content.decode()


def test_affirmative_action_badge_needs_no_consent(client, owner):
    Candidacy.objects.filter(pk=owner.pk).update(affirmative_action=Group.INDIGENOUS)
    html = page(client, owner).content.decode()
    assert Group.INDIGENOUS.label in html


def test_constant_number_of_queries(client, owner, alternate, world, django_assert_max_num_queries):
    for number in range(2, 12):  # more candidacies, answers and consents elsewhere change nothing
        other = CandidacyFactory(contest=owner.contest, actor=world.actors["PAN"], formula_number=number)
        fill(other)
        publish(other)
        answer(other, Group.YOUTH, YES)
        consent(other, True)
    answer(owner, Group.YOUTH, YES)
    consent(owner, True)
    page(client, alternate)  # the first page reads the process's catalog (conoceles.public.catalog) and keeps it
    # Which of the fórmula the gate lets through with their public rubros (SQL compiled once a day), their rows, the
    # Sí answers and the consent in force.
    with django_assert_max_num_queries(4):
        response = page(client, owner)
    assert response.status_code == 200 and Group.YOUTH.label in response.content.decode()

def test_postgresql_prepares_the_formula_query_a_worker_repeats(client, owner, alternate):
    """With the production settings (DB_PREPARED_STATEMENTS on), PostgreSQL plans the fórmula query, the gate's
    six tables, once per connection instead of on every profile. SQLite keeps its own statement cache."""
    for _ in range(3):
        assert page(client, owner).status_code == 200 and page(client, alternate).status_code == 200
    if connection.vendor != "postgresql":
        assert "server_side_binding" not in connection.settings_dict["OPTIONS"]
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('"formula_number" =' in sql and '"review_candidacyworkflow"' in sql for sql in prepared), prepared



# --------------------------------------------------------------------------------------------
# PDF and photo
# --------------------------------------------------------------------------------------------


def test_profile_pdf(client, owner, alternate):
    response = client.get(reverse("public:profile_pdf", args=[owner.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    dated = f"maria-lopez-hernandez-{timezone.localdate().isoformat()}.pdf"  # her name, without accents; the day
    assert response["Content-Disposition"] == f'attachment; filename="{dated}"'
    profile_page = client.get(reverse("public:profile", args=[owner.pk])).content.decode()
    # The snapshot serves its kept PDF without that header: the link itself names the download.
    assert f'href="{reverse("public:profile_pdf", args=[owner.pk])}" download="{dated}"' in profile_page
    text = " ".join(pdf_text(response.content).split())
    assert "María López Hernández" in text and "Rosa Canul Pech" in text
    assert FULL["proposal_1"] in text and "Diputación local MR" in text
    assert NOT_PROVIDED in text  # the empty X (Twitter) field
    assert "responsabilidad del actor político" in text


def test_pdf_leaves_out_an_observed_rubro(client, owner):
    publish(owner, {"proposals": State.OBSERVED})
    text = " ".join(pdf_text(client.get(reverse("public:profile_pdf", args=[owner.pk])).content).split())
    assert FULL["proposal_1"] not in text and UNAVAILABLE in text


def test_photo_served_with_cache_headers(client, owner):
    url = public_profile(owner.pk).photo_url
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response.content[:3] == b"\xff\xd8\xff"
    assert "max-age=86400" in response["Cache-Control"] and "public" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again["ETag"] == etag


def test_photo_404_without_a_photo(client, world):
    candidacy = CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"], sex=Sex.MAN)
    fill(candidacy, photo=False)
    publish(candidacy)
    assert client.get(reverse("public:photo", args=[candidacy.pk])).status_code == 404
    assert "Sin fotografía" in page(client, candidacy).content.decode()
    assert public_profile(candidacy.pk).position_label == "Propietario"


def test_huge_pk_is_a_404(client, world):
    for name in ("profile", "profile_pdf", "photo"):
        assert client.get(reverse(f"public:{name}", args=[2**63 + 5])).status_code == 404
