"""`manage.py clean_image_metadata`: removes EXIF, XMP and comments from the images already stored.

Uploads are stored re-encoded since publishing/images.py; images stored before may still carry a camera's GPS
position. Each image that any record or any version in a record's history names is re-encoded in place, under the
same name, so no row changes and every link stays valid. All of them are re-encoded first, and the originals
kept aside in a temporary folder; if replacing one fails, those already replaced are put back: nothing changes.
An image that is already clean is left alone, so running the command again changes nothing.
"""

import io
import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import models
from PIL import Image

from publishing.images import has_metadata, without_metadata


def stored_images():
    """`(storage, name)` of every image a record or a historical version of one names, in a stable order."""
    found = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.ImageField):
                continue
            # django-simple-history keeps a record's old versions, with their file names, in a model of its own.
            history = getattr(model, "history", None)
            sources = [model._base_manager, *([history.model._base_manager] if history is not None else [])]
            for manager in sources:
                names = manager.exclude(**{field.attname: ""}).values_list(field.attname, flat=True).distinct()
                found.update((field.storage, name) for name in names if name)
    return sorted(found, key=lambda item: item[1])


def needs_cleaning(data):
    try:
        with Image.open(io.BytesIO(data)) as image:
            return has_metadata(image)
    except Exception:
        return False  # not an image Pillow reads: nothing to clean in it


class Command(BaseCommand):
    help = (
        "Re-encodes every stored image that still carries EXIF (GPS position, camera), XMP or comments, in place "
        "and upright. On any error nothing is changed; images already clean are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list the images that would be cleaned.")

    def handle(self, *args, dry_run=False, **options):
        folder = Path(tempfile.mkdtemp(prefix="ibuy-clean-images-"))
        # Removed unless an original could not be put back: then it is the only copy left.
        keep_folder = False
        try:
            pending, missing = self.prepare(folder)
            for name in missing:
                self.stderr.write(f"Missing from storage, skipped: {name}")
            if dry_run:
                for _storage, name, _original, _cleaned in pending:
                    self.stdout.write(f"Would clean {name}")
                self.stdout.write(f"{len(pending)} images would be cleaned.")
                return
            keep_folder = True
            self.replace(pending, folder)
            keep_folder = False
        except CommandError as error:
            keep_folder = keep_folder and "could not be put back" in str(error)
            raise
        finally:
            if not keep_folder:
                shutil.rmtree(folder, ignore_errors=True)
        self.stdout.write(f"Cleaned {len(pending)} images; the others were already clean.")

    def prepare(self, folder):
        """Every image to clean with its original and its clean version, both written to `folder` first."""
        pending, missing = [], []
        for index, (storage, name) in enumerate(stored_images()):
            if not storage.exists(name):
                missing.append(name)
                continue
            with storage.open(name, "rb") as file:
                data = file.read()
            if not needs_cleaning(data):
                continue
            try:
                cleaned, _image_format = without_metadata(io.BytesIO(data))
            except Exception as error:
                raise CommandError(f"Could not re-encode {name}: {error}; nothing was changed.") from error
            original = folder / f"{index}.original"
            original.write_bytes(data)
            clean = folder / f"{index}.clean"
            clean.write_bytes(cleaned)
            pending.append((storage, name, original, clean))
        return pending, missing

    def replace(self, pending, folder):
        touched = []
        try:
            for storage, name, original, clean in pending:
                # Listed before it is touched: one whose delete worked and whose save failed is put back too.
                touched.append((storage, name, original))
                self.put(storage, name, clean)
        except Exception as error:
            failed = touched[-1][1]
            not_restored = []
            for storage, name, original in reversed(touched):
                try:
                    self.put(storage, name, original)
                except Exception:
                    not_restored.append(f"{name} (original: {original})")
            if not_restored:
                raise CommandError(
                    f"Could not replace {failed}: {error}; these could not be put back, their originals are in "
                    f"{folder}: {', '.join(not_restored)}"
                ) from error
            raise CommandError(f"Could not replace {failed}: {error}; every image was put back as it was.") from error

    @staticmethod
    def put(storage, name, path):
        storage.delete(name)
        stored = storage.save(name, ContentFile(path.read_bytes()))
        if stored != name:
            storage.delete(stored)
            raise OSError(f"the storage kept it as {stored}")
