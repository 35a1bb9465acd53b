"""Every main page in a real browser, as a new co-chair meets it: logged in through the real
form, at 360 and 1280 px, in English, Spanish and French, on the Georgia demo alliance (with an
import under review, a pending invitation, inbox notices and proposals).

On each page (tests/e2e/audit.py): axe-core finds no violation, every visible button and link
reaches 4.5:1 against what it is painted on, no id repeats, nothing is wider than the screen,
and the console shows no error (CSP violations included). One logged-in context per language
keeps the walk to a few minutes. Screenshots land in build/screenshots.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command

from accord.core import demo
from accord.core.models import Alliance
from accord.decisions.models import Proposal
from accord.landscape.models import Stakeholder
from accord.membership import services as membership_services
from accord.membership.models import Membership
from accord.work.models import Activity, WorkingGroup
from tests.conftest import World
from tests.e2e.audit import audit
from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.e2e

LANGUAGES = ("en", "es", "fr")
WIDTHS = (360, 1280)
INVITATION_TOKEN = "browser-walk-invitation-token-0123456789"
IMPORT_CSV = (
    "name,type,notes\n"
    # The demo's ministry, written differently: a probable duplicate to review.
    '"Ministry of Agriculture, Extension and Policy Department",national_government,Same ministry?\n'
    "Kvemo Kartli Seed Savers,local_ngo,Met at the regional fair\n"
)


@dataclass
class Walk:
    alliance: Alliance
    pages: dict[str, str]  # name -> path, for the logged-in co-chair
    invitation: str  # path of the invitation page, for the invitee


@pytest.fixture
def georgia(transactional_db: Any) -> Walk:
    call_command("demo", verbosity=0)
    alliance = Alliance.objects.get(slug=demo.GEORGIA)
    # A candidate with a tie: its page offers "propose as a candidate member" and "remove".
    stakeholder = (
        Stakeholder.objects.filter(alliance=alliance, is_individual=False, membership__isnull=True)
        .filter(ties_out__isnull=False)
        .order_by("pk")
        .first()
    ) or Stakeholder.objects.filter(alliance=alliance).order_by("pk").first()
    assert stakeholder is not None
    proposal = Proposal.objects.filter(alliance=alliance).order_by("-pk").first()
    assert proposal is not None, "the demo has proposals"
    assert alliance.notices.exists(), "the demo leaves notices in the inbox"
    candidate = Membership.objects.filter(alliance=alliance, status=Membership.Status.CANDIDATE).first()
    assert candidate is not None
    with mock.patch.object(membership_services, "_new_token", return_value=INVITATION_TOKEN):
        membership_services.membership_invite(
            alliance=alliance, membership=candidate, email="newcomer@example.org", contact_name="Nino Kapanadze"
        )
    activity = Activity.objects.filter(alliance=alliance, owner__isnull=False).order_by("pk").first()
    group = WorkingGroup.objects.filter(alliance=alliance).order_by("pk").first()
    assert activity is not None and group is not None, "the demo has work"
    base = f"/a/{alliance.slug}"
    pages = {
        "home": f"{base}/",
        "purpose": f"{base}/purpose/",
        "charters": f"{base}/charters/",
        "framework": f"{base}/framework/",
        "members": f"{base}/members/",
        "register": f"{base}/landscape/",
        "stakeholder": f"{base}/landscape/stakeholders/{stakeholder.pk}/",
        "power-map": f"{base}/landscape/map/",
        "network": f"{base}/landscape/network/",
        "composition": f"{base}/landscape/composition/",
        "analytics": f"{base}/landscape/analytics/",
        "suggestions": f"{base}/landscape/suggestions/",
        "imports": f"{base}/landscape/io/",
        # "import-review" is added once the walk has uploaded a file through the page.
        "board": f"{base}/work/",
        "timeline": f"{base}/work/timeline/",
        "group": f"{base}/work/groups/{group.pk}/",
        "activity": f"{base}/work/activities/{activity.pk}/",
        "resources": f"{base}/work/resources/",
        "gap": f"{base}/work/gap/",
        "proposals": f"{base}/decisions/",
        "proposal": f"{base}/decisions/{proposal.pk}/",
        "inbox": f"{base}/inbox/",
        "settings": f"{base}/settings/",
        "tokens": f"{base}/tokens/",
        "api-docs": "/api/docs",
    }
    return Walk(alliance=alliance, pages=pages, invitation=f"/invitations/{INVITATION_TOKEN}/")


class Watch:
    """Console errors, uncaught exceptions and failed requests of one page, as they happen."""

    def __init__(self, page: Any) -> None:
        self.problems: list[str] = []
        page.on("console", lambda m: self.problems.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("response", lambda r: self.problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def take(self) -> list[str]:
        found, self.problems[:] = list(self.problems), []
        return found


def switch_language(page: Any, lang: str) -> None:
    """The footer's language form, as a person would use it."""
    page.select_option("#lang-select", lang)
    with page.expect_navigation():
        page.locator("form.lang [type=submit]").click()
    assert page.evaluate("() => document.documentElement.lang") == lang


def log_in(page: Any, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").click()
    assert "/accounts/login/" not in page.url, f"the login form did not log {email} in"


def check(page: Any, watch: Watch, base: str, path: str, name: str, lang: str, found: dict[str, list[str]]) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(f"{base}{path}")
        assert response is not None
        if response.status != 200:
            found[f"{name} {lang} {width}"] = [f"answered {response.status}"]
            continue
        if name == "api-docs":
            # Swagger UI draws the page from the schema; a schema it cannot read shows an error.
            page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
            page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
        page.wait_for_load_state("networkidle")
        problems = audit(page) + watch.take()
        if problems:
            found[f"{name} {lang} {width}"] = problems
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{lang}-{width}.png"), full_page=True)


def upload_an_import(page: Any, base: str, pages: dict[str, str], tmp_path: Any) -> str:
    """Upload a small CSV through the imports page; answer the review page's path."""
    page.goto(f"{base}{pages['imports']}")
    upload = tmp_path / "new-partners.csv"
    upload.write_text(IMPORT_CSV, encoding="utf-8")
    form = page.locator("form:has(input[type=file])")
    form.locator("input[type=file]").set_input_files(str(upload))
    with page.expect_navigation():
        form.locator("[type=submit]").click()
    assert "/io/imports/" in page.url, f"the upload did not lead to its review: {page.url}"
    return page.url.removeprefix(base)


def test_every_main_page_passes_axe_contrast_width_and_ids_in_three_languages(
    georgia: Walk, live_server: Any, browser: Any, tmp_path: Any
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    started = time.monotonic()
    found: dict[str, list[str]] = {}
    pages = dict(georgia.pages)
    for lang in LANGUAGES:
        # The invitee, not logged in: the invitation, then the login page.
        context = browser.new_context(viewport={"width": 360, "height": 900})
        page = context.new_page()
        watch = Watch(page)
        page.goto(f"{base}{georgia.invitation}")
        switch_language(page, lang)
        watch.take()
        check(page, watch, base, georgia.invitation, "invitation", lang, found)
        check(page, watch, base, "/accounts/login/", "login", lang, found)
        context.close()

        # The co-chair, logged in through the form, in this language.
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        watch = Watch(page)
        log_in(page, base, "cochair@georgia.demo", settings.ACCORD_DEMO_PASSWORD)
        page.goto(f"{base}{pages['home']}")
        switch_language(page, lang)
        if "import-review" not in pages:
            pages["import-review"] = upload_an_import(page, base, pages, tmp_path)
        watch.take()
        for name, path in pages.items():
            check(page, watch, base, path, name, lang, found)
        context.close()

    report = "\n".join(f"{where}:\n  " + "\n  ".join(problems) for where, problems in found.items())
    took = time.monotonic() - started
    assert not found, f"{len(found)} page views have problems (walk took {took:.0f} s):\n{report}"


def test_a_refused_form_far_down_the_page_moves_focus_to_its_error_summary(
    world: World, live_server: Any, browser: Any
) -> None:
    """Members at 360 px: the co-chairs form sits thousands of pixels down. Sent with nobody
    chosen, the page comes back with the summary focused and in view, linking to the field."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    watch = Watch(page)
    log_in(page, live_server.url, world.alice.email, "correct horse battery")
    page.goto(f"{live_server.url}/a/{world.a.slug}/members/")
    # The roles' forms open from the members page's link (they list every seat).
    page.locator('a[href="?show=roles#co-chairs"]').click()
    page.wait_for_load_state("load")
    form = page.locator("form:has(#co_chairs_seats), form:has([name=seats])").first
    form.locator("[type=submit]").click()
    page.wait_for_load_state("load")
    summary = page.locator("[data-error-summary]")
    assert summary.count() == 1
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('[data-error-summary]')")
    assert summary.get_attribute("role") == "alert"
    box = summary.bounding_box()
    assert box is not None and 0 <= box["y"] < 740, f"the focused summary is out of sight: {box}"
    link = summary.locator("a").first
    target = (link.get_attribute("href") or "").removeprefix("#")
    assert target and page.locator(f"[id='{target}']").count() == 1, f"the summary links to #{target}, not a field"
    page.screenshot(path=str(SCREENSHOTS / "error-summary-360.png"))
    # Following the link puts the cursor in the field (the first box of a group of checkboxes).
    link.click()
    focused = page.evaluate(
        "target => { const a = document.activeElement; return [a.tagName, document.getElementById(target).contains(a)]; }",
        target,
    )
    assert focused == ["INPUT", True], f"the link to #{target} left focus on {focused}"
    context.close()
    # The refused form answers 400, which the console reports; nothing else may appear.
    others = [p for p in watch.take() if "400" not in p]
    assert not others, "\n".join(others)
