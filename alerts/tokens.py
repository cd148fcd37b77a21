"""The links mailed to a follower, signed with the portal's secret (django.core.signing): nothing to store.

A link names the subscription and its random key, so it stops working once the row is deleted, and cannot be
made for another row. A confirmation link expires after CONFIRM_HOURS; an unsubscribe link works for as long as
the subscription does.
"""

import datetime

from django.core import signing

from alerts.models import CONFIRM_HOURS, Subscription

CONFIRM_SALT = "alerts.confirm"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"


def make_token(subscription, salt):
    return signing.dumps([subscription.pk, subscription.key], salt=salt, compress=False)


def confirm_token(subscription):
    return make_token(subscription, CONFIRM_SALT)


def unsubscribe_token(subscription):
    return make_token(subscription, UNSUBSCRIBE_SALT)


def subscription_for(token, salt):
    """The subscription the token names, or None when the token is forged, expired or its row is gone."""
    max_age = datetime.timedelta(hours=CONFIRM_HOURS) if salt == CONFIRM_SALT else None
    try:
        pk, key = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(key, str):
        return None
    return Subscription.objects.filter(pk=pk, key=key).first()
