"""Messages to people: rendered in each recipient's language, kept as a Notice (so every email
can also be read in the product), and delivered by email through the task queue."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from accord.core.models import Alliance, Notice
from accord.core.tasks import send_email


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

    `template` names a pair of templates: `<template>_subject.txt` and `<template>_body.txt`,
    rendered with `context` plus `recipient`, `alliance` and `url` (an absolute link), in the
    recipient's own language (`user.language`). `emails` are (address, language) pairs for
    people without an account yet, such as invitees. Email leaves only after the transaction
    commits, so nothing is sent for a write that is rolled back.
    """
    notices: list[Notice] = []
    targets: list[tuple[Any, str, str]] = [
        (user, user.email, getattr(user, "language", "") or settings.LANGUAGE_CODE) for user in recipients
    ]
    targets += [(None, address, language or settings.LANGUAGE_CODE) for address, language in emails]
    for user, address, language in targets:
        with translation.override(language):
            ctx = {**context, "recipient": user, "alliance": alliance, "url": url}
            subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
            body = render_to_string(f"{template}_body.txt", ctx).strip()
        notices.append(
            Notice.objects.create(
                alliance=alliance,
                recipient=user,
                email=address,
                kind=kind,
                subject=subject[:255],
                body=body,
                url=url[:500],
                language=language,
            )
        )
    for notice in notices:
        transaction.on_commit(_sender(notice))
    return notices


def _sender(notice: Notice) -> Callable[[], None]:
    def send() -> None:
        send_email.enqueue(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + notice.subject, body=notice.body, to=[notice.email]
        )

    return send


def absolute(path: str) -> str:
    """An absolute link for emails (ACCORD_BASE_URL, e.g. https://accord.example.org)."""
    return settings.ACCORD_BASE_URL.rstrip("/") + path
