"""Django's loaddata, with every record validated as a form would validate it before it is saved.

Django's own command saves fixture records as they are, so a wrong choice, a malformed address or dates out of
order could reach the database unnoticed. Here each record is checked with `full_clean()` first. The first
invalid record stops the load with a message naming the fixture file, the record and the field, and the whole
load is rolled back (loaddata runs in one transaction).
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
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
    help = loaddata.Command.help + " Each record is validated first; an invalid one stops the load, changing nothing."

    def loaddata(self, fixture_labels):
        # A plain message rather than a traceback: the maintainer needs the file, the record and the problem.
        try:
            super().loaddata(fixture_labels)
        except CommandError:
            raise
        except Exception as error:
            raise CommandError(str(error)) from error

    def save_obj(self, obj):
        instance = obj.object
        # A record found by its natural key is an update: validate it as one, so it is not its own duplicate.
        if instance.pk is not None:
            instance._state.adding = not type(instance)._base_manager.using(self.using).filter(pk=instance.pk).exists()
        try:
            # Fields that point forward to records later in the file are filled in at the end; skip them here.
            instance.full_clean(exclude={field.name for field in obj.deferred_fields or {}})
        except ValidationError as error:
            problems = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
            raise InvalidFixtureRecord(f"invalid record {describe(instance)}: {problems}") from error
        return super().save_obj(obj)
