"""Helpers for the lost-edit tests: a form's fields as the browser would post them back."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models


def posted(form: forms.BaseForm, **changes: Any) -> dict[str, Any]:
    """What submitting `form` unchanged sends (an unticked box sends nothing), with `changes`
    typed over it. Field names carry the form's prefix."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, models.Model):
            value = value.pk
        key = form.add_prefix(name)
        if isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
        elif value is not None:
            data[key] = value
    for name, value in changes.items():
        key = form.add_prefix(name)
        if value is False:
            data.pop(key, None)
        else:
            data[key] = "on" if value is True else value
    return data
