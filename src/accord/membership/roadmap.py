"""Step 3 (invitations carrying the purpose, enough organisations accepted) and the roles part of
step 5 (co-chairs from different organisations, a rotating secretariat)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.core.models import Alliance, Role
from accord.core.roadmap import Evidence, State, StepStatus, Text
from accord.membership.models import Membership, SeatRole
from accord.membership.selectors import secretariat_rotation


def invitations_step(alliance: Alliance) -> StepStatus:
    url = reverse("membership:members", kwargs={"alliance_slug": alliance.slug})
    sent = alliance.invitations.filter(purpose__isnull=False).count()
    accepted_orgs = (
        alliance.invitations.filter(accepted_at__isnull=False, membership__status=Membership.Status.MEMBER)
        .values("membership__stakeholder_id")
        .distinct()
        .count()
    )
    members = alliance.memberships.filter(status=Membership.Status.MEMBER).count()
    need = alliance.min_accepted_members
    evidence = [
        Evidence(
            ngettext("%(n)d invitation sent with the purpose", "%(n)d invitations sent with the purpose", sent)
            % {"n": sent},
            ok=sent > 0,
            url=url + "#invitations",
        ),
        Evidence(
            ngettext(
                "%(n)d organisation accepted (needed: %(need)d)",
                "%(n)d organisations accepted (needed: %(need)d)",
                accepted_orgs,
            )
            % {"n": accepted_orgs, "need": need},
            ok=accepted_orgs >= need,
            url=url,
        ),
        Evidence(
            ngettext("%(n)d member organisation in all", "%(n)d member organisations in all", members) % {"n": members},
            ok=members >= need,
        ),
    ]
    thresholds: list[Text] = [_("At least %(n)d organisations accept an invitation") % {"n": need}]
    if sent and accepted_orgs >= need:
        return StepStatus(
            state=State.DONE,
            evidence=evidence,
            next_action=_("Keep the door open: share the link to ask to join."),
            next_url=url + "#join-requests",
            thresholds=thresholds,
        )
    if not sent:
        return StepStatus(
            state=State.TODO,
            evidence=evidence,
            next_action=_("Invite the first organisations, with the purpose in hand."),
            next_url=url + "#invite",
            thresholds=thresholds,
            # The invitation carries the purpose: a clear one first.
            needs=(1,),
        )
    return StepStatus(
        state=State.IN_PROGRESS,
        evidence=evidence,
        next_action=_("Follow up the invitations not yet answered, or invite more organisations."),
        next_url=url + "#invitations",
        thresholds=thresholds,
    )


def roles_step(alliance: Alliance) -> StepStatus:
    url = reverse("membership:members", kwargs={"alliance_slug": alliance.slug})
    chairs = list(SeatRole.objects.current_in(alliance).filter(role=Role.CO_CHAIR).select_related("seat__organisation"))
    orgs = {c.seat.organisation_id for c in chairs if c.seat.organisation_id is not None}
    need = alliance.co_chair_min
    chairs_ok = len(orgs) >= need
    rotation = secretariat_rotation(alliance)
    evidence = [
        Evidence(
            ngettext(
                "%(n)d co-chair from %(o)d organisation (needed: %(need)d organisations)",
                "%(n)d co-chairs from %(o)d organisations (needed: %(need)d organisations)",
                len(chairs),
            )
            % {"n": len(chairs), "o": len(orgs), "need": need},
            ok=chairs_ok,
            url=url + "#co-chairs",
        ),
        Evidence(
            _("Secretariat now: %(who)s") % {"who": ", ".join(str(t.seat.user) for t in rotation.current)}
            if rotation.current
            else _("Nobody holds the secretariat now."),
            ok=bool(rotation.current),
            url=url + "#secretariat",
        ),
        Evidence(
            _("Next hand-over on %(day)s to %(who)s") % {"day": rotation.hand_over_on, "who": rotation.next.seat.user}
            if rotation.next
            else _("No next secretariat turn planned: the secretariat should rotate."),
            ok=rotation.next is not None,
            url=url + "#secretariat",
        ),
    ]
    done = chairs_ok and bool(rotation.current) and rotation.next is not None
    if done:
        action, target = _("Keep the rotation going: plan the turn after next."), url + "#secretariat"
    elif not chairs_ok:
        action, target = _("Name co-chairs from at least two different member organisations."), url + "#co-chairs"
    else:
        action, target = _("Assign the secretariat and plan who takes it over next."), url + "#secretariat"
    has_any = bool(chairs) or bool(rotation.current)
    return StepStatus(
        state=State.DONE if done else (State.IN_PROGRESS if has_any else State.TODO),
        evidence=evidence,
        next_action=action,
        next_url=target,
        thresholds=[_("At least %(n)d co-chairs from different organisations") % {"n": need}],
    )
