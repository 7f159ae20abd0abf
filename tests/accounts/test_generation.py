"""Bulk generation of accounts (service and command): one per actor, optionally one per active candidacy."""

import pytest
from django.core.management import CommandError, call_command

from conoceles.accounts.models import AccountEvent, Role, User
from conoceles.accounts.services import (
    create_account,
    deactivate_account,
    generate_accounts,
    issue_credentials,
)
from conoceles.candidacies.models import Candidacy
from tests.accounts.helpers import csv_rows, needs_poppler, pdf_pages
from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


def test_one_account_per_actor_without_usable_password(world):
    created = generate_accounts(world.process, per_candidacy=False)
    assert sorted(u.username for u in created) == ["morena-2027", "pan-2027", "pt-2027", "shh-2027"]
    pan = User.objects.get(username="pan-2027")
    assert pan.role == Role.PARTY and pan.actor == world.actors["PAN"] and pan.candidacy is None
    assert pan.first_name == "Partido Acción Nacional"
    assert not pan.has_usable_password()
    assert not pan.must_change_password and pan.credentials_issued_at is None
    assert AccountEvent.objects.filter(kind=AccountEvent.Kind.CREATED).count() == 4


def test_actor_email_and_odd_acronyms(world):
    odd = ActorFactory(process=world.process, acronym="C. Ind. Ñandú/Güemes", name="Independiente Güemes")
    world.actors["PAN"].contact_email = "enlace@pan.example"
    world.actors["PAN"].save()
    generate_accounts(world.process, per_candidacy=False)
    assert User.objects.get(actor=world.actors["PAN"]).email == "enlace@pan.example"
    assert User.objects.get(actor=odd).username == "c-ind-nandu-guemes-2027"


def test_usernames_stay_unique(world):
    create_account("pan-2027", Role.REVIEWER, password=None)
    generate_accounts(world.process, per_candidacy=False)
    assert User.objects.get(actor=world.actors["PAN"]).username == "pan-2027-2"


def test_one_per_active_candidacy_when_chosen(world):
    active = world.candidacy("GUB", "PAN", registration_id="QR/GUB 01", private_email="ana@example.org")
    world.candidacy("MR1", "MORENA", registration_id="QR-MR1-02")
    cancelled = world.candidacy("MR15", "PT", registration_id="X-3", status=Candidacy.Status.CANCELLED)
    replaced = world.candidacy("RP", "PAN", registration_id="X-4", status=Candidacy.Status.SUBSTITUTED)
    created = generate_accounts(world.process, per_candidacy=True)
    assert len(created) == 4 + 2
    account = User.objects.get(candidacy=active)
    assert account.username == "c-qr-gub-01" and account.role == Role.CANDIDATE and account.actor is None
    assert (account.first_name, account.last_name, account.email) == ("María", "López Hernández", "ana@example.org")
    assert not account.has_usable_password()
    assert User.objects.filter(candidacy=cancelled).count() == 0
    assert User.objects.filter(candidacy=replaced).count() == 0


def test_rerun_creates_only_what_is_missing(world):
    first = world.candidacy("GUB", "PAN")
    assert len(generate_accounts(world.process, per_candidacy=True)) == 5
    assert generate_accounts(world.process, per_candidacy=True) == []
    # an inactive account still counts: its owner gets no second one
    deactivate_account(User.objects.get(candidacy=first), by=None)
    deactivate_account(User.objects.get(actor=world.actors["PT"]), by=None)
    assert generate_accounts(world.process, per_candidacy=True) == []
    second = world.candidacy("MR1", "MORENA")
    assert [u.candidacy for u in generate_accounts(world.process, per_candidacy=True)] == [second]
    assert User.objects.filter(role__in=[Role.PARTY, Role.CANDIDATE]).count() == 6


def test_without_per_candidacy_no_candidate_accounts(world):
    world.candidacy("GUB")
    generate_accounts(world.process, per_candidacy=False)
    assert not User.objects.filter(role=Role.CANDIDATE).exists()


def test_other_processes_are_untouched(world):
    other = ActorFactory()  # another process
    generate_accounts(world.process, per_candidacy=True)
    assert not User.objects.filter(actor=other).exists()


def test_issue_credentials_hashes_and_forces_change(world):
    users = generate_accounts(world.process, per_candidacy=False)
    credentials = issue_credentials(users)
    by_username = {c.username: c for c in credentials}
    pan = User.objects.get(username="pan-2027")
    assert pan.check_password(by_username["pan-2027"].temporary_password)
    assert pan.must_change_password and pan.credentials_issued_at is not None
    assert by_username["pan-2027"].role_label == "Partido político"
    assert by_username["shh-2027"].role_label == "Coalición"
    assert by_username["pan-2027"].scope_label == "Partido Acción Nacional (PAN)"
    assert AccountEvent.objects.filter(kind=AccountEvent.Kind.CREDENTIALS_ISSUED).count() == 4


# ---------------------------------------------------------------------------------------------- the command


@needs_poppler
def test_command_writes_pdf_and_csv_then_refuses_to_overwrite(world, tmp_path, capsys):
    world.candidacy("GUB", "PAN")
    pdf, sheet = tmp_path / "credenciales.pdf", tmp_path / "credenciales.csv"
    call_command(
        "generate_accounts",
        "--process",
        world.process.name,
        "--per-candidacy",
        "--pdf",
        str(pdf),
        "--csv",
        str(sheet),
        "--login-url",
        "https://conoceles.example.org/cuenta/entrar/",
    )
    out = capsys.readouterr().out
    assert "5 cuentas nuevas (4 de actores políticos, 1 de candidaturas)" in out
    assert pdf_pages(pdf.read_bytes(), tmp_path) == 5
    rows = csv_rows(sheet.read_bytes())
    assert len(rows) == 5
    for row in rows:
        user = User.objects.get(username=row["usuario"])
        assert user.check_password(row["contrasena_temporal"]) and user.must_change_password
        assert row["direccion_de_acceso"] == "https://conoceles.example.org/cuenta/entrar/"
    before = pdf.read_bytes()
    world.candidacy("MR1", "MORENA")
    with pytest.raises(CommandError, match="ya existe"):
        call_command("generate_accounts", "--per-candidacy", "--pdf", str(pdf))
    assert pdf.read_bytes() == before
    assert not User.objects.filter(candidacy__contest=world.contests["MR1"]).exists(), "refused before creating"


def test_command_rerun_creates_nothing_and_writes_nothing(world, tmp_path, capsys):
    call_command("generate_accounts", "--process", world.process.name)
    assert "4 cuentas nuevas" in capsys.readouterr().out
    assert not User.objects.get(username="pan-2027").has_usable_password()
    call_command("generate_accounts", "--process", world.process.name, "--csv", str(tmp_path / "c.csv"))
    assert "no se escribió ningún archivo" in capsys.readouterr().out
    assert not (tmp_path / "c.csv").exists()


def test_command_unknown_process(world):
    with pytest.raises(CommandError, match="No existe el proceso"):
        call_command("generate_accounts", "--process", "Otro")
