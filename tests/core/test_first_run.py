"""The first run: loading the demo sends no email (its notices wait in the inboxes), `accord run`
ends with the address and the logins set apart, and links in emails point where Accord is
served when ACCORD_BASE_URL is not set."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from accord.core import notify
from accord.core.management.commands import run
from accord.core.models import Notice
from accord.membership.models import Membership
from tests.conftest import World


@pytest.fixture(autouse=True)
def _served_origin(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    # `accord run` says where it serves for the whole process; keep that inside each test.
    monkeypatch.setattr(notify, "_served_origin", notify._served_origin)
    settings.ACCORD_BASE_URL = ""


def test_loading_the_demo_sends_no_email_and_fills_the_inboxes(
    db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("demo", verbosity=0)
    assert mail.outbox == []
    # Nothing waits to be sent after the load. The only callbacks are the landscape's requests
    # for its background results (landscape.refresh), which the loaded pages read.
    assert [c for c in callbacks if getattr(c, "accord_refresh", None) is None] == []
    # The demo's story opened and closed proposals and circulated texts: it is in the inboxes.
    kinds = set(Notice.objects.values_list("kind", flat=True))
    assert {"decisions.opened", "decisions.outcome", "circulation"} <= kinds, kinds
    assert Notice.objects.filter(recipient__email="cochair@georgia.demo").exists()


def test_outside_the_demo_notices_are_emailed(world: World, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notify.notify(
            alliance=world.a,
            kind="test",
            template="membership/email/voice",
            context={"organisation": world.org_a},
            recipients=[world.bob],
        )
    assert [m.to for m in mail.outbox] == [[world.bob.email]]


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def _assert_welcome_last(text: str, origin: str) -> None:
    lines = _lines(text)
    while lines and not lines[-1]:
        lines.pop()
    # Framed by two rules, the address first, every login inside, nothing after.
    assert lines[-1] == run.RULE
    start = len(lines) - 1 - lines[::-1].index(run.RULE, 1)
    block = lines[start:]
    assert block[1].endswith(f"Accord is at {origin}/")
    assert any("cochair@georgia.demo" in line for line in block)
    assert any("observer@peru.demo" in line for line in block)
    # Set apart: a blank line before the frame.
    assert lines[start - 1] == ""


def test_run_prints_the_address_and_logins_last_and_sends_no_email(
    db: Any, settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.VAR_DIR = tmp_path / "var"
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run", "--prepare-only", "127.0.0.1:8765", stdout=out)
    assert mail.outbox == []
    text = out.getvalue()
    assert "Subject:" not in text
    assert text.index("Loading the demo alliances") < text.index("Accord is at")
    _assert_welcome_last(text, "http://127.0.0.1:8765")


def test_the_server_prints_the_logins_after_its_own_banner(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_RUNSERVER_HIDE_WARNING", "false")
    call_command("demo", verbosity=0)
    out = StringIO()
    server: Any = run.Command(stdout=out).server("http://127.0.0.1:8765")
    server.addr, server.port, server._raw_ipv6, server.protocol = "127.0.0.1", "8765", False, "http"
    server.on_bind(8765)
    text = out.getvalue()
    assert text.index("Starting development server") < text.index("Accord is at")
    assert text.index("development server. Do not use it") < text.index("Accord is at")
    _assert_welcome_last(text, "http://127.0.0.1:8765")


@pytest.mark.parametrize(
    ("addrport", "origin"),
    [
        ("8001", "http://127.0.0.1:8001"),
        ("0.0.0.0:8000", "http://127.0.0.1:8000"),
        ("0:8000", "http://127.0.0.1:8000"),
        ("[::]:8000", "http://[::1]:8000"),
        ("[::1]:8002", "http://[::1]:8002"),
        ("accord.lan:8080", "http://accord.lan:8080"),
    ],
)
def test_the_served_origin(addrport: str, origin: str) -> None:
    assert run.served_origin(addrport) == origin


def test_the_demo_links_use_the_address_run_serves(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path / "var"
    call_command("run", "--prepare-only", "127.0.0.1:8765", stdout=StringIO())
    urls = list(Notice.objects.exclude(url="").values_list("url", flat=True))
    assert urls
    assert all(url.startswith("http://127.0.0.1:8765/") for url in urls), {u.split("/a/")[0] for u in urls}


def _invite_through_the_page(world: World, host: str) -> str:
    from accord.purpose.models import Purpose

    Purpose.objects.create(alliance=world.a, version=1, change_sought="Parliament amends the seed law.")
    membership = Membership.objects.get(stakeholder__name="Valley Women's Network")
    client = Client(HTTP_HOST=host)
    client.force_login(world.alice)
    response = client.post(
        "/a/riverside/members/invite/",
        {"membership": str(membership.pk), "email": "ines@hill.test", "language": "en", "contact_name": "Inés"},
    )
    assert response.status_code in (200, 302), response.status_code
    return Notice.objects.get(kind="invitation", email="ines@hill.test").url


def test_without_a_base_url_links_use_the_address_of_the_request(world: World, settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["accord.lan"]
    url = _invite_through_the_page(world, "accord.lan:8123")
    assert url.startswith("http://accord.lan:8123/invitations/")


def test_a_base_url_wins_over_the_request(world: World, settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["accord.lan"]
    settings.ACCORD_BASE_URL = "https://accord.example.org/"
    url = _invite_through_the_page(world, "accord.lan:8123")
    assert url.startswith("https://accord.example.org/invitations/")


def test_a_host_outside_allowed_hosts_is_refused_before_any_link_is_made(world: World, settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["accord.lan"]
    client = Client(HTTP_HOST="evil.example")
    client.force_login(world.alice)
    assert client.get("/a/riverside/members/").status_code == 400
    assert notify.absolute("/x/") == "http://127.0.0.1:8000/x/"
