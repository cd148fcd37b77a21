"""The partnership itself (programme, dates, budget) and the activity figures it planned and reported, each with
its sources; models of the partners app (imported by partners/models.py)."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from publishing.models import SourcedModel


class PartnershipQuerySet(models.QuerySet):
    def get_by_natural_key(self, acronym):
        return self.get(acronym=acronym)


class Partnership(SourcedModel):
    """The iBuy project itself: programme, duration and budget as its partners report them."""

    acronym = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=300)
    programme = models.CharField(max_length=200)
    fund = models.CharField("co-financed by", max_length=200, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    budget_eur = models.DecimalField("total budget (EUR)", max_digits=12, decimal_places=2, null=True, blank=True)
    summary = models.TextField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    social_media = models.CharField(max_length=300, blank=True)
    notes = models.TextField(
        blank=True,
        help_text="Where sources disagree or name the project differently, and which one the portal follows.",
    )

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["acronym"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="partners_partnership_dates_in_order",
                violation_error_message="The partnership cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(budget_eur__gte=0),
                name="partners_partnership_budget_not_negative",
                violation_error_message="The budget cannot be negative.",
            ),
        ]

    def __str__(self):
        return self.acronym

    def natural_key(self):
        return (self.acronym,)

    def get_absolute_url(self):
        return reverse("home")


class FigureKind(models.TextChoices):
    PARTNERS_MEETINGS = "partners-meetings", _("Partners' meetings")
    STUDY_VISITS = "study-visits", _("Study visits")
    GOOD_PRACTICES = "good-practices", _("Good practices")
    LIBRARY_REPORTS = "library-reports", _("Open-library reports")
    PRESS_RELEASES = "press-releases", _("Press releases")
    NEWSLETTERS = "newsletters", _("Newsletters")
    WEBSITE_SESSIONS = "website-sessions", _("Website sessions")
    POLICY_ANALYSES = "policy-analyses", _("Analyses of policy instruments")
    ONLINE_TOOLS = "online-tools", _("Online tools")
    STAKEHOLDER_MEETINGS = "stakeholder-meetings", _("Stakeholder meetings")
    DISSEMINATION_SEMINARS = "dissemination-seminars", _("Dissemination seminars")
    INTERNAL_WORKSHOPS = "internal-workshops", _("Internal workshops")
    ACTION_PLANS = "action-plans", _("Action plans")


class FigureStage(models.TextChoices):
    PLANNED = "planned", _("Planned in the application")
    ACHIEVED = "achieved", _("Reported as achieved")


class ReportedFigureQuerySet(models.QuerySet):
    def get_by_natural_key(self, acronym, stage, kind):
        return self.get(partnership__acronym=acronym, stage=stage, kind=kind)

    def achieved(self):
        return self.filter(stage=FigureStage.ACHIEVED)

    def planned(self):
        return self.filter(stage=FigureStage.PLANNED)


class ReportedFigure(SourcedModel):
    """A figure the partnership gave about its own activity, planned or achieved, kept as given, never recomputed."""

    COMMUNICATION_KINDS = {FigureKind.PRESS_RELEASES, FigureKind.NEWSLETTERS, FigureKind.WEBSITE_SESSIONS}

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="reported_figures")
    stage = models.CharField(max_length=20, choices=FigureStage, default=FigureStage.ACHIEVED)
    kind = models.CharField(max_length=30, choices=FigureKind)
    value = models.PositiveIntegerField()
    is_lower_bound = models.BooleanField(
        default=False, help_text="The partnership reported 'more than' this value rather than the value itself."
    )
    per = models.CharField(max_length=40, blank=True, help_text="The period a rate refers to, e.g. 'semester'.")
    position = models.PositiveSmallIntegerField(default=0)

    objects = ReportedFigureQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "stage", "position", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "stage", "kind"], name="partners_reportedfigure_one_per_stage_and_kind"
            ),
            models.CheckConstraint(condition=Q(kind__in=FigureKind.values), name="partners_reportedfigure_kind_valid"),
            models.CheckConstraint(
                condition=Q(stage__in=FigureStage.values), name="partners_reportedfigure_stage_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.display_value}"

    def natural_key(self):
        return (*self.partnership.natural_key(), self.stage, self.kind)

    natural_key.dependencies = ["partners.partnership"]

    @property
    def display_value(self):
        text = f"{'more than ' if self.is_lower_bound else ''}{self.value:,}"
        return f"{text} per {self.per}" if self.per else text

    @property
    def is_communication(self):
        return self.kind in self.COMMUNICATION_KINDS
