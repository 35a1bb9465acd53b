from __future__ import annotations

import re
from typing import Any

import pytest

from accord.core.models import Notice
from accord.landscape.models import Stakeholder, StakeholderType
from accord.membership.models import Membership
from accord.purpose.models import Purpose
from tests.conftest import World

PURPOSE_TEXT = "Parliament amends the seed law so farmers may save and swap seed."


@pytest.fixture
def purposed(world: World) -> World:
    Purpose.objects.create(
        alliance=world.a, version=1, problem="Seed law.", change_sought=PURPOSE_TEXT, created_by=world.alice
    )
    return world


@pytest.fixture
def candidate(purposed: World) -> Membership:
    org = Stakeholder.objects.create(alliance=purposed.a, name="Hill Seed Savers", kind=StakeholderType.MEMBER_BASED)
    return Membership.objects.create(alliance=purposed.a, stakeholder=org, status=Membership.Status.CANDIDATE)


def token_in(notice: Notice) -> str:
    match = re.search(r"/invitations/([^/]+)/$", notice.url)
    assert match, notice.url
    return match.group(1)


def history_rows(world: World) -> int:
    """Every write leaves a history row, so a stable count means nothing of A was changed."""
    from django.apps import apps

    total = 0
    for model in apps.get_models():
        if model.__module__.startswith("accord.") and model.__name__.startswith("Historical"):
            if "alliance" in {f.name for f in model._meta.fields}:
                total += model._default_manager.filter(alliance_id=world.a.pk).count()
            elif model.__name__ == "HistoricalAlliance":
                total += model._default_manager.filter(id=world.a.pk).count()
    return total


def latest_token(email: str) -> str:
    return token_in(Notice.objects.filter(email=email, kind="invitation").latest("pk"))


def _unused(*args: Any) -> None:  # keep imports typed
    return None
