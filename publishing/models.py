"""What every public content record of the portal shares: a slug, a publication status, timestamps, a source.

The rule "only published records are public" lives here, in `PublishableQuerySet.published()`, and every
public view starts from it.
"""

from django.db import models
from django.utils import timezone


class Status(models.TextChoices):
    """Where a record is in the publication workflow: editors write and submit, the secretariat publishes."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


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

    def natural_key(self):
        return (self.slug,)

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED
