"""The demo alliances' work: working groups with a lead, activities owned by member
organisations, and what members declared they can offer (order 75, after memberships, seats and
decisions).

- Georgia: the seven working groups of the donor coordination group, activities for the
  parliament's agriculture committee, media briefings, research papers and a rural-development
  conference; approved by decision of the members. One activity is proposed without an owner (so
  approving it is refused), one is overdue, one was dropped; two members declared nothing yet.
- Zambia: the committee's budget tracking of nutrition allocations, approved by the co-chairs.
- Peru: the candidates' pledges to end child malnutrition and their follow-up, approved by
  decision.

The rules hold as in real use: an approved activity has an owner and either committed resources
or "no extra resources"; commitments stay within what was offered; the responsible person speaks
for the owner organisation. Dates are counted from each alliance's today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accord.core.demo import GEORGIA, PERU, ZAMBIA, DemoContext, backdate
from accord.core.history import acting_as
from accord.core.models import Alliance, Role
from accord.membership.models import Seat
from accord.membership.selectors import member_organisations, voice_of
from accord.membership.services_roles import seat_grant_role
from accord.work import services
from accord.work.models import (
    Activity,
    ActivityComment,
    ApprovalRule,
    Commitment,
    GroupMember,
    ResourceNeed,
    ResourceOffer,
    WorkingGroup,
    WorkSettings,
)

DAY = dt.timedelta(days=1)
ST = Activity.Status
K = ResourceOffer.Kind
R = Commitment.Role


# --- the tables --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Helper:
    """A demo person who is not in the login table: a representative who leads or does work."""

    email: str
    name: str
    organisation: str
    months: float


@dataclass(frozen=True)
class Group:
    name: str
    kind: str
    purpose: str
    members: tuple[str, ...]
    lead: str  # email of the lead
    months: float  # since the group began


@dataclass(frozen=True)
class Offer:
    key: str
    organisation: str
    kind: str
    description: str
    amount: str | None = None
    currency: str = ""
    months_from: float | None = None  # months ago it became available (negative: ahead)
    months_until: float | None = None  # months ahead it ends


@dataclass(frozen=True)
class Need:
    kind: str
    description: str
    amount: str | None = None
    currency: str = ""


@dataclass(frozen=True)
class Gives:
    offer: str  # an Offer.key
    role: str
    amount: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Work:
    title: str
    group: str
    owner: str | None  # organisation name
    responsible: str | None  # email
    status: str
    # days from the alliance's today (negative: past)
    starts: int | None
    due: int | None
    description: str = ""
    deliverables: str = ""
    serves: str = ""
    progress: int = 0
    no_extra: bool = False
    needs: tuple[Need, ...] = ()
    gives: tuple[Gives, ...] = ()
    drop_reason: str = ""
    proposed_days_ago: int = 30
    comments: tuple[tuple[str, str, int], ...] = ()  # (email, body, days ago)


@dataclass(frozen=True)
class AllianceWork:
    approval: str
    digest_weekday: int
    helpers: tuple[Helper, ...] = ()
    groups: tuple[Group, ...] = ()
    offers: tuple[Offer, ...] = ()
    work: tuple[Work, ...] = field(default_factory=tuple)


CARE_GE = "CARE International in the Caucasus"
EU_GE = "Delegation of the European Union to Georgia"
FAO_GE = "Food and Agriculture Organization of the United Nations (FAO)"
OXFAM_GE = "Oxfam in Georgia"
MERCY_GE = "Mercy Corps Georgia"
UNION_GE = "Georgian Smallholder Farmers' Union"
GREEN_GE = "Green Valleys Georgia"
WOMEN_GE = "Kakheti Women Farmers' Network"

GEORGIA_WORK = AllianceWork(
    approval=ApprovalRule.DECISION,
    digest_weekday=0,
    helpers=(
        Helper("nika@georgia.demo", "Nika Abashidze", MERCY_GE, 20),
        Helper("eka@georgia.demo", "Eka Meskhi", WOMEN_GE, 14),
    ),
    groups=(
        Group(
            "Cooperatives",
            WorkingGroup.Kind.THEMATIC,
            "Helps farm cooperatives get fair treatment in extension and public procurement.",
            (UNION_GE, CARE_GE, MERCY_GE),
            "cochair2@georgia.demo",
            22,
        ),
        Group(
            "Extension and education",
            WorkingGroup.Kind.THEMATIC,
            "Works for an extension service that reaches smallholders, and briefs the parliament's "
            "agriculture committee on it.",
            (FAO_GE, UNION_GE, GREEN_GE, WOMEN_GE),
            "secretariat@georgia.demo",
            24,
        ),
        Group(
            "Access to finance",
            WorkingGroup.Kind.THEMATIC,
            "Looks at credit and savings that smallholders can actually use.",
            (MERCY_GE, CARE_GE, EU_GE),
            "nika@georgia.demo",
            20,
        ),
        Group(
            "Infrastructure",
            WorkingGroup.Kind.THEMATIC,
            "Irrigation, rural roads and storage: what the budget plans and what reaches villages.",
            (MERCY_GE, EU_GE, UNION_GE),
            "nika@georgia.demo",
            18,
        ),
        Group(
            "Gender",
            WorkingGroup.Kind.CROSS_CUTTING,
            "Makes sure women farmers are heard in every proposal the group makes.",
            (WOMEN_GE, OXFAM_GE, CARE_GE),
            "eka@georgia.demo",
            14,
        ),
        Group(
            "Natural resources",
            WorkingGroup.Kind.THEMATIC,
            "Pasture, soil and water use in the agriculture strategy.",
            (GREEN_GE, FAO_GE),
            "member@georgia.demo",
            16,
        ),
        Group(
            "Rural development",
            WorkingGroup.Kind.CROSS_CUTTING,
            "Ties the groups' work to the national rural development strategy and its budget.",
            (CARE_GE, EU_GE, OXFAM_GE, UNION_GE, FAO_GE),
            "cochair@georgia.demo",
            26,
        ),
    ),
    offers=(
        Offer("care-money", CARE_GE, K.MONEY, "Event budget from the rural programme", "20000", "GEL", 3, 9),
        Offer("care-time", CARE_GE, K.TIME, "Policy officer's time", "40", "", 3, 9),
        Offer("care-access", CARE_GE, K.RELATIONSHIPS, "Working contacts with the agriculture committee's staff"),
        Offer("fao-skills", FAO_GE, K.SKILLS, "Two extension policy experts"),
        Offer("fao-room", FAO_GE, K.IN_KIND, "Meeting room for 40 at the FAO office in Tbilisi", "6", "", 2, 10),
        Offer("fao-time", FAO_GE, K.TIME, "Secretariat support", "25"),
        Offer("union-time", UNION_GE, K.TIME, "Farmer leaders speaking at events and interviews", "60"),
        Offer("union-reach", UNION_GE, K.RELATIONSHIPS, "About 3,000 member households in five regions"),
        Offer("mercy-money", MERCY_GE, K.MONEY, "Co-funding for studies and travel", "12000", "GEL", 1, 6),
        Offer("mercy-bus", MERCY_GE, K.IN_KIND, "Minibus and driver for field visits (days)", "10"),
        Offer("mercy-skills", MERCY_GE, K.SKILLS, "Irrigation engineers"),
        Offer("green-skills", GREEN_GE, K.SKILLS, "Pasture and soil specialists"),
        Offer("green-time", GREEN_GE, K.TIME, "Researcher's time", "15"),
        Offer("women-time", WOMEN_GE, K.TIME, "Group leaders' time", "20"),
        Offer("women-reach", WOMEN_GE, K.RELATIONSHIPS, "Women farmers' groups in 12 Kakheti villages"),
        # The EU delegation and Oxfam have declared nothing yet: the gap view names them.
    ),
    work=(
        Work(
            "Learning event on extension services for the parliament's agriculture committee",
            "Extension and education",
            FAO_GE,
            "secretariat@georgia.demo",
            ST.IN_PROGRESS,
            -30,
            21,
            description="A half-day session where farmers and extension agents tell committee members what "
            "works and what does not.",
            deliverables="Agenda and speakers\nTwo-page brief for members\nNote of the discussion",
            serves="Moves the committee towards the 4% budget share for extension in the purpose.",
            progress=40,
            needs=(
                Need(K.MONEY, "Venue, interpretation and printing", "6000", "GEL"),
                Need(K.SKILLS, "Extension policy speakers"),
            ),
            gives=(
                Gives("care-money", R.FUNDING, "3500", "Interpretation and printing"),
                Gives("fao-skills", R.IMPLEMENTING),
                Gives("fao-room", R.IMPLEMENTING, "1"),
            ),
            proposed_days_ago=70,
            comments=(
                ("cochair2@georgia.demo", "Two of our farmer leaders can speak; please keep 20 minutes for them.", 3),
                ("secretariat@georgia.demo", "Done: the agenda now gives farmers the first slot.", 2),
            ),
        ),
        Work(
            "Media briefing on the 2027 agriculture budget",
            "Rural development",
            CARE_GE,
            "cochair@georgia.demo",
            ST.APPROVED,
            -10,
            5,
            description="Journalists hear what the draft budget gives extension and irrigation, in plain numbers.",
            deliverables="Press note\nOne-page budget chart",
            serves="Public attention on the extension budget line before the vote.",
            no_extra=True,
            proposed_days_ago=40,
            comments=(("member@georgia.demo", "Could the chart show the last five years, not only two?", 1),),
        ),
        Work(
            "Research paper: cooperatives and public extension",
            "Cooperatives",
            UNION_GE,
            "cochair2@georgia.demo",
            ST.IN_PROGRESS,
            -120,
            -12,
            description="How many cooperatives are reached by public extension agents, and how often.",
            deliverables="Paper of about 20 pages\nSummary in Georgian and English",
            serves="Evidence for the committee on who extension misses.",
            progress=70,
            needs=(Need(K.TIME, "Field interviews with cooperative members (person-days)", "30"),),
            gives=(Gives("union-time", R.IMPLEMENTING, "20", "Interviews in Imereti and Kartli"),),
            proposed_days_ago=150,
        ),
        Work(
            "Rural development conference in Telavi",
            "Rural development",
            CARE_GE,
            "cochair@georgia.demo",
            ST.APPROVED,
            60,
            62,
            description="Two days with farmers, municipalities, ministries and donors on the rural development "
            "strategy's next action plan.",
            deliverables="Programme\nConference statement\nReport within a month",
            serves="Brings the groups' asks to the ministry and the committee together.",
            needs=(
                Need(K.MONEY, "Hall, travel for farmer delegates, interpretation", "25000", "GEL"),
                Need(K.IN_KIND, "Transport for farmers from the regions (days)", "6"),
            ),
            gives=(
                Gives("care-money", R.FUNDING, "10000"),
                Gives("mercy-bus", R.IMPLEMENTING, "4"),
                Gives("union-reach", R.EXTENDING, note="Invites farmer delegates from five regions"),
            ),
            proposed_days_ago=45,
        ),
        Work(
            "Field guide on women's land rights",
            "Gender",
            WOMEN_GE,
            "eka@georgia.demo",
            ST.DONE,
            -150,
            -40,
            description="A short guide for women farmers on registering land they farm.",
            deliverables="Guide in Georgian\nThree village sessions",
            serves="Women farmers can apply for the extension grants that need a land title.",
            progress=100,
            no_extra=True,
            proposed_days_ago=170,
        ),
        Work(
            "Policy brief on pasture management",
            "Natural resources",
            GREEN_GE,
            "member@georgia.demo",
            ST.DONE,
            -200,
            -60,
            deliverables="Four-page brief\nPresentation to the ministry's policy department",
            serves="Pasture rules in the agriculture strategy's next action plan.",
            progress=100,
            gives=(Gives("green-skills", R.IMPLEMENTING), Gives("green-time", R.IMPLEMENTING, "10")),
            proposed_days_ago=220,
        ),
        Work(
            "Media briefing on irrigation rehabilitation",
            "Infrastructure",
            MERCY_GE,
            "nika@georgia.demo",
            ST.DROPPED,
            -60,
            -20,
            description="Was to explain which irrigation schemes the programme repairs first.",
            no_extra=True,
            drop_reason="The ministry postponed the programme; we will brief once its new plan is published.",
            proposed_days_ago=90,
        ),
        Work(
            "Study of rural credit lines for smallholders",
            "Access to finance",
            MERCY_GE,
            "nika@georgia.demo",
            ST.APPROVED,
            15,
            100,
            description="Which of the state's credit lines smallholders use, and why most do not.",
            deliverables="Study\nRound table with the banks",
            serves="Finance that reaches the farmers the purpose names.",
            needs=(Need(K.MONEY, "Survey of 300 households", "5000", "GEL"),),
            gives=(
                Gives("mercy-money", R.FUNDING, "2000"),
                Gives("care-time", R.IMPLEMENTING, "10", "Survey design"),
            ),
            proposed_days_ago=25,
        ),
        Work(
            "Briefing notes on the committee's extension bill",
            "Extension and education",
            FAO_GE,
            "secretariat@georgia.demo",
            ST.IN_PROGRESS,
            -14,
            45,
            deliverables="One note per article under debate",
            serves="The bill keeps a separate extension budget line.",
            progress=20,
            no_extra=True,
            proposed_days_ago=35,
        ),
        Work(
            "Farmer field schools in Racha",
            "Extension and education",
            None,
            None,
            ST.PROPOSED,
            90,
            270,
            description="Proposed at the last plenary; no member has taken it on yet.",
            needs=(Need(K.SKILLS, "Extension agents for six schools"),),
            proposed_days_ago=8,
            comments=(("cochair@georgia.demo", "Who could own this? It cannot be approved without an owner.", 6),),
        ),
        Work(
            "Savings groups for women farmers",
            "Gender",
            WOMEN_GE,
            "eka@georgia.demo",
            ST.PROPOSED,
            30,
            210,
            description="Start ten savings groups where women farmers lend to each other.",
            needs=(Need(K.MONEY, "Training and record books for ten groups", "8000", "GEL"),),
            proposed_days_ago=5,
        ),
        Work(
            "Visit to a dairy cooperative in Kartli for committee members",
            "Cooperatives",
            UNION_GE,
            "cochair2@georgia.demo",
            ST.PROPOSED,
            40,
            40,
            needs=(Need(K.IN_KIND, "Bus for 20 committee members and staff (days)", "1"),),
            proposed_days_ago=4,
        ),
    ),
)

NFNC = "National Food and Nutrition Commission (NFNC)"
CARE_ZM = "CARE Zambia"
NAZ = "Nutrition Association of Zambia"
CONCERN = "Concern Worldwide"
WFP_ZM = "World Food Programme (WFP) Zambia"

ZAMBIA_WORK = AllianceWork(
    approval=ApprovalRule.CO_CHAIRS,
    digest_weekday=4,
    groups=(
        Group(
            "Nutrition budget tracking",
            WorkingGroup.Kind.CROSS_CUTTING,
            "Follows the nutrition lines of the national budget from the estimates to the districts.",
            (CARE_ZM, NAZ, CONCERN, NFNC),
            "cochair2@zambia.demo",
            24,
        ),
        Group(
            "Community nutrition",
            WorkingGroup.Kind.THEMATIC,
            "Brings what community health workers see in the first 1,000 days to the committee.",
            (NAZ, "Lusaka Province Community Health Workers' Association", "Ministry of Health", WFP_ZM),
            "member@zambia.demo",
            18,
        ),
    ),
    offers=(
        Offer("care-time", CARE_ZM, K.TIME, "Budget analyst's time", "30"),
        Offer("care-skills", CARE_ZM, K.SKILLS, "Public finance analysis"),
        Offer("concern-money", CONCERN, K.MONEY, "Grant for budget advocacy", "60000", "ZMW", 2, 10),
        Offer("wfp-print", WFP_ZM, K.IN_KIND, "Printing of briefs and scorecards"),
        Offer("naz-reach", NAZ, K.RELATIONSHIPS, "District nutrition coordinators in all ten provinces"),
        Offer("nfnc-access", NFNC, K.RELATIONSHIPS, "Regular meetings with the budget office"),
        Offer("moh-skills", "Ministry of Health", K.SKILLS, "Nutrition data from the health information system"),
        Offer(
            "chw-time",
            "Lusaka Province Community Health Workers' Association",
            K.TIME,
            "Volunteers' time for scorecards",
            "50",
        ),
        Offer(
            "fao-skills",
            "Food and Agriculture Organization of the United Nations (FAO)",
            K.SKILLS,
            "Food consumption survey data and analysts",
        ),
        # The ministries of agriculture and of community development have declared nothing yet.
    ),
    work=(
        Work(
            "Analysis of nutrition allocations in the 2027 budget",
            "Nutrition budget tracking",
            CARE_ZM,
            "cochair2@zambia.demo",
            ST.IN_PROGRESS,
            -40,
            15,
            description="What the estimates give nutrition, line by line, against the last three years.",
            deliverables="Budget analysis\nTables for each ministry",
            serves="The committee's ask for a nutrition budget line that grows each year.",
            progress=60,
            needs=(Need(K.MONEY, "Data entry and validation workshop", "25000", "ZMW"),),
            gives=(
                Gives("concern-money", R.FUNDING, "20000"),
                Gives("care-time", R.IMPLEMENTING, "15"),
            ),
            proposed_days_ago=60,
        ),
        Work(
            "Briefing for the parliamentary committee on health before the budget hearing",
            "Nutrition budget tracking",
            NFNC,
            "cochair@zambia.demo",
            ST.APPROVED,
            -5,
            6,
            deliverables="Briefing pack\nTalking points for members",
            serves="Members of parliament ask for the nutrition line at the hearing.",
            no_extra=True,
            proposed_days_ago=20,
            comments=(("member@zambia.demo", "We can bring two community health workers to the briefing.", 2),),
        ),
        Work(
            "Policy brief on the first 1,000 days",
            "Community nutrition",
            NFNC,
            "secretariat@zambia.demo",
            ST.IN_PROGRESS,
            -90,
            -9,
            deliverables="Brief\nLaunch with the Ministry of Health",
            progress=30,
            gives=(Gives("moh-skills", R.IMPLEMENTING), Gives("wfp-print", R.EXTENDING)),
            proposed_days_ago=100,
        ),
        Work(
            "Community scorecards on nutrition services in Lusaka Province",
            "Community nutrition",
            NAZ,
            "member@zambia.demo",
            ST.DONE,
            -180,
            -50,
            deliverables="Scorecards from 12 health centres",
            progress=100,
            gives=(Gives("naz-reach", R.IMPLEMENTING),),
            proposed_days_ago=200,
        ),
        Work(
            "Tracking the release of nutrition funds to districts",
            "Nutrition budget tracking",
            NAZ,
            "member@zambia.demo",
            ST.PROPOSED,
            20,
            150,
            needs=(Need(K.SKILLS, "A public finance analyst for the district reports"),),
            proposed_days_ago=3,
        ),
    ),
)

CARE_PE = "CARE Perú"
WFP_PE = "World Food Programme (WFP) Peru"
SIERRA = "Red Sierra Sana"
PROMOTORAS = "Asociación de Promotoras de Salud de Huancavelica"
RADIOS = "Red de Radios Comunitarias Andinas"

PERU_WORK = AllianceWork(
    approval=ApprovalRule.DECISION,
    digest_weekday=0,
    groups=(
        Group(
            "Compromisos de los candidatos",
            WorkingGroup.Kind.CROSS_CUTTING,
            "Que cada candidato firme el compromiso de reducir la desnutrición infantil y rinda cuentas.",
            (CARE_PE, WFP_PE, SIERRA, RADIOS, "Observatorio de Políticas Sociales del Sur"),
            "cochair@peru.demo",
            18,
        ),
        Group(
            "Seguimiento regional",
            WorkingGroup.Kind.THEMATIC,
            "Sigue la anemia y la desnutrición en las regiones de la sierra con las promotoras de salud.",
            (SIERRA, PROMOTORAS, "Mujeres Rurales del Altiplano", "Comités de Madres de Lima Norte"),
            "secretariat@peru.demo",
            14,
        ),
    ),
    offers=(
        Offer("care-money", CARE_PE, K.MONEY, "Fondo para actos públicos y materiales", "30000", "PEN", 4, 8),
        Offer("wfp-skills", WFP_PE, K.SKILLS, "Analistas de datos de nutrición"),
        Offer("radios-reach", RADIOS, K.RELATIONSHIPS, "Radios comunitarias en quechua y aimara"),
        Offer("sierra-time", SIERRA, K.TIME, "Tiempo de la coordinadora regional", "20"),
        Offer("promotoras-time", PROMOTORAS, K.TIME, "Visitas domiciliarias de las promotoras", "40"),
        Offer("cind-skills", "Centro de Investigación en Nutrición y Desarrollo", K.SKILLS, "Revisión técnica"),
        Offer("ach-skills", "Acción contra el Hambre (Action Against Hunger)", K.SKILLS, "Nutricionistas de campo"),
        Offer("semillas-kind", "Semillas de Vida International", K.IN_KIND, "Local para talleres en Ayacucho"),
        Offer("fondo-money", "Fondo Andino para la Niñez", K.MONEY, "Pequeñas donaciones a comités", "10000", "PEN"),
        Offer("agua-kind", "Agua Limpia Perú", K.IN_KIND, "Material sobre agua segura para las familias"),
        Offer("madres-time", "Comités de Madres de Lima Norte", K.TIME, "Madres voluntarias en actos públicos", "30"),
        Offer("mujeres-reach", "Mujeres Rurales del Altiplano", K.RELATIONSHIPS, "Organizaciones de mujeres en Puno"),
        Offer(
            "observatorio-skills", "Observatorio de Políticas Sociales del Sur", K.SKILLS, "Análisis del presupuesto"
        ),
        Offer("pediatras-skills", "Asociación de Pediatras por la Nutrición Infantil", K.SKILLS, "Voceros médicos"),
        # USAID Peru and Amazonía Infancia have declared nothing yet.
    ),
    work=(
        Work(
            "Firma pública del compromiso contra la desnutrición infantil",
            "Compromisos de los candidatos",
            CARE_PE,
            "cochair@peru.demo",
            ST.DONE,
            -120,
            -90,
            deliverables="Acto de firma\nCompromiso firmado por los candidatos",
            serves="Los candidatos se comprometen públicamente con la meta del propósito.",
            progress=100,
            gives=(Gives("care-money", R.FUNDING, "12000"), Gives("radios-reach", R.EXTENDING)),
            proposed_days_ago=150,
        ),
        Work(
            "Seguimiento trimestral de los compromisos firmados",
            "Compromisos de los candidatos",
            WFP_PE,
            "cochair2@peru.demo",
            ST.IN_PROGRESS,
            -60,
            30,
            deliverables="Informe trimestral\nTabla de compromisos cumplidos y pendientes",
            progress=50,
            gives=(Gives("wfp-skills", R.IMPLEMENTING), Gives("cind-skills", R.ACCOUNTABLE)),
            proposed_days_ago=80,
            comments=(("member@peru.demo", "En Huancavelica podemos recoger los datos de anemia.", 4),),
        ),
        Work(
            "Cuñas radiales en quechua y aimara sobre los compromisos",
            "Compromisos de los candidatos",
            SIERRA,
            "secretariat@peru.demo",
            ST.APPROVED,
            3,
            60,
            deliverables="Seis cuñas radiales",
            gives=(Gives("radios-reach", R.IMPLEMENTING), Gives("care-money", R.FUNDING, "4000")),
            proposed_days_ago=30,
        ),
        Work(
            "Informe regional de anemia en Huancavelica",
            "Seguimiento regional",
            PROMOTORAS,
            "member@peru.demo",
            ST.PROPOSED,
            20,
            120,
            needs=(Need(K.MONEY, "Pruebas de hemoglobina y viajes", "8000", "PEN"),),
            gives=(Gives("promotoras-time", R.IMPLEMENTING, "25"),),
            proposed_days_ago=6,
        ),
    ),
)

WORK: dict[str, AllianceWork] = {GEORGIA: GEORGIA_WORK, ZAMBIA: ZAMBIA_WORK, PERU: PERU_WORK}


# --- the builder -------------------------------------------------------------------------------


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _amount(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


def _helpers(ctx: DemoContext, slug: str, helpers: tuple[Helper, ...]) -> None:
    """Seat the extra representatives (not in the login table; same demo password)."""
    if not helpers:
        return
    alliance = ctx.alliance(slug)
    User = get_user_model()
    password = make_password(settings.ACCORD_DEMO_PASSWORD)
    with acting_as(ctx.convener(slug)):
        for helper in helpers:
            user = User.objects.filter(email=helper.email).first()
            if user is None:
                user = User.objects.create_user(email=helper.email, name=helper.name)
                user.password = password
                user.save(update_fields=["password"])
            ctx.users[helper.email] = user
            organisation = ctx.stakeholder(slug, helper.organisation)
            seat_grant_role(
                alliance=alliance,
                email=helper.email,
                role=Role.REPRESENTATIVE,
                organisation_id=organisation.pk,
                starts_on=ctx.ago(helper.months),
            )
            backdate(Seat.objects.get(alliance=alliance, user=user), joined_on=ctx.ago(helper.months))


def _groups(ctx: DemoContext, slug: str, groups: tuple[Group, ...]) -> dict[str, WorkingGroup]:
    alliance = ctx.alliance(slug)
    out: dict[str, WorkingGroup] = {}
    with acting_as(ctx.convener(slug)):
        for spec in groups:
            began = ctx.ago(spec.months)
            group = WorkingGroup.objects.create(
                alliance=alliance, name=spec.name, kind=spec.kind, description=spec.purpose, created_at=_at(began)
            )
            for name in spec.members:
                GroupMember.objects.create(
                    alliance=alliance, group=group, stakeholder=ctx.stakeholder(slug, name), joined_on=began
                )
            seat_grant_role(
                alliance=alliance,
                email=spec.lead,
                role=Role.WG_LEAD,
                starts_on=began,
                working_group_id=group.pk,
            )
            out[spec.name] = group
    return out


def _offers(ctx: DemoContext, slug: str, offers: tuple[Offer, ...]) -> dict[str, ResourceOffer]:
    alliance = ctx.alliance(slug)
    today = alliance.today()
    out: dict[str, ResourceOffer] = {}
    for spec in offers:
        organisation = ctx.stakeholder(slug, spec.organisation)
        seat = Seat.objects.filter(alliance=alliance, organisation=organisation).order_by("pk").first()
        declared_by = seat.user if seat is not None else ctx.convener(slug)
        with acting_as(declared_by):
            out[spec.key] = ResourceOffer.objects.create(
                alliance=alliance,
                stakeholder=organisation,
                kind=spec.kind,
                description=spec.description,
                amount=_amount(spec.amount),
                currency=spec.currency,
                available_from=ctx.ago(spec.months_from) if spec.months_from is not None else None,
                available_until=ctx.ahead(spec.months_until) if spec.months_until is not None else None,
                created_at=_at(today - 100 * DAY),
            )
    return out


def _voices(alliance: Alliance) -> list[Any]:
    users = []
    for organisation in member_organisations(alliance):
        seat = voice_of(organisation.membership)
        if seat is not None:
            users.append(seat.user)
    return users


def _approve_by_decision(ctx: DemoContext, slug: str, activity: Activity, closes: dt.datetime) -> None:
    """The members agree the activity by consent: a proposal about it, opened a week before it
    closes, every voice agreeing. The work capability's decision subject applies it."""
    from accord.decisions import services as decisions

    alliance = ctx.alliance(slug)
    proposer = ctx.convener(slug)
    opened = closes - 7 * DAY
    with acting_as(proposer):
        draft = decisions.proposal_create(
            alliance=alliance,
            user=proposer,
            title=activity.title[:200],
            subject="activity",
            record=activity,
            quorum_percent=25,
            now=opened - DAY,
        )
        proposal = decisions.proposal_open(proposal=draft, user=proposer, closes_at=closes, now=opened)
    for n, voter in enumerate(_voices(alliance), start=1):
        with acting_as(voter):
            decisions.vote_cast(proposal=proposal, user=voter, response="agree", now=opened + n * DAY / 2)
    with acting_as(proposer):
        decisions.proposal_close(proposal=proposal, now=closes)
    activity.refresh_from_db()
    if activity.approved_by_id != proposal.pk:
        raise RuntimeError(f"The proposal did not approve {activity.title!r}.")


def _activity(
    ctx: DemoContext,
    slug: str,
    rules: AllianceWork,
    spec: Work,
    groups: dict[str, WorkingGroup],
    offers: dict[str, ResourceOffer],
) -> Activity:
    alliance = ctx.alliance(slug)
    today = alliance.today()
    owner = ctx.stakeholder(slug, spec.owner) if spec.owner else None
    responsible = (
        Seat.objects.get(alliance=alliance, user__email=spec.responsible, organisation=owner)
        if spec.responsible
        else None
    )
    author = responsible.user if responsible is not None else ctx.convener(slug)
    proposed = _at(today - spec.proposed_days_ago * DAY)
    with acting_as(author):
        activity = services.activity_create(
            alliance=alliance,
            by=None,
            title=spec.title,
            description=spec.description,
            deliverables=spec.deliverables,
            serves_purpose=spec.serves,
            working_group=groups[spec.group],
            owner=owner,
            responsible=responsible,
            starts_on=today + spec.starts * DAY if spec.starts is not None else None,
            due_on=today + spec.due * DAY if spec.due is not None else None,
            no_extra_resources=spec.no_extra,
        )
        backdate(activity, created_at=proposed, written_at=proposed)
        Activity.objects.filter(pk=activity.pk).update(created_by=author)
        for need in spec.needs:
            ResourceNeed.objects.create(
                alliance=alliance,
                activity=activity,
                kind=need.kind,
                description=need.description,
                amount=_amount(need.amount),
                currency=need.currency,
            )
        for gives in spec.gives:
            Commitment.objects.create(
                alliance=alliance,
                activity=activity,
                offer=offers[gives.offer],
                role=gives.role,
                amount=_amount(gives.amount),
                note=gives.note,
                committed_at=proposed + DAY,
                committed_by=author,
            )
    if spec.status == ST.PROPOSED:
        return activity
    approved = proposed + 10 * DAY
    if rules.approval == ApprovalRule.DECISION:
        _approve_by_decision(ctx, slug, activity, approved)
    else:
        chair = ctx.convener(slug)
        with acting_as(chair):
            services.activity_approve(activity=activity, by=chair)
    backdate(activity, approved_at=approved)
    with acting_as(author):
        if spec.status in (ST.IN_PROGRESS, ST.DONE):
            services.activity_set_status(activity=activity, status=ST.IN_PROGRESS, by=None, version=None)
        if spec.status == ST.IN_PROGRESS and spec.progress:
            services.activity_set_progress(activity=activity, progress=spec.progress, by=None, version=None)
        if spec.status == ST.DONE:
            services.activity_set_status(activity=activity, status=ST.DONE, by=None, version=None)
            backdate(activity, done_on=activity.due_on or today)
        if spec.status == ST.DROPPED:
            services.activity_set_status(
                activity=activity, status=ST.DROPPED, by=None, version=None, reason=spec.drop_reason
            )
    return activity


def _comments(ctx: DemoContext, slug: str, activity: Activity, spec: Work) -> None:
    alliance = ctx.alliance(slug)
    today = alliance.today()
    for email, body, days in spec.comments:
        ActivityComment.objects.create(
            alliance=alliance,
            activity=activity,
            author=ctx.user(email),
            body=body,
            created_at=_at(today - days * DAY, 11),
        )


def build(ctx: DemoContext) -> None:
    for slug, rules in WORK.items():
        alliance = ctx.alliance(slug)
        WorkSettings.objects.update_or_create(
            alliance=alliance, defaults={"approval": rules.approval, "digest_weekday": rules.digest_weekday}
        )
        _helpers(ctx, slug, rules.helpers)
        groups = _groups(ctx, slug, rules.groups)
        offers = _offers(ctx, slug, rules.offers)
        for spec in rules.work:
            activity = _activity(ctx, slug, rules, spec, groups, offers)
            _comments(ctx, slug, activity, spec)
