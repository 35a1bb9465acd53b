from django.urls import URLPattern, path

from accord.core.views import under_construction

urlpatterns: list[URLPattern] = [path("", under_construction, name="register")]
