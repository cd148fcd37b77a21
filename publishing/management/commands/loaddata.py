"""Django's loaddata, with every record validated like a form would validate it before it is saved.

Django's own command saves fixture records as they are, so a wrong choice, a malformed address or dates out of
order could reach the database unnoticed. Here each record is checked with `full_clean()` first; the first
invalid record stops the load with a message naming the fixture file, the record and the field, and the whole
load is rolled back (loaddata runs in one transaction).
"""

from django.core.exceptions import ValidationError
from django.core.management.commands import loaddata


class InvalidFixtureRecord(ValueError):
    pass


def describe(instance):
    label = instance._meta.label
    try:
        key = instance.natural_key()
    except (AttributeError, instance.__class__.DoesNotExist, ValueError):
        return f"{label}(pk={instance.pk})"
    return f"{label} {', '.join(map(str, key))!r}"


class Command(loaddata.Command):
    help = (
        loaddata.Command.help + " Every record is validated first; an invalid one stops the load and changes nothing."
    )

    def save_obj(self, obj):
        try:
            # Fields that point forward to records later in the file are filled in at the end; skip them here.
            obj.object.full_clean(exclude={field.name for field in obj.deferred_fields or {}})
        except ValidationError as error:
            problems = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
            raise InvalidFixtureRecord(f"invalid record {describe(obj.object)}: {problems}") from error
        return super().save_obj(obj)
