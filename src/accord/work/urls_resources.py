"""Included by accord.work.urls (namespace "work"): the resource inventory, the needs and
commitments of an activity, and the gap."""

from django.urls import URLPattern, path

from accord.work import views_resources as views

urlpatterns: list[URLPattern] = [
    path("resources/", views.resources, name="resources"),
    path("resources/new/", views.offer_new, name="offer_new"),
    path("resources/<int:resource_offer_id>/", views.offer_edit, name="offer_edit"),
    path("resources/<int:resource_offer_id>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path("activities/<int:activity_id>/resources/", views.activity_resources, name="activity_resources"),
    path("activities/<int:activity_id>/needs/", views.need_add, name="need_add"),
    path("needs/<int:resource_need_id>/remove/", views.need_remove, name="need_remove"),
    path("activities/<int:activity_id>/commit/", views.commit, name="commit"),
    path("commitments/<int:commitment_id>/remove/", views.commitment_remove, name="commitment_remove"),
    path("gap/", views.gap, name="gap"),
]
