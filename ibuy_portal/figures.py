"""The partnership's reported activity figures beside the number of records the portal holds.

The two are kept apart on purpose: a reported figure is the partnership's own statement, and the portal never
adds records to reach it.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from library.models import Report
from partners.models import FigureKind, ReportedFigure
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
