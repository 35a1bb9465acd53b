"""Form helpers every app uses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import SafeString

from accord.core.versions import MAX_VERSION, MISSING_VERSION, StaleVersion

F = TypeVar("F", bound=forms.BaseForm)


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's refusal at the field it names, or above the form when it names none
    (or a field this form does not have)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class VersionedForm(forms.Form):
    """A form that edits a record in place carries the record's version in a hidden field, so a
    save begun from an older version is refused (accord.core.versions.StaleVersion). A
    missing or broken version is shown above the form: a hidden field shows no error itself."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_VERSION)

    conflict: StaleVersion | None = None

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        if "version" in self.errors:  # during clean, the errors found so far
            del self.errors["version"]
            self.add_error(None, MISSING_VERSION)
        return data


def conflict_form(form_class: type[F], exc: StaleVersion, fields: Sequence[str], **kwargs: Any) -> F:
    """The form shown again after a refused stale save: what is stored now, with this person's
    own changes on top and the version now stored, and the list of what the other person
    changed (core/partials/conflict.html, shown by core/partials/form.html). Saving it again is
    a deliberate save over their edit, with their other changes kept."""
    form = form_class(initial=exc.merged(fields), **kwargs)
    form.conflict = exc  # type: ignore[attr-defined]
    return form


def csrf_field(request: Any) -> SafeString:
    """The hidden CSRF input, made once for a page with many small forms (a row's buttons):
    `{% csrf_token %}` masks the token afresh for every form it draws. One masked token for the
    whole response is what a page with a single form sends too."""
    from django.middleware.csrf import get_token

    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
