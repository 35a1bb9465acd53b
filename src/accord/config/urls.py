from django.contrib import admin
from django.urls import include, path

from accord.api.api import api
from accord.core import views as core_views

handler403 = core_views.permission_denied
handler404 = core_views.not_found
handler500 = core_views.server_error

urlpatterns = [
    path("", include("accord.alliances.urls")),
    path("a/<slug:alliance_slug>/members/", include("accord.membership.urls")),
    path("a/<slug:alliance_slug>/tokens/", include("accord.api.urls")),
    path("a/<slug:alliance_slug>/landscape/", include("accord.landscape.urls")),
    path("a/<slug:alliance_slug>/decisions/", include("accord.decisions.urls")),
    path("a/<slug:alliance_slug>/charters/", include("accord.alliances.urls_charters")),
    path("a/<slug:alliance_slug>/framework/", include("accord.alliances.urls_framework")),
    path("a/<slug:alliance_slug>/inbox/", include("accord.core.urls_inbox")),
    path("invitations/", include("accord.membership.urls_public")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
]
