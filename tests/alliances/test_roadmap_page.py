from __future__ import annotations

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
