"""Quorum and voices in a real browser: a co-chair meets the voice count and the warning on a
draft, names the missing voice from the proposal page, opens it, and is asked before "Close
now" with the turnout and the quorum. Each page passes the walk's audit (axe, contrast, ids,
width) at 360 and 1280 px in English, Spanish and French."""

from __future__ import annotations

from typing import Any

import pytest

from accord.decisions import services
from accord.membership.models import Membership
from tests.decisions.conftest import Voices, voices  # noqa: F401 - the fixture
from tests.e2e.audit import audit
from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery"  # tests.conftest.make_user


def _audit_everywhere(page: Any, url: str, name: str, found: dict[str, list[str]]) -> None:
    for lang in ("en", "es", "fr"):
        page.goto(url)
        page.select_option("#lang-select", lang)
        with page.expect_navigation():
            page.locator("form.lang [type=submit]").click()
        for width in (360, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(url)
            problems = audit(page)
            if problems:
                found[f"{name} {lang} {width}"] = problems
            page.screenshot(path=str(SCREENSHOTS / f"decisions-{name}-{lang}-{width}.png"), full_page=True)
    page.select_option("#lang-select", "en")
    with page.expect_navigation():
        page.locator("form.lang [type=submit]").click()


def test_a_co_chair_names_a_missing_voice_opens_and_is_asked_before_closing(
    voices: Voices,  # noqa: F811
    live_server: Any,
    browser: Any,
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    world = voices.world
    Membership.objects.filter(stakeholder=voices.herders).update(voice=None)
    proposal = services.proposal_create(alliance=world.a, user=world.alice, title="Meet monthly", quorum_percent=100)
    detail = f"{live_server.url}/a/{world.a.slug}/decisions/{proposal.pk}/"
    context = browser.new_context(viewport={"width": 360, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", world.alice.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").click()

    found: dict[str, list[str]] = {}
    page.goto(detail)
    assert "Voices named: 2 of 3 member organisations." in page.inner_text("main")
    assert page.locator("#voice-warning").is_visible()
    _audit_everywhere(page, detail, "draft", found)

    # Name Hill Herders' voice from here, and come back to the proposal.
    page.goto(detail)
    page.select_option("#missing-voices select", label="Hana")
    with page.expect_navigation():
        page.locator("#missing-voices button[type=submit]").click()
    assert page.url == detail
    assert "Voices named: 3 of 3 member organisations." in page.inner_text("main")
    assert page.locator("#voice-warning").count() == 0

    page.fill("input[name=closes_at]", "2999-01-01T10:00")
    with page.expect_navigation():
        page.get_by_role("button", name="Open and tell every member organisation").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Close now and record the outcome").click()
    assert page.url.endswith(f"/decisions/{proposal.pk}/close/")
    text = page.inner_text("main")
    assert "0 of 3 member organisations have voted." in text and "100% of member organisations: 3 votes." in text
    _audit_everywhere(page, page.url, "close", found)
    context.close()
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert not errors, errors
