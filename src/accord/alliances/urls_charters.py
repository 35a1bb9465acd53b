"""Principles, non-negotiables, circulation and endorsements: /a/<alliance_slug>/charters/."""

from django.urls import URLPattern, path

app_name = "charters"

from accord.core.views import under_construction  # noqa: E402  (placeholder until built)

urlpatterns: list[URLPattern] = [path("", under_construction, name="overview")]
