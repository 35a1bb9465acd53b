from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

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
