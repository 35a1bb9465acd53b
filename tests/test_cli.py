"""The command line: `accord createalliance` and `accord run --prepare-only`."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accord.accounts.models import User
from accord.core.models import Alliance, Role
from accord.core.permissions import roles_of
from accord.landscape.models import StakeholderType
from accord.membership.models import Membership
from tests.conftest import make_user

GOOD_PASSWORD = "lusaka-rains-2031"


def create(*extra: str, **options: Any) -> str:
    out = StringIO()
    call_command(
        "createalliance",
        "--name",
        options.pop("name", "Copperbelt Water Alliance"),
        "--owner-email",
        options.pop("email", "convener@example.org"),
        "--organisation",
        options.pop("organisation", "Kitwe Water Users"),
        "--organisation-kind",
        options.pop("kind", StakeholderType.MEMBER_BASED),
        *extra,
        stdout=out,
    )
    return out.getvalue()


def test_it_creates_an_alliance_for_an_existing_owner(db: Any) -> None:
    owner = make_user("convener@example.org")
    out = create("--country", "Zambia", "--languages", "en,fr", "--timezone", "Africa/Lusaka")
    alliance = Alliance.objects.get(name="Copperbelt Water Alliance")
    assert alliance.slug == "copperbelt-water-alliance"
    assert alliance.languages == ["en", "fr"]
    assert alliance.timezone == "Africa/Lusaka"
    assert roles_of(owner, alliance) == {Role.CO_CHAIR, Role.REPRESENTATIVE}
    membership = Membership.objects.get(alliance=alliance)
    assert membership.stakeholder.name == "Kitwe Water Users"
    assert membership.status == Membership.Status.MEMBER
    assert "/a/copperbelt-water-alliance/" in out


def test_it_creates_the_owner_when_asked(db: Any) -> None:
    create("--create-owner", "--password", GOOD_PASSWORD, "--owner-name", "Mwila Zulu", "--slug", "cwa")
    owner = User.objects.get(email="convener@example.org")
    assert owner.name == "Mwila Zulu"
    assert Client().login(email="convener@example.org", password=GOOD_PASSWORD)
    assert roles_of(owner, Alliance.objects.get(slug="cwa")) == {Role.CO_CHAIR, Role.REPRESENTATIVE}


@pytest.mark.parametrize(
    ("extra", "options", "message"),
    [
        ((), {}, "No Accord account uses convener@example.org"),
        ((), {"email": "not-an-email"}, "not a valid email"),
        ((), {"name": "  "}, "Give the alliance a name"),
        ((), {"organisation": ""}, "Name the convening organisation"),
        ((), {"kind": "club"}, "invalid choice"),
        (("--languages", "en,xx"), {}, "Unknown language xx"),
        (("--timezone", "Mars/Olympus"), {}, "Unknown time zone"),
        (("--slug", "has spaces"), {}, "only letters, numbers"),
    ],
)
def test_it_refuses_bad_input(db: Any, extra: tuple[str, ...], options: dict[str, str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        create(*extra, **options)
    assert not Alliance.objects.exists()
    assert not User.objects.exists()


def test_it_refuses_a_slug_already_taken(db: Any) -> None:
    make_user("convener@example.org")
    create("--slug", "water")
    with pytest.raises(CommandError, match="already uses the slug 'water'"):
        create("--slug", "water", name="Another")
    assert Alliance.objects.count() == 1


def test_it_refuses_to_create_an_owner_who_exists(db: Any) -> None:
    make_user("convener@example.org")
    with pytest.raises(CommandError, match="already has an account"):
        create("--create-owner", "--password", GOOD_PASSWORD)
    assert not Alliance.objects.exists()


def test_it_refuses_a_weak_password_for_a_new_owner(db: Any) -> None:
    with pytest.raises(CommandError, match="password will not do"):
        create("--create-owner", "--password", "12345")
    assert not User.objects.exists()


def test_it_needs_a_password_when_it_cannot_ask(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="--password"):
        create("--create-owner")
    assert not User.objects.exists()


def test_it_asks_for_the_password_twice_on_a_terminal(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter([GOOD_PASSWORD, "something-else-entirely"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="differ"):
        create("--create-owner")
    assert not User.objects.exists()


def test_run_prepare_only_loads_the_demo_and_prints_the_logins(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path / "var"
    out = StringIO()
    call_command("run", "--prepare-only", stdout=out)
    text = out.getvalue()
    assert "Loading the demo alliances" in text
    assert "cochair@georgia.demo" in text and "observer@peru.demo" in text
    assert settings.ACCORD_DEMO_PASSWORD in text
    assert Alliance.objects.filter(slug="peru-cni").exists()


def test_run_no_demo_loads_nothing_and_lists_no_logins(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path / "var"
    out = StringIO()
    call_command("run", "--prepare-only", "--no-demo", stdout=out)
    assert "not loaded" in out.getvalue()
    assert "cochair@georgia.demo" not in out.getvalue()
    assert not Alliance.objects.exists()


def test_run_does_not_reload_when_alliances_exist(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path / "var"
    make_user("convener@example.org")
    create()
    out = StringIO()
    call_command("run", "--prepare-only", stdout=out)
    assert "Loading the demo" not in out.getvalue()
    assert list(Alliance.objects.values_list("slug", flat=True)) == ["copperbelt-water-alliance"]
