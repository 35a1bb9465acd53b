"""After login the interface follows the person's saved language, not the browser's; choosing
another language while logged in saves it. Over HTTP, through allauth's real login view."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from accord.accounts.models import User
from tests.conftest import make_user

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    # LocaleMiddleware leaves the last request's language active in this thread.
    yield
    translation.activate(settings.LANGUAGE_CODE)


def log_in(client: Client, user: User) -> Any:
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})


def test_a_french_user_with_an_english_browser_gets_french_after_login(db: Any) -> None:
    user = make_user("claire@a.test", name="Claire", language="fr")
    client = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    before = client.get("/accounts/login/")
    assert before["Content-Language"] == "en" and '<html lang="en">' in before.content.decode()

    response = log_in(client, user)
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    after = client.get(response["Location"], follow=True)
    html = after.content.decode()
    assert after["Content-Language"] == "fr"
    assert '<html lang="fr">' in html
    assert "Se déconnecter" in html  # the page frame itself is French


def test_the_saved_language_wins_over_a_cookie_left_from_before(db: Any) -> None:
    user = make_user("ines@a.test", language="es")
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    log_in(client, user)
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert client.get("/accounts/email/")["Content-Language"] == "es"


def test_choosing_a_language_while_logged_in_saves_it_for_the_next_login(db: Any) -> None:
    user = make_user("tom@a.test", language="en")
    first = Client(HTTP_ACCEPT_LANGUAGE="en")
    log_in(first, user)
    assert first.post("/i18n/setlang/", {"language": "fr", "next": "/"}).status_code == 302
    user.refresh_from_db()
    assert user.language == "fr"
    other_device = Client(HTTP_ACCEPT_LANGUAGE="es")
    log_in(other_device, user)
    assert other_device.get("/accounts/email/")["Content-Language"] == "fr"


def test_choosing_a_language_before_login_saves_nothing(db: Any) -> None:
    user = make_user("ana@a.test", language="es")
    client = Client()
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    user.refresh_from_db()
    assert user.language == "es"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})  # not a language: nothing saved
    user.refresh_from_db()
    assert user.language == "es"
