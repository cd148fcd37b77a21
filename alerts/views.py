"""Following a search by e-mail: the request from a list's form, its confirmation, and unsubscribing.

No session is involved and no login: the signed link is what authorises a confirmation or an unsubscription, so
the views take POSTs without a CSRF token (a mail client's one-click unsubscribe, RFC 8058, sends none; a forged
request to subscribe can do no more than the form itself: mail a confirmation link). None of these answers is
cached: they name an address.
"""

import logging
import smtplib

from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alerts.forms import SubscribeForm
from alerts.mail import send_confirmation
from alerts.models import CONFIRM_HOURS, MAX_PENDING_PER_ADDRESS, MAX_PER_ADDRESS, Subscription
from alerts.searches import SavedSearch
from alerts.tokens import CONFIRM_SALT, UNSUBSCRIBE_SALT, subscription_for

logger = logging.getLogger(__name__)


def refused(request, form, search, message, status=400):
    context = {"form": form, "search": search, "message": message, "hours": CONFIRM_HOURS}
    return render(request, "alerts/subscribe.html", context, status=status)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    if request.method != "POST":
        # An address typed, bookmarked or reloaded: a page that says where the form is, not an empty 405.
        message = _("A search is followed from the form below any list of the portal: nothing was kept.")
        response = refused(request, SubscribeForm(), None, message, status=405)
        response["Allow"] = "POST"
        return response
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        search = None
        if not form.has_error("path"):
            search = SavedSearch.of(form.cleaned_data["path"], form.cleaned_data.get("query", ""))
        return refused(request, form, search, _("Nothing was kept: correct the address and send it again."))
    email, path = form.cleaned_data["email"], form.cleaned_data["path"]
    search = SavedSearch.of(path, form.cleaned_data["query"])
    if search is None:
        return refused(request, form, None, _("Only a list of the portal can be followed: nothing was kept."))
    query = search.query
    # The list caps its search words and accepts only known facet values, so this is a guard, not a limit one meets.
    if len(query) > Subscription._meta.get_field("query").max_length:
        return refused(request, form, None, _("This search is too long to follow: nothing was kept."))
    existing = Subscription.objects.filter(email=email, path=path, query=query).first()
    if existing is not None and existing.is_expired:
        existing.delete()
        existing = None
    if existing is None:
        of_address = Subscription.objects.of_address(email).exclude(pk__in=Subscription.objects.expired())
        counts = {"all": 0, "pending": 0}
        for confirmed_at in of_address.values_list("confirmed_at", flat=True):
            counts["all"] += 1
            counts["pending"] += confirmed_at is None
        if counts["all"] >= MAX_PER_ADDRESS:
            message = _("This address already follows %(count)d searches, the most one address may: nothing was kept.")
            return refused(request, form, search, message % {"count": MAX_PER_ADDRESS})
        if counts["pending"] >= MAX_PENDING_PER_ADDRESS:
            message = _(
                "This address already has %(count)d requests waiting for confirmation: confirm them from the "
                "messages sent to it, or wait until they expire, then ask again. Nothing was kept."
            )
            return refused(request, form, search, message % {"count": MAX_PENDING_PER_ADDRESS})
        try:
            with transaction.atomic():
                subscription = Subscription.objects.create(email=email, path=path, query=query)
                # A message that cannot be sent undoes the request: nothing is kept that nobody can confirm.
                send_confirmation(subscription, search.title)
        except IntegrityError:
            pass  # the same request, sent twice at once: the first one's confirmation is on its way
        except (smtplib.SMTPException, OSError):
            logger.exception("Could not send the confirmation of a followed search")
            message = _("The confirmation could not be sent just now, so nothing was kept: try again later.")
            return refused(request, form, search, message, status=503)
    context = {"email": email, "search": search, "hours": CONFIRM_HOURS}
    return render(request, "alerts/subscribe_sent.html", context)


def link_unusable(request, status=404):
    return render(request, "alerts/link_unusable.html", status=status)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    subscription = subscription_for(token, CONFIRM_SALT)
    if subscription is None:
        return link_unusable(request)
    if subscription.is_expired:
        subscription.delete()
        return link_unusable(request)
    search = SavedSearch.of(subscription.path, subscription.query)
    if request.method == "POST" and not subscription.is_confirmed:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    context = {"subscription": subscription, "search": search, "token": token}
    return render(request, "alerts/confirm.html", context)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    subscription = subscription_for(token, UNSUBSCRIBE_SALT)
    if request.method == "POST":
        # One click from the mail client: no page to read, so a link already used answers the same.
        if subscription is not None:
            subscription.delete()
        return render(request, "alerts/unsubscribed.html")
    if subscription is None:
        return link_unusable(request)
    search = SavedSearch.of(subscription.path, subscription.query)
    context = {"subscription": subscription, "search": search, "token": token}
    return render(request, "alerts/unsubscribe.html", context)
