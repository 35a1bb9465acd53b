from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from accord.accounts.language import saved_language, speak


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Sign-up is by invitation only unless ACCORD_OPEN_SIGNUP is set. An invitation flow
        marks the session with `accord_invitation` before sending the person to sign up."""
        if settings.ACCORD_OPEN_SIGNUP:
            return True
        token = request.session.get("accord_invitation")
        if not token:
            return False
        from accord.membership.services import link_opens_signup

        return link_opens_signup(str(token))

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        """After login the interface speaks the person's saved language, not the browser's
        (the "logged in" message included)."""
        language = saved_language(user)
        if language is None:
            return super().post_login(request, user, **kwargs)
        with translation.override(language):
            response = super().post_login(request, user, **kwargs)
        speak(response, language)
        return response

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Render now (in the request's language), deliver through the task queue.
        # The same context allauth's own send_mail builds ("Hello from <site>").
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        from accord.core.tasks import send_email

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        msg = self.render_mail(template_prefix, email, ctx)
        html = None
        for content, mimetype in getattr(msg, "alternatives", []):
            if mimetype == "text/html":
                html = str(content)
        send_email.enqueue(subject=str(msg.subject), body=str(msg.body), to=list(msg.to), html=html)
