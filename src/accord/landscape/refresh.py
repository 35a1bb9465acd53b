"""When the landscape changes, its slow results are asked for again in the background.

A save or delete of a stakeholder, tie, assessment or membership, or of the alliance (its target
mix), asks for every stored result once per transaction, after it commits (`graph_cache`
decides, by fingerprint, which ones really changed; an unchanged one is not recomputed)."""

from __future__ import annotations

from typing import Any

from django.apps import apps as django_apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from accord.landscape.models import GraphCache


def refresh_all(alliance_id: int) -> None:
    from accord.core.models import Alliance
    from accord.landscape import graph_cache

    alliance = Alliance.objects.filter(pk=alliance_id).first()
    if alliance is None:
        return
    for kind in GraphCache.Kind.values:
        graph_cache.request_refresh(alliance, kind)


def landscape_changed(alliance_id: int | None) -> None:
    if not alliance_id:
        return
    conn = transaction.get_connection()
    # Once per transaction: a callback already waiting for this alliance's commit suffices (a
    # rolled-back transaction drops its callbacks, so nothing is left behind).
    for entry in conn.run_on_commit:
        if getattr(entry[1], "accord_refresh", None) == alliance_id and not getattr(entry[1], "accord_done", False):
            return

    def callback() -> None:
        callback.accord_done = True  # type: ignore[attr-defined]
        refresh_all(alliance_id)

    callback.accord_refresh = alliance_id  # type: ignore[attr-defined]
    transaction.on_commit(callback)


def _on_record(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # fixtures
        return
    landscape_changed(getattr(instance, "alliance_id", None))


def _on_alliance(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if kwargs.get("raw") or created:
        return
    landscape_changed(instance.pk)


def connect() -> None:
    from accord.core.models import Alliance
    from accord.landscape.models import Assessment, Stakeholder, Tie

    # Membership sits above the landscape (it imports it): reached through the reverse relation.
    Membership: Any = django_apps.get_model("membership", "Membership")

    for model in (Stakeholder, Tie, Assessment, Membership):
        post_save.connect(_on_record, sender=model, dispatch_uid=f"refresh-{model.__name__}")
        post_delete.connect(_on_record, sender=model, dispatch_uid=f"refresh-del-{model.__name__}")
    post_save.connect(_on_alliance, sender=Alliance, dispatch_uid="refresh-alliance")
