"""Checking and normalising contact data before it is stored."""

from __future__ import annotations

import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from lokal_kit.errors import InvalidInput

_LANGUAGE = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")
MAX_NAME = 200


def email_address(value: str, *, field: str = "email") -> str:
    """The address in its normalised form; no DNS lookup, a form must not wait for one."""
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise InvalidInput(
            f"{value!r} is not a valid e-mail address: {error}", field=field
        ) from None


def email_key(address: str) -> str:
    """What makes two addresses the same person's: case does not count."""
    return address.casefold()


def phone_number(value: str, *, field: str = "phone") -> str:
    """E.164 form; a number without country code is read as German."""
    try:
        parsed = phonenumbers.parse(value, "DE")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_possible_number(parsed):
        raise InvalidInput(f"{value!r} is not a valid phone number", field=field)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def person_name(value: str, *, field: str = "name") -> str:
    name = " ".join(value.split())
    if not name:
        raise InvalidInput("the name must not be empty", field=field)
    if len(name) > MAX_NAME:
        raise InvalidInput(f"the name is longer than {MAX_NAME} characters", field=field)
    return name


def language(value: str, *, field: str = "preferredLanguage") -> str:
    """An IETF language tag of the simple kind: `de`, `en`, `de-AT`."""
    if not _LANGUAGE.match(value):
        raise InvalidInput(f"{value!r} is not a language tag such as 'de' or 'en-GB'", field=field)
    return value
