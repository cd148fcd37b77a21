"""Reading the settings from the environment: each reader names the variable in its refusal, so a wrong value
stops the start with a message that says what to fix (ibuy_portal/settings.py)."""

import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name, default=""):
    """The variable's value; an empty one, as in a line `NAME=` copied from .env.example, means the default."""
    return os.environ.get(name, "").strip() or default


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = env_str(name)
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_seconds(name, default):
    value = env_str(name)
    try:
        seconds = float(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number of seconds, not {value!r}.") from None
    if seconds <= 0:
        raise ImproperlyConfigured(f"{name} must be more than 0 seconds, not {value!r}.")
    return seconds


def _valid_operator_contact(contact):
    from django.core.exceptions import ValidationError
    from django.core.validators import EmailValidator, URLValidator

    validator = URLValidator(schemes=["http", "https"]) if "://" in contact else EmailValidator()
    try:
        validator(contact)
    except ValidationError:
        raise ImproperlyConfigured(
            f"PORTAL_OPERATOR_CONTACT must be an e-mail address or an http(s) address, not {contact!r}."
        ) from None
    return contact


def check_operator(name, contact):
    """The body responsible for the portal and its contact, as the settings name them (both may be unset)."""
    if len(name) > 200:
        raise ImproperlyConfigured("PORTAL_OPERATOR_NAME is longer than 200 characters: give the body's name only.")
    if contact:
        if not name:
            raise ImproperlyConfigured(
                "PORTAL_OPERATOR_CONTACT is set without PORTAL_OPERATOR_NAME: name the body too."
            )
        _valid_operator_contact(contact)
