"""The demo alliances themselves and how their purposes were written, version by version.

Georgia's purpose took three versions to pass every SMART check; Zambia's single version still
lacks a deadline, so its step 1 shows what to fix; Peru's pledge campaign is ready.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import translation

from accord.alliances.models import Charter, FrameworkDocument, Purpose
from accord.alliances.services import (
    acknowledgement_record,
    alliance_create,
    alliance_update_settings,
    charter_save,
    circulation_create,
    endorsement_record,
    framework_document_generate,
    framework_element_save,
    purpose_save,
)
from accord.core import demo
from accord.core.demo import GEORGIA, PERU, ZAMBIA, DemoContext
from accord.core.history import acting_as
from accord.core.models import Alliance
from accord.landscape.models import StakeholderType


@dataclass(frozen=True)
class AllianceSpec:
    slug: str
    country: str
    sector: str
    languages: list[str]
    timezone: str
    organisation: str  # the convener's organisation, its first member
    organisation_kind: str
    founded: float  # months ago
    meeting_cadence_days: int = 60


SPECS: tuple[AllianceSpec, ...] = (
    AllianceSpec(
        GEORGIA,
        country="Georgia",
        sector="agriculture",
        languages=["en"],
        timezone="Asia/Tbilisi",
        organisation="CARE International in the Caucasus",
        organisation_kind=StakeholderType.INGO,
        founded=30,
        meeting_cadence_days=30,
    ),
    AllianceSpec(
        ZAMBIA,
        country="Zambia",
        sector="nutrition",
        languages=["en"],
        timezone="Africa/Lusaka",
        organisation="National Food and Nutrition Commission (NFNC)",
        organisation_kind=StakeholderType.NATIONAL_GOVERNMENT,
        founded=36,
        meeting_cadence_days=90,
    ),
    AllianceSpec(
        PERU,
        country="Peru",
        sector="child nutrition",
        languages=["es", "en"],
        timezone="America/Lima",
        organisation="CARE Perú",
        organisation_kind=StakeholderType.INGO,
        founded=20,
        meeting_cadence_days=45,
    ),
)


def _georgia_purposes(ctx: DemoContext) -> list[tuple[float, dict[str, Any]]]:
    problem = (
        "Almost all farmers in Georgia work small plots, mostly to feed their own families, while the "
        "towns live on imported food. Farmers cannot sell or buy together because no law lets them form "
        "business cooperatives, and the state spends about 0.3% of its budget on agriculture."
    )
    first = {
        "problem": problem,
        "problem_kind": Purpose.ProblemKind.NO_POLICY,
        "policy": "Law on agricultural cooperatives",
        "change_sought": "Smallholders can form cooperatives and the state invests more in farming.",
        "added_value": (
            "Donors bring access to ministers, NGOs bring field evidence, farmers' groups bring the voice "
            "of the people the law is for. None of us could make this case alone."
        ),
        "change_note": "First draft from the founding meeting.",
    }
    second = {
        **first,
        "decision_maker": "Parliament of Georgia (Agriculture Committee first), on the Ministry of Agriculture's draft",
        "change_sought": (
            "Parliament adopts a law that lets farmers register business cooperatives, pool land and "
            "machinery and sell together, and the state budget for agriculture rises."
        ),
        "measure": "Law adopted in its final reading; agriculture's share of the state budget",
        "target": "Law adopted; agriculture at 4% of the state budget (from 0.3%)",
        "change_note": "Named who decides and gave the budget target, after the members' comments.",
    }
    third = {
        **second,
        "deadline": ctx.ahead(18),
        "resources_needed": (
            "A policy officer's half time from two members, a legal review of the draft law, research on "
            "cooperative models in the region, learning visits for committee members, media work."
        ),
        "controversy": Purpose.Controversy.MEDIUM,
        "risk_of_acting": (
            "Large agribusiness may lobby against tax relief for cooperatives; donors must not be seen to "
            "write Georgian law."
        ),
        "risk_of_silence": (
            "Another budget year at 0.3% and more young people leaving the villages; the draft law stays in a drawer."
        ),
        "change_note": "Deadline set to the spring session after next; resources and risks added.",
    }
    return [(26, first), (20, second), (6, third)]


def _zambia_purposes(ctx: DemoContext) -> list[tuple[float, dict[str, Any]]]:
    return [
        (
            10,
            {
                "problem": (
                    "Chronic malnutrition stunts four in ten young children. The First 1000 Most Critical "
                    "Days Programme works where it runs, but it lives on donor money from year to year."
                ),
                "problem_kind": Purpose.ProblemKind.ENFORCEMENT,
                "policy": "A nutrition line in the national budget for the First 1000 Most Critical Days Programme",
                "decision_maker": "Ministry of Finance (budget office), then the National Assembly's budget committee",
                "change_sought": (
                    "The national budget carries its own line for nutrition that pays for the programme in "
                    "every district, so it no longer depends on donors alone."
                ),
                "measure": "Share of the programme's yearly cost paid from the national budget line",
                "target": "At least 50% of the yearly cost from the national budget (about 10% today)",
                "resources_needed": (
                    "Costing of the programme by district, a budget analyst from a member, time with the "
                    "budget office, district evidence from health workers."
                ),
                "controversy": Purpose.Controversy.LOW,
                "risk_of_acting": "Other sectors may see the nutrition line as taking money from them.",
                "risk_of_silence": "When donor funding ends, districts stop the programme and stunting rises again.",
                "added_value": (
                    "Line ministries, UN agencies and NGOs speak with one voice to the budget office, and the "
                    "SUN pooled fund shows donors already back the programme."
                ),
                "change_note": "Agreed at the committee's retreat; the budget calendar date is still to confirm.",
            },
        )
    ]


def _peru_purposes(ctx: DemoContext) -> list[tuple[float, dict[str, Any]]]:
    first = {
        "problem": (
            "Three in ten children under five are chronically malnourished, almost half in rural areas, "
            "and programmes change with every government."
        ),
        "problem_kind": Purpose.ProblemKind.HARMFUL,
        "policy": "A public commitment by presidential candidates to cut child malnutrition",
        "decision_maker": "The presidential candidates, then the elected government",
        "change_sought": (
            "Every leading presidential candidate signs a public commitment to cut chronic malnutrition in "
            "children under five by 5 percentage points in five years, and the winner puts it in the "
            "government's plan."
        ),
        "measure": "Candidates who sign; the national chronic malnutrition rate in under-fives",
        "target": "At least 8 candidates sign; rate down 5 points from the last national survey within 5 years",
        "resources_needed": (
            "A common position paper, a signing event, media partners, member staff to meet every campaign "
            "team, and later the survey data to track the rate."
        ),
        "controversy": Purpose.Controversy.LOW,
        "risk_of_acting": "A candidate may use the signing for publicity without meaning it.",
        "risk_of_silence": "Nutrition stays out of the campaign and out of the next government's budget.",
        "added_value": (
            "Sixteen agencies asking together carry weight no single agency has; the shared target keeps "
            "everyone's programmes pulling in one direction."
        ),
        "change_note": "First version, agreed before the campaign opened.",
    }
    second = {
        **first,
        "deadline": ctx.ahead(5),
        "change_note": "Deadline set: all signatures before the first round of the election.",
    }
    return [(14, first), (9, second)]


PURPOSES = {GEORGIA: _georgia_purposes, ZAMBIA: _zambia_purposes, PERU: _peru_purposes}


@demo.register(20)
def build(ctx: DemoContext) -> None:
    for spec in SPECS:
        convener = ctx.convener(spec.slug)
        with acting_as(convener):
            alliance = alliance_create(
                user=convener,
                name=demo.DEMO_ALLIANCES[spec.slug],
                organisation_name=spec.organisation,
                organisation_kind=spec.organisation_kind,
                country=spec.country,
                sector=spec.sector,
                languages=spec.languages,
                timezone_name=spec.timezone,
                slug=spec.slug,
            )
            alliance_update_settings(
                alliance=alliance,
                status=Alliance.Status.ACTIVE,
                meeting_cadence_days=spec.meeting_cadence_days,
            )
            founded = demo.months_ago(spec.founded, on=ctx.today)
            demo.backdate(alliance, written_at=demo.aware(founded), created_at=demo.aware(founded))
            base = None
            for months, data in PURPOSES[spec.slug](ctx):
                purpose = purpose_save(alliance=alliance, user=convener, data=data, base_version=base)
                when = demo.aware(ctx.ago(months))
                demo.backdate(purpose, written_at=when, created_at=when)
                base = purpose.version
        ctx.alliances[spec.slug] = alliance
        ctx.stakeholders[spec.slug] = {s.name: s for s in alliance.stakeholders.all()}


# --- Principles, non-negotiables and the framework (method steps 4 and 5) ----------------------


def _principles(adapt: dict[int, tuple[str, str]]) -> list[dict[str, str]]:
    """The starter set with some items adapted to the alliance's own words (index -> item)."""
    from accord.alliances.selectors import starter_principles

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


ELEMENT_SPECS: dict[str, list[tuple[str, bool, str]]] = {
    # Georgia stays informal on purpose: a donor group that signs nothing.
    GEORGIA: [
        ("Memorandum of understanding signed", False, "No MoU: members work together by agreement."),
        ("Terms of reference", False, "Not needed; the ways-of-working note is enough."),
        ("Legal registration", False, "Not registered; CARE hosts the shared documents."),
        ("Ways-of-working note", True, "Two pages, agreed by the members."),
        ("Meeting cadence", False, "Monthly, more often around the parliamentary session."),
        ("Decision rule", True, "One voice per member organisation, consent first."),
        ("Secretariat rotation", False, "Yearly, agreed at the annual meeting."),
    ],
    # Zambia's committee is a government body: formal terms of reference and signed MoUs.
    ZAMBIA: [
        ("Memorandum of understanding signed", True, "Signed by every member with the NFNC."),
        ("Terms of reference", True, "Adopted by the committee, reviewed every two years."),
        ("Legal registration", False, "Hosted by the NFNC; no separate legal entity."),
        ("Ways-of-working note", False, "Covered by the terms of reference."),
        ("Meeting cadence", True, "Quarterly, written in the terms of reference."),
        ("Decision rule", True, "Consensus; a vote when consensus fails."),
        ("Secretariat rotation", False, "The NFNC holds the secretariat; no rotation."),
        ("Working groups", True, "Advocacy and budget-tracking groups with written tasks."),
    ],
    PERU: [
        ("Memorandum of understanding signed", False, "A joint letter of commitment, not an MoU."),
        ("Terms of reference", False, ""),
        ("Ways-of-working note", True, "Agreed at the first meeting of the sixteen agencies."),
        ("Meeting cadence", False, "Every six weeks, weekly during the campaign."),
        ("Decision rule", True, "One voice per agency."),
        ("Secretariat rotation", True, "Each year a different national member."),
    ],
}

DOCUMENT_SPECS: dict[str, tuple[str, str, str, float]] = {
    GEORGIA: (
        FrameworkDocument.Kind.WAYS_OF_WORKING,
        "How we work together",
        "A short note, not a contract: it says how we meet, decide and share the work.",
        11,
    ),
    ZAMBIA: (
        FrameworkDocument.Kind.TERMS_OF_REFERENCE,
        "Terms of reference of the Multi-Stakeholder Committee",
        "These terms of reference set out the committee's purpose, membership, roles and meetings.",
        8,
    ),
    PERU: (
        FrameworkDocument.Kind.WAYS_OF_WORKING,
        "Cómo trabajamos / How we work",
        "Agreed by the member agencies of the Child Nutrition Initiative.",
        7,
    ),
}


@demo.register(60)
def build_charters_and_framework(ctx: DemoContext) -> None:
    """Principles, non-negotiables and framework elements for each demo alliance, and a
    generated ways-of-working note or terms of reference (agreed at 70 by the decisions demo)."""
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
            for order, (name, formal, note) in enumerate(ELEMENT_SPECS[slug]):
                element = framework_element_save(alliance=alliance, name=name, formal=formal, note=note)
                if element.order != order:
                    demo.backdate(element, order=order)
            kind, title, preamble, months = DOCUMENT_SPECS[slug]
            secretariat = next(
                (ctx.user(p.email) for p in demo.PEOPLE if p.alliance == slug and p.email.startswith("secretariat@")),
                author,
            )
            document = framework_document_generate(
                alliance=alliance, user=secretariat, kind=kind, title=title, preamble=preamble
            )
            when = demo.aware(ctx.ago(months))
            demo.backdate(document, written_at=when, created_at=when)


# Who acknowledges what, and which organisations endorse: some but not all, as in real life.
ACK_SHARE = {GEORGIA: 1.0, ZAMBIA: 0.6, PERU: 0.5}


@demo.register(80)
def build_circulations(ctx: DemoContext) -> None:
    """After the members agreed their texts (order 70), the secretariat circulates each agreed
    version; some representatives acknowledge, and several organisations endorse it."""
    from accord.alliances.selectors import circulation_recipients
    from accord.membership.selectors import representatives

    for slug in (GEORGIA, ZAMBIA, PERU):
        alliance = ctx.alliance(slug)
        sender = next(
            (ctx.user(p.email) for p in demo.PEOPLE if p.alliance == slug and p.email.startswith("secretariat@")),
            ctx.convener(slug),
        )
        texts: list[dict[str, Any]] = [
            {"purpose": p}
            for p in alliance.purposes.filter(agreed_at__isnull=False).order_by("version")  # type: ignore[attr-defined]
        ]
        texts += [
            {"charter": c}
            for c in alliance.charters.filter(agreed_at__isnull=False).order_by("kind", "version")  # type: ignore[attr-defined]
        ]
        recipients = circulation_recipients(alliance)
        reps = list(representatives(alliance))
        for n, text in enumerate(texts):
            record = next(iter(text.values()))
            with acting_as(sender):
                circulation = circulation_create(alliance=alliance, user=sender, **text)
            sent = record.agreed_at + dt.timedelta(days=2)
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
                    endorsement = endorsement_record(alliance=alliance, user=seat.user, **text)
                when = sent + dt.timedelta(days=7 + i)
                demo.backdate(endorsement, written_at=when, endorsed_at=when)
