"""Versions: comparing two versions of a versioned text (a purpose, principles,
non-negotiables), and refusing an edit begun from an older version than the one stored, for
texts saved as new versions and for records edited in place alike (StaleVersion)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass
class Comparison:
    left: Any
    right: Any
    diff: list[Any]
    error: str

    def context(self) -> dict[str, Any]:
        return {"left": self.left, "right": self.right, "diff": self.diff, "error": self.error}


def compare_versions(
    request: HttpRequest, versions: Sequence[Any], diff: Callable[[Any, Any], list[Any]]
) -> Comparison:
    """Versions `?a=` and `?b=` (by number, in either order, older on the left), or the two
    latest when none are asked for. `versions` is newest first, each with a `version` number."""
    by_number = {v.version: v for v in versions}
    left = right = None
    error = ""
    try:
        a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        if len(versions) >= 2:
            left, right = versions[1], versions[0]
        else:
            error = _("There is only one version so far; nothing to compare.")
    else:
        left, right = by_number.get(min(a, b)), by_number.get(max(a, b))
        if left is None or right is None:
            error = _("Choose two versions that exist.")
    return Comparison(left, right, diff(left, right) if left and right else [], error)


# --- Edits in place: one version number per record ----------------------------------------------
#
# A record edited in place (a stakeholder, a tie, a framework element, the alliance's settings, a
# member's voice) carries `version`, raised by one on every write. An edit form and an API
# update send back the version they started from; a save begun from another version is refused
# with what changed meanwhile (StaleVersion), so no one overwrites a colleague's edit unseen.
# The claim is one conditional UPDATE ... WHERE version = n: two saves from the same version
# cannot both succeed, on SQLite or PostgreSQL, without holding a lock while the person types.

MAX_VERSION = 2**31 - 1
MISSING_VERSION = gettext_lazy(
    "The version this edit started from is missing. Reload the page and make the change again."
)


@dataclass
class Change:
    """One field someone else changed since the edit began: what is stored now (theirs) and
    what this edit sends (yours)."""

    field: str
    label: str
    theirs: Any
    yours: Any
    theirs_text: str
    yours_text: str
    # False when this edit left the field as it was when it began (only they changed it).
    you_changed: bool
    sent: bool = True

    def as_text(self) -> str:
        if not self.sent or not self.you_changed:
            return _("%(field)s: %(theirs)s (you left it as it was)") % {
                "field": self.label,
                "theirs": self.theirs_text,
            }
        return _("%(field)s: %(theirs)s → %(yours)s") % {
            "field": self.label,
            "theirs": self.theirs_text,
            "yours": self.yours_text,
        }


class StaleVersion(Exception):
    """Someone saved a newer version since this edit began. `current` is the record as stored
    now; for a record edited in place, `changes` lists what they changed and `mine` holds the
    fields this edit changed, to put back into the form on top of theirs."""

    def __init__(
        self,
        current: Any,
        changes: list[Change] | None = None,
        mine: dict[str, Any] | None = None,
        read: Callable[[Any, str], Any] | None = None,
    ) -> None:
        self.current = current
        self.changes = changes or []
        self.mine = mine or {}
        self.read = read or _value
        message = _("Someone saved version %(v)s while you were editing.") % {"v": current.version}
        if self.changes:
            message += " " + _("Changed meanwhile: %(changes)s.") % {
                "changes": "; ".join(c.as_text() for c in self.changes)
            }
        super().__init__(message)

    def merged(self, fields: Sequence[str]) -> dict[str, Any]:
        """Values for the form shown again: theirs, with this edit's own changes on top, and the
        version they saved, so the next save is a deliberate one over their edit."""
        values = {name: self.read(self.current, name) for name in fields}
        values.update({k: v for k, v in self.mine.items() if k in values})
        values["version"] = self.current.version
        return values


class Versioned(models.Model):
    """A record edited in place. Every write raises `version`: an edit through
    `save_versioned` claims it conditionally; any other save (an import, a status change)
    raises it too, so an edit form opened before that write is refused."""

    version = models.PositiveIntegerField(gettext_lazy("version"), default=1, editable=False)

    _version_claimed = False

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        claimed, self._version_claimed = self._version_claimed, False
        fields = kwargs.get("update_fields")
        if not self._state.adding and self.pk is not None and (fields is None or len(fields)):
            if not claimed:
                # Raised in the database, not from this copy's number: a stale copy saved as it
                # is must not lower it.
                rows = type(self)._base_manager.filter(pk=self.pk)
                rows.update(version=F("version") + 1)
                self.version = rows.values_list("version", flat=True).first() or self.version + 1
            if fields is not None and "version" not in fields:
                kwargs["update_fields"] = [*fields, "version"]
        super().save(*args, **kwargs)


def bump_versions(model: type[models.Model], pks: Iterable[Any]) -> None:
    """Raise the version of rows written in bulk (bulk updates skip save())."""
    if issubclass(model, Versioned):
        model._base_manager.filter(pk__in=list(pks)).update(version=F("version") + 1)


def require_version(version: int | None) -> int:
    if version is None:
        raise ValidationError({"version": MISSING_VERSION})
    return version


def _value(obj: Any, name: str) -> Any:
    """A field's stored value (a foreign key as its id), of a record or of one of its history
    rows alike."""
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return getattr(obj, name)
    return getattr(obj, field.attname) if isinstance(field, models.Field) else getattr(obj, name)


def _plain(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def _text(obj: models.Model, name: str, value: Any) -> str:
    if value in (None, "", [], {}):
        return "—"
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return str(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(field, models.ForeignKey):
        related = field.related_model._base_manager.filter(pk=value).first()  # type: ignore[union-attr]
        return str(related) if related is not None else "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    choices = dict(getattr(field, "flatchoices", None) or [])
    if value in choices:
        return str(choices[value])
    return str(value)


def _label(obj: models.Model, name: str, labels: dict[str, Any] | None) -> str:
    if labels and name in labels:
        return capfirst(str(labels[name]))
    try:
        return capfirst(str(obj._meta.get_field(name).verbose_name))  # type: ignore[union-attr]
    except FieldDoesNotExist:
        return name


def stale(
    obj: Versioned,
    *,
    version: int,
    yours: dict[str, Any],
    fields: Sequence[str],
    read: Callable[[Any, str], Any] | None = None,
    labels: dict[str, Any] | None = None,
    texts: dict[str, Callable[[Any], str]] | None = None,
) -> StaleVersion:
    """The refusal for a save begun from `version`: the record as stored now, and each of
    `fields` that changed since that version (read from the record's history), with this
    edit's value beside theirs. `read` reads a value that is not a plain field (a threshold
    kept in a JSON column), `labels` names such values, `texts` shows a value in words (a seat
    as its person's name)."""
    read = read or _value

    def show(name: str, value: Any) -> str:
        if texts and name in texts and value not in (None, ""):
            return texts[name](value)
        return _text(current, name, value)

    current = type(obj)._base_manager.get(pk=obj.pk)
    history = getattr(current, "history", None)
    base = history.filter(version=version).order_by("-history_date", "-history_id").first() if history else None
    yours = {k: _plain(v) for k, v in yours.items()}
    changes, mine = [], {}
    for name in fields:
        theirs = read(current, name)
        before = read(base, name) if base is not None else None
        sent = name in yours
        you_changed = sent and (base is None or yours[name] != before)
        if sent and you_changed:
            mine[name] = yours[name]
        if base is not None and before == theirs:
            continue  # they did not touch it
        if base is None and (not sent or yours[name] == theirs):
            continue  # no history to tell: name only the fields where you and they differ
        changes.append(
            Change(
                field=name,
                label=_label(current, name, labels),
                theirs=theirs,
                yours=yours.get(name),
                theirs_text=show(name, theirs),
                yours_text=show(name, yours.get(name)) if sent else "",
                you_changed=you_changed,
                sent=sent,
            )
        )
    return StaleVersion(current, changes, mine, read)


def check_version(
    obj: Versioned, *, version: int | None, yours: dict[str, Any], fields: Sequence[str], **how: Any
) -> int:
    """Refuse early (before any validation) an edit begun from another version than the one
    stored. Returns the version, for `save_versioned`."""
    version = require_version(version)
    stored = type(obj)._base_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
    if stored != version:
        raise stale(obj, version=version, yours=yours, fields=fields, **how)
    return version


def save_versioned(
    obj: Versioned,
    *,
    version: int,
    yours: dict[str, Any],
    fields: Sequence[str],
    update_fields: Sequence[str],
    **how: Any,
) -> None:
    """Write an edit begun from `version`: one conditional UPDATE claims the next version
    (WHERE version = n), so of two saves from the same version only the first succeeds, the
    second gets StaleVersion; then the record is saved (leaving its history row)."""
    claimed = type(obj)._base_manager.filter(pk=obj.pk, version=version).update(version=version + 1)
    if not claimed:
        raise stale(obj, version=version, yours=yours, fields=fields, **how)
    obj.version = version + 1
    obj._version_claimed = True
    obj.save(update_fields=[*update_fields, "version"])
