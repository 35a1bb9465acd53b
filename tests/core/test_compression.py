"""HTML is gzipped on the wire when the browser asks, padded against BREACH, with a fresh CSRF
mask in every response; files that are compressed already go out as they are."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import reverse

from accord.core.compression import CompressionMiddleware
from tests.conftest import World

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
ROOT = Path(__file__).resolve().parents[2]


def _gzip_name(body: bytes) -> bytes | None:
    """The file name in a gzip header (where Django puts its random padding), None without one."""
    assert body[:2] == b"\x1f\x8b"
    if not body[3] & gzip.FNAME:
        return None
    return body[10 : body.index(b"\x00", 10)]


def test_the_compression_middleware_sits_after_whitenoise_and_above_the_rest() -> None:
    mw = settings.MIDDLEWARE
    at = mw.index("accord.core.compression.CompressionMiddleware")
    # WhiteNoise answers static files (its own .br/.gz) before; every body writer is below.
    assert mw[at - 1] == "whitenoise.middleware.WhiteNoiseMiddleware"
    assert mw[:at] == ["django.middleware.security.SecurityMiddleware", "whitenoise.middleware.WhiteNoiseMiddleware"]


def test_a_page_is_gzipped_when_asked_and_plain_when_not(world: World) -> None:
    client = world.client_for(world.alice)
    zipped = client.get("/a/riverside/", **GZIP)
    assert zipped.status_code == 200
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    html = gzip.decompress(zipped.content).decode()
    assert html.lstrip().lower().startswith("<!doctype html>") and "</html>" in html
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(html.encode()) / 2

    plain = client.get("/a/riverside/")
    assert not plain.has_header("Content-Encoding")
    assert "Accept-Encoding" in plain["Vary"]  # a shared cache must not hand the gzip to this one
    assert plain.content.decode().lstrip().lower().startswith("<!doctype html>")


def test_gzipped_pages_are_padded_by_a_random_length(world: World) -> None:
    """Django 5.2's BREACH padding: a random run of up to 99 bytes as the gzip file name."""
    client = world.client_for(world.alice)
    names = set()
    for _ in range(12):
        name = _gzip_name(client.get("/a/riverside/", **GZIP).content)
        assert name is not None and set(name) <= {ord("a")}
        names.add(len(name))
    assert len(names) > 1  # all twelve the same length: 1 chance in 100**11


def test_the_csrf_token_is_masked_afresh_in_every_response(world: World) -> None:
    client = world.client_for(world.alice)
    tokens = []
    for _ in range(2):
        html = gzip.decompress(client.get("/a/riverside/settings/", **GZIP).content).decode()
        found = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert found
        tokens.append(found[0])
    assert tokens[0] != tokens[1]
    assert len(tokens[0]) == len(tokens[1]) == 64
    # Both masks of the one secret are accepted.
    for token in tokens:
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
        assert response.status_code == 302


def test_a_spreadsheet_download_is_not_compressed_again(world: World) -> None:
    client = world.client_for(world.alice)
    url = reverse("landscape:import_template", kwargs={"alliance_slug": "riverside"})
    xlsx = client.get(url, **GZIP)
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert not xlsx.has_header("Content-Encoding")
    assert xlsx.content[:2] == b"PK"  # the zip itself, as the spreadsheet program expects it


def _middleware(response: HttpResponse | StreamingHttpResponse) -> CompressionMiddleware:
    return CompressionMiddleware(lambda request: response)


def test_pdf_and_already_encoded_bodies_pass_through_and_text_streams_are_compressed() -> None:
    request = RequestFactory().get("/", **GZIP)
    pdf = HttpResponse(b"%PDF-1.7 " + b"x" * 5000, content_type="application/pdf")
    out = _middleware(pdf)(request)
    assert not out.has_header("Content-Encoding") and out.content.startswith(b"%PDF")

    encoded = HttpResponse(gzip.compress(b"y" * 5000), content_type="text/html")
    encoded["Content-Encoding"] = "gzip"
    out = _middleware(encoded)(request)
    assert gzip.decompress(out.content) == b"y" * 5000  # not gzipped twice

    small = HttpResponse(b"<p>ok</p>", content_type="text/html")
    assert not _middleware(small)(request).has_header("Content-Encoding")

    rows = StreamingHttpResponse((f"row {i},{i * i}\n".encode() for i in range(2000)), content_type="text/csv")
    out = _middleware(rows)(request)
    assert isinstance(out, StreamingHttpResponse)
    body = b"".join(out.streaming_content)  # type: ignore[arg-type]
    assert out["Content-Encoding"] == "gzip" and not out.has_header("Content-Length")
    assert gzip.decompress(body).decode().splitlines()[1999] == "row 1999,3996001"


def test_accord_gzip_false_leaves_compression_to_the_proxy() -> None:
    code = "import accord.config.settings as s; print('accord.core.compression.CompressionMiddleware' in s.MIDDLEWARE)"
    for value, expected in [("false", "False"), ("true", "True")]:
        env = {**os.environ, "ACCORD_GZIP": value, "ACCORD_TESTING": "true"}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
        )
        assert out.stdout.strip().splitlines()[-1] == expected
