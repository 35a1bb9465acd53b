"""API for who is in the alliance: member organisations, the people holding seats, invitations,
requests to join, each organisation's voice, co-chairs and the secretariat's rotation."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from accord.api.auth import api_operation
from accord.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    BodySchema,
    CleanStr,
    Pagination,
    PathId,
    StaleVersionOut,
    VersionIn,
)
from accord.core.privacy import CONTACTS, PEOPLE, from_context
from accord.core.tenancy import AllianceRequest, get_in_alliance
from accord.membership import selectors, services, services_roles
from accord.membership.models import Invitation, Membership, Seat, SeatRole
from accord.membership.selectors import memberships, seats_with_roles

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


_NAME = "The person's name; null for observers, who see organisations only."
_EMAIL = "The email address; null unless you are a co-chair or the secretariat."


class SeatOut(Schema):
    id: int
    name: str | None = Field(..., description=_NAME)
    email: str | None = Field(..., description=_EMAIL)
    organisation: OrganisationOut | None
    joined_on: dt.date
    roles: list[RoleOut]

    @staticmethod
    def resolve_name(obj: Seat, context: Any) -> str | None:
        return str(obj.user) if from_context(context, PEOPLE) else None

    @staticmethod
    def resolve_email(obj: Seat, context: Any) -> str | None:
        return obj.user.email if from_context(context, CONTACTS) else None

    @staticmethod
    def resolve_roles(obj: Any) -> Any:
        return obj.current_roles


@router.get(
    "{alliance_slug}/memberships",
    response={200: list[MembershipOut], **READ_ERRORS},
    summary="Organisations and their membership status",
)
@paginate(Pagination)
@api_operation("membership.view_memberships")
def membership_list(request: AllianceRequest, alliance_slug: str) -> Any:
    alliance = request.alliance
    return memberships(alliance)


@router.get(
    "{alliance_slug}/seats",
    response={200: list[SeatOut], **READ_ERRORS},
    summary="People with a current role, and the organisation each speaks for",
)
@api_operation("core.view_members")
def seat_list(request: AllianceRequest, alliance_slug: str) -> Any:
    alliance = request.alliance
    # Seats whose roles have all ended are past members: leave them out.
    return [seat for seat in seats_with_roles(alliance) if seat.current_roles]  # type: ignore[attr-defined]


# --- invitations, requests to join, voices and roles ------------------------------------------

Id = PathId
Language = Literal["en", "es", "fr"]
InvitationStateOut = Literal["sent", "accepted", "declined", "revoked", "expired"]


class InvitationOut(Schema):
    id: int
    organisation: OrganisationOut
    membership_id: int
    email: str | None = Field(..., description=_EMAIL)
    contact_name: str | None = Field(..., description=_NAME)
    language: str
    state: InvitationStateOut
    purpose_version: int | None
    sent_at: dt.datetime
    send_count: int
    expires_at: dt.datetime

    @staticmethod
    def resolve_organisation(obj: Invitation) -> Any:
        return obj.membership.stakeholder

    @staticmethod
    def resolve_email(obj: Invitation, context: Any) -> str | None:
        return obj.email if from_context(context, CONTACTS) else None

    @staticmethod
    def resolve_contact_name(obj: Invitation, context: Any) -> str | None:
        return obj.contact_name if from_context(context, PEOPLE) else None

    @staticmethod
    def resolve_state(obj: Invitation) -> str:
        return str(selectors.invitation_state(obj).value)

    @staticmethod
    def resolve_purpose_version(obj: Invitation) -> int | None:
        return obj.purpose.version if obj.purpose else None


class InvitationIn(BodySchema):
    """Invite one person to speak for an organisation of the alliance (`membership_id`). The
    email carries the purpose and a personal link; the link itself is never returned."""

    membership_id: int = Field(..., ge=1, le=2**31 - 1)
    # Checked by the service (a 422 naming `email`), after the alliance is known.
    email: CleanStr = Field(..., max_length=254)
    language: Language = "en"
    contact_name: CleanStr = Field("", max_length=200)
    message: CleanStr = Field("", max_length=5000)


class JoinRequestOut(Schema):
    id: int
    organisation_name: str
    kind: str
    contact_name: str | None = Field(..., description=_NAME)
    email: str | None = Field(..., description=_EMAIL)
    message: str
    status: Literal["pending", "accepted", "refused"]
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str
    stakeholder_id: int | None

    @staticmethod
    def resolve_contact_name(obj: Any, context: Any) -> str | None:
        return obj.contact_name if from_context(context, PEOPLE) else None

    @staticmethod
    def resolve_email(obj: Any, context: Any) -> str | None:
        return obj.email if from_context(context, CONTACTS) else None


class DecisionIn(BodySchema):
    note: CleanStr = Field("", max_length=2000)


class PersonOut(Schema):
    seat_id: int
    name: str | None = Field(..., description=_NAME)
    organisation: str | None

    @staticmethod
    def resolve_name(obj: dict[str, Any], context: Any) -> str | None:
        return obj["name"] if from_context(context, PEOPLE) else None


def _person(seat: Seat) -> dict[str, Any]:
    return {
        "seat_id": seat.pk,
        "name": str(seat.user),
        "organisation": seat.organisation.name if seat.organisation else None,
    }


class VoiceOut(Schema):
    membership_id: int
    version: int = Field(..., description="The membership's version: send it back to change the voice")
    organisation: OrganisationOut
    voice: PersonOut | None
    representatives: list[PersonOut]


class VoiceIn(BodySchema):
    seat_id: int = Field(..., ge=1, le=2**31 - 1)
    version: int = VersionIn


class TermOut(Schema):
    id: int
    role: str
    person: PersonOut
    starts_on: dt.date
    ends_on: dt.date | None

    @staticmethod
    def resolve_person(obj: SeatRole) -> dict[str, Any]:
        return _person(obj.seat)


class CoChairsIn(BodySchema):
    """The full new set of co-chairs: at least the alliance's minimum, each from a different
    member organisation. Replaces the current set at once."""

    seat_ids: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(..., max_length=20)
    starts_on: dt.date | None = None


class RotationOut(Schema):
    current: list[TermOut]
    upcoming: list[TermOut]
    next_hand_over: dt.date | None


class SecretariatTermIn(BodySchema):
    seat_id: int = Field(..., ge=1, le=2**31 - 1)
    starts_on: dt.date


@router.get(
    "{alliance_slug}/invitations",
    response={200: list[InvitationOut], **READ_ERRORS},
    summary="Invitations sent, newest first, with their state",
)
@paginate(Pagination)
@api_operation("membership.view_memberships")
def invitation_list(request: AllianceRequest, alliance_slug: str) -> Any:
    alliance = request.alliance
    return selectors.invitations(alliance)


@router.post(
    "{alliance_slug}/invitations",
    response={201: InvitationOut, **WRITE_ERRORS},
    summary="Invite an organisation (email with the purpose and a personal link)",
)
@api_operation("membership.invite", write=True)
def invitation_create(request: AllianceRequest, alliance_slug: str, payload: InvitationIn) -> Any:
    alliance = request.alliance
    membership = get_in_alliance(alliance.memberships.select_related("stakeholder"), pk=payload.membership_id)
    invitation = services.membership_invite(
        alliance=alliance,
        membership=membership,
        email=payload.email,
        language=payload.language,
        contact_name=payload.contact_name,
        message=payload.message,
        by=request.user,
    )
    return Status(201, invitation)


@router.post(
    "{alliance_slug}/invitations/{invitation_id}/resend",
    response={200: InvitationOut, **READ_ERRORS},
    summary="Send an invitation again with a new link (the old link stops working)",
)
@api_operation("membership.invite", write=True)
def invitation_resend(request: AllianceRequest, alliance_slug: str, invitation_id: int = Id) -> Any:
    alliance = request.alliance
    invitation = get_in_alliance(alliance.invitations, pk=invitation_id)
    return services.invitation_resend(invitation=invitation, by=request.user)


@router.post(
    "{alliance_slug}/invitations/{invitation_id}/revoke",
    response={200: InvitationOut, **READ_ERRORS},
    summary="Withdraw an unanswered invitation",
)
@api_operation("membership.invite", write=True)
def invitation_revoke(request: AllianceRequest, alliance_slug: str, invitation_id: int = Id) -> Any:
    alliance = request.alliance
    invitation = get_in_alliance(alliance.invitations, pk=invitation_id)
    return services.invitation_revoke(invitation=invitation, by=request.user)


@router.get(
    "{alliance_slug}/join-requests",
    response={200: list[JoinRequestOut], **READ_ERRORS},
    summary="Requests to join, newest first",
)
@paginate(Pagination)
@api_operation("membership.view_memberships")
def join_request_list(request: AllianceRequest, alliance_slug: str) -> Any:
    alliance = request.alliance
    return selectors.join_requests(alliance)


@router.post(
    "{alliance_slug}/join-requests/{join_request_id}/accept",
    response={200: JoinRequestOut, **WRITE_ERRORS},
    summary="Accept a request to join (co-chairs): the organisation becomes a member and the person is invited",
)
@api_operation("membership.decide_join_requests", write=True)
def join_request_accept(
    request: AllianceRequest, alliance_slug: str, payload: DecisionIn, join_request_id: int = Id
) -> Any:
    alliance = request.alliance
    join_request = get_in_alliance(alliance.join_requests, pk=join_request_id)
    return services.join_request_accept(join_request=join_request, by=request.user, note=payload.note)


@router.post(
    "{alliance_slug}/join-requests/{join_request_id}/refuse",
    response={200: JoinRequestOut, **WRITE_ERRORS},
    summary="Refuse a request to join (co-chairs), with a reply",
)
@api_operation("membership.decide_join_requests", write=True)
def join_request_refuse(
    request: AllianceRequest, alliance_slug: str, payload: DecisionIn, join_request_id: int = Id
) -> Any:
    alliance = request.alliance
    join_request = get_in_alliance(alliance.join_requests, pk=join_request_id)
    return services.join_request_refuse(join_request=join_request, by=request.user, note=payload.note)


def _voice_row(m: Membership, reps: list[Seat]) -> dict[str, Any]:
    voice = selectors.voice_of(m)
    return {
        "membership_id": m.pk,
        "version": m.version,
        "organisation": m.stakeholder,
        "voice": _person(voice) if voice else None,
        "representatives": [_person(s) for s in reps],
    }


@router.get(
    "{alliance_slug}/voices",
    response={200: list[VoiceOut], **READ_ERRORS},
    summary="Each member organisation's representatives and its voice in decisions",
)
@api_operation("membership.view_memberships")
def voice_list(request: AllianceRequest, alliance_slug: str) -> Any:
    alliance = request.alliance
    reps: dict[int, list[Seat]] = {}
    for seat in selectors.representatives(alliance):
        reps.setdefault(seat.organisation_id, []).append(seat)  # type: ignore[arg-type]
    rows = (
        selectors.memberships(alliance)
        .filter(status=Membership.Status.MEMBER)
        .select_related("voice__user", "voice__organisation")
    )
    return [_voice_row(m, reps.get(m.stakeholder_id, [])) for m in rows]


@router.put(
    "{alliance_slug}/memberships/{membership_id}/voice",
    response={200: VoiceOut, 409: StaleVersionOut, **WRITE_ERRORS},
    summary="Name the representative who casts the organisation's one vote",
    description="A `version` other than the membership's stored one (someone changed the voice since you "
    "read it) is refused with 409 naming the voice they chose; nothing is written.",
)
@api_operation("membership.manage_representatives", write=True)
def voice_set(request: AllianceRequest, alliance_slug: str, payload: VoiceIn, membership_id: int = Id) -> Any:
    alliance = request.alliance
    membership = get_in_alliance(alliance.memberships.select_related("stakeholder"), pk=membership_id)
    seat = get_in_alliance(alliance.seats.select_related("user", "organisation"), pk=payload.seat_id)
    services.voice_set(membership=membership, seat=seat, by=request.user, version=payload.version)
    reps = [s for s in selectors.representatives(alliance) if s.organisation_id == membership.stakeholder_id]
    return _voice_row(membership, reps)


@router.put(
    "{alliance_slug}/co-chairs",
    response={200: list[TermOut], **WRITE_ERRORS},
    summary="Replace the co-chairs (at least two, from different member organisations)",
)
@api_operation("core.manage_roles", write=True)
def co_chairs_set(request: AllianceRequest, alliance_slug: str, payload: CoChairsIn) -> Any:
    alliance = request.alliance
    seats = list(alliance.seats.filter(pk__in=payload.seat_ids).select_related("user", "organisation"))
    if len(seats) != len(set(payload.seat_ids)):
        raise ValidationError({"seat_ids": _("Choose people who hold a seat in this alliance.")})
    terms = services_roles.co_chairs_set(alliance=alliance, seats=seats, starts_on=payload.starts_on, by=request.user)
    ids = [t.pk for t in terms]
    return list(SeatRole.objects.filter(pk__in=ids).select_related("seat__user", "seat__organisation"))


@router.get(
    "{alliance_slug}/secretariat",
    response={200: RotationOut, **READ_ERRORS},
    summary="The secretariat now, the planned turns and the next hand-over date",
)
@api_operation("core.view_members")
def secretariat_rotation(request: AllianceRequest, alliance_slug: str) -> Any:
    alliance = request.alliance
    rotation = selectors.secretariat_rotation(alliance)
    return {"current": rotation.current, "upcoming": rotation.upcoming, "next_hand_over": rotation.hand_over_on}


@router.post(
    "{alliance_slug}/secretariat",
    response={201: TermOut, **WRITE_ERRORS},
    summary="Plan a secretariat hand-over: this person takes over on this day",
)
@api_operation("core.manage_roles", write=True)
def secretariat_add(request: AllianceRequest, alliance_slug: str, payload: SecretariatTermIn) -> Any:
    alliance = request.alliance
    seat = get_in_alliance(alliance.seats.select_related("user", "organisation"), pk=payload.seat_id)
    term = services_roles.secretariat_term_add(
        alliance=alliance, seat=seat, starts_on=payload.starts_on, by=request.user
    )
    return Status(201, term)
