"""The backup archive itself (see publishing/backup.py): a gzip-compressed tar file, its members written and read,
the manifest's shape checked, and the media files copied in and out with their checksums."""

import datetime
import hashlib
import io
import json
import os
import tarfile
import uuid
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.management.base import CommandError

from publishing.progress import QUIET

FORMAT = "ibuy-backup/1"
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA = "media/"
CHUNK = 1024 * 1024


def media_files(storage, folder=""):
    """Every file name in the storage, walking its folders."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}{name}" for name in files]
    for name in folders:
        names += media_files(storage, f"{folder}{name}/")
    return sorted(names)


class Hashing(io.RawIOBase):
    """Reads a file through, hashing and counting what passes."""

    def __init__(self, file):
        self.file, self.sha256, self.size = file, hashlib.sha256(), 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.file.read(len(buffer))
        self.sha256.update(data)
        self.size += len(data)
        buffer[: len(data)] = data
        return len(data)


def add_member(archive, name, data):
    member = tarfile.TarInfo(name)
    member.size, member.mtime = len(data), int(datetime.datetime.now().timestamp())
    archive.addfile(member, io.BytesIO(data))


def open_archive(path):
    path = Path(path)
    if not path.is_file():
        raise CommandError(f"No backup at {path}: there is no such file.")
    try:
        return tarfile.open(path, "r:*")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise CommandError(f"{path} is not a backup archive (a .tar.gz from `manage.py backup`): {error}.") from None


def read_member(archive, name, path):
    try:
        member = archive.getmember(name)
        return archive.extractfile(member).read()
    except KeyError:
        raise CommandError(f"{path} is not a complete backup: it has no {name}.") from None
    except (tarfile.TarError, OSError, EOFError) as error:
        raise CommandError(f"{path} is damaged: {name} cannot be read ({error}).") from error


def read_json(archive, name, path):
    try:
        return json.loads(read_member(archive, name, path))
    except (ValueError, UnicodeDecodeError) as error:
        raise CommandError(f"{path} is damaged: {name} is not valid JSON ({error}).") from error


def check_manifest(manifest, path):
    keys = {"format", "migrations", "counts", "files", "content_types", "permissions"}
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not keys <= manifest.keys():
        raise CommandError(f"{path} is not a backup this portal can read: its manifest is not an {FORMAT} manifest.")
    for name in manifest["files"]:
        parts = PurePosixPath(name).parts
        if not name or name.startswith("/") or ".." in parts or "\\" in name:
            raise CommandError(f"{path} names a file outside the media folder: {name!r}. Nothing was restored.")


def stage_files(archive, manifest, path, folder, progress=QUIET):
    """Extracts every file to `folder`, checking it against the manifest."""
    listed = set(manifest["files"])
    in_archive = {member.name[len(MEDIA) :] for member in archive.getmembers() if member.name.startswith(MEDIA)}
    if in_archive != listed:
        extra = sorted(in_archive - listed)[:3]
        missing = sorted(listed - in_archive)[:3]
        raise CommandError(
            f"{path} does not match its manifest: files not listed {extra or 'none'}, listed but missing "
            f"{missing or 'none'}. Nothing was restored."
        )
    for name, expected in progress(manifest["files"].items(), desc="Checking files", unit="file"):
        target = Path(folder, *PurePosixPath(name).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        member = archive.getmember(f"{MEDIA}{name}")
        if not member.isfile():
            raise CommandError(f"{path} is damaged: {MEDIA}{name} is not a file. Nothing was restored.")
        sha256 = hashlib.sha256()
        try:
            with archive.extractfile(member) as source, open(target, "wb") as copy:
                while chunk := source.read(CHUNK):
                    sha256.update(chunk)
                    copy.write(chunk)
        except (tarfile.TarError, OSError, EOFError) as error:
            raise CommandError(f"{path} is damaged: {MEDIA}{name} cannot be read ({error}).") from error
        if sha256.hexdigest() != expected.get("sha256"):
            raise CommandError(
                f"{path} is damaged: {MEDIA}{name} does not match its checksum in the manifest. Nothing was restored."
            )


def place_files(folder, names, storage, written):
    """Copies the staged files into the storage: under a temporary name, then moved to their own name where the
    storage has paths (a local folder), or saved under their name directly (an object storage)."""
    for name in names:
        with open(Path(folder, *PurePosixPath(name).parts), "rb") as content:
            if has_paths(storage):
                temporary = storage.save(f"{name}.restoring-{uuid.uuid4().hex}", File(content))
                written.append(temporary)
                os.replace(storage.path(temporary), storage.path(name))
                written[-1] = name
            else:
                saved = storage.save(name, File(content))
                written.append(saved)
                if saved != name:
                    raise CommandError(f"The storage saved {name} as {saved}. Nothing was restored.")


def has_paths(storage):
    try:
        storage.path("")
    except NotImplementedError:
        return False
    return True
