from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core.models import Alliance, Role


class GrantRoleForm(forms.Form):
    email = forms.EmailField(label=_("Email of their Accord account"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = forms.TypedChoiceField(
        label=_("Organisation they speak for"), coerce=int, required=False, empty_value=None
    )
    starts_on = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, alliance: Alliance, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = alliance.memberships.filter(status="member").select_related("stakeholder")  # type: ignore[attr-defined]
        self.fields["organisation"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (m.stakeholder_id, m.stakeholder.name) for m in members
        ]
