"""The zone select drawn in Python."""

from __future__ import annotations

from typing import Any


def test_the_zone_select_draws_what_djangos_select_draws() -> None:
    """The zone select is drawn in Python for speed: the same options, groups, selection and
    attributes as Django's template-drawn select, with names and labels escaped."""
    from html.parser import HTMLParser

    from django import forms

    from accord.lib.zones import ZoneField

    class Parts(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.items: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []
            self.text: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            # Django writes selected="" or selected; both mean the same.
            self.items.append((tag, tuple(sorted((k, "" if k == "selected" else v) for k, v in attrs))))

        def handle_data(self, data: str) -> None:
            if data.strip():
                self.text.append(data.strip())

    def parts(html: str) -> tuple[list[Any], list[str]]:
        p = Parts()
        p.feed(html)
        return p.items, p.text

    field = ZoneField(blank="<from the country>")
    attrs = {"id": "id_timezone", "aria-describedby": "id_timezone_helptext", "required": True}
    fast = field.widget.render("timezone", "Asia/Tbilisi", attrs)
    slow = forms.Select(choices=field.choices).render("timezone", "Asia/Tbilisi", attrs)
    assert parts(fast) == parts(slow)
    assert fast.count("<option") > 300 and fast.count(" selected") == 1
    assert "&lt;from the country&gt;" in fast
