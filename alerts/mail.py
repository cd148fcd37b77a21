"""The two messages a follower gets: the confirmation of a request, and a digest of what is new.

Sent through Django's e-mail framework (EMAIL_BACKEND: console in development, SMTP in production); the links are
absolute, on PORTAL_BASE_URL. Every digest carries a one-click unsubscribe (RFC 8058): the List-Unsubscribe header
names the unsubscribe address, and List-Unsubscribe-Post lets the mail client POST to it without a page.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from alerts.models import CONFIRM_HOURS
from alerts.tokens import confirm_token, unsubscribe_token


def absolute(path):
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def unsubscribe_url(subscription):
    return absolute(reverse("alerts:unsubscribe", args=[unsubscribe_token(subscription)]))


def send_confirmation(subscription, title, connection=None):
    context = {
        "title": title,
        "search_url": absolute(subscription.search_path),
        "confirm_url": absolute(reverse("alerts:confirm", args=[confirm_token(subscription)])),
        "hours": CONFIRM_HOURS,
    }
    message = EmailMessage(
        subject=_("iBuy: confirm that you want to follow “%(search)s”") % {"search": title},
        body=render_to_string("alerts/mail_confirm.txt", context),
        to=[subscription.email],
        connection=connection,
    )
    message.send()


def send_digest(subscription, title, records, more=0, connection=None):
    unsubscribe = unsubscribe_url(subscription)
    context = {
        "title": title,
        "search_url": absolute(subscription.search_path),
        "records": [(str(record), absolute(record.get_absolute_url())) for record in records],
        "more": more,
        "count": len(records) + more,
        "unsubscribe_url": unsubscribe,
    }
    message = EmailMessage(
        subject=_("iBuy: new in “%(search)s”") % {"search": title},
        body=render_to_string("alerts/mail_digest.txt", context),
        to=[subscription.email],
        connection=connection,
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.send()
