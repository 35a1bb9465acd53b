"""The maps and analytics, under /a/<alliance_slug>/landscape/."""

from django.urls import URLPattern, path

from accord.landscape import views_analytics
from accord.landscape import views_maps as views

urlpatterns: list[URLPattern] = [
    path("map/", views.power_map, name="map"),
    path("map/panel/<int:stakeholder_id>/", views.map_panel, name="map_panel"),
    path("map/cell/", views.map_cell, name="map_cell"),
    path("network/", views.network, name="network"),
    path("network/whole.svg", views.network_svg, name="network_svg"),
    path("composition/", views.composition, name="composition"),
    path("analytics/", views_analytics.analytics_page, name="analytics"),
    path("suggestions/", views_analytics.suggestions, name="suggestions"),
    path("results/status/", views_analytics.refresh_status, name="refresh_status"),
]
