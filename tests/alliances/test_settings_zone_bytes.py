"""The settings page's zone list stays small (current names only, in optgroups), and an old name
posted gets a plain answer instead of "not one of the available choices"."""

from __future__ import annotations

import gzip
import re
from typing import Any

from accord.alliances.forms import AllianceCreateForm, AllianceSettingsForm
from accord.core.models import Alliance
from accord.lib import zones
from tests.conftest import World

# Measured on the riverside co-chair's page: 40 KB with the flat list of every name the database
# knows (554 then); 30.8 KB raw, 6.8 KB gzipped with the 419 current names in 10 groups.
PAGE_RAW_BUDGET = 34 * 1024
PAGE_GZIP_BUDGET = 8 * 1024


def _select(html: str) -> str:
    found = re.search(r'<select name="timezone"[^>]*>(.*?)</select>', html, re.S)
    assert found is not None
    return found.group(1)


def test_the_settings_page_stays_within_its_bytes(world: World) -> None:
    html = world.client_for(world.alice).get("/a/riverside/settings/").content
    assert len(html) <= PAGE_RAW_BUDGET, len(html)
    assert len(gzip.compress(html, compresslevel=6, mtime=0)) <= PAGE_GZIP_BUDGET
    values = re.findall(r'<option value="([^"]*)"', _select(html.decode()))
    # One option per current zone and none else: no link ("US/Eastern"), no offset ("Etc/GMT+3").
    assert sorted(values) == sorted(zones.current_zones())
    assert len(values) < 450


def _posted(form: AllianceSettingsForm, **changes: str) -> dict[str, Any]:
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v is not None}
    data["sector"] = data.get("sector") or "Seeds"
    return {**data, **changes}


def test_an_old_name_posted_is_refused_with_its_current_name(world: World) -> None:
    alliance = Alliance.objects.get(pk=world.a.pk)
    bound = AllianceSettingsForm(
        _posted(AllianceSettingsForm(instance=alliance), timezone="Europe/Kiev"), instance=alliance
    )
    assert not bound.is_valid()
    assert bound.errors["timezone"] == ["Europe/Kiev is an old name of this time zone: choose Kyiv (Europe/Kyiv)."]
    # Over HTTP too, and nothing is saved.
    client = world.client_for(world.alice)
    response = client.post(
        "/a/riverside/settings/", _posted(AllianceSettingsForm(instance=alliance), timezone="US/Eastern")
    )
    assert response.status_code in (200, 400)
    assert (
        "US/Eastern is an old name of this time zone: choose New York (America/New_York)." in response.content.decode()
    )
    assert Alliance.objects.get(pk=world.a.pk).timezone == "UTC"
    # A name that is no zone at all keeps Django's message.
    create = AllianceCreateForm({"name": "X", "country": "Zambia", "timezone": "Mars/Olympus"})
    assert not create.is_valid()
    assert "Select a valid choice" in create.errors["timezone"][0]


def test_an_alliance_stored_on_an_old_name_sees_and_keeps_the_current_one(world: World) -> None:
    Alliance.objects.filter(pk=world.a.pk).update(timezone="Europe/Kiev")
    html = world.client_for(world.alice).get("/a/riverside/settings/").content.decode()
    europe = re.search(r'<optgroup label="Europe">(.*?)</optgroup>', _select(html), re.S)
    assert europe is not None
    assert '<option value="Europe/Kyiv" selected>Kyiv</option>' in europe.group(1)
    assert 'value="Europe/Kiev"' not in html
    alliance = Alliance.objects.get(pk=world.a.pk)
    bound = AllianceSettingsForm(_posted(AllianceSettingsForm(instance=alliance)), instance=alliance)
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["timezone"] == "Europe/Kyiv"  # the same clock under its current name
