"""The partnership, its partners and their action plans, and the reference data every app uses."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

# The partnership and the figures it reported are models of this app kept in their own module; importing them
# here registers them with Django, and `partners.models` names every model of the app.
from partners.partnership import FigureKind, FigureStage, Partnership, ReportedFigure  # noqa: F401
from partners.progress import ActionStatus, Progress
from publishing.models import PublishableModel, PublishableQuerySet, SourcedModel
from publishing.uploads import ImageUploadField, ThumbnailedModel


class Located(models.Model):
    """A record with a point on the map: the latitude and longitude of one place, in decimal degrees (WGS 84)."""

    latitude = models.DecimalField(
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text="Decimal degrees, north positive; empty where no source gives it.",
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text="Decimal degrees, east positive.",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="%(app_label)s_%(class)s_point_valid",
                violation_error_message="Give both latitude and longitude, or neither.",
            ),
        ]

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None


class RegionQuerySet(models.QuerySet):
    def get_by_natural_key(self, nuts_code):
        return self.get(nuts_code=nuts_code)


class Region(Located, SourcedModel):
    """A region by its NUTS code; a partner that works nationally has its country's NUTS 0 code.

    Its point on the map is one town in it (usually its partner's seat), named in `place`.
    """

    name = models.CharField(max_length=120)
    nuts_code = models.CharField(
        "NUTS code",
        max_length=5,
        unique=True,
        help_text="Eurostat NUTS code, for example ES53 (level 2), FI197 (level 3) or LT (a whole country).",
    )
    country = CountryField()
    place = models.CharField(
        "map place", max_length=120, blank=True, help_text="The town whose point stands for the region on the map."
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            *Located.Meta.constraints,
            # A NUTS code is two capital letters (the country) and up to three more letters or digits.
            models.CheckConstraint(
                condition=Q(nuts_code__regex=r"^[A-Z]{2}[A-Z0-9]{0,3}\Z"),
                name="partners_region_nuts_code_format",
                violation_error_message="A NUTS code is two capital letters and up to three letters or digits.",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.nuts_code,)


class InstrumentQuerySet(models.QuerySet):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Instrument(SourcedModel):
    """A way for a public buyer to purchase innovation: PPI, PCP, innovation partnership."""

    code = models.SlugField(max_length=40, unique=True, help_text="Stable code used in URLs, e.g. ppi.")
    name = models.CharField(max_length=120, unique=True)
    abbreviation = models.CharField(max_length=10, blank=True)
    description = models.TextField(help_text="What the instrument is, in plain language.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in lists and filters.")

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    @property
    def short_name(self):
        return self.abbreviation or self.name


class Role(models.TextChoices):
    LEAD = "lead", _("Lead partner")
    PARTNER = "partner", _("Partner")


class PartnerQuerySet(PublishableQuerySet):
    def with_region(self):
        return self.select_related("region")

    def leads(self):
        return self.filter(role=Role.LEAD)

    def for_page(self):
        # The partner's practices, visits and reports come from their own apps' template tags (partner_related.html).
        return self.select_related("region", "action_plan").prefetch_related("action_plan__actions")

    def for_list(self):
        return self.with_region()

    def for_partner(self, partner):
        return self.filter(pk=partner.pk)


class Partner(ThumbnailedModel, PublishableModel):
    number = models.PositiveSmallIntegerField(
        "consortium number", unique=True, help_text="The partner's number in the consortium (1 is the lead)."
    )
    name = models.CharField(max_length=300)
    acronym = models.CharField(max_length=40, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="partners")
    role = models.CharField(max_length=20, choices=Role, default=Role.PARTNER)
    website = models.URLField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    logo = ImageUploadField(upload_to="partners/logos/", blank=True, help_text="PNG, JPEG, WebP or GIF.")
    logo_alt = models.CharField(
        "logo text alternative", max_length=200, blank=True, help_text="Required with a logo: what the logo says."
    )
    thumbnail = models.ImageField(upload_to="partners/logos/thumbnails/", blank=True, editable=False)

    objects = PartnerQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["sources"])
    thumbnail_source = "logo"

    class Meta(PublishableModel.Meta):
        ordering = ["number"]
        constraints = [
            *PublishableModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["role"],
                condition=Q(role=Role.LEAD),
                name="partners_partner_one_lead",
                violation_error_message="There is already a lead partner: the partnership has only one.",
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="partners_partner_role_valid"),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="partners_partner_number_positive",
                violation_error_message="The consortium number starts at 1.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:partner-detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.logo and not self.logo_alt.strip():
            raise ValidationError(
                {"logo_alt": "Describe the logo for people who cannot see it, for example the name it shows."}
            )

    @property
    def country(self):
        return self.region.country

    def records_naming_it(self):
        """Records of any app that name this partner through a many-to-many link (practices, visits joined)."""
        for relation in self._meta.related_objects:
            if relation.many_to_many:
                yield from getattr(self, relation.get_accessor_name()).all()

    @property
    def is_lead(self):
        return self.role == Role.LEAD

    @property
    def short_name(self):
        return self.acronym or self.name


class ActionPlanQuerySet(PublishableQuerySet):
    def for_partner(self, partner):
        return self.filter(partner=partner)

    def for_page(self):
        """The plan's partner and its actions in timeline order with their instruments. What inspired each action,
        and the partner's practices, visits and reports, come from their own apps' template tags."""
        actions = Action.objects.in_timeline_order().prefetch_related("instruments")
        return self.select_related("partner__region").prefetch_related(models.Prefetch("actions", queryset=actions))

    def for_list(self):
        # with_progress() counts each plan's actions per status in the rows' own query (plan.progress); the card
        # names the instruments the actions use (ActionPlanListView.prepare_page).
        actions = Action.objects.prefetch_related("instruments")
        return (
            self.with_progress()
            .select_related("partner__region")
            .prefetch_related(models.Prefetch("actions", queryset=actions))
        )

    def with_progress(self):
        """Each plan with its number of actions and of actions in each status, counted in the same query."""
        counts = {
            f"actions_{status.replace('-', '_')}": models.Count(
                "actions", filter=Q(actions__status=status), distinct=True
            )
            for status in [*ActionStatus.values, ""]
        }
        counts["actions_not_reported"] = counts.pop("actions_")
        return self.annotate(actions_total=models.Count("actions", distinct=True), **counts)


class ActionPlan(PublishableModel):
    """The plan in which a partner says how it will improve a policy instrument of its region."""

    partner = models.OneToOneField(Partner, on_delete=models.PROTECT, related_name="action_plan")
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    policy_instrument = models.CharField(
        "policy instrument addressed",
        max_length=300,
        blank=True,
        help_text="The regional or national policy instrument the plan aims to improve, where documented.",
    )
    results = models.TextField(blank=True, help_text="What the plan achieved, as its sources report it.")

    objects = ActionPlanQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["sources"])

    class Meta(PublishableModel.Meta):
        ordering = ["partner__number"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partners:action-plan-detail", args=[self.slug])

    @cached_property
    def progress(self):
        """How far the plan's actions went: from `with_progress()` counts, or else from its (prefetched) actions."""
        if hasattr(self, "actions_total"):
            return Progress(
                total=self.actions_total,
                done=self.actions_done,
                in_progress=self.actions_in_progress,
                planned=self.actions_planned,
                dropped=self.actions_dropped,
            )
        return Progress.of(self.actions.all())


class ActionQuerySet(models.QuerySet):
    def get_by_natural_key(self, plan_slug, slug):
        return self.get(action_plan__slug=plan_slug, slug=slug)

    def in_timeline_order(self):
        """By start date, then by the plan's number; actions with no start date last, in the plan's order."""
        return self.order_by(F("start_date").asc(nulls_last=True), F("number").asc(nulls_last=True), "title")

    def for_partner(self, partner):
        return self.filter(action_plan__partner=partner)


class Action(SourcedModel):
    action_plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    slug = models.SlugField(max_length=120)
    number = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="The number the plan gives the action; empty where the plan gives none.",
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    instruments = models.ManyToManyField(Instrument, blank=True, related_name="actions")
    status = models.CharField(
        max_length=20, choices=ActionStatus, blank=True, help_text="Leave empty where no source reports it."
    )
    start_date = models.DateField(null=True, blank=True, help_text="When the action started or is due to start.")
    end_date = models.DateField(null=True, blank=True, help_text="When the action ended or is due to end.")
    outcome = models.TextField(
        "what happened", blank=True, help_text="Optional: what the action achieved, or why it changed or was dropped."
    )

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["instruments", "sources"])

    class Meta:
        ordering = ["action_plan", "number", "title"]
        constraints = [
            models.UniqueConstraint(fields=["action_plan", "slug"], name="partners_action_slug_unique_in_plan"),
            models.UniqueConstraint(fields=["action_plan", "number"], name="partners_action_number_unique_in_plan"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1),
                name="partners_action_number_positive",
                violation_error_message="Actions are numbered from 1.",
            ),
            models.CheckConstraint(
                condition=Q(status="") | Q(status__in=ActionStatus.values), name="partners_action_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="partners_action_dates_in_order",
                violation_error_message="An action cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"Action {self.number}: {self.title}" if self.number else self.title

    def natural_key(self):
        return (*self.action_plan.natural_key(), self.slug)

    natural_key.dependencies = ["partners.actionplan"]

    def get_absolute_url(self):
        return f"{self.action_plan.get_absolute_url()}#action-{self.slug}"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            day = f"{self.start_date.day} {self.start_date:%B %Y}"
            raise ValidationError({"end_date": f"An action cannot end before it starts: give {day} or a later date."})

    @property
    def status_text(self):
        return self.get_status_display() if self.status else "Status not reported"

    @property
    def status_key(self):
        """The status as a CSS modifier: "done", "in-progress", ... or "not-reported"."""
        return self.status or "not-reported"


class StaffMembership(models.Model):
    """The partner a staff account works for. Its editors change only that partner's content; the lead
    partner's staff are the secretariat, who review and publish everyone's."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="staff_memberships")

    class Meta:
        ordering = ["partner__number", "user__username"]

    def __str__(self):
        return f"{self.user} ({self.partner.short_name})"


@receiver(pre_delete, sender=Partner, dispatch_uid="partners_keep_records_naming_a_partner")
def refuse_to_delete_a_partner_that_records_name(sender, instance, **kwargs):
    """Many-to-many links are deleted silently with the partner; PROTECT does not reach them, so refuse here."""
    naming = list(instance.records_naming_it())
    if naming:
        raise models.ProtectedError(
            f"Cannot delete {instance}: {len(naming)} record(s) name it ({', '.join(map(str, naming))}).", set(naming)
        )
