"""What Accord adds to allauth's sign-up form: the person's name. Someone arriving from an
invitation finds the form filled in with the address the invitation went to and the name the
inviter typed; both can be changed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

# The session key the invitation page sets (accord.membership.views_public.SESSION_KEY).
INVITATION_SESSION_KEY = "accord_invitation"


def invitation_in_session(request: HttpRequest | None) -> Any:
    """The open invitation this visitor came from, or None (join links and used-up links give
    None)."""
    if request is None or not hasattr(request, "session"):
        return None
    token = str(request.session.get(INVITATION_SESSION_KEY) or "")
    if not token or token.startswith("join:"):
        return None
    from accord.membership.services import InvitationProblem, invitation_for_token

    try:
        return invitation_for_token(token)
    except InvitationProblem:
        return None


class SignupDetailsForm(forms.Form):
    """allauth builds its sign-up form on this one (ACCOUNT_SIGNUP_FORM_CLASS)."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from allauth.core import context

        invitation = invitation_in_session(context.request)
        self.invitation = invitation
        if invitation is not None:
            self.initial.setdefault("email", invitation.email)
            self.initial.setdefault("name", invitation.contact_name)

    def signup(self, request: HttpRequest, user: Any) -> None:
        fields = []
        name = self.cleaned_data.get("name", "").strip()
        if name:
            user.name = name
            fields.append("name")
        invitation = getattr(self, "invitation", None)
        if invitation is not None and invitation.language:
            user.language = invitation.language
            fields.append("language")
        if fields:
            user.save(update_fields=fields)
