"""Pages outside any alliance's address: the personal invitation link and the shared "ask to
join" link. Both are opened by a secret token, never by the alliance's slug, so nobody can probe
which alliances exist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.forms import add_service_errors
from accord.membership import selectors, services
from accord.membership.forms import JoinRequestForm

SESSION_KEY = "accord_invitation"


def _problem(request: HttpRequest, exc: services.InvitationProblem) -> HttpResponse:
    # 410 for links that existed and are used up or withdrawn, 404 for unknown ones.
    status = 404 if exc.state == "unknown" else 410
    request.session.pop(SESSION_KEY, None)
    return render(request, "membership/invitation_problem.html", {"state": exc.state}, status=status)


def show(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_for_token(token)
    except services.InvitationProblem as exc:
        return _problem(request, exc)
    # Lets a newcomer create an account (sign-up is otherwise by invitation only).
    request.session[SESSION_KEY] = token
    return render(
        request,
        "membership/invitation.html",
        {
            "invitation": invitation,
            "purpose": invitation.purpose,
            "token": token,
            "colleague": selectors.invitation_joins_a_member(invitation),
        },
    )


@require_POST
def accept(request: HttpRequest, token: str) -> HttpResponse:
    if not request.user.is_authenticated:
        try:
            services.invitation_for_token(token)
        except services.InvitationProblem as exc:
            return _problem(request, exc)
        request.session[SESSION_KEY] = token
        return redirect_to_login(request.path.replace("/accept/", "/"))
    try:
        seat = services.invitation_accept(token=token, user=request.user)
    except services.InvitationProblem as exc:
        return _problem(request, exc)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("invitations:show", token=token)
    request.session.pop(SESSION_KEY, None)
    messages.success(request, _("Welcome: you now speak for %(org)s in this alliance.") % {"org": seat.organisation})
    return redirect("alliances:home", alliance_slug=seat.alliance.slug)


@require_POST
def decline(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_decline(token=token)
    except services.InvitationProblem as exc:
        return _problem(request, exc)
    request.session.pop(SESSION_KEY, None)
    return render(request, "membership/invitation_declined.html", {"invitation": invitation})


def join(request: HttpRequest, token: str) -> HttpResponse:
    alliance = selectors.alliance_for_join_token(token)
    if alliance is None:
        return render(request, "membership/invitation_problem.html", {"state": "join"}, status=404)
    if not request.user.is_authenticated:
        request.session[SESSION_KEY] = "join:" + token
        return redirect_to_login(request.get_full_path())
    form = JoinRequestForm(
        request.POST or None,
        initial={"email": request.user.email, "contact_name": getattr(request.user, "name", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.join_request_create(alliance=alliance, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            request.session.pop(SESSION_KEY, None)
            return render(request, "membership/join_sent.html", {"join_alliance": alliance})
    return render(request, "membership/join.html", {"join_alliance": alliance, "form": form})
