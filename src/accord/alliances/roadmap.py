"""Step 1: a purpose that passes every SMART check, with its added value and risks weighed."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accord.alliances.selectors import current_purpose
from accord.alliances.services import today_in
from accord.core import roadmap
from accord.core.models import Alliance
from accord.core.roadmap import Evidence, State, StepStatus
from accord.lib import smart


@roadmap.check(1)
def purpose_step(alliance: Alliance) -> StepStatus:
    url = reverse("alliances:purpose", kwargs={"alliance_slug": alliance.slug})
    edit_url = reverse("alliances:purpose_edit", kwargs={"alliance_slug": alliance.slug})
    purpose = current_purpose(alliance)
    if purpose is None:
        return StepStatus(
            state=State.TODO,
            evidence=[Evidence(_("No purpose written yet."), ok=False)],
            next_action=_("Write the policy purpose."),
            next_url=edit_url,
        )
    result = smart.check(purpose, today=today_in(alliance))
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
        )
    first = result.failing[0] if result.failing else None
    action = (
        _("Fix the %(name)s part: %(fix)s") % {"name": first.name, "fix": first.fix}
        if first
        else _("Describe what the alliance adds that members could not do alone.")
    )
    return StepStatus(state=State.IN_PROGRESS, evidence=evidence, next_action=action, next_url=edit_url)


@roadmap.check(4)
def agreement_step(alliance: Alliance) -> StepStatus:
    """Step 4: the purpose, the principles and the non-negotiables each have a version agreed by
    a recorded decision, and that version was sent to every representative."""
    from accord.alliances.models import Charter, Circulation

    slug = alliance.slug
    fields = ("pk", "version", "agreed_at", "agreed_by_id")
    # Three queries whatever the number of versions: the versions' few fields, then whether the
    # agreed ones were circulated.
    purposes = list(alliance.purposes.order_by("-version").values(*fields))  # type: ignore[attr-defined]
    charters = list(alliance.charters.order_by("-version").values("kind", *fields))  # type: ignore[attr-defined]

    def agreed(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
        return next((r for r in rows if r["agreed_at"] is not None and r["agreed_by_id"] is not None), None)

    texts: list[tuple[Any, str, dict[str, Any] | None, bool, str]] = []
    purpose = agreed(purposes)
    shown = purpose or (purposes[0] if purposes else None)
    texts.append(
        (
            _("Purpose"),
            "purpose",
            purpose,
            bool(purposes),
            reverse("charters:purpose", kwargs={"alliance_slug": slug, "purpose_id": shown["pk"]})
            if shown
            else reverse("alliances:purpose", kwargs={"alliance_slug": slug}),
        )
    )
    for kind, label, name in (
        (Charter.Kind.PRINCIPLES, _("Principles"), "charters:principles"),
        (Charter.Kind.NON_NEGOTIABLES, _("Non-negotiables"), "charters:non_negotiables"),
    ):
        rows = [r for r in charters if r["kind"] == kind]
        agreed_row = agreed(rows)
        url = (
            reverse("charters:version", kwargs={"alliance_slug": slug, "charter_id": agreed_row["pk"]})
            if agreed_row
            else reverse(name, kwargs={"alliance_slug": slug})
        )
        texts.append((label, "charter", agreed_row, bool(rows), url))

    agreed_purposes = [t[2]["pk"] for t in texts if t[2] is not None and t[1] == "purpose"]
    agreed_charters = [t[2]["pk"] for t in texts if t[2] is not None and t[1] == "charter"]
    circulated: set[tuple[str, int]] = set()
    if agreed_purposes or agreed_charters:
        for purpose_id, charter_id in (
            Circulation.objects.filter(alliance=alliance)
            .filter(Q(purpose_id__in=agreed_purposes) | Q(charter_id__in=agreed_charters))
            .values_list("purpose_id", "charter_id")
        ):
            circulated.add(("purpose", purpose_id) if purpose_id else ("charter", charter_id))

    evidence: list[Evidence] = []
    done = 0
    started = False
    next_action: Any = ""
    next_url = ""
    for label, what, text, drafted, url in texts:
        started = started or drafted
        lower = str(label).lower()
        if text is None:
            evidence.append(
                Evidence(_("%(what)s: no version agreed by decision yet.") % {"what": label}, ok=False, url=url)
            )
            if not next_action:
                next_action = (
                    _("Propose to agree the %(what)s.") % {"what": lower}
                    if drafted
                    else _("Write the %(what)s.") % {"what": lower}
                )
                next_url = url
            continue
        sent = (what, text["pk"]) in circulated
        evidence.append(
            Evidence(
                _("%(what)s: version %(v)s agreed on %(d)s")
                % {"what": label, "v": text["version"], "d": text["agreed_at"].date().isoformat()},
                ok=True,
                url=url,
            )
        )
        evidence.append(
            Evidence(
                _("%(what)s: sent to every representative") % {"what": label}
                if sent
                else _("%(what)s: agreed but not circulated yet") % {"what": label},
                ok=sent,
                url=url,
            )
        )
        if sent:
            done += 1
        elif not next_action:
            next_action = _("Circulate the agreed %(what)s to every representative.") % {"what": lower}
            next_url = url
    if done == len(texts):
        return StepStatus(
            state=State.DONE,
            evidence=evidence,
            next_action=_("Record each member organisation's endorsement of the agreed versions."),
            next_url=reverse("charters:overview", kwargs={"alliance_slug": slug}),
        )
    return StepStatus(
        state=State.IN_PROGRESS if started else State.TODO,
        evidence=evidence,
        next_action=next_action,
        next_url=next_url,
    )


@roadmap.check(5)
def terms_of_reference_step(alliance: Alliance) -> StepStatus:
    """Step 5, its ways-of-working part: a ways-of-working note or terms of reference adopted by a
    recorded decision."""
    from accord.alliances.models import FrameworkDocument

    url = reverse("framework:overview", kwargs={"alliance_slug": alliance.slug})
    kinds = [FrameworkDocument.Kind.WAYS_OF_WORKING, FrameworkDocument.Kind.TERMS_OF_REFERENCE]
    # One query: the latest few notes and terms of reference, adopted ones first.
    docs = list(
        FrameworkDocument.objects.filter(alliance=alliance, kind__in=kinds)
        .only("pk", "title", "version", "adopted_at", "adopted_by_id", "created_at")
        .order_by(F("adopted_at").desc(nulls_last=True), "-created_at")[:1]
    )
    adopted = next((d for d in docs if d.adopted_at is not None and d.adopted_by_id is not None), None)
    if adopted is not None:
        doc_url = reverse(
            "framework:document", kwargs={"alliance_slug": alliance.slug, "framework_document_id": adopted.pk}
        )
        return StepStatus(
            state=State.DONE,
            evidence=[
                Evidence(
                    _("%(title)s (version %(v)s) adopted on %(d)s")
                    % {"title": adopted.title, "v": adopted.version, "d": adopted.adopted_at.date().isoformat()},  # type: ignore[union-attr]
                    ok=True,
                    url=doc_url,
                )
            ],
        )
    draft = docs[0] if docs else None
    if draft is not None:
        doc_url = reverse(
            "framework:document", kwargs={"alliance_slug": alliance.slug, "framework_document_id": draft.pk}
        )
        return StepStatus(
            state=State.IN_PROGRESS,
            evidence=[
                Evidence(
                    _("%(title)s (version %(v)s) generated, not adopted yet")
                    % {"title": draft.title, "v": draft.version},
                    ok=False,
                    url=doc_url,
                )
            ],
            next_action=_("Propose to adopt the ways of working or terms of reference."),
            next_url=doc_url,
        )
    return StepStatus(
        state=State.TODO,
        evidence=[Evidence(_("No ways-of-working note or terms of reference yet."), ok=False, url=url)],
        next_action=_("Generate a short ways-of-working note from your records and propose to adopt it."),
        next_url=url,
    )
