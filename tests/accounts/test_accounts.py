"""Logging in, signing up, resetting a password, two-factor set-up and the rate limit, through
allauth's pages as Accord configures and dresses them."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core import mail
from django.test import Client

from tests.conftest import World

PASSWORD = "correct horse battery"


def test_login_page_is_drawn_in_accords_frame_with_labelled_fields(client: Client) -> None:
    body = client.get("/accounts/login/").content.decode()
    assert '<main id="main">' in body
    assert '<label for="id_login">' in body
    assert '<label for="id_password">' in body
    # Strict CSP: no inline style or script anywhere on the page.
    assert "<style" not in body
    assert re.search(r"<script(?![^>]*\bsrc=)", body) is None
    assert "style=" not in body


def test_login_errors_are_announced(client: Client, world: World) -> None:
    body = client.post("/accounts/login/", {"login": world.alice.email, "password": "wrong"}).content.decode()
    assert 'role="alert"' in body
    assert "not correct" in body


def test_it_logs_in_by_email_and_issues_a_new_session_key(client: Client, world: World) -> None:
    before = client.session
    before["probe"] = 1
    before.save()
    old_key = before.session_key

    response = client.post("/accounts/login/", {"login": world.alice.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session.session_key != old_key
    assert client.session["_auth_user_id"] == str(world.alice.pk)
    assert client.get("/alliances/").status_code == 200


def test_sign_up_is_closed_by_default(client: Client, db: Any) -> None:
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sign Up Closed" in body
    assert 'name="password1"' not in body
    response = client.post(
        "/accounts/signup/", {"email": "new@x.test", "password1": "a long passphrase", "password2": "a long passphrase"}
    )
    from accord.accounts.models import User

    assert not User.objects.filter(email="new@x.test").exists()


def test_sign_up_opens_with_the_setting(client: Client, db: Any, settings: Any) -> None:
    settings.ACCORD_OPEN_SIGNUP = True
    body = client.get("/accounts/signup/").content.decode()
    assert 'name="password1"' in body
    response = client.post(
        "/accounts/signup/",
        {"email": "new@x.test", "password1": "a long passphrase", "password2": "a long passphrase"},
    )
    assert response.status_code == 302
    from accord.accounts.models import User

    assert User.objects.filter(email="new@x.test").exists()


def test_password_reset_sends_an_email_through_the_task_queue(client: Client, world: World, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    response = client.post("/accounts/password/reset/", {"email": world.alice.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.alice.email]
    assert message.subject.startswith(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
    assert "/accounts/password/reset/key/" in message.body


def test_password_reset_for_an_unknown_address_sends_no_link(client: Client, db: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    client.post("/accounts/password/reset/", {"email": "nobody@x.test"})
    assert all("/accounts/password/reset/key/" not in m.body for m in mail.outbox)


def test_totp_setup_is_reachable_after_login(client: Client, world: World) -> None:
    client.post("/accounts/login/", {"login": world.alice.email, "password": PASSWORD})
    index = client.get("/accounts/2fa/")
    assert index.status_code == 200
    assert "/accounts/2fa/totp/activate/" in index.content.decode()
    # Turning on two-factor asks for the password again, whatever the age of the login.
    ask = client.get("/accounts/2fa/totp/activate/")
    assert ask.status_code == 302
    assert ask["Location"].startswith("/accounts/reauthenticate/")
    assert '<label for="id_password">' in client.get(ask["Location"]).content.decode()
    confirmed = client.post(ask["Location"], {"password": PASSWORD})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/accounts/2fa/totp/activate/"
    activate = client.get("/accounts/2fa/totp/activate/")
    assert activate.status_code == 200
    body = activate.content.decode()
    assert '<img src="data:image/svg+xml' in body  # the QR code; CSP allows data: images
    assert 'name="code"' in body
    assert '<label for="id_code">' in body


def test_repeated_failed_logins_are_refused_even_with_the_right_password(client: Client, world: World) -> None:
    # ACCOUNT_RATE_LIMITS["login_failed"] allows 5 failures per 5 minutes for one address.
    for _ in range(5):
        body = client.post("/accounts/login/", {"login": world.alice.email, "password": "wrong"}).content.decode()
        assert "Too many" not in body
    response = client.post("/accounts/login/", {"login": world.alice.email, "password": PASSWORD})
    assert response.status_code != 302
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_rate_limit_counts_in_the_shared_database_cache(db: Any) -> None:
    # Rate limits must hold across worker processes: an in-process cache would not.
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
