"""The API object. Each domain app contributes a router from its own `api.py`."""

from __future__ import annotations

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from accord.api.auth import TokenAuth
from accord.api.docs import AccordSwagger
from accord.core import capabilities
from accord.core.tenancy import Refusal
from accord.core.versions import StaleVersion

DESCRIPTION = """\
Per-alliance API. Authenticate with `Authorization: Bearer <token>`; a co-chair creates tokens
on the alliance's *API tokens* page. A token sees only its own alliance and acts with the roles
its creator holds at the time of each call; writing needs a token created with write access.

Errors are JSON objects with a `detail` key. A **403** says why in words (your role does not
allow it, or a rule of the alliance refuses it, such as "only the designated voice of … votes").
Invalid input gives **422** with a list of
problems, each naming its place in the request in `loc` (for example
`["body", "payload", "deadline"]`).

Records edited in place (stakeholders, ties, framework elements, the alliance's settings, a
member's voice) carry a `version`. An update sends the `version` it read; if someone saved the
record since, the answer is **409** with the version now stored and each field they changed
(`theirs`, and `yours` as sent) and nothing is written: read the record again and resend.
"""


api = NinjaAPI(
    title="Accord API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
    docs=AccordSwagger(),
)
# The alliance itself, then every capability's routers in the order they are declared.
api.add_router("/alliances/", "accord.alliances.api.router", tags=["alliance"])
for router, tag in capabilities.api_routers():
    api.add_router("/alliances/", router, tags=[tag])


@api.exception_handler(MultiPartParserError)
def unreadable_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    """A multipart body Django cannot parse (no boundary, a broken one, a truncated part) is the
    client's mistake: 400 with what to fix, never a 500 or an HTML page."""
    message = _(
        "The request body is not readable multipart/form-data: %(reason)s. Send the file as a "
        "multipart form whose Content-Type names its boundary (curl -F does this)."
    ) % {"reason": str(exc)[:120] or _("no reason given")}
    return api.create_response(request, {"detail": message}, status=400)


@api.exception_handler(RequestDataTooBig)
@api.exception_handler(TooManyFieldsSent)
@api.exception_handler(TooManyFilesSent)
def oversized_body(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Django's own limits on a body's fields (DATA_UPLOAD_MAX_*): 400 in the API's shape."""
    return api.create_response(
        request, {"detail": _("The request body has too many fields or is too large to read.")}, status=400
    )


@api.exception_handler(Refusal)
def service_refusal(request: HttpRequest, exc: Refusal) -> HttpResponse:
    """A service refused this person for this record: the 403 says why, as the page does
    ("only the designated voice of … votes"), never the bare "not allowed"."""
    return api.create_response(request, {"detail": exc.reason}, status=403)


@api.exception_handler(ValidationError)
def service_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A rule a service enforces (model validation) is reported like an invalid field."""
    errors: dict[str, list[str]] = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    detail = [
        {
            "type": "value_error",
            "loc": ["body", "payload"] if field == NON_FIELD_ERRORS else ["body", "payload", field],
            "msg": message,
        }
        for field, messages in errors.items()
        for message in messages
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(StaleVersion)
def stale_version(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
    """An edit begun from an older version than the one stored: 409 with what changed since."""
    meta = exc.current._meta

    def name(field: str) -> str:
        try:
            return str(getattr(meta.get_field(field), "attname", field))
        except FieldDoesNotExist:  # a value kept outside a column (a threshold)
            return field

    changed = [
        {
            "field": name(c.field),
            "label": c.label,
            "theirs": c.theirs,
            "yours": c.yours if c.sent else None,
            "sent": c.sent,
            "you_changed": c.you_changed,
        }
        for c in exc.changes
    ]
    body = {"detail": str(exc), "current_version": exc.current.version, "changed": changed}
    return api.create_response(request, body, status=409)
