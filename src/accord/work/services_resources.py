"""Writes of the resource inventory (method step 7): the alliance builds first on what its
members already have. Each member organisation declares what it offers; activities say what
they need; offers are committed to activities in a role, never beyond what was offered.

Every service is keyword-only and atomic: a refusal (ValidationError naming the field, or
Refusal for a person who may not) leaves nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from accord.core.models import Alliance
from accord.core.tenancy import Refusal
from accord.core.versions import check_version, save_versioned
from accord.landscape.models import MembershipStatus, Stakeholder
from accord.work.amounts import COUNTED, CURRENCIES, amount_text
from accord.work.models import (
    ZERO,
    Activity,
    Commitment,
    CommitmentRole,
    ResourceKind,
    ResourceNeed,
    ResourceOffer,
)
from accord.work.selectors_resources import (
    activity_takes_resources,
    may_act_for,
    may_manage_needs,
)

OFFER_FIELDS = ("kind", "description", "amount", "currency", "available_from", "available_until")


def _clean_amount_currency(
    *, kind: str, amount: Decimal | int | str | None, currency: str, required: bool
) -> tuple[Decimal | None, str]:
    """The amount (positive; required for time and money when `required`) and the currency (an
    ISO 4217 code, upper-cased, for money only)."""
    errors: dict[str, str] = {}
    if kind not in ResourceKind.values:
        raise ValidationError({"kind": _("Choose one of the kinds offered.")})
    value: Decimal | None
    if amount in (None, ""):
        value = None
    else:
        try:
            value = Decimal(str(amount))
        except ArithmeticError:
            raise ValidationError({"amount": _("Give the amount as a number, e.g. 1200.")}) from None
        if not value.is_finite() or value <= 0:
            errors["amount"] = _("The amount must be more than zero.")
        elif value >= Decimal("1e12"):
            errors["amount"] = _("The amount is too large.")
        else:
            value = value.quantize(Decimal("0.01"))
    if value is None and required and kind in COUNTED:
        errors["amount"] = (
            _("Say how many person-days.") if kind == ResourceKind.TIME else _("Say how much money, in its currency.")
        )
    code = (currency or "").strip().upper()
    if kind == ResourceKind.MONEY:
        if not code:
            errors["currency"] = _("Money needs its currency: a three-letter code such as GEL, USD or EUR.")
        elif code not in CURRENCIES:
            errors["currency"] = _("%(code)s is not a currency code; use three letters such as GEL, USD or EUR.") % {
                "code": code[:3]
            }
    elif code:
        errors["currency"] = _("Only money has a currency; leave it empty for %(kind)s.") % {
            "kind": ResourceKind(kind).label.lower()
        }
    if errors:
        raise ValidationError(errors)
    return value, code


def _check_dates(available_from: dt.date | None, available_until: dt.date | None) -> None:
    if available_from and available_until and available_until < available_from:
        raise ValidationError({"available_until": _("The end of the availability comes before its start.")})


def _member(alliance: Alliance, stakeholder: Stakeholder | int) -> Stakeholder:
    pk = stakeholder.pk if isinstance(stakeholder, Stakeholder) else stakeholder
    found = (
        Stakeholder.objects.filter(alliance=alliance, pk=pk, membership__status=MembershipStatus.MEMBER)
        .select_related("membership")
        .first()
    )
    if found is None:
        raise ValidationError({"stakeholder": _("Only a current member organisation declares resources.")})
    return found


# --- Offers -----------------------------------------------------------------------------------


@transaction.atomic
def offer_declare(
    *,
    alliance: Alliance,
    stakeholder: Stakeholder | int,
    kind: str,
    description: str,
    amount: Decimal | int | str | None = None,
    currency: str = "",
    available_from: dt.date | None = None,
    available_until: dt.date | None = None,
    by: Any,
) -> ResourceOffer:
    """A member organisation declares what it can offer the alliance. Its own representatives
    declare for it; co-chairs and the secretariat for any member. Time is counted in
    person-days and money in a currency, so both need an amount."""
    org = _member(alliance, stakeholder)
    if not may_act_for(by, alliance, org.pk):
        raise Refusal(_("You declare resources for your own organisation only."))
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Say what is offered.")})
    value, code = _clean_amount_currency(kind=kind, amount=amount, currency=currency, required=True)
    _check_dates(available_from, available_until)
    return ResourceOffer.objects.create(
        alliance=alliance,
        stakeholder=org,
        kind=kind,
        description=description[:300],
        amount=value,
        currency=code,
        available_from=available_from,
        available_until=available_until,
    )


def _committed(offer: ResourceOffer) -> Decimal:
    return Commitment.objects.filter(offer=offer).aggregate(total=Sum("amount"))["total"] or ZERO


@transaction.atomic
def offer_update(*, offer: ResourceOffer, version: int | None, by: Any, **fields: Any) -> ResourceOffer:
    """Change an offer. Its amount cannot go below what is already committed of it, and once
    committed its kind and currency stay (the commitments were made in them)."""
    alliance = offer.alliance
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise ValidationError({name: _("This cannot be changed.") for name in sorted(unknown)})
    if not may_act_for(by, alliance, offer.stakeholder_id):
        raise Refusal(_("You change your own organisation's offers only."))
    version = check_version(offer, version=version, yours=fields, fields=OFFER_FIELDS)
    offer = ResourceOffer.objects.select_for_update().get(pk=offer.pk)
    new = {name: fields.get(name, getattr(offer, name)) for name in OFFER_FIELDS}
    new["description"] = (new["description"] or "").strip()
    if not new["description"]:
        raise ValidationError({"description": _("Say what is offered.")})
    value, code = _clean_amount_currency(
        kind=new["kind"], amount=new["amount"], currency=new["currency"], required=True
    )
    _check_dates(new["available_from"], new["available_until"])
    commitments = Commitment.objects.filter(offer=offer)
    if commitments.exists():
        if new["kind"] != offer.kind:
            raise ValidationError({"kind": _("Part of this offer is committed; its kind stays.")})
        if code != offer.currency:
            raise ValidationError(
                {
                    "currency": _("Part of this offer is committed in %(code)s; its currency stays.")
                    % {"code": offer.currency}
                }
            )
        committed = _committed(offer)
        if committed and (value is None or value < committed):
            raise ValidationError(
                {
                    "amount": _("%(committed)s of it is already committed; the amount cannot go below that.")
                    % {"committed": amount_text(committed, offer.kind, offer.currency)}
                }
            )
    new.update(amount=value, currency=code, description=new["description"][:300])
    changed = [name for name in OFFER_FIELDS if getattr(offer, name) != new[name]]
    for name in changed:
        setattr(offer, name, new[name])
    save_versioned(offer, version=version, yours=fields, fields=OFFER_FIELDS, update_fields=changed)
    return offer


@transaction.atomic
def offer_withdraw(*, offer: ResourceOffer, by: Any) -> ResourceOffer:
    """Withdraw an offer: what was committed of it stays committed; it takes no new
    commitment."""
    if not may_act_for(by, offer.alliance, offer.stakeholder_id):
        raise Refusal(_("You withdraw your own organisation's offers only."))
    if offer.withdrawn_on is None:
        offer.withdrawn_on = offer.alliance.today()
        offer.save(update_fields=["withdrawn_on"])
    return offer


# --- Needs ------------------------------------------------------------------------------------


@transaction.atomic
def need_add(
    *,
    activity: Activity,
    kind: str,
    description: str,
    amount: Decimal | int | str | None = None,
    currency: str = "",
    by: Any,
) -> ResourceNeed:
    """Say what an activity needs that its owner does not have. The owner's people, its creator
    while proposed, co-chairs and the secretariat say it."""
    if not may_manage_needs(by, activity):
        raise Refusal(_("Only the owner's people, its creator or those who run the alliance say what it needs."))
    if not activity_takes_resources(activity):
        raise ValidationError(
            _("This activity is %(status)s; it needs nothing more.") % {"status": activity.get_status_display().lower()}
        )
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Say what is needed.")})
    value, code = _clean_amount_currency(kind=kind, amount=amount, currency=currency, required=True)
    return ResourceNeed.objects.create(
        alliance=activity.alliance,
        activity=activity,
        kind=kind,
        description=description[:300],
        amount=value,
        currency=code,
    )


@transaction.atomic
def need_remove(*, need: ResourceNeed, by: Any) -> None:
    """Take a need back while the activity is still to be done (by the same people who say it)."""
    if not may_manage_needs(by, need.activity):
        raise Refusal(_("Only the owner's people, its creator or those who run the alliance say what it needs."))
    if not activity_takes_resources(need.activity):
        raise ValidationError(_("The activity is closed; its needs stay as a record."))
    need.delete()


# --- Commitments ------------------------------------------------------------------------------


@transaction.atomic
def commitment_add(
    *,
    activity: Activity,
    offer: ResourceOffer,
    role: str,
    amount: Decimal | int | str | None = None,
    note: str = "",
    by: Any,
) -> Commitment:
    """Commit part of an offer to an activity, in a role (after IATI's organisation roles).
    Never beyond what was offered: the offer's row is locked while its commitments are summed,
    so two commitments made at once cannot together overshoot it. Money is committed to a need
    in the need's currency."""
    alliance = activity.alliance
    if offer.alliance_id != alliance.pk:
        raise ValidationError({"offer": _("Choose an offer of this alliance.")})
    if not may_act_for(by, alliance, offer.stakeholder_id):
        raise Refusal(_("Only the offering organisation's people, co-chairs or the secretariat commit its offer."))
    if not activity_takes_resources(activity):
        raise ValidationError(
            _("This activity is %(status)s; it takes no new commitment.")
            % {"status": activity.get_status_display().lower()}
        )
    if role not in CommitmentRole.values:
        raise ValidationError({"role": _("Choose a role: funding, accountable, extending or implementing.")})
    # The lock: a second commitment of the same offer waits here until this one commits, then
    # sums what this one added (on SQLite the write transaction serializes them instead).
    locked = ResourceOffer.objects.select_for_update().get(pk=offer.pk)
    if locked.withdrawn_on is not None:
        raise ValidationError({"offer": _("This offer was withdrawn; it takes no new commitment.")})
    value: Decimal | None
    if amount in (None, ""):
        value = None
    else:
        try:
            value = Decimal(str(amount))
        except ArithmeticError:
            raise ValidationError({"amount": _("Give the amount as a number, e.g. 1200.")}) from None
        if not value.is_finite() or value <= 0:
            raise ValidationError({"amount": _("The amount must be more than zero.")})
        value = value.quantize(Decimal("0.01"))
    if locked.amount is not None and value is None:
        raise ValidationError(
            {
                "amount": _("Say how much of the offer (%(offered)s) goes to this activity.")
                % {"offered": amount_text(locked.amount, locked.kind, locked.currency)}
            }
        )
    if locked.kind == ResourceKind.MONEY:
        currencies = set(
            activity.needs.filter(kind=ResourceKind.MONEY).exclude(currency="").values_list("currency", flat=True)
        )
        if currencies and locked.currency not in currencies:
            raise ValidationError(
                {
                    "offer": _("This offer is in %(offer)s but the activity needs money in %(need)s.")
                    % {"offer": locked.currency, "need": ", ".join(sorted(currencies))}
                }
            )
    if locked.amount is not None and value is not None:
        committed = _committed(locked)
        left = Decimal(locked.amount) - committed
        if value > left:
            raise ValidationError(
                {
                    "amount": _("Only %(left)s of %(offered)s is left of this offer.")
                    % {
                        "left": amount_text(max(left, ZERO), locked.kind, locked.currency),
                        "offered": amount_text(locked.amount, locked.kind, locked.currency),
                    }
                }
            )
    return Commitment.objects.create(
        alliance=alliance,
        activity=activity,
        offer=locked,
        role=role,
        amount=value,
        note=(note or "").strip()[:300],
        committed_by=by if getattr(by, "pk", None) else None,
    )


@transaction.atomic
def commitment_remove(*, commitment: Commitment, by: Any) -> None:
    """Take a commitment back (its amount goes back to the offer)."""
    offer = commitment.offer
    if not may_act_for(by, commitment.alliance, offer.stakeholder_id):
        raise Refusal(
            _("Only the offering organisation's people, co-chairs or the secretariat take its commitment back.")
        )
    if not activity_takes_resources(commitment.activity):
        raise ValidationError(_("The activity is closed; its commitments stay as a record."))
    commitment.delete()
