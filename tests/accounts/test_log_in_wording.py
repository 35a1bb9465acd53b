"""One wording for logging in: "Log in" and "Log out", never "Sign in", "Sign out", "Log on" or
"Login", in Accord's own words and on every account page allauth serves with Accord's settings,
in each language (allauth's own French says "Connexion" where Accord says "Se connecter")."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import World

OTHER_WORDINGS = re.compile(r"\b(sign(ed|s|ing)?[ -]?(in|on|out)|log[ -]?on|logins?|logouts?)\b", re.IGNORECASE)
# allauth's own translations of "Sign In" / "Sign Up" where Accord says otherwise.
FOREIGN = {"fr": re.compile(r"\bConnexion\b|connecté\(e\)"), "es": re.compile(r"\bRegístrate\b|\bInicia sesión\b")}
SRC = Path(settings.SRC_DIR)


def _template_words(text: str) -> list[str]:
    words = re.findall(r"{%\s*(?:translate|trans)\s+[\"'](.+?)[\"']", text)
    words += re.findall(r"{%\s*blocktrans(?:late)?[^%]*%}(.*?){%\s*endblocktrans(?:late)?\s*%}", text, re.S)
    # Text between tags, outside template tags (a template that does not translate a word).
    bare = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", " ", text, flags=re.S)
    words += re.findall(r">([^<>]+)<", bare)
    return words


def _python_words(text: str) -> list[str]:
    return re.findall(r"\b(?:_|gettext|gettext_lazy|pgettext|ngettext)\(\s*(?:\"[^\"]*\",\s*)?\"([^\"]+)\"", text)


def test_accords_own_words_say_log_in() -> None:
    found = []
    for path in SRC.rglob("templates/**/*"):
        if path.suffix in (".html", ".txt"):
            found += [(path, w) for w in _template_words(path.read_text()) if OTHER_WORDINGS.search(w)]
    for path in SRC.rglob("*.py"):
        if "migrations" not in path.parts:
            found += [(path, w) for w in _python_words(path.read_text()) if OTHER_WORDINGS.search(w)]
    assert found == []


def test_the_check_itself_catches_the_other_wordings() -> None:
    for text in ("Sign In", "sign-in code", "Successfully signed in as x.", "Log on", "Login", "Sign Out"):
        assert OTHER_WORDINGS.search(text), text
    for text in ("Log in", "Log out", "You are logged in as x.", "design in", "logistics"):
        assert not OTHER_WORDINGS.search(text), text


class _Visible(HTMLParser):
    """The words a person sees or hears: text outside scripts and styles, and the labels of
    buttons and fields."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "placeholder", "alt") and value:
                self.words.append(value)
            if name == "value" and value and dict(attrs).get("type") in ("submit", "button"):
                self.words.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.words.append(data.strip())


def visible(page: str) -> str:
    parser = _Visible()
    parser.feed(page)
    return "\n".join(parser.words)


def account_paths() -> list[str]:
    """Every address under /accounts/ that takes no parameter (allauth's pages as Accord
    configures them: accounts and two-factor)."""
    paths = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            route = str(p.pattern)
            if "<" in route or "(?P" in route:
                continue
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + route)
            elif isinstance(p, URLPattern):
                paths.append("/" + prefix + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return sorted({p for p in paths if p.startswith("/accounts/")})


def _check(page: str, where: str, language: str) -> None:
    words = visible(page)
    if language == "en":
        assert not OTHER_WORDINGS.search(words), f"{where}: {OTHER_WORDINGS.search(words)}"
    else:
        # An English "Sign in" left untranslated, or allauth's own term for it.
        assert not OTHER_WORDINGS.search(words), f"{where} ({language}): {OTHER_WORDINGS.search(words)}"
        assert not FOREIGN[language].search(words), f"{where} ({language}): {FOREIGN[language].search(words)}"


@pytest.mark.parametrize("open_signup", [False, True])
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_account_page_says_log_in(world: World, language: str, open_signup: bool, settings: Any) -> None:
    # Sign-up open (as from an invitation) shows the sign-up form, closed its refusal page.
    settings.ACCORD_OPEN_SIGNUP = open_signup
    paths = account_paths()
    assert {"/accounts/login/", "/accounts/signup/", "/accounts/logout/", "/accounts/password/reset/"} <= set(paths)
    seen = 0
    for user in (None, world.bob):
        client = world.client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for path in paths:
            response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            seen += 1
            _check(response.content.decode(), f"{path} as {user or 'anonymous'}", language)
    assert seen >= 8


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_messages_and_the_two_factor_step_say_log_in(world: World, language: str) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    world.bob.language = language
    world.bob.save(update_fields=["language"])
    response = client.post(
        "/accounts/login/", {"login": world.bob.email, "password": "correct horse battery"}, follow=True
    )
    _check(response.content.decode(), "after logging in", language)
    response = client.post("/accounts/logout/", follow=True)
    _check(response.content.decode(), "after logging out", language)

    TOTP.activate(world.bob, generate_totp_secret())
    response = client.post(
        "/accounts/login/", {"login": world.bob.email, "password": "correct horse battery"}, follow=True
    )
    assert response.redirect_chain and "/accounts/2fa/authenticate/" in response.redirect_chain[-1][0]
    _check(response.content.decode(), "the two-factor step", language)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_login_page_names_sign_up_as_the_page_it_leads_to(world: World, language: str, settings: Any) -> None:
    from django.utils import translation

    settings.ACCORD_OPEN_SIGNUP = True
    client = world.client_for(None)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    login = visible(client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=language).content.decode())
    signup = visible(client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE=language).content.decode())
    with translation.override(language):
        name = translation.gettext("Create an account")
    assert name in login and name in signup, language
    translation.activate("en")
