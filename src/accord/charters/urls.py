"""Principles, non-negotiables, circulation and endorsements: /a/<alliance_slug>/charters/."""

from django.urls import URLPattern, path

from accord.charters import views
from accord.charters.models import Charter

app_name = "charters"

urlpatterns: list[URLPattern] = [
    path("", views.overview, name="overview"),
    path("<int:charter_id>/", views.charter_version, name="version"),
    path("<int:charter_id>/circulate/", views.charter_circulate, name="circulate"),
    path("<int:charter_id>/endorse/", views.charter_endorse, name="endorse"),
    path("purpose/<int:purpose_id>/", views.purpose_agreement, name="purpose"),
    path("purpose/<int:purpose_id>/circulate/", views.purpose_circulate, name="purpose_circulate"),
    path("purpose/<int:purpose_id>/endorse/", views.purpose_endorse, name="purpose_endorse"),
    path("circulations/<int:circulation_id>/", views.circulation, name="circulation"),
    path("circulations/<int:circulation_id>/acknowledge/", views.circulation_acknowledge, name="acknowledge"),
]

# One set of pages per kind; the kind is fixed in each route (not a URL argument), so every
# route's only arguments stay the alliance and record ids.
for _kind, _segment in ((Charter.Kind.PRINCIPLES, "principles"), (Charter.Kind.NON_NEGOTIABLES, "non-negotiables")):
    _name = views.KIND_NAMES[_kind]
    urlpatterns += [
        path(f"{_segment}/", views.charter_current, {"kind": _kind.value}, name=_name),
        path(f"{_segment}/edit/", views.charter_edit, {"kind": _kind.value}, name=f"{_name}_edit"),
        path(f"{_segment}/versions/", views.charter_versions, {"kind": _kind.value}, name=f"{_name}_versions"),
        path(f"{_segment}/compare/", views.charter_compare, {"kind": _kind.value}, name=f"{_name}_compare"),
    ]
