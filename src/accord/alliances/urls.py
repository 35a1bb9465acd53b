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
]

urlpatterns += [path("a/<slug:alliance_slug>/", include(alliance_urlpatterns))]
