"""Every email template, sent with values that hold ' " < > &: the text parts keep them as they
are (an email is not HTML), an HTML part escapes them once, and the inbox shows the stored text
escaped exactly once.

The templates are found on disk (`<app>/templates/<app>/email/<name>_subject.txt`), so a new one
is covered without touching this file; the values each template reads are found by walking its
compiled nodes, and every one of them is given a hostile value."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.template import engines
from django.template.base import FilterExpression, Token, TokenType, Variable
from django.template.defaulttags import ForNode, WithNode
from django.templatetags.i18n import BlockTranslateNode
from django.utils import timezone
from django.utils.html import escape

from accord.core.notify import notify
from tests.conftest import World

HOSTILE = 'Farmers\' "Union" <b>&</b> Co'
# What an escaped-twice or escaped-in-a-text-part value leaves behind.
ENTITY = re.compile(r"&(#x?[0-9a-fA-F]+|amp|lt|gt|quot|apos);")
# Context names notify() fills itself (and the real alliance and recipient carry hostile names).
GIVEN = {"alliance", "recipient", "url"}


def email_templates() -> list[str]:
    """`<app>/email/<name>` for every text email template of Accord's apps."""
    src = Path(settings.SRC_DIR)
    found = set()
    for subject in src.glob("*/templates/*/email/*_subject.txt"):
        body = subject.with_name(subject.name.replace("_subject.txt", "_body.txt"))
        assert body.exists(), f"{subject} has no body template"
        found.add(f"{subject.parent.parent.name}/email/{subject.name.removesuffix('_subject.txt')}")
    return sorted(found)


def test_the_templates_are_found() -> None:
    found = email_templates()
    # The ones that existed when this test was written; new ones join the list by themselves.
    assert {"membership/email/invitation", "decisions/email/outcome", "charters/email/circulation"} <= set(found)
    assert len(found) >= 14


def test_one_mechanism_renders_text_parts_unescaped() -> None:
    # notify.render_text turns escaping off for every text part; a template that does it again
    # itself would hide a text part rendered some other way.
    for template in email_templates():
        for part in ("subject", "body"):
            source = (
                Path(settings.SRC_DIR) / template.split("/")[0] / "templates" / f"{template}_{part}.txt"
            ).read_text()
            assert "autoescape" not in source, f"{template}_{part}.txt"


class Hostile:
    """Any object a template may ask for: every attribute is another one, it prints as HOSTILE,
    iterates as one item; attributes named like dates are dates."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name.endswith("_at"):
            return timezone.now() + dt.timedelta(days=3)
        if name.endswith("_on") or name == "deadline":
            return timezone.localdate() + dt.timedelta(days=3)
        return Hostile()

    def __str__(self) -> str:
        return HOSTILE

    def __iter__(self) -> Iterator[Hostile]:
        return iter([Hostile()])


def _walk(obj: Any, seen: set[int]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """("name", lookups) for every variable a compiled template reads; the name is "count" for
    the number a plural blocktranslate counts."""
    if id(obj) in seen or obj is None or isinstance(obj, str | int | float | bool):
        return
    seen.add(id(obj))
    if isinstance(obj, Variable):
        if obj.lookups:
            yield "var", tuple(obj.lookups)
        return
    if isinstance(obj, Token):
        if obj.token_type == TokenType.VAR:
            yield "var", tuple(obj.contents.split("|")[0].strip().split("."))
        return
    # Names a template gives itself: `{% blocktranslate with day=… count n=… %}`, `{% with %}`, `{% for %}`.
    if isinstance(obj, BlockTranslateNode | WithNode):
        yield from (("own", (name,)) for name in obj.extra_context)
    if isinstance(obj, ForNode):
        yield from (("own", (name,)) for name in obj.loopvars)
    if isinstance(obj, BlockTranslateNode) and obj.counter is not None:
        yield "own", (obj.countervar,)
        yield from (("count", lookups) for _kind, lookups in _walk(obj.counter, seen))
    if isinstance(obj, list | tuple | set):
        for item in obj:
            yield from _walk(item, seen)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from _walk(item, seen)
    elif isinstance(obj, FilterExpression) or type(obj).__module__.startswith(
        ("django.template", "django.templatetags")
    ):
        fields = dict(getattr(obj, "__dict__", {}))
        fields.update({key: getattr(obj, key, None) for key in getattr(type(obj), "__slots__", ())})
        for key, value in fields.items():
            if key not in ("origin", "engine", "loader"):
                yield from _walk(value, seen)


def reads(template: str) -> list[tuple[str, tuple[str, ...]]]:
    engine: Any = engines["django"]
    found: list[tuple[str, tuple[str, ...]]] = []
    for part in ("subject", "body"):
        compiled = engine.engine.get_template(f"{template}_{part}.txt")
        found += _walk(compiled.nodelist, set())
    return found


def hostile_context(template: str) -> dict[str, Any]:
    # A name the template gives itself may get a value too: the template's own wins.
    found = reads(template)
    counted = {lookups[0] for kind, lookups in found if kind == "count"}
    context: dict[str, Any] = {}
    for _kind, lookups in found:
        name = lookups[0]
        if name not in GIVEN:
            context[name] = 2 if name in counted else Hostile()
    return context


def _is_date(lookups: tuple[str, ...]) -> bool:
    return lookups[-1].endswith(("_at", "_on")) or lookups[-1] == "deadline"


def shows_text(template: str, part: str) -> bool:
    """Whether this part prints a value that is hostile here (not only dates and zones)."""
    engine: Any = engines["django"]
    compiled = engine.engine.get_template(f"{template}_{part}.txt")
    found = list(_walk(compiled.nodelist, set()))
    own = {lookups[0] for kind, lookups in found if kind == "own"}
    for kind, lookups in found:
        if kind != "var" or _is_date(lookups) or lookups[0] in own:
            continue
        if lookups[0] not in GIVEN or lookups in (("alliance", "name"), ("recipient", "display_name")):
            return True
    return False


@pytest.fixture
def hostile_world(world: World) -> World:
    world.a.name = HOSTILE
    world.a.save(update_fields=["name"])
    world.bob.name = HOSTILE
    world.bob.save(update_fields=["name"])
    return world


@pytest.mark.parametrize("template", email_templates())
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_email_keeps_text_as_typed(
    hostile_world: World, template: str, language: str, django_capture_on_commit_callbacks: Any
) -> None:
    world = hostile_world
    world.bob.language = language
    world.bob.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        (notice,) = notify(
            alliance=world.a,
            kind="probe",
            template=template,
            context=hostile_context(template),
            recipients=[world.bob],
            url="https://accord.example.org/a/riverside/?x=1&y=2",
        )
    (message,) = mail.outbox
    assert message.to == [world.bob.email]
    for text in (message.subject, message.body, notice.subject, notice.body):
        assert not ENTITY.search(text), f"{template} ({language}) escaped a text part: {text!r}"
    assert HOSTILE in message.body and HOSTILE in notice.body
    if shows_text(template, "subject"):
        assert HOSTILE in message.subject
    if any(lookups == ("url",) for _kind, lookups in reads(template)):
        assert "x=1&y=2" in message.body
    assert not message.alternatives or escape(HOSTILE) in str(message.alternatives[0][0])

    # The inbox escapes the stored text once: the page holds the escaped form, never the raw
    # markup, never an escaped escape.
    page = world.client_for(world.bob).get("/a/riverside/inbox/").content.decode()
    article = page[page.index(f'id="notice-{notice.pk}"') :]
    article = article[: article.index("</article>")]
    assert escape(HOSTILE) in article
    assert HOSTILE not in article
    assert "&amp;#" not in article and "&amp;lt;" not in article and "&amp;quot;" not in article
    assert HOSTILE in html.unescape(article)


def test_an_html_part_is_escaped_once(
    world: World, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    folder = tmp_path / "probe" / "email"
    folder.mkdir(parents=True)
    (folder / "note_subject.txt").write_text("About {{ thing }}")
    (folder / "note_body.txt").write_text("Text: {{ thing }}")
    (folder / "note_body.html").write_text("<p>HTML: {{ thing }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            alliance=world.a,
            kind="probe",
            template="probe/email/note",
            context={"thing": HOSTILE},
            recipients=[world.bob],
        )
    (message,) = mail.outbox
    assert message.subject.endswith("About " + HOSTILE)
    assert message.body == "Text: " + HOSTILE
    ((content, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert content == f"<p>HTML: {escape(HOSTILE)}</p>"
