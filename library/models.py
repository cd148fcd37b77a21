"""The open library: studies, guidelines and reports the partnership published."""

import datetime
from collections import defaultdict

from django.db import connections, models
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models import Instrument, Partner
from publishing.models import PublishableModel, PublishableQuerySet, Status
from publishing.uploads import PdfUploadField


class ReportKind(models.TextChoices):
    STUDY = "study", _("Study")
    GUIDELINE = "guideline", _("Guideline")
    REPORT = "report", _("Report")
    ANALYSIS = "analysis", _("Policy analysis")
    LEAFLET = "leaflet", _("Leaflet")
    OTHER = "other", _("Other")


class Language(models.TextChoices):
    """English and the languages of the partners' countries, the languages the library's documents are in."""

    ENGLISH = "en", _("English")
    CATALAN = "ca", _("Catalan")
    FINNISH = "fi", _("Finnish")
    GREEK = "el", _("Greek")
    LATVIAN = "lv", _("Latvian")
    LITHUANIAN = "lt", _("Lithuanian")
    PORTUGUESE = "pt", _("Portuguese")
    ROMANIAN = "ro", _("Romanian")
    SPANISH = "es", _("Spanish")


class ReportQuerySet(PublishableQuerySet):
    def for_page(self):
        """Its partner and the partner's action plan (linked when published), its instruments."""
        return self.select_related("partner__action_plan").prefetch_related("instruments")

    def for_list(self):
        return self.select_related("partner__region").prefetch_related("instruments")

    def for_partner(self, partner):
        return self.filter(partner=partner)

    def newest(self):
        """The latest published first, then the most recently added; undated documents after dated ones."""
        newest_first = [F("publication_date").desc(nulls_last=True), "-created", "title"]
        return self.select_related("partner").order_by(*newest_first)

    def by_partner(self, partner):
        """The reports a partner wrote (a partner's page lists them)."""
        return self.filter(partner=partner)

    def latest_by_partner(self, partners, count):
        """The newest `count` reports of each of `partners`, partner by partner, as a list, in one windowed query."""
        newest_first = self.model._meta.ordering
        if not partners:
            return []
        if connections[self.db].features.supports_slicing_ordering_in_compound:
            # PostgreSQL: each partner's newest read from library_report_by_partner_idx, a UNION ALL of LIMITs,
            # rather than a window over every report of the partners (39 ms at 30,000 reports).
            parts = [self.filter(partner=partner).order_by(*newest_first)[:count] for partner in partners]
            rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        else:
            rows = (
                self.filter(partner__in=partners)
                .annotate(rank_in_partner=Window(RowNumber(), partition_by=F("partner"), order_by=newest_first))
                .filter(rank_in_partner__lte=count)
            )
        by_partner = defaultdict(list)
        for report in rows:
            by_partner[report.partner_id].append(report)
        for reports in by_partner.values():
            reports.sort(key=lambda report: report.title)
            reports.sort(key=lambda report: report.publication_date or datetime.date.min, reverse=True)
            reports.sort(key=lambda report: report.publication_date is None)
        return [report for partner in partners for report in by_partner[partner.pk]]


class Report(PublishableModel):
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=ReportKind, default=ReportKind.REPORT)
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        help_text="The partner who wrote it; empty for the partnership as a whole or where no source says.",
    )
    instruments = models.ManyToManyField(Instrument, blank=True, related_name="reports")
    language = models.CharField(max_length=10, choices=Language, blank=True)
    publication_date = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    document = PdfUploadField("document (PDF)", upload_to="library/", blank=True)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["instruments", "sources"])

    class Meta(PublishableModel.Meta):
        ordering = [models.F("publication_date").desc(nulls_last=True), "title"]
        constraints = [
            *PublishableModel.Meta.constraints,
            models.CheckConstraint(condition=Q(kind__in=ReportKind.values), name="library_report_kind_valid"),
            models.CheckConstraint(
                condition=Q(language="") | Q(language__in=Language.values), name="library_report_language_valid"
            ),
        ]
        # For thousands of reports: the default order reads its first page from an index, and the facets count the
        # published rows from a small one. The full-text column `search_vector` and its GIN index are not declared
        # (library/migrations/0004_indexes_for_scale.py).
        indexes = [
            models.Index(
                models.F("publication_date").desc(nulls_last=True), "title", name="library_report_newest_idx"
            ),
            models.Index(
                fields=["id", "partner", "publication_date", "kind", "language"],
                condition=Q(status=Status.PUBLISHED),
                name="library_report_published_idx",
            ),
            # A partner's newest reports (latest_by_partner, by_partner): read in order, no sort of all its reports.
            models.Index(
                "partner",
                models.F("publication_date").desc(nulls_last=True),
                "title",
                condition=Q(status=Status.PUBLISHED),
                name="library_report_by_partner_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("library:report-detail", args=[self.slug])
