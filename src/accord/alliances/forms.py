from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accord.alliances.services import GENERAL_SETTINGS
from accord.core import capabilities
from accord.core.forms import VersionedForm
from accord.core.models import Alliance
from accord.landscape.models import StakeholderType
from accord.lib.zones import ZoneField, city, zone_for_country

LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]

ZONE_HELP = _("Every date and time of the alliance is shown on this clock.")
FROM_COUNTRY = _("The usual one for the country")


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
    timezone = ZoneField(label=_("Time zone"), blank=FROM_COUNTRY, required=False, help_text=ZONE_HELP)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "timezone" in data and not data["timezone"]:
            country = data.get("country", "")
            zone = zone_for_country(country)
            if zone is not None:
                data["timezone"] = zone
            elif country:
                self.add_error("timezone", _("Accord does not know the time zone of this country: choose it."))
            else:
                self.add_error("timezone", _("Give the country, or choose the time zone."))
        return data


class AllianceSettingsForm(VersionedForm, forms.ModelForm):
    """The general settings, then one field per threshold a capability declares (its label,
    bounds, default and help come from the declaration)."""

    languages = forms.MultipleChoiceField(
        label=_("Working languages"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    timezone = ZoneField(label=_("Time zone"), help_text=ZONE_HELP)

    class Meta:
        model = Alliance
        fields = list(GENERAL_SETTINGS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)
        zone: ZoneField = self.fields["timezone"]  # type: ignore[assignment]
        zone.keep(self.instance.timezone)
        usual = zone_for_country(self.instance.country)
        if usual and usual != zone.prepare_value(self.instance.timezone):
            zone.help_text = _("The usual time zone of %(country)s is %(zone)s.") % {
                "country": self.instance.country,
                "zone": city(usual),
            }
        self.thresholds = {t.key: t for t in capabilities.thresholds()}
        for t in self.thresholds.values():
            # Left out of a post (an older client, the API's PATCH style), a threshold keeps its value.
            self.fields[t.key] = forms.IntegerField(
                label=capfirst(str(t.label)),
                min_value=t.minimum,
                max_value=t.maximum,
                help_text=str(t.help_text),
                initial=t.value(self.instance),
                required=False,
            )

    def changes(self, alliance: Alliance) -> dict[str, Any]:
        """The settings this post really changes, against the alliance as stored."""
        out: dict[str, Any] = {}
        for name in self.changed_data:
            if name == "version":  # what the edit began from, not a setting
                continue
            value = self.cleaned_data.get(name)
            if name in self.thresholds:
                if value is None or value == self.thresholds[name].value(alliance):
                    continue
            elif value == getattr(alliance, name):
                continue
            out[name] = value
        return out
