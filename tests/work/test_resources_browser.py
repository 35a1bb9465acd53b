"""The resource pages in a real browser at 360 and 1280 px: axe-core, contrast, no sideways
scrolling, unique ids (tests/e2e/audit.py), and a refused commitment shown next to its field."""

from __future__ import annotations

from typing import Any

import pytest

from accord.work.models import ActivityStatus, Commitment
from tests.conftest import build_world
from tests.e2e.audit import audit
from tests.e2e.conftest import SCREENSHOTS, browser  # noqa: F401 - the fixture
from tests.work.resources_helpers import activity, commitment, need, offer, valley_of

pytestmark = pytest.mark.e2e


def test_resource_pages_pass_the_audit_at_phone_and_desktop_width(
    transactional_db: Any,
    live_server: Any,
    browser: Any,  # noqa: F811
) -> None:
    world = build_world()
    valley = valley_of(world)
    money = offer(world.a, valley, "money", 5000, description="Training budget for the season's events")
    offer(world.a, valley, "time", 12, description="Two facilitators")
    act = activity(
        world.a,
        "Learning event for the parliament's agriculture committee",
        owner=valley,
        status=ActivityStatus.APPROVED,
    )
    need(act, "money", 6000, description="Hall, travel and interpretation")
    need(act, "skills", None, description="A seed-law lawyer")
    commitment(act, money, 1200)
    base = live_server.url
    slug = world.a.slug
    paths = {
        "resources": f"/a/{slug}/work/resources/",
        "gap": f"/a/{slug}/work/gap/",
        "offer-new": f"/a/{slug}/work/resources/new/",
        "offer-edit": f"/a/{slug}/work/resources/{money.pk}/",
        "activity-resources": f"/a/{slug}/work/activities/{act.pk}/resources/",
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", world.bob.email)
    page.fill("input[name=password]", "correct horse battery")
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").click()
    found: dict[str, list[str]] = {}
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for name, path in paths.items():
            response = page.goto(f"{base}{path}")
            assert response is not None and response.status == 200, f"{name}: {response and response.status}"
            if problems := audit(page):
                found[f"{name} {width}"] = problems
            page.screenshot(path=str(SCREENSHOTS / f"work-{name}-{width}.png"), full_page=True)
    assert not found, found

    # Committing more than is left: refused next to the amount, nothing written.
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{base}{paths['activity-resources']}")
    page.locator("summary", has_text="Commit an offer").click()
    page.select_option("#id_commit-offer", str(money.pk))
    page.fill("#id_commit-amount", "4000")
    page.locator("form[action$='/commit/'] [type=submit]").click()
    page.wait_for_selector("text=Only GEL 3,800 of GEL 5,000 is left of this offer.")
    assert Commitment.objects.count() == 1
    context.close()
