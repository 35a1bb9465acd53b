"""The demo alliances' framework elements and generated framework documents."""

from __future__ import annotations

from accord.core import demo
from accord.core.demo import GEORGIA, PERU, ZAMBIA, DemoContext
from accord.core.history import acting_as
from accord.framework.models import FrameworkDocument
from accord.framework.services import framework_document_generate, framework_element_save

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


def build_framework(ctx: DemoContext) -> None:
    """Framework elements for each demo alliance and a generated ways-of-working note or terms
    of reference (adopted at 70 by the decisions demo)."""
    for slug in ELEMENT_SPECS:
        alliance = ctx.alliance(slug)
        author = ctx.convener(slug)
        with acting_as(author):
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
