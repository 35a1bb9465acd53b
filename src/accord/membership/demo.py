"""Where each demo stakeholder stands with the alliance, and since when.

Stakeholders not listed here are targets or outside observers: no membership row at all.
"""

from __future__ import annotations

import functools
from typing import Any

from django.utils.text import slugify

from accord.core import demo
from accord.core.demo import GEORGIA, PEOPLE, PERU, ZAMBIA, DemoContext, backdate
from accord.core.history import acting_as, bulk_create
from accord.membership.models import Membership, Seat
from accord.membership.services_roles import seat_grant_role

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


# --- invitations in every state and requests to join (order 45) ---------------------------------

# Extra invitations to colleagues of member organisations, so that each alliance shows every
# state: slug -> (organisation, contact, email, state, months ago sent).
COLLEAGUES: dict[str, list[tuple[str, str, str, str, float]]] = {
    GEORGIA: [
        ("Oxfam in Georgia", "Nino Beridze", "nino.beridze@oxfam.example", "expired", 3),
        ("Mercy Corps Georgia", "David Kapanadze", "dkapanadze@mercycorps.example", "sent", 0.3),
    ],
    ZAMBIA: [
        ("World Food Programme (WFP) Zambia", "Grace Tembo", "grace.tembo@wfp.example", "expired", 5),
        ("Concern Worldwide", "Peter Zulu", "peter.zulu@concern.example", "revoked", 6),
    ],
    PERU: [
        ("USAID Peru", "Ana Torres", "atorres@usaid.example", "expired", 4),
        ("Acción contra el Hambre (Action Against Hunger)", "Jorge Paredes", "jparedes@ach.example", "sent", 0.2),
        ("Amazonía Infancia", "Elena Vargas", "elena@amazonia-infancia.example", "declined", 9),
        ("Agua Limpia Perú", "Hugo Ríos", "hugo@agualimpia.example", "revoked", 11),
    ],
}

# Requests to join: slug -> (organisation, type, contact, email, why, status, months ago, reply).
JOIN_REQUESTS: dict[str, list[tuple[str, str, str, str, str, str, float, str]]] = {
    GEORGIA: [
        (
            "Kakheti Women Farmers' Network",
            "womens_rights",
            "Eka Meskhi",
            "eka@kakheti-women.example",
            "Our members grow most of the vegetables sold in Telavi and want a say in extension policy.",
            "accepted",
            15.5,
            "Welcome: women farmers were the voice we were missing.",
        ),
        (
            "Imereti Seed Savers Cooperative",
            "member_based",
            "Zurab Chkheidze",
            "zurab@imereti-seeds.example",
            "We keep local seed varieties and train farmers in three districts.",
            "pending",
            0.4,
            "",
        ),
        (
            "AgroInput Distributors LLC",
            "private",
            "Sales office",
            "sales@agroinput.example",
            "We would like to present our fertiliser range to the group's members.",
            "refused",
            9,
            "The group coordinates public support to smallholders; it is not a sales channel.",
        ),
    ],
    ZAMBIA: [
        (
            "Lusaka Province Community Health Workers' Association",
            "member_based",
            "Mwila Sakala",
            "mwila@lpchwa.example",
            "Our volunteers weigh children every month; we see stunting first.",
            "accepted",
            20.5,
            "",
        ),
        (
            "Copperbelt Nutrition Volunteers",
            "local_ngo",
            "Esther Mulenga",
            "esther@cbnv.example",
            "We run cooking demonstrations in Kitwe and Ndola and would add the Copperbelt's experience.",
            "pending",
            0.6,
            "",
        ),
    ],
    PERU: [
        (
            "Red de Radios Comunitarias Andinas",
            "media",
            "Teófilo Ccori",
            "teofilo@radiosandinas.example",
            "Nuestras radios llegan a comunidades quechuas y aimaras a las que nadie más llega.",
            "accepted",
            10.5,
            "Bienvenidos: las radios llevarán los compromisos de los candidatos a las comunidades.",
        ),
        (
            "Colectivo Ollas Comunes de Villa El Salvador",
            "member_based",
            "Marisol Huanca",
            "marisol@ollascomunes.example",
            "Las ollas comunes alimentan a miles de niños; queremos que su voz esté en la iniciativa.",
            "pending",
            0.3,
            "",
        ),
    ],
}


def _invitation(
    alliance: Any,
    purpose: Any,
    convener: Any,
    valid: Any,
    m: Membership,
    email: str,
    contact: str,
    sent: Any,
    **state: Any,
) -> Any:
    from accord.membership.models import Invitation

    fields: dict[str, Any] = {"expires_at": sent + valid, **state}
    return Invitation(
        alliance=alliance,
        membership=m,
        email=email,
        contact_name=contact,
        language=alliance.languages[0],
        purpose=purpose,
        token_digest=_digest(),
        invited_by=convener,
        sent_at=sent,
        **fields,
    )


def _digest() -> str:
    import secrets

    from accord.membership.services import token_digest

    # The demo's links are never sent: a random digest that no token matches.
    return token_digest(secrets.token_urlsafe(32))


def build_invitations(ctx: DemoContext) -> None:
    """Invitations carrying each alliance's purpose, in every state, and requests to join."""
    import datetime as dt

    from accord.core.demo import aware
    from accord.membership.models import Invitation, JoinRequest
    from accord.membership.selectors import invitation_purpose

    for slug, statuses in STATUSES.items():
        alliance = ctx.alliance(slug)
        convener = ctx.convener(slug)
        purpose = invitation_purpose(alliance)
        valid = dt.timedelta(days=alliance.invitation_valid_days)
        founding = demo.CONVENERS[slug]
        founding_org = next(p.organisation for p in demo.PEOPLE if p.email == founding)
        memberships = {
            m.stakeholder.name: m for m in Membership.objects.filter(alliance=alliance).select_related("stakeholder")
        }
        joined_by_request = {r[0] for r in JOIN_REQUESTS.get(slug, []) if r[5] == "accepted"}
        rows = []

        invitation = functools.partial(_invitation, alliance, purpose, convener, valid)

        for name, (status, months) in statuses.items():
            m = memberships[name]
            if status == S.CANDIDATE and slug == PERU:
                continue
            org = m.stakeholder
            email = org.email or f"director@{slugify(name)[:30]}.example"
            contact = org.contact_person
            answered = aware(ctx.ago(months))
            sent = answered - dt.timedelta(days=9)
            if status in (S.MEMBER, S.LEFT):
                if name == founding_org:
                    continue
                if status == S.LEFT:
                    sent = aware(ctx.ago(20))
                    answered = sent + dt.timedelta(days=6)
                rows.append(invitation(m, email, contact, sent, accepted_at=answered))
            elif status == S.INVITED:
                rows.append(invitation(m, email, contact, aware(ctx.ago(min(months, 0.5)))))
            elif status == S.DECLINED:
                rows.append(invitation(m, email, contact, sent, declined_at=answered))
            elif status == S.CANDIDATE:
                # Invited once, then withdrawn while the purpose was being redrafted.
                rows.append(invitation(m, email, contact, sent, revoked_at=answered))
        for name, contact, email, state, months in COLLEAGUES.get(slug, []):
            m = memberships[name]
            sent = aware(ctx.ago(months))
            extra: dict[str, object] = {}
            if state == "declined":
                extra["declined_at"] = sent + dt.timedelta(days=4)
            elif state == "revoked":
                extra["revoked_at"] = sent + dt.timedelta(days=12)
            elif state == "sent":
                extra["expires_at"] = aware(ctx.today) + valid - dt.timedelta(days=int(months * 30))
            rows.append(invitation(m, email, contact, sent, **extra))
        # Organisations that asked to join were invited after the co-chairs accepted.
        rows = [r for r in rows if r.membership.stakeholder.name not in joined_by_request or r.accepted_at is None]
        requests = []
        for org_name, kind, contact, email, why, status, months, reply in JOIN_REQUESTS.get(slug, []):
            asked = aware(ctx.ago(months))
            decided = asked + dt.timedelta(days=8) if status != "pending" else None
            stakeholder = memberships[org_name].stakeholder if org_name in memberships else None
            requests.append(
                JoinRequest(
                    alliance=alliance,
                    organisation_name=org_name,
                    kind=kind,
                    contact_name=contact,
                    email=email,
                    message=why,
                    status=status,
                    requested_at=asked,
                    decided_by=convener if decided else None,
                    decided_at=decided,
                    decision_note=reply,
                    stakeholder=stakeholder if status == "accepted" else None,
                )
            )
            if status == "accepted" and stakeholder is not None and decided is not None:
                rows.append(
                    invitation(
                        memberships[org_name], email, contact, decided, accepted_at=decided + dt.timedelta(days=3)
                    )
                )
        bulk_create(Invitation, rows, user=convener)
        bulk_create(JoinRequest, requests, user=convener)


# --- each organisation's voice and the secretariat's next turn (order 55) -----------------------

# slug -> (email of the next secretariat, months ahead of the hand-over)
NEXT_SECRETARIAT: dict[str, tuple[str, float]] = {
    # FAO's year ends; Green Valleys takes its second turn.
    GEORGIA: ("member@georgia.demo", 4),
    # Soon: inside the reminder window, so `accord reminders` has something to send.
    ZAMBIA: ("member@zambia.demo", 0.3),
    PERU: ("member@peru.demo", 6),
}


def build_voices_and_rotation(ctx: DemoContext) -> None:
    """Each member organisation's first representative is its voice; each alliance plans its
    next secretariat hand-over."""
    from accord.core.history import acting_as
    from accord.membership.models import Seat
    from accord.membership.selectors import representatives
    from accord.membership.services_roles import secretariat_term_add

    for slug in STATUSES:
        alliance = ctx.alliance(slug)
        convener = ctx.convener(slug)
        with acting_as(convener):
            first: dict[int, Seat] = {}
            for seat in representatives(alliance).order_by("joined_on", "pk"):
                first.setdefault(seat.organisation_id, seat)  # type: ignore[arg-type]
            for m in Membership.objects.filter(alliance=alliance, status=S.MEMBER, stakeholder_id__in=list(first)):
                m.voice = first[m.stakeholder_id]
                m.save(update_fields=["voice"])
            email, months = NEXT_SECRETARIAT[slug]
            seat = Seat.objects.get(alliance=alliance, user=ctx.user(email))
            secretariat_term_add(alliance=alliance, seat=seat, starts_on=ctx.ahead(months))


def build_seats(ctx: DemoContext) -> None:
    """Seat every demo person in their alliance with their roles, past terms included."""
    for person in PEOPLE:
        alliance = ctx.alliance(person.alliance)
        user = ctx.user(person.email)
        organisation = ctx.stakeholder(person.alliance, person.organisation)
        joined = ctx.ago(max(t.began for t in person.terms))
        with acting_as(ctx.convener(person.alliance)):
            seat = Seat.objects.filter(alliance=alliance, user=user).first()
            if seat is not None:
                # The convener: alliance_create seated them today; move that to when it happened.
                backdate(seat, joined_on=joined)
                for seat_role in seat.roles.all():
                    term = next(t for t in person.terms if t.role == seat_role.role)
                    backdate(seat_role, starts_on=ctx.ago(term.began))
            held = set(seat.roles.values_list("role", flat=True)) if seat else set()
            for term in person.terms:
                if term.role in held:
                    continue
                seat_grant_role(
                    alliance=alliance,
                    email=user.email,
                    role=term.role,
                    organisation_id=organisation.pk,
                    starts_on=ctx.ago(term.began),
                    ends_on=ctx.ago(term.ended) if term.ended is not None else None,
                )
            if seat is None:
                seat = Seat.objects.get(alliance=alliance, user=user)
                backdate(seat, joined_on=joined)
