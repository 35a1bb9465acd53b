from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.api.models import ApiToken


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, such as 'monthly report script'."),
    )
    access = forms.ChoiceField(
        label=_("Access"),
        choices=ApiToken.Access.choices,
        initial=ApiToken.Access.READ,
        help_text=_("Give write access only to programs that must change the alliance's records."),
    )
