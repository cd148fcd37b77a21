"""`manage.py restore PATH`: a backup made by `manage.py backup`, into an empty, migrated database."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from publishing.backup import restore_backup
from publishing.progress import Progress


class Command(BaseCommand):
    help = (
        "Restores a backup made by `manage.py backup` into an empty database migrated to the backup's state, and its "
        "files into an empty media storage. Everything is checked first; on any error nothing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup archive (.tar.gz).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to restore into.")

    def handle(self, *args, path, database=DEFAULT_DB_ALIAS, **options):
        manifest = restore_backup(path, using=database, progress=Progress.for_command(self))
        records = sum(manifest["counts"].values())
        self.stdout.write(
            f"Restored {records} records of {len(manifest['counts'])} models and {len(manifest['files'])} files "
            f"from {path} (backed up {manifest.get('created', 'at an unknown time')})."
        )
