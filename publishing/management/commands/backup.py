"""`manage.py backup`: every record and every uploaded file in one archive (see publishing/backup.py)."""

import datetime

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS
from django.template.defaultfilters import filesizeformat

from publishing.backup import create_backup
from publishing.progress import Progress


class Command(BaseCommand):
    help = (
        "Writes a full backup (every record of every app, every uploaded file, a manifest with checksums) to one "
        ".tar.gz archive; `manage.py restore` reads it back into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Where to write the archive (default: backups/ibuy-<date>-<time>.tar.gz in the current folder).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to back up.")

    def handle(self, *args, output=None, database=DEFAULT_DB_ALIAS, **options):
        now = datetime.datetime.now(datetime.UTC)
        output = output or f"backups/ibuy-{now:%Y%m%d-%H%M%S}.tar.gz"
        manifest = create_backup(output, using=database, progress=Progress.for_command(self))
        records = sum(manifest["counts"].values())
        size = sum(file["size"] for file in manifest["files"].values())
        self.stdout.write(
            f"Backed up {records} records of {len(manifest['counts'])} models and {len(manifest['files'])} files "
            f"({filesizeformat(size).replace(chr(160), ' ')}) to {output}."
        )
