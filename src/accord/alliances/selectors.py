from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from accord.alliances.models import (
    Acknowledgement,
    Charter,
    Circulation,
    Endorsement,
    FrameworkDocument,
    FrameworkElement,
    Purpose,
)
from accord.core.models import Alliance, Role, SeatRole


def current_purpose(alliance: Alliance) -> Purpose | None:
    return alliance.purposes.select_related("created_by").order_by("-version").first()


def purpose_versions(alliance: Alliance) -> list[Purpose]:
    return list(alliance.purposes.select_related("created_by").order_by("-version"))


@dataclass
class FieldDiff:
    label: str
    left: list[tuple[str, str]]  # (op, text): op is "", "del"
    right: list[tuple[str, str]]  # op is "", "ins"
    changed: bool


_WORDS = re.compile(r"\s+|[^\s]+")


def _display(purpose: Purpose, name: str) -> str:
    value: Any = getattr(purpose, name)
    if value in (None, ""):
        return ""
    display = getattr(purpose, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    return str(value)


def word_diff(a: str, b: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Word-level comparison of two texts: (left, right) runs of (op, text), where the left side
    marks removed words "del" and the right side added words "ins"."""
    a_words, b_words = _WORDS.findall(a), _WORDS.findall(b)
    lhs: list[tuple[str, str]] = []
    rhs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=a_words, b=b_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            lhs.append(("", "".join(a_words[i1:i2])))
            rhs.append(("", "".join(b_words[j1:j2])))
        else:
            if i2 > i1:
                lhs.append(("del", "".join(a_words[i1:i2])))
            if j2 > j1:
                rhs.append(("ins", "".join(b_words[j1:j2])))
    return lhs, rhs


def purpose_diff(left: Purpose, right: Purpose) -> list[FieldDiff]:
    """Field-by-field, word-level comparison of two versions, for a side-by-side view."""
    out = []
    for name in Purpose.CONTENT_FIELDS:
        a, b = _display(left, name), _display(right, name)
        lhs, rhs = word_diff(a, b)
        label = str(Purpose._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
        out.append(FieldDiff(label=label, left=lhs, right=rhs, changed=a != b))
    return out


def agreed_purpose(alliance: Alliance) -> Purpose | None:
    """The latest purpose version the members agreed by decision."""
    return alliance.purposes.filter(agreed_at__isnull=False).order_by("-version").first()


# --- Principles and non-negotiables (method step 4) ------------------------------------------


def starter_principles() -> list[dict[str, str]]:
    """A first set of inclusive-organising principles an alliance can adapt (in Accord's own
    words), offered while the alliance has none."""
    return [
        {
            "title": _("Everyone who is affected has a place"),
            "text": _(
                "We seek out the groups the policy touches most, including those usually left out, and "
                "make it possible for them to take part: timing, place, language and cost included."
            ),
        },
        {
            "title": _("The agenda comes from below"),
            "text": _(
                "What we ask for is shaped with the people who live with the problem, not decided for "
                "them and explained afterwards."
            ),
        },
        {
            "title": _("People speak for themselves"),
            "text": _(
                "Those affected tell their own story in their own voice. Larger organisations open doors "
                "and step back; they do not speak on others' behalf."
            ),
        },
        {
            "title": _("We stand by each other"),
            "text": _(
                "Members support one another, share what they know and defend a member who is put under "
                "pressure for the alliance's work."
            ),
        },
        {
            "title": _("Fair relationships"),
            "text": _(
                "Decisions are made openly by clear rules, one voice per organisation; money, credit and "
                "visibility are shared fairly, and who holds what is known to all."
            ),
        },
        {
            "title": _("From my interest to our interest"),
            "text": _(
                "Each of us is ready to change how we work, putting the shared goal before the profile or "
                "the agenda of our own organisation."
            ),
        },
    ]


def charter_versions(alliance: Alliance, kind: str) -> list[Charter]:
    return list(alliance.charters.filter(kind=kind).select_related("created_by", "agreed_by").order_by("-version"))  # type: ignore[attr-defined]


def current_charter(alliance: Alliance, kind: str) -> Charter | None:
    return alliance.charters.filter(kind=kind).select_related("created_by", "agreed_by").order_by("-version").first()  # type: ignore[attr-defined]


def agreed_charter(alliance: Alliance, kind: str) -> Charter | None:
    """The latest version of this kind the members agreed by decision."""
    return (
        alliance.charters.filter(kind=kind, agreed_at__isnull=False)  # type: ignore[attr-defined]
        .select_related("agreed_by")
        .order_by("-version")
        .first()
    )


def item_text(item: dict[str, Any]) -> str:
    title, text = str(item.get("title", "")).strip(), str(item.get("text", "")).strip()
    return f"{title}: {text}" if title and text else title or text


def charter_diff(left: Charter, right: Charter) -> list[FieldDiff]:
    """Item-by-item, word-level comparison of two versions (items are paired by position)."""
    out = []
    for n in range(max(len(left.items), len(right.items))):
        a = item_text(left.items[n]) if n < len(left.items) else ""
        b = item_text(right.items[n]) if n < len(right.items) else ""
        lhs, rhs = word_diff(a, b)
        out.append(FieldDiff(label=_("Item %(n)s") % {"n": n + 1}, left=lhs, right=rhs, changed=a != b))
    return out


def _optional_reverse(name: str, fallback: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return fallback


def propose_url(alliance: Alliance, subject: str, record_id: int) -> str:
    """The decisions page to put a proposal about this record, with the subject preselected."""
    base = _optional_reverse("decisions:create", f"/a/{alliance.slug}/decisions/new/", alliance_slug=alliance.slug)
    field = {"purpose": "purpose", "charter": "charter", "framework": "framework_document"}[subject]
    return f"{base}?{urlencode({'subject': subject, field: record_id})}"


def proposal_url(alliance: Alliance, proposal_id: int | None) -> str:
    if proposal_id is None:
        return ""
    return _optional_reverse(
        "decisions:detail",
        f"/a/{alliance.slug}/decisions/{proposal_id}/",
        alliance_slug=alliance.slug,
        proposal_id=proposal_id,
    )


# --- Circulation, acknowledgements, endorsements -----------------------------------------------


def circulation_recipients(alliance: Alliance) -> list[Any]:
    """The people a circulated text goes to: every current representative (once each)."""
    from accord.membership.selectors import representatives

    seen: dict[int, Any] = {}
    for seat in representatives(alliance):
        seen.setdefault(seat.user_id, seat.user)
    return list(seen.values())


def circulations_for(
    alliance: Alliance, *, purpose: Purpose | None = None, charter: Charter | None = None
) -> list[Circulation]:
    """Circulations of one text (or of every text), each with its acknowledgements and people."""
    qs = alliance.circulations.select_related("circulated_by", "purpose", "charter", "framework_document")  # type: ignore[attr-defined]
    if purpose is not None:
        qs = qs.filter(purpose=purpose)
    if charter is not None:
        qs = qs.filter(charter=charter)
    return list(
        qs.prefetch_related(
            Prefetch(
                "acknowledgements", queryset=Acknowledgement.objects.select_related("user").order_by("acknowledged_at")
            )
        ).order_by("-circulated_at")
    )


@dataclass
class AckStatus:
    circulation: Circulation
    acknowledged: list[Acknowledgement]
    waiting: list[Any]  # users who have not acknowledged yet


def acknowledgement_status(circulation: Circulation, recipients: list[Any]) -> AckStatus:
    """Who acknowledged this circulation and which current representatives have not yet.
    Expects `circulation` from circulations_for (acknowledgements prefetched)."""
    acks = list(circulation.acknowledgements.all())
    done = {a.user_id for a in acks}
    return AckStatus(circulation, acks, [u for u in recipients if u.pk not in done])


def endorsements_for(
    alliance: Alliance, *, purpose: Purpose | None = None, charter: Charter | None = None
) -> list[Endorsement]:
    qs = alliance.endorsements.select_related("organisation", "endorsed_by", "purpose", "charter")  # type: ignore[attr-defined]
    if purpose is not None:
        qs = qs.filter(purpose=purpose)
    if charter is not None:
        qs = qs.filter(charter=charter)
    return list(qs.order_by("organisation__name"))


def endorsements_by_version(alliance: Alliance, kind: str) -> dict[int, list[Endorsement]]:
    """Endorsing organisations per version number of a kind of text ("purpose", "principles",
    "non_negotiables"), in one query."""
    qs = alliance.endorsements.select_related("organisation", "purpose", "charter").order_by("organisation__name")  # type: ignore[attr-defined]
    qs = qs.filter(purpose__isnull=False) if kind == "purpose" else qs.filter(charter__kind=kind)
    out: dict[int, list[Endorsement]] = {}
    for e in qs:
        text: Any = e.purpose if kind == "purpose" else e.charter
        out.setdefault(text.version, []).append(e)
    return out


def my_organisation(alliance: Alliance, user: Any) -> Any:
    """The organisation `user` represents in `alliance` today, or None."""
    from accord.membership.selectors import representatives

    seat = representatives(alliance).filter(user=user).first()
    return seat.organisation if seat else None


# --- Framework (method step 5) --------------------------------------------------------------


def framework_elements(alliance: Alliance) -> list[FrameworkElement]:
    return list(alliance.framework_elements.order_by("order", "name"))  # type: ignore[attr-defined]


def framework_documents(alliance: Alliance) -> list[FrameworkDocument]:
    return list(alliance.framework_documents.select_related("created_by", "adopted_by").order_by("kind", "-version"))  # type: ignore[attr-defined]


def _charter_snapshot(alliance: Alliance, kind: str) -> dict[str, Any] | None:
    charter = agreed_charter(alliance, kind) or current_charter(alliance, kind)
    if charter is None:
        return None
    return {
        "version": charter.version,
        "agreed": charter.agreed_at is not None,
        "agreed_on": charter.agreed_at.date().isoformat() if charter.agreed_at else None,
        "items": [{"title": str(i.get("title", "")), "text": str(i.get("text", ""))} for i in charter.items],
    }


def framework_snapshot(alliance: Alliance) -> dict[str, Any]:
    """The records a framework document is generated from, as plain data kept with the document:
    the purpose (the agreed one if any), principles, non-negotiables, co-chairs, the secretariat
    and its rotation, meeting cadence, working groups, members and formal/informal elements."""
    from accord.alliances.services import today_in
    from accord.membership.selectors import member_organisations
    from accord.work.models import WorkingGroup

    today = today_in(alliance)
    purpose = agreed_purpose(alliance) or current_purpose(alliance)
    roles = list(
        SeatRole.objects.filter(alliance=alliance, role__in=[Role.CO_CHAIR, Role.SECRETARIAT, Role.WG_LEAD])
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today), seat__left_on__isnull=True)
        .select_related("seat__user", "seat__organisation", "working_group")
        .order_by("starts_on", "pk")
    )

    def person(r: SeatRole) -> dict[str, Any]:
        return {
            "name": r.seat.user.display_name,
            "organisation": r.seat.organisation.name if r.seat.organisation else "",
            "from": r.starts_on.isoformat(),
            "until": r.ends_on.isoformat() if r.ends_on else None,
            "current": r.starts_on <= today,
        }

    groups = list(WorkingGroup.objects.filter(alliance=alliance).order_by("name"))
    leads: dict[int, list[str]] = {}
    for r in roles:
        if r.role == Role.WG_LEAD and r.working_group_id and r.starts_on <= today:
            leads.setdefault(r.working_group_id, []).append(r.seat.user.display_name)
    return {
        "alliance": {"name": alliance.name, "country": alliance.country, "sector": alliance.sector},
        "generated_on": today.isoformat(),
        "purpose": None
        if purpose is None
        else {
            "version": purpose.version,
            "agreed": purpose.agreed_at is not None,
            "agreed_on": purpose.agreed_at.date().isoformat() if purpose.agreed_at else None,
            "problem": purpose.problem,
            "policy": purpose.policy,
            "decision_maker": purpose.decision_maker,
            "change_sought": purpose.change_sought,
            "measure": purpose.measure,
            "target": purpose.target,
            "deadline": purpose.deadline.isoformat() if purpose.deadline else None,
            "added_value": purpose.added_value,
        },
        "principles": _charter_snapshot(alliance, Charter.Kind.PRINCIPLES),
        "non_negotiables": _charter_snapshot(alliance, Charter.Kind.NON_NEGOTIABLES),
        "co_chairs": [person(r) for r in roles if r.role == Role.CO_CHAIR and r.starts_on <= today],
        "secretariat": [person(r) for r in roles if r.role == Role.SECRETARIAT],
        "meeting_cadence_days": alliance.meeting_cadence_days,
        "working_groups": [
            {"name": g.name, "kind": g.get_kind_display(), "description": g.description, "leads": leads.get(g.pk, [])}
            for g in groups
        ],
        "members": [{"name": s.name, "kind": s.get_kind_display()} for s in member_organisations(alliance)],
        "elements": [{"name": e.name, "formal": e.formal, "note": e.note} for e in framework_elements(alliance)],
    }
