"""Step 1's check: a purpose that passes every SMART check, with its added value and risks weighed."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accord.core.models import Alliance
from accord.core.roadmap import Evidence, State, StepStatus
from accord.lib import smart
from accord.purpose.selectors import current_purpose


def purpose_step(alliance: Alliance) -> StepStatus:
    url = reverse("purpose:current", kwargs={"alliance_slug": alliance.slug})
    edit_url = reverse("purpose:edit", kwargs={"alliance_slug": alliance.slug})
    purpose = current_purpose(alliance)
    if purpose is None:
        return StepStatus(
            state=State.TODO,
            evidence=[Evidence(_("No purpose written yet."), ok=False)],
            next_action=_("Write the policy purpose."),
            next_url=edit_url,
        )
    result = smart.check(purpose, today=alliance.today())
    evidence = [
        Evidence(
            _("Purpose version %(v)s") % {"v": purpose.version} + ": " + (purpose.headline or "…"),
            ok=True,
            url=url,
        )
    ]
    for letter in result.letters:
        if letter.ok:
            evidence.append(Evidence(_("%(name)s: passes") % {"name": letter.name}, ok=True))
        else:
            evidence.append(Evidence(f"{letter.name}: " + " ".join(str(p) for p in letter.problems), ok=False))
    added = bool(purpose.added_value.strip())
    evidence.append(
        Evidence(
            _("Added value of allying weighed") if added else _("The added value of allying is not described."),
            ok=added,
        )
    )
    if result.passes and added:
        return StepStatus(
            state=State.DONE,
            evidence=evidence,
            next_action=_("Take the purpose to the members to agree it (step 4)."),
            next_url=url,
            # Agreeing it is step 4's work, with the members step 3 brought in.
            continues_in=4,
            when_continued=_(
                "Keep the purpose current: when the situation changes, write a new version and agree it again."
            ),
            next_url_when_continued=url,
        )
    first = result.failing[0] if result.failing else None
    action = (
        _("Fix the %(name)s part: %(fix)s") % {"name": first.name, "fix": first.fix}
        if first
        else _("Describe what the alliance adds that members could not do alone.")
    )
    return StepStatus(state=State.IN_PROGRESS, evidence=evidence, next_action=action, next_url=edit_url)
