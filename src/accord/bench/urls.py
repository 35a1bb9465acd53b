"""The bench's URLconf: the product's routes plus the bare page (`accord.bench.bare`)."""

from django.urls import URLPattern, URLResolver, path

from accord.bench.bare import bare
from accord.config import urls as product

handler403 = product.handler403
handler404 = product.handler404
handler500 = product.handler500

urlpatterns: list[URLPattern | URLResolver] = [
    path("a/<slug:alliance_slug>/bench-bare/", bare, name="bench_bare"),
    *product.urlpatterns,
]
