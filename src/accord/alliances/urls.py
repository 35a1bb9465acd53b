from django.urls import URLPattern, URLResolver, include, path

from accord.alliances import views

app_name = "alliances"

# Routes outside any alliance.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("about/", views.about, name="about"),
    path("alliances/", views.alliance_list, name="list"),
    path("alliances/new/", views.alliance_create, name="create"),
]

# Routes inside one alliance, under /a/<alliance_slug>/.
alliance_urlpatterns = [
    path("", views.home, name="home"),
    path("settings/", views.alliance_settings, name="settings"),
    path("purpose/", views.purpose, name="purpose"),
    path("purpose/edit/", views.purpose_edit, name="purpose_edit"),
    path("purpose/check/", views.purpose_check, name="purpose_check"),
    path("purpose/versions/", views.purpose_versions, name="purpose_versions"),
    path("purpose/compare/", views.purpose_compare, name="purpose_compare"),
    path("purpose/<int:purpose_id>/", views.purpose_version, name="purpose_version"),
]

urlpatterns += [path("a/<slug:alliance_slug>/", include(alliance_urlpatterns))]
