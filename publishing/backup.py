"""A full backup of the portal in one archive, and its restore into an empty database (`manage.py backup`, `restore`).

The archive is a gzip-compressed tar file holding:

- `data.json`: every row of every model of every app, in Django's JSON serialization, primary keys kept (review
  notes, history and the admin's log refer to records by id). Users, groups, staff memberships, the content's
  history and the admin's log are in it.
- `media/<name>`: every file of the default storage (uploaded logos, images, their thumbnails, report PDFs), read
  through the storage API, so an object storage is backed up the same way.
- `manifest.json`, written last: the applied migrations, the number of records of each model, the size and SHA-256
  of each file, and the content types and permissions by name (the rows that refer to them are mapped to the ids
  the restoring database gave them).

Left out: sessions (everybody signs in again), django-axes' login attempts and lockouts (a restore starts with
none), and the content types and permissions themselves, which `migrate` creates.

A restore checks everything before it changes anything: the archive, the manifest, each file's checksum, the
migrations, and that the database and the storage are empty. The database part then runs in one transaction;
files are written under temporary names and moved into place inside it, and removed again if anything fails.
"""

import datetime
import io
import json
import os
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Prefetch

from publishing.backup_archive import (
    CHUNK,
    DATA,
    FORMAT,
    MANIFEST,
    MEDIA,
    Hashing,
    add_member,
    check_manifest,
    media_files,
    open_archive,
    place_files,
    read_json,
    stage_files,
)
from publishing.progress import QUIET

# Whole apps and single models the backup leaves out (see the module's docstring).
# The content generation (publishing.generation) is no content: each database has its own token, which a restore
# replaces as it writes the records.
EXCLUDED = {"sessions", "axes", "contenttypes.contenttype", "auth.permission", "publishing.contentgeneration"}
# Rows that `migrate` itself creates (the staff roles, partners/migrations/0003_roles.py): a restore replaces them
# with the backup's own, so they do not make a freshly migrated database count as not empty.
CREATED_BY_MIGRATIONS = {"auth.group"}


def backed_up_models():
    """The models whose rows the backup holds, in a stable order; many-to-many links travel with their records."""
    return sorted(
        (
            model
            for model in apps.get_models()
            if model._meta.managed
            and not model._meta.proxy
            and model._meta.app_label not in EXCLUDED
            and model._meta.label_lower not in EXCLUDED
        ),
        key=lambda model: model._meta.label_lower,
    )


def applied_migrations(using):
    return sorted([app, name] for app, name in MigrationRecorder(connections[using]).applied_migrations())


class ExactEncoder(DjangoJSONEncoder):
    """Django's JSON, but times keep their microseconds (Django's own encoder cuts them to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _records(counts, using):
    # Every read names its database, links included: a read replica, if there is one, may lag behind.
    for model in backed_up_models():
        links = [
            Prefetch(field.name, queryset=field.related_model._base_manager.using(using))
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        ]
        records = model._base_manager.using(using).order_by("pk").prefetch_related(*links)
        for record in records.iterator(chunk_size=500):
            counts[model._meta.label_lower] += 1
            yield record


def create_backup(path, *, storage=default_storage, using=DEFAULT_DB_ALIAS, progress=QUIET):
    """Writes the archive to `path` (through a temporary file next to it, so a failed backup leaves nothing) and
    returns its manifest; `progress` shows how far."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    counts, files = Counter(), {}
    try:
        connection = connections[using]
        outermost = not connection.in_atomic_block
        with tarfile.open(temporary, "w:gz") as archive, transaction.atomic(using=using):
            if connection.vendor == "postgresql" and outermost:
                # Every table as it was at one moment, even while editors keep saving.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            data = io.StringIO()
            records = _records(counts, using)
            if progress.enabled:  # a count per model, for the bar's total only
                total = sum(model._base_manager.using(using).count() for model in backed_up_models())
                records = progress(records, desc="Backing up records", total=total)
            serializers.serialize("json", records, stream=data, cls=ExactEncoder)
            add_member(archive, DATA, data.getvalue().encode())
            for name in progress(media_files(storage), desc="Backing up files", unit="file"):
                with storage.open(name, "rb") as file:
                    member = tarfile.TarInfo(f"{MEDIA}{name}")
                    member.size, member.mtime = storage.size(name), int(datetime.datetime.now().timestamp())
                    reader = Hashing(file)
                    archive.addfile(member, io.BufferedReader(reader, CHUNK))
                files[name] = {"size": reader.size, "sha256": reader.sha256.hexdigest()}
            manifest = {
                "format": FORMAT,
                "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "database": connection.vendor,
                "migrations": applied_migrations(using),
                "counts": dict(sorted(counts.items())),
                "files": files,
                "content_types": {
                    str(ct.pk): [ct.app_label, ct.model] for ct in ContentType.objects.using(using).order_by("pk")
                },
                "permissions": {
                    str(p.pk): [p.content_type_id, p.codename] for p in Permission.objects.using(using).order_by("pk")
                },
            }
            add_member(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return manifest


# Restore


def _check_migrations(manifest, using):
    here = {tuple(migration) for migration in applied_migrations(using)}
    there = {tuple(migration) for migration in manifest["migrations"]}
    if here != there:
        only_here = ", ".join(f"{app}.{name}" for app, name in sorted(here - there)[:5]) or "none"
        only_there = ", ".join(f"{app}.{name}" for app, name in sorted(there - here)[:5]) or "none"
        raise CommandError(
            "The database's migrations differ from the backup's, so its records may not fit. "
            f"Applied here only: {only_here}. In the backup only: {only_there}. "
            "Restore into a database migrated to the same state (check out the code the backup was made with and "
            "run `manage.py migrate`)."
        )


def _check_counts(records, manifest, path):
    found = Counter(record.get("model") if isinstance(record, dict) else None for record in records)
    if found != Counter({label: count for label, count in manifest["counts"].items() if count}):
        differences = sorted(
            f"{label}: {found[label]} in {DATA}, {manifest['counts'].get(label, 0)} in {MANIFEST}"
            for label in set(found) | set(manifest["counts"])
            if found[label] != manifest["counts"].get(label, 0)
        )
        raise CommandError(f"{path} does not match its manifest: {'; '.join(differences[:5])}. Nothing was restored.")


def _check_empty(manifest, storage, using):
    holding = [
        f"{count} {model._meta.label_lower}"
        for model in backed_up_models()
        if model._meta.label_lower not in CREATED_BY_MIGRATIONS and (count := model._base_manager.using(using).count())
    ]
    if holding:
        raise CommandError(
            f"The database is not empty (it holds {', '.join(holding[:5])}{', ...' if len(holding) > 5 else ''}): "
            "a restore never merges. Create an empty database, run `manage.py migrate`, and restore into it."
        )
    present = [name for name in manifest["files"] if storage.exists(name)]
    if present:
        raise CommandError(
            f"The media storage already holds {len(present)} of the backup's files (for example {present[0]}): "
            "a restore never overwrites one. Restore into an empty media folder."
        )


def _id_maps(manifest, using):
    """The backup's content type and permission ids -> this database's, created where missing."""
    content_types = {}
    for old, (app_label, model) in manifest["content_types"].items():
        content_types[int(old)] = (
            ContentType.objects.db_manager(using).get_or_create(app_label=app_label, model=model)[0].pk
        )
    permissions = {}
    for old, (content_type, codename) in manifest["permissions"].items():
        new_type = content_types.get(content_type)
        if new_type is None:
            raise CommandError(f"The manifest's permission {codename} has no content type. Nothing was restored.")
        permissions[int(old)] = (
            Permission.objects.db_manager(using)
            .get_or_create(content_type_id=new_type, codename=codename, defaults={"name": codename.replace("_", " ")})[
                0
            ]
            .pk
        )
    return {ContentType: content_types, Permission: permissions}


def _remap(records, maps):
    """Points every reference to a content type or a permission at this database's row of the same name."""
    for record in records:
        try:
            model = apps.get_model(record["model"])
            fields = record["fields"]
        except (KeyError, LookupError, TypeError, ValueError) as error:
            raise CommandError(f"{DATA} holds a record of no known model: {str(record)[:200]} ({error}).") from error
        for field in model._meta.get_fields():
            if not field.concrete or field.name not in fields or fields[field.name] is None:
                continue
            mapping = maps.get(field.related_model) if field.is_relation else None
            if mapping is None:
                continue
            try:
                if field.many_to_many:
                    fields[field.name] = [mapping[value] for value in fields[field.name]]
                else:
                    fields[field.name] = mapping[fields[field.name]]
            except (KeyError, TypeError) as error:
                raise CommandError(
                    f"{record['model']}(pk={record.get('pk')}).{field.name} refers to a "
                    f"{field.related_model.__name__} the manifest does not list ({error}). Nothing was restored."
                ) from error
    return records


def _load(records, using, progress=QUIET):
    connection = connections[using]
    models = set()
    with connection.constraint_checks_disabled():
        for record in serializers.deserialize("python", progress(records, desc="Restoring records"), using=using):
            # Restoring must not write history of its own: the backup holds the history.
            record.object.skip_history_when_saving = True
            record.save(using=using)
            models.add(type(record.object))
    tables = [model._meta.db_table for model in models]
    tables += [
        field.remote_field.through._meta.db_table for model in models for field in model._meta.local_many_to_many
    ]
    connection.check_constraints(table_names=tables)
    # Rows came with their ids: the next new row must get a higher one (PostgreSQL's sequences).
    sequences = connection.ops.sequence_reset_sql(no_style(), list(models))
    if sequences:
        with connection.cursor() as cursor:
            for sql in sequences:
                cursor.execute(sql)
    return len(records)


def restore_backup(path, *, storage=default_storage, using=DEFAULT_DB_ALIAS, progress=QUIET):
    """Restores the archive at `path` into this empty, migrated database and empty storage; returns its manifest.
    Anything wrong raises a CommandError saying what, with the database and storage unchanged; `progress` shows how
    far."""
    with open_archive(path) as archive, tempfile.TemporaryDirectory(prefix="ibuy-restore-") as folder:
        manifest = read_json(archive, MANIFEST, path)
        check_manifest(manifest, path)
        _check_migrations(manifest, using)
        records = read_json(archive, DATA, path)
        if not isinstance(records, list):
            raise CommandError(f"{path} is damaged: {DATA} is not a list of records. Nothing was restored.")
        _check_counts(records, manifest, path)
        stage_files(archive, manifest, path, folder, progress)
        _check_empty(manifest, storage, using)
        written = []
        try:
            with transaction.atomic(using=using):
                Group.objects.using(using).all().delete()
                _load(_remap(records, _id_maps(manifest, using)), using, progress)
                place_files(folder, sorted(manifest["files"]), storage, written)
        except BaseException as error:
            for name in written:
                storage.delete(name)
            if isinstance(error, CommandError) or not isinstance(error, Exception):
                raise
            # A record that does not fit: a wrong value, a broken reference, a duplicate.
            message = " ".join(str(error).split()) or type(error).__name__
            raise CommandError(f"{path} could not be restored, so nothing was: {message}") from error
    return manifest
