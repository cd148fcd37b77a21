"""What every public content record of the portal shares: a slug, a publication status, timestamps, a source.

The rule "only published records are public" lives here, in `PublishableQuerySet.published()`, and every
public view starts from it.
"""

from django.db import models
from django.utils import timezone


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SourcedModel(models.Model):
    """A record whose facts come from a document or a public page that a reader can check."""

    source_title = models.CharField(
        "source",
        max_length=300,
        blank=True,
        help_text="The document or page the facts come from, as a reader would cite it.",
    )
    source_url = models.URLField("source address", max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def has_source(self):
        return bool(self.source_title or self.source_url)


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
