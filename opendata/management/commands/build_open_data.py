from django.core.management.base import BaseCommand

from opendata import bulk


class Command(BaseCommand):
    help = (
        "Builds the bulk download (/open-data/ibuy-data.zip) of the current content now, instead of on the first "
        "request after a change."
    )

    def handle(self, *args, **options):
        path = bulk.build()
        self.stdout.write(f"Built {path} ({path.stat().st_size} bytes).")
