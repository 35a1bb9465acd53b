"""The demo alliances themselves and how their purposes were written, version by version.

Georgia's purpose took three versions to pass every SMART check; Zambia's single version still
lacks a deadline, so its step 1 shows what to fix; Peru's pledge campaign is ready.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.alliances.services import alliance_create, alliance_update_settings
from accord.core import demo
from accord.core.demo import GEORGIA, PERU, ZAMBIA, DemoContext
from accord.core.history import acting_as
from accord.core.models import Alliance
from accord.landscape.models import StakeholderType
from accord.purpose.models import Purpose
from accord.purpose.services import purpose_save


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
