"""Sentences that can be stored and told again in another language.

A message kept for later (an import's row errors, say) is read by people other than the one who
caused it, in their own languages. Storing the text would freeze it in the writer's language, so a
`Sentence` keeps what made it: the message id (the English text marked for translation, which is
its code) and its parameters, themselves sentences or plain values. It is a `str` in the language
active when it was made, so code that shows it at once needs nothing special; `as_json()` keeps
it, and `tell()` says it again in the language active when it is read.

Mark the message id for extraction where it is written: `Sentence(gettext_noop("…"), {...})`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext

Json = dict[str, Any]


def _render(msgid: str, params: Mapping[str, Any], plural: str, n: int | None) -> str:
    text = ngettext(msgid, plural, n) if plural and n is not None else gettext(msgid)
    if not params:
        return text
    try:
        return text % {k: str(v) if isinstance(v, Sentence) else v for k, v in params.items()}
    except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder
        return (msgid if not plural or n == 1 else plural) % dict(params)


class Sentence(str):
    """A translated sentence that remembers its message id and parameters."""

    msgid: str
    params: dict[str, Any]
    plural: str
    n: int | None

    def __new__(
        cls, msgid: str, params: Mapping[str, Any] | None = None, *, plural: str = "", n: int | None = None
    ) -> Sentence:
        clean = {k: _param(v) for k, v in (params or {}).items()}
        obj = super().__new__(cls, _render(msgid, clean, plural, n))
        obj.msgid, obj.params, obj.plural, obj.n = msgid, clean, plural, n
        return obj

    def as_json(self) -> Json:
        out: Json = {"msgid": self.msgid}
        if self.params:
            out["params"] = {k: v.as_json() if isinstance(v, Sentence) else v for k, v in self.params.items()}
        if self.plural:
            out["plural"], out["n"] = self.plural, self.n
        return out

    @classmethod
    def from_json(cls, data: Json) -> Sentence:
        params = {
            k: cls.from_json(v) if isinstance(v, dict) and "msgid" in v else v
            for k, v in (data.get("params") or {}).items()
        }
        return cls(str(data["msgid"]), params, plural=str(data.get("plural") or ""), n=data.get("n"))


def verbatim(text: str) -> Sentence:
    """A sentence with no translation (text that came from elsewhere, already in its language).
    Percent signs are kept as they are."""
    return Sentence(text.replace("%", "%%"))


def _param(value: Any) -> Any:
    if isinstance(value, Sentence) or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    if isinstance(value, Promise):
        args: tuple[Any, ...] = tuple(getattr(value, "_args", ()))
        if len(args) == 1 and isinstance(args[0], str):  # gettext_lazy("…"): keep the message id
            return Sentence(args[0])
        return verbatim(str(value))
    return str(value)


def sentence_of(message: Any) -> Sentence:
    """Any message as a sentence: a Sentence as it is, a lazy translation by its message id,
    other text verbatim."""
    if isinstance(message, Sentence):
        return message
    converted = _param(message)
    return converted if isinstance(converted, Sentence) else verbatim(str(converted))


def tell(stored: Any, fallback: str = "") -> str:
    """A stored sentence (`as_json()`) in the active language; plain stored text as it is."""
    if isinstance(stored, dict) and "msgid" in stored:
        try:
            return str(Sentence.from_json(stored))
        except (KeyError, TypeError, ValueError):
            return fallback
    return fallback if stored is None else str(stored)
