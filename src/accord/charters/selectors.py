"""Reads on principles, non-negotiables, circulations, acknowledgements and endorsements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from accord.charters.models import Acknowledgement, Charter, Circulation, Endorsement
from accord.core import capabilities
from accord.core.models import Alliance
from accord.purpose.models import Purpose
from accord.purpose.selectors import FieldDiff, word_diff


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
    return list(alliance.charters.filter(kind=kind).select_related("created_by", "agreed_by").order_by("-version"))


def current_charter(alliance: Alliance, kind: str) -> Charter | None:
    return alliance.charters.filter(kind=kind).select_related("created_by", "agreed_by").order_by("-version").first()


def agreed_charter(alliance: Alliance, kind: str) -> Charter | None:
    """The latest version of this kind the members agreed by decision."""
    return (
        alliance.charters.filter(kind=kind, agreed_at__isnull=False)
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


def propose_url(alliance: Alliance, subject: str, record_id: int) -> str:
    """The decisions page to put a proposal about this record, with the subject preselected."""
    base = reverse("decisions:create", kwargs={"alliance_slug": alliance.slug})
    return f"{base}?{urlencode({'subject': subject, 'record': record_id})}"


def proposal_url(alliance: Alliance, proposal_id: int | None) -> str:
    if proposal_id is None:
        return ""
    return reverse("decisions:detail", kwargs={"alliance_slug": alliance.slug, "proposal_id": proposal_id})


# --- Circulation, acknowledgements, endorsements -----------------------------------------------


def circulation_recipients(alliance: Alliance) -> list[Any]:
    """The people a circulated text goes to: every current representative (once each)."""
    from accord.membership.selectors import representatives

    seen: dict[int, Any] = {}
    for seat in representatives(alliance):
        seen.setdefault(seat.user_id, seat.user)
    return list(seen.values())


def circulations_for(alliance: Alliance, *, text: Any = None) -> list[Circulation]:
    """Circulations of one text (or of every text), each with its acknowledgements and people."""
    qs = Circulation.objects.filter(alliance=alliance).select_related("alliance", "circulated_by")
    if text is not None:
        kind = capabilities.text_kind_for(text)
        qs = qs.filter(subject=kind.key if kind else "", record_id=text.pk)
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


def is_circulated(alliance: Alliance, text: Any) -> bool:
    kind = capabilities.text_kind_for(text)
    return Circulation.objects.filter(alliance=alliance, subject=kind.key if kind else "", record_id=text.pk).exists()


def endorsements_for(alliance: Alliance, *, text: Any = None) -> list[Endorsement]:
    qs = Endorsement.objects.filter(alliance=alliance).select_related("alliance", "organisation", "endorsed_by")
    if text is not None:
        kind = capabilities.text_kind_for(text)
        qs = qs.filter(subject=kind.key if kind else "", record_id=text.pk)
    return list(qs.order_by("organisation__name"))


def endorsements_by_version(alliance: Alliance, kind: str) -> dict[int, list[Endorsement]]:
    """Endorsing organisations per version number of a kind of text ("purpose", "principles",
    "non_negotiables"), in one query."""
    texts: Any
    if kind == "purpose":
        subject, texts = "purpose", Purpose.objects.filter(alliance=alliance)
    else:
        subject, texts = "charter", Charter.objects.filter(alliance=alliance, kind=kind)
    qs = (
        Endorsement.objects.filter(alliance=alliance, subject=subject, record_id__in=texts.values("pk"))
        .annotate(version=Subquery(texts.filter(pk=OuterRef("record_id")).values("version")[:1]))
        .select_related("organisation")
        .order_by("organisation__name")
    )
    out: dict[int, list[Endorsement]] = {}
    for e in qs:
        out.setdefault(e.version, []).append(e)
    return out


def my_organisation(alliance: Alliance, user: Any) -> Any:
    """The organisation `user` represents in `alliance` today, or None."""
    from accord.membership.selectors import representatives

    seat = representatives(alliance).filter(user=user).first()
    return seat.organisation if seat else None


# --- Framework (method step 5) --------------------------------------------------------------
