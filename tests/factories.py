"""factory-boy factories for every model, `make_user` for accounts, and `build_world`: a small but realistic
election (the shared `world` fixture, tests/fixtures/world.py)."""

import datetime
from dataclasses import dataclass

import factory
from django.utils import timezone

from conoceles.accounts.models import User
from conoceles.candidacies.models import Candidacy, Position, Sex
from conoceles.changes import Reason, rows_changed
from conoceles.elections.models import (
    Cargo,
    Contest,
    District,
    ElectoralProcess,
    Municipality,
    PoliticalActor,
    Section,
)


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElectoralProcess

    name = factory.Sequence(lambda n: f"Proceso Electoral Local Ordinario 20{27 + n}")
    entity = 23
    election_day = datetime.date(2027, 6, 6)
    capture_deadline = datetime.date(2027, 4, 30)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    process = factory.SubFactory(ProcessFactory)
    number = factory.Sequence(lambda n: n + 1)
    head_town = "Chetumal"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    process = factory.SubFactory(ProcessFactory)
    inegi_key = factory.Sequence(lambda n: f"23{n + 1:03d}")
    name = factory.Sequence(lambda n: f"Municipio {n + 1}")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    process = factory.SelfAttribute("district.process")
    number = factory.Sequence(lambda n: n + 1)
    district = factory.SubFactory(DistrictFactory)
    municipality = factory.SubFactory(MunicipalityFactory, process=factory.SelfAttribute("..process"))


class CargoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cargo

    process = factory.SubFactory(ProcessFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    name = factory.Sequence(lambda n: f"Cargo {n}")
    scope = Cargo.Scope.ENTITY


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest

    cargo = factory.SubFactory(CargoFactory)
    process = factory.SelfAttribute("cargo.process")
    name = factory.LazyAttribute(lambda o: o.cargo.name)


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoliticalActor

    process = factory.SubFactory(ProcessFactory)
    kind = PoliticalActor.Kind.PARTY
    acronym = factory.Sequence(lambda n: f"P{n}")
    name = factory.Sequence(lambda n: f"Partido {n}")
    color = "#336699"


class CandidacyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidacy

    contest = factory.SubFactory(ContestFactory)
    process = factory.SelfAttribute("contest.process")
    actor = factory.SubFactory(ActorFactory, process=factory.SelfAttribute("..process"))
    registration_id = factory.Sequence(lambda n: f"REG-{n:06d}")
    formula_number = factory.Sequence(lambda n: n + 1)
    position = Position.OWNER
    first_name = "María"
    last_name = "López"
    second_last_name = "Hernández"
    sex = Sex.WOMAN
    birth_date = datetime.date(1980, 5, 17)


def make_user(username: str, role: str, *, email: str = "", **scope) -> User:
    """An account without a usable password (tests sign in with `client.force_login`). `scope` is `actor=` for a
    political actor's account, `candidacy=` for a candidate's, plus any other User field (`is_active=False`)."""
    return User.objects.create_user(username=username, password=None, role=role, email=email, **scope)


@dataclass
class World:
    """What `build_world` made, by key: `districts[15]`, `municipalities["23004"]`, `cargos["GUB"]`,
    `contests["MR1"]`, `actors["PAN"]` (the coalition is `actors["SHH"]`)."""

    process: ElectoralProcess
    districts: dict[int, District]
    municipalities: dict[str, Municipality]
    cargos: dict[str, Cargo]
    contests: dict[str, Contest]
    actors: dict[str, PoliticalActor]

    def candidacy(self, contest: str = "MR1", actor: str = "PAN", **fields) -> Candidacy:
        """A new candidacy in `contests[contest]` for `actors[actor]`; `fields` as CandidacyFactory's keywords
        (by default an owner, María López Hernández, with the next fórmula number and registration id)."""
        return CandidacyFactory(contest=self.contests[contest], actor=self.actors[actor], **fields)

    def open_publication(self, start: datetime.date | None = None) -> None:
        """Every cargo publishes from `start` (default: ten days ago) through election day (no end of its own), and
        the change is announced as Gestión does (tests/change_guard.py)."""
        start = start or timezone.localdate() - datetime.timedelta(days=10)
        for cargo in self.cargos.values():
            cargo.publication_start, cargo.publication_end = start, None
            cargo.save()
        announce(*self.cargos.values())


def build_world(
    name: str = "Proceso Electoral Local Ordinario 2027",
    *,
    election_day: datetime.date = datetime.date(2027, 6, 6),
    label: str = "",
) -> World:
    """Quintana Roo in miniature: 2 districts (1 Cancún, 15 Chetumal), 2 municipalities (23004 Othón P. Blanco,
    23005 Benito Juárez), 6 secciones (101–103 in district 15 and Othón P. Blanco, 201–203 in district 1 and Benito
    Juárez), 4 cargos (GUB, DIP_MR, DIP_RP, PM), 6 contests (GUB, MR1, MR15, RP, PM_OPB, PM_BJ), 3 parties (PAN,
    MORENA, PT) and a coalition of MORENA and PT (SHH). No candidacy, no account, every publication window closed.

    Another process in the same installation (issue 15: several processes) is `build_world(name, election_day=...,
    label=" 2024")`: `label` is appended to the actors', cargos' and contests' names, so that a page of one process
    that shows the other's names can be told."""
    capture_deadline = election_day - datetime.timedelta(days=37)
    process = ProcessFactory(name=name, election_day=election_day, capture_deadline=capture_deadline)
    districts = {
        1: DistrictFactory(process=process, number=1, head_town="Cancún"),
        15: DistrictFactory(process=process, number=15, head_town="Chetumal"),
    }
    municipalities = {
        "23004": MunicipalityFactory(process=process, inegi_key="23004", name="Othón P. Blanco" + label),
        "23005": MunicipalityFactory(process=process, inegi_key="23005", name="Benito Juárez" + label),
    }
    for number in (101, 102, 103):
        SectionFactory(process=process, number=number, district=districts[15], municipality=municipalities["23004"])
    for number in (201, 202, 203):
        SectionFactory(process=process, number=number, district=districts[1], municipality=municipalities["23005"])
    cargos = {
        "GUB": CargoFactory(
            process=process, code="GUB", name="Gubernatura" + label, scope=Cargo.Scope.ENTITY, order=1
        ),
        "DIP_MR": CargoFactory(
            process=process, code="DIP_MR", name="Diputación local MR" + label, scope=Cargo.Scope.DISTRICT, order=2
        ),
        "DIP_RP": CargoFactory(
            process=process, code="DIP_RP", name="Diputación local RP" + label, scope=Cargo.Scope.LIST, order=3
        ),
        "PM": CargoFactory(
            process=process, code="PM", name="Presidencia municipal" + label, scope=Cargo.Scope.MUNICIPALITY, order=4
        ),
    }
    contests = {
        "GUB": ContestFactory(process=process, cargo=cargos["GUB"], name="Gubernatura" + label),
        "MR1": ContestFactory(
            process=process,
            cargo=cargos["DIP_MR"],
            district=districts[1],
            name="Diputación local MR – Distrito 1 (Cancún)" + label,
        ),
        "MR15": ContestFactory(
            process=process,
            cargo=cargos["DIP_MR"],
            district=districts[15],
            name="Diputación local MR – Distrito 15 (Chetumal)" + label,
        ),
        "RP": ContestFactory(process=process, cargo=cargos["DIP_RP"], name="Diputación local RP" + label),
        "PM_OPB": ContestFactory(
            process=process,
            cargo=cargos["PM"],
            municipality=municipalities["23004"],
            name="Presidencia municipal – Othón P. Blanco" + label,
        ),
        "PM_BJ": ContestFactory(
            process=process,
            cargo=cargos["PM"],
            municipality=municipalities["23005"],
            name="Presidencia municipal – Benito Juárez" + label,
        ),
    }
    actors = {
        "PAN": ActorFactory(process=process, acronym="PAN", name="Partido Acción Nacional" + label, color="#0059B3"),
        "MORENA": ActorFactory(process=process, acronym="MORENA", name="Morena" + label, color="#A3102B"),
        "PT": ActorFactory(process=process, acronym="PT", name="Partido del Trabajo" + label, color="#D52B1E"),
    }
    coalition = ActorFactory(
        process=process,
        acronym="SHH",
        name="Sigamos Haciendo Historia" + label,
        kind=PoliticalActor.Kind.COALITION,
        color="#A3102B",
    )
    coalition.members.set([actors["MORENA"], actors["PT"]])
    actors["SHH"] = coalition
    return World(process, districts, municipalities, cargos, contests, actors)


def announce(*rows) -> None:
    """What the Gestión admin does after editing these rows directly (conoceles.changes.PublicChangesAdmin): for a
    test that sets published data up with the ORM and then reads the public site or the search index."""
    rows_changed(*rows, reason=Reason.ADMIN)
