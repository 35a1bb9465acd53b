"""Reads about who is in the alliance: organisations, their representatives and their voice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core import signing
from django.db.models import Count, F, Prefetch, Q, QuerySet, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import Alliance, Role
from accord.membership.models import Invitation, JoinRequest, Membership, Seat, SeatRole

if TYPE_CHECKING:
    from accord.landscape.models import Stakeholder
    from accord.purpose.models import Purpose


class InvitationState(TextChoices):
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    REVOKED = "revoked", _("revoked")
    EXPIRED = "expired", _("expired")


def invitation_state(invitation: Invitation, now: dt.datetime | None = None) -> InvitationState:
    """Where an invitation stands. An answer is final; a revoked link is dead; an unanswered one
    expires."""
    if invitation.accepted_at is not None:
        return InvitationState.ACCEPTED
    if invitation.declined_at is not None:
        return InvitationState.DECLINED
    if invitation.revoked_at is not None:
        return InvitationState.REVOKED
    if invitation.expires_at <= (now or timezone.now()):
        return InvitationState.EXPIRED
    return InvitationState.SENT


def invitation_purpose(alliance: Alliance) -> Purpose | None:
    """The purpose an invitation carries: the agreed one if any, else the latest version."""
    purposes = alliance.purposes.order_by("-version")
    return purposes.filter(agreed_at__isnull=False).first() or purposes.first()


def invitation_joins_a_member(invitation: Invitation) -> bool:
    """Whether the invitation is for a colleague of an organisation that is already a member:
    the person joins as one more of its representatives."""
    return invitation.membership.status == Membership.Status.MEMBER


def co_chair_users(alliance: Alliance) -> list[Any]:
    """The people who co-chair the alliance today (they decide on joining and are told of
    departures)."""
    roles = SeatRole.objects.current_in(alliance).filter(role=Role.CO_CHAIR).select_related("seat__user")
    return list({r.seat.user.pk: r.seat.user for r in roles}.values())


def memberships(alliance: Alliance) -> QuerySet[Membership]:
    return alliance.memberships.select_related("stakeholder").order_by("status", "stakeholder__name")


def member_organisations(alliance: Alliance) -> QuerySet[Stakeholder]:
    """The alliance's member organisations today (membership status "member"), by name, each with
    `membership` and its `voice` seat and user joined in (so `voice_of(s.membership)` costs no
    query)."""
    from accord.landscape.models import Stakeholder

    return (
        Stakeholder.objects.filter(alliance=alliance, membership__status=Membership.Status.MEMBER)
        .select_related("membership", "membership__voice", "membership__voice__user")
        .order_by("name")
    )


def voice_of(membership: Membership) -> Seat | None:
    """The seat that casts this member organisation's one vote, or None.

    A voice counts only while the organisation is a member and the person still holds a seat
    speaking for it (a voice who left or moved organisation is no voice)."""
    if membership.status != Membership.Status.MEMBER or membership.voice_id is None:
        return None
    seat = membership.voice
    if seat is None or seat.left_on is not None or seat.organisation_id != membership.stakeholder_id:
        return None
    return seat


def representatives(alliance: Alliance) -> QuerySet[Seat]:
    """Seats holding a current representative role, with user and organisation."""
    ids = SeatRole.objects.current_in(alliance).filter(role=Role.REPRESENTATIVE).values("seat_id")
    return (
        alliance.seats.filter(pk__in=ids, left_on__isnull=True)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__email")
    )


@dataclass
class MissingVoice:
    """A member organisation that cannot vote yet, with the representatives who could be its voice."""

    membership: Membership
    representatives: list[Seat]


@dataclass
class VoiceCount:
    """How many member organisations can vote: "voices named: 4 of 8"."""

    named: int
    members: int
    missing: list[MissingVoice]

    @property
    def missing_count(self) -> int:
        return len(self.missing)


def count_voices(memberships: Any, reps_by_org: dict[int, list[Seat]]) -> VoiceCount:
    """Count from rows already read (`memberships` with `voice` joined, the current
    representatives by organisation id). A voice counts if it would be allowed to vote: a current
    representative of that member organisation (the rule `services.voice_for` applies)."""
    named, missing, members = 0, [], 0
    for m in memberships:
        if m.status != Membership.Status.MEMBER:
            continue
        members += 1
        reps = reps_by_org.get(m.stakeholder_id, [])
        voice = voice_of(m)
        if voice is not None and any(r.pk == voice.pk for r in reps):
            named += 1
        else:
            missing.append(MissingVoice(membership=m, representatives=reps))
    return VoiceCount(named=named, members=members, missing=missing)


def voice_count(alliance: Alliance) -> VoiceCount:
    """Voices named among the member organisations, in two queries."""
    reps_by_org: dict[int, list[Seat]] = {}
    for seat in representatives(alliance):
        reps_by_org.setdefault(seat.organisation_id or 0, []).append(seat)
    rows = memberships(alliance).filter(status=Membership.Status.MEMBER).select_related("voice")
    return count_voices(rows, reps_by_org)


def members_with_people(alliance: Alliance) -> QuerySet[Membership]:
    """Memberships with their organisation, voice and current representatives (as
    `m.stakeholder.reps`) in three queries however many there are."""
    from accord.landscape.models import Stakeholder

    reps = representatives(alliance)
    return (
        memberships(alliance)
        .select_related("voice__user")
        .prefetch_related(
            Prefetch(
                "stakeholder", queryset=Stakeholder.objects.prefetch_related(Prefetch("seats", reps, to_attr="reps"))
            )
        )
    )


def invitations(alliance: Alliance) -> QuerySet[Invitation]:
    return alliance.invitations.select_related("membership__stakeholder", "purpose").order_by("-sent_at")


def join_requests(alliance: Alliance) -> QuerySet[JoinRequest]:
    return alliance.join_requests.select_related("requested_by", "decided_by").order_by("-requested_at")


@dataclass
class Rotation:
    """The secretariat's turns: who holds it now, who is next and on which day they take over."""

    current: list[SeatRole]
    upcoming: list[SeatRole]

    @property
    def next(self) -> SeatRole | None:
        return self.upcoming[0] if self.upcoming else None

    @property
    def hand_over_on(self) -> dt.date | None:
        return self.upcoming[0].starts_on if self.upcoming else None


def secretariat_rotation(alliance: Alliance, today: dt.date | None = None) -> Rotation:
    """The turns as of `today` (default: the alliance's today)."""
    day = today or alliance.today()
    terms = list(
        SeatRole.objects.filter(alliance=alliance, role=Role.SECRETARIAT)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .filter(Q(seat__left_on__isnull=True) | Q(seat__left_on__gte=day))
        .select_related("seat__user", "seat__organisation")
        .order_by("starts_on", "pk")
    )
    return Rotation(
        current=[t for t in terms if t.starts_on <= day],
        upcoming=[t for t in terms if t.starts_on > day],
    )


def role_terms(alliance: Alliance) -> QuerySet[SeatRole]:
    """Every role term, past and planned, with person, organisation and working group."""
    return alliance.seat_roles.select_related("seat__user", "seat__organisation", "working_group").order_by(
        "role", "-starts_on"
    )


# --- the "ask to join" link ---------------------------------------------------------------------

JOIN_SALT = "accord.membership.join-link"


def join_link_token(alliance: Alliance) -> str:
    """A signed token naming the alliance, for the co-chairs to share. It cannot be guessed from
    the alliance's address, so alliances cannot be probed from outside; it expires after the
    alliance's invitation period."""
    return signing.dumps({"a": alliance.pk}, salt=JOIN_SALT, compress=True)


def alliance_for_join_token(token: str) -> Alliance | None:
    """The alliance a join link opens, or None when the link is forged or too old."""
    try:
        data = signing.loads(token, salt=JOIN_SALT, max_age=dt.timedelta(days=365))
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int):
        return None
    alliance = Alliance.objects.filter(pk=data["a"]).first()
    if alliance is None:
        return None
    try:
        signing.loads(token, salt=JOIN_SALT, max_age=dt.timedelta(days=alliance.invitation_valid_days))
    except signing.SignatureExpired:
        return None
    return alliance


def seats_with_current_roles(alliance: Alliance) -> QuerySet[Seat]:
    """Seats with person, organisation and current roles (with the group a lead leads), in
    two queries."""
    return (
        alliance.seats.select_related("user", "organisation")
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=SeatRole.objects.current(alliance.today()).select_related("working_group").order_by("role"),
                to_attr="current_roles",
            )
        )
        .order_by("organisation__name", "user__email")
    )


def seats_with_roles(alliance: Alliance) -> QuerySet[Seat]:
    """The alliance's seats with their people, organisations and current roles (3 queries)."""
    from django.db.models import Prefetch

    return (
        alliance.seats.select_related("user", "organisation")
        .prefetch_related(
            Prefetch(
                "roles", queryset=SeatRole.objects.current(alliance.today()).order_by("role"), to_attr="current_roles"
            )
        )
        .order_by("organisation__name", "user__email")
    )


# --- the members page: organisations a page at a time, counted in SQL --------------------------

VOICE_NAMED = "named"
VOICE_MISSING = "missing"


def _voice_named_q(alliance: Alliance) -> Q:
    """Memberships whose voice may vote, as `count_voices` counts them: a member organisation
    whose named voice still holds a current representative seat speaking for it."""
    reps = SeatRole.objects.current_in(alliance).filter(role=Role.REPRESENTATIVE).values("seat_id")
    return Q(
        status=Membership.Status.MEMBER,
        voice__isnull=False,
        voice__left_on__isnull=True,
        voice__organisation_id=F("stakeholder_id"),
        voice_id__in=reps,
    )


def memberships_filtered(
    alliance: Alliance, *, status: str = "", kind: str = "", voice: str = ""
) -> QuerySet[Membership]:
    """The members page's organisations under its filters, in its order. `voice` narrows to
    member organisations with a voice that can vote ("named") or without one ("missing")."""
    rows = alliance.memberships.all()
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(stakeholder__kind=kind)
    if voice == VOICE_NAMED:
        rows = rows.filter(_voice_named_q(alliance))
    elif voice == VOICE_MISSING:
        rows = rows.filter(status=Membership.Status.MEMBER).exclude(_voice_named_q(alliance))
    return rows.order_by("status", "stakeholder__name", "pk")


def status_totals(rows: QuerySet[Membership]) -> dict[str, int]:
    """How many of `rows` have each status, in one query."""
    counted = rows.order_by().values("status").annotate(n=Count("id")).values_list("status", "n")
    return {status: n for status, n in counted}


@dataclass
class VoiceTotals:
    """The alliance's "voices named: 4 of 8", counted in SQL (the page lists only some rows)."""

    named: int
    members: int

    @property
    def missing_count(self) -> int:
        return self.members - self.named


def voice_totals(alliance: Alliance) -> VoiceTotals:
    counted = alliance.memberships.aggregate(
        members=Count("id", filter=Q(status=Membership.Status.MEMBER)),
        named=Count("id", filter=_voice_named_q(alliance)),
    )
    return VoiceTotals(named=counted["named"], members=counted["members"])


def representatives_of(alliance: Alliance, organisation_ids: list[int]) -> dict[int, list[Seat]]:
    """The current representatives of these organisations only (a page of them), by id."""
    reps: dict[int, list[Seat]] = {}
    if organisation_ids:
        for seat in representatives(alliance).filter(organisation_id__in=organisation_ids):
            reps.setdefault(seat.organisation_id or 0, []).append(seat)
    return reps
