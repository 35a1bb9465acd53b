"""Work: /a/<alliance_slug>/work/ (the board, working groups, activities; resources and the gap
view in urls_resources; import and export in urls_io)."""

from django.urls import URLPattern, URLResolver, include, path

app_name = "work"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("accord.work.urls_resources")),
    path("", include("accord.work.urls_io")),
]
