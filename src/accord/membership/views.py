from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core import services as core_services
from accord.core.models import SeatRole
from accord.core.selectors import seats_with_roles
from accord.core.tenancy import authorize, can, get_in_alliance
from accord.membership.forms import GrantRoleForm
from accord.membership.selectors import memberships


def members(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    authorize(request, "membership.view_memberships")
    alliance = request.alliance  # type: ignore[attr-defined]
    form = None
    if can(request, "core.manage_roles"):
        form = GrantRoleForm(request.POST or None, alliance=alliance)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                core_services.seat_grant_role(
                    alliance=alliance,
                    email=d["email"],
                    role=d["role"],
                    organisation_id=d["organisation"],
                    starts_on=d["starts_on"],
                    ends_on=d["ends_on"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Role given."))
                return redirect("membership:members", alliance_slug=alliance.slug)
    elif request.method == "POST":
        authorize(request, "core.manage_roles")
    return render(
        request,
        "membership/members.html",
        {"memberships": memberships(alliance), "seats": seats_with_roles(alliance), "form": form},
    )


@require_POST
def role_end(request: HttpRequest, alliance_slug: str, seat_role_id: int) -> HttpResponse:
    authorize(request, "core.manage_roles")
    alliance = request.alliance  # type: ignore[attr-defined]
    seat_role: SeatRole = get_in_alliance(alliance.seat_roles.select_related("seat__user"), pk=seat_role_id)
    try:
        core_services.seat_role_end(seat_role=seat_role, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Role ended."))
    return redirect("membership:members", alliance_slug=alliance.slug)
