"""What every public content record of the portal shares: a slug, a publication status, timestamps, a source.

The rule "only published records are public" lives here, in `PublishableQuerySet.published()`, and every
public view starts from it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import QueryDict
from django.utils import timezone


class Status(models.TextChoices):
    """Where a record is in the publication workflow: editors write and submit, the secretariat publishes."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


def published_through(path):
    """The condition "only published is public" for records reached through the relation `path` ("practice",
    "action__action_plan"), for filters and counts across a relation; `published()` is the same on a queryset."""
    return models.Q(**{f"{path}__status": Status.PUBLISHED})


class PublishableQuerySet(models.QuerySet):
    """Public views start from `published()` and load the related rows their page shows with one verb:
    `for_page()` for an item's page, `for_list()` for the cards of a list (and its exports). Each app's
    QuerySet overrides the two; by default a page shows no related rows."""

    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def for_page(self):
        return self

    def for_list(self):
        return self

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def first_with_total(self, count):
        """The first `count` records and how many there are in all, in one query (the number as a subquery the
        database computes once; a window count would carry every wide row to the limit): a page naming a partner's
        records shows a few and links to the rest, whatever their number."""
        number = models.Func(models.F("pk"), function="COUNT")
        total = models.Subquery(self.order_by().annotate(n=number).values("n"), output_field=models.IntegerField())
        rows = list(self.annotate(total_rows=total)[:count])
        return rows, rows[0].total_rows if rows else 0


class SourceQuerySet(models.QuerySet):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class Source(models.Model):
    """A document or public page that facts in the portal come from, so that a reader can check them."""

    key = models.SlugField(max_length=80, unique=True, help_text="A short stable name, used by the fixtures.")
    title = models.CharField(max_length=300, help_text="The document or page, as a reader would cite it.")
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField("address", max_length=500, blank=True, help_text="Empty for a document with no address.")
    note = models.TextField(blank=True, help_text="Where to find it if it has no address, or how far to trust it.")

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.publisher else self.title

    def natural_key(self):
        return (self.key,)


class SourcedModel(models.Model):
    """A record whose facts come from one or more sources."""

    sources = models.ManyToManyField(Source, blank=True, related_name="%(app_label)s_%(class)s_records")

    class Meta:
        abstract = True


class PublishableModel(SourcedModel):
    slug = models.SlugField(max_length=120, unique=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT, db_index=True)
    # Plain defaults, not auto_now_add: fixtures carry their own timestamps, so loading them twice changes nothing.
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(default=timezone.now, editable=False)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            # Fixtures bypass form validation, so the database itself refuses an unknown status.
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="%(app_label)s_%(class)s_status_valid"
            ),
        ]

    def save(self, *args, **kwargs):
        self.updated = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated"}
        super().save(*args, **kwargs)
        stored_slug, stored_status = getattr(self, "_stored_address", (None, None))
        if stored_slug and stored_slug != self.slug and stored_status == Status.PUBLISHED:
            SlugHistory.remember(self, stored_slug)
        self._stored_address = (self.slug, self.status)

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        status = record.__dict__.get("status")
        # The public address as stored, so that a save that changes it can keep the old one (SlugHistory).
        record._stored_address = (record.__dict__.get("slug"), status)
        # What the public saw before a change (the page cache leaves its pages when neither is published).
        record.loaded_status = status
        return record

    def natural_key(self):
        return (self.slug,)

    @property
    def was_or_is_public(self):
        return Status.PUBLISHED in (self.status, getattr(self, "loaded_status", None))

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


class Step(models.TextChoices):
    """A step of the publication workflow, as the review notes name it (the rules are in publishing.workflow)."""

    SUBMIT = "submit", "Submitted for review"
    WITHDRAW = "withdraw", "Withdrawn from review"
    PUBLISH = "publish", "Published"
    SEND_BACK = "send-back", "Sent back"
    ARCHIVE = "archive", "Archived"
    RESTORE = "restore", "Restored as a draft"
    DELETE = "delete", "Deleted (archived)"
    PREPARE_CHANGE = "prepare-change", "Change prepared for review"
    PUBLISH_CHANGE = "publish-change", "Prepared change published"
    SEND_BACK_CHANGE = "send-back-change", "Prepared change sent back"
    DISCARD_CHANGE = "discard-change", "Prepared change discarded"


class RecordQuerySet(models.QuerySet):
    """Rows that point at one content record of any model (a generic foreign key)."""

    def for_record(self, record):
        content_type = ContentType.objects.get_for_model(record, for_concrete_model=False)
        return self.filter(content_type=content_type, object_id=record.pk)


class Transition(models.Model):
    """One step a record took through the workflow: who, when, from which status to which, and why.

    These rows are the review notes an editor reads on the record's change form.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    step = models.CharField(max_length=30, choices=Step)
    from_status = models.CharField(max_length=20, choices=Status)
    to_status = models.CharField(max_length=20, choices=Status)
    comment = models.TextField(blank=True)
    # An account may go; the notes it wrote stay.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "review note"
        # The secretariat's permission (publishing.access.is_secretariat): the steps only it takes, on every
        # partner's content. Who holds it is decided where the partners are known (partners.backends).
        permissions = [("publish", "Can review and publish every partner's content")]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="publishing_transition_record")]
        constraints = [
            models.CheckConstraint(condition=models.Q(step__in=Step.values), name="publishing_transition_step_valid"),
            models.CheckConstraint(
                condition=models.Q(from_status__in=Status.values, to_status__in=Status.values),
                name="publishing_transition_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_step_display()} by {self.by or 'a removed account'}"


class PendingChange(models.Model):
    """A change an editor made to a published record, kept aside so that the public keeps seeing the published
    version until the secretariat publishes the change.

    `data` is the change form's POST data (fields and inline formsets, not files) as {name: [values]}; the change
    form is bound to it again to show and publish the change, so nothing the editor typed is lost.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict)
    sent_back = models.BooleanField(default=False, help_text="The secretariat sent it back for another edit.")
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["-updated"]
        verbose_name = "change waiting for review"
        verbose_name_plural = "changes waiting for review"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="publishing_pendingchange_one_per_record"
            ),
        ]

    def __str__(self):
        return f"Change to {self.content_type.name} #{self.object_id} by {self.author or 'a removed account'}"

    def save(self, *args, **kwargs):
        self.updated = timezone.now()
        super().save(*args, **kwargs)

    def as_query_dict(self):
        """The saved form data in the shape a bound form expects."""
        query = QueryDict(mutable=True)
        for name, values in self.data.items():
            query.setlist(name, values if isinstance(values, list) else [values])
        return query


class NotificationPreference(models.Model):
    """What a staff member wants to hear about by e-mail; someone without a row gets the workflow's messages."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    workflow_email = models.BooleanField(
        "e-mail me about workflow steps",
        default=True,
        help_text="Submitted for review, sent back, published, archived: a message for each step someone else takes.",
    )

    class Meta:
        ordering = ["user"]
        verbose_name = "e-mail setting"

    def __str__(self):
        return f"E-mail settings of {self.user}"


class SlugHistory(models.Model):
    """A slug a published record had before it changed, so that its old address answers with a permanent
    redirect to the new one (`publishing.views.PublishedDetailView`) and links from other sites keep working.

    Kept on every save that changes the slug of a record stored as published: the secretariat's direct edit and
    its publication of an editor's waiting change alike. A draft's slug was never public and is not kept.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    old_slug = models.SlugField(max_length=120)
    changed = models.DateTimeField(default=timezone.now)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["-changed", "-pk"]
        verbose_name = "former address"
        verbose_name_plural = "former addresses"
        constraints = [
            # One old address leads to one record: the one that had it last.
            models.UniqueConstraint(fields=["content_type", "old_slug"], name="publishing_slughistory_one_per_slug"),
        ]

    def __str__(self):
        return f"{self.content_type.name} formerly at “{self.old_slug}”"

    @classmethod
    def remember(cls, record, old_slug):
        content_type = ContentType.objects.get_for_model(record, for_concrete_model=False)
        cls.objects.update_or_create(
            content_type=content_type, old_slug=old_slug, defaults={"object_id": record.pk, "changed": timezone.now()}
        )
        # The record's new slug is its own address again, whoever had it before.
        cls.objects.filter(content_type=content_type, old_slug=record.slug).delete()

    @classmethod
    def current(cls, model, old_slug):
        """The record of `model` that was once at `old_slug`, or None."""
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        found = cls.objects.filter(content_type=content_type, old_slug=old_slug).first()
        return None if found is None else model._default_manager.filter(pk=found.object_id).first()


class ContentGeneration(models.Model):
    """One row whose token changes with every change to public content (publishing.generation): what is derived
    from the published records and kept in memory between requests (the facet index) is valid while it stays."""

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = "content generation"

    def __str__(self):
        return self.token
