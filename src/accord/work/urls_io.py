"""Included by accord.work.urls (namespace "work")."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
