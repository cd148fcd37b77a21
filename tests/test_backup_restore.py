"""`manage.py backup` and `manage.py restore`: a full backup restored into an empty database gives back every record
and every file, exactly; a restore refuses to merge into a database or media folder that holds something.

The test database wraps each test in a transaction: `flush` empties it inside that transaction, so the roles that
the migrations created are back for the next test. Damaged archives are in test_command_atomicity.py.
"""

import hashlib
import json
import tarfile
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db.migrations.recorder import MigrationRecorder

from partners.models import Partner
from tests import factories
from tests.backups import (
    build_rich_dataset,
    build_small_dataset,
    database_state,
    empty_database,
    empty_everything,
    media_contents,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    yield settings.MEDIA_ROOT
    # flush renumbered the content types inside the rolled-back transaction: forget the ids cached meanwhile.
    ContentType.objects.clear_cache()


def backup(path):
    out = StringIO()
    call_command("backup", output=str(path), stdout=out)
    return out.getvalue()


def restore(path):
    out = StringIO()
    call_command("restore", str(path), stdout=out)
    return out.getvalue()


def manifest_of(path):
    with tarfile.open(path) as archive:
        return json.loads(archive.extractfile("manifest.json").read())


def test_a_restored_backup_gives_back_every_record_and_every_file(tmp_path, media):
    build_rich_dataset()
    records, files = database_state(), media_contents()
    assert len(files) == 5  # logo and thumbnail, practice image and thumbnail, report PDF

    said = backup(tmp_path / "backup.tar.gz")
    empty_everything(media)
    assert not Partner.objects.exists()
    assert media_contents() == {}
    restored = restore(tmp_path / "backup.tar.gz")

    assert database_state() == records
    assert media_contents() == files
    count = sum(manifest_of(tmp_path / "backup.tar.gz")["counts"].values())
    assert said.startswith(f"Backed up {count} records of ")
    assert said.endswith(f"models and 5 files ({sum(map(len, files.values()))} bytes) to {tmp_path}/backup.tar.gz.\n")
    assert restored.startswith(f"Restored {count} records of ")


def test_the_manifest_lists_counts_checksums_and_migrations(tmp_path, media):
    build_rich_dataset()
    backup(tmp_path / "backup.tar.gz")

    manifest = manifest_of(tmp_path / "backup.tar.gz")
    assert manifest["counts"]["partners.partner"] == Partner.objects.count()
    assert manifest["counts"]["auth.user"] == 2
    name, content = next(iter(media_contents().items()))
    assert manifest["files"][name] == {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
    assert ["partners", "0001_initial"] in manifest["migrations"]
    # Sessions and login attempts are left out; content types and permissions travel by name only.
    assert not {"sessions.session", "axes.accessattempt", "contenttypes.contenttype", "auth.permission"} & set(
        manifest["counts"]
    )


def test_new_records_after_a_restore_get_new_ids(tmp_path, media):
    build_small_dataset()
    highest = Partner.objects.order_by("-pk").first().pk
    backup(tmp_path / "backup.tar.gz")
    empty_everything(media)
    restore(tmp_path / "backup.tar.gz")

    assert factories.PartnerFactory(number=99).pk > highest


def test_a_restore_into_a_database_that_holds_records_is_refused(tmp_path, media):
    build_small_dataset()
    backup(tmp_path / "backup.tar.gz")
    media_before = media_contents()
    state = database_state()

    with pytest.raises(CommandError, match=r"The database is not empty \(it holds .*a restore never merges"):
        restore(tmp_path / "backup.tar.gz")

    assert database_state() == state
    assert media_contents() == media_before


def test_a_restore_over_files_already_in_the_media_folder_is_refused(tmp_path, media):
    build_small_dataset()
    backup(tmp_path / "backup.tar.gz")
    files = media_contents()
    empty_database()

    with pytest.raises(CommandError, match="The media storage already holds 2 of the backup's files"):
        restore(tmp_path / "backup.tar.gz")

    assert not Partner.objects.exists()
    assert media_contents() == files


def test_a_restore_into_a_database_at_other_migrations_is_refused(tmp_path, media):
    factories.PartnerFactory()
    backup(tmp_path / "backup.tar.gz")
    empty_everything(media)
    MigrationRecorder.Migration.objects.filter(app="practices").order_by("-id").first().delete()

    with pytest.raises(CommandError, match=r"migrations differ .* In the backup only: practices\.0"):
        restore(tmp_path / "backup.tar.gz")

    assert not Partner.objects.exists()
