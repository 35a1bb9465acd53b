from __future__ import annotations

from django import template
from django.http import HttpRequest

from accord.core.tenancy import can

register = template.Library()


@register.filter
def allowed(perm: str, request: HttpRequest) -> bool:
    """{% if "core.change_settings"|allowed:request %} — the same rule the view enforces."""
    return can(request, perm)
