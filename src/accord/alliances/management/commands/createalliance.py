from __future__ import annotations

import getpass
import sys
import zoneinfo
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email, validate_slug
from django.db import transaction

from accord.alliances.services import alliance_create
from accord.core.models import Alliance
from accord.landscape.models import StakeholderType


def _messages(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


class Command(BaseCommand):
    help = (
        "Create an alliance. Its owner becomes the first co-chair and the representative of the "
        "organisation that convenes it, which becomes the first member."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="The alliance's name.")
        parser.add_argument("--owner-email", required=True, help="Email of the person who convenes it.")
        parser.add_argument("--organisation", required=True, help="The convening organisation's name.")
        parser.add_argument(
            "--organisation-kind",
            required=True,
            choices=StakeholderType.values,
            metavar="KIND",
            help="The convening organisation's type: " + ", ".join(StakeholderType.values),
        )
        parser.add_argument("--country", default="", help="Country or region.")
        parser.add_argument("--sector", default="", help="Sector, such as agriculture or nutrition.")
        parser.add_argument("--languages", default="en", help="Working languages, comma-separated codes (default: en).")
        parser.add_argument("--timezone", default="UTC", help="Time zone, such as Africa/Lusaka (default: UTC).")
        parser.add_argument("--slug", default="", help="Short name in addresses (default: made from the name).")
        parser.add_argument("--create-owner", action="store_true", help="Create the owner's account if there is none.")
        parser.add_argument("--owner-name", default="", help="The owner's name, for a new account.")
        parser.add_argument(
            "--password", default="", help="Password for a new owner account (asked for when not given)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"].strip()
        organisation = options["organisation"].strip()
        email = options["owner_email"].strip().lower()
        kind = options["organisation_kind"]
        slug = options["slug"].strip()
        if not name:
            raise CommandError("Give the alliance a name (--name).")
        if len(name) > Alliance._meta.get_field("name").max_length:  # type: ignore[operator]
            raise CommandError("The alliance's name is too long (200 characters at most).")
        if not organisation:
            raise CommandError("Name the convening organisation (--organisation).")
        if len(organisation) > 200:
            raise CommandError("The organisation's name is too long (200 characters at most).")
        # Also checked by the parser; this keeps the message clear when called from code.
        if kind not in StakeholderType.values:
            raise CommandError(
                f"Unknown organisation kind '{kind}'. Choose one of: {', '.join(StakeholderType.values)}."
            )
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"'{email}' is not a valid email address.") from exc
        languages = [code.strip() for code in options["languages"].split(",") if code.strip()]
        known = [code for code, _label in settings.LANGUAGES]
        unknown = [code for code in languages if code not in known]
        if not languages or unknown:
            raise CommandError(f"Unknown language {', '.join(unknown) or '(none given)'}. Use: {', '.join(known)}.")
        try:
            zoneinfo.ZoneInfo(options["timezone"])
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise CommandError(f"Unknown time zone '{options['timezone']}'. Try one like Africa/Lusaka.") from exc
        if slug:
            try:
                validate_slug(slug)
            except ValidationError as exc:
                raise CommandError("The slug may hold only letters, numbers, hyphens and underscores.") from exc
            if len(slug) > 60:
                raise CommandError("The slug is too long (60 characters at most).")
            if Alliance.objects.filter(slug=slug).exists():
                raise CommandError(f"An alliance already uses the slug '{slug}'. Choose another.")

        User = get_user_model()
        owner = User.objects.filter(email__iexact=email).first()
        password = ""
        if owner is None and not options["create_owner"]:
            raise CommandError(f"No Accord account uses {email}. Add --create-owner to create one.")
        if owner is not None and options["create_owner"]:
            raise CommandError(f"{email} already has an account; leave out --create-owner to use it.")
        if owner is None:
            password = options["password"] or self._ask_password()
            try:
                validate_password(password, User(email=email, name=options["owner_name"]))
            except ValidationError as exc:
                raise CommandError(f"This password will not do: {_messages(exc)}") from exc

        with transaction.atomic():
            if owner is None:
                owner = User.objects.create_user(email=email, password=password, name=options["owner_name"].strip())
            alliance = alliance_create(
                user=owner,
                name=name,
                organisation_name=organisation,
                organisation_kind=kind,
                country=options["country"].strip(),
                sector=options["sector"].strip(),
                languages=languages,
                timezone_name=options["timezone"],
                slug=slug or None,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the alliance “{alliance.name}” at {alliance.get_absolute_url()} "
                f"with {owner.email} as co-chair for {organisation}."
            )
        )

    def _ask_password(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError("Give the new owner's password with --password (no terminal to ask on).")
        first = getpass.getpass("Password for the new owner: ")
        if first != getpass.getpass("Again: "):
            raise CommandError("The two passwords differ.")
        return first
