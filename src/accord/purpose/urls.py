"""The purpose (method step 1): /a/<alliance_slug>/purpose/."""

from django.urls import URLPattern, path

from accord.purpose import views

app_name = "purpose"

urlpatterns: list[URLPattern] = [
    path("", views.purpose, name="current"),
    path("edit/", views.purpose_edit, name="edit"),
    path("check/", views.purpose_check, name="check"),
    path("versions/", views.purpose_versions, name="versions"),
    path("compare/", views.purpose_compare, name="compare"),
    path("<int:purpose_id>/", views.purpose_version, name="version"),
]
