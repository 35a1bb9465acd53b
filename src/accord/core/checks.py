"""Accord's own system checks (`accord check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning


def base_url_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Without ACCORD_BASE_URL, links in emails follow the address each request came to, and
    emails sent outside a request (`accord reminders` from cron) link to 127.0.0.1."""
    if settings.ACCORD_BASE_URL:
        return []
    return [
        Warning(
            "ACCORD_BASE_URL is not set.",
            hint="Set it to the address people reach Accord at (e.g. https://accord.example.org): "
            "reminders sent from cron need it for their links.",
            id="accord.W001",
        )
    ]
