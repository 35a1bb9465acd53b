"""HTML compressed on the wire, without helping a BREACH attacker and without compressing twice.

Django's GZipMiddleware does the work. Two things blunt BREACH (guessing a secret in a compressed
page from the page's length when the attacker can inject text into it):

- Django 5.2 pads every gzip body it makes with a random-length file name in the gzip header
  (`GZipMiddleware.max_random_bytes = 100`; `django.utils.text.compress_string` and
  `compress_sequence` write 0–99 bytes there, from `secrets.randbelow`), so a length no longer
  says whether a guess compressed well;
- the CSRF token in a page is masked afresh for each response (`django.middleware.csrf`), so the
  secret itself never repeats from one response to the next.

What this subclass adds: files that are compressed already (XLSX, DOCX and other zip formats,
PDF, images, archives) are passed through as they are, since gzip over them costs CPU for a few
bytes at best, and a download keeps its Content-Length.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

# Types whose bodies are compressed in their own format (prefix match on the media type).
ALREADY_COMPRESSED: tuple[str, ...] = (
    "application/pdf",
    "application/zip",
    "application/gzip",
    "application/x-gzip",
    "application/x-7z-compressed",
    "application/vnd.openxmlformats-officedocument.",  # xlsx, docx, pptx
    "application/vnd.oasis.opendocument.",  # ods, odt
    "application/epub+zip",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/avif",
    "audio/",
    "video/",
    "font/woff",
)


def is_already_compressed(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type.startswith(ALREADY_COMPRESSED)


class CompressionMiddleware(GZipMiddleware):
    """GZipMiddleware (random padding included) that leaves already-compressed files alone.

    It sits right after WhiteNoise in MIDDLEWARE: static files are answered by WhiteNoise, with its
    own precompressed .br/.gz variants, before they reach this; everything below it (sessions,
    CSRF, CSP, the views) has finished with the body when it compresses."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if is_already_compressed(response.get("Content-Type", "")):
            return response
        return super().process_response(request, response)
