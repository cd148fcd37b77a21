"""A visitor's followed search: an address and a list's filter, nothing else about them (no name, no IP address).

A request waits for its confirmation by the link mailed to the address (double opt-in) and expires after
CONFIRM_HOURS; only confirmed subscriptions get digests. Unsubscribing deletes the row.
"""

import datetime
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CONFIRM_HOURS = 48
# Against using the form to flood someone's mailbox: searches one address may follow, and requests that may
# wait for confirmation at once.
MAX_PER_ADDRESS = 20
MAX_PENDING_PER_ADDRESS = 3


def new_key():
    return secrets.token_urlsafe(12)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def pending(self):
        return self.filter(confirmed_at__isnull=True)

    def expired(self, now=None):
        """Requests never confirmed within CONFIRM_HOURS: their link no longer works, and they are deleted."""
        now = now or timezone.now()
        return self.pending().filter(created__lt=now - datetime.timedelta(hours=CONFIRM_HOURS))

    def of_address(self, email):
        return self.filter(email__iexact=email)


class Subscription(models.Model):
    email = models.EmailField(_("e-mail address"), max_length=254)
    # The list's address and its accepted filter, normalised (publishing.feeds.saved_query): the saved search.
    path = models.CharField(max_length=200)
    query = models.CharField(max_length=2000, blank=True)
    # Random, part of every signed link (alerts.tokens): a link names this row, never one made later in its place.
    key = models.CharField(max_length=32, default=new_key, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["email", "path", "query"]
        verbose_name = _("followed search")
        verbose_name_plural = _("followed searches")
        constraints = [
            models.UniqueConstraint(fields=["email", "path", "query"], name="alerts_subscription_one_per_search"),
        ]
        indexes = [models.Index(fields=["email"], name="alerts_subscription_email")]

    def __str__(self):
        return f"{self.email}: {self.search_path}"

    @property
    def search_path(self):
        return f"{self.path}?{self.query}" if self.query else self.path

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def is_expired(self):
        return not self.is_confirmed and self.created < timezone.now() - datetime.timedelta(hours=CONFIRM_HOURS)

    @property
    def since(self):
        """Records published after this moment are new to the follower."""
        return self.last_sent_at or self.confirmed_at
