"""Private data never reaches a public page (DOMAIN.md §6), whatever it contains.

Every URL of the public site is requested anonymously; no private contact datum of any candidacy or actor, and no
account datum, may appear in the answer. New public pages are covered automatically: the list comes from the URLconf.
"""

import pytest
from django.urls import URLPattern, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.questionnaires.models import IdentityQuestion
from conoceles.questionnaires.services import save_identity_answers, seed_identity_questions
from tests.factories import CandidacyFactory, build_world

pytestmark = pytest.mark.django_db


def public_urls() -> list[str]:
    """Every parameterless route of the public namespace."""
    resolver = get_resolver().namespace_dict["public"][1]
    return [
        reverse(f"public:{p.name}")
        for p in resolver.url_patterns
        if isinstance(p, URLPattern) and p.name and not p.pattern.converters
    ]


emails = st.emails().filter(lambda e: len(e) < 60)


secret_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=12, max_size=20)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(candidate_email=emails, actor_email=emails, account_email=emails, identity_detail=secret_words)
def test_no_private_or_sensitive_datum_on_any_public_page(
    client, candidate_email, actor_email, account_email, identity_detail
):
    from django.db import transaction

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        world = build_world()
        candidacy = CandidacyFactory(
            contest=world.contests["GUB"], actor=world.actors["PAN"], private_email=candidate_email
        )
        # A sensitive identity answer ("Otro: especifique" of the pueblo question), given without consent.
        candidate = create_account("candidata", Role.CANDIDATE, password=None, candidacy=candidacy)
        seed_identity_questions(world.process)
        pueblo = IdentityQuestion.objects.get(process=world.process, number=3)
        other = pueblo.options.get(requires_detail=True)
        save_identity_answers(candidacy, {pueblo.pk: ([other.pk], identity_detail)}, by=candidate)

        actor = world.actors["MORENA"]
        actor.contact_email = actor_email
        actor.save()
        create_account("enlace-morena", Role.PARTY, password=None, actor=actor, email=account_email)
        urls = public_urls()
        assert urls, "the public site has pages"
        for url in urls:
            page = client.get(url).content.decode().lower()
            for secret in (candidate_email, actor_email, account_email, "enlace-morena", identity_detail):
                assert secret.lower() not in page, f"{secret} leaked on {url}"
        raise Undo
