"""Step 4's check: purpose, principles and non-negotiables agreed by decision and circulated."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from accord.core.models import Alliance
from accord.core.roadmap import Evidence, State, StepStatus


def agreement_step(alliance: Alliance) -> StepStatus:
    """Step 4: the purpose, the principles and the non-negotiables each have a version agreed by
    a recorded decision, and that version was sent to every representative."""
    from accord.charters.models import Charter, Circulation

    slug = alliance.slug
    fields = ("pk", "version", "agreed_at", "agreed_by_id")
    # Three queries whatever the number of versions: the versions' few fields, then whether the
    # agreed ones were circulated.
    purposes = list(alliance.purposes.order_by("-version").values(*fields))
    charters = list(alliance.charters.order_by("-version").values("kind", *fields))

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
            else reverse("purpose:current", kwargs={"alliance_slug": slug}),
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
        circulated = set(
            Circulation.objects.filter(alliance=alliance)
            .filter(
                Q(subject="purpose", record_id__in=agreed_purposes)
                | Q(subject="charter", record_id__in=agreed_charters)
            )
            .values_list("subject", "record_id")
        )

    evidence: list[Evidence] = []
    done = 0
    started = False
    next_action: Any = ""
    next_url = ""
    needs: tuple[int, ...] = ()
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
                # Agreeing is the members' decision: they are invited first (step 3).
                needs = (3,) if drafted else ()
            continue
        sent = (what, text["pk"]) in circulated
        evidence.append(
            Evidence(
                _("%(what)s: version %(v)s agreed on %(d)s")
                % {
                    "what": label,
                    "v": text["version"],
                    "d": formats.date_format(alliance.local(text["agreed_at"]).date(), "DATE_FORMAT"),
                },
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
        needs=needs,
    )
