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
    from accord.alliances import services

    services.purpose_save(alliance=world.a, user=world.alice, data={"change_sought": "x"}, base_version=None)
    client = world.client_for(world.alice)
    assert client.get(f"/a/{world.a.slug}/").status_code == 200  # the first request stamps the session
    # Expect 7 queries: the session; the user; the alliance by slug; the person's current
    # roles there; the current purpose for step 1's check; the current purpose again for the
    # page's headline (a known duplicate); the person's alliances for the switcher.
    with django_assert_num_queries(7):
        response = client.get(f"/a/{world.a.slug}/")
    assert response.status_code == 200
