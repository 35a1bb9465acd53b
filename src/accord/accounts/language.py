"""The interface speaks the person's saved language: it is put in the language cookie when they
log in (whatever the browser asks for), and choosing another language while logged in saves it,
so the next login on another device speaks it too. Emails already use the saved language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def saved_language(user: Any) -> str | None:
    language = getattr(user, "language", "") or ""
    return language if language in LANGUAGE_CODES else None


def speak(response: HttpResponseBase, language: str) -> None:
    """The next requests speak `language` (LocaleMiddleware reads the cookie first)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def user_save_language(*, user: Any, language: str) -> None:
    """The language a person chose is theirs: saved on their account (emails use it too)."""
    if language in LANGUAGE_CODES and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; for someone logged in, the choice is also saved."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in LANGUAGE_CODES:
        user_save_language(user=request.user, language=language)
    return response
