"""The issue's "done when", walked through the pages: create an alliance, write a purpose that
fails the SMART check, see what to fix, fix it, see step 1 done, compare the two versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from accord.core.models import Alliance, Role
from accord.core.permissions import roles_of
from accord.purpose.models import Purpose
from tests.conftest import World

NEXT_YEAR = dt.date.today().year + 1

WEAK = {
    "problem": "Farmers cannot exchange their own seed.",
    "problem_kind": "harmful",
    "policy": "",
    "decision_maker": "",
    "change_sought": "Better seed rules for farmers",
    "measure": "",
    "target": "many more farmers",
    "deadline": "",
    "resources_needed": "",
    "controversy": "",
    "risk_of_acting": "",
    "risk_of_silence": "",
    "added_value": "",
    "change_note": "First draft",
}

FIXED = {
    **WEAK,
    "policy": "Seed Law, article 12",
    "decision_maker": "Parliament's agriculture committee",
    "change_sought": "Let farmers exchange uncertified seed of local varieties",
    "measure": "Article 12 amended and in force",
    "target": "Amendment adopted in 2 readings",
    "deadline": f"{NEXT_YEAR}-12-31",
    "resources_needed": "One lawyer, two campaigners, 20,000 GEL",
    "controversy": "medium",
    "risk_of_acting": "Seed companies may lobby against the alliance",
    "risk_of_silence": "Local varieties keep disappearing",
    "added_value": "Farmers' unions bring the voice; the university brings the evidence",
    "change_note": "Made it SMART",
}


def _step_one(body: str) -> str:
    start = body.index('id="step-1"')
    return body[start : body.index("</li>\n", body.index('<ul class="evidence"', start))]


def test_the_purpose_walk_from_new_alliance_to_step_one_done(world: World) -> None:
    client = world.client_for(world.alice)

    # 1. A new alliance.
    response = client.post(
        "/alliances/new/",
        {
            "name": "Seed Freedom Georgia",
            "country": "Georgia",
            "sector": "Agriculture",
            "organisation_name": "Kakheti Farmers",
            "organisation_kind": "member_based",
            "languages": ["en", "es"],
            "timezone": "Asia/Tbilisi",
        },
    )
    alliance = Alliance.objects.get(name="Seed Freedom Georgia")
    assert response.status_code == 302
    assert response["Location"] == f"/a/{alliance.slug}/"
    assert alliance.timezone == "Asia/Tbilisi"
    assert roles_of(world.alice, alliance) >= {Role.CO_CHAIR, Role.REPRESENTATIVE}
    base = f"/a/{alliance.slug}"

    # 2. A purpose that fails SMART: saved anyway as version 1, with what to fix per letter.
    response = client.post(f"{base}/purpose/edit/", {**WEAK, "base_version": ""})
    assert response.status_code == 302
    assert response["Location"] == f"{base}/purpose/"
    body = client.get(f"{base}/purpose/").content.decode()
    assert "version 1" in body
    assert "5 letters need work" in body
    for problem in [
        "does not name the policy",
        "who takes the decision",
        "no measure of success",
        "target has no number",
        "resources needed (people, skills, money) are not stated",
        "has not been assessed",
        "no deadline",
    ]:
        assert problem in body, problem
    assert body.count("How to fix:") == 5

    # 3. Step 1 is in progress, with the SMART problems as its evidence.
    step = _step_one(client.get(f"{base}/").content.decode())
    assert "In progress" in step
    assert "does not name the policy" in step
    assert "There is no deadline." in step
    assert "The added value of allying is not described." in step
    assert f'href="{base}/purpose/edit/"' in step  # the next action leads to the form

    # 4. The fixed version, built on version 1.
    response = client.post(f"{base}/purpose/edit/", {**FIXED, "base_version": "1"})
    assert response.status_code == 302
    assert list(alliance.purposes.values_list("version", flat=True)) == [2, 1]
    assert alliance.purposes.get(version=1).change_sought == WEAK["change_sought"]
    body = client.get(f"{base}/purpose/").content.decode()
    assert "Passes every SMART check" in body

    step = _step_one(client.get(f"{base}/").content.decode())
    assert "Done" in step
    assert "In progress" not in step
    assert "Purpose version 2" in step
    assert "Specific: passes" in step and "Time-bound: passes" in step
    assert "Added value of allying weighed" in step
    assert 'class="no"' not in step

    # 5. The comparison marks the changed words.
    body = client.get(f"{base}/purpose/compare/?a=1&b=2").content.decode()
    assert "<del>Better seed rules for farmers</del>" in body or "<del>Better" in body
    assert "<ins>" in body and "uncertified" in body
    assert "<ins>Seed Law, article 12</ins>" in body or "<ins>Seed" in body
    # An unchanged field carries no marks.
    assert "<del>Farmers" not in body and "<ins>Farmers cannot" not in body


def _purpose(world: World, **data: Any) -> Purpose:
    from accord.purpose.services import purpose_save

    latest = world.a.purposes.first()
    return purpose_save(alliance=world.a, user=world.alice, data=data, base_version=latest.version if latest else None)


def test_compare_marks_only_changed_words(world: World) -> None:
    _purpose(world, change_sought="Raise the seed budget to 3% of agriculture spending")
    _purpose(world, change_sought="Raise the seed budget to 5% of agriculture spending")
    body = world.client_for(world.bob).get("/a/riverside/purpose/compare/?a=1&b=2").content.decode()
    assert "<del>3%</del>" in body
    assert "<ins>5%</ins>" in body
    assert "<del>Raise" not in body


def test_compare_refuses_versions_that_do_not_exist(world: World) -> None:
    _purpose(world, change_sought="one")
    body = world.client_for(world.alice).get("/a/riverside/purpose/compare/?a=1&b=7").content.decode()
    assert "Choose two versions that exist." in body
    assert "<del>" not in body


def test_the_live_check_returns_only_the_smart_fragment(world: World) -> None:
    client = world.client_for(world.alice)
    response = client.post("/a/riverside/purpose/check/", {**WEAK, "target": "40%"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and "<main" not in body and "<form" not in body
    assert body.lstrip().startswith('<div id="smart"')
    assert "does not name the policy" in body
    assert "target has no number" not in body  # it reads the posted values
    passing = client.post("/a/riverside/purpose/check/", FIXED).content.decode()
    assert "Passes every SMART check" in passing


def test_the_live_check_is_post_only_and_for_editors(world: World) -> None:
    assert world.client_for(world.alice).get("/a/riverside/purpose/check/").status_code == 405
    assert world.client_for(world.olga).post("/a/riverside/purpose/check/", WEAK).status_code == 403
    assert world.client_for(world.lear).post("/a/riverside/purpose/check/", WEAK).status_code == 404


def test_observers_read_the_purpose_but_cannot_edit_it(world: World) -> None:
    _purpose(world, change_sought="Raise the seed budget")
    olga = world.client_for(world.olga)
    page = olga.get("/a/riverside/purpose/")
    assert page.status_code == 200
    assert "/purpose/edit/" not in page.content.decode()
    for response in (olga.get("/a/riverside/purpose/edit/"), olga.post("/a/riverside/purpose/edit/", FIXED)):
        assert response.status_code == 403
        assert "Your role in this alliance does not let you do this." in response.content.decode()
    assert world.a.purposes.count() == 1


def test_representatives_can_draft_a_new_version(world: World) -> None:
    response = world.client_for(world.bob).post("/a/riverside/purpose/edit/", {**FIXED, "base_version": ""})
    assert response.status_code == 302
    assert world.a.purposes.get().created_by == world.bob


def test_the_second_of_two_concurrent_edits_is_refused_with_both_texts(world: World) -> None:
    _purpose(world, change_sought="Raise the seed budget")
    alice, bob = world.client_for(world.alice), world.client_for(world.bob)
    # Both open the form on version 1.
    for client in (alice, bob):
        assert 'name="base_version" value="1"' in client.get("/a/riverside/purpose/edit/").content.decode()
    assert alice.post("/a/riverside/purpose/edit/", {**FIXED, "change_sought": "Alice's text", "base_version": "1"})[
        "Location"
    ].endswith("/purpose/")

    response = bob.post("/a/riverside/purpose/edit/", {**FIXED, "change_sought": "Bob's text", "base_version": "1"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone saved version 2 while you were editing." in body
    assert "Alice&#x27;s text" in body  # the saved version
    assert "Bob&#x27;s text" in body  # his own text, still in the form
    assert 'name="base_version" value="2"' in body  # saving again is a deliberate merge
    assert list(world.a.purposes.values_list("version", "change_sought")) == [
        (2, "Alice's text"),
        (1, "Raise the seed budget"),
    ]


def test_settings_are_for_co_chairs_only(world: World) -> None:
    assert world.client_for(world.alice).get("/a/riverside/settings/").status_code == 200
    for person in (world.bob, world.sam, world.olga, world.eve):
        response = world.client_for(person).post("/a/riverside/settings/", {"name": "Taken over"})
        assert response.status_code == 403
        assert "Ask a co-chair" in response.content.decode()
    assert world.client_for(world.lear).get("/a/riverside/settings/").status_code == 404
    assert Alliance.objects.get(pk=world.a.pk).name == "Riverside Seed Alliance"


def _settings_form(alliance: Alliance, **changes: Any) -> dict[str, Any]:
    data = {
        "name": alliance.name,
        "country": alliance.country,
        "sector": alliance.sector,
        "languages": alliance.languages,
        "timezone": alliance.timezone,
        "status": alliance.status,
        "meeting_cadence_days": alliance.meeting_cadence_days,
        "survey_anonymity_k": alliance.survey_anonymity_k,
        "min_accepted_members": alliance.min_accepted_members,
        "recent_window_days": alliance.recent_window_days,
        "ingo_share_max": alliance.ingo_share_max,
        "grassroots_share_min": alliance.grassroots_share_min,
        "participation_min": alliance.participation_min,
        "dormant_after_days": alliance.dormant_after_days,
        "version": alliance.version,
    }
    return {**data, **changes}


def test_co_chairs_save_settings(world: World) -> None:
    client = world.client_for(world.alice)
    response = client.post("/a/riverside/settings/", _settings_form(world.a, survey_anonymity_k=8))
    assert response.status_code == 302
    assert Alliance.objects.get(pk=world.a.pk).survey_anonymity_k == 8


def test_invalid_settings_show_field_errors_and_save_nothing(world: World) -> None:
    client = world.client_for(world.alice)
    before = Alliance.objects.filter(pk=world.a.pk).values().get()
    response = client.post(
        "/a/riverside/settings/",
        _settings_form(world.a, name="Renamed", survey_anonymity_k=1, meeting_cadence_days=2),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_survey_anonymity_k_error"' in body
    assert 'id="id_meeting_cadence_days_error"' in body
    assert 'aria-invalid="true"' in body
    assert "greater than or equal to 3" in body
    assert Alliance.objects.filter(pk=world.a.pk).values().get() == before
    # The refused name stays in the form but not in the page's title or header.
    assert 'value="Renamed"' in body
    assert "<title>Settings · Riverside Seed Alliance</title>" in body
