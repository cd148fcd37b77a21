"""Sends each confirmed follower one digest of the records published in their search since their last one, and
deletes the requests never confirmed in time. Run it from cron or a systemd timer (README: E-mail alerts).

Running it again sends nothing twice: a digest covers the records published up to the moment the run started,
and the subscription remembers that moment with the message, in the same transaction. A subscription another
run is sending (a row lock) waits for it.
"""

import logging

from django.core.mail import get_connection
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from alerts.mail import send_digest
from alerts.models import Subscription
from alerts.searches import SavedSearch

logger = logging.getLogger(__name__)

# A digest names at most this many records, the newest; the rest it counts, with the link to the whole search.
DIGEST_SIZE = 30


class Command(BaseCommand):
    help = "Sends the e-mail digests of followed searches and deletes unconfirmed requests that expired."

    def handle(self, *args, **options):
        until = timezone.now()
        expired, _ = Subscription.objects.expired(until).delete()
        sent = failed = 0
        # One connection to the mail server for the run, opened at the first digest (none, no connection).
        connection = get_connection()
        try:
            for pk in Subscription.objects.confirmed().order_by("pk").values_list("pk", flat=True):
                try:
                    sent += self.send_one(pk, until, connection)
                except Exception:
                    # A server that refuses one address, or is down, stops nothing; the digest is tried next run.
                    logger.exception("Could not send the digest of followed search %s", pk)
                    failed += 1
        finally:
            connection.close()
        self.stdout.write(f"{sent} digest(s) sent, {failed} failed, {expired} expired request(s) deleted.")

    @staticmethod
    def send_one(pk, until, connection):
        with transaction.atomic():
            subscription = Subscription.objects.select_for_update().filter(pk=pk).first()
            if subscription is None or subscription.last_sent_at and subscription.last_sent_at >= until:
                return 0
            search = SavedSearch.of(subscription.path, subscription.query)
            if search is None:
                # The list no longer exists at that address: nothing can match any more.
                return 0
            records = search.published_between(subscription.since, until)
            newest = list(records[: DIGEST_SIZE + 1])
            if not newest:
                return 0
            more = records.count() - DIGEST_SIZE if len(newest) > DIGEST_SIZE else 0
            connection.open()
            send_digest(subscription, search.title, newest[:DIGEST_SIZE], more=more, connection=connection)
            subscription.last_sent_at = until
            subscription.save(update_fields=["last_sent_at"])
        return 1
