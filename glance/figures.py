"""The partnership's reported activity figures beside the number of records the portal holds.

The two are kept apart on purpose: a reported figure is the partnership's own statement, and the portal never
adds records to reach it.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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


# The kinds of visit record that are the same activity as a kind of reported figure, by name in the sources.
FIGURE_KIND_OF_VISITS = {
    VisitKind.STUDY_VISIT: FigureKind.STUDY_VISITS,
    VisitKind.PARTNERS_MEETING: FigureKind.PARTNERS_MEETINGS,
    VisitKind.STAKEHOLDER_MEETING: FigureKind.STAKEHOLDER_MEETINGS,
}
# The others are counted on rows of their own: no source says which of the seminars and events the portal holds
# were the "dissemination seminars" that the application planned.
HELD_ONLY_LABELS = {
    VisitKind.SEMINAR: _("International seminars"),
    VisitKind.DISSEMINATION_EVENT: _("Dissemination events"),
}


def visits_held():
    """How many published visit records of each kind the portal holds, in one query: {VisitKind: count}."""
    return StudyVisit.objects.published().aggregate(
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in VisitKind.values}
    )


def portal_holdings(visits=None):
    """How many published records of each reported kind the portal holds, in three queries (two with `visits`)."""
    visits = visits_held() if visits is None else visits
    return {
        **{figure_kind: visits[visit_kind] for visit_kind, figure_kind in FIGURE_KIND_OF_VISITS.items()},
        FigureKind.GOOD_PRACTICES: GoodPractice.objects.published().count(),
        FigureKind.LIBRARY_REPORTS: Report.objects.published().count(),
    }


def activity_figures(reported_figures):
    holdings = portal_holdings()
    return [ActivityFigure(reported=figure, held=holdings.get(figure.kind)) for figure in reported_figures]


@dataclass(frozen=True)
class FigureComparison:
    """One kind of activity: what the application planned, what the partnership reported, what the portal holds."""

    kind: str  # a FigureKind, or a VisitKind the partnership gave no figure for (HELD_ONLY_LABELS)
    planned: ReportedFigure | None
    achieved: ReportedFigure | None
    held: int | None

    @property
    def label(self):
        return HELD_ONLY_LABELS.get(self.kind) or FigureKind(self.kind).label

    @property
    def is_rate(self):
        """A figure given per period (website sessions per semester) is a rate, not a number of things done."""
        return any(figure is not None and figure.per for figure in (self.planned, self.achieved))


def figure_table(reported_figures):
    """A row per kind the partnership gave a figure for, planned or achieved, then a row per other kind of visit
    record the portal holds (seminars, events); no difference is ever computed."""
    by_kind = {}
    for figure in reported_figures:
        by_kind.setdefault(figure.kind, {})[figure.stage] = figure
    visits = visits_held()
    # The home page does not show action plans; here the portal's own count stands beside the planned one.
    holdings = {**portal_holdings(visits), FigureKind.ACTION_PLANS: ActionPlan.objects.published().count()}
    reported_rows = [
        FigureComparison(
            kind=kind,
            planned=stages.get(FigureStage.PLANNED),
            achieved=stages.get(FigureStage.ACHIEVED),
            held=holdings.get(kind),
        )
        for kind in FigureKind.values
        if (stages := by_kind.get(kind))
    ]
    held_only_rows = [
        FigureComparison(kind=kind, planned=None, achieved=None, held=visits[kind])
        for kind in HELD_ONLY_LABELS
        if visits[kind]
    ]
    return reported_rows + held_only_rows


def held_only_note(rows):
    """Why the seminars and events the portal holds have rows of their own, when they do."""
    labels = [row.label.lower() for row in rows if row.kind in HELD_ONLY_LABELS]
    if not labels:
        return ""
    return gettext(
        "The portal counts its {activities} on rows of their own: no source says which of them were "
        "the dissemination seminars that the application planned."
    ).format(activities=gettext(" and ").join(labels))


def figure_sources(reported_figures):
    """The sources of the figures, once each, by stage: [(stage label, [source, ...]), ...]."""
    by_stage = {stage: {} for stage in FigureStage}
    for figure in reported_figures:
        for source in figure.sources.all():
            by_stage[FigureStage(figure.stage)][source.pk] = source
    return [(stage.label, list(sources.values())) for stage, sources in by_stage.items() if sources]
