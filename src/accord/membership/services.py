"""Writes on membership: invitations, joining, leaving, representatives and each member
organisation's one voice in decisions.

A membership moves only along the method's path: candidate -> invited -> member -> left, or
invited -> declined. The door stays open: a declined or departed organisation can be invited
again, and an organisation can ask to join (the co-chairs decide)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.models import Alliance, Role
from accord.core.notify import absolute, notify
from accord.core.versions import StaleVersion, check_version, save_versioned
from accord.lib.text import shorten
from accord.membership.models import Invitation, JoinRequest, Membership, Seat, SeatRole
from accord.membership.selectors import (
    InvitationState,
    co_chair_users,
    invitation_joins_a_member,
    invitation_purpose,
    invitation_state,
    voice_of,
)

if TYPE_CHECKING:
    from accord.landscape.models import Stakeholder

S = Membership.Status

# Where each status may go next, and the service that moves it there.
TRANSITIONS: dict[str, set[str]] = {
    S.CANDIDATE: {S.INVITED, S.MEMBER},
    S.INVITED: {S.MEMBER, S.DECLINED, S.CANDIDATE},
    S.MEMBER: {S.LEFT},
    S.LEFT: {S.INVITED, S.MEMBER},
    S.DECLINED: {S.INVITED, S.MEMBER},
}


class InvitationProblem(Exception):
    """A link that cannot be used: unknown (forged or replaced), expired, revoked, or already
    answered. `state` says which, for a clear page."""

    def __init__(self, state: str, invitation: Invitation | None = None) -> None:
        super().__init__(state)
        self.state = state
        self.invitation = invitation


def token_digest(raw: str) -> str:
    """Only this digest is stored: a database leak does not give working links."""
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def membership_move(*, membership: Membership, to: str, note: str = "") -> Membership:
    """Change a membership's status along an allowed transition, or refuse clearly."""
    if to == membership.status:
        return membership
    if to not in TRANSITIONS.get(membership.status, set()):
        raise ValidationError(
            {
                "status": _("%(org)s cannot go from “%(old)s” to “%(new)s”.")
                % {"org": membership.stakeholder.name, "old": membership.get_status_display(), "new": S(to).label}
            }
        )
    membership.status = to
    membership.since = membership.alliance.today()
    fields = ["status", "since"]
    if to != S.MEMBER and membership.voice_id is not None:
        membership.voice = None
        fields.append("voice")
    if note:
        membership.note = note
        fields.append("note")
    membership.save(update_fields=fields)
    return membership


def _open_invitations(membership: Membership, now: dt.datetime) -> Any:
    return membership.invitations.filter(
        revoked_at__isnull=True, accepted_at__isnull=True, declined_at__isnull=True, expires_at__gt=now
    )


# How much of the purpose an invitation email quotes; the personal link shows all of it.
INVITATION_SUMMARY_CHARS = 300
INVITATION_PROBLEM_CHARS = 200


def _send_invitation(invitation: Invitation, raw: str) -> None:
    url = absolute(reverse("invitations:show", kwargs={"token": raw}))
    purpose = invitation.purpose
    change = (purpose.change_sought or purpose.policy or purpose.problem) if purpose else ""
    problem = purpose.problem if purpose and change != purpose.problem else ""
    notify(
        alliance=invitation.alliance,
        kind="invitation",
        template="membership/email/invitation",
        context={
            "invitation": invitation,
            "purpose": purpose,
            "organisation": invitation.membership.stakeholder,
            "colleague": invitation_joins_a_member(invitation),
            # Cut at a word with an ellipsis; the link that follows them shows the whole purpose.
            "change_sought": shorten(change, INVITATION_SUMMARY_CHARS),
            "problem": shorten(problem, INVITATION_PROBLEM_CHARS),
        },
        emails=[(invitation.email, invitation.language)],
        url=url,
    )


@transaction.atomic
def membership_propose(*, alliance: Alliance, stakeholder: Stakeholder) -> Membership:
    """Put an organisation from the register on the list of candidate members (method step 2:
    identify members), ready to be invited. Individuals are not members: their organisation is."""
    if stakeholder.alliance_id != alliance.pk:
        raise ValidationError(_("Choose an organisation of this alliance."))
    if stakeholder.is_individual:
        raise ValidationError(_("People join through their organisation: propose the organisation instead."))
    existing = Membership.objects.filter(stakeholder=stakeholder).first()
    if existing is not None:
        raise ValidationError(
            _("%(name)s is already on the list (%(status)s).")
            % {"name": stakeholder.name, "status": existing.get_status_display()}
        )
    return Membership.objects.create(
        alliance=alliance, stakeholder=stakeholder, status=S.CANDIDATE, since=alliance.today()
    )


@transaction.atomic
def stakeholder_invite(*, alliance: Alliance, stakeholder: Stakeholder, **details: Any) -> Invitation:
    """Invite an organisation straight from the register: it becomes a candidate first if it
    was not on the list yet, then invited, in one transaction."""
    membership = Membership.objects.filter(stakeholder=stakeholder).first()
    if membership is None:
        membership = membership_propose(alliance=alliance, stakeholder=stakeholder)
    return membership_invite(alliance=alliance, membership=membership, **details)


@transaction.atomic
def membership_invite(
    *,
    alliance: Alliance,
    membership: Membership,
    email: str,
    language: str = "en",
    contact_name: str = "",
    message: str = "",
    by: Any = None,
) -> Invitation:
    """Invite one person to speak for an organisation, with the purpose in hand (method step 3).

    The invitation carries the alliance's agreed purpose, or its latest version when none is
    agreed yet; there is no inviting before a purpose exists. A candidate, or an organisation
    that declined or left, becomes "invited"; inviting a colleague of a member organisation
    adds a representative and leaves it a member. One open invitation per address."""
    if membership.alliance_id != alliance.pk:
        raise ValidationError({"membership": _("Choose an organisation of this alliance.")})
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid email address.")}) from None
    purpose = invitation_purpose(alliance)
    if purpose is None:
        raise ValidationError(_("Write the purpose first: every invitation carries it."))
    now = timezone.now()
    if _open_invitations(membership, now).filter(email__iexact=email).exists():
        raise ValidationError({"email": _("This address already has an open invitation: re-send it instead.")})
    if membership.status != S.MEMBER:
        membership_move(membership=membership, to=S.INVITED)
    raw = _new_token()
    invitation = Invitation.objects.create(
        alliance=alliance,
        membership=membership,
        email=email,
        contact_name=contact_name.strip(),
        language=language or "en",
        message=message.strip(),
        purpose=purpose,
        token_digest=token_digest(raw),
        invited_by=by,
        sent_at=now,
        expires_at=now + dt.timedelta(days=alliance.invitation_valid_days),
    )
    _send_invitation(invitation, raw)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: Any = None) -> Invitation:
    """Send an invitation again with a new link: the old link stops working at once, the new
    one is valid for the alliance's full period. Answered or revoked invitations are final."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    state = invitation_state(invitation)
    if state not in (InvitationState.SENT, InvitationState.EXPIRED):
        raise ValidationError(_("This invitation was %(state)s: it cannot be sent again.") % {"state": state.label})
    membership = invitation.membership
    if membership.status not in (S.INVITED, S.MEMBER):
        membership_move(membership=membership, to=S.INVITED)
    raw = _new_token()
    now = timezone.now()
    invitation.token_digest = token_digest(raw)
    invitation.sent_at = now
    invitation.expires_at = now + dt.timedelta(days=invitation.alliance.invitation_valid_days)
    invitation.send_count += 1
    invitation.purpose = invitation_purpose(invitation.alliance) or invitation.purpose
    invitation.save(update_fields=["token_digest", "sent_at", "expires_at", "send_count", "purpose"])
    _send_invitation(invitation, raw)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: Any = None) -> Invitation:
    """Withdraw an invitation not yet answered; its link stops working. An organisation with no
    other open invitation goes back to being a candidate."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    state = invitation_state(invitation)
    if state not in (InvitationState.SENT, InvitationState.EXPIRED):
        raise ValidationError(_("This invitation was %(state)s: there is nothing to revoke.") % {"state": state.label})
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    membership = invitation.membership
    if membership.status == S.INVITED and not _open_invitations(membership, timezone.now()).exists():
        membership_move(membership=membership, to=S.CANDIDATE)
    return invitation


def _usable(raw: str, *, lock: bool = False) -> Invitation:
    qs = Invitation.objects.select_related("alliance", "membership__stakeholder", "purpose")
    if lock:
        qs = qs.select_for_update(of=("self",))
    invitation = qs.filter(token_digest=token_digest(raw or "")).first() if raw else None
    if invitation is None:
        raise InvitationProblem("unknown")
    state = invitation_state(invitation)
    if state != InvitationState.SENT:
        raise InvitationProblem(state.value, invitation)
    return invitation


def invitation_for_token(raw: str) -> Invitation:
    """The open invitation behind a link, or InvitationProblem saying why it cannot be used."""
    return _usable(raw)


def link_opens_signup(value: str) -> bool:
    """Whether a link kept in the session (an open invitation, or a join link as "join:<token>")
    may open sign-up for a newcomer."""
    from accord.membership.selectors import alliance_for_join_token

    if value.startswith("join:"):
        return alliance_for_join_token(value[len("join:") :]) is not None
    try:
        _usable(value)
    except InvitationProblem:
        return False
    return True


@transaction.atomic
def invitation_accept(*, token: str, user: Any) -> Seat:
    """Accept an invitation as the logged-in `user`: the organisation becomes a member and the
    person gets a seat as its representative. The link is used up. An organisation without a
    voice gets its first representative as its voice. A person speaks for one organisation per
    alliance."""
    invitation = _usable(token, lock=True)
    alliance = invitation.alliance
    membership = Membership.objects.select_for_update().select_related("stakeholder").get(pk=invitation.membership_id)
    organisation = membership.stakeholder
    seat = Seat.objects.filter(alliance=alliance, user=user).select_related("organisation").first()
    if seat is not None and seat.left_on is None and seat.organisation_id not in (None, organisation.pk):
        speaks = SeatRole.objects.current(alliance.today()).filter(seat=seat, role=Role.REPRESENTATIVE).exists()
        if speaks:
            raise ValidationError(
                _("You already speak for %(org)s in this alliance; one person speaks for one organisation.")
                % {"org": seat.organisation}
            )
    if membership.status != S.MEMBER:
        membership_move(membership=membership, to=S.MEMBER)
    from accord.membership.services_roles import seat_grant_role

    already = (
        seat is not None
        and seat.organisation_id == organisation.pk
        and SeatRole.objects.current(alliance.today()).filter(seat=seat, role=Role.REPRESENTATIVE).exists()
    )
    if not already:
        seat_grant_role(alliance=alliance, email=user.email, role=Role.REPRESENTATIVE, organisation_id=organisation.pk)
    seat = Seat.objects.get(alliance=alliance, user=user)
    now = timezone.now()
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    if voice_of(membership) is None:
        membership.voice = seat
        membership.save(update_fields=["voice"])
    notify(
        alliance=alliance,
        kind="invitation_accepted",
        template="membership/email/accepted",
        context={"organisation": organisation, "person": user},
        recipients=co_chair_users(alliance),
        url=absolute(reverse("membership:members", kwargs={"alliance_slug": alliance.slug})),
    )
    return seat


@transaction.atomic
def invitation_decline(*, token: str) -> Invitation:
    """Decline through the link (no account needed). An invited organisation with no other open
    invitation becomes "declined"; it can be invited again later."""
    invitation = _usable(token, lock=True)
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at"])
    membership = Membership.objects.select_for_update().select_related("stakeholder").get(pk=invitation.membership_id)
    if membership.status == S.INVITED and not _open_invitations(membership, timezone.now()).exists():
        membership_move(membership=membership, to=S.DECLINED)
    notify(
        alliance=invitation.alliance,
        kind="invitation_declined",
        template="membership/email/declined",
        context={"organisation": membership.stakeholder, "invitation": invitation},
        recipients=co_chair_users(invitation.alliance),
        url=absolute(reverse("membership:members", kwargs={"alliance_slug": invitation.alliance.slug})),
    )
    return invitation


@transaction.atomic
def membership_leave(*, membership: Membership, by: Any = None, note: str = "") -> Membership:
    """An organisation leaves: its people's roles end (kept in the record), its voice is
    cleared and the co-chairs are told. Only members can leave; the last co-chair's organisation
    cannot leave before another co-chair is named."""
    from accord.membership.services_roles import seat_role_end

    membership = Membership.objects.select_for_update().select_related("stakeholder", "alliance").get(pk=membership.pk)
    if membership.status != S.MEMBER:
        raise ValidationError({"status": _("Only a member organisation can leave.")})
    today = membership.alliance.today()
    roles = SeatRole.objects.current(today).filter(
        alliance_id=membership.alliance_id, seat__organisation=membership.stakeholder
    )
    for role in roles.select_related("seat__user").order_by("role"):
        seat_role_end(seat_role=role, on=today, by=by)
    membership_move(membership=membership, to=S.LEFT, note=note)
    notify(
        alliance=membership.alliance,
        kind="member_left",
        template="membership/email/left",
        context={"organisation": membership.stakeholder},
        recipients=co_chair_users(membership.alliance),
        url=absolute(reverse("membership:members", kwargs={"alliance_slug": membership.alliance.slug})),
    )
    return membership


# --- the voice ----------------------------------------------------------------------------------


def _seat_name(seat_id: int) -> str:
    seat = Seat.objects.select_related("user").filter(pk=seat_id).first()
    return str(seat.user) if seat is not None else "—"


@transaction.atomic
def voice_set(*, membership: Membership, seat: Seat, by: Any = None, version: int | None = None) -> Membership:
    """Name the representative who casts the organisation's one vote. Only a current
    representative of that same member organisation can be its voice. Earlier voices stay in
    the membership's history. With the membership's `version` the choice began from, a choice
    made over someone else's newer one is refused (StaleVersion, naming the voice they chose)."""
    how: dict[str, Any] = {"texts": {"voice": _seat_name}}
    if version is not None:
        check_version(membership, version=version, yours={"voice": seat}, fields=("voice",), **how)
    if membership.status != S.MEMBER:
        raise ValidationError({"voice": _("Only a member organisation has a voice in decisions.")})
    is_rep = (
        seat.alliance_id == membership.alliance_id
        and seat.left_on is None
        and seat.organisation_id == membership.stakeholder_id
        and SeatRole.objects.current(membership.alliance.today()).filter(seat=seat, role=Role.REPRESENTATIVE).exists()
    )
    if not is_rep:
        raise ValidationError(
            {"voice": _("Choose a current representative of %(org)s.") % {"org": membership.stakeholder.name}}
        )
    if membership.voice_id != seat.pk:
        before = membership.voice
        membership.voice = seat
        try:
            if version is None:
                membership.save(update_fields=["voice"])
            else:
                save_versioned(
                    membership,
                    version=version,
                    yours={"voice": seat},
                    fields=("voice",),
                    update_fields=["voice"],
                    **how,
                )
        except StaleVersion:
            membership.voice = before
            raise
        notify(
            alliance=membership.alliance,
            kind="voice_set",
            template="membership/email/voice",
            context={"organisation": membership.stakeholder},
            recipients=[seat.user],
            url=absolute(reverse("membership:members", kwargs={"alliance_slug": membership.alliance.slug})),
        )
    return membership


def voice_for(user: Any, alliance: Alliance) -> Stakeholder | None:
    """The member organisation `user` votes for in `alliance`: only the designated voice of a
    member organisation casts its one vote; anyone else gets None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    membership = (
        Membership.objects.filter(
            alliance=alliance,
            status=S.MEMBER,
            voice__user=user,
            voice__alliance=alliance,
        )
        .select_related("stakeholder", "voice")
        .first()
    )
    if membership is None or voice_of(membership) is None:
        return None
    if not SeatRole.objects.current(alliance.today()).filter(seat=membership.voice, role=Role.REPRESENTATIVE).exists():
        return None
    return membership.stakeholder


# --- the open door: requests to join ------------------------------------------------------------


@transaction.atomic
def join_request_create(
    *,
    alliance: Alliance,
    user: Any,
    organisation_name: str,
    kind: str,
    contact_name: str,
    email: str,
    message: str = "",
) -> JoinRequest:
    """An organisation asks to join; the co-chairs are told and decide. One waiting request per
    person and alliance."""
    from accord.landscape.models import StakeholderType

    name = organisation_name.strip()
    if not name:
        raise ValidationError({"organisation_name": _("Name the organisation.")})
    if kind not in StakeholderType.values:
        raise ValidationError({"kind": _("Choose a type of organisation.")})
    if JoinRequest.objects.filter(alliance=alliance, requested_by=user, status=JoinRequest.Status.PENDING).exists():
        raise ValidationError(_("You already asked to join; the co-chairs have not answered yet."))
    request = JoinRequest.objects.create(
        alliance=alliance,
        organisation_name=name,
        kind=kind,
        contact_name=contact_name.strip(),
        email=email.strip(),
        message=message.strip(),
        requested_by=user,
    )
    notify(
        alliance=alliance,
        kind="join_request",
        template="membership/email/join_request",
        context={"join_request": request},
        recipients=co_chair_users(alliance),
        url=absolute(reverse("membership:members", kwargs={"alliance_slug": alliance.slug}) + "#join-requests"),
    )
    return request


def _pending(join_request: JoinRequest) -> JoinRequest:
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if locked.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("This request was already answered."))
    return locked


@transaction.atomic
def join_request_accept(*, join_request: JoinRequest, by: Any = None, note: str = "") -> JoinRequest:
    """The co-chairs accept an organisation that asked to join: it becomes a member (its
    stakeholder record is reused when the alliance already knows it by name) and the person who
    asked is invited as its representative, with the purpose."""
    from accord.landscape.models import Stakeholder

    join_request = _pending(join_request)
    alliance = join_request.alliance
    stakeholder = Stakeholder.objects.filter(alliance=alliance, name__iexact=join_request.organisation_name).first()
    if stakeholder is None:
        stakeholder = Stakeholder.objects.create(
            alliance=alliance, name=join_request.organisation_name, kind=join_request.kind, email=join_request.email
        )
    membership = Membership.objects.filter(stakeholder=stakeholder).select_related("stakeholder").first()
    if membership is None:
        membership = Membership.objects.create(
            alliance=alliance, stakeholder=stakeholder, status=S.MEMBER, since=alliance.today()
        )
    elif membership.status != S.MEMBER:
        membership_move(membership=membership, to=S.MEMBER)
    language = getattr(join_request.requested_by, "language", "") or "en"
    membership_invite(
        alliance=alliance,
        membership=membership,
        email=join_request.email,
        language=language,
        contact_name=join_request.contact_name,
        message=note,
        by=by,
    )
    join_request.status = JoinRequest.Status.ACCEPTED
    join_request.decided_by = by
    join_request.decided_at = timezone.now()
    join_request.decision_note = note.strip()
    join_request.stakeholder = stakeholder
    join_request.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "stakeholder"])
    return join_request


@transaction.atomic
def join_request_refuse(*, join_request: JoinRequest, by: Any = None, note: str = "") -> JoinRequest:
    """The co-chairs refuse a request to join, with a reply the person receives."""
    join_request = _pending(join_request)
    join_request.status = JoinRequest.Status.REFUSED
    join_request.decided_by = by
    join_request.decided_at = timezone.now()
    join_request.decision_note = note.strip()
    join_request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    person = join_request.requested_by
    notify(
        alliance=join_request.alliance,
        kind="join_refused",
        template="membership/email/join_refused",
        context={"join_request": join_request},
        recipients=[person] if person is not None else [],
        emails=[] if person is not None else [(join_request.email, "en")],
    )
    return join_request
