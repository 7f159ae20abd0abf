import pytest

from conoceles.accounts.models import Role, User
from tests.factories import CandidacyFactory, build_world


@pytest.fixture
def world(db):
    return build_world()


def make_user(username: str, role: str, email: str = "", **scope) -> User:
    return User.objects.create_user(username=username, password=None, role=role, email=email, **scope)


def candidacy_of(world, actor="PAN", contest="MR1", **kwargs):
    return CandidacyFactory(process=world.process, contest=world.contests[contest], actor=world.actors[actor], **kwargs)


@pytest.fixture
def candidacy(world):
    return candidacy_of(world, "PAN", first_name="Ana", last_name="Pech", private_email="ana@example.org")


@pytest.fixture
def party_user(candidacy):
    return make_user("enlace-pan", Role.PARTY, email="enlace@pan.example", actor=candidacy.actor)


@pytest.fixture
def candidate_user(candidacy):
    return make_user("c-ana", Role.CANDIDATE, candidacy=candidacy)
