"""Every chart read on a phone: at 360 px wide, the power map, the network, the composition bars,
a stakeholder's history and the work timeline paint every <text> at 12 CSS px or more (measured in the browser:
computed font size times the SVG's scale). Screenshots at 360 and 1280 px land in
build/screenshots, for the Georgia demo and a synthetic alliance ten times the bench's size."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from accord.core import demo
from accord.core.models import Alliance
from tests.e2e.audit import CHART_FONTS_JS, MIN_CHART_FONT, small_chart_text
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_pages_browser import log_in

pytestmark = pytest.mark.e2e


def walk(browser: Any, base: str, email: str, password: str, pages: dict[str, str], tag: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    log_in(page, base, email, password)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for name, path in pages.items():
            response = page.goto(f"{base}{path}")
            assert response is not None and response.status == 200, path
            page.wait_for_load_state("networkidle")
            texts = page.evaluate(CHART_FONTS_JS)
            assert texts, f"{name}: no chart text measured"
            if width == 360:
                assert min(t["px"] for t in texts) > 0
                problems = small_chart_text(page)
                if problems:
                    found[f"{tag} {name}"] = problems
            page.screenshot(path=str(SCREENSHOTS / f"chart-{tag}-{name}-{width}.png"), full_page=width == 360)
    context.close()
    return found


def test_every_charts_text_is_at_least_12_px_at_360_px(transactional_db: Any, live_server: Any, browser: Any) -> None:
    call_command("demo", verbosity=0)
    alliance = Alliance.objects.get(slug=demo.GEORGIA)
    stakeholder = alliance.stakeholders.filter(assessments__isnull=False).order_by("pk").first()
    assert stakeholder is not None
    base = f"/a/{alliance.slug}/landscape"
    pages = {
        "map": f"{base}/map/",
        "network": f"{base}/network/",
        "composition": f"{base}/composition/",
        "history": f"{base}/stakeholders/{stakeholder.pk}/",
    }
    pages["timeline"] = f"/a/{alliance.slug}/work/timeline/"
    found = walk(browser, live_server.url, "cochair@georgia.demo", settings.ACCORD_DEMO_PASSWORD, pages, "georgia")
    assert not found, f"chart text under {MIN_CHART_FONT} px: {found}"


def test_the_big_alliances_map_and_network_read_at_360_px(
    transactional_db: Any, live_server: Any, browser: Any
) -> None:
    from accord.bench.synthetic import generate_alliance

    generated = generate_alliance(10.0, slug="e2e-x10")
    generated.co_chair.set_password("correct horse battery")
    generated.co_chair.save(update_fields=["password"])
    base = "/a/e2e-x10/landscape"
    pages = {"map": f"{base}/map/", "network": f"{base}/network/"}
    found = walk(browser, live_server.url, generated.co_chair.email, "correct horse battery", pages, "x10")
    assert not found, f"chart text under {MIN_CHART_FONT} px: {found}"
