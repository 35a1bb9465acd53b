"""History helpers: every write leaves a row saying who changed what, and when.

simple-history records single saves through its signals (the user comes from
HistoryRequestMiddleware, or from `acting_as` outside a request). Bulk writes skip signals, so
they go through the helpers below.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalChanges
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

M = TypeVar("M", bound=models.Model)


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Attribute history rows written inside the block to `user` (commands, tasks, demo)."""
    from simple_history.models import HistoricalRecords

    context = HistoricalRecords.context
    previous = getattr(context, "request", None)

    class _Req:  # the minimal shape simple-history reads the user from
        pass

    req = _Req()
    req.user = user  # type: ignore[attr-defined]
    context.request = req
    try:
        yield
    finally:
        if previous is None:
            del context.request
        else:
            context.request = previous


def bulk_create(model: type[M], objs: Sequence[M], *, user: Any = None, batch_size: int = 500) -> list[M]:
    return bulk_create_with_history(objs, model, batch_size=batch_size, default_user=user)


def bulk_update(
    model: type[M], objs: Sequence[M], fields: list[str], *, user: Any = None, batch_size: int = 500
) -> int:
    from accord.core.versions import Versioned, bump_versions

    if issubclass(model, Versioned) and "version" not in fields:
        # A bulk write is a write: raise each row's version, so an edit form opened before it is
        # refused rather than overwriting it (the history rows carry the new number).
        for obj in objs:
            obj.version += 1  # type: ignore[attr-defined]
        count = int(bulk_update_with_history(objs, model, fields, batch_size=batch_size, default_user=user) or 0)
        bump_versions(model, [obj.pk for obj in objs])
        return count
    return int(bulk_update_with_history(objs, model, fields, batch_size=batch_size, default_user=user) or 0)


# Our own words for simple-history's "+", "~" and "-": its catalogues lack some of them in
# Spanish and French ("Changed" stayed English in a Spanish history).
HISTORY_KINDS = {
    "+": pgettext_lazy("history", "Created"),
    "~": pgettext_lazy("history", "Changed"),
    "-": pgettext_lazy("history", "Deleted"),
}


def changes_of(obj: models.Model, limit: int = 50) -> list[dict[str, Any]]:
    """The record's history, newest first, each entry with who, when and which fields changed."""
    history = obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]  # type: ignore[attr-defined]
    rows = list(history)
    out = []
    for i, row in enumerate(rows[:limit]):
        older = rows[i + 1] if i + 1 < len(rows) else None
        changed: list[str] = []
        if older is not None and isinstance(row, HistoricalChanges):
            delta = row.diff_against(older)
            changed = [str(row.instance._meta.get_field(c.field).verbose_name) for c in delta.changes]
        out.append(
            {
                "when": row.history_date,
                "who": row.history_user,
                "kind": HISTORY_KINDS.get(row.history_type, row.get_history_type_display()),
                "changed": changed,
            }
        )
    return out
