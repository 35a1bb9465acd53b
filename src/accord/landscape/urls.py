"""Landscape routes, under /a/<alliance_slug>/landscape/. Three modules, one per part: the
register (stakeholders, assessments, ties), the maps and analytics, import and export."""

from accord.landscape import urls_io, urls_maps, urls_register

app_name = "landscape"

urlpatterns = [*urls_register.urlpatterns, *urls_maps.urlpatterns, *urls_io.urlpatterns]
