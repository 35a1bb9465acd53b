"""Principles and non-negotiables: versions, the starter set, the version check, comparison and
agreement by decision. Helpers here are shared by the other governance test modules."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from accord.charters.models import Charter
from accord.charters.services import charter_agree, charter_save
from accord.core.models import Alliance
from accord.decisions.models import Proposal
from accord.purpose.models import Purpose
from accord.purpose.services import StaleVersion, purpose_agree
from tests.conftest import World

PRINCIPLES = Charter.Kind.PRINCIPLES
NON_NEG = Charter.Kind.NON_NEGOTIABLES


def save(world: World, kind: str, texts: list[str], base: int | None, alliance: Alliance | None = None) -> Charter:
    return charter_save(
        alliance=alliance or world.a,
        user=world.alice,
        kind=kind,
        items=[{"title": "", "text": t} for t in texts],
        base_version=base,
    )


def passed_proposal(alliance: Alliance, **subject: Any) -> Proposal:
    return Proposal.objects.create(
        alliance=alliance,
        title="Agree it",
        status=Proposal.Status.CLOSED,
        outcome=Proposal.Outcome.PASSED,
        **subject,
    )


def agree_charter(charter: Charter) -> Charter:
    proposal = passed_proposal(charter.alliance, subject="charter", record_id=charter.pk)
    return charter_agree(charter=charter, proposal=proposal)


def agree_purpose(purpose: Purpose) -> Purpose:
    proposal = passed_proposal(purpose.alliance, subject="purpose", record_id=purpose.pk)
    return purpose_agree(purpose=purpose, proposal=proposal)


def form_data(texts: list[tuple[str, str]], base: int | None, note: str = "") -> dict[str, str]:
    data = {
        "items-TOTAL_FORMS": str(len(texts)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "40",
        "base_version": "" if base is None else str(base),
        "change_note": note,
    }
    for n, (title, text) in enumerate(texts):
        data[f"items-{n}-title"] = title
        data[f"items-{n}-text"] = text
    return data


# --- services -------------------------------------------------------------------------------


def test_versions_are_numbered_per_kind_and_never_edited_in_place(world: World) -> None:
    first = save(world, PRINCIPLES, ["Inclusion"], None)
    second = save(world, PRINCIPLES, ["Inclusion of farmers"], 1)
    other_kind = save(world, NON_NEG, ["The policy must include a budget."], None)
    first.refresh_from_db()
    assert (first.version, second.version, other_kind.version) == (1, 2, 1)
    assert first.items == [{"title": "", "text": "Inclusion"}]
    assert second.items == [{"title": "", "text": "Inclusion of farmers"}]


def test_a_stale_base_version_is_refused_and_writes_nothing(world: World) -> None:
    save(world, NON_NEG, ["one"], None)
    save(world, NON_NEG, ["two by sam"], 1)
    with pytest.raises(StaleVersion) as caught:
        save(world, NON_NEG, ["two by bob"], 1)
    assert caught.value.current.items[0]["text"] == "two by sam"
    assert world.a.charters.count() == 2


def test_empty_items_or_a_title_without_text_are_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        save(world, PRINCIPLES, ["  "], None)
    assert "items" in caught.value.message_dict
    with pytest.raises(ValidationError):
        charter_save(
            alliance=world.a,
            user=world.alice,
            kind=PRINCIPLES,
            items=[{"title": "Only", "text": ""}],
            base_version=None,
        )
    with pytest.raises(ValidationError):
        save(world, "manifesto", ["x"], None)
    assert not world.a.charters.exists()


# --- pages ----------------------------------------------------------------------------------


def test_the_starter_principles_are_offered_when_there_are_none_and_become_version_one(world: World) -> None:
    client = world.client_for(world.alice)
    page = client.get("/a/riverside/charters/principles/").content.decode()
    assert "The agenda comes from below" in page
    assert "Start from this set" in page
    edit = client.get("/a/riverside/charters/principles/edit/").content.decode()
    # The form comes filled with the six starter items, ready to adapt.
    assert edit.count('name="items-') >= 12
    assert "People speak for themselves" in edit
    response = client.post(
        "/a/riverside/charters/principles/edit/",
        form_data([("People speak for themselves", "Farmers speak first."), ("", "")], None, "adapted"),
    )
    assert response.status_code == 302
    charter = world.a.charters.get()
    assert (charter.kind, charter.version, charter.items) == (
        PRINCIPLES,
        1,
        [{"title": "People speak for themselves", "text": "Farmers speak first."}],
    )


def test_non_negotiables_have_no_starter_set_and_ask_for_the_policy_must_include_form(world: World) -> None:
    client = world.client_for(world.bob)
    page = client.get("/a/riverside/charters/non-negotiables/").content.decode()
    assert "The policy must include" in page
    assert "The agenda comes from below" not in page


def test_the_second_of_two_concurrent_saves_is_refused_with_both_texts_shown(world: World) -> None:
    save(world, NON_NEG, ["The policy must include seed exchange."], None)
    sam, bob = world.client_for(world.sam), world.client_for(world.bob)
    # Both open the editor on version 1 ...
    assert sam.get("/a/riverside/charters/non-negotiables/edit/").status_code == 200
    assert bob.get("/a/riverside/charters/non-negotiables/edit/").status_code == 200
    # ... sam saves first, bob second.
    assert (
        sam.post(
            "/a/riverside/charters/non-negotiables/edit/", form_data([("", "Sam's wording on seed banks.")], 1)
        ).status_code
        == 302
    )
    response = bob.post(
        "/a/riverside/charters/non-negotiables/edit/", form_data([("", "Bob's wording on local varieties.")], 1)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Version 2 was saved while you were editing" in page
    assert "Sam&#x27;s wording on seed banks." in page  # the other text
    assert "Bob&#x27;s wording on local varieties." in page  # their own text, kept
    assert 'name="base_version" value="2"' in page  # a save now is a deliberate merge
    assert list(world.a.charters.values_list("version", flat=True)) == [2, 1]
    # Saving again, on top of version 2, goes through.
    assert (
        bob.post("/a/riverside/charters/non-negotiables/edit/", form_data([("", "Merged wording.")], 2)).status_code
        == 302
    )
    assert world.a.charters.filter(kind=NON_NEG).count() == 3


def test_a_title_without_text_is_shown_at_the_field_and_nothing_is_saved(world: World) -> None:
    client = world.client_for(world.alice)
    response = client.post("/a/riverside/charters/principles/edit/", form_data([("Solidarity", "")], None))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Write the text of this item, or clear its title." in page
    assert not world.a.charters.exists()


def test_compare_shows_word_changes_between_two_versions(world: World) -> None:
    save(world, NON_NEG, ["The policy must include a budget line."], None)
    save(world, NON_NEG, ["The policy must include a protected budget line."], 1)
    page = world.client_for(world.olga).get("/a/riverside/charters/non-negotiables/compare/?a=1&b=2").content.decode()
    assert "<ins>protected </ins>" in page
    assert "<del>" not in page  # nothing was removed
    missing = world.client_for(world.olga).get("/a/riverside/charters/non-negotiables/compare/?a=1&b=9")
    assert "Choose two versions that exist." in missing.content.decode()


def test_the_diff_helper_is_shared_with_the_purpose_comparison(world: World) -> None:
    from accord.charters import selectors as charter_selectors
    from accord.purpose import selectors as purpose_selectors

    # One helper, not two that drift apart.
    assert charter_selectors.word_diff is purpose_selectors.word_diff
    left, right = purpose_selectors.word_diff("a seed law", "a new seed law")
    assert left == [("", "a"), ("", " seed law")]
    assert [op for op, _ in right] == ["", "ins", ""] and "".join(t for _, t in right) == "a new seed law"
    assert right[1][1].strip() == "new"
    # Both comparisons mark the same words for the same change.
    a = Purpose(change_sought="a seed law")
    b = Purpose(change_sought="a new seed law")
    change = next(d for d in purpose_selectors.purpose_diff(a, b) if d.changed)
    item = charter_selectors.charter_diff(
        Charter(items=[{"text": "a seed law"}]), Charter(items=[{"text": "a new seed law"}])
    )
    assert (change.left, change.right) == (item[0].left, item[0].right) == (left, right)


def test_an_unagreed_version_links_to_a_proposal_with_the_subject_preselected(world: World) -> None:
    charter = save(world, PRINCIPLES, ["Inclusion"], None)
    page = world.client_for(world.bob).get(f"/a/riverside/charters/{charter.pk}/").content.decode()
    assert f"/a/riverside/decisions/new/?subject=charter&amp;record={charter.pk}" in page
    assert "Not agreed yet" in page


def test_an_agreed_version_shows_the_deciding_proposal(world: World) -> None:
    charter = agree_charter(save(world, PRINCIPLES, ["Inclusion"], None))
    page = world.client_for(world.olga).get(f"/a/riverside/charters/{charter.pk}/").content.decode()
    assert "Agreed" in page
    assert "Agree it" in page  # the proposal's title
    assert "Propose to agree this version" not in page


def test_observers_read_but_cannot_write_and_other_alliances_see_nothing(world: World) -> None:
    charter = save(world, PRINCIPLES, ["Inclusion"], None)
    olga = world.client_for(world.olga)
    assert olga.get(f"/a/riverside/charters/{charter.pk}/").status_code == 200
    assert olga.get("/a/riverside/charters/principles/edit/").status_code == 403
    lear = world.client_for(world.lear)
    assert lear.get(f"/a/riverside/charters/{charter.pk}/").status_code == 404
    # Lear's own alliance cannot reach A's charter by id either.
    assert lear.get(f"/a/lear/charters/{charter.pk}/").status_code == 404


def test_the_versions_page_query_count_is_pinned_and_does_not_grow(
    world: World, django_assert_num_queries: Any
) -> None:
    client = world.client_for(world.alice)
    save(world, PRINCIPLES, ["v1"], None)
    client.get("/a/riverside/charters/principles/versions/")  # the first request stamps the session
    for n in range(2, 7):
        agree_charter(save(world, PRINCIPLES, [f"v{n}"], n - 1))
    # Expect 7 queries: session, user, alliance, the person's roles (middleware); the versions
    # with authors and deciding proposals; the endorsements with their organisations; the
    # alliance switcher in the header.
    with django_assert_num_queries(7):
        response = client.get("/a/riverside/charters/principles/versions/")
    assert response.content.decode().count("/charters/") >= 6
