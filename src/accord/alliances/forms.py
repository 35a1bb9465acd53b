from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accord.alliances.models import FrameworkDocument, Purpose
from accord.core.models import Alliance
from accord.landscape.models import StakeholderType

LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]


def timezone_choices() -> list[tuple[str, str]]:
    return [(z, z) for z in sorted(zoneinfo.available_timezones()) if "/" in z or z == "UTC"]


class AllianceCreateForm(forms.Form):
    name = forms.CharField(label=_("Alliance name"), max_length=200)
    country = forms.CharField(label=_("Country or region"), max_length=120, required=False)
    sector = forms.CharField(label=_("Sector"), max_length=120, required=False)
    organisation_name = forms.CharField(
        label=_("Your organisation"),
        max_length=200,
        help_text=_("It becomes the first member; you become its representative and the first co-chair."),
    )
    organisation_kind = forms.ChoiceField(label=_("Type of your organisation"), choices=StakeholderType.choices)
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=LANGUAGE_CHOICES,
        initial=["en"],
        widget=forms.CheckboxSelectMultiple,
    )
    timezone = forms.ChoiceField(label=_("Time zone"), initial="UTC")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = timezone_choices()  # type: ignore[attr-defined]


class AllianceSettingsForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Working languages"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    timezone = forms.ChoiceField(label=_("Time zone"))

    class Meta:
        model = Alliance
        fields = [
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
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = timezone_choices()  # type: ignore[attr-defined]


class PurposeForm(forms.ModelForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Purpose
        fields = [*Purpose.CONTENT_FIELDS, "change_note"]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "problem": forms.Textarea(attrs={"rows": 3}),
            "change_sought": forms.Textarea(attrs={"rows": 3}),
            "resources_needed": forms.Textarea(attrs={"rows": 3}),
            "risk_of_acting": forms.Textarea(attrs={"rows": 2}),
            "risk_of_silence": forms.Textarea(attrs={"rows": 2}),
            "added_value": forms.Textarea(attrs={"rows": 3}),
        }

    def content(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in (*Purpose.CONTENT_FIELDS, "change_note")}


# --- Principles and non-negotiables ---------------------------------------------------------


class CharterForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_note = forms.CharField(label=_("What changed in this version"), max_length=300, required=False)


class CharterItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    text = forms.CharField(label=_("Text"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("title") and not data.get("text"):
            self.add_error("text", _("Write the text of this item, or clear its title."))
        return data


CharterItemFormSet = forms.formset_factory(CharterItemForm, extra=2, max_num=40, validate_max=True)


def charter_items(formset: Any) -> list[dict[str, str]]:
    return [
        {"title": f.cleaned_data.get("title", ""), "text": f.cleaned_data.get("text", "")}
        for f in formset.forms
        if f.cleaned_data.get("text") or f.cleaned_data.get("title")
    ]


class EndorseForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=300,
        required=False,
        help_text=_("For example: endorsed by our board on 12 March."),
    )


# --- Framework -------------------------------------------------------------------------------


class FrameworkGenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=FrameworkDocument.Kind.choices)
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Leave empty for a title made from the kind.")
    )
    preamble = forms.CharField(
        label=_("Introduction"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class FrameworkElementForm(forms.Form):
    name = forms.CharField(label=_("Element"), max_length=200)
    formal = forms.BooleanField(
        label=_("Formal"), required=False, help_text=_("Written down or signed; leave unticked for informal.")
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
