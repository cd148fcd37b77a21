"""The bulk download kept on disk, one archive per generation of the published content, rebuilt on the first
request after a change (or by `manage.py build_open_data`), never on every request.

Every committed change to a content app's rows (and every bulk write, `publishing.signals.content_written_in_bulk`)
moves the generation on (`DataGeneration`, a database row, so every process and host sees it). The archive of
generation N is OPEN_DATA_ROOT/ibuy-data-N-<time of the change>.zip: it is written to a temporary file in the same
folder and renamed into place, so a reader sees a whole archive or none, and two processes building at once both
write whole files.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse

from opendata.models import DataGeneration
from opendata.package import write_package
from publishing import signals

# The apps whose rows the bulk download holds.
CONTENT_APPS = frozenset({"partners", "practices", "library", "publishing"})
PREFIX = "ibuy-data-"


def folder():
    path = Path(settings.OPEN_DATA_ROOT)
    path.mkdir(parents=True, exist_ok=True)
    return path


def archive_path(generation):
    # The time too: a database restored from a backup may count the same numbers again for other content.
    return folder() / f"{PREFIX}{generation.number}-{generation.changed:%Y%m%dT%H%M%S%f}.zip"


def build(generation=None):
    """Writes the archive of the current generation (or of `generation`) and removes older ones; returns its path."""
    generation = generation or DataGeneration.current()
    path = archive_path(generation)
    homepage = settings.PORTAL_BASE_URL.rstrip("/") + reverse("opendata:index")
    handle, temporary = tempfile.mkstemp(prefix=".building-", suffix=".zip", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as target:
            write_package(target, generation, homepage)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    for older in path.parent.glob(f"{PREFIX}*.zip"):
        if older != path:
            older.unlink(missing_ok=True)
    return path


def current_archive():
    """(path of the archive of the current generation, the generation), built first if it is not there yet."""
    generation = DataGeneration.current()
    path = archive_path(generation)
    if not path.exists():
        path = build(generation)
    return path, generation


def move_on():
    DataGeneration.move_on()


def content_changed(sender, action=None, using=None, **kwargs):
    if sender._meta.app_label not in CONTENT_APPS:
        return
    if action is not None and action not in ("post_add", "post_remove", "post_clear"):
        return
    connection = transaction.get_connection(using)
    # Once per transaction: a fixture or a form with inlines saves many rows.
    if connection.in_atomic_block and any(callback is move_on for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(move_on, using=using)


def written_in_bulk(sender, **kwargs):
    transaction.on_commit(move_on)


def connect_signals():
    signals.content_written_in_bulk.connect(written_in_bulk, dispatch_uid="opendata_bulk_write")
    post_save.connect(content_changed, dispatch_uid="opendata_post_save")
    post_delete.connect(content_changed, dispatch_uid="opendata_post_delete")
    m2m_changed.connect(content_changed, dispatch_uid="opendata_m2m_changed")
