"""The API object. Each domain app contributes a router from its own `api.py`."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from accord.api.auth import TokenAuth
from accord.core import capabilities

DESCRIPTION = """\
Per-alliance API. Authenticate with `Authorization: Bearer <token>`; a co-chair creates tokens
on the alliance's *API tokens* page. A token sees only its own alliance and acts with the roles
its creator holds at the time of each call; writing needs a token created with write access.

Errors are JSON objects with a `detail` key. Invalid input gives **422** with a list of
problems, each naming its place in the request in `loc` (for example
`["body", "payload", "deadline"]`).
"""


api = NinjaAPI(
    title="Accord API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
)
# The alliance itself, then every capability's routers in the order they are declared.
api.add_router("/alliances/", "accord.alliances.api.router", tags=["alliance"])
for router, tag in capabilities.api_routers():
    api.add_router("/alliances/", router, tags=[tag])


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
