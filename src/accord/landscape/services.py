"""Writes for the landscape: stakeholders, their dated assessments, the ties between them and
the targets the alliance wants to move. Each service is one transaction and enforces the
landscape's rules (`accord.landscape.rules`, written once; the import calls the same ones in
bulk), so the pages, the API and the importer all obey the same rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.models import Alliance
from accord.core.versions import StaleVersion, check_version, save_versioned
from accord.landscape import rules
from accord.landscape.models import Assessment, GraphCache, Scope, Stakeholder, Tie

# What a person may set on a stakeholder (through the form, the API or a file).
STAKEHOLDER_FIELDS: tuple[str, ...] = (
    "name",
    "is_individual",
    "organisation",
    "kind",
    "scope",
    "political_orientation",
    "represents_affected_population",
    "notes",
    "contact_person",
    "email",
    "phone",
    "website",
    "unlikely_suspect",
    "is_target",
    "target_ask",
    "external_id",
)


# --- stakeholders -----------------------------------------------------------------------------


def _check_name(alliance: Alliance, name: str, *, exclude_pk: int | None = None) -> str:
    name = rules.clean_name(name)
    clash = alliance.stakeholders.filter(name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    key = rules.name_key(name)
    existing = next((s for s in clash if rules.name_key(s.name) == key), None)
    if existing is not None:
        raise ValidationError({"name": rules.name_taken(existing.name)})
    return name


def _check_organisation(stakeholder: Stakeholder, changed: set[str]) -> None:
    """The belongs-to rules (`rules.belongs_to_problems`) for one stakeholder: it is checked with
    the organisations above it and, if it is a person, one of the people inside it."""
    parent = stakeholder.organisation
    if parent is not None and parent.alliance_id != stakeholder.alliance_id:
        raise ValidationError({"organisation": _("Choose an organisation from this alliance's register.")})
    me: Any = stakeholder.pk if stakeholder.pk is not None else "new"
    entries = {me: rules.Entry(stakeholder.name, stakeholder.is_individual, parent.pk if parent else None)}
    node = parent
    while node is not None and node.pk not in entries:  # one query per level, and levels are few
        entries[node.pk] = rules.Entry(node.name, node.is_individual, node.organisation_id)
        node = node.organisation
    if stakeholder.pk is not None and stakeholder.is_individual:
        inside = stakeholder.people.exclude(pk__in=list(entries)).first()
        if inside is not None:
            entries[inside.pk] = rules.Entry(inside.name, inside.is_individual, me)
    rules.raise_for(rules.belongs_to_problems(entries, {me: changed}).get(me, {}))


def _apply(stakeholder: Stakeholder, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(STAKEHOLDER_FIELDS)
    if unknown:
        raise ValueError(f"Not a stakeholder field: {', '.join(sorted(unknown))}")
    for key, value in fields.items():
        if key == "organisation" and isinstance(value, int):
            value = _organisation_by_id(stakeholder.alliance, value)
        if isinstance(value, str) and key != "notes":
            value = value.strip()
        setattr(stakeholder, key, value)
    stakeholder.target_ask = rules.target_ask(is_target=stakeholder.is_target, ask=stakeholder.target_ask)


def _organisation_by_id(alliance: Alliance, pk: int) -> Stakeholder:
    found = alliance.stakeholders.filter(pk=pk).first()
    if found is None:
        raise ValidationError({"organisation": _("Choose an organisation from this alliance's register.")})
    return found


def _validate(stakeholder: Stakeholder, changed: set[str]) -> None:
    # The name was checked with a clear message; the unique constraint would repeat it less clearly.
    stakeholder.full_clean(exclude=["alliance"], validate_constraints=False)
    _check_organisation(stakeholder, changed)


@transaction.atomic
def stakeholder_create(
    *,
    alliance: Alliance,
    name: str,
    kind: str,
    scope: str = Scope.NATIONAL,
    is_individual: bool = False,
    organisation: Stakeholder | int | None = None,
    political_orientation: str = "",
    represents_affected_population: bool = False,
    notes: str = "",
    contact_person: str = "",
    email: str = "",
    phone: str = "",
    website: str = "",
    unlikely_suspect: bool = False,
    is_target: bool = False,
    target_ask: str = "",
    external_id: str = "",
) -> Stakeholder:
    """Add an organisation or a person to the register. Every actor is one row per alliance, so
    a name already in the register (in any letter case) is refused; a person can belong to an
    organisation of the same alliance."""
    stakeholder = Stakeholder(alliance=alliance)
    _apply(
        stakeholder,
        {
            "name": _check_name(alliance, name),
            "kind": kind,
            "scope": scope,
            "is_individual": is_individual,
            "organisation": organisation,
            "political_orientation": political_orientation,
            "represents_affected_population": represents_affected_population,
            "notes": notes,
            "contact_person": contact_person,
            "email": email,
            "phone": phone,
            "website": website,
            "unlikely_suspect": unlikely_suspect,
            "is_target": is_target,
            "target_ask": target_ask,
            "external_id": external_id,
        },
    )
    _validate(stakeholder, {"organisation", "is_individual"})
    stakeholder.save()
    return stakeholder


@transaction.atomic
def stakeholder_update(*, stakeholder: Stakeholder, version: int | None = None, **changes: Any) -> Stakeholder:
    """Change a stakeholder's details. The same rules as on creation: one row per name, the
    organisation a person belongs to is an organisation of the same alliance. On any refusal
    nothing is written and the object keeps the values the database holds.

    An edit begun by a person (a form, an API call) gives the `version` it started from: if
    someone saved the stakeholder since, StaleVersion says what they changed and nothing is
    written. Without a version (a service acting on its own) the save is unconditional."""
    if version is not None:
        check_version(stakeholder, version=version, yours=changes, fields=STAKEHOLDER_FIELDS)
    before = {key: getattr(stakeholder, key) for key in STAKEHOLDER_FIELDS}
    yours = dict(changes)
    try:
        if "name" in changes:
            changes["name"] = _check_name(stakeholder.alliance, changes["name"], exclude_pk=stakeholder.pk)
        _apply(stakeholder, changes)
        _validate(stakeholder, {key for key in STAKEHOLDER_FIELDS if getattr(stakeholder, key) != before[key]})
        changed = [key for key in STAKEHOLDER_FIELDS if getattr(stakeholder, key) != before[key]]
        if changed and version is not None:
            save_versioned(stakeholder, version=version, yours=yours, fields=STAKEHOLDER_FIELDS, update_fields=changed)
        elif changed:
            stakeholder.save(update_fields=changed)
    except (ValidationError, ValueError, StaleVersion):
        for key, value in before.items():
            setattr(stakeholder, key, value)
        raise
    return stakeholder


@transaction.atomic
def stakeholder_mark_target(
    *, stakeholder: Stakeholder, is_target: bool, ask: str = "", version: int | None = None
) -> Stakeholder:
    """Name a power holder the alliance wants to move, and what it wants from them (sign a
    pledge, table the bill, fund the budget line). Unmarking a target clears the ask; the
    history keeps what it was."""
    return stakeholder_update(
        stakeholder=stakeholder, version=version, is_target=is_target, target_ask=ask if is_target else ""
    )


@transaction.atomic
def stakeholder_delete(*, stakeholder: Stakeholder) -> None:
    """Remove a stakeholder, with its assessments and ties. An organisation that people speak for
    in the alliance (it holds seats) cannot be removed: end or move those seats first, so no one
    is left representing nothing."""
    seats = stakeholder.seats.select_related("user")
    if seats.exists():
        names = ", ".join(str(seat.user) for seat in seats[:5])
        raise ValidationError(
            _(
                "%(name)s cannot be removed: people hold seats in the alliance for it (%(people)s). "
                "End or move their seats first."
            )
            % {"name": stakeholder.name, "people": names}
        )
    stakeholder.delete()


# --- assessments ------------------------------------------------------------------------------


@transaction.atomic
def assessment_record(
    *,
    stakeholder: Stakeholder,
    user: Any,
    position: int | None,
    influence: int,
    interest: int,
    evidence: str = "",
    assessed_on: dt.date | None = None,
) -> Assessment:
    """Record a dated, signed judgement of a stakeholder: its position on the purpose (−2
    strongly against … +2 strongly for, or unknown), its influence over the change (0–5) and its
    interest in it (0–5), with the evidence. Assessments are never edited: the latest one is
    current and the older ones are the stakeholder's history. Without a date it is dated the
    alliance's today; a date later than that is refused."""
    alliance = stakeholder.alliance
    today = alliance.today()
    day = assessed_on or today
    rules.raise_for(
        rules.assessment_problems(
            position=position, influence=influence, interest=interest, assessed_on=day, today=today
        )
    )
    assessment = Assessment(
        alliance=alliance,
        stakeholder=stakeholder,
        assessed_on=day,
        position=position,
        influence=influence,
        interest=interest,
        evidence=(evidence or "").strip(),
        assessed_by=user if getattr(user, "is_authenticated", False) else None,
    )
    assessment.full_clean(exclude=["alliance", "stakeholder", "assessed_by"])
    assessment.save()
    return assessment


# --- ties -------------------------------------------------------------------------------------


def _check_tie(alliance: Alliance, tie: Tie) -> None:
    if tie.source_id != tie.target_id and (
        tie.source.alliance_id != alliance.pk or tie.target.alliance_id != alliance.pk
    ):
        raise ValidationError({"target": _("Both ends of a tie must be stakeholders of this alliance.")})
    rules.raise_for(
        rules.tie_problems(
            same_ends=tie.source_id == tie.target_id, kind=tie.kind, strength=tie.strength, note=tie.note
        )
    )
    clash = alliance.ties.filter(source_id=tie.source_id, target_id=tie.target_id, kind=tie.kind)
    if tie.pk is not None:
        clash = clash.exclude(pk=tie.pk)
    if clash.exists():
        raise ValidationError(
            {
                "kind": _("This tie is already recorded: %(source)s %(kind)s %(target)s. Change its strength instead.")
                % {"source": tie.source.name, "kind": tie.get_kind_display(), "target": tie.target.name}
            }
        )
    tie.full_clean(exclude=["alliance", "source", "target"], validate_constraints=False)


@transaction.atomic
def tie_create(
    *,
    alliance: Alliance,
    source: Stakeholder,
    target: Stakeholder,
    kind: str = Tie.Kind.INFLUENCES,
    strength: int = 2,
    note: str = "",
) -> Tie:
    """Record a directed tie: the source influences, funds, is a member of, is allied with,
    opposes or reports to the target, with a strength from 1 (weak) to 3 (strong). Both ends are
    stakeholders of this alliance, never the same one, and one tie per kind between a pair."""
    tie = Tie(alliance=alliance, source=source, target=target, kind=kind, strength=strength, note=(note or "").strip())
    _check_tie(alliance, tie)
    tie.save()
    return tie


TIE_FIELDS = ("kind", "strength", "note")


@transaction.atomic
def tie_update(
    *,
    tie: Tie,
    kind: str | None = None,
    strength: int | None = None,
    note: str | None = None,
    version: int | None = None,
) -> Tie:
    """Change a tie's kind, strength or note; its ends stay (remove it and add another to
    re-link). The rules of tie_create apply. With the `version` the edit began from, a save
    over someone else's newer one is refused (StaleVersion), as for stakeholders."""
    yours = {k: v for k, v in {"kind": kind, "strength": strength, "note": note}.items() if v is not None}
    if version is not None:
        check_version(tie, version=version, yours=yours, fields=TIE_FIELDS)
    before = {"kind": tie.kind, "strength": tie.strength, "note": tie.note}
    if kind is not None:
        tie.kind = kind
    if strength is not None:
        tie.strength = strength
    if note is not None:
        tie.note = note.strip()
    try:
        _check_tie(tie.alliance, tie)
        changed = [key for key, value in before.items() if getattr(tie, key) != value]
        if changed and version is not None:
            save_versioned(tie, version=version, yours=yours, fields=TIE_FIELDS, update_fields=changed)
        elif changed:
            tie.save(update_fields=changed)
    except (ValidationError, StaleVersion):
        for key, value in before.items():
            setattr(tie, key, value)
        raise
    return tie


@transaction.atomic
def tie_delete(*, tie: Tie) -> None:
    """Remove a tie (its history stays)."""
    tie.delete()


# --- results kept for the maps ------------------------------------------------------------------


@transaction.atomic
def graph_cache_store(*, alliance: Alliance, kind: str, fingerprint: str, data: dict[str, Any]) -> GraphCache:
    """Keep the latest result of a slow computation, replacing the previous one (one row per
    alliance and kind), with the fingerprint of the network it was computed from."""
    cache, created = GraphCache.objects.select_for_update().get_or_create(
        alliance=alliance, kind=kind, defaults={"fingerprint": fingerprint, "data": data}
    )
    if not created:
        cache.fingerprint, cache.data, cache.computed_at = fingerprint, data, timezone.now()
        # The refresh is over: no claim, no failure, nothing asked for beyond what is stored.
        cache.started_at, cache.progress, cache.failed_at, cache.failure = None, 100, None, ""
        cache.requested_fingerprint = fingerprint
        cache.save(
            update_fields=[
                "fingerprint",
                "data",
                "computed_at",
                "started_at",
                "progress",
                "failed_at",
                "failure",
                "requested_fingerprint",
            ]
        )
    return cache
