from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.forms import BaseForm, BaseFormSet, BoundField
from django.http import HttpRequest

from accord.core.tenancy import can

register = template.Library()


@register.filter
def allowed(perm: str, request: HttpRequest) -> bool:
    """{% if "core.change_settings"|allowed:request %} — the same rule the view enforces."""
    return can(request, perm)


@dataclass(frozen=True)
class ErrorEntry:
    """One line of an error summary: the message, and the id of the field it links to."""

    message: str
    label: str = ""
    target: str = ""


def _field_target(field: BoundField) -> str:
    # A group of checkboxes or radios has no single input to label: link to its wrapper, which
    # carries the field's own id.
    return field.id_for_label or field.auto_id or ""


def _form_entries(form: BaseForm) -> list[ErrorEntry]:
    entries = [ErrorEntry(message=str(m)) for m in form.non_field_errors()]
    for field in form:
        for message in field.errors:
            if field.is_hidden:  # nothing to look at or link to
                entries.append(ErrorEntry(message=str(message)))
            else:
                entries.append(
                    ErrorEntry(message=str(message), label=str(field.label or ""), target=_field_target(field))
                )
    return entries


@register.simple_tag
def error_entries(form: BaseForm | BaseFormSet | None, also: BaseForm | None = None) -> list[ErrorEntry]:
    """What core/partials/error_summary.html lists for a refused form or formset (and `also` a
    second form on the same page), in page order: errors that name no field first, then each
    field's errors linked to the field."""
    if also:
        return error_entries(form) + error_entries(also)
    # A name missing from the template's context arrives as "".
    if not form or not getattr(form, "is_bound", False):
        return []
    if isinstance(form, BaseFormSet):
        entries = [ErrorEntry(message=str(m)) for m in form.non_form_errors()]
        for member in form.forms:
            entries += _form_entries(member)
        return entries
    if not form.errors:
        return []
    return _form_entries(form)
