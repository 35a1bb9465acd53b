"""API for who is in the alliance: member organisations and the people holding seats."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from accord.api.auth import scoped
from accord.api.schemas import READ_ERRORS, Pagination
from accord.core.models import Seat
from accord.core.selectors import seats_with_roles
from accord.membership.selectors import memberships

router = Router()


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    scope: str


class MembershipOut(Schema):
    id: int
    status: Literal["candidate", "invited", "member", "left", "declined"]
    since: dt.date
    organisation: OrganisationOut

    @staticmethod
    def resolve_organisation(obj: Any) -> Any:
        return obj.stakeholder


class RoleOut(Schema):
    role: str
    starts_on: dt.date
    ends_on: dt.date | None


class SeatOut(Schema):
    id: int
    name: str
    email: str
    organisation: OrganisationOut | None
    joined_on: dt.date
    roles: list[RoleOut]

    @staticmethod
    def resolve_name(obj: Seat) -> str:
        return str(obj.user)

    @staticmethod
    def resolve_email(obj: Seat) -> str:
        return obj.user.email

    @staticmethod
    def resolve_roles(obj: Any) -> Any:
        return obj.current_roles


@router.get(
    "{alliance_slug}/memberships",
    response={200: list[MembershipOut], **READ_ERRORS},
    summary="Organisations and their membership status",
)
@paginate(Pagination)
def membership_list(request: HttpRequest, alliance_slug: str) -> Any:
    alliance = scoped(request, alliance_slug, "membership.view_memberships")
    return memberships(alliance)


@router.get(
    "{alliance_slug}/seats",
    response={200: list[SeatOut], **READ_ERRORS},
    summary="People with a current role, and the organisation each speaks for",
)
def seat_list(request: HttpRequest, alliance_slug: str) -> Any:
    alliance = scoped(request, alliance_slug, "core.view_members")
    # Seats whose roles have all ended are past members: leave them out.
    return [seat for seat in seats_with_roles(alliance) if seat.current_roles]  # type: ignore[attr-defined]
