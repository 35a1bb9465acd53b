"""Static files as production serves them: collected by the manifest storage with hashed names,
precompressed, and cached by browsers for good (a new version has a new name)."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client, override_settings

from accord.core.compression import is_already_compressed
from tests.conftest import World

ONE_YEAR = 365 * 24 * 3600
MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def _production(root: Path) -> override_settings:
    return override_settings(STATIC_ROOT=root, STORAGES=MANIFEST, DEBUG=False, WHITENOISE_USE_FINDERS=False)


@pytest.fixture(scope="module")
def collected_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("static")
    with _production(root):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def collected(collected_root: Path) -> Iterator[Path]:
    """Production's static settings for one test (the collection is made once per module)."""
    with _production(collected_root):
        yield collected_root


def _max_age(cache_control: str) -> int:
    for part in cache_control.split(","):
        key, _sep, value = part.strip().partition("=")
        if key == "max-age":
            return int(value)
    raise AssertionError(cache_control)


def test_a_hashed_css_file_is_served_gzipped_and_immutable(collected: Path) -> None:
    url = staticfiles_storage.url("accord/accord.css")
    assert url != "/static/accord/accord.css" and url.endswith(".css")  # the hashed name
    assert (collected / url.removeprefix("/static/")).is_file()
    assert (collected / (url.removeprefix("/static/") + ".gz")).is_file()

    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    cache = response["Cache-Control"]
    assert "immutable" in cache and "public" in cache and _max_age(cache) >= ONE_YEAR
    body = gzip.decompress(b"".join(response.streaming_content))  # type: ignore[arg-type]
    assert body == (collected / "accord" / "accord.css").read_bytes()

    plain = Client().get(url)
    assert not plain.has_header("Content-Encoding")
    assert b"".join(plain.streaming_content) == body  # type: ignore[arg-type]


def test_brotli_is_preferred_when_the_browser_takes_it(collected: Path) -> None:
    pytest.importorskip("brotli")  # WhiteNoise writes .br files only when the module is there
    url = staticfiles_storage.url("accord/accord.css")
    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "br"


def test_the_unhashed_name_is_cached_briefly_not_for_good(collected: Path) -> None:
    response = Client().get("/static/accord/accord.css")
    assert response.status_code == 200
    cache = response["Cache-Control"]
    assert "immutable" not in cache and _max_age(cache) <= 3600


def test_the_gzip_middleware_leaves_static_images_to_whitenoise(collected: Path) -> None:
    # An icon WhiteNoise did not compress reaches the browser as it is, with its length.
    url = staticfiles_storage.url("accord/favicon.svg")
    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert int(response["Content-Length"]) == len(b"".join(response.streaming_content))  # type: ignore[arg-type]
    assert is_already_compressed("image/png; charset=binary") and not is_already_compressed("image/svg+xml")


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.styles: list[str] = []
        self.scripts: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and a.get("rel") in {"stylesheet", "icon"}:
            self.styles.append(a["href"])
        elif tag == "script" and "src" in a:
            self.scripts.append(a)


# What base.html makes every page load (accord.css, the icon, htmx 2 and accord.js): 20.8 KB
# gzipped when measured (htmx 16.6 of it), so a page's own HTML has some 39 KB of the 60 KB.
BASE_ASSETS_GZIP_BUDGET = 24 * 1024


def test_the_base_layout_loads_little_and_blocks_nothing(world: World) -> None:
    html = world.client_for(world.alice).get("/alliances/").content.decode()
    found = _Assets()
    found.feed(html)
    assert [s["src"] for s in found.scripts if "defer" not in s] == []  # no script holds up the page
    urls = found.styles + [s["src"] for s in found.scripts]
    assert all(u.startswith("/static/") for u in urls), urls  # nothing from another site
    total = 0
    for url in urls:
        path = finders.find(url.removeprefix("/static/"))
        assert isinstance(path, str), url
        total += len(gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0))
    assert len(found.styles) == 2 and len(found.scripts) == 2  # accord.css, icon; htmx, accord.js
    assert total <= BASE_ASSETS_GZIP_BUDGET, total
