"""Who each demo alliance knows: members, candidates and the power holders it wants to move.

Real organisations appear only where the method's case studies name them; everyone else is
invented. The convener's own organisation already exists (the alliance was created with it), so
it is only completed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.core import demo
from accord.core.demo import GEORGIA, PERU, ZAMBIA, DemoContext
from accord.core.history import acting_as, bulk_create
from accord.landscape.models import Scope, Stakeholder
from accord.landscape.models import StakeholderType as T


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str
    scope: str = Scope.NATIONAL
    affected: bool = False  # represents the affected population
    orientation: str = ""
    notes: str = ""


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


@demo.register(30)
def build(ctx: DemoContext) -> None:
    for slug, actors in ACTORS.items():
        known = ctx.stakeholders[slug]
        convener = ctx.convener(slug)
        alliance = ctx.alliance(slug)
        fresh = []
        with acting_as(convener):
            for actor in actors:
                fields = {
                    "kind": actor.kind,
                    "scope": actor.scope,
                    "represents_affected_population": actor.affected,
                    "political_orientation": actor.orientation,
                    "notes": actor.notes,
                }
                existing = known.get(actor.name)
                if existing is not None:
                    for key, value in fields.items():
                        setattr(existing, key, value)
                    existing.save(update_fields=list(fields))
                else:
                    fresh.append(Stakeholder(alliance=alliance, name=actor.name, **fields))
        bulk_create(Stakeholder, fresh, user=convener)
        ctx.stakeholders[slug] = {s.name: s for s in Stakeholder.objects.filter(alliance=alliance)}
