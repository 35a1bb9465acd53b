"""How the demo alliances decided: their purposes, principles, non-negotiables and framework
documents were agreed by proposals, one voice per member organisation, and each alliance chose
a date for an event by a vote between options.

- Georgia: the second purpose version was blocked by the smallholder farmers' union (no
  deadline, no resources); the third version came back as an amendment and was agreed.
- Zambia: the purpose is still being decided: an open proposal with hidden results.
- Peru: both purpose versions agreed, the second when the deadline was set.

Everything goes through the decisions services, with the dates it happened on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils import timezone

from accord.charters.models import Charter
from accord.core import demo
from accord.core.demo import GEORGIA, PERU, ZAMBIA, DemoContext
from accord.core.history import acting_as
from accord.core.models import Alliance, Notice
from accord.decisions import services
from accord.decisions.models import Proposal
from accord.framework.models import FrameworkDocument
from accord.membership.selectors import member_organisations, voice_of
from accord.purpose.models import Purpose

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Cast:
    organisation: str
    response: str = "agree"
    reason: str = ""
    options: tuple[int, ...] = ()  # indexes of the options chosen


def _voices(alliance: Alliance) -> dict[str, Any]:
    """Organisation name -> the user who is its designated voice."""
    out = {}
    for organisation in member_organisations(alliance):
        seat = voice_of(organisation.membership)
        if seat is not None:
            out[organisation.name] = seat.user
    return out


def _stamp_notices(alliance: Alliance, after_id: int, when: dt.datetime) -> int:
    """Date the messages a step sent as when the step happened; return the latest id."""
    Notice.objects.filter(alliance=alliance, pk__gt=after_id).update(created_at=when, read_at=when + DAY)
    return _last_notice()


def _last_notice() -> int:
    return int(Notice.objects.aggregate(m=Max("pk"))["m"] or 0)


def _stamp_agreement(record: Any, field: str, when: dt.datetime) -> None:
    """purpose_agree and the like stamp today's date: move it to the closing date."""
    type(record)._default_manager.filter(pk=record.pk).update(**{field: when})
    record.history.filter(**{f"{field}__isnull": False}).update(**{field: when})
    setattr(record, field, when)


def decide(
    ctx: DemoContext,
    slug: str,
    *,
    opened: dt.datetime,
    closes: dt.datetime,
    casts: list[Cast],
    close: bool = True,
    **proposal: Any,
) -> Proposal:
    """Write, open, vote on and (unless `close` is False) close one proposal, on its dates."""
    alliance = ctx.alliance(slug)
    proposer = ctx.convener(slug)
    voices = _voices(alliance)
    last = _last_notice()
    with acting_as(proposer):
        draft = services.proposal_create(alliance=alliance, user=proposer, now=opened - 2 * DAY, **proposal)
        opened_proposal = services.proposal_open(proposal=draft, user=proposer, closes_at=closes, now=opened)
    last = _stamp_notices(alliance, last, opened)
    options = list(opened_proposal.options.all())
    span = (closes - opened) / (len(casts) + 1)
    for n, cast in enumerate(casts, start=1):
        user = voices.get(cast.organisation)
        if user is None:  # no designated voice in this demo alliance
            continue
        with acting_as(user):
            services.vote_cast(
                proposal=opened_proposal,
                user=user,
                response=cast.response if not cast.options else "",
                option_ids=[options[i].pk for i in cast.options],
                reason=cast.reason,
                now=opened + span * n,
            )
    if close:
        with acting_as(proposer):
            services.proposal_close(proposal=opened_proposal, now=closes)
        _stamp_notices(alliance, last, closes)
        version = opened_proposal.record
        if opened_proposal.outcome == Proposal.Outcome.PASSED and version is not None:
            field = "adopted_at" if isinstance(version, FrameworkDocument) else "agreed_at"
            version.refresh_from_db()
            _stamp_agreement(version, field, closes)
    return opened_proposal


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return demo.aware(day, hour)


def _everyone(ctx: DemoContext, slug: str, *exceptions: Cast) -> list[Cast]:
    """Every organisation with a voice agrees, except those given otherwise."""
    names = list(_voices(ctx.alliance(slug)))
    special = {c.organisation: c for c in exceptions}
    return [special.get(name, Cast(name)) for name in names]


def _purpose(alliance: Alliance, version: int) -> Purpose:
    return alliance.purposes.get(version=version)


# --- purposes --------------------------------------------------------------------------------

UNION = "Georgian Smallholder Farmers' Union"


def _georgia(ctx: DemoContext) -> None:
    alliance = ctx.alliance(GEORGIA)
    blocked = decide(
        ctx,
        GEORGIA,
        title="Agree the purpose (version 2)",
        body=(
            "The members are asked to agree version 2 of the purpose: a cooperatives law that lets "
            "smallholders register, pool land and sell together, with a budget line for extension."
        ),
        subject="purpose",
        record=_purpose(alliance, 2),
        process=Proposal.Process.CONSENT,
        opened=_at(ctx.ago(19.5)),
        closes=_at(ctx.ago(19)),
        casts=_everyone(
            ctx,
            GEORGIA,
            Cast(
                UNION,
                "block",
                "Our members cannot commit to a campaign with no deadline and no idea who pays for it. "
                "Name the parliamentary session we aim for and the resources each of us brings.",
            ),
            Cast("Green Valleys Georgia", "abstain"),
        ),
    )
    decide(
        ctx,
        GEORGIA,
        title="Agree the amended purpose (version 3)",
        body=(
            "Version 3 answers the farmers' union's block: the law is sought by the spring session "
            "after next, and the resources and risks are written down."
        ),
        subject="purpose",
        record=_purpose(alliance, 3),
        amends=blocked,
        process=Proposal.Process.CONSENT,
        opened=_at(ctx.ago(5.8)),
        closes=_at(ctx.ago(5.5)),
        casts=_everyone(ctx, GEORGIA),
    )


def _zambia(ctx: DemoContext) -> None:
    alliance = ctx.alliance(ZAMBIA)
    now = timezone.now()
    decide(
        ctx,
        ZAMBIA,
        title="Agree the purpose: a national budget line for the First 1000 Days",
        body=(
            "Agreed in substance at the committee's retreat. Each member organisation confirms it here; "
            "results stay hidden until the vote closes so that ministries and partners answer freely."
        ),
        subject="purpose",
        record=_purpose(alliance, 1),
        process=Proposal.Process.CONSENT,
        hide_results=True,
        quorum_percent=30,
        opened=now - 3 * DAY,
        closes=now + 4 * DAY,
        close=False,
        casts=[Cast("National Food and Nutrition Commission (NFNC)"), Cast("CARE Zambia", "abstain")],
    )


def _peru(ctx: DemoContext) -> None:
    alliance = ctx.alliance(PERU)
    decide(
        ctx,
        PERU,
        title="Acordar el propósito (versión 1)",
        body="Las dieciséis agencias acuerdan pedir a los candidatos un compromiso público contra la desnutrición.",
        subject="purpose",
        record=_purpose(alliance, 1),
        process=Proposal.Process.CONSENSUS,
        quorum_percent=25,
        opened=_at(ctx.ago(13.8)),
        closes=_at(ctx.ago(13.5)),
        casts=_everyone(ctx, PERU),
    )
    decide(
        ctx,
        PERU,
        title="Acordar el propósito con plazo (versión 2)",
        body="Se fija el plazo: todas las firmas antes de la primera vuelta.",
        subject="purpose",
        record=_purpose(alliance, 2),
        process=Proposal.Process.CONSENSUS,
        quorum_percent=25,
        opened=_at(ctx.ago(8.8)),
        closes=_at(ctx.ago(8.5)),
        casts=_everyone(ctx, PERU, Cast("World Food Programme (WFP) Peru", "stand_aside")),
    )


# --- principles, non-negotiables and framework documents ---------------------------------------


def _window(written: dt.datetime, days: int) -> tuple[dt.datetime, dt.datetime]:
    """Open a few days after a text was written, for `days`, closed by yesterday at the latest."""
    latest = timezone.now() - DAY
    opened = min(written + 3 * DAY, latest - 2 * DAY)
    return opened, min(opened + days * DAY, latest)


def _texts(ctx: DemoContext, slug: str) -> None:
    """Agree the latest principles and non-negotiables and adopt the latest framework document,
    when the charters demo wrote them."""
    alliance = ctx.alliance(slug)
    quorum = {GEORGIA: 50, ZAMBIA: 30, PERU: 25}[slug]
    for kind in (Charter.Kind.PRINCIPLES, Charter.Kind.NON_NEGOTIABLES):
        charter = alliance.charters.filter(kind=kind).order_by("-version").first()
        if charter is None or charter.agreed_at is not None:
            continue
        opened, closes = _window(charter.created_at, 10)
        decide(
            ctx,
            slug,
            title_code=f"agree_{charter.kind}",
            title_params={"version": charter.version},
            subject="charter",
            record=charter,
            process=Proposal.Process.CONSENT,
            quorum_percent=quorum,
            opened=opened,
            closes=closes,
            casts=_everyone(ctx, slug),
        )
    document = alliance.framework_documents.order_by("-created_at").first()
    if document is not None and document.adopted_at is None:
        opened, closes = _window(document.created_at, 7)
        decide(
            ctx,
            slug,
            title_code="adopt_document",
            title_params={"title": document.title},
            subject="framework",
            record=document,
            process=Proposal.Process.CONSENT,
            quorum_percent=quorum,
            opened=opened,
            closes=closes,
            casts=_everyone(ctx, slug),
        )


# --- a vote between options: when to hold an event for decision makers -------------------------


def _event_dates(ctx: DemoContext) -> None:
    georgia_options = [
        f"Field visit to Kakheti cooperatives, {ctx.ago(3.5):%d %B}",
        f"Field visit to Kakheti cooperatives, {ctx.ago(3.2):%d %B}",
        f"Field visit to Imereti cooperatives, {ctx.ago(3.0):%d %B}",
    ]
    names = list(_voices(ctx.alliance(GEORGIA)))
    decide(
        ctx,
        GEORGIA,
        title="Choose the date of the field visit for the Parliament Agriculture Committee",
        body="Members of the committee see working cooperatives before the law reaches them.",
        process=Proposal.Process.VOTE,
        options=georgia_options,
        opened=_at(ctx.ago(4.5)),
        closes=_at(ctx.ago(4.3)),
        casts=[Cast(name, options=(1,) if i % 3 else (0,)) for i, name in enumerate(names)],
    )
    zambia_names = list(_voices(ctx.alliance(ZAMBIA)))
    decide(
        ctx,
        ZAMBIA,
        title="Choose the date of the learning event for members of parliament",
        body="A half-day at the National Assembly on what the First 1000 Days programme costs and saves.",
        process=Proposal.Process.VOTE,
        options=[f"{ctx.ago(1.5):%d %B}, morning", f"{ctx.ago(1.2):%d %B}, afternoon"],
        quorum_percent=30,
        opened=_at(ctx.ago(2.5)),
        closes=_at(ctx.ago(2.2)),
        casts=[Cast(name, options=(0,)) for name in zambia_names],
    )
    now = timezone.now()
    peru_names = list(_voices(ctx.alliance(PERU)))
    decide(
        ctx,
        PERU,
        title="Elegir las fechas posibles del desayuno con congresistas",
        body="Marquen todas las fechas en que su organización puede estar presente.",
        process=Proposal.Process.VOTE,
        multiple_choice=True,
        options=[f"{ctx.ahead(0.5):%d/%m}", f"{ctx.ahead(0.6):%d/%m}", f"{ctx.ahead(0.7):%d/%m}"],
        quorum_percent=25,
        opened=now - 2 * DAY,
        closes=now + 6 * DAY,
        close=False,
        casts=[Cast(name, options=(0, 2) if i % 2 else (1,)) for i, name in enumerate(peru_names[:3])],
    )


def build(ctx: DemoContext) -> None:
    _georgia(ctx)
    _zambia(ctx)
    _peru(ctx)
    for slug in (GEORGIA, ZAMBIA, PERU):
        _texts(ctx, slug)
    _event_dates(ctx)
