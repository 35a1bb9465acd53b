"""Messages to people: rendered in each recipient's language, kept as a Notice (so every email
can also be read in the product), and delivered by email through the task queue.

A message is plain text: its templates render with autoescaping off (`render_text`), so
"Farmers' Union" stays "Farmers' Union" in the subject, the body and the inbox (which escapes
it once, like any text it shows). An optional `<template>_body.html` part is rendered as HTML,
escaped as every HTML template is."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.template import Context, TemplateDoesNotExist, engines
from django.template.loader import render_to_string
from django.utils import translation

from accord.core.models import Alliance, Notice
from accord.core.tasks import send_email

# False inside `inbox_only()`: notices are kept, no email leaves.
_delivering: ContextVar[bool] = ContextVar("accord_notify_delivering", default=True)
# The scheme and host the current request came to (set by RequestAddressMiddleware).
_request_origin: ContextVar[str] = ContextVar("accord_request_origin", default="")
# Where `accord run` serves, for links made outside a request (the demo it loads).
_served_origin = "http://127.0.0.1:8000"


def render_text(template_name: str, context: dict[str, Any]) -> str:
    """Render a text part of a message without HTML escaping. The result is plain text: never
    put it into a page without escaping it (Django's templates do)."""
    backend: Any = engines["django"]
    return backend.engine.get_template(template_name).render(Context(context, autoescape=False))


def _render_html(template_name: str, context: dict[str, Any]) -> str | None:
    try:
        return render_to_string(template_name, context)
    except TemplateDoesNotExist:
        return None


@contextmanager
def inbox_only() -> Iterator[None]:
    """Within this block notices go to the inbox only and no email is sent (the demo loader:
    its people are made up, and a first run should not print a hundred emails)."""
    token = _delivering.set(False)
    try:
        yield
    finally:
        _delivering.reset(token)


def notify(
    *,
    alliance: Alliance,
    kind: str,
    template: str,
    context: dict[str, Any],
    recipients: Iterable[Any] = (),
    emails: Iterable[tuple[str, str]] = (),
    url: str = "",
) -> list[Notice]:
    """Send one message to each recipient.

    `template` names a pair of text templates: `<template>_subject.txt` and
    `<template>_body.txt` (and, if it exists, an HTML part `<template>_body.html`), rendered with
    `context` plus `recipient`, `alliance` and `url` (an absolute link), in the recipient's own
    language (`user.language`). `emails` are (address, language) pairs for people without an
    account yet, such as invitees. Email leaves only after the transaction commits, so nothing
    is sent for a write that is rolled back, and not at all inside `inbox_only()`.
    """
    notices: list[tuple[Notice, str | None]] = []
    targets: list[tuple[Any, str, str]] = [
        (user, user.email, getattr(user, "language", "") or settings.LANGUAGE_CODE) for user in recipients
    ]
    targets += [(None, address, language or settings.LANGUAGE_CODE) for address, language in emails]
    for user, address, language in targets:
        with translation.override(language):
            ctx = {**context, "recipient": user, "alliance": alliance, "url": url}
            subject = " ".join(render_text(f"{template}_subject.txt", ctx).split())
            body = render_text(f"{template}_body.txt", ctx).strip()
            html = _render_html(f"{template}_body.html", ctx)
        notice = Notice.objects.create(
            alliance=alliance,
            recipient=user,
            email=address,
            kind=kind,
            subject=subject[:255],
            body=body,
            url=url[:500],
            language=language,
        )
        notices.append((notice, html))
    if _delivering.get():
        for notice, html in notices:
            transaction.on_commit(_sender(notice, html))
    return [notice for notice, _html in notices]


def _sender(notice: Notice, html: str | None) -> Callable[[], None]:
    def send() -> None:
        send_email.enqueue(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + notice.subject,
            body=notice.body,
            to=[notice.email],
            html=html,
        )

    return send


def absolute(path: str) -> str:
    """An absolute link for emails. ACCORD_BASE_URL when it is set (e.g.
    https://accord.example.org); otherwise the address the current request came to (its host
    is one of ALLOWED_HOSTS), or, outside a request, the address `accord run` serves."""
    base = settings.ACCORD_BASE_URL or _request_origin.get() or _served_origin
    return base.rstrip("/") + path


def serve_at(origin: str) -> None:
    """Say where this process serves Accord (`accord run`), for links made outside a request."""
    global _served_origin
    _served_origin = origin


class RequestAddressMiddleware:
    """Remembers the scheme and host each request came to, so that links in the emails it causes
    point where the person reached Accord when ACCORD_BASE_URL is not set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_origin.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _request_origin.reset(token)
