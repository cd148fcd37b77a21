"""The partnership's reported activity figures beside the number of records the portal holds.

The two are kept apart on purpose: a reported figure is the partnership's own statement, and the portal never
adds records to reach it.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from library.models import Report
from partners.models import ActionPlan, FigureKind, FigureStage, ReportedFigure
from practices.models import GoodPractice, StudyVisit, VisitKind


@dataclass(frozen=True)
class ActivityFigure:
    reported: ReportedFigure
    held: int | None  # None where the portal keeps no records of that kind (press releases, say)

    @property
    def label(self):
        return self.reported.get_kind_display()


def portal_holdings():
    """How many published records of each reported kind the portal holds, in three queries."""
    visits = StudyVisit.objects.published().aggregate(
        study_visits=Count("pk", filter=Q(kind=VisitKind.STUDY_VISIT)),
        meetings=Count("pk", filter=Q(kind=VisitKind.PARTNERS_MEETING)),
    )
    return {
        FigureKind.PARTNERS_MEETINGS: visits["meetings"],
        FigureKind.STUDY_VISITS: visits["study_visits"],
        FigureKind.GOOD_PRACTICES: GoodPractice.objects.published().count(),
        FigureKind.LIBRARY_REPORTS: Report.objects.published().count(),
    }


def activity_figures(reported_figures):
    holdings = portal_holdings()
    return [ActivityFigure(reported=figure, held=holdings.get(figure.kind)) for figure in reported_figures]


@dataclass(frozen=True)
class FigureComparison:
    """One kind of activity: what the application planned, what the partnership reported, what the portal holds."""

    kind: str
    planned: ReportedFigure | None
    achieved: ReportedFigure | None
    held: int | None

    @property
    def label(self):
        return FigureKind(self.kind).label

    @property
    def is_rate(self):
        """A figure given per period (website sessions per semester) is a rate, not a number of things done."""
        return any(figure is not None and figure.per for figure in (self.planned, self.achieved))


def figure_table(reported_figures):
    """A row per kind the partnership gave a figure for, planned or achieved; no difference is ever computed."""
    by_kind = {}
    for figure in reported_figures:
        by_kind.setdefault(figure.kind, {})[figure.stage] = figure
    # The home page does not show action plans; here the portal's own count stands beside the planned one.
    holdings = {**portal_holdings(), FigureKind.ACTION_PLANS: ActionPlan.objects.published().count()}
    return [
        FigureComparison(
            kind=kind,
            planned=stages.get(FigureStage.PLANNED),
            achieved=stages.get(FigureStage.ACHIEVED),
            held=holdings.get(kind),
        )
        for kind in FigureKind.values
        if (stages := by_kind.get(kind))
    ]


def figure_sources(reported_figures):
    """The sources of the figures, once each, by stage: [(stage label, [source, ...]), ...]."""
    by_stage = {stage: {} for stage in FigureStage}
    for figure in reported_figures:
        for source in figure.sources.all():
            by_stage[FigureStage(figure.stage)][source.pk] = source
    return [(stage.label, list(sources.values())) for stage, sources in by_stage.items() if sources]
