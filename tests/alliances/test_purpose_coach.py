"""The purpose coach on the pages: the check runs while typing, sits above Save on a phone, and
putting a failing version to the members warns first (without refusing it)."""

from __future__ import annotations

import datetime as dt

from accord.decisions.models import Proposal
from accord.purpose.services import purpose_save
from tests.conftest import World

SHARP = {
    "policy": "Seed Law, article 12",
    "decision_maker": "Parliament's agriculture committee",
    "change_sought": "Let farmers exchange uncertified seed of local varieties",
    "measure": "Article 12 amended",
    "target": "Amendment adopted in 2 readings",
    "resources_needed": "One lawyer, two campaigners, 20,000 GEL",
    "controversy": "medium",
    "risk_of_acting": "Seed companies may lobby against us",
    "risk_of_silence": "Farmers keep losing local varieties",
}


def test_the_check_reruns_while_typing_and_comes_before_save(world: World) -> None:
    page = world.client_for(world.alice).get("/a/riverside/purpose/edit/").content.decode()
    form = page[page.index('<form id="purpose-form"') :]
    form = form[: form.index(">")]
    assert 'hx-trigger="input delay:' in form and "change" in form  # debounced typing, and on change
    assert 'hx-sync="this:replace"' in form  # a newer check replaces one still running
    # In the page's order (a phone's single column): the fields, the check, then Save.
    assert page.index('name="change_sought"') < page.index('id="smart"') < page.index("Save new version")
    assert 'form="purpose-form"' in page  # Save still submits the form it sits outside of


def test_the_live_check_explains_a_vague_purpose(world: World) -> None:
    response = world.client_for(world.alice).post(
        "/a/riverside/purpose/check/", {**SHARP, "change_sought": "Raise awareness"}, HTTP_HX_REQUEST="true"
    )
    text = response.content.decode()
    assert response.status_code == 200 and "too vague" in text and "raise awareness" in text
    sharp = world.client_for(world.alice).post("/a/riverside/purpose/check/", SHARP, HTTP_HX_REQUEST="true")
    assert "too vague" not in sharp.content.decode()


def test_proposing_a_failing_version_warns_and_still_allows_it(world: World) -> None:
    vague = purpose_save(
        alliance=world.a, user=world.alice, data={"change_sought": "Improve nutrition"}, base_version=None
    )
    client = world.client_for(world.alice)
    page = client.get(f"/a/riverside/decisions/new/?subject=purpose&record={vague.pk}").content.decode()
    assert page.count("fails the SMART check") == 1
    assert "fails the SMART check" in page and "Specific" in page
    response = client.post(
        "/a/riverside/decisions/new/",
        {
            "title": "Agree our purpose",
            "body": "Agreed by consent: say now if you cannot live with it.",
            "subject": "purpose",
            "record": f"purpose:{vague.pk}",
            "process": "consent",
            "quorum_percent": "50",
            "options": "",
            "closes_at": "",
        },
        follow=True,
    )
    assert Proposal.objects.filter(alliance=world.a, record_id=vague.pk).exists()
    assert "fails the SMART check" in response.content.decode()


def test_a_passing_version_is_proposed_without_a_warning(world: World) -> None:
    sharp = purpose_save(
        alliance=world.a,
        user=world.alice,
        data={**SHARP, "deadline": world.a.today() + dt.timedelta(days=500)},
        base_version=None,
    )
    page = world.client_for(world.alice).get(f"/a/riverside/decisions/new/?subject=purpose&record={sharp.pk}")
    assert "fails the SMART check" not in page.content.decode()
