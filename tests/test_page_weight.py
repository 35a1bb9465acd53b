"""The roadmap must stay light on a slow field-office connection.

Budget, gzip level 6 as a typical server sends it: a first visit (the page plus every asset it
references) within 60 KB, and a repeat visit (the page alone, assets cached) within 15 KB.
"""

from __future__ import annotations

import gzip
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

from tests.conftest import World

FIRST_LOAD_BUDGET = 60 * 1024
REPEAT_VISIT_BUDGET = 15 * 1024


class _AssetLinks(HTMLParser):
    """Every URL the browser fetches on its own while loading the page."""

    FETCHED_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "manifest"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and set(a.get("rel", "").lower().split()) & self.FETCHED_LINK_RELS:
            self.urls.append(a.get("href", ""))
        elif tag in {"script", "img", "source", "iframe", "embed"} and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "object" and a.get("data"):
            self.urls.append(a["data"])


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def _is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def _static_bytes(url: str) -> bytes:
    path = urlsplit(url).path
    assert path.startswith(settings.STATIC_URL), f"{url} is not a static file"
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    assert found, f"{url} is referenced by the page but no static file matches it"
    with open(found if isinstance(found, str) else found[0], "rb") as f:
        return f.read()


def test_roadmap_fits_the_page_weight_budget(world: World) -> None:
    response = world.client_for(world.alice).get(f"/a/{world.a.slug}/")
    assert response.status_code == 200
    html = response.content
    parser = _AssetLinks()
    parser.feed(html.decode())
    assert parser.urls, "the page references no asset at all: the parser is missing them"

    external = [u for u in parser.urls if _is_external(u)]
    assert not external, f"assets from other origins: {external}"

    sizes = {url: _gz(_static_bytes(url)) for url in parser.urls}
    page = _gz(html)
    first_load = page + sum(sizes.values())
    report = (
        f"HTML {len(html)} B raw / {page} B gzipped; "
        + "; ".join(f"{u} {n} B gzipped" for u, n in sizes.items())
        + f"; first load {first_load} B (budget {FIRST_LOAD_BUDGET}), "
        f"repeat visit {page} B (budget {REPEAT_VISIT_BUDGET})"
    )
    print(report)
    assert first_load <= FIRST_LOAD_BUDGET, report
    assert page <= REPEAT_VISIT_BUDGET, report
