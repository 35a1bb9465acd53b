"""The roadmap in a real browser: logged in through the real form, at phone and desktop widths.
The browser fixture (Debian's chromium) is in tests/e2e/conftest.py."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import World
from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery"  # tests.conftest.make_user


def test_co_chair_sees_the_roadmap_at_phone_and_desktop_widths(world: World, live_server: Any, browser: Any) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", world.alice.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").click()
    assert "/accounts/login/" not in page.url, "the login form did not log alice in"

    response = page.goto(f"{live_server.url}/a/{world.a.slug}/")
    assert response is not None and response.status == 200
    steps = page.locator("ol.steps > li.step")
    assert steps.count() == 10
    for i in range(10):
        assert steps.nth(i).is_visible(), f"step {i + 1} is not visible"
    assert page.get_by_role("heading", name=world.a.name).is_visible()

    # The stylesheet arrived and applies: the skip link waits off screen until it is focused.
    skip = page.locator("a.skip")
    position = skip.evaluate("e => [getComputedStyle(e).position, e.getBoundingClientRect().right]")
    assert position[0] == "absolute" and position[1] <= 0, f"accord.css is not applied: {position}"
    # Keyboard: the first Tab lands on the first link, the skip link, and shows it.
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.tagName, document.activeElement.className]")
    assert focused == ["A", "skip"], f"first Tab focused {focused}"
    assert skip.is_visible()
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["x"] >= 0, f"the focused skip link is off screen: {box}"

    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= 360, f"the page scrolls sideways at 360 px: {scroll_width} px wide"
    page.evaluate("() => document.activeElement.blur()")
    page.screenshot(path=str(SCREENSHOTS / "roadmap-360.png"), full_page=True)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    assert page.locator("ol.steps > li.step").count() == 10
    page.screenshot(path=str(SCREENSHOTS / "roadmap-1280.png"), full_page=True)
    context.close()

    # CSP violations are reported on the console as errors, so this covers them too.
    assert not problems, "\n".join(problems)
    assert not failed, "failed requests:\n" + "\n".join(failed)
