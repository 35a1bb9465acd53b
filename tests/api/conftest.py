from __future__ import annotations

from typing import Any

import pytest

from accord.api.services import api_token_create
from accord.core.models import Alliance
from tests.conftest import World


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def token_for(alliance: Alliance, user: Any, access: str = "write") -> str:
    _, raw = api_token_create(alliance=alliance, user=user, name=f"{user} {access}", access=access)
    return raw


@pytest.fixture
def alice_write(world: World) -> str:
    """A write token of alliance A created by its co-chair."""
    return token_for(world.a, world.alice, "write")
