from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

LOGIN_AT = "_accord_login_at"
SEEN_AT = "_accord_seen_at"
# Writing the session on every request would be a database write per page; a minute of slack
# on the idle timer is harmless.
TOUCH_EVERY = 60


class SessionLifetimeMiddleware:
    """Ends a session after ACCORD_SESSION_IDLE_SECONDS without a request, and in any case
    ACCORD_SESSION_MAX_SECONDS after login."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = session.get(LOGIN_AT)
            seen_at = session.get(SEEN_AT)
            if login_at is None:
                session[LOGIN_AT] = now
                session[SEEN_AT] = now
            elif (
                now - int(seen_at or login_at) > settings.ACCORD_SESSION_IDLE_SECONDS
                or now - int(login_at) > settings.ACCORD_SESSION_MAX_SECONDS
            ):
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
            elif now - int(seen_at or 0) >= TOUCH_EVERY:
                session[SEEN_AT] = now
        return self.get_response(request)
