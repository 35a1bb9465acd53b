"""Step 2 (map the landscape, identify members) and the "power holders identified" part of
step 8 (work with the government), computed from the register."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accord.core.models import Alliance
from accord.core.roadmap import Evidence, State, StepStatus, Text, shared
from accord.landscape.models import Assessment, MembershipStatus, Scope, Stakeholder, StakeholderType

# Thresholds of step 2. The method asks for a map wide enough to choose members from and
# targets precise enough to act on; these bars are modest on purpose.
MIN_TARGETS = 1
MIN_ASSESSED = 8
MIN_CANDIDATE_TYPES = 3
# Membership statuses that count as "identified as a member or a candidate".
CANDIDATE_STATUSES = (MembershipStatus.CANDIDATE, MembershipStatus.INVITED, MembershipStatus.MEMBER)


def _url(alliance: Alliance, query: str = "") -> str:
    return reverse("landscape:register", kwargs={"alliance_slug": alliance.slug}) + query


@dataclass(frozen=True)
class Targets:
    """What steps 2 and 8 need to know of the targets, counted in SQL: however many there are,
    the roadmap holds a few numbers and at most one name."""

    named: int
    # Targets with a current assessment, and those whose current one gives a position.
    assessed: int
    with_position: int
    # The first target (by name) with no assessment at all, as (id, name).
    first_unassessed: tuple[int, str] | None


def _targets(alliance: Alliance) -> Targets:
    # Not through alliance.stakeholders: the related manager would hand each row its alliance.
    rows = Stakeholder.objects.filter(alliance_id=alliance.pk, is_target=True)
    own = Assessment.objects.filter(alliance_id=alliance.pk, stakeholder_id=OuterRef("pk"))
    rows = rows.annotate(
        has_assessment=Exists(own),
        current_position=Subquery(own.order_by("-assessed_on", "-id").values("position")[:1]),
    )
    counts = rows.aggregate(
        named=Count("id"),
        assessed=Count("id", filter=Q(has_assessment=True)),
        with_position=Count("id", filter=Q(current_position__isnull=False)),
    )
    first = None
    if counts["assessed"] < counts["named"]:
        first = rows.filter(has_assessment=False).order_by("name", "id").values_list("id", "name").first()
    return Targets(counts["named"], counts["assessed"], counts["with_position"], first)


def targets_summary(alliance: Alliance) -> Targets:
    """The targets, read once per roadmap (steps 2 and 8 both look at them)."""
    return shared(alliance, "landscape.targets", lambda: _targets(alliance))


def landscape_step(alliance: Alliance) -> StepStatus:
    targets = targets_summary(alliance)
    # Stakeholders with a current assessment: those with any assessment (the latest is current).
    assessed = Assessment.objects.filter(alliance_id=alliance.pk).values("stakeholder_id").distinct().count()
    grassroots_q = (
        Q(scope=Scope.GRASSROOTS) | Q(kind=StakeholderType.MEMBER_BASED) | Q(represents_affected_population=True)
    )
    candidates = Stakeholder.objects.filter(alliance_id=alliance.pk, membership__status__in=CANDIDATE_STATUSES)
    counted = candidates.aggregate(
        n=Count("id"), kinds=Count("kind", distinct=True), grassroots=Count("id", filter=grassroots_q)
    )
    kinds, grassroots = counted["kinds"], counted["grassroots"]

    targets_ok = targets.named >= MIN_TARGETS
    targets_assessed_ok = targets_ok and targets.with_position == targets.named
    assessed_ok = assessed >= MIN_ASSESSED
    kinds_ok = kinds >= MIN_CANDIDATE_TYPES
    grassroots_ok = bool(grassroots)

    evidence = [
        Evidence(
            ngettext("%(n)s target named", "%(n)s targets named", targets.named) % {"n": targets.named}
            if targets.named
            else _("No target named yet."),
            ok=targets_ok,
            url=_url(alliance, "?target=yes"),
        ),
        Evidence(
            ngettext(
                "%(a)s of %(n)s target assessed with a known position",
                "%(a)s of %(n)s targets assessed with a known position",
                targets.named,
            )
            % {"a": targets.with_position, "n": targets.named},
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
                kinds,
            )
            % {"k": kinds},
            ok=kinds_ok,
            url=_url(alliance, "?membership=member"),
        ),
        Evidence(
            ngettext(
                "%(n)s grassroots, member-based or affected-population organisation among members and candidates",
                "%(n)s grassroots, member-based or affected-population organisations among members and candidates",
                grassroots,
            )
            % {"n": grassroots},
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
            "n": kinds,
            "m": MIN_CANDIDATE_TYPES,
        }
        url = _url(alliance)
    started = bool(targets.named or assessed or counted["n"] > 1)
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
    targets = targets_summary(alliance)
    unassessed = targets.named - targets.assessed
    evidence = [
        Evidence(
            ngettext("%(n)s power holder named as a target", "%(n)s power holders named as targets", targets.named)
            % {"n": targets.named}
            if targets.named
            else _("No target named yet."),
            ok=bool(targets.named),
            url=_url(alliance, "?target=yes"),
        ),
        Evidence(
            ngettext(
                "%(a)s of %(n)s target assessed for influence",
                "%(a)s of %(n)s targets assessed for influence",
                targets.named,
            )
            % {"a": targets.assessed, "n": targets.named},
            ok=bool(targets.named) and not unassessed,
            url=_url(alliance, "?target=yes"),
        ),
    ]
    not_covered: list[Text] = [gettext_lazy("engagement with the government logged recently")]
    thresholds: list[Text] = [gettext_lazy("every target has a current assessment of its influence")]
    if not targets.named:
        return StepStatus(
            state=State.TODO,
            evidence=evidence,
            thresholds=thresholds,
            not_covered=not_covered,
            next_action=_("Name the power holders: mark the officials and bodies who decide as targets."),
            next_url=_url(alliance),
        )
    if targets.first_unassessed is not None:
        first_id, first_name = targets.first_unassessed
        return StepStatus(
            state=State.IN_PROGRESS,
            evidence=evidence,
            thresholds=thresholds,
            not_covered=not_covered,
            next_action=_("Assess the influence of %(name)s.") % {"name": first_name},
            next_url=reverse(
                "landscape:stakeholder", kwargs={"alliance_slug": alliance.slug, "stakeholder_id": first_id}
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
