"""The messages Accord sent a person about one alliance: /a/<alliance_slug>/inbox/."""

from django.urls import URLPattern, path

app_name = "inbox"

from accord.core.views import under_construction  # noqa: E402  (placeholder until built)

urlpatterns: list[URLPattern] = [path("", under_construction, name="list")]
