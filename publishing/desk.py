"""The staff member's desk on the admin's first page: what waits for whom.

An editor sees their partner's records by state (drafts, sent back with the reviewer's comment, waiting for review,
published, archived); the secretariat sees the queue of submitted records and waiting changes of every partner,
oldest first. Records are found through each partner-owned model's QuerySet verbs (`for_partner`, `published`),
and everything a line shows (last step, last change, waiting change, published revision) is annotated onto the
same query, so the desk costs a fixed number of queries however many records there are.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.http import urlencode

from publishing.access import is_partner_owned, is_secretariat, owner_field_of, partner_of
from publishing.models import PendingChange, PublishableModel, Status, Step, Transition

# Published and archived records are many and rarely need attention: the desk shows the latest few of each.
RECENT_SHOWN = 10


def desk_models(admin_site=admin.site):
    """The partner-owned publishable models that have an admin, in the admin's order (app, then name)."""
    found = [
        model
        for model in apps.get_models()
        if issubclass(model, PublishableModel) and is_partner_owned(model) and admin_site.is_registered(model)
    ]
    return sorted(found, key=lambda model: (model._meta.app_config.verbose_name, model._meta.verbose_name))


@dataclass
class DeskLine:
    record: object
    kind: str
    url: str
    last_change_at: datetime
    last_change_by: str
    comment: str = ""
    compare_url: str = ""
    waiting_change: bool = False
    waiting_since: datetime | None = None
    partners: list = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    empty: str
    lines: list = field(default_factory=list)
    count: int | None = None  # None: every line is shown, so the count is len(lines)

    @property
    def total(self):
        return len(self.lines) if self.count is None else self.count


def annotated(queryset):
    """The records with their last step, last revision, waiting change and last published revision, in one query."""
    model = queryset.model
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    steps = Transition.objects.filter(content_type=content_type, object_id=OuterRef("pk")).order_by("-at", "-pk")
    pending = PendingChange.objects.filter(content_type=content_type, object_id=OuterRef("pk"))
    revisions = model.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date", "-history_id")
    return queryset.annotate(
        last_step=Subquery(steps.values("step")[:1]),
        last_step_at=Subquery(steps.values("at")[:1]),
        last_comment=Subquery(steps.values("comment")[:1]),
        last_revision_by=Subquery(revisions.values("history_user__username")[:1]),
        last_revision=Subquery(revisions.values("history_id")[:1]),
        published_revision=Subquery(revisions.filter(status=Status.PUBLISHED).values("history_id")[:1]),
        has_pending=Exists(pending),
        pending_sent_back=Subquery(pending.values("sent_back")[:1]),
        pending_updated=Subquery(pending.values("updated")[:1]),
        pending_author=Subquery(pending.values("author__username")[:1]),
    )


def with_owners(queryset):
    """Loads the partners who own each record along with it (one query more for a many-to-many owner)."""
    name = owner_field_of(queryset.model)
    if name is None:
        return queryset
    if queryset.model._meta.get_field(name).many_to_many:
        return queryset.prefetch_related(name)
    return queryset.select_related(name)


def owners_of(record):
    name = owner_field_of(type(record))
    if name is None:
        return [record]
    value = getattr(record, name)
    if hasattr(value, "all"):
        return list(value.all())
    return [value] if value is not None else []


def admin_url(record, name):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[record.pk])


def line_for(record, with_partners=False):
    """One line of the desk: the record, its last change and who made it, and where to look at it (and whose it
    is, for a queryset `with_owners`)."""
    change_url = admin_url(record, "change")
    line = DeskLine(
        record=record,
        kind=record._meta.verbose_name,
        url=change_url,
        last_change_at=record.updated,
        last_change_by=record.last_revision_by or "",
        partners=owners_of(record) if with_partners else [],
    )
    if record.has_pending:
        # The change form shows the waiting change in place of the published version, with its author.
        line.waiting_change = True
        line.compare_url = change_url
        line.waiting_since = record.pending_updated
        if record.pending_updated >= record.updated:
            line.last_change_at, line.last_change_by = record.pending_updated, record.pending_author or ""
    elif record.status in (Status.DRAFT, Status.SUBMITTED) and record.published_revision:
        # Once public, then back to a draft: what would change on the public page if it were published again.
        query = urlencode({"old": record.published_revision, "new": record.last_revision})
        line.compare_url = f"{admin_url(record, 'history_compare')}?{query}"
    if record.status == Status.SUBMITTED:
        line.waiting_since = record.last_step_at or record.updated
    if is_sent_back(record) and record.last_step in (Step.SEND_BACK, Step.SEND_BACK_CHANGE):
        line.comment = record.last_comment or ""
    return line


def is_sent_back(record):
    if record.has_pending:
        return bool(record.pending_sent_back)
    return record.status == Status.DRAFT and record.last_step == Step.SEND_BACK


def editor_desk(partner, models):
    """A partner's records by state, for its editors."""
    sections = {
        "drafts": Section("drafts", "Drafts", "No drafts."),
        "sent_back": Section("sent_back", "Sent back to you", "Nothing was sent back."),
        "waiting": Section("waiting", "Waiting for review", "Nothing waits for the secretariat."),
        "published": Section("published", "Published", "Nothing is published yet.", count=0),
        "archived": Section("archived", "Archived", "Nothing is archived.", count=0),
    }
    for model in models:
        own = model._default_manager.for_partner(partner)
        active = annotated(own).filter(Q(status__in=[Status.DRAFT, Status.SUBMITTED]) | Q(has_pending=True))
        for record in active.order_by("-updated"):
            if is_sent_back(record):
                sections["sent_back"].lines.append(line_for(record))
            elif record.has_pending or record.status == Status.SUBMITTED:
                sections["waiting"].lines.append(line_for(record))
            else:
                sections["drafts"].lines.append(line_for(record))
        counts = dict(own.order_by().values_list("status").annotate(count=Count("pk", distinct=True)))
        for key, status, records in [
            ("published", Status.PUBLISHED, own.published()),
            ("archived", Status.ARCHIVED, own.filter(status=Status.ARCHIVED)),
        ]:
            sections[key].count += counts.get(status, 0)
            sections[key].lines += [
                line_for(record) for record in annotated(records).order_by("-updated")[:RECENT_SHOWN]
            ]
    for key in ("published", "archived"):
        lines = sorted(sections[key].lines, key=lambda line: line.last_change_at, reverse=True)
        sections[key].lines = lines[:RECENT_SHOWN]
    return list(sections.values())


def review_queue(models):
    """Submitted records and waiting changes of every partner, oldest first, for the secretariat."""
    lines = []
    for model in models:
        waiting = annotated(model._default_manager.all()).filter(
            Q(status=Status.SUBMITTED) | Q(has_pending=True, pending_sent_back=False)
        )
        lines += [line_for(record, with_partners=True) for record in with_owners(waiting)]
    return sorted(lines, key=lambda line: line.waiting_since)


def desk_for(user, admin_site=admin.site):
    """What the desk shows this user: {"queue": [...]} for the secretariat, {"partner", "sections"} for an editor,
    None for staff with neither role."""
    models = desk_models(admin_site)
    if is_secretariat(user):
        return {"queue": review_queue(models)}
    partner = partner_of(user)
    if partner is None:
        return None
    return {"partner": partner, "sections": editor_desk(partner, models)}
