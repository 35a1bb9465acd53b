"""The demo alliances' principles and non-negotiables, version by version, and how the agreed
texts were circulated, acknowledged and endorsed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation

from accord.charters.models import Charter
from accord.charters.services import acknowledgement_record, charter_save, circulation_create, endorsement_record
from accord.core import demo
from accord.core.demo import GEORGIA, PERU, ZAMBIA, DemoContext
from accord.core.history import acting_as


def _principles(adapt: dict[int, tuple[str, str]]) -> list[dict[str, str]]:
    """The starter set with some items adapted to the alliance's own words (index -> item)."""
    from accord.charters.selectors import starter_principles

    items = [{"title": str(i["title"]), "text": str(i["text"])} for i in starter_principles()]
    for index, (title, text) in adapt.items():
        items[index] = {"title": title, "text": text}
    return items


def _charter_specs() -> dict[str, dict[str, list[tuple[float, list[dict[str, str]], str]]]]:
    """Built when the demo loads, in English (the starter set is translatable text)."""
    GEORGIA_PRINCIPLES = _principles(
        {
            0: (
                "Farmers have a seat at the table",
                "Smallholder and women farmers' groups take part in every meeting; we meet in the regions "
                "at least twice a year so they can come.",
            ),
            2: (
                "Farmers speak for themselves",
                "When we meet the Agriculture Committee, a farmer speaks first. Donors open doors and step back.",
            ),
        }
    )

    return {
        GEORGIA: {
            Charter.Kind.PRINCIPLES: [
                (22, _principles({}), "The starter set, as discussed at the founding meeting."),
                (12, GEORGIA_PRINCIPLES, "Adapted after the regional meeting in Kutaisi: farmers first."),
            ],
            Charter.Kind.NON_NEGOTIABLES: [
                (
                    12,
                    [
                        {
                            "title": "",
                            "text": "The cooperatives law must include the right of smallholders to register a cooperative with as few as five members.",
                        },
                        {
                            "title": "",
                            "text": "The cooperatives law must include tax relief on produce sold through a cooperative for its first five years.",
                        },
                        {
                            "title": "",
                            "text": "The cooperatives law must include equal membership rights for women who farm land registered in a relative's name.",
                        },
                    ],
                    "Agreed wording for the committee hearing.",
                )
            ],
        },
        ZAMBIA: {
            Charter.Kind.PRINCIPLES: [
                (
                    24,
                    _principles(
                        {
                            4: (
                                "Fair relationships",
                                "Decisions by clear rules, one voice per organisation; the pooled fund's grants "
                                "and who received them are reported to every member.",
                            )
                        }
                    ),
                    "Adopted with the committee's terms of reference.",
                )
            ],
            Charter.Kind.NON_NEGOTIABLES: [
                (
                    9,
                    [
                        {
                            "title": "",
                            "text": "The budget line must be named for nutrition and reported on separately every year.",
                        },
                        {
                            "title": "",
                            "text": "The budget line must fund the First 1000 Most Critical Days Programme in every district, not only the pilot districts.",
                        },
                        {
                            "title": "",
                            "text": "The budget line must grow each year until it covers at least half of the programme's cost.",
                        },
                    ],
                    "Points for the budget office submission.",
                )
            ],
        },
        PERU: {
            Charter.Kind.PRINCIPLES: [
                (
                    13,
                    _principles(
                        {
                            1: (
                                "The agenda comes from the communities",
                                "The pledge's wording is tested with health promoters and mothers' groups in "
                                "Huancavelica and Ayacucho before it goes to candidates.",
                            )
                        }
                    ),
                    "Agreed by the sixteen agencies before the campaign.",
                )
            ],
            Charter.Kind.NON_NEGOTIABLES: [
                (
                    10,
                    [
                        {
                            "title": "",
                            "text": "The pledge must include a measurable target: chronic malnutrition in under-fives down 5 percentage points in five years.",
                        },
                        {
                            "title": "",
                            "text": "The pledge must include a budget commitment that protects nutrition programmes from cuts.",
                        },
                    ],
                    "First draft for the candidates.",
                ),
                (
                    8,
                    [
                        {
                            "title": "",
                            "text": "The pledge must include a measurable target: chronic malnutrition in under-fives down 5 percentage points in five years, tracked by the national survey.",
                        },
                        {
                            "title": "",
                            "text": "The pledge must include a budget commitment that protects nutrition programmes from cuts.",
                        },
                        {
                            "title": "",
                            "text": "The pledge must include a yearly public report on progress to the alliance.",
                        },
                    ],
                    "Added yearly reporting, at the request of the regional networks.",
                ),
            ],
        },
    }


def build_charters(ctx: DemoContext) -> None:
    """Principles and non-negotiables for each demo alliance, version by version (agreed at 70
    by the decisions demo)."""
    with translation.override("en"):
        specs = _charter_specs()
    for slug, kinds in specs.items():
        alliance = ctx.alliance(slug)
        author = ctx.convener(slug)
        with acting_as(author):
            for kind, versions in kinds.items():
                base = None
                for months, items, note in versions:
                    charter = charter_save(
                        alliance=alliance, user=author, kind=kind, items=items, change_note=note, base_version=base
                    )
                    when = demo.aware(ctx.ago(months))
                    demo.backdate(charter, written_at=when, created_at=when)
                    base = charter.version


# Who acknowledges what, and which organisations endorse: some but not all, as in real life.
ACK_SHARE = {GEORGIA: 1.0, ZAMBIA: 0.6, PERU: 0.5}


def build_circulations(ctx: DemoContext) -> None:
    """After the members agreed their texts (order 70), the secretariat circulates each agreed
    version; some representatives acknowledge, and several organisations endorse it."""
    from accord.charters.selectors import circulation_recipients
    from accord.membership.selectors import representatives

    for slug in (GEORGIA, ZAMBIA, PERU):
        alliance = ctx.alliance(slug)
        sender = next(
            (ctx.user(p.email) for p in demo.PEOPLE if p.alliance == slug and p.email.startswith("secretariat@")),
            ctx.convener(slug),
        )
        texts: list[Any] = list(alliance.purposes.filter(agreed_at__isnull=False).order_by("version"))
        texts += list(alliance.charters.filter(agreed_at__isnull=False).order_by("kind", "version"))
        recipients = circulation_recipients(alliance)
        reps = list(representatives(alliance))
        for n, text in enumerate(texts):
            with acting_as(sender):
                circulation = circulation_create(alliance=alliance, user=sender, text=text)
            sent = text.agreed_at + dt.timedelta(days=2)
            demo.backdate(circulation, written_at=sent, circulated_at=sent)
            share = ACK_SHARE[slug] if n % 2 == 0 else ACK_SHARE[slug] * 0.7
            for i, user in enumerate(recipients[: max(1, round(len(recipients) * share))]):
                with acting_as(user):
                    ack = acknowledgement_record(circulation=circulation, user=user)
                when = sent + dt.timedelta(days=1 + i)
                demo.backdate(ack, written_at=when, acknowledged_at=when)
            # One endorsement per organisation, by one of its representatives; not every
            # organisation has taken it to its board yet.
            seen: set[int] = set()
            for i, seat in enumerate(reps):
                if seat.organisation_id in seen or i % 3 == 2:
                    continue
                seen.add(seat.organisation_id)  # type: ignore[arg-type]
                with acting_as(seat.user):
                    endorsement = endorsement_record(alliance=alliance, user=seat.user, text=text)
                when = sent + dt.timedelta(days=7 + i)
                demo.backdate(endorsement, written_at=when, endorsed_at=when)
