"""Forms for principles, non-negotiables and endorsements."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


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
