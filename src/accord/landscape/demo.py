"""Who each demo alliance knows: members, candidates and the power holders it wants to move.

Real organisations appear only where the method's case studies name them; everyone else is
invented. The convener's own organisation already exists (the alliance was created with it), so
it is only completed here.

Why one long module: it is data, not logic. Three alliances' actors, ties and dated assessment
histories are tables that are read (and corrected) side by side, by alliance; the two builders at
the end of their sections are a few lines each. Splitting the tables across files would separate
an actor from the ties and history that name it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from accord.core import demo
from accord.core.demo import GEORGIA, PERU, ZAMBIA, DemoContext
from accord.core.history import acting_as, bulk_create
from accord.landscape.models import Assessment, Scope, Stakeholder, Tie
from accord.landscape.models import StakeholderType as T


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str
    scope: str = Scope.NATIONAL
    affected: bool = False  # represents the affected population
    orientation: str = ""
    notes: str = ""
    person: bool = False  # an individual rather than an organisation
    within: str = ""  # the organisation a person works in (a stakeholder name)
    ask: str = ""  # what the alliance wants from them; a non-empty ask makes them a target
    unlikely: bool = False  # an unlikely suspect


GR, LO, NA, IN = Scope.GRASSROOTS, Scope.LOCAL, Scope.NATIONAL, Scope.INTERNATIONAL

ACTORS: dict[str, tuple[Actor, ...]] = {
    GEORGIA: (
        Actor(
            "CARE International in the Caucasus", T.INGO, IN, notes="Convened the group; leads on rural development."
        ),
        Actor("Delegation of the European Union to Georgia", T.DONOR_MULTILATERAL, IN, notes="Hosts the meetings."),
        Actor("Food and Agriculture Organization of the United Nations (FAO)", T.UN_AGENCY, IN),
        Actor("Oxfam in Georgia", T.INGO, IN),
        Actor("Mercy Corps Georgia", T.INGO, IN),
        Actor("People in Need", T.INGO, IN, notes="Invited after its value-chain work in the west of the country."),
        Actor(
            "Georgian Smallholder Farmers' Union",
            T.MEMBER_BASED,
            GR,
            affected=True,
            notes="About 3,000 member households in five regions.",
        ),
        Actor("Kakheti Women Farmers' Network", T.WOMENS_RIGHTS, GR, affected=True),
        Actor("Green Valleys Georgia", T.OTHER_SECTOR, NA, notes="Environmental NGO: soil, water and pasture use."),
        Actor("Tbilisi Institute for Rural Studies", T.ACADEMIC, NA),
        Actor("Samtskhe Rural Initiative", T.LOCAL_NGO, LO, notes="Left when its project funding ended."),
        Actor("Georgian Agro-Traders Association", T.PRIVATE, NA, notes="Declined: members import most food sold."),
        Actor(
            "Ministry of Agriculture, extension and policy department",
            T.NATIONAL_GOVERNMENT,
            NA,
            notes="Technical staff draft the cooperatives law; a liaison observes the group.",
        ),
        Actor("Parliament Agriculture Committee", T.PARLIAMENT, NA, notes="Must pass the law in committee first."),
    ),
    ZAMBIA: (
        Actor(
            "National Food and Nutrition Commission (NFNC)",
            T.NATIONAL_GOVERNMENT,
            NA,
            notes="Coordinates the committee; the government is a member here, not only a target.",
        ),
        Actor("Ministry of Health", T.NATIONAL_GOVERNMENT, NA),
        Actor("Ministry of Agriculture", T.NATIONAL_GOVERNMENT, NA),
        Actor("Ministry of Community Development and Social Services", T.NATIONAL_GOVERNMENT, NA),
        Actor("Ministry of Finance, budget office", T.NATIONAL_GOVERNMENT, NA, notes="Decides the budget line."),
        Actor("World Food Programme (WFP) Zambia", T.UN_AGENCY, IN),
        Actor("Food and Agriculture Organization of the United Nations (FAO)", T.UN_AGENCY, IN),
        Actor("CARE Zambia", T.INGO, IN, notes="A management agent of the SUN Fund."),
        Actor("Concern Worldwide", T.INGO, IN, notes="A management agent of the SUN Fund."),
        Actor(
            "Nutrition Association of Zambia",
            T.MEMBER_BASED,
            NA,
            notes="Professional body of nutritionists; a management agent of the SUN Fund.",
        ),
        Actor("Lusaka Province Community Health Workers' Association", T.MEMBER_BASED, GR, affected=True),
        Actor("Chipata Mothers' Nutrition Support Groups", T.WOMENS_RIGHTS, GR, affected=True),
        Actor("Kafue Children's Foundation", T.DONOR_FOUNDATION, NA, notes="Considering a contribution to the fund."),
        Actor("Zambia Food Processors Association", T.PRIVATE, NA, notes="Declined over fortification costs."),
        Actor(
            "Scaling Up Nutrition (SUN) Movement",
            T.OTHER_SECTOR,
            IN,
            notes="Global movement Zambia joined early; this committee is its national platform.",
        ),
    ),
    PERU: (
        # The sixteen agencies of the initiative.
        Actor("CARE Perú", T.INGO, IN, notes="Facilitates the initiative."),
        Actor("World Food Programme (WFP) Peru", T.UN_AGENCY, IN),
        Actor("USAID Peru", T.DONOR_BILATERAL, IN),
        Actor("Acción contra el Hambre (Action Against Hunger)", T.INGO, IN),
        Actor("Semillas de Vida International", T.INGO, IN),
        Actor("Fondo Andino para la Niñez", T.DONOR_FOUNDATION, NA),
        Actor("Red Sierra Sana", T.LOCAL_NGO, LO, notes="Health NGO working in the southern highlands."),
        Actor("Amazonía Infancia", T.LOCAL_NGO, LO, notes="Works with river communities in Loreto."),
        Actor("Agua Limpia Perú", T.LOCAL_NGO, NA, notes="Water and sanitation."),
        Actor("Asociación de Promotoras de Salud de Huancavelica", T.MEMBER_BASED, GR, affected=True),
        Actor("Comités de Madres de Lima Norte", T.MEMBER_BASED, GR, affected=True),
        Actor("Mujeres Rurales del Altiplano", T.WOMENS_RIGHTS, GR, affected=True),
        Actor("Centro de Investigación en Nutrición y Desarrollo", T.ACADEMIC, NA),
        Actor("Observatorio de Políticas Sociales del Sur", T.OTHER_SECTOR, NA, notes="Think-tank on social spending."),
        Actor("Asociación de Pediatras por la Nutrición Infantil", T.MEMBER_BASED, NA),
        Actor("Red de Radios Comunitarias Andinas", T.MEDIA, GR, notes="Carries the campaign in Quechua and Aymara."),
        # The presidential candidates whose public commitment the initiative seeks (invented).
        Actor(
            "Elena Vargas Cáceres",
            T.NATIONAL_GOVERNMENT,
            NA,
            orientation="centre-left",
            notes="Candidate, Frente Común.",
        ),
        Actor(
            "Ricardo Paredes Soto",
            T.NATIONAL_GOVERNMENT,
            NA,
            orientation="centre-right",
            notes="Candidate, Avanza Perú.",
        ),
        Actor(
            "Alberto Ñique Torres", T.NATIONAL_GOVERNMENT, NA, orientation="right", notes="Candidate, Orden y Progreso."
        ),
        Actor(
            "Sofía Mendoza Llanos", T.NATIONAL_GOVERNMENT, NA, orientation="left", notes="Candidate, Tierra y Trabajo."
        ),
        Actor(
            "Hugo Castañeda Ríos", T.NATIONAL_GOVERNMENT, NA, orientation="centre", notes="Candidate, Unidad Regional."
        ),
        Actor(
            "Martín Salazar (nutrition economist)", T.EXPERT, NA, notes="Independent adviser; observes the initiative."
        ),
    ),
}


# --- the wider landscape around each alliance ------------------------------------------------------

CP = T.NATIONAL_GOVERNMENT
GEO_MINISTRY = "Ministry of Agriculture, extension and policy department"
GEO_COMMITTEE = "Parliament Agriculture Committee"
GEO_FINANCE = "Ministry of Finance, budget department"
ZAM_FINANCE = "Ministry of Finance, budget office"
PERU_PLEDGE = (
    "Sign the public pledge to cut chronic child malnutrition by five percentage points in five years, "
    "and keep the nutrition programme's budget."
)

# What each alliance asks of the power holders already in its list above.
ASKS: dict[str, dict[str, str]] = {
    GEORGIA: {
        GEO_MINISTRY: "Draft the cooperatives law with the group, and fund an extension service for smallholders.",
        GEO_COMMITTEE: "Pass the draft cooperatives law in committee without weakening joint marketing.",
    },
    ZAMBIA: {
        ZAM_FINANCE: "Create a nutrition budget line for the First 1000 Most Critical Days and release it on time."
    },
    PERU: {
        name: PERU_PLEDGE
        for name in (
            "Elena Vargas Cáceres",
            "Ricardo Paredes Soto",
            "Alberto Ñique Torres",
            "Sofía Mendoza Llanos",
            "Hugo Castañeda Ríos",
        )
    },
}

MORE: dict[str, tuple[Actor, ...]] = {
    GEORGIA: (
        # The ministry's technical staff: the people who actually hold the pen.
        Actor(
            "Nino Chikovani",
            CP,
            person=True,
            within=GEO_MINISTRY,
            notes="Head of the cooperatives unit; drafts the law.",
            ask="Keep joint marketing and shared machinery in the draft law.",
        ),
        Actor(
            "Davit Kapanadze",
            CP,
            person=True,
            within=GEO_MINISTRY,
            notes="Senior policy specialist; prepares the ministry's budget submission.",
            ask="Argue for raising agriculture's share of the budget from 0.3% towards 4%.",
        ),
        Actor("Eka Jorbenadze", CP, person=True, within=GEO_MINISTRY, notes="Coordinates the pilot extension centres."),
        Actor(
            "Office of the Minister of Agriculture",
            CP,
            ask="Make agriculture a government priority and back the cooperatives law in cabinet.",
        ),
        Actor(GEO_FINANCE, CP, ask="Raise the agriculture budget line in the next budget law."),
        Actor("Levan Abuladze", CP, person=True, within=GEO_FINANCE, notes="Budget analyst for agriculture."),
        Actor(
            "Mamuka Gogoladze",
            T.PARLIAMENT,
            person=True,
            within=GEO_COMMITTEE,
            notes="Chairs the committee.",
            ask="Put the draft law on the committee's agenda this session.",
        ),
        Actor(
            "Tamta Kharaishvili",
            T.PARLIAMENT,
            person=True,
            within=GEO_COMMITTEE,
            notes="Staff adviser; writes the members' briefings.",
        ),
        Actor(
            "Irakli Dolidze",
            T.PARLIAMENT,
            person=True,
            within=GEO_COMMITTEE,
            notes="Committee member from a wine district; doubts cooperatives can be run honestly.",
            ask="Visit a working cooperative in Kakheti before the committee vote.",
        ),
        Actor("Parliament Budget Office", T.PARLIAMENT),
        Actor("Rural Development Agency", CP, notes="Runs the state co-financing programmes for farmers."),
        Actor("National Food Agency", CP, notes="Food-safety rules small producers struggle to meet."),
        Actor("Kakheti Regional Administration", T.LOCAL_AUTHORITY, LO),
        Actor("Imereti Regional Administration", T.LOCAL_AUTHORITY, LO),
        Actor("Telavi Municipality", T.LOCAL_AUTHORITY, LO),
        # Donors.
        Actor("Swiss development cooperation office", T.DONOR_BILATERAL, IN, notes="Funds rural value chains."),
        Actor("Austrian development cooperation, agriculture programme", T.DONOR_BILATERAL, IN),
        Actor("Caucasus Agricultural Development Facility", T.DONOR_MULTILATERAL, IN, notes="Loans for irrigation."),
        Actor("Danube Rural Foundation", T.DONOR_FOUNDATION, IN),
        Actor("UN Development Programme (UNDP) Georgia", T.UN_AGENCY, IN),
        # Farmers' organisations.
        Actor("National Association of Farm Cooperatives", T.MEMBER_BASED, NA, affected=True),
        Actor("Imereti Hazelnut Growers' Association", T.MEMBER_BASED, GR, affected=True),
        Actor("Kartli Dairy Cooperative", T.MEMBER_BASED, GR, affected=True),
        Actor("Georgian Beekeepers' Union", T.MEMBER_BASED, NA, affected=True),
        Actor("Racha Mountain Farmers' Group", T.MEMBER_BASED, GR, affected=True),
        Actor("Young Farmers of Georgia", T.MEMBER_BASED, NA, affected=True),
        Actor("Land Users' Association of Shida Kartli", T.MEMBER_BASED, GR, affected=True),
        Actor("Samegrelo Tea Growers", T.MEMBER_BASED, GR, affected=True),
        Actor("Veterinary Service Providers' Union", T.MEMBER_BASED, NA),
        Actor("Rural Women's Council of Guria", T.WOMENS_RIGHTS, GR, affected=True),
        Actor("Gender in Agriculture Forum", T.WOMENS_RIGHTS, NA),
        # Environmental NGOs, local NGOs, research.
        Actor("Caucasus Environmental Network", T.OTHER_SECTOR, NA, notes="Environmental NGO."),
        Actor("Alazani Watershed Society", T.OTHER_SECTOR, LO, notes="Environmental NGO: river and irrigation."),
        Actor("Biodiversity and Pastures Trust", T.OTHER_SECTOR, NA, notes="Environmental NGO: grazing land."),
        Actor("Javakheti Community Development Centre", T.LOCAL_NGO, LO),
        Actor("Mtskheta Rural Advisory Service", T.LOCAL_NGO, LO),
        Actor("Tbilisi Agrarian University", T.ACADEMIC, NA),
        Actor("Kutaisi State University, faculty of agrarian sciences", T.ACADEMIC, LO),
        Actor("Policy Institute for the Caucasus", T.OTHER_SECTOR, NA, notes="Think-tank on economic policy."),
        Actor("Nana Japaridze", T.EXPERT, person=True, notes="Agricultural economist; wrote the cooperatives paper."),
        Actor(
            "Zaza Mikadze",
            T.EXPERT,
            person=True,
            unlikely=True,
            notes="Former deputy minister; the committee chair still asks his advice.",
        ),
        # The private sector, the media and a faith institution.
        Actor(
            "Georgian Bank of Rural Credit",
            T.PRIVATE,
            unlikely=True,
            notes="Would lend to cooperatives once the law lets them register.",
        ),
        Actor(
            "Kakheti Wine Producers' Association",
            T.PRIVATE,
            unlikely=True,
            notes="Large wineries buying grapes from smallholders; want steadier supply.",
        ),
        Actor("Agro-input Dealers Network", T.PRIVATE),
        Actor("Rural Voice (farm radio programme)", T.MEDIA),
        Actor("Business Georgia weekly", T.MEDIA),
        Actor(
            "Kakheti diocese social service",
            T.RELIGIOUS_TRADITIONAL,
            LO,
            unlikely=True,
            notes="Runs a farmers' school at a monastery; trusted in the villages.",
        ),
    ),
    ZAMBIA: (
        Actor(
            "Mwila Sakala",
            CP,
            person=True,
            within=ZAM_FINANCE,
            notes="Principal budget analyst for the social sectors.",
            ask="Keep nutrition as its own line when the budget is consolidated.",
        ),
        Actor(
            "Cabinet Office, policy analysis unit",
            CP,
            ask="Put the First 1000 Most Critical Days Programme on the cabinet agenda.",
        ),
        Actor(
            "Parliamentary Committee on Health, Community Development and Social Services",
            T.PARLIAMENT,
            ask="Question the budget office on nutrition spending at the budget hearings.",
        ),
        Actor("Ministry of Water Development and Sanitation", CP),
        Actor("Ministry of Education, school health and nutrition unit", CP),
        Actor("UNICEF Zambia", T.UN_AGENCY, IN),
        Actor("World Health Organization (WHO) Zambia", T.UN_AGENCY, IN),
        Actor("Nordic development cooperation (SUN Fund contributor)", T.DONOR_BILATERAL, IN),
        Actor("Zambia Civil Society Nutrition Alliance", T.LOCAL_NGO, NA),
        Actor("Eastern Province Nutrition Action", T.LOCAL_NGO, LO),
        Actor("Lusaka Institute of Food and Nutrition Research", T.ACADEMIC, NA),
        Actor("Smallholder Farmers' Union of Zambia", T.MEMBER_BASED, GR, affected=True),
        Actor(
            "Chiefs' council of Eastern Province",
            T.RELIGIOUS_TRADITIONAL,
            LO,
            unlikely=True,
            notes="Traditional leaders who can carry the message to every village.",
        ),
        Actor(
            "Lusaka Millers' Cooperative",
            T.PRIVATE,
            LO,
            unlikely=True,
            notes="Could fortify maize meal if the standard were clear.",
        ),
        Actor("Daily Times health desk", T.MEDIA),
    ),
    PERU: (
        Actor(
            "Ministry of Economy and Finance",
            CP,
            ask="Protect the nutrition programme's budget through the change of government.",
        ),
        Actor("Ministry of Health, nutrition directorate", CP),
        Actor("Ministry of Women and Social Development", CP),
        Actor("Children's ombudsman's office", CP),
        Actor(
            "Comisión de Pastoral Social",
            T.RELIGIOUS_TRADITIONAL,
            unlikely=True,
            notes="The Church's social ministry; parish networks in every region.",
        ),
        Actor(
            "Asociación de Gremios Empresariales del Sur",
            T.PRIVATE,
            unlikely=True,
            notes="Southern business federation; worried about stunting's cost to productivity.",
        ),
        Actor("Diario La Nación Andina", T.MEDIA),
        Actor("Televisión Nacional, election debates", T.MEDIA),
        Actor("Mesa de concertación regional de Ayacucho", T.LOCAL_AUTHORITY, LO),
    ),
}


def _actors(slug: str) -> list[Actor]:
    asks = ASKS.get(slug, {})
    return [replace(a, ask=asks.get(a.name, a.ask)) for a in (*ACTORS[slug], *MORE.get(slug, ()))]


def _fields(actor: Actor) -> dict[str, object]:
    return {
        "kind": actor.kind,
        "scope": actor.scope,
        "represents_affected_population": actor.affected,
        "political_orientation": actor.orientation,
        "notes": actor.notes,
        "is_individual": actor.person,
        "unlikely_suspect": actor.unlikely,
        "is_target": bool(actor.ask),
        "target_ask": actor.ask,
    }


def build(ctx: DemoContext) -> None:
    for slug in ACTORS:
        known = ctx.stakeholders[slug]
        convener = ctx.convener(slug)
        alliance = ctx.alliance(slug)
        actors = _actors(slug)
        # Organisations first, so the people who work in them can point at them.
        for wave in ([a for a in actors if not a.within], [a for a in actors if a.within]):
            fresh = []
            with acting_as(convener):
                for actor in wave:
                    fields = _fields(actor)
                    if actor.within:
                        fields["organisation"] = known[actor.within]
                    existing = known.get(actor.name)
                    if existing is not None:
                        for key, value in fields.items():
                            setattr(existing, key, value)
                        existing.save(update_fields=list(fields))
                    else:
                        fresh.append(Stakeholder(alliance=alliance, name=actor.name, **fields))
            bulk_create(Stakeholder, fresh, user=convener)
            known = ctx.stakeholders[slug] = {s.name: s for s in Stakeholder.objects.filter(alliance=alliance)}


# --- ties: who influences, funds, reports to whom ----------------------------------------------

INF, FUNDS, MEMBER, ALLY, OPPOSES, REPORTS = (
    Tie.Kind.INFLUENCES,
    Tie.Kind.FUNDS,
    Tie.Kind.MEMBER_OF,
    Tie.Kind.ALLIED_WITH,
    Tie.Kind.OPPOSES,
    Tie.Kind.REPORTS_TO,
)

# (source, kind, target, strength, note)
TIES: dict[str, tuple[tuple[str, str, str, int, str], ...]] = {
    GEORGIA: (
        ("Nino Chikovani", REPORTS, GEO_MINISTRY, 3, ""),
        ("Davit Kapanadze", REPORTS, GEO_MINISTRY, 3, ""),
        ("Eka Jorbenadze", REPORTS, GEO_MINISTRY, 3, ""),
        (GEO_MINISTRY, REPORTS, "Office of the Minister of Agriculture", 3, ""),
        ("Levan Abuladze", REPORTS, GEO_FINANCE, 3, ""),
        ("Mamuka Gogoladze", MEMBER, GEO_COMMITTEE, 3, ""),
        ("Irakli Dolidze", MEMBER, GEO_COMMITTEE, 3, ""),
        ("Tamta Kharaishvili", REPORTS, "Mamuka Gogoladze", 3, ""),
        ("Nino Chikovani", INF, "Office of the Minister of Agriculture", 2, "Her notes go to the minister unchanged."),
        ("Davit Kapanadze", INF, GEO_FINANCE, 2, "Negotiates the ministry's ceiling each spring."),
        ("Levan Abuladze", INF, GEO_FINANCE, 2, ""),
        ("Tamta Kharaishvili", INF, GEO_COMMITTEE, 2, "Writes the briefings members read."),
        ("Mamuka Gogoladze", INF, GEO_COMMITTEE, 3, "Sets the agenda."),
        ("Zaza Mikadze", INF, "Mamuka Gogoladze", 3, "Old friends; the chair asks his advice."),
        ("Office of the Minister of Agriculture", INF, GEO_COMMITTEE, 2, ""),
        ("Parliament Budget Office", INF, GEO_FINANCE, 1, ""),
        (GEO_FINANCE, INF, "Office of the Minister of Agriculture", 2, "Holds the purse."),
        (
            "Delegation of the European Union to Georgia",
            FUNDS,
            GEO_MINISTRY,
            3,
            "Budget support for the sector strategy.",
        ),
        ("Delegation of the European Union to Georgia", INF, "Office of the Minister of Agriculture", 3, ""),
        ("Delegation of the European Union to Georgia", FUNDS, "CARE International in the Caucasus", 2, ""),
        ("Delegation of the European Union to Georgia", FUNDS, "Mercy Corps Georgia", 2, ""),
        (
            "Food and Agriculture Organization of the United Nations (FAO)",
            INF,
            "Nino Chikovani",
            2,
            "Technical advice on the draft.",
        ),
        ("Food and Agriculture Organization of the United Nations (FAO)", INF, "Eka Jorbenadze", 2, ""),
        ("Swiss development cooperation office", FUNDS, "Georgian Smallholder Farmers' Union", 2, ""),
        ("Swiss development cooperation office", FUNDS, "Tbilisi Agrarian University", 1, ""),
        ("Austrian development cooperation, agriculture programme", FUNDS, "Mtskheta Rural Advisory Service", 2, ""),
        ("Caucasus Agricultural Development Facility", FUNDS, "Rural Development Agency", 3, "Irrigation loans."),
        ("Caucasus Agricultural Development Facility", INF, GEO_FINANCE, 2, ""),
        ("Danube Rural Foundation", FUNDS, "Kakheti Women Farmers' Network", 2, ""),
        ("Danube Rural Foundation", FUNDS, "Rural Women's Council of Guria", 1, ""),
        ("UN Development Programme (UNDP) Georgia", FUNDS, "Javakheti Community Development Centre", 2, ""),
        ("Oxfam in Georgia", FUNDS, "Gender in Agriculture Forum", 2, ""),
        ("CARE International in the Caucasus", FUNDS, "Kakheti Women Farmers' Network", 2, ""),
        (
            "CARE International in the Caucasus",
            INF,
            "Rural Voice (farm radio programme)",
            2,
            "Monthly articles and interviews.",
        ),
        ("CARE International in the Caucasus", ALLY, "Oxfam in Georgia", 3, ""),
        ("Mercy Corps Georgia", ALLY, "People in Need", 2, ""),
        ("Imereti Hazelnut Growers' Association", MEMBER, "National Association of Farm Cooperatives", 2, ""),
        ("Kartli Dairy Cooperative", MEMBER, "National Association of Farm Cooperatives", 2, ""),
        ("Samegrelo Tea Growers", MEMBER, "National Association of Farm Cooperatives", 2, ""),
        ("Racha Mountain Farmers' Group", MEMBER, "Georgian Smallholder Farmers' Union", 2, ""),
        ("Land Users' Association of Shida Kartli", MEMBER, "Georgian Smallholder Farmers' Union", 2, ""),
        ("National Association of Farm Cooperatives", ALLY, "Georgian Smallholder Farmers' Union", 2, ""),
        ("Georgian Smallholder Farmers' Union", INF, GEO_COMMITTEE, 2, "Members vote in rural districts."),
        ("Young Farmers of Georgia", ALLY, "Georgian Smallholder Farmers' Union", 1, ""),
        ("Kakheti Women Farmers' Network", ALLY, "Rural Women's Council of Guria", 2, ""),
        ("Gender in Agriculture Forum", INF, "Tamta Kharaishvili", 1, ""),
        ("Green Valleys Georgia", ALLY, "Caucasus Environmental Network", 3, ""),
        ("Alazani Watershed Society", MEMBER, "Caucasus Environmental Network", 2, ""),
        ("Biodiversity and Pastures Trust", ALLY, "Green Valleys Georgia", 2, ""),
        ("Caucasus Environmental Network", INF, "National Food Agency", 1, ""),
        ("Tbilisi Institute for Rural Studies", INF, "Nino Chikovani", 2, "Research used in the drafting."),
        ("Nana Japaridze", INF, "Davit Kapanadze", 2, "Former classmates."),
        ("Nana Japaridze", MEMBER, "Tbilisi Agrarian University", 2, ""),
        ("Policy Institute for the Caucasus", INF, GEO_FINANCE, 2, ""),
        ("Kutaisi State University, faculty of agrarian sciences", ALLY, "Imereti Regional Administration", 1, ""),
        (
            "Georgian Agro-Traders Association",
            OPPOSES,
            "Georgian Smallholder Farmers' Union",
            2,
            "Fears cooperatives selling direct.",
        ),
        ("Georgian Agro-Traders Association", INF, "Irakli Dolidze", 2, ""),
        ("Georgian Agro-Traders Association", INF, GEO_FINANCE, 1, ""),
        ("Agro-input Dealers Network", ALLY, "Georgian Agro-Traders Association", 2, ""),
        ("Irakli Dolidze", OPPOSES, GEO_COMMITTEE, 1, "Argues against the draft in committee."),
        ("Kakheti Wine Producers' Association", INF, "Irakli Dolidze", 3, "His district's largest employers."),
        ("Kakheti Wine Producers' Association", INF, "Kakheti Regional Administration", 2, ""),
        ("Georgian Bank of Rural Credit", INF, GEO_FINANCE, 2, ""),
        ("Kakheti diocese social service", INF, "Telavi Municipality", 2, ""),
        ("Kakheti diocese social service", INF, "Irakli Dolidze", 1, "He attends the monastery's feast days."),
        ("Telavi Municipality", REPORTS, "Kakheti Regional Administration", 2, ""),
        ("Kakheti Regional Administration", INF, "Office of the Minister of Agriculture", 1, ""),
        ("Rural Voice (farm radio programme)", INF, GEO_COMMITTEE, 1, ""),
        ("Business Georgia weekly", INF, GEO_FINANCE, 1, ""),
        ("Rural Development Agency", REPORTS, "Office of the Minister of Agriculture", 3, ""),
        ("Veterinary Service Providers' Union", ALLY, "National Food Agency", 1, ""),
        ("Samtskhe Rural Initiative", ALLY, "Javakheti Community Development Centre", 1, ""),
    ),
    ZAMBIA: (
        ("Mwila Sakala", REPORTS, ZAM_FINANCE, 3, ""),
        ("Ministry of Health", REPORTS, "Cabinet Office, policy analysis unit", 2, ""),
        ("National Food and Nutrition Commission (NFNC)", REPORTS, "Ministry of Health", 3, ""),
        ("National Food and Nutrition Commission (NFNC)", INF, "Mwila Sakala", 2, "Quarterly spending reviews."),
        ("National Food and Nutrition Commission (NFNC)", INF, "Cabinet Office, policy analysis unit", 2, ""),
        ("Cabinet Office, policy analysis unit", INF, ZAM_FINANCE, 3, ""),
        (
            "Parliamentary Committee on Health, Community Development and Social Services",
            INF,
            ZAM_FINANCE,
            2,
            "Budget hearings.",
        ),
        ("World Food Programme (WFP) Zambia", INF, "Ministry of Community Development and Social Services", 2, ""),
        ("UNICEF Zambia", INF, "Ministry of Health", 3, ""),
        ("UNICEF Zambia", FUNDS, "National Food and Nutrition Commission (NFNC)", 2, ""),
        ("World Health Organization (WHO) Zambia", INF, "Ministry of Health", 2, ""),
        ("Nordic development cooperation (SUN Fund contributor)", FUNDS, "CARE Zambia", 3, "Through the SUN Fund."),
        ("Nordic development cooperation (SUN Fund contributor)", INF, ZAM_FINANCE, 2, "Budget-support dialogue."),
        ("Kafue Children's Foundation", FUNDS, "Eastern Province Nutrition Action", 1, ""),
        ("CARE Zambia", FUNDS, "Chipata Mothers' Nutrition Support Groups", 2, "SUN Fund grant."),
        ("Concern Worldwide", FUNDS, "Lusaka Province Community Health Workers' Association", 2, "SUN Fund grant."),
        ("CARE Zambia", ALLY, "Concern Worldwide", 3, "Joint management agents of the fund."),
        ("Nutrition Association of Zambia", ALLY, "CARE Zambia", 2, ""),
        ("Eastern Province Nutrition Action", MEMBER, "Zambia Civil Society Nutrition Alliance", 2, ""),
        (
            "Zambia Civil Society Nutrition Alliance",
            INF,
            "Parliamentary Committee on Health, Community Development and Social Services",
            2,
            "",
        ),
        (
            "Lusaka Institute of Food and Nutrition Research",
            INF,
            "National Food and Nutrition Commission (NFNC)",
            2,
            "",
        ),
        (
            "Chiefs' council of Eastern Province",
            INF,
            "Parliamentary Committee on Health, Community Development and Social Services",
            2,
            "MPs listen to the chiefs at home.",
        ),
        ("Smallholder Farmers' Union of Zambia", INF, "Ministry of Agriculture", 2, ""),
        (
            "Zambia Food Processors Association",
            OPPOSES,
            "Nutrition Association of Zambia",
            1,
            "Disputes the fortification standard.",
        ),
        ("Zambia Food Processors Association", INF, ZAM_FINANCE, 2, ""),
        ("Lusaka Millers' Cooperative", ALLY, "Nutrition Association of Zambia", 1, ""),
        (
            "Daily Times health desk",
            INF,
            "Parliamentary Committee on Health, Community Development and Social Services",
            1,
            "",
        ),
        ("Scaling Up Nutrition (SUN) Movement", INF, "National Food and Nutrition Commission (NFNC)", 2, ""),
    ),
    PERU: (
        ("CARE Perú", ALLY, "World Food Programme (WFP) Peru", 3, ""),
        ("USAID Peru", FUNDS, "CARE Perú", 2, ""),
        ("Fondo Andino para la Niñez", FUNDS, "Mujeres Rurales del Altiplano", 2, ""),
        ("Red de Radios Comunitarias Andinas", INF, "Sofía Mendoza Llanos", 2, "Her base listens to community radio."),
        ("Red de Radios Comunitarias Andinas", INF, "Hugo Castañeda Ríos", 2, ""),
        ("Televisión Nacional, election debates", INF, "Elena Vargas Cáceres", 2, ""),
        ("Televisión Nacional, election debates", INF, "Ricardo Paredes Soto", 2, ""),
        ("Televisión Nacional, election debates", INF, "Alberto Ñique Torres", 2, ""),
        ("Diario La Nación Andina", INF, "Ricardo Paredes Soto", 1, ""),
        ("Asociación de Gremios Empresariales del Sur", INF, "Ricardo Paredes Soto", 3, "Funds part of his campaign."),
        ("Asociación de Gremios Empresariales del Sur", INF, "Alberto Ñique Torres", 2, ""),
        ("Comisión de Pastoral Social", INF, "Alberto Ñique Torres", 2, "He courts the Church's vote."),
        ("Comisión de Pastoral Social", INF, "Hugo Castañeda Ríos", 1, ""),
        ("Asociación de Pediatras por la Nutrición Infantil", INF, "Elena Vargas Cáceres", 2, ""),
        ("Centro de Investigación en Nutrición y Desarrollo", INF, "Ministry of Health, nutrition directorate", 2, ""),
        (
            "Observatorio de Políticas Sociales del Sur",
            INF,
            "Ministry of Economy and Finance",
            2,
            "Its spending analysis is read there.",
        ),
        ("Martín Salazar (nutrition economist)", INF, "Ministry of Economy and Finance", 2, ""),
        ("Martín Salazar (nutrition economist)", INF, "Ricardo Paredes Soto", 1, "Advised his party's platform."),
        ("Comités de Madres de Lima Norte", INF, "Sofía Mendoza Llanos", 2, ""),
        ("Asociación de Promotoras de Salud de Huancavelica", ALLY, "Red Sierra Sana", 2, ""),
        ("Mesa de concertación regional de Ayacucho", INF, "Hugo Castañeda Ríos", 2, ""),
        ("Alberto Ñique Torres", OPPOSES, "Ministry of Women and Social Development", 2, "Promises to merge it away."),
        ("Ministry of Health, nutrition directorate", REPORTS, "Ministry of Economy and Finance", 1, ""),
        ("Children's ombudsman's office", INF, "Ministry of Economy and Finance", 1, ""),
        ("World Food Programme (WFP) Peru", INF, "Ministry of Women and Social Development", 2, ""),
    ),
}


# --- assessments: positions that move over time -------------------------------------------------

# name -> ((months ago, position or None, influence, interest, evidence), …), oldest first.
Step = tuple[float, int | None, int, int, str]
HISTORIES: dict[str, dict[str, tuple[Step, ...]]] = {
    GEORGIA: {
        GEO_MINISTRY: (
            (28, -1, 4, 2, "Said a cooperatives law was 'not a priority' at the first DCG meeting."),
            (16, 0, 4, 3, "Asked the group for comparative research on cooperative laws."),
            (4, 1, 5, 4, "Shared the first draft of the law with the group for comments."),
        ),
        "Office of the Minister of Agriculture": (
            (28, -1, 5, 1, "The minister's speeches never mention smallholders."),
            (14, 1, 5, 3, "New administration: the minister named agriculture a top priority."),
            (2, 2, 5, 5, "Minister backed the draft law in cabinet."),
        ),
        "Nino Chikovani": (
            (20, 0, 3, 3, "Cautious in the first working-group meeting."),
            (9, 1, 4, 4, "Took our cooperative-registration proposal into the draft."),
            (1, 2, 4, 5, "Defended joint marketing against the traders' lobby."),
        ),
        "Davit Kapanadze": (
            (18, -1, 3, 2, "Warned the budget ceiling could not move."),
            (6, 0, 3, 3, "Asked for the costing of extension services."),
        ),
        "Eka Jorbenadze": ((10, 1, 2, 4, "Runs the pilot extension centres and wants them funded."),),
        GEO_FINANCE: (
            (26, -2, 5, 1, "Refused any increase for agriculture."),
            (12, -1, 5, 2, "Agreed to look at a phased increase."),
            (3, -1, 5, 2, "Still resists the 4% figure."),
        ),
        "Levan Abuladze": ((12, None, 2, 2, ""), (3, 0, 2, 3, "Asked for our costing paper.")),
        GEO_COMMITTEE: (
            (24, -1, 5, 1, "Committee shelved a similar bill before."),
            (12, 0, 5, 3, "Learning event for members well attended."),
            (3, 1, 5, 4, "Chair promised a hearing on the draft."),
        ),
        "Mamuka Gogoladze": (
            (24, 0, 4, 2, ""),
            (10, 1, 4, 3, "Came to the learning event and asked for the research."),
            (2, 2, 4, 4, "Publicly committed to a hearing this session."),
        ),
        "Irakli Dolidze": (
            (20, -2, 3, 3, "Called cooperatives 'a return to the collective farm'."),
            (5, -1, 3, 3, "Softer after the wine producers asked for steadier supply."),
        ),
        "Tamta Kharaishvili": ((8, 1, 2, 3, "Asked for our briefing notes to share with members."),),
        "Parliament Budget Office": ((10, 0, 2, 1, ""),),
        "Georgian Agro-Traders Association": (
            (22, -1, 3, 4, "Declined to join; fears cooperatives selling direct."),
            (6, -2, 3, 5, "Lobbied committee members against the draft."),
        ),
        "Kakheti Wine Producers' Association": (
            (14, None, 3, 1, "Not yet approached."),
            (6, 0, 3, 2, "Interested in contracts with grape cooperatives."),
            (1, 1, 3, 3, "Offered to speak at the committee hearing."),
        ),
        "Georgian Bank of Rural Credit": ((9, None, 3, 1, ""), (2, 1, 3, 3, "Would open a cooperative credit line.")),
        "Kakheti diocese social service": ((5, 1, 2, 2, "Hosts a farmers' school; blessed the women's cooperative."),),
        "Zaza Mikadze": ((7, None, 3, 2, ""), (2, 1, 3, 3, "Agreed the law is overdue, privately.")),
        "Delegation of the European Union to Georgia": ((30, 2, 4, 5, "Hosts the group."),),
        "Food and Agriculture Organization of the United Nations (FAO)": ((29, 2, 3, 5, "Co-facilitates the group."),),
        "CARE International in the Caucasus": ((30, 2, 3, 5, "Convener."),),
        "Oxfam in Georgia": ((28, 2, 3, 5, ""),),
        "Mercy Corps Georgia": ((27, 2, 3, 4, ""),),
        "People in Need": (
            (6, 1, 2, 3, "Interested; invited."),
            (1, 2, 2, 4, "Will join the cooperatives working group."),
        ),
        "Georgian Smallholder Farmers' Union": ((26, 2, 3, 5, "Its members would form the cooperatives."),),
        "Kakheti Women Farmers' Network": ((15, 2, 2, 5, ""),),
        "Green Valleys Georgia": ((24, 1, 2, 3, "Supports with conditions on pasture use."), (8, 2, 2, 4, "")),
        "Tbilisi Institute for Rural Studies": ((4, 1, 2, 3, ""),),
        "Samtskhe Rural Initiative": ((18, 2, 1, 4, ""), (7, 1, 1, 2, "Funding ended; less active.")),
        "National Association of Farm Cooperatives": ((10, 2, 3, 5, ""),),
        "Young Farmers of Georgia": ((5, 1, 1, 3, ""),),
        "Rural Development Agency": ((12, 0, 3, 2, ""), (4, 1, 3, 3, "Wants cooperatives to channel co-financing.")),
        "National Food Agency": ((8, 0, 2, 1, ""),),
        "Kakheti Regional Administration": ((10, 0, 2, 2, ""), (3, 1, 2, 3, "")),
        "Swiss development cooperation office": ((15, 1, 3, 3, ""),),
        "Caucasus Agricultural Development Facility": ((12, 0, 4, 2, ""), (2, 1, 4, 3, "")),
        "Danube Rural Foundation": ((9, 1, 2, 3, ""),),
        "Policy Institute for the Caucasus": ((6, 0, 2, 2, ""),),
        "Nana Japaridze": ((11, 2, 2, 4, "Wrote the research paper."),),
        "Rural Voice (farm radio programme)": ((9, 1, 2, 3, ""),),
        "Business Georgia weekly": ((9, -1, 2, 2, "Editorials call subsidies waste."), (2, 0, 2, 2, "")),
        "Agro-input Dealers Network": ((8, -1, 2, 3, ""),),
    },
    ZAMBIA: {
        ZAM_FINANCE: (
            (30, -1, 5, 1, "Nutrition spread across ministries; no line of its own."),
            (15, 0, 5, 2, "Agreed to track nutrition spending."),
            (3, 1, 5, 3, "Piloted a nutrition tag in the budget."),
        ),
        "Mwila Sakala": (
            (14, 0, 3, 2, ""),
            (5, 1, 3, 4, "Asked for the costed plan."),
            (1, 2, 3, 4, "Drafted the tag."),
        ),
        "Cabinet Office, policy analysis unit": ((20, 0, 4, 2, ""), (6, 1, 4, 3, "")),
        "Parliamentary Committee on Health, Community Development and Social Services": (
            (18, None, 4, 1, ""),
            (8, 1, 4, 3, "Raised stunting in the budget hearings."),
        ),
        "National Food and Nutrition Commission (NFNC)": ((36, 2, 4, 5, "Coordinates the committee."),),
        "Ministry of Health": ((36, 2, 4, 4, ""),),
        "Ministry of Agriculture": ((35, 1, 4, 2, "Focus on maize output."), (10, 2, 4, 3, "Diversification plan.")),
        "Ministry of Community Development and Social Services": ((35, 1, 3, 3, ""),),
        "World Food Programme (WFP) Zambia": ((35, 2, 3, 5, ""),),
        "UNICEF Zambia": ((20, 2, 4, 5, ""),),
        "World Health Organization (WHO) Zambia": ((20, 2, 3, 4, ""),),
        "CARE Zambia": ((34, 2, 3, 5, ""),),
        "Concern Worldwide": ((34, 2, 3, 5, ""),),
        "Nutrition Association of Zambia": ((33, 2, 2, 5, ""),),
        "Zambia Food Processors Association": (
            (14, 0, 3, 3, ""),
            (12, -1, 3, 4, "Declined: fortification costs."),
        ),
        "Lusaka Millers' Cooperative": ((6, None, 2, 1, ""), (2, 1, 2, 3, "Ready to fortify with a clear standard.")),
        "Chiefs' council of Eastern Province": ((5, 1, 3, 2, "Chiefs spoke at the nutrition week launch."),),
        "Kafue Children's Foundation": ((4, 1, 2, 3, ""),),
        "Smallholder Farmers' Union of Zambia": ((8, 1, 2, 3, ""),),
        "Nordic development cooperation (SUN Fund contributor)": ((24, 2, 4, 4, ""),),
    },
    PERU: {
        "Elena Vargas Cáceres": (
            (9, 1, 4, 3, "Mentions anaemia in speeches."),
            (4, 2, 4, 4, "Signed the pledge at the forum."),
        ),
        "Ricardo Paredes Soto": (
            (9, None, 5, 1, "No statement on nutrition."),
            (5, 0, 5, 2, "Said programmes must be 'efficient first'."),
            (2, 1, 5, 3, "Agreed to the pledge after the business federation spoke up."),
        ),
        "Alberto Ñique Torres": (
            (9, -1, 4, 2, "Promises to cut social programmes."),
            (3, 0, 4, 2, "Avoided the question in the televised debate."),
        ),
        "Sofía Mendoza Llanos": ((9, 1, 3, 4, ""), (3, 2, 3, 5, "Signed; asked for the targets by region.")),
        "Hugo Castañeda Ríos": ((8, None, 3, 1, ""), (2, 1, 3, 3, "Interested after the regional round table.")),
        "Ministry of Economy and Finance": (
            (12, 0, 5, 2, ""),
            (4, 1, 5, 3, "Results-based budget includes nutrition."),
        ),
        "Ministry of Health, nutrition directorate": ((12, 2, 3, 5, ""),),
        "Ministry of Women and Social Development": ((12, 1, 3, 4, ""),),
        "Asociación de Gremios Empresariales del Sur": (
            (8, None, 3, 1, ""),
            (3, 1, 3, 3, "Published the cost of stunting to productivity."),
        ),
        "Comisión de Pastoral Social": ((6, 1, 3, 3, ""), (2, 2, 3, 4, "Bishops' letter on child hunger.")),
        "Televisión Nacional, election debates": ((5, 0, 4, 2, ""),),
        "Diario La Nación Andina": ((5, 0, 3, 2, ""),),
        "CARE Perú": ((20, 2, 3, 5, ""),),
        "World Food Programme (WFP) Peru": ((19, 2, 3, 5, ""),),
        "USAID Peru": ((19, 2, 4, 4, ""),),
        "Red de Radios Comunitarias Andinas": ((10, 2, 2, 5, ""),),
        "Martín Salazar (nutrition economist)": ((6, 1, 2, 4, ""),),
    },
}

# Who signs the assessments: the convener's organisation early on, the secretariat later.
SIGNERS: dict[str, tuple[str, str]] = {
    GEORGIA: ("cochair@georgia.demo", "secretariat@georgia.demo"),
    ZAMBIA: ("cochair@zambia.demo", "secretariat@zambia.demo"),
    PERU: ("cochair@peru.demo", "secretariat@peru.demo"),
}


def build_ties_and_assessments(ctx: DemoContext) -> None:
    for slug, ties in TIES.items():
        alliance = ctx.alliance(slug)
        convener = ctx.convener(slug)
        known = ctx.stakeholders[slug]
        bulk_create(
            Tie,
            [
                Tie(alliance=alliance, source=known[s], target=known[t], kind=k, strength=n, note=note)
                for s, k, t, n, note in ties
            ],
            user=convener,
        )
        early, late = (ctx.user(email) for email in SIGNERS[slug])
        rows: list[Assessment] = []
        for name, steps in HISTORIES[slug].items():
            for months, position, influence, interest, evidence in steps:
                day: dt.date = ctx.ago(months)
                rows.append(
                    Assessment(
                        alliance=alliance,
                        stakeholder=known[name],
                        assessed_on=day,
                        position=position,
                        influence=influence,
                        interest=interest,
                        evidence=evidence,
                        assessed_by=early if months > 8 else late,
                        created_at=demo.aware(day),
                    )
                )
        bulk_create(Assessment, rows, user=convener)
