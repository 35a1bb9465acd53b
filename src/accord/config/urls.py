"""The URL tree. Platform routes are listed here; each capability's routes come from its
declaration (accord.core.capabilities), mounted at /a/<alliance_slug>/<its prefix>."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from accord.accounts import language
from accord.api.api import api
from accord.core import capabilities
from accord.core import views as core_views

handler403 = core_views.permission_denied
handler404 = core_views.not_found
handler500 = core_views.server_error

urlpatterns: list[URLPattern | URLResolver] = []
for capability in capabilities.capabilities():
    if capability.urls:
        urlpatterns.append(path(f"a/<slug:alliance_slug>/{capability.url_prefix}", include(capability.urls)))
    urlpatterns += [path(prefix, include(module)) for prefix, module in capability.public_urls]

urlpatterns += [
    path("a/<slug:alliance_slug>/tokens/", include("accord.api.urls")),
    path("a/<slug:alliance_slug>/inbox/", include("accord.core.urls_inbox")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
]
