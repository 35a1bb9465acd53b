"""Schemas shared by every router: the error bodies and the statuses each kind of call returns."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Path, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, BaseModel


class ErrorOut(Schema):
    detail: str


class ValidationErrorItem(Schema):
    type: str
    # Where the problem is, e.g. ["body", "payload", "deadline"] or ["query", "limit"].
    loc: list[str | int]
    msg: str


class ValidationErrorOut(Schema):
    detail: list[ValidationErrorItem]


class ChangedFieldOut(Schema):
    field: str
    label: str
    theirs: Any = Field(..., description="The value stored now, saved by someone else")
    yours: Any = Field(None, description="The value this request sent (null when it did not send the field)")
    sent: bool
    you_changed: bool = Field(..., description="False when this request left the field as it was")


class StaleVersionOut(Schema):
    """409: the record was saved by someone else since the version this request started from.
    Nothing was written. Read the record again (it has the new `version`), merge and send again."""

    detail: str
    current_version: int
    changed: list[ChangedFieldOut] = []


# A body that edits a record in place carries the version it started from (read it from the
# record's `version`); a missing one is a 422 naming `version`.
VersionIn = Field(..., ge=1, le=2**31 - 1, description="The record's `version` this edit started from")

# Every authenticated call on an alliance can answer these besides its success status.
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
# Requests with a body also answer 400 when it is not valid JSON at all.
WRITE_ERRORS: dict[int, Any] = {400: ErrorOut, **READ_ERRORS}


class Pagination(LimitOffsetPagination):
    """Limit/offset with bounds, so no request can ask the database for an absurd slice."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=200)
        offset: int = Field(0, ge=0, le=1_000_000)


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    return value


# Text from a request body. PostgreSQL cannot store NUL characters, so they are refused as
# invalid input (a 422 naming the field) rather than failing on save.
CleanStr = Annotated[str, AfterValidator(_no_nul)]


class BodySchema(BaseModel):
    """Base for request bodies: a plain pydantic model. Ninja's Schema reads attributes from any
    object, so with it a JSON array or number would pass as an empty body instead of a 422."""


# Record ids in paths: positive and within what every database stores, so a huge number is a
# 422 with its place named rather than a database error.
MAX_ID = 2**31 - 1
PathId = Path(..., ge=1, le=MAX_ID)
