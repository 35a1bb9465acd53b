"""The zone picker: current zone names only, grouped by region, and the country's usual zone
when the convener leaves it to Accord."""

from __future__ import annotations

import re
import zoneinfo
from typing import Any

import pytest
from django.test import Client

from accord.alliances.forms import AllianceCreateForm, AllianceSettingsForm
from accord.core.models import Alliance
from accord.lib import zones
from tests.conftest import World, make_user

# Names the database keeps only so old data goes on working.
LEGACY = ["US/Eastern", "US/Pacific", "Etc/GMT+3", "Etc/UTC", "GMT", "Cuba", "Asia/Calcutta", "Europe/Kiev"]
LEGACY += ["America/Buenos_Aires", "Asia/Saigon", "Canada/Central", "Brazil/East", "EST5EDT", "Zulu"]


def offered(form_field: Any) -> dict[str, list[str]]:
    """{group label: [zone, …]} as the select offers them ("" for options outside a group)."""
    out: dict[str, list[str]] = {}
    for key, value in form_field.choices:
        if isinstance(value, list | tuple):
            out.setdefault(str(key), []).extend(v for v, _label in value)
        else:
            out.setdefault("", []).append(key)
    return out


def test_the_zone_choices_are_current_names_only_grouped_by_region() -> None:
    field = AllianceSettingsForm.base_fields["timezone"]
    groups = offered(field)
    names = [z for zs in groups.values() for z in zs]
    assert len(names) == len(set(names)) > 300
    for legacy in LEGACY:
        assert legacy not in names, legacy
    # Each offered zone loads, and is its own current name (no link, no alias).
    for name in names:
        zoneinfo.ZoneInfo(name)
        assert zones.current_name(name) == name
    # Grouped: UTC alone on top, then each region holding only its own cities.
    assert groups[""] == ["UTC"]
    assert list(groups)[1:4] == ["Africa", "Americas", "Antarctica"]
    assert "Asia/Tbilisi" in groups["Asia"] and "America/Lima" in groups["Americas"]
    assert "Africa/Lusaka" in groups["Africa"] and "Europe/Paris" in groups["Europe"]
    for label, members in groups.items():
        if label:
            assert len({z.split("/")[0] for z in members}) == 1, label


def test_the_settings_page_draws_the_groups_as_optgroups(world: World) -> None:
    html = world.client_for(world.alice).get("/a/riverside/settings/").content.decode()
    select = re.search(r'<select name="timezone"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    body = select.group(1)
    assert body.count("<optgroup") == 10
    asia = re.search(r'<optgroup label="Asia">(.*?)</optgroup>', body, re.S)
    assert asia is not None and '<option value="Asia/Tbilisi">Tbilisi</option>' in asia.group(1)
    assert 'value="US/Eastern"' not in body and 'value="Etc/GMT+3"' not in body
    assert '<option value="UTC" selected>UTC</option>' in body  # the riverside alliance's clock
    # Its country is Georgia: the page says which zone is usual there.
    assert "The usual time zone of Georgia is Tbilisi." in html


@pytest.mark.parametrize(
    ("country", "zone"),
    [
        ("Georgia", "Asia/Tbilisi"),
        ("Zambia", "Africa/Lusaka"),
        ("Perú", "America/Lima"),
        ("peru", "America/Lima"),
        ("Lusaka, Zambia", "Africa/Lusaka"),
        ("Brazil", "America/Sao_Paulo"),
        ("United Kingdom", "Europe/London"),
        ("Côte d’Ivoire", "Africa/Abidjan"),
        ("DRC", "Africa/Kinshasa"),
        ("KE", "Africa/Nairobi"),
    ],
)
def test_the_country_gives_its_usual_zone(country: str, zone: str) -> None:
    assert zones.zone_for_country(country) == zone


def test_an_unknown_country_gives_no_zone() -> None:
    assert zones.zone_for_country("Narnia") is None
    assert zones.zone_for_country("") is None


def create_data(**extra: str) -> dict[str, str]:
    return {
        "name": "Nile Seed Alliance",
        "organisation_name": "Delta Growers",
        "organisation_kind": "member_based",
        "languages": "en",
        **extra,
    }


def test_a_new_alliance_takes_its_countrys_zone_unless_one_is_chosen(db: Any) -> None:
    client = Client()
    client.force_login(make_user("convener@nile.test"))
    page = client.get("/alliances/new/").content.decode()
    select = re.search(r'<select name="timezone"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    # The first choice, selected, leaves it to the country.
    assert re.match(r'\s*<option value="" selected>The usual one for the country</option>', select.group(1))
    response = client.post("/alliances/new/", create_data(country="Zambia", timezone=""))
    assert response.status_code == 302
    assert Alliance.objects.get(name="Nile Seed Alliance").timezone == "Africa/Lusaka"
    response = client.post("/alliances/new/", create_data(name="Second", country="Zambia", timezone="Asia/Tbilisi"))
    assert response.status_code == 302
    assert Alliance.objects.get(name="Second").timezone == "Asia/Tbilisi"


def test_without_a_known_country_the_zone_must_be_chosen(db: Any) -> None:
    for country, message in [
        ("Narnia", "Accord does not know the time zone of this country: choose it."),
        ("", "Give the country, or choose the time zone."),
    ]:
        form = AllianceCreateForm(create_data(country=country, timezone=""))
        assert not form.is_valid()
        assert form.errors["timezone"] == [message]
    assert not AllianceCreateForm(create_data(country="Zambia", timezone="US/Eastern")).is_valid()


def test_an_old_stored_name_shows_as_its_current_one_and_saving_keeps_the_clock(world: World) -> None:
    Alliance.objects.filter(pk=world.a.pk).update(timezone="Asia/Calcutta")
    client = world.client_for(world.alice)
    html = client.get("/a/riverside/settings/").content.decode()
    assert '<option value="Asia/Kolkata" selected>Kolkata</option>' in html
    form = AllianceSettingsForm(instance=Alliance.objects.get(pk=world.a.pk))
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v is not None}
    data["sector"] = "Seeds"
    bound = AllianceSettingsForm(data, instance=Alliance.objects.get(pk=world.a.pk))
    assert bound.is_valid(), bound.errors
    assert bound.changes(world.a)["timezone"] == "Asia/Kolkata"  # the same clock, its current name


def test_the_api_stores_an_old_name_as_its_current_one_and_refuses_offsets(world: World) -> None:
    import json

    from tests.api.conftest import bearer, token_for

    token = token_for(world.a, world.alice, "write")

    def patch(zone: str) -> Any:
        version = Client().get("/api/alliances/riverside", **bearer(token)).json()["version"]
        body = json.dumps({"timezone": zone, "version": version})
        return Client().patch("/api/alliances/riverside", body, content_type="application/json", **bearer(token))

    assert patch("US/Eastern").json()["timezone"] == "America/New_York"
    response = patch("Etc/GMT+3")
    assert response.status_code == 422
    assert "not a current time zone name" in response.content.decode()


def test_a_stored_zone_with_no_current_name_stays_offered_on_its_own_form_only(world: World) -> None:
    """Saving other settings must not move the clock of an alliance stored at a fixed offset."""
    Alliance.objects.filter(pk=world.a.pk).update(timezone="Etc/GMT+3")
    own = AllianceSettingsForm(instance=Alliance.objects.get(pk=world.a.pk))
    assert offered(own.fields["timezone"])[""] == ["UTC", "Etc/GMT+3"]
    assert own["timezone"].value() == "Etc/GMT+3"
    other = AllianceSettingsForm(instance=world.b)
    assert "Etc/GMT+3" not in [z for zs in offered(other.fields["timezone"]).values() for z in zs]
    assert "Etc/GMT+3" not in [z for zs in offered(AllianceSettingsForm.base_fields["timezone"]).values() for z in zs]
