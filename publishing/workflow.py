"""The publication workflow in one place: which steps a record may take, who may take each, and what is kept.

Editors (staff of a partner) write drafts and submit them; the secretariat (`publishing.access.is_secretariat`)
publishes, sends back with a comment, archives and restores, and may also do what an editor does. Every step is
kept as a `Transition` row (who, when, from, to, comment), and the record's own history (django-simple-history)
gets a revision whose change reason names the step.

Choices made here:
- The secretariat may publish a draft directly (reviewing its own draft again would add nothing).
- A change an editor makes to a published record is not saved on the record: it waits as a `PendingChange`
  until the secretariat publishes it (by saving the change form, which shows it), sends it back or discards it.
- Deleting by anyone but a superuser archives the record (`soft_delete`); "Restore" makes it a draft again.
- Every step compares the version the user saw (`version_of`) with the stored one and refuses if it changed,
  so that nobody acts on a record they have not seen in its current state.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import formats, timezone

from publishing.access import is_secretariat, partner_of
from publishing.models import PendingChange, Status, Step, Transition


class WorkflowError(Exception):
    """A step that may not be taken now or by this user; the message says why, in words for the user."""


class StaleVersion(WorkflowError):
    """The record changed after the user opened it."""


@dataclass(frozen=True)
class Rule:
    step: Step
    label: str
    sources: frozenset
    target: Status | None  # None: the status stays (steps on a prepared change)
    secretariat_only: bool = True
    needs_comment: bool = False
    needs_pending: bool = False


RULES = {
    rule.step: rule
    for rule in [
        Rule(Step.SUBMIT, "Submit for review", frozenset({Status.DRAFT}), Status.SUBMITTED, secretariat_only=False),
        Rule(
            Step.WITHDRAW, "Withdraw from review", frozenset({Status.SUBMITTED}), Status.DRAFT, secretariat_only=False
        ),
        Rule(Step.PUBLISH, "Publish", frozenset({Status.DRAFT, Status.SUBMITTED}), Status.PUBLISHED),
        Rule(Step.SEND_BACK, "Send back", frozenset({Status.SUBMITTED}), Status.DRAFT, needs_comment=True),
        Rule(Step.ARCHIVE, "Archive", frozenset({Status.PUBLISHED}), Status.ARCHIVED),
        Rule(Step.RESTORE, "Restore", frozenset({Status.ARCHIVED}), Status.DRAFT),
        Rule(
            Step.SEND_BACK_CHANGE,
            "Send the prepared change back",
            frozenset({Status.PUBLISHED}),
            None,
            needs_comment=True,
            needs_pending=True,
        ),
        Rule(
            Step.DISCARD_CHANGE,
            "Discard the prepared change",
            frozenset(Status.values),
            None,
            secretariat_only=False,
            needs_pending=True,
        ),
    ]
}


def is_editor(user):
    """A partner's staff member who is not the secretariat: writes and submits, does not publish."""
    return user.is_active and user.is_staff and partner_of(user) is not None and not is_secretariat(user)


def may_take(user, rule):
    return is_secretariat(user) if rule.secretariat_only else is_secretariat(user) or is_editor(user)


def prepares_changes(user, record):
    """Whether this user's save of this record waits for review instead of changing what the public sees."""
    return record.pk is not None and record.status == Status.PUBLISHED and not is_secretariat(user)


def pending_change(record, lock=False):
    queryset = PendingChange.objects.for_record(record).select_related("author")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.first()


def available_rules(record, user, pending=None):
    """The steps this user may take on the record now, in the order the change form shows their buttons."""
    return [
        rule
        for rule in RULES.values()
        if record.status in rule.sources
        and may_take(user, rule)
        and (pending is not None or not rule.needs_pending)
        and not (rule.step == Step.SEND_BACK_CHANGE and pending is not None and pending.sent_back)
    ]


def version_of(record, pending=None):
    """A token for the state a user sees: the record's last save and the change waiting for review, if any."""
    token = record.updated.isoformat()
    if pending is not None:
        token += f"|{pending.pk}@{pending.updated.isoformat()}"
    return token


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def last_change(record, pending=None):
    """Who made the stored state of the record, and when, in words."""
    if pending is not None and pending.updated >= record.updated:
        return f"{pending.author or 'a removed account'} prepared a change on {_when(pending.updated)}"
    revision = record.history.select_related("history_user").first()
    who = revision.history_user if revision and revision.history_user else "someone"
    return f"{who} changed it on {_when(record.updated)}"


def lock(record):
    """The record and its waiting change as stored now, locked until the transaction ends (where supported)."""
    manager = type(record)._default_manager
    return manager.select_for_update(of=("self",)).get(pk=record.pk), pending_change(record, lock=True)


def check_version(record, version):
    """Refuses (StaleVersion) if the record or its waiting change is not as it was when `version` was read.

    Call inside a transaction: the rows stay locked until it ends, so nobody changes them in between.
    Returns the locked record and its waiting change.
    """
    current, pending = lock(record)
    if version is not None and version != version_of(current, pending):
        raise StaleVersion(
            f"“{current}” was changed after you opened it: {last_change(current, pending)}. "
            "Nothing of yours was saved, and the other change is kept. What you typed is still in the form: "
            "copy what you need, reload the page to see the current version, and make your change again."
        )
    return current, pending


def _record_step(record, rule_or_step, user, from_status, to_status, comment=""):
    step = rule_or_step.step if isinstance(rule_or_step, Rule) else rule_or_step
    return Transition.objects.create(
        record=record, step=step, from_status=from_status, to_status=to_status, comment=comment, by=user
    )


def _set_status(record, status, user, reason):
    record.status = status
    record._history_user = user
    record._change_reason = reason
    record.save(update_fields=["status"])


@transaction.atomic
def take(record, step, user, comment="", version=None):
    """Takes a workflow step on the record for the user, or raises WorkflowError saying why not.

    `record` is updated in place. Returns the Transition kept for it.
    """
    rule = RULES.get(step)
    if rule is None:
        raise WorkflowError("This is not a step of the publication workflow.")
    if not may_take(user, rule):
        raise WorkflowError(f"Only the secretariat can {rule.label.lower()}.")
    current, pending = check_version(record, version)
    if current.status not in rule.sources:
        raise WorkflowError(f"“{current}” is {current.get_status_display().lower()}: it cannot {rule.label.lower()}.")
    comment = comment.strip()
    if rule.needs_comment and not comment:
        raise WorkflowError("Write a comment for the editor: say what to change before it can be published.")
    if rule.needs_pending and pending is None:
        raise WorkflowError(f"“{current}” has no change waiting for review.")

    from_status = current.status
    if rule.step == Step.SEND_BACK_CHANGE:
        pending.sent_back = True
        pending.save()
    elif rule.step == Step.DISCARD_CHANGE:
        pending.delete()
    else:
        _set_status(current, rule.target, user, rule.label)
    record.status, record.updated = current.status, current.updated
    return _record_step(record, rule, user, from_status, current.status, comment)


@transaction.atomic
def soft_delete(record, user):
    """Deleting by anyone but a superuser: the record is archived (no longer public) and can be restored."""
    current, _pending = lock(record)
    if current.status == Status.ARCHIVED:
        return None
    from_status = current.status
    _set_status(current, Status.ARCHIVED, user, "Deleted (archived)")
    record.status, record.updated = current.status, current.updated
    return _record_step(record, Step.DELETE, user, from_status, Status.ARCHIVED)


def prepare_change(record, user, data):
    """Keeps an editor's change to a published record aside, waiting for review; the record is not touched.

    `data` is the posted form data as {name: [values]}, holding only the fields the editor's form offers
    (`publishing.workflow_admin.pending.editable_data`). Call inside the transaction that checked the version (the
    admin's change view is one).
    """
    pending = pending_change(record, lock=True) or PendingChange(record=record)
    pending.author, pending.data, pending.sent_back = user, data, False
    pending.save()
    _record_step(record, Step.PREPARE_CHANGE, user, record.status, record.status)
    return pending


def apply_pending(record, user, pending_id):
    """After a direct save of a form that showed the waiting change: the change is now on the record, so the
    waiting copy goes. On a published record that is the secretariat publishing it, and the notes say so."""
    pending = pending_change(record, lock=True)
    if pending is None or str(pending.pk) != str(pending_id):
        return None
    pending.delete()
    if record.status == Status.PUBLISHED:
        return _record_step(record, Step.PUBLISH_CHANGE, user, record.status, record.status)
    return None
