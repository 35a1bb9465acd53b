"""SessionLifetimeMiddleware: an idle timeout and an absolute lifetime."""

from __future__ import annotations

import time

from django.test import Client

from accord.accounts.middleware import LOGIN_AT, SEEN_AT
from tests.conftest import World


def _logged_in(world: World) -> Client:
    client = world.client_for(world.alice)
    assert client.get("/alliances/").status_code == 200  # stamps login and last-seen times
    return client


def _shift(client: Client, **seconds_ago: int) -> None:
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_first_request_stamps_the_session(world: World) -> None:
    client = _logged_in(world)
    assert abs(client.session[LOGIN_AT] - time.time()) < 5
    assert client.session[SEEN_AT] == client.session[LOGIN_AT]


def test_an_active_session_stays_open(world: World, settings) -> None:
    client = _logged_in(world)
    _shift(client, _accord_login_at=settings.ACCORD_SESSION_MAX_SECONDS - 60, _accord_seen_at=120)
    assert client.get("/alliances/").status_code == 200
    # Seen more than a minute ago: the idle clock restarts.
    assert abs(client.session[SEEN_AT] - time.time()) < 5


def test_an_idle_session_is_logged_out(world: World, settings) -> None:
    client = _logged_in(world)
    _shift(client, _accord_seen_at=settings.ACCORD_SESSION_IDLE_SECONDS + 10)
    response = client.get("/alliances/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    body = client.get(response["Location"]).content.decode()
    assert "Your session has ended" in body


def test_a_session_past_its_absolute_lifetime_is_logged_out_even_if_active(world: World, settings) -> None:
    client = _logged_in(world)
    _shift(client, _accord_login_at=settings.ACCORD_SESSION_MAX_SECONDS + 10, _accord_seen_at=5)
    response = client.get("/alliances/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
