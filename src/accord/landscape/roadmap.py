"""Step 2 (map the landscape, identify members) and the "power holders identified" part of
step 8 (work with the government), computed from the register."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accord.core.models import Alliance
from accord.core.roadmap import Evidence, State, StepStatus, Text
from accord.landscape.models import MembershipStatus, Scope, Stakeholder, StakeholderType
from accord.landscape.selectors import current_assessments

# Thresholds of step 2. The method asks for a map wide enough to choose members from and
# targets precise enough to act on; these bars are modest on purpose.
MIN_TARGETS = 1
MIN_ASSESSED = 8
MIN_CANDIDATE_TYPES = 3
# Membership statuses that count as "identified as a member or a candidate".
CANDIDATE_STATUSES = (MembershipStatus.CANDIDATE, MembershipStatus.INVITED, MembershipStatus.MEMBER)


def _url(alliance: Alliance, query: str = "") -> str:
    return reverse("landscape:register", kwargs={"alliance_slug": alliance.slug}) + query


def landscape_step(alliance: Alliance) -> StepStatus:
    targets = list(Stakeholder.objects.filter(alliance_id=alliance.pk, is_target=True).only("id", "name"))
    current = current_assessments(alliance)
    assessed = len(current)
    targets_assessed = [t for t in targets if t.pk in current and current[t.pk].position is not None]
    candidates = list(
        # Not through alliance.stakeholders: with only() that reads each row's alliance_id back.
        Stakeholder.objects.filter(alliance_id=alliance.pk, membership__status__in=CANDIDATE_STATUSES).only(
            "id", "kind", "scope", "represents_affected_population"
        )
    )
    kinds = {s.kind for s in candidates}
    grassroots = [
        s
        for s in candidates
        if s.scope == Scope.GRASSROOTS or s.kind == StakeholderType.MEMBER_BASED or s.represents_affected_population
    ]

    targets_ok = len(targets) >= MIN_TARGETS
    targets_assessed_ok = targets_ok and len(targets_assessed) == len(targets)
    assessed_ok = assessed >= MIN_ASSESSED
    kinds_ok = len(kinds) >= MIN_CANDIDATE_TYPES
    grassroots_ok = bool(grassroots)

    evidence = [
        Evidence(
            ngettext("%(n)s target named", "%(n)s targets named", len(targets)) % {"n": len(targets)}
            if targets
            else _("No target named yet."),
            ok=targets_ok,
            url=_url(alliance, "?target=yes"),
        ),
        Evidence(
            ngettext(
                "%(a)s of %(n)s target assessed with a known position",
                "%(a)s of %(n)s targets assessed with a known position",
                len(targets),
            )
            % {"a": len(targets_assessed), "n": len(targets)},
            ok=targets_assessed_ok,
            url=_url(alliance, "?target=yes"),
        ),
        Evidence(
            ngettext(
                "%(n)s stakeholder with a current assessment (position and influence)",
                "%(n)s stakeholders with a current assessment (position and influence)",
                assessed,
            )
            % {"n": assessed},
            ok=assessed_ok,
            url=_url(alliance),
        ),
        Evidence(
            ngettext(
                "%(k)s type of organisation among the members and candidates",
                "%(k)s types of organisation among the members and candidates",
                len(kinds),
            )
            % {"k": len(kinds)},
            ok=kinds_ok,
            url=_url(alliance, "?membership=member"),
        ),
        Evidence(
            ngettext(
                "%(n)s grassroots, member-based or affected-population organisation among members and candidates",
                "%(n)s grassroots, member-based or affected-population organisations among members and candidates",
                len(grassroots),
            )
            % {"n": len(grassroots)},
            ok=grassroots_ok,
            url=_url(alliance, "?membership=candidate"),
        ),
    ]
    thresholds: list[Text] = [
        gettext_lazy("at least one target named, each with a current position"),
        _("at least %(n)s stakeholders assessed") % {"n": MIN_ASSESSED},
        _("members and candidates of at least %(n)s types") % {"n": MIN_CANDIDATE_TYPES},
        gettext_lazy("at least one grassroots, member-based or affected-population organisation among them"),
    ]
    if all((targets_ok, targets_assessed_ok, assessed_ok, kinds_ok, grassroots_ok)):
        return StepStatus(
            state=State.DONE,
            evidence=evidence,
            thresholds=thresholds,
            next_action=_("Keep the assessments current as positions move."),
            next_url=_url(alliance),
        )
    if not targets_ok:
        action, url = _("Name the power holders you want to move: mark them as targets."), _url(alliance)
    elif not targets_assessed_ok:
        action = _("Assess every target's position and influence.")
        url = _url(alliance, "?target=yes")
    elif not assessed_ok:
        action = _("Assess at least %(n)s stakeholders (%(m)s more).") % {
            "n": MIN_ASSESSED,
            "m": MIN_ASSESSED - assessed,
        }
        url = _url(alliance, "?position=unassessed")
    elif not grassroots_ok:
        action = _("Add a grassroots or member-based organisation of the people affected as a candidate.")
        url = reverse("landscape:stakeholder_create", kwargs={"alliance_slug": alliance.slug})
    else:
        action = _("Look for candidates of other types: %(n)s types so far, %(m)s needed.") % {
            "n": len(kinds),
            "m": MIN_CANDIDATE_TYPES,
        }
        url = _url(alliance)
    started = bool(targets or assessed or len(candidates) > 1)
    return StepStatus(
        state=State.IN_PROGRESS if started else State.TODO,
        evidence=evidence,
        thresholds=thresholds,
        next_action=action,
        next_url=url,
    )


def power_holders_step(alliance: Alliance) -> StepStatus:
    """The part of step 8 the register can see: the power holders are named and their influence
    assessed. Engagement with them comes with the influence capability, so the step is never
    shown done from this part alone."""
    targets = list(Stakeholder.objects.filter(alliance_id=alliance.pk, is_target=True).only("id", "name"))
    current = current_assessments(alliance, stakeholder_ids=[t.pk for t in targets]) if targets else {}
    unassessed = [t for t in targets if t.pk not in current]
    evidence = [
        Evidence(
            ngettext("%(n)s power holder named as a target", "%(n)s power holders named as targets", len(targets))
            % {"n": len(targets)}
            if targets
            else _("No target named yet."),
            ok=bool(targets),
            url=_url(alliance, "?target=yes"),
        ),
        Evidence(
            ngettext(
                "%(a)s of %(n)s target assessed for influence",
                "%(a)s of %(n)s targets assessed for influence",
                len(targets),
            )
            % {"a": len(targets) - len(unassessed), "n": len(targets)},
            ok=bool(targets) and not unassessed,
            url=_url(alliance, "?target=yes"),
        ),
    ]
    not_covered: list[Text] = [gettext_lazy("engagement with the government logged recently")]
    thresholds: list[Text] = [gettext_lazy("every target has a current assessment of its influence")]
    if not targets:
        return StepStatus(
            state=State.TODO,
            evidence=evidence,
            thresholds=thresholds,
            not_covered=not_covered,
            next_action=_("Name the power holders: mark the officials and bodies who decide as targets."),
            next_url=_url(alliance),
        )
    if unassessed:
        return StepStatus(
            state=State.IN_PROGRESS,
            evidence=evidence,
            thresholds=thresholds,
            not_covered=not_covered,
            next_action=_("Assess the influence of %(name)s.") % {"name": unassessed[0].name},
            next_url=reverse(
                "landscape:stakeholder", kwargs={"alliance_slug": alliance.slug, "stakeholder_id": unassessed[0].pk}
            ),
        )
    return StepStatus(
        state=State.DONE,
        evidence=evidence,
        thresholds=thresholds,
        not_covered=not_covered,
        next_action=_("Keep a line open to them and log every engagement (coming with the influence part)."),
        next_url=_url(alliance, "?target=yes"),
    )
