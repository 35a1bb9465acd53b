"""Writes for alliances and their purpose. Each service is one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accord.alliances.models import (
    Acknowledgement,
    Charter,
    Circulation,
    Endorsement,
    FrameworkDocument,
    FrameworkElement,
    Purpose,
)
from accord.core.models import Alliance, Role, Seat, SeatRole
from accord.landscape.models import Scope, Stakeholder
from accord.membership.models import Membership


class StaleVersion(Exception):
    """Someone saved a newer version of the text (purpose or charter) since this edit began."""

    def __init__(self, current: Any) -> None:
        super().__init__(_("Someone saved version %(v)s while you were editing.") % {"v": current.version})
        self.current = current


SETTINGS_FIELDS = (
    "name",
    "country",
    "sector",
    "languages",
    "timezone",
    "status",
    "meeting_cadence_days",
    "survey_anonymity_k",
    "min_accepted_members",
    "recent_window_days",
    "ingo_share_max",
    "grassroots_share_min",
    "participation_min",
    "dormant_after_days",
)


def unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "alliance"
    slug, n = base, 2
    while Alliance.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def alliance_create(
    *,
    user: Any,
    name: str,
    organisation_name: str,
    organisation_kind: str,
    country: str = "",
    sector: str = "",
    languages: list[str] | None = None,
    timezone_name: str = "UTC",
    slug: str | None = None,
) -> Alliance:
    """A convener creates an alliance. Their organisation becomes its first member and they
    become its first co-chair and that organisation's representative (the method's convener)."""
    alliance = Alliance.objects.create(
        slug=slug or unique_slug(name),
        name=name,
        country=country,
        sector=sector,
        languages=languages or ["en"],
        timezone=timezone_name,
    )
    organisation = Stakeholder.objects.create(
        alliance=alliance, name=organisation_name, kind=organisation_kind, scope=Scope.NATIONAL
    )
    seat = Seat.objects.create(alliance=alliance, user=user, organisation=organisation)
    # The convener speaks for their organisation in decisions from the start.
    Membership.objects.create(alliance=alliance, stakeholder=organisation, status=Membership.Status.MEMBER, voice=seat)
    for role in (Role.CO_CHAIR, Role.REPRESENTATIVE):
        SeatRole.objects.create(alliance=alliance, seat=seat, role=role)
    from accord.core.permissions import forget_roles

    forget_roles(user)
    return alliance


@transaction.atomic
def alliance_update_settings(*, alliance: Alliance, **changes: Any) -> Alliance:
    """Change an alliance's settings. Thresholds stay within the ranges the model allows (an
    anonymity threshold below 3 would let a survey answer be traced to one person); on any
    invalid value nothing is written."""
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not a setting: {', '.join(sorted(unknown))}")
    before = {key: getattr(alliance, key) for key in changes}
    for key, value in changes.items():
        setattr(alliance, key, value)
    try:
        alliance.full_clean()
    except ValidationError:
        # Nothing is written, and the caller's object keeps the values the database holds.
        for key, value in before.items():
            setattr(alliance, key, value)
        raise
    alliance.save(update_fields=list(changes))
    return alliance


@transaction.atomic
def purpose_save(*, alliance: Alliance, user: Any, data: dict[str, Any], base_version: int | None) -> Purpose:
    """Write a new version of the purpose. Versions are never edited in place.

    `base_version` is the version the person started from (None for the first). If someone saved
    a newer one meanwhile, StaleVersion is raised and nothing is written, so no edit is lost
    silently.
    """
    # Lock the alliance row so two saves cannot both take the same version number.
    Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
    latest = alliance.purposes.order_by("-version").first()
    current = latest.version if latest else None
    if current != base_version:
        if latest is None:
            raise ValidationError({"base_version": _("There is no earlier version to build on.")})
        raise StaleVersion(latest)
    unknown = set(data) - set(Purpose.CONTENT_FIELDS) - {"change_note"}
    if unknown:
        raise ValueError(f"Not a purpose field: {', '.join(sorted(unknown))}")
    purpose = Purpose(
        alliance=alliance,
        version=(current or 0) + 1,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        created_at=timezone.now(),
        **data,
    )
    purpose.full_clean()
    try:
        purpose.save()
    except IntegrityError as exc:  # a concurrent writer won the race on another database
        raise StaleVersion(alliance.purposes.order_by("-version").first()) from exc  # type: ignore[arg-type]
    return purpose


def today_in(alliance: Alliance) -> dt.date:
    """Today's date where the alliance works (deadlines and assessment dates are local)."""
    return timezone.now().astimezone(alliance.zone).date()


# --- What a passed proposal decides (called by accord.decisions.services) -------------------


@transaction.atomic
def purpose_agree(*, purpose: Purpose, proposal: Any) -> Purpose:
    """A passed proposal makes this purpose version the agreed purpose (method step 4)."""
    purpose.agreed_at = timezone.now()
    purpose.agreed_by = proposal
    purpose.save(update_fields=["agreed_at", "agreed_by"])
    return purpose


@transaction.atomic
def charter_agree(*, charter: Any, proposal: Any) -> Any:
    """A passed proposal makes this principles or non-negotiables version the agreed one."""
    charter.agreed_at = timezone.now()
    charter.agreed_by = proposal
    charter.save(update_fields=["agreed_at", "agreed_by"])
    return charter


@transaction.atomic
def framework_document_adopt(*, document: Any, proposal: Any) -> Any:
    """A passed proposal adopts this framework document (ways of working, ToR, MoU)."""
    document.adopted_at = timezone.now()
    document.adopted_by = proposal
    document.save(update_fields=["adopted_at", "adopted_by"])
    return document


# --- Principles and non-negotiables (method step 4) ------------------------------------------

CHARTER_ITEMS_MAX = 40
ITEM_TITLE_MAX = 200
ITEM_TEXT_MAX = 2_000


def _clean_items(kind: str, items: list[dict[str, Any]]) -> list[dict[str, str]]:
    cleaned = []
    for n, item in enumerate(items, start=1):
        title = str(item.get("title", "") or "").strip()
        text = str(item.get("text", "") or "").strip()
        if not title and not text:
            continue  # an empty row of the form
        if len(title) > ITEM_TITLE_MAX or len(text) > ITEM_TEXT_MAX:
            raise ValidationError({"items": _("Item %(n)s is too long.") % {"n": n}})
        if "\x00" in title or "\x00" in text:
            raise ValidationError({"items": _("Item %(n)s contains a character that cannot be stored.") % {"n": n}})
        if not text:
            raise ValidationError({"items": _("Item %(n)s needs a text, not only a title.") % {"n": n}})
        cleaned.append({"title": title, "text": text})
    if not cleaned:
        raise ValidationError({"items": _("Write at least one item.")})
    if len(cleaned) > CHARTER_ITEMS_MAX:
        raise ValidationError({"items": _("At most %(n)s items.") % {"n": CHARTER_ITEMS_MAX}})
    return cleaned


@transaction.atomic
def charter_save(
    *,
    alliance: Alliance,
    user: Any,
    kind: str,
    items: list[dict[str, Any]],
    change_note: str = "",
    base_version: int | None,
) -> Charter:
    """Write a new version of the principles or of the non-negotiables; versions are never
    edited in place, and agreeing one is a decision of the members.

    `base_version` is the version the person started from (None for the first). If someone saved
    a newer one meanwhile, StaleVersion is raised and nothing is written, so no edit is lost.
    """
    if kind not in Charter.Kind.values:
        raise ValidationError({"kind": _("Choose principles or non-negotiables.")})
    Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
    latest = alliance.charters.filter(kind=kind).order_by("-version").first()  # type: ignore[attr-defined]
    current = latest.version if latest else None
    if current != base_version:
        if latest is None:
            raise ValidationError({"base_version": _("There is no earlier version to build on.")})
        raise StaleVersion(latest)
    charter = Charter(
        alliance=alliance,
        kind=kind,
        version=(current or 0) + 1,
        items=_clean_items(kind, items),
        change_note=change_note.strip(),
        created_by=user if getattr(user, "is_authenticated", False) else None,
        created_at=timezone.now(),
    )
    charter.full_clean()
    try:
        with transaction.atomic():
            charter.save()
    except IntegrityError as exc:  # a concurrent writer won the race on another database
        raise StaleVersion(alliance.charters.filter(kind=kind).order_by("-version").first()) from exc  # type: ignore[attr-defined]
    return charter


# --- Circulation, acknowledgement, endorsement ------------------------------------------------


def _text_url(alliance: Alliance, *, purpose: Purpose | None, charter: Charter | None) -> str:
    from django.urls import reverse

    if charter is not None:
        return reverse("charters:version", kwargs={"alliance_slug": alliance.slug, "charter_id": charter.pk})
    assert purpose is not None
    return reverse("charters:purpose", kwargs={"alliance_slug": alliance.slug, "purpose_id": purpose.pk})


@transaction.atomic
def circulation_create(
    *, alliance: Alliance, user: Any, purpose: Purpose | None = None, charter: Charter | None = None
) -> Circulation:
    """Send an agreed text to every current representative (method step 4: what was agreed is
    written down and reaches everyone). Only agreed texts are circulated. Each person gets the
    message in their own language with a link to the text and to acknowledge it."""
    from django.urls import reverse

    from accord.alliances.selectors import circulation_recipients
    from accord.core.notify import absolute, notify

    if (purpose is None) == (charter is None):
        raise ValidationError({"text": _("Circulate one text: a purpose version or a charter version.")})
    text = purpose if purpose is not None else charter
    assert text is not None
    if text.alliance_id != alliance.pk:
        raise ValidationError({"text": _("This text belongs to another alliance.")})
    if text.agreed_at is None:
        raise ValidationError({"text": _("Only an agreed text can be circulated. Agree it by decision first.")})
    recipients = circulation_recipients(alliance)
    circulation = Circulation.objects.create(
        alliance=alliance,
        purpose=purpose,
        charter=charter,
        circulated_by=user if getattr(user, "is_authenticated", False) else None,
        circulated_at=timezone.now(),
        recipients=len(recipients),
    )
    page = reverse("charters:circulation", kwargs={"alliance_slug": alliance.slug, "circulation_id": circulation.pk})
    notify(
        alliance=alliance,
        kind="circulation",
        template="alliances/charters/email/circulation",
        context={
            "purpose": purpose,
            "charter": charter,
            "text_url": absolute(_text_url(alliance, purpose=purpose, charter=charter)),
            "sender": user,
        },
        recipients=recipients,
        url=absolute(page),
    )
    return circulation


@transaction.atomic
def acknowledgement_record(*, circulation: Circulation, user: Any) -> Acknowledgement:
    """Record that a person received a circulated text. Acknowledging twice keeps the first."""
    ack, _created = Acknowledgement.objects.get_or_create(
        circulation=circulation,
        user=user,
        defaults={"alliance_id": circulation.alliance_id, "acknowledged_at": timezone.now()},
    )
    return ack


@transaction.atomic
def endorsement_record(
    *,
    alliance: Alliance,
    user: Any,
    purpose: Purpose | None = None,
    charter: Charter | None = None,
    note: str = "",
) -> Endorsement:
    """A representative records their organisation's endorsement of one specific agreed version.
    An organisation endorses a version once; a later version needs its own endorsement."""
    from accord.alliances.selectors import my_organisation

    if (purpose is None) == (charter is None):
        raise ValidationError({"text": _("Endorse one text: a purpose version or a charter version.")})
    text = purpose if purpose is not None else charter
    assert text is not None
    if text.alliance_id != alliance.pk:
        raise ValidationError({"text": _("This text belongs to another alliance.")})
    if text.agreed_at is None:
        raise ValidationError({"text": _("Only an agreed version can be endorsed.")})
    organisation = my_organisation(alliance, user)
    if organisation is None:
        raise ValidationError({"organisation": _("Only a representative of a member organisation can endorse.")})
    if len(note) > 300 or "\x00" in note:
        raise ValidationError({"note": _("Keep the note under 300 characters.")})
    clash = alliance.endorsements.filter(organisation=organisation, purpose=purpose, charter=charter)  # type: ignore[attr-defined]
    if clash.exists():
        raise ValidationError({"text": _("%(org)s has already endorsed this version.") % {"org": organisation.name}})
    try:
        with transaction.atomic():
            return Endorsement.objects.create(
                alliance=alliance,
                organisation=organisation,
                purpose=purpose,
                charter=charter,
                endorsed_by=user,
                endorsed_at=timezone.now(),
                note=note.strip(),
            )
    except IntegrityError as exc:  # a colleague endorsed at the same moment
        raise ValidationError(
            {"text": _("%(org)s has already endorsed this version.") % {"org": organisation.name}}
        ) from exc


# --- Framework elements and documents (method step 5) -----------------------------------------


def default_framework_elements() -> list[tuple[str, bool, str]]:
    """The usual elements of an alliance's framework: (name, formal, note). Light by default;
    the alliance decides which it wants to make formal."""
    return [
        (_("Memorandum of understanding signed"), False, _("Not signed: members work together by agreement.")),
        (_("Terms of reference"), False, ""),
        (_("Legal registration"), False, _("The alliance is not a legal entity; members keep their own.")),
        (_("Ways-of-working note"), True, _("A short note the members agreed.")),
        (_("Meeting cadence"), False, ""),
        (_("Decision rule"), True, _("One voice per member organisation.")),
        (_("Secretariat rotation"), False, ""),
        (_("Working groups"), False, ""),
    ]


@transaction.atomic
def framework_elements_offer_defaults(*, alliance: Alliance) -> list[FrameworkElement]:
    """Add the usual elements the alliance does not have yet (by name); existing ones are kept."""
    existing = set(alliance.framework_elements.values_list("name", flat=True))  # type: ignore[attr-defined]
    start = alliance.framework_elements.count()  # type: ignore[attr-defined]
    created = []
    for n, (name, formal, note) in enumerate(default_framework_elements()):
        if name in existing:
            continue
        created.append(
            FrameworkElement.objects.create(alliance=alliance, name=name, formal=formal, note=note, order=start + n)
        )
    return created


@transaction.atomic
def framework_element_save(
    *,
    alliance: Alliance,
    name: str,
    formal: bool,
    note: str = "",
    element: FrameworkElement | None = None,
) -> FrameworkElement:
    """Record one element of the framework and whether it is formal or informal. Names are
    unique in the alliance."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name the element.")})
    clash = alliance.framework_elements.filter(name__iexact=name)  # type: ignore[attr-defined]
    if element is not None:
        clash = clash.exclude(pk=element.pk)
    if clash.exists():
        raise ValidationError({"name": _("There is already an element with this name.")})
    if element is None:
        element = FrameworkElement(
            alliance=alliance,
            name=name,
            formal=formal,
            note=note.strip(),
            order=alliance.framework_elements.count(),  # type: ignore[attr-defined]
        )
        element.full_clean()
        element.save()
        return element
    element.name, element.formal, element.note = name, formal, note.strip()
    element.full_clean()
    element.save(update_fields=["name", "formal", "note"])
    return element


@transaction.atomic
def framework_element_delete(*, element: FrameworkElement) -> None:
    """Remove an element the alliance does not want to track."""
    element.delete()


@transaction.atomic
def framework_document_generate(
    *, alliance: Alliance, user: Any, kind: str, title: str = "", preamble: str = ""
) -> FrameworkDocument:
    """Generate a new version of a framework document (ways of working, terms of reference or
    memorandum of understanding) from the alliance's own records, keeping a snapshot of the
    records used so the document can be reproduced. Adopting it is a decision."""
    from accord.alliances.selectors import framework_snapshot

    if kind not in FrameworkDocument.Kind.values:
        raise ValidationError({"kind": _("Choose ways of working, terms of reference or memorandum of understanding.")})
    Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
    version = (alliance.framework_documents.filter(kind=kind).aggregate(m=Max("version"))["m"] or 0) + 1  # type: ignore[attr-defined]
    document = FrameworkDocument(
        alliance=alliance,
        kind=kind,
        version=version,
        title=(title.strip() or f"{FrameworkDocument.Kind(kind).label} — {alliance.name}")[:200],
        preamble=preamble.strip(),
        snapshot=framework_snapshot(alliance),
        created_by=user if getattr(user, "is_authenticated", False) else None,
        created_at=timezone.now(),
    )
    document.full_clean()
    document.save()
    return document
