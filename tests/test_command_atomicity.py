"""Commands that write change everything or nothing: on any error, load_documented_content and restore leave the
database (and the media folder) as they were, and say why. (create_partner_editor: test_create_partner_editor.py;
generating demo data: its own tests.)

Many more broken fixtures are in test_loaddata.py; these are the failures that only the database itself sees, and
loads of several files. The test database wraps each test in a transaction, so the commands' own transactions are
savepoints here.
"""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command

from partners.models import Partner
from tests import factories
from tests.backups import build_small_dataset, database_state, empty_everything, media_contents

pytestmark = pytest.mark.django_db


# load_documented_content

REGION = {"model": "partners.region", "fields": {"name": "Xland", "nuts_code": "XX1", "country": "LT"}}
PRACTICE = {
    "model": "practices.goodpractice",
    "fields": {
        "slug": "smart-lighting",
        "title": "Smart street lighting",
        "region": ["XX1"],
        "start_year": 2018,
        "status": "published",
        "created": "2024-01-15T09:30:00Z",
        "updated": "2024-01-15T09:30:00Z",
    },
}


def write(tmp_path, name, records):
    path = tmp_path / name
    path.write_text(json.dumps(records))
    return str(path)


def test_a_link_to_a_record_that_does_not_exist_loads_nothing_and_says_which(tmp_path):
    """A link given by id passes every check of the record; only the database's own check at the end sees it."""
    factories.PartnerFactory(slug="existing")
    broken = {**PRACTICE, "fields": {**PRACTICE["fields"], "partners": [987654]}}
    before = database_state()

    with pytest.raises(CommandError, match=r"(?s)Problem installing fixtures: .*goodpractice_partners.*987654"):
        call_command("load_documented_content", write(tmp_path, "links.json", [REGION, broken]), verbosity=0)

    assert database_state() == before


def test_a_broken_second_fixture_file_undoes_the_first(tmp_path):
    first = write(tmp_path, "first.json", [REGION])
    second = write(tmp_path, "second.json", [{**PRACTICE, "fields": {**PRACTICE["fields"], "status": "secret"}}])
    before = database_state()

    with pytest.raises(CommandError, match=r"second\.json.*smart-lighting.*status"):
        call_command("load_documented_content", first, second, verbosity=0)

    assert database_state() == before


def test_the_documented_content_with_one_broken_record_loads_nothing(tmp_path):
    records = json.loads((Path(settings.BASE_DIR) / "fixtures" / "ibuy.json").read_text())
    partner = next(record for record in records if record["model"] == "partners.partner")
    partner["fields"]["website"] = "not a web address"
    before = database_state()

    with pytest.raises(CommandError, match=rf"(?i)partners\.partner '{partner['fields']['slug']}'.*website"):
        call_command("load_documented_content", write(tmp_path, "ibuy.json", records), verbosity=0)

    assert database_state() == before


# restore


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    yield settings.MEDIA_ROOT
    ContentType.objects.clear_cache()  # flush renumbered them inside the rolled-back transaction


@pytest.fixture
def good_backup(tmp_path, media):
    """A backup of a small dataset with two files, then an empty installation."""
    build_small_dataset()
    path = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(path), stdout=io.StringIO())
    empty_everything(media)
    return path


def members(path):
    with tarfile.open(path) as archive:
        return {member.name: archive.extractfile(member).read() for member in archive.getmembers()}


def rewritten(path, change):
    """A copy of the archive at `path`, its members passed through `change(members) -> members`."""
    contents = change(members(path))
    copy = path.with_name("changed.tar.gz")
    with tarfile.open(copy, "w:gz") as archive:
        for name, data in contents.items():
            member = tarfile.TarInfo(name)
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    return copy


def edit_json(name, edit):
    def change(contents):
        value = json.loads(contents[name])
        edit(value)
        return {**contents, name: json.dumps(value).encode()}

    return change


def a_partner(records):
    return next(record for record in records if record["model"] == "partners.partner")


def beside(path, data):
    other = path.with_name("other.tar.gz")
    other.write_bytes(data)
    return other


def first_file(contents):
    return next(name for name in contents if name.startswith("media/"))


DAMAGED = {
    "missing": (lambda path: path.with_name("nothing-here.tar.gz"), r"No backup at .*: there is no such file"),
    "not-an-archive": (lambda path: beside(path, b"just words"), r"is not a backup archive"),
    "cut-short": (
        lambda path: beside(path, path.read_bytes()[:200]),
        r"is (not a backup archive|damaged|not a complete backup)",
    ),
    "no-manifest": (
        lambda path: rewritten(path, lambda c: {k: v for k, v in c.items() if k != "manifest.json"}),
        r"is not a complete backup: it has no manifest\.json",
    ),
    "corrupt-data": (
        lambda path: rewritten(path, lambda c: {**c, "data.json": c["data.json"][:-40]}),
        r"is damaged: data\.json is not valid JSON",
    ),
    "record-missing": (
        lambda path: rewritten(path, edit_json("data.json", lambda records: records.remove(a_partner(records)))),
        r"does not match its manifest: partners\.partner: 0 in data\.json, 1 in manifest\.json",
    ),
    "file-changed": (
        lambda path: rewritten(path, lambda c: {**c, first_file(c): c[first_file(c)] + b"!"}),
        r"is damaged: media/partners/logos/.* does not match its checksum",
    ),
    "file-missing": (
        lambda path: rewritten(path, lambda c: {k: v for k, v in c.items() if k != first_file(c)}),
        r"does not match its manifest: files not listed none, listed but missing \['partners/logos/",
    ),
    "file-outside-media": (
        lambda path: rewritten(
            path, edit_json("manifest.json", lambda m: m["files"].update({"../escape.txt": m["files"].popitem()[1]}))
        ),
        r"names a file outside the media folder: '\.\./escape\.txt'",
    ),
    "other-migrations": (
        lambda path: rewritten(
            path, edit_json("manifest.json", lambda m: m["migrations"].append(["partners", "9999_x"]))
        ),
        r"migrations differ from the backup's.*In the backup only: partners\.9999_x",
    ),
    "broken-reference": (
        lambda path: rewritten(
            path, edit_json("data.json", lambda records: a_partner(records)["fields"].update(region=987654))
        ),
        r"could not be restored, so nothing was: .*",
    ),
    "unknown-model": (
        lambda path: rewritten(
            path,
            lambda c: edit_json("manifest.json", lambda m: m["counts"].update({"partners.spaceship": 1}))(
                edit_json("data.json", lambda records: records.append({"model": "partners.spaceship", "fields": {}}))(
                    c
                )
            ),
        ),
        r"data\.json holds a record of no known model",
    ),
}


@pytest.mark.parametrize(("damage", "message"), DAMAGED.values(), ids=list(DAMAGED))
def test_a_damaged_backup_restores_nothing_and_says_why(good_backup, damage, message):
    path = damage(good_backup)
    before = database_state()

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), stdout=io.StringIO())

    assert database_state() == before
    assert not Partner.objects.exists()
    assert media_contents() == {}


def test_a_file_that_cannot_be_written_undoes_the_files_before_it_and_the_records(good_backup, monkeypatch):
    saved = []
    save = FileSystemStorage.save

    def fail_on_the_second(storage, name, content, **kwargs):
        if saved:
            raise OSError(28, "No space left on device")
        saved.append(save(storage, name, content, **kwargs))
        return saved[-1]

    monkeypatch.setattr(FileSystemStorage, "save", fail_on_the_second)
    before = database_state()

    with pytest.raises(CommandError, match="could not be restored, so nothing was: .*No space left on device"):
        call_command("restore", str(good_backup), stdout=io.StringIO())

    assert saved
    assert database_state() == before
    assert media_contents() == {}
