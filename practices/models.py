"""Good practices in buying innovation, and the study visits and meetings where partners saw them."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models import Action, Instrument, Located, Partner, Region
from practices.fields import ChoiceListField
from publishing.models import PublishableModel, PublishableQuerySet, SourcedModel, Status, published_through
from publishing.uploads import ImageUploadField, PdfUploadField, ThumbnailedModel


class ThemeQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Theme(models.Model):
    """The policy field a good practice serves, such as health."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class GoodPracticeQuerySet(PublishableQuerySet):
    def for_page(self):
        """The practice's region, partners (with their plans), instruments, themes, images, links, the published
        visits where it was seen and what it inspired. The partners' newest reports come from library's
        `latest_reports` tag (goodpractice_detail.html)."""
        partners = Partner.objects.published().select_related("action_plan")
        # "Inspired": the actions of published plans that the practice inspired, by partner and action number.
        transfers = (
            Transfer.objects.filter(published_through("action__action_plan"))
            .select_related("action__action_plan__partner__region", "study_visit")
            .order_by(
                "action__action_plan__partner__number", F("action__number").asc(nulls_last=True), "action__title"
            )
        )
        return self.select_related("region").prefetch_related(
            models.Prefetch("partners", queryset=partners),
            "instruments",
            "themes",
            "images",
            "links",
            "steps",
            models.Prefetch("study_visits", queryset=StudyVisit.objects.published()),
            models.Prefetch("transfers", queryset=transfers),
        )

    def for_list(self):
        return self.select_related("region").prefetch_related(
            models.Prefetch("partners", queryset=Partner.objects.published()), "instruments", "themes"
        )

    def similar_to(self, practice):
        """The practices most like `practice` (its instruments and themes loaded), each with why (similar.py)."""
        from practices.similar import similar_practices

        return similar_practices(self, practice)

    def for_partner(self, partner):
        return self.filter(partners=partner)

    def newest(self):
        """The most recently added first, with their regions (the home page's "New in the portal")."""
        return self.select_related("region").order_by("-created", "title")

    def shared_summaries(self, summaries):
        """Of `summaries`, those that more than one published practice carries: a sentence that says nothing of
        any one practice (such as the Interreg Europe database's), which a list card leaves out."""
        shared = (
            self.published()
            .filter(summary__in={summary for summary in summaries if summary})
            .order_by()
            .values("summary")
            .annotate(n=models.Count("pk"))
            .filter(n__gt=1)
        )
        return {row["summary"] for row in shared}

    def identified_by(self, partner):
        """The practices a partner identified (a partner's page lists them)."""
        return self.filter(partners=partner)


YEAR_VALIDATORS = [MinValueValidator(1950), MaxValueValidator(2100)]


class Procedure(models.TextChoices):
    """How the buyer went about it: the procurement procedures and the steps before them that a practice used.
    The policy instrument (PPI, PCP, innovation partnership) is recorded apart, under `instruments`."""

    MARKET_CONSULTATION = "market-consultation", _("Preliminary market consultation")
    OPEN = "open", _("Open procedure")
    RESTRICTED = "restricted", _("Restricted procedure")
    NEGOTIATION = "negotiation", _("Competitive procedure with negotiation")
    COMPETITIVE_DIALOGUE = "competitive-dialogue", _("Competitive dialogue")
    INNOVATION_PARTNERSHIP = "innovation-partnership", _("Innovation partnership")
    PCP = "pcp", _("Pre-commercial procurement (PCP)")
    DESIGN_CONTEST = "design-contest", _("Design contest")
    DYNAMIC_PURCHASING = "dynamic-purchasing-system", _("Dynamic purchasing system")


@deconstructible
class AddressOn:
    """A validator: the address is on one of the hosts (or a subdomain of one)."""

    def __init__(self, *hosts):
        self.hosts = hosts

    def __call__(self, url):
        host = (urlsplit(url).hostname or "").lower()
        if not any(host == name or host.endswith(f".{name}") for name in self.hosts):
            raise ValidationError(
                _("This address must be on %(hosts)s."), code="wrong_site", params={"hosts": " or ".join(self.hosts)}
            )

    def __eq__(self, other):
        return isinstance(other, AddressOn) and self.hosts == other.hosts


INTERREG_EUROPE = AddressOn("interregeurope.eu")
KEEP_EU = AddressOn("keep.eu")
TED = AddressOn("ted.europa.eu")


class GoodPractice(PublishableModel):
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True, help_text="One or two sentences shown in lists.")
    description = models.TextField(blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="good_practices")
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="good_practices", help_text="The iBuy partners who identified the practice."
    )
    instruments = models.ManyToManyField(Instrument, blank=True, related_name="good_practices")
    themes = models.ManyToManyField(Theme, blank=True, related_name="good_practices")
    inspired_actions = models.ManyToManyField(Action, through="Transfer", blank=True, related_name="inspired_by")
    organisation = models.CharField("organisation behind it", max_length=300, blank=True)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEAR_VALIDATORS, help_text="Empty while the practice is ongoing."
    )
    resources_needed = models.TextField(blank=True)
    evidence_of_success = models.TextField(blank=True)
    transferability = models.TextField("potential for learning or transfer", blank=True)
    buyer = models.CharField(
        _("buying organisation"), max_length=300, blank=True, help_text=_("The public body that bought, if one did.")
    )
    procedures = ChoiceListField(
        _("procedures used"),
        choices=Procedure,
        help_text=_("The procedures and consultations the buyer used, where a source names them."),
    )
    challenge = models.TextField(_("the challenge"), blank=True, help_text=_("The need or problem it answered."))
    contact_url = models.URLField(
        _("organisation's contact page"),
        max_length=500,
        blank=True,
        help_text=_("The public contact page of the organisation (no personal address)."),
    )
    interreg_europe_url = models.URLField(
        _("Interreg Europe good practice page"), max_length=500, blank=True, validators=[INTERREG_EUROPE]
    )
    keep_eu_url = models.URLField(_("keep.eu project page"), max_length=500, blank=True, validators=[KEEP_EU])

    objects = GoodPracticeQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["partners", "instruments", "themes", "sources"])

    class Meta(PublishableModel.Meta):
        ordering = ["title"]
        constraints = [
            *PublishableModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(start_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="practices_goodpractice_years_in_order",
                violation_error_message="The practice cannot end before the year it started.",
            ),
        ]
        # For 10,000 practices (bench/README.md): the list's two orders read their first page from an index, and
        # the facets count the published rows from a small one (an index-only scan on PostgreSQL). The full-text
        # column `search_vector` and its GIN index are not declared: the models never refer to them
        # (practices/migrations/0005_indexes_for_scale.py).
        indexes = [
            models.Index(fields=["title"], name="practices_gp_title_idx"),
            models.Index(fields=["-created", "title"], name="practices_gp_newest_idx"),
            models.Index(
                fields=["id", "region", "start_year", "end_year"],
                condition=Q(status=Status.PUBLISHED),
                name="practices_gp_published_idx",
            ),
            # The map's first practices of each region by title (glance.maps.listed_practices): read in order from
            # this index alone, without sorting 100,000 rows (on PostgreSQL, which keeps the slug in it too).
            models.Index(
                fields=["region", "title", "id"],
                include=["slug"],
                condition=Q(status=Status.PUBLISHED),
                name="practices_gp_region_title_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practices:practice-detail", args=[self.slug])

    # The practice's links by what they lead to, from the links `for_page()` loaded (no query of their own).
    @property
    def documents(self):
        return [link for link in self.links.all() if link.kind in DOCUMENT_KINDS]

    @property
    def ted_notices(self):
        return [link for link in self.links.all() if link.kind == LinkKind.TED_NOTICE]

    @property
    def further_reading(self):
        return [link for link in self.links.all() if link.kind == LinkKind.READING]

    @property
    def procedure_labels(self):
        return self._meta.get_field("procedures").labels(self)

    @property
    def period(self):
        if self.start_year and self.end_year:
            return str(self.start_year) if self.start_year == self.end_year else f"{self.start_year}–{self.end_year}"
        if self.start_year:
            return f"since {self.start_year}"
        return ""


class GoodPracticeImageQuerySet(models.QuerySet):
    def for_partner(self, partner):
        return self.filter(practice__partners=partner)


class GoodPracticeImage(ThumbnailedModel, models.Model):
    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="images")
    image = ImageUploadField(upload_to="practices/images/", help_text="PNG, JPEG, WebP or GIF.")
    alt_text = models.CharField(
        "text alternative", max_length=250, help_text="What the image shows, for people who cannot see it."
    )
    caption = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    thumbnail = models.ImageField(upload_to="practices/images/thumbnails/", blank=True, editable=False)

    objects = GoodPracticeImageQuerySet.as_manager()
    history = HistoricalRecords()
    thumbnail_source = "image"

    class Meta:
        ordering = ["practice", "position", "pk"]

    def __str__(self):
        return self.alt_text


class GoodPracticeLinkQuerySet(models.QuerySet):
    def get_by_natural_key(self, practice_slug, url):
        return self.get(practice__slug=practice_slug, url=url)

    def for_partner(self, partner):
        return self.filter(practice__partners=partner)


class LinkKind(models.TextChoices):
    """What a link of a practice leads to: the page groups documents, notices and further reading apart."""

    READING = "reading", _("Further reading")
    TENDER = "tender", _("Tender document")
    TEMPLATE = "template", _("Template")
    REPORT = "report", _("Report")
    TED_NOTICE = "ted-notice", _("TED notice")


DOCUMENT_KINDS = {LinkKind.TENDER, LinkKind.TEMPLATE, LinkKind.REPORT}


class GoodPracticeLink(models.Model):
    """A page or document about a practice: a link, or an uploaded PDF (a tender text, a template, a report)."""

    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind"), max_length=20, choices=LinkKind, default=LinkKind.READING)
    title = models.CharField(max_length=200)
    url = models.URLField("address", max_length=500, blank=True)
    document = PdfUploadField(
        _("document (PDF)"), upload_to="practices/documents/", blank=True, help_text=_("Instead of an address.")
    )

    objects = GoodPracticeLinkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["practice", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "url"], condition=~Q(url=""), name="practices_goodpracticelink_unique_url"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=LinkKind.values), name="practices_goodpracticelink_kind_valid"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def href(self):
        return self.document.url if self.document else self.url

    def clean(self):
        super().clean()
        if not self.url and not self.document:
            raise ValidationError(_("Give an address or upload a PDF document."), code="no_address")
        if self.url and self.document:
            raise ValidationError(_("Give an address or a document, not both."), code="address_and_document")
        if self.kind == LinkKind.TED_NOTICE and self.url:
            TED(self.url)

    def natural_key(self):
        return (*self.practice.natural_key(), self.url)

    natural_key.dependencies = ["practices.goodpractice"]


class GoodPracticeStepQuerySet(models.QuerySet):
    def get_by_natural_key(self, practice_slug, position):
        return self.get(practice__slug=practice_slug, position=position)

    def for_partner(self, partner):
        return self.filter(practice__partners=partner)


class GoodPracticeStep(models.Model):
    """One step of how a practice was done, in order: the page shows the steps as a numbered list."""

    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"), default=1, help_text=_("1 for the first step."))
    title = models.CharField(_("step"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    timing = models.CharField(_("when"), max_length=100, blank=True, help_text=_("Such as “2019” or “months 1–6”."))

    objects = GoodPracticeStepQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["practice", "position", "pk"]
        verbose_name = _("step")

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.practice.natural_key(), self.position)

    natural_key.dependencies = ["practices.goodpractice"]


class VisitKind(models.TextChoices):
    STUDY_VISIT = "study-visit", _("Study visit")
    PARTNERS_MEETING = "partners-meeting", _("Partners' meeting")
    SEMINAR = "seminar", _("International seminar")
    STAKEHOLDER_MEETING = "stakeholder-meeting", _("Stakeholder meeting")
    DISSEMINATION_EVENT = "dissemination-event", _("Dissemination event")


class StudyVisitQuerySet(PublishableQuerySet):
    def for_page(self):
        """The host with its action plan, the published partners who took part, the published practices seen (a
        draft practice stays private, even as a title on a visit's page)."""
        return self.select_related("host_partner__action_plan", "region").prefetch_related(
            models.Prefetch("participating_partners", queryset=Partner.objects.published()),
            models.Prefetch("related_practices", queryset=GoodPractice.objects.published()),
        )

    def for_list(self):
        return self.select_related("host_partner", "region")

    def for_partner(self, partner):
        return self.filter(host_partner=partner)

    def hosted_by(self, partner):
        return self.filter(host_partner=partner)

    def joined_by(self, partner):
        """The visits a partner took part in (as a participant, not as the host)."""
        return self.filter(participating_partners=partner)


class StudyVisit(Located, PublishableModel):
    """A visit or meeting where partners learnt from each other's practice, in one place over one or more days.

    The partnership's study visits often took place at its partners' meetings and seminars, so one model holds
    them all and `kind` says which it was.
    """

    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=VisitKind, default=VisitKind.STUDY_VISIT)
    host_partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="hosted_visits"
    )
    place = models.CharField(max_length=200, help_text="Town or venue.")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="study_visits")
    start_date = models.DateField()
    end_date = models.DateField()
    participating_partners = models.ManyToManyField(Partner, blank=True, related_name="visits_joined")
    description = models.TextField(blank=True)
    related_practices = models.ManyToManyField(GoodPractice, blank=True, related_name="study_visits")

    objects = StudyVisitQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["participating_partners", "related_practices", "sources"])

    class Meta(PublishableModel.Meta):
        ordering = ["-start_date", "title"]
        constraints = [
            *PublishableModel.Meta.constraints,
            *Located.Meta.constraints,
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="practices_studyvisit_dates_in_order",
                violation_error_message="A visit cannot end before it starts.",
            ),
            models.CheckConstraint(condition=Q(kind__in=VisitKind.values), name="practices_studyvisit_kind_valid"),
        ]
        # As for good practices: the default order, and the published rows with the columns the facets group by.
        indexes = [
            models.Index(fields=["-start_date", "title"], name="practices_visit_newest_idx"),
            models.Index(
                fields=["id", "region", "host_partner", "start_date", "kind"],
                condition=Q(status=Status.PUBLISHED),
                name="practices_visit_published_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practices:visit-detail", args=[self.slug])


def long_date(day):
    return f"{day.day} {day:%B %Y}"


class TransferQuerySet(models.QuerySet):
    def for_partner(self, partner):
        return self.filter(action__action_plan__partner=partner)

    def public(self):
        """Transfers a visitor may see: from a published practice into an action of a published plan."""
        return self.filter(published_through("practice"), published_through("action__action_plan"))

    def inspiring(self, actions):
        """What inspired `actions` (a plan's timeline): only a published practice is named; the template names
        its visit only when published."""
        return self.filter(published_through("practice"), action__in=actions).select_related(
            "practice__region", "study_visit"
        )

    def for_list(self):
        """The practice and its region, the visit and its region, the action with its plan, partner and region."""
        return self.select_related("practice__region", "study_visit__region", "action__action_plan__partner__region")

    def in_trail_order(self):
        """From region to region: by the practice's region and title, then the action's partner and number."""
        return self.order_by(
            F("practice__region__name").asc(nulls_last=True),
            "practice__title",
            "action__action_plan__partner__number",
            F("action__number").asc(nulls_last=True),
            "action__title",
        )


class Transfer(SourcedModel):
    """A good practice that inspired an action in a partner's action plan, and the visit where it was seen."""

    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="transfers")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="transfers")
    study_visit = models.ForeignKey(
        StudyVisit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transfers",
        help_text="The visit or meeting where the action's partner saw the practice, where documented.",
    )
    note = models.TextField(blank=True, help_text="Optional: what was taken from the practice, and how.")

    objects = TransferQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["sources"])

    class Meta:
        ordering = ["practice__title", "action__action_plan__partner__number", "action__number"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "action"], name="practices_transfer_once_per_action"),
        ]

    def __str__(self):
        return f"{self.practice} inspired {self.action}"

    def get_absolute_url(self):
        return self.action.get_absolute_url()

    def clean(self):
        super().clean()
        errors = {}
        if self.practice_id and self.action_id:
            partner = self.action.action_plan.partner
            if self.practice.partners.filter(pk=partner.pk).exists():
                errors["practice"] = (
                    f"{partner} identified this practice itself: a transfer links a practice to an action in another "
                    "partner's action plan."
                )
        if self.study_visit_id and self.action_id:
            visit, action = self.study_visit, self.action
            if action.end_date and visit.start_date > action.end_date:
                errors["study_visit"] = (
                    f"This visit began on {long_date(visit.start_date)}, after the action ended "
                    f"({long_date(action.end_date)}): the action cannot have been inspired by what was seen there."
                )
        if errors:
            raise ValidationError(errors)
