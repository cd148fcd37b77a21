"""Word when a record moves: an e-mail for each workflow step someone else should know about.

publishing.workflow writes a `Transition` row for every step; a receiver here sends the step's messages once the
step's transaction has committed, through Django's e-mail framework (EMAIL_BACKEND: console in development, SMTP in
production, the in-memory outbox in tests). A message that cannot be sent is logged and changes nothing: the step
is already done and stays done.

Who hears of what:
- submitted for review, and a change to a published record prepared for review: the secretariat (once per
  change: saving a waiting change again, before anyone reviewed it, tells nobody again);
- sent back (a record or a prepared change, with the reviewer's comment), published (a record or a prepared
  change), archived (also by deleting): the editors of the partners that own the record.
Withdrawing, restoring and discarding a prepared change tell nobody: the one who acted is the one concerned.

Never the one who acted: a step a user takes on their own record alone, with nobody else on that side of the
review, sends nothing at all (an editor publishing nothing, a secretariat member archiving a record of the lead
partner whose only other staff is themselves). Anyone can turn these messages off (NotificationPreference).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse

from publishing.access import is_secretariat, partner_of, with_partners
from publishing.desk import owners_of
from publishing.models import Step, Transition

logger = logging.getLogger(__name__)

TO_SECRETARIAT = {Step.SUBMIT, Step.PREPARE_CHANGE}
TO_EDITORS = {Step.SEND_BACK, Step.SEND_BACK_CHANGE, Step.PUBLISH, Step.PUBLISH_CHANGE, Step.ARCHIVE, Step.DELETE}

# What the subject line says happened, per step.
HAPPENED = {
    Step.SUBMIT: "submitted for review",
    Step.PREPARE_CHANGE: "a change waits for review",
    Step.SEND_BACK: "sent back",
    Step.SEND_BACK_CHANGE: "change sent back",
    Step.PUBLISH: "published",
    Step.PUBLISH_CHANGE: "change published",
    Step.ARCHIVE: "archived",
    Step.DELETE: "archived",
}


def staff_who_want_mail():
    """Active staff with an address who have not turned the workflow's messages off."""
    return with_partners(
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .exclude(email="")
        .exclude(notification_preference__workflow_email=False)
    )


def recipients_of(transition, record):
    """The accounts told of this step, never the one who took it."""
    step = Step(transition.step)
    if step == Step.PREPARE_CHANGE and is_saved_again(transition):
        return []
    if step in TO_SECRETARIAT:
        chosen = [user for user in staff_who_want_mail() if is_secretariat(user)]
    elif step in TO_EDITORS:
        owners = {owner.pk for owner in owners_of(record)}
        chosen = [
            user
            for user in staff_who_want_mail()
            # Ownership first: it is read from the loaded partner, while asking for a permission may cost queries.
            if partner_of(user) is not None and partner_of(user).pk in owners and not is_secretariat(user)
        ]
    else:
        chosen = []
    return [user for user in chosen if user.pk != transition.by_id]


def is_saved_again(transition):
    """Whether this prepared change only re-saves one the secretariat was already told of (nothing in between)."""
    earlier = Transition.objects.filter(content_type=transition.content_type_id, object_id=transition.object_id)
    previous = earlier.filter(pk__lt=transition.pk).order_by("-pk").first()
    return previous is not None and previous.step == Step.PREPARE_CHANGE


def absolute_url(path):
    """An address to put in an e-mail: PORTAL_BASE_URL (the portal's public origin) and the path."""
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


def record_url(record):
    opts = record._meta
    try:
        return absolute_url(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]))
    except NoReverseMatch:
        return ""


def message_for(transition, record, recipient):
    who = (transition.by.get_full_name() or transition.by.username) if transition.by else "A removed account"
    kind = record._meta.verbose_name
    subject = f"[iBuy portal] {kind.capitalize()} “{record}”: {HAPPENED[Step(transition.step)]}"
    lines = [
        f"Hello {recipient.get_full_name() or recipient.username},",
        "",
        f"{who} took a step on the {kind} “{record}”: {transition.get_step_display().lower()} "
        f"({transition.get_from_status_display().lower()} → {transition.get_to_status_display().lower()}).",
    ]
    if transition.comment:
        lines += ["", "Their comment:", "", transition.comment]
    url = record_url(record)
    if url:
        lines += ["", f"Open it in the admin: {url}"]
    lines += [
        "",
        "--",
        "You get this because you work on the iBuy portal. To stop these messages, untick "
        f"“E-mail me about workflow steps” at {absolute_url(reverse('email-settings'))}",
    ]
    return EmailMessage(subject=subject, body="\n".join(lines), to=[recipient.email])


def send_step_messages(transition_pk):
    """Sends the messages of one step. Called after the step committed; never raises."""
    try:
        transition = Transition.objects.select_related("by", "content_type").get(pk=transition_pk)
        record = transition.record
        if record is None:
            return
        messages = [message_for(transition, record, user) for user in recipients_of(transition, record)]
        if messages:
            get_connection(fail_silently=False).send_messages(messages)
    except Exception:
        # The step is done and committed whatever happens to the mail; say what was lost, and carry on.
        logger.exception("Could not send the e-mails of review note #%s; the step itself is done", transition_pk)


@receiver(post_save, sender=Transition, dispatch_uid="publishing_notify_workflow_step")
def notify_after_commit(sender, instance, created, raw=False, **kwargs):
    if created and not raw and Step(instance.step) in TO_SECRETARIAT | TO_EDITORS:
        transaction.on_commit(lambda: send_step_messages(instance.pk), robust=True)
