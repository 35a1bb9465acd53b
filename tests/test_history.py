"""Every change leaves a history row saying who made it: through a request, in bulk, or from a
command acting as someone."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import models
from simple_history.models import HistoricalChanges

from accord.core.history import acting_as, bulk_create, bulk_update, changes_of
from accord.landscape.models import Stakeholder, StakeholderType
from accord.purpose.models import Purpose
from tests.conftest import World


def accord_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("accord.") and not issubclass(m, HistoricalChanges) and not m._meta.abstract
    ]


@pytest.mark.parametrize("model", accord_models(), ids=lambda m: m._meta.label)
def test_every_accord_model_keeps_history(model: type[models.Model]) -> None:
    assert hasattr(model._meta, "simple_history_manager_attribute"), (
        f"{model._meta.label} has no history: add `history = HistoricalRecords()`"
    )


def test_the_model_list_is_not_empty() -> None:
    labels = {m._meta.label for m in accord_models()}
    assert {"core.Alliance", "membership.Seat", "membership.SeatRole", "purpose.Purpose", "accounts.User"} <= labels


PURPOSE_POST = {
    "base_version": "",
    "problem": "Seed law bans the exchange of farm-saved seed.",
    "problem_kind": Purpose.ProblemKind.HARMFUL,
    "policy": "Seed law, article 12",
    "decision_maker": "Parliament's agriculture committee",
    "change_sought": "Article 12 allows farmers to exchange saved seed.",
    "measure": "Amendment adopted",
    "target": "Adopted in the spring session",
    "deadline": "2031-06-30",
    "resources_needed": "",
    "controversy": Purpose.Controversy.MEDIUM,
    "risk_of_acting": "",
    "risk_of_silence": "",
    "added_value": "",
    "change_note": "First draft",
}


def test_a_write_through_a_request_records_who_made_it(world: World) -> None:
    response = world.client_for(world.alice).post(f"/a/{world.a.slug}/purpose/edit/", PURPOSE_POST)
    assert response.status_code == 302, response.content.decode()[:2000]
    purpose = world.a.purposes.get()  # type: ignore[attr-defined]
    row = purpose.history.get()
    assert row.history_type == "+"
    assert row.history_user == world.alice


def test_the_purpose_page_shows_its_history_to_insiders_only(world: World) -> None:
    world.client_for(world.alice).post(f"/a/{world.a.slug}/purpose/edit/", PURPOSE_POST)
    url = f"/a/{world.a.slug}/purpose/"

    body = world.client_for(world.eve).get(url).content.decode()  # evaluator: core.view_history
    section = re.search(r'<section class="history".*?</section>', body, re.S)
    assert section, "no History section on the purpose page"
    assert "Created" in section.group(0)
    assert world.alice.display_name in section.group(0)

    body = world.client_for(world.olga).get(url).content.decode()  # observer: no core.view_history
    assert 'class="history"' not in body


def test_the_settings_page_names_the_fields_changed_and_by_whom(world: World) -> None:
    client = world.client_for(world.alice)
    url = f"/a/{world.a.slug}/settings/"
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name) for name in form.fields}
    data["meeting_cadence_days"] = 30
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(url, data)
    assert response.status_code == 302
    world.a.refresh_from_db()
    assert world.a.meeting_cadence_days == 30
    latest = changes_of(world.a)[0]
    assert latest["who"] == world.alice
    assert latest["changed"] == [str(world.a._meta.get_field("meeting_cadence_days").verbose_name)]
    assert "meet about every (days)" in client.get(url).content.decode()


def test_bulk_create_writes_history_rows_for_the_given_user(world: World) -> None:
    names = ["Hill Growers", "Delta Seed Savers", "Plains Cooperative"]
    made = bulk_create(
        Stakeholder,
        [Stakeholder(alliance=world.a, name=n, kind=StakeholderType.LOCAL_NGO) for n in names],
        user=world.sam,
    )
    assert len(made) == 3
    rows = Stakeholder.history.filter(name__in=names)  # type: ignore[attr-defined]
    assert sorted(r.name for r in rows) == sorted(names)
    assert {(r.history_type, r.history_user_id, r.alliance_id) for r in rows} == {("+", world.sam.pk, world.a.pk)}


def test_bulk_update_writes_history_rows_for_the_given_user(world: World) -> None:
    orgs = list(world.a.stakeholders.all())  # type: ignore[attr-defined]
    for org in orgs:
        org.notes = "Met in March."
    assert bulk_update(Stakeholder, orgs, ["notes"], user=world.bob) == len(orgs)
    for org in orgs:
        latest = org.history.latest()
        assert (latest.history_type, latest.history_user, latest.notes) == ("~", world.bob, "Met in March.")


def test_acting_as_attributes_writes_outside_requests(world: World) -> None:
    org = world.org_a
    with acting_as(world.sam):
        org.notes = "Written by a command."
        org.save(update_fields=["notes"])
        with acting_as(world.walt):
            org.notes = "Nested."
            org.save(update_fields=["notes"])
        org.notes = "Back to sam."
        org.save(update_fields=["notes"])
        # Bulk writes inside the block fall back to the acting user.
        bulk_update(Stakeholder, [org], ["notes"])
    org.notes = "After the block."
    org.save(update_fields=["notes"])
    who = [(r.notes, r.history_user) for r in org.history.order_by("history_date", "history_id")][-5:]
    assert who == [
        ("Written by a command.", world.sam),
        ("Nested.", world.walt),
        ("Back to sam.", world.sam),
        ("Back to sam.", world.sam),
        ("After the block.", None),
    ]


def test_the_kind_of_change_is_told_in_the_readers_language(world: World) -> None:
    from django.utils import translation

    org = Stakeholder.objects.create(alliance=world.a, name="Hill Seed Savers", kind=StakeholderType.LOCAL_NGO)
    org.notes = "Met in May"
    org.save()
    for language, words in (
        ("en", ["Changed", "Created"]),
        ("es", ["Modificado", "Creado"]),
        ("fr", ["Modifié", "Créé"]),
    ):
        with translation.override(language):
            assert [str(h["kind"]) for h in changes_of(org)] == words, language
