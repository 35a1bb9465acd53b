from __future__ import annotations

from typing import Any

from tests.conftest import World


def test_roadmap_shows_ten_steps_with_step_one_todo(world: World) -> None:
    response = world.client_for(world.alice).get(f"/a/{world.a.slug}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="step ') == 10
    assert 'id="step-1"' in body
    assert "No purpose written yet." in body


def test_outsider_gets_404(world: World) -> None:
    response = world.client_for(world.lear).get(f"/a/{world.a.slug}/")
    assert response.status_code == 404
    assert world.a.name not in response.content.decode()


def test_roadmap_page_query_count(world: World, django_assert_num_queries: Any) -> None:
    from accord.purpose.services import purpose_save

    purpose_save(alliance=world.a, user=world.alice, data={"change_sought": "x"}, base_version=None)
    client = world.client_for(world.alice)
    assert client.get(f"/a/{world.a.slug}/").status_code == 200  # the first request stamps the session
    # Expect 23 queries, none of them per row: the session; the user; the alliance by slug;
    # the person's current roles there; the proposals past their closing time (none). Step 1: the current purpose. Step 2: the targets' counts
    # (read once for steps 2 and 8), the stakeholders assessed, the members' and candidates'
    # types. Step 3: invitations carrying the purpose, organisations that accepted, members.
    # Step 4: purpose versions, charter versions. Step 5: the adopted framework document, current
    # co-chairs, secretariat terms, the activities approved and resourced (one aggregate). Step 7:
    # the members who declared resources, the approved activities, those resourced. Then the
    # page's purpose headline (the same row as step 1) and the alliance switcher's list.
    with django_assert_num_queries(23):
        response = client.get(f"/a/{world.a.slug}/")
    assert response.status_code == 200
