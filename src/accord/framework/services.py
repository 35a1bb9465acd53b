"""Writes on the organisational framework: documents generated from the records and adopted by
decision, and the formal or informal elements.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.models import Alliance
from accord.core.versions import StaleVersion, check_version, save_versioned
from accord.framework.models import FrameworkDocument, FrameworkElement


@transaction.atomic
def framework_document_adopt(*, document: Any, proposal: Any) -> Any:
    """A passed proposal adopts this framework document (ways of working, ToR, MoU)."""
    document.adopted_at = timezone.now()
    document.adopted_by = proposal
    document.save(update_fields=["adopted_at", "adopted_by"])
    return document


# --- Principles and non-negotiables (method step 4) ------------------------------------------


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
    existing = set(alliance.framework_elements.values_list("name", flat=True))
    start = alliance.framework_elements.count()
    created = []
    for n, (name, formal, note) in enumerate(default_framework_elements()):
        if name in existing:
            continue
        created.append(
            FrameworkElement.objects.create(alliance=alliance, name=name, formal=formal, note=note, order=start + n)
        )
    return created


ELEMENT_FIELDS = ("name", "formal", "note")


@transaction.atomic
def framework_element_save(
    *,
    alliance: Alliance,
    name: str,
    formal: bool,
    note: str = "",
    element: FrameworkElement | None = None,
    version: int | None = None,
) -> FrameworkElement:
    """Record one element of the framework and whether it is formal or informal. Names are
    unique in the alliance. Changing an element with the `version` the edit began from refuses
    a save over someone else's newer one (StaleVersion, saying what they changed)."""
    yours = {"name": name, "formal": formal, "note": note}
    if element is not None and version is not None:
        check_version(element, version=version, yours=yours, fields=ELEMENT_FIELDS)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name the element.")})
    clash = alliance.framework_elements.filter(name__iexact=name)
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
            order=alliance.framework_elements.count(),
        )
        element.full_clean()
        element.save()
        return element
    before = (element.name, element.formal, element.note)
    element.name, element.formal, element.note = name, formal, note.strip()
    try:
        element.full_clean()
        if version is None:
            element.save(update_fields=list(ELEMENT_FIELDS))
        else:
            save_versioned(element, version=version, yours=yours, fields=ELEMENT_FIELDS, update_fields=ELEMENT_FIELDS)
    except (ValidationError, StaleVersion):
        element.name, element.formal, element.note = before
        raise
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
    from accord.framework.selectors import framework_snapshot

    if kind not in FrameworkDocument.Kind.values:
        raise ValidationError({"kind": _("Choose ways of working, terms of reference or memorandum of understanding.")})
    Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
    version = (alliance.framework_documents.filter(kind=kind).aggregate(m=Max("version"))["m"] or 0) + 1
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
