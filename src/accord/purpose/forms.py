"""The purpose form."""

from __future__ import annotations

from typing import Any

from django import forms

from accord.purpose.models import Purpose


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
