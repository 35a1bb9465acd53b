"""Forms of the resource inventory: an offer declared by a member organisation, a need of an
activity, and an offer committed to an activity. They only read and shape input; the rules
(who may, how much is left, currencies) are the services'."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accord.core.forms import VersionedForm
from accord.core.models import Alliance
from accord.landscape.models import Stakeholder
from accord.work.models import Activity, CommitmentRole, ResourceKind, ResourceOffer
from accord.work.selectors_resources import activity_resources

AMOUNT_HELP = _("Person-days for time, the sum for money; a count for the rest if it helps.")


def _amount_field() -> forms.DecimalField:
    return forms.DecimalField(
        label=_("amount"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=AMOUNT_HELP,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


def _currency_field() -> forms.CharField:
    return forms.CharField(
        label=_("currency"),
        required=False,
        max_length=3,
        help_text=_("For money: ISO code, e.g. GEL."),
        widget=forms.TextInput(attrs={"size": 4, "autocapitalize": "characters"}),
    )


class OfferForm(forms.Form):
    stakeholder = forms.ModelChoiceField(label=_("member organisation"), queryset=Stakeholder.objects.none())
    kind = forms.ChoiceField(label=_("kind"), choices=ResourceKind.choices)
    description = forms.CharField(label=_("what is offered"), max_length=300)
    amount = _amount_field()
    currency = _currency_field()
    available_from = forms.DateField(
        label=_("available from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    available_until = forms.DateField(
        label=_("available until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, alliance: Alliance, user: Any = None, **kwargs: Any) -> None:
        """The member organisations offered are those `user` may declare for (all the
        alliance's members when no one is named)."""
        from accord.work.selectors_resources import declarable_organisations, member_organisations

        super().__init__(*args, **kwargs)
        field = self.fields["stakeholder"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = member_organisations(alliance) if user is None else declarable_organisations(alliance, user)


class OfferEditForm(VersionedForm):
    kind = forms.ChoiceField(label=_("kind"), choices=ResourceKind.choices)
    description = forms.CharField(label=_("what is offered"), max_length=300)
    amount = _amount_field()
    currency = _currency_field()
    available_from = forms.DateField(
        label=_("available from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    available_until = forms.DateField(
        label=_("available until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


OFFER_FIELDS = ("kind", "description", "amount", "currency", "available_from", "available_until")


class NeedForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ResourceKind.choices)
    description = forms.CharField(label=_("what is needed"), max_length=300)
    amount = _amount_field()
    currency = _currency_field()


class CommitForm(forms.Form):
    offer = forms.TypedChoiceField(label=_("offer"), coerce=int, choices=())
    role = forms.ChoiceField(label=_("role"), choices=CommitmentRole.choices, initial=CommitmentRole.IMPLEMENTING)
    amount = _amount_field()
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args: Any, offers: Iterable[ResourceOffer] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offers = list(offers)
        field = self.fields["offer"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(o.pk, offer_label(o)) for o in self.offers]


def offer_label(offer: ResourceOffer) -> str:
    from accord.work.amounts import amount_text

    left = getattr(offer, "left", None)
    parts = [f"{offer.stakeholder.name}: {offer.description}"]
    if offer.amount is not None:
        parts.append(
            str(
                _("%(left)s left")
                % {"left": amount_text(left if left is not None else offer.amount, offer.kind, offer.currency)}
            )
        )
    return " · ".join(parts)


def activity_resources_context(activity: Activity, request: HttpRequest, **forms: Any) -> dict[str, Any]:
    """The context `work/partials/activity_resources.html` renders: `resources` (needs with what
    is covered and missing, commitments, offers the person may commit) and the two forms
    (`need_form`, `commit_form`; pass bound ones to show their errors)."""
    data = activity_resources(activity, request.user)
    bound = forms.get("commit_form")
    if bound is not None:
        # Shown again with its errors: list the offers as the first time, the chosen one too.
        listed = {o.pk for o in data.offers}
        extra = [o for o in getattr(bound, "offers", []) if o.pk not in listed]
        bound.fields["offer"].choices = [(o.pk, offer_label(o)) for o in [*data.offers, *extra]]
    return {
        "resources": data,
        "need_form": forms.get("need_form") or NeedForm(prefix="need"),
        "commit_form": forms.get("commit_form") or CommitForm(prefix="commit", offers=data.offers),
    }
