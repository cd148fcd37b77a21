"""Synthetic good practices, reports and study visits at a chosen size, for load tests and demonstrations.

    python manage.py generate_demo_data --practices 10000 --reports 3000 --visits 500
    python manage.py generate_demo_data --remove

Every record is marked as synthetic (slug `demo-`, title "Demo: ", source "Synthetic demo data") and written to
the database only, never to `fixtures/`. The command runs in one transaction: on any error it changes nothing and
says why. See demo.synthetic.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from demo import synthetic
from publishing.progress import Progress
from publishing.signals import content_written_in_bulk


def size(text):
    try:
        value = int(text)
    except ValueError:
        raise CommandError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise CommandError(f"sizes cannot be negative (got {value})")
    if value > synthetic.MAX_SIZE:
        raise CommandError(f"{value} is more than the {synthetic.MAX_SIZE} records of one kind this command makes")
    return value


class Command(BaseCommand):
    help = (
        "Create synthetic (invented, clearly marked) good practices, reports and study visits to measure the portal "
        "at scale, or remove them all with --remove. Runs in one transaction: on error nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--practices", type=str, default="0", help="Good practices to create (default 0).")
        parser.add_argument("--reports", type=str, default="0", help="Reports to create (default 0).")
        parser.add_argument("--visits", type=str, default="0", help="Study visits to create (default 0).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same data.")
        parser.add_argument(
            "--replace", action="store_true", help="Remove the synthetic data already there before creating."
        )
        parser.add_argument(
            "--remove", action="store_true", help="Remove every synthetic record, and nothing else; create none."
        )

    def handle(self, *args, **options):
        sizes = {kind: size(options[kind]) for kind in ("practices", "reports", "visits")}
        if options["remove"] and (any(sizes.values()) or options["replace"]):
            raise CommandError("--remove creates nothing: give it no sizes and no --replace")
        if not options["remove"] and not any(sizes.values()):
            raise CommandError("nothing to create: give --practices, --reports or --visits (or --remove)")
        started = time.monotonic()
        try:
            with transaction.atomic():
                # Bulk inserts send no per-row signal: this one has the cached public pages emptied once it is done.
                content_written_in_bulk.send(sender=self.__class__)
                transaction.on_commit(synthetic.vacuum)
                found = synthetic.existing()
                if options["remove"]:
                    removed = synthetic.remove()
                    message = f"Removed {removed}." if any(vars(found).values()) else "No synthetic data to remove."
                else:
                    if any(vars(found).values()):
                        if not options["replace"]:
                            raise CommandError(
                                f"synthetic data is already there ({found}): add --replace to remove it first, "
                                "or run --remove"
                            )
                        synthetic.remove()
                    created = synthetic.build(**sizes, seed=options["seed"], progress=Progress.for_command(self))
                    message = f"Created {created}, all marked as synthetic (slug 'demo-', title 'Demo: ')."
        except DatabaseError as error:
            raise CommandError(f"the database refused the change, so nothing was changed: {error}") from error
        self.stdout.write(f"{message} ({time.monotonic() - started:.1f} s)")
