"""Forms for framework documents and elements."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core.forms import VersionedForm
from accord.framework.models import FrameworkDocument


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


class FrameworkElementEditForm(VersionedForm, FrameworkElementForm):
    """An existing element, with the version its row was shown at."""
