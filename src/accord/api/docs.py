"""The API's docs page: ninja's Swagger UI inside a page of our own, with the page's language,
a main landmark and a level-one heading (ninja's own page has none of the three)."""

from __future__ import annotations

from ninja.openapi.docs import Swagger


class AccordSwagger(Swagger):
    template = "api/docs.html"
    # With deep links each operation's path is a link inside the button that opens it (axe:
    # nested-interactive); the browser's address then no longer follows the open operation.
    default_settings = {**Swagger.default_settings, "deepLinking": False}
