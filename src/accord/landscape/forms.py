from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core.forms import VersionedForm
from accord.core.models import Alliance
from accord.landscape import selectors
from accord.landscape.models import MembershipStatus, Scope, Stakeholder, StakeholderType, Tie

POSITION_CHOICES = [
    ("", _("Unknown")),
    ("2", _("+2 strongly for")),
    ("1", _("+1 rather for")),
    ("0", _("0 neutral")),
    ("-1", _("−1 rather against")),
    ("-2", _("−2 strongly against")),
]
INFLUENCE_CHOICES = [
    (0, _("0 none")),
    (1, _("1 little")),
    (2, _("2 some")),
    (3, _("3 considerable")),
    (4, _("4 high")),
    (5, _("5 decides")),
]
INTEREST_CHOICES = [
    (0, _("0 none")),
    (1, _("1 little")),
    (2, _("2 some")),
    (3, _("3 considerable")),
    (4, _("4 high")),
    (5, _("5 central to them")),
]


class StakeholderForm(VersionedForm, forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Stakeholder
        fields = [
            "name",
            "is_individual",
            "organisation",
            "kind",
            "scope",
            "represents_affected_population",
            "political_orientation",
            "unlikely_suspect",
            "is_target",
            "target_ask",
            "contact_person",
            "email",
            "phone",
            "website",
            "notes",
        ]
        widgets = {
            "target_ask": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    # Email and phone are contact details: only those who may see them may change them
    # (accord.core.privacy); for everyone else the fields are left out, and so left as stored.
    CONTACT_FIELDS = ("email", "phone")

    def __init__(self, *args: Any, alliance: Alliance, contacts: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not contacts:
            for name in self.CONTACT_FIELDS:
                del self.fields[name]
        organisations = alliance.stakeholders.filter(is_individual=False).order_by("name")
        if self.instance.pk is not None:
            organisations = organisations.exclude(pk=self.instance.pk)
            self.initial.setdefault("version", self.instance.version)
        else:
            del self.fields["version"]  # a new stakeholder has no version to start from
        field = self.fields["organisation"]
        field.queryset = organisations  # type: ignore[attr-defined]
        field.help_text = _("For a person: the organisation they work in, such as a ministry or a party.")
        self.fields["target_ask"].help_text = _("For a target: the change you ask of them, such as signing the pledge.")


class AssessmentForm(forms.Form):
    position = forms.TypedChoiceField(
        label=_("Position on the purpose"),
        choices=POSITION_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    influence = forms.TypedChoiceField(label=_("Influence over the change"), choices=INFLUENCE_CHOICES, coerce=int)
    interest = forms.TypedChoiceField(label=_("Interest in the issue"), choices=INTEREST_CHOICES, coerce=int)
    evidence = forms.CharField(
        label=_("Evidence or reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you saw or heard: a statement, a vote, a meeting."),
    )
    assessed_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text=_("Today if empty.")
    )


class TargetForm(VersionedForm):
    is_target = forms.BooleanField(label=_("A target: a power holder we want to move"), required=False)
    ask = forms.CharField(
        label=_("What we want from them"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class TieForm(forms.Form):
    OUT, IN = "out", "in"

    direction = forms.ChoiceField(label=_("Direction"), choices=[], widget=forms.RadioSelect, initial=OUT)
    other = forms.ModelChoiceField(label=_("Other stakeholder"), queryset=Stakeholder.objects.none())
    kind = forms.ChoiceField(label=_("Kind of tie"), choices=Tie.Kind.choices, initial=Tie.Kind.INFLUENCES)
    strength = forms.TypedChoiceField(
        label=_("Strength"),
        choices=[(1, _("1 weak")), (2, _("2 medium")), (3, _("3 strong"))],
        coerce=int,
        initial=2,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, stakeholder: Stakeholder, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = stakeholder.alliance.stakeholders.exclude(pk=stakeholder.pk).order_by("name")  # type: ignore[attr-defined]
        self.fields["direction"].choices = [  # type: ignore[attr-defined]
            (self.OUT, _("from %(name)s to the other") % {"name": stakeholder.name}),
            (self.IN, _("from the other to %(name)s") % {"name": stakeholder.name}),
        ]


class TieEditForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Kind of tie"), choices=Tie.Kind.choices)
    strength = forms.TypedChoiceField(
        label=_("Strength"), choices=[(1, _("1 weak")), (2, _("2 medium")), (3, _("3 strong"))], coerce=int
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


YES_NO = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]


class RegisterFilterForm(forms.Form):
    """The register's filters, read from the query string."""

    q = forms.CharField(label=_("Name contains"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Any")), *StakeholderType.choices])
    scope = forms.ChoiceField(label=_("Scope"), required=False, choices=[("", _("Any")), *Scope.choices])
    membership = forms.ChoiceField(
        label=_("Membership"),
        required=False,
        choices=[("", _("Any")), (selectors.NO_MEMBERSHIP, _("Not a candidate or member")), *MembershipStatus.choices],
    )
    target = forms.ChoiceField(label=_("Target"), required=False, choices=YES_NO)
    unlikely = forms.ChoiceField(label=_("Unlikely suspect"), required=False, choices=YES_NO)
    position = forms.ChoiceField(
        label=_("Position"),
        required=False,
        choices=[
            ("", _("Any")),
            (selectors.POSITION_FOR, _("For (+1, +2)")),
            (selectors.POSITION_AGAINST, _("Against (−1, −2)")),
            ("2", "+2"),
            ("1", "+1"),
            ("0", "0"),
            ("-1", "−1"),
            ("-2", "−2"),
            (selectors.POSITION_UNKNOWN, _("Unknown")),
            (selectors.POSITION_UNASSESSED, _("Not assessed yet")),
        ],
    )
    as_of = forms.DateField(
        label=_("Positions as of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today."),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD, such as 2025-03-31.")},
    )

    def filters(self) -> dict[str, Any]:
        """The valid filters as keyword arguments for selectors.register; a filter with a bad
        value is left out (its field shows the error)."""
        data = getattr(self, "cleaned_data", {})
        yes_no = {"yes": True, "no": False}
        return {
            "q": (data.get("q") or "").strip(),
            "kind": data.get("kind") or "",
            "scope": data.get("scope") or "",
            "membership": data.get("membership") or "",
            "target": yes_no.get(data.get("target") or ""),
            "unlikely": yes_no.get(data.get("unlikely") or ""),
            "position": data.get("position") or "",
            "as_of": data.get("as_of"),
        }
