"""The capability contract: a new app that registers itself brings its navigation entry, its
setting, its decision subject, its roadmap check, its pages and its API router, and nothing in
core, decisions, config or the base template is edited for it.

The app is tests/sample_capability (installed under the tests only). Its declaration is
registered by the fixture below, and the URL tree and the API are rebuilt from the registry, as
they are at start-up."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import clear_url_caches

from accord.core import capabilities
from accord.core.roadmap import State, roadmap_for
from accord.decisions import services as decision_services
from tests.conftest import World
from tests.decisions.conftest import Voices, soon
from tests.decisions.conftest import voices as voices
from tests.sample_capability.models import Motion


def _rebuild() -> None:
    """Build the API and the URL tree again from the registry (as a fresh process would)."""
    import accord.api.api
    import accord.config.urls
    import accord.decisions.api

    importlib.reload(accord.decisions.api)
    importlib.reload(accord.api.api)
    importlib.reload(accord.config.urls)
    clear_url_caches()


@pytest.fixture
def sample(settings: Any) -> Iterator[capabilities.Capability]:
    import tests.sample_capability.declaration as declaration

    importlib.reload(declaration)  # registers it
    _rebuild()
    try:
        yield declaration.capability
    finally:
        capabilities.unregister("sample_capability")
        _rebuild()


def test_an_unregistered_capability_is_invisible(world: World) -> None:
    assert capabilities.decision_subject("motion") is None
    page = world.client_for(world.alice).get("/a/riverside/").content.decode()
    assert "/motions/" not in page


def test_its_navigation_entry_and_pages_appear(sample: Any, world: World) -> None:
    Motion.objects.create(alliance=world.a, title="Meet in Tbilisi")
    client = world.client_for(world.alice)
    home = client.get("/a/riverside/").content.decode()
    assert '<a href="/a/riverside/motions/">Motions</a>' in home
    assert "Meet in Tbilisi" in client.get("/a/riverside/motions/").content.decode()
    # Another alliance's people get the same 404 as for a missing page.
    assert world.client_for(world.lear).get("/a/riverside/motions/").status_code == 404


def test_its_threshold_is_a_setting_with_its_default_and_bounds(sample: Any, world: World) -> None:
    client = world.client_for(world.alice)
    page = client.get("/a/riverside/settings/").content.decode()
    assert 'name="motions_needed"' in page and 'value="2"' in page
    form = {
        "name": world.a.name,
        "country": "",
        "sector": "",
        "languages": ["en"],
        "timezone": "UTC",
        "status": world.a.status,
        "version": world.a.version,
    }
    form.update({t.key: t.value(world.a) for t in capabilities.thresholds() if t.key != "motions_needed"})
    refused = client.post("/a/riverside/settings/", {**form, "motions_needed": 10})
    assert refused.status_code == 200
    world.a.refresh_from_db()
    assert capabilities.threshold("motions_needed").value(world.a) == 2
    assert client.post("/a/riverside/settings/", {**form, "motions_needed": 3}).status_code == 302
    world.a.refresh_from_db()
    assert world.a.thresholds == {"motions_needed": 3}


def test_its_roadmap_check_is_merged_into_its_step(sample: Any, world: World) -> None:
    step9 = next(e for e in roadmap_for(world.a) if e.step.number == 9)
    assert step9.status.state == State.IN_PROGRESS
    assert [e.text for e in step9.status.evidence] == ["0 of 2 motions agreed"]


def test_its_subject_goes_through_propose_vote_pass_applied(sample: Any, voices: Voices) -> None:
    world = voices.world
    motion = Motion.objects.create(alliance=world.a, title="Meet in Tbilisi")
    foreign = Motion.objects.create(alliance=world.b, title="Lear's motion")
    with pytest.raises(ValidationError) as refused:
        decision_services.proposal_create(
            alliance=world.a, user=world.alice, title="Agree", subject="motion", record=foreign
        )
    assert "record" in refused.value.message_dict
    proposal = decision_services.proposal_create(
        alliance=world.a, user=world.alice, title="Agree the motion", subject="motion", record=motion
    )
    decision_services.proposal_open(proposal=proposal, user=world.alice, closes_at=soon())
    decision_services.vote_cast(proposal=proposal, user=world.alice, response="agree")
    decision_services.vote_cast(proposal=proposal, user=world.bob, response="agree")
    decision_services.proposal_close(proposal=proposal, user=world.alice, early=True)
    motion.refresh_from_db()
    proposal.refresh_from_db()
    assert proposal.outcome == "passed" and motion.agreed_by_id == proposal.pk and motion.agreed_at
    # The decisions page links to the record through the subject's own url.
    page = world.client_for(world.alice).get(f"/a/riverside/decisions/{proposal.pk}/").content.decode()
    assert f"/a/riverside/motions/{motion.pk}/" in page and "Motion: Meet in Tbilisi" in page
    # An agreed motion cannot be proposed again: its owner says so.
    with pytest.raises(ValidationError) as again:
        decision_services.proposal_create(
            alliance=world.a, user=world.alice, title="Again", subject="motion", record=motion
        )
    assert again.value.message_dict == {"record": ["This motion is already agreed."]}


def test_its_subject_and_router_appear_in_the_api(sample: Any, world: World) -> None:
    from accord.api.api import api

    schema = api.get_openapi_schema()
    assert "/api/alliances/{alliance_slug}/motions" in schema["paths"]
    proposal_in = schema["components"]["schemas"]["ProposalIn"]
    assert "motion_id" in proposal_in["properties"]
    assert "motion" in json.dumps(proposal_in["properties"]["subject"])


def test_the_form_offers_its_open_records_grouped_by_subject(sample: Any, world: World) -> None:
    motion = Motion.objects.create(alliance=world.a, title="Meet in Tbilisi")
    Motion.objects.create(alliance=world.b, title="Lear's motion")
    form = world.client_for(world.alice).get("/a/riverside/decisions/new/").content.decode()
    assert '<optgroup label="Agree a motion">' in form
    assert f'<option value="motion:{motion.pk}">Motion: Meet in Tbilisi</option>' in form
    assert "Lear&#x27;s motion" not in form and "Lear's motion" not in form


def test_every_declared_address_resolves(world: World) -> None:
    """A wrong URL name in a declaration fails here, not silently on a page."""
    from django.urls import resolve, reverse

    from accord.charters.models import Charter
    from accord.framework.models import FrameworkDocument
    from accord.purpose.models import Purpose
    from accord.work.models import Activity

    for entry in capabilities.nav_entries():
        resolve(reverse(entry.url_name, kwargs={"alliance_slug": world.a.slug}))
    records = {
        "purpose.Purpose": Purpose.objects.create(alliance=world.a, version=1),
        "charters.Charter": Charter.objects.create(alliance=world.a, kind="principles", version=1),
        "framework.FrameworkDocument": FrameworkDocument.objects.create(
            alliance=world.a, kind="mou", version=1, title="MoU"
        ),
        "work.Activity": Activity.objects.create(alliance=world.a, title="Learning event"),
    }
    for spec in capabilities.decision_subjects():
        if spec.has_record:
            assert spec.url is not None, spec.key
            match = resolve(spec.url(records[spec.model]))
            assert match.kwargs["alliance_slug"] == world.a.slug
    for kind in capabilities.text_kinds():
        resolve(kind.url(records[kind.model]))
