"""Every table of alliance data carries the alliance itself, and so does its history table.

A direct `alliance` column lets every query filter on the tenant without a join (and the tables
be split by alliance later); on the history table it lets an alliance's audit trail be read, and
erased, without walking relations that may no longer exist.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from simple_history.models import HistoricalChanges

from accord.core.models import Alliance

# Models that are not data of one alliance, with the reason.
NOT_ALLIANCE_DATA = {
    "core.Alliance": "the tenant itself",
    "accounts.User": "a person may hold seats in many alliances",
}


def accord_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("accord.") and not issubclass(m, HistoricalChanges) and not m._meta.abstract
    ]


TENANT_MODELS = [m for m in accord_models() if m._meta.label not in NOT_ALLIANCE_DATA]


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda m: m._meta.label)
def test_it_has_a_direct_alliance_foreign_key(model: type[models.Model]) -> None:
    try:
        field = model._meta.get_field("alliance")
    except FieldDoesNotExist:
        pytest.fail(f"{model._meta.label} has no `alliance` field (or list it in NOT_ALLIANCE_DATA with a reason)")
    assert isinstance(field, models.ForeignKey), f"{model._meta.label}.alliance is not a ForeignKey"
    assert field.related_model is Alliance, f"{model._meta.label}.alliance points to {field.related_model}"
    assert field.model is model, f"{model._meta.label}.alliance is inherited, not its own column"
    assert not field.null, f"{model._meta.label}.alliance may be empty"


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda m: m._meta.label)
def test_its_history_carries_the_alliance(model: type[models.Model]) -> None:
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    assert manager, f"{model._meta.label} keeps no history"
    historical = getattr(model, manager).model
    columns = {f.attname for f in historical._meta.concrete_fields}
    assert "alliance_id" in columns, f"{historical._meta.label} has no alliance_id"


def test_the_allow_list_names_real_models() -> None:
    labels = {m._meta.label for m in accord_models()}
    assert set(NOT_ALLIANCE_DATA) <= labels
    assert TENANT_MODELS, "no tenant model found"
