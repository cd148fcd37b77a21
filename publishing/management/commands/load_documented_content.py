"""`manage.py load_documented_content ibuy`: Django's loaddata, with every record validated as a form would
validate it before it is saved. It has a name of its own, so Django's `loaddata` stays as Django ships it.

Django's own command saves fixture records as they are, so a wrong choice, a malformed address or dates out of
order could reach the database unnoticed, and some of its errors name neither the file nor the record. Here each
record is checked with `full_clean()` first. The first invalid record stops the load with a message naming the
fixture file, the record and the field, and the whole load is rolled back (loaddata runs in one transaction).
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata
from django.core.serializers.base import DeserializationError
from django.db import connections


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
            self.check_links()
        except CommandError:
            raise
        except Exception as error:
            message = str(error)
            # Django drops the JSON parser's "line 14 column 17" from the message; put it back.
            if isinstance(error, DeserializationError) and error.__cause__ and str(error.__cause__) not in message:
                message = f"{message.rstrip()} {error.__cause__}"
            raise CommandError(message) from error

    def check_links(self):
        """Django checks the foreign keys of the loaded models' own tables only; on SQLite a many-to-many link to a
        record that does not exist would then fail only at the commit, with no word of the fixture."""
        tables = [
            field.remote_field.through._meta.db_table
            for model in getattr(self, "models", ())
            for field in model._meta.local_many_to_many
        ]
        if tables:
            try:
                connections[self.using].check_constraints(table_names=tables)
            except Exception as error:
                error.args = (f"Problem installing fixtures: {error}",)
                raise

    def load_label(self, fixture_label):
        self.fixture_files = ", ".join(repr(path) for path, _, _ in self.find_fixtures(fixture_label))
        super().load_label(fixture_label)

    def save_obj(self, obj):
        instance = obj.object
        for field, key in (obj.deferred_fields or {}).items():
            # Django takes an unknown key for a record further down the file; a required one cannot wait.
            if field.many_to_one and not field.null:
                raise InvalidFixtureRecord(
                    f"invalid record {describe(instance)}: {field.name}: "
                    f"no {field.related_model._meta.label} {key!r} loaded before it"
                )
        # A record found by its natural key is an update: validate it as one, so it is not its own duplicate.
        if instance.pk is not None:
            instance._state.adding = not type(instance)._base_manager.using(self.using).filter(pk=instance.pk).exists()
        try:
            # References to records further down the file are filled in at the end; skip them here.
            instance.full_clean(exclude={field.name for field in obj.deferred_fields or {}})
        except ValidationError as error:
            problems = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
            raise InvalidFixtureRecord(f"invalid record {describe(instance)}: {problems}") from error
        saved = super().save_obj(obj)
        if obj.deferred_fields:
            obj.save_deferred_fields = self.naming_the_record(obj)
        return saved

    def naming_the_record(self, obj):
        """Django resolves forward references after every file is read: keep the file and record for its error."""
        resolve, fixture_files = obj.save_deferred_fields, self.fixture_files

        def save_deferred_fields(using=None):
            try:
                resolve(using=using)
            except Exception as error:
                raise InvalidFixtureRecord(
                    f"Problem installing fixture {fixture_files}: invalid record {describe(obj.object)}: {error}"
                ) from error

        return save_deferred_fields
