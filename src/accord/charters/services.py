"""Writes on principles and non-negotiables, and the circulation and endorsement of agreed texts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.charters.models import Acknowledgement, Charter, Circulation, Endorsement
from accord.core import capabilities
from accord.core.capabilities import TextKind
from accord.core.models import Alliance
from accord.purpose.services import StaleVersion


@transaction.atomic
def charter_agree(*, charter: Any, proposal: Any) -> Any:
    """A passed proposal makes this principles or non-negotiables version the agreed one."""
    charter.agreed_at = timezone.now()
    charter.agreed_by = proposal
    charter.save(update_fields=["agreed_at", "agreed_by"])
    return charter


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
    latest = alliance.charters.filter(kind=kind).order_by("-version").first()
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
        raise StaleVersion(alliance.charters.filter(kind=kind).order_by("-version").first()) from exc
    return charter


# --- Circulation, acknowledgement, endorsement ------------------------------------------------


def _agreed_text(alliance: Alliance, text: Any, *, verb: str) -> TextKind:
    """The declared kind of `text`, refusing a text of another alliance or not agreed yet."""
    kind = capabilities.text_kind_for(text) if text is not None else None
    if kind is None:
        if verb == "endorse":
            raise ValidationError({"text": _("Choose an agreed text to endorse.")})
        raise ValidationError({"text": _("Choose an agreed text to circulate.")})
    if text.alliance_id != alliance.pk:
        raise ValidationError({"text": _("This text belongs to another alliance.")})
    if not kind.is_agreed(text):
        if verb == "endorse":
            raise ValidationError({"text": _("Only an agreed version can be endorsed.")})
        raise ValidationError({"text": _("Only an agreed text can be circulated. Agree it by decision first.")})
    return kind


@transaction.atomic
def circulation_create(*, alliance: Alliance, user: Any, text: Any) -> Circulation:
    """Send an agreed text to every current representative (method step 4: what was agreed is
    written down and reaches everyone). Any capability's declared text (accord.core.capabilities
    .TextKind) can be circulated once agreed. Each person gets the message in their own language
    with a link to the text and to acknowledge it."""
    from django.urls import reverse

    from accord.charters.selectors import circulation_recipients
    from accord.core.notify import absolute, notify

    kind = _agreed_text(alliance, text, verb="circulate")
    recipients = circulation_recipients(alliance)
    circulation = Circulation.objects.create(
        alliance=alliance,
        subject=kind.key,
        record_id=text.pk,
        circulated_by=user if getattr(user, "is_authenticated", False) else None,
        circulated_at=timezone.now(),
        recipients=len(recipients),
    )
    page = reverse("charters:circulation", kwargs={"alliance_slug": alliance.slug, "circulation_id": circulation.pk})
    notify(
        alliance=alliance,
        kind="circulation",
        template="charters/email/circulation",
        context={
            "purpose": text if kind.key == "purpose" else None,
            "charter": text if kind.key == "charter" else None,
            "text": text,
            "text_title": kind.describe(text),
            "text_url": absolute(kind.url(text)),
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
def endorsement_record(*, alliance: Alliance, user: Any, text: Any, note: str = "") -> Endorsement:
    """A representative records their organisation's endorsement of one specific agreed version
    of an endorsable text. An organisation endorses a version once; a later version needs its
    own endorsement."""
    from accord.charters.selectors import my_organisation

    kind = _agreed_text(alliance, text, verb="endorse")
    if not kind.endorsable:
        raise ValidationError({"text": _("This kind of text is circulated, not endorsed.")})
    organisation = my_organisation(alliance, user)
    if organisation is None:
        raise ValidationError({"organisation": _("Only a representative of a member organisation can endorse.")})
    if len(note) > 300 or "\x00" in note:
        raise ValidationError({"note": _("Keep the note under 300 characters.")})
    clash = Endorsement.objects.filter(
        alliance=alliance, organisation=organisation, subject=kind.key, record_id=text.pk
    )
    if clash.exists():
        raise ValidationError({"text": _("%(org)s has already endorsed this version.") % {"org": organisation.name}})
    try:
        with transaction.atomic():
            return Endorsement.objects.create(
                alliance=alliance,
                organisation=organisation,
                subject=kind.key,
                record_id=text.pk,
                endorsed_by=user,
                endorsed_at=timezone.now(),
                note=note.strip(),
            )
    except IntegrityError as exc:  # a colleague endorsed at the same moment
        raise ValidationError(
            {"text": _("%(org)s has already endorsed this version.") % {"org": organisation.name}}
        ) from exc
