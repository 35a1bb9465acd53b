from django.urls import URLPattern, path

app_name = "decisions"

from accord.core.views import under_construction  # noqa: E402  (placeholder until built)

urlpatterns: list[URLPattern] = [path("", under_construction, name="list")]
