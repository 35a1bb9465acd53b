"""Where each demo stakeholder stands with the alliance, and since when.

Stakeholders not listed here are targets or outside observers: no membership row at all.
"""

from __future__ import annotations

from accord.core import demo
from accord.core.demo import GEORGIA, PERU, ZAMBIA, DemoContext
from accord.core.history import bulk_create
from accord.membership.models import Membership

S = Membership.Status

# slug -> stakeholder name -> (status, months since that status began)
STATUSES: dict[str, dict[str, tuple[str, float]]] = {
    GEORGIA: {
        "CARE International in the Caucasus": (S.MEMBER, 30),
        "Delegation of the European Union to Georgia": (S.MEMBER, 30),
        "Food and Agriculture Organization of the United Nations (FAO)": (S.MEMBER, 29),
        "Oxfam in Georgia": (S.MEMBER, 28),
        "Mercy Corps Georgia": (S.MEMBER, 27),
        "Georgian Smallholder Farmers' Union": (S.MEMBER, 26),
        "Green Valleys Georgia": (S.MEMBER, 24),
        "Kakheti Women Farmers' Network": (S.MEMBER, 15),
        "People in Need": (S.INVITED, 0.5),
        "Tbilisi Institute for Rural Studies": (S.CANDIDATE, 2),
        "Samtskhe Rural Initiative": (S.LEFT, 7),
        "Georgian Agro-Traders Association": (S.DECLINED, 22),
    },
    ZAMBIA: {
        "National Food and Nutrition Commission (NFNC)": (S.MEMBER, 36),
        "Ministry of Health": (S.MEMBER, 36),
        "Ministry of Agriculture": (S.MEMBER, 35),
        "Ministry of Community Development and Social Services": (S.MEMBER, 35),
        "World Food Programme (WFP) Zambia": (S.MEMBER, 35),
        "Food and Agriculture Organization of the United Nations (FAO)": (S.MEMBER, 34),
        "CARE Zambia": (S.MEMBER, 34),
        "Concern Worldwide": (S.MEMBER, 34),
        "Nutrition Association of Zambia": (S.MEMBER, 33),
        "Lusaka Province Community Health Workers' Association": (S.MEMBER, 20),
        "Chipata Mothers' Nutrition Support Groups": (S.INVITED, 1),
        "Kafue Children's Foundation": (S.CANDIDATE, 4),
        "Zambia Food Processors Association": (S.DECLINED, 12),
    },
    PERU: {
        "CARE Perú": (S.MEMBER, 20),
        "World Food Programme (WFP) Peru": (S.MEMBER, 19),
        "USAID Peru": (S.MEMBER, 19),
        "Acción contra el Hambre (Action Against Hunger)": (S.MEMBER, 19),
        "Semillas de Vida International": (S.MEMBER, 18),
        "Fondo Andino para la Niñez": (S.MEMBER, 18),
        "Red Sierra Sana": (S.MEMBER, 18),
        "Amazonía Infancia": (S.MEMBER, 17),
        "Agua Limpia Perú": (S.MEMBER, 17),
        "Asociación de Promotoras de Salud de Huancavelica": (S.MEMBER, 15),
        "Comités de Madres de Lima Norte": (S.MEMBER, 15),
        "Mujeres Rurales del Altiplano": (S.MEMBER, 14),
        "Centro de Investigación en Nutrición y Desarrollo": (S.MEMBER, 14),
        "Observatorio de Políticas Sociales del Sur": (S.MEMBER, 13),
        "Asociación de Pediatras por la Nutrición Infantil": (S.MEMBER, 12),
        "Red de Radios Comunitarias Andinas": (S.MEMBER, 10),
    },
}


@demo.register(40)
def build(ctx: DemoContext) -> None:
    for slug, statuses in STATUSES.items():
        alliance = ctx.alliance(slug)
        convener = ctx.convener(slug)
        existing = {m.stakeholder_id: m for m in Membership.objects.filter(alliance=alliance)}
        fresh = []
        for name, (status, months) in statuses.items():
            stakeholder = ctx.stakeholder(slug, name)
            since = ctx.ago(months)
            membership = existing.get(stakeholder.pk)
            if membership is not None:
                # The convener's organisation: a member since the alliance began.
                demo.backdate(membership, status=status, since=since)
            else:
                fresh.append(Membership(alliance=alliance, stakeholder=stakeholder, status=status, since=since))
        bulk_create(Membership, fresh, user=convener)
