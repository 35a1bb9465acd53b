"""Included by accord.work.urls (namespace "work"): import and export of activities."""

from django.urls import URLPattern, path

from accord.work import views_io

urlpatterns: list[URLPattern] = [
    path("activities/io/", views_io.activities_io, name="activities_io"),
    path("activities/export/", views_io.activities_export, name="activities_export"),
    path("activities/import/", views_io.activities_import, name="activities_import"),
]
