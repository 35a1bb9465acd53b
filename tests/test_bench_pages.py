"""The page bench's pieces: limits, the first-load computation and the bare page."""

from __future__ import annotations

import gzip
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, override_settings

from accord.bench import __main__ as bench
from tests.conftest import World


def _page(**overrides: Any) -> bench.PageResult:
    values: dict[str, Any] = dict(ms=10.0, queries=5, peak_kib=300.0, html_kib=20.0, gzip_kib=4.0, first_load_kib=30.0)
    values.update(overrides)
    return bench.PageResult(**values)


def _result(scale: float, **pages: bench.PageResult) -> bench.Result:
    result = bench.Result(
        scale=scale, stakeholders=0, members=0, seats=0, targets=0, assessments=0, ties=0,
        proposals=0, votes=0, build_seconds=0, layout_seconds=0, healthz_ms=1.0, bare_ms=5.0,
    )  # fmt: skip
    for page in bench.PAGES:
        result.pages[page.key] = pages.get(page.key, _page())
    return result


def test_pages_within_limits_exit_zero() -> None:
    results = [_result(1.0), _result(10.0)]
    assert bench.check_limits(results) == []
    assert bench.exit_status([], []) == 0


def test_each_broken_limit_is_marked_and_exits_one() -> None:
    small = _result(1.0, members=_page(queries=5, peak_kib=400.0), map=_page(peak_kib=2000.0))
    large = _result(
        10.0,
        members=_page(queries=6, peak_kib=1000.0, ms=51.0, gzip_kib=16.0, first_load_kib=61.0),
        map=_page(peak_kib=2100.0),
    )
    breaks = bench.check_limits([small, large])
    assert large.pages["members"].broken == {"first_load", "repeat", "time", "queries", "peak"}
    # Over the 2 MiB ceiling: broken however little it grew.
    assert large.pages["map"].broken == {"peak"}
    assert large.pages["roadmap"].broken == set()
    assert len(breaks) == 6
    assert bench.exit_status(breaks, []) == 1
    table = bench._page_table([small, large])
    members_row = next(line for line in table.splitlines() if line.startswith("| Members"))
    assert members_row.count("✗") == 5
    roadmap_row = next(line for line in table.splitlines() if line.startswith("| Roadmap"))
    assert "✗" not in roadmap_row


def test_memory_growing_with_the_data_breaks_even_under_the_ceiling() -> None:
    small = _result(1.0, roadmap=_page(peak_kib=300.0))
    large = _result(10.0, roadmap=_page(peak_kib=300.0 * 1.5 + 256 + 1))
    bench.check_limits([small, large])
    assert large.pages["roadmap"].broken == {"peak"}


def test_first_load_adds_each_referenced_static_file_once() -> None:
    found = finders.find("membership/members.css")
    assert found
    with open(str(found), "rb") as f:
        css = len(gzip.compress(f.read(), 6))
    html = (
        '<link rel="stylesheet" href="/static/membership/members.css">'
        '<link rel="icon" href="/static/membership/members.css">'
        '<script src="/static/membership/members.css?v=1" defer></script>'
        '<script>inline()</script><a href="/static/elsewhere.css">x</a>'
    )
    assert bench.static_files(html) == ["/static/membership/members.css", "/static/membership/members.css?v=1"]
    assert bench.first_load_bytes(html, 1000) == 1000 + 2 * css
    assert bench.first_load_bytes("<p>no assets</p>", 1000) == 1000


def test_a_missing_static_file_stops_the_bench() -> None:
    with pytest.raises(SystemExit):
        bench.first_load_bytes('<script src="/static/nowhere/missing.js"></script>', 10)


def test_compressed_reports_whether_gzip_was_on_the_wire() -> None:
    from django.http import HttpResponse

    plain = HttpResponse(b"a" * 5000)
    size, on_wire = bench.compressed(plain)
    assert not on_wire and 0 < size < 100
    encoded = HttpResponse(gzip.compress(b"a" * 5000))
    encoded["Content-Encoding"] = "gzip"
    assert bench.compressed(encoded) == (len(encoded.content), True)


@override_settings(ROOT_URLCONF="accord.bench.urls")
def test_bare_page_renders_only_the_base_layout_and_needs_a_login(world: World) -> None:
    url = f"/a/{world.a.slug}/{bench.BARE_PATH}"
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert world.client_for(world.lear).get(url).status_code == 404  # another alliance's co-chair
    response = world.client_for(world.bob).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    main = html.split('<main id="main">', 1)[1].split("</main>", 1)[0]
    assert main.strip() == ""  # no content block, no messages
    assert world.a.name in html  # the layout's header


def test_bare_page_is_not_a_product_route(world: World) -> None:
    response = world.client_for(world.bob).get(f"/a/{world.a.slug}/{bench.BARE_PATH}")
    assert response.status_code == 404
