"""/figures/: the portal's figures as bar charts drawn by the server, each with its data table and a CSV download.

Five charts: the partnership's reported activity figures beside the records the portal holds, good practices by
instrument and by region, reports by year and by kind. Only published records are counted. Each chart is built
by one function in `CHARTS`, in a fixed number of queries whatever the number of records (counts are grouped in
the database); `/figures/<slug>.csv` runs only that chart's queries.

What a chart says and its geometry (`Chart`, `BarChart`) are in `glance.bar_charts`; this module holds the
queries that fill them and the two views.
"""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from glance.bar_charts import Category, Chart, Series, Value, counted
from glance.figures import figure_sources, figure_table, held_only_note
from library.models import Report, ReportKind
from partners.models import Instrument, Partnership, ReportedFigure
from practices.models import GoodPractice
from publishing.exports import render_csv
from publishing.models import published_through

# ---------- The five charts ----------

MISSING_FIGURE = Value(None, _("not reported"))
NOT_KEPT = Value(None, _("not kept in the portal"), missing="not-kept")

ACTIVITY_SERIES = (
    Series("planned", _("Planned"), _("Planned"), colour="#003399", pattern="hatch"),
    Series("achieved", _("Achieved"), _("Reported as achieved"), colour="#003399"),
    Series("in_portal", _("In portal"), _("In this portal"), colour="#00703c", pattern="dots"),
)


def reported_figures():
    """The partnership's planned and achieved figures with their sources, in two queries."""
    partnership = Partnership.objects.order_by("acronym").values("pk")[:1]
    return ReportedFigure.objects.filter(partnership__in=partnership).prefetch_related("sources")


def figure_value(figure):
    if figure is None:
        return MISSING_FIGURE
    return Value(figure.value, figure.display_value)


def activity_chart():
    """What the partnership reported beside what the portal holds, with what the application planned.

    A kind with nothing to compare (a figure planned, but none reported and no records kept) and a rate (website
    sessions per semester) are told in a note rather than drawn on the scale of numbers of records.
    """
    reported = list(reported_figures())
    rows = figure_table(reported)
    drawn = [row for row in rows if not row.is_rate and (row.achieved is not None or row.held is not None)]
    categories = tuple(
        Category(
            row.label,
            (
                figure_value(row.planned),
                figure_value(row.achieved),
                NOT_KEPT if row.held is None else Value.count(row.held),
            ),
        )
        for row in drawn
    )
    planned_only = [row for row in rows if row not in drawn and not row.is_rate]
    rates = [row for row in rows if row.is_rate]
    notes = []
    if planned_only:
        notes.append(
            gettext(
                "Planned in the application, with no reported figure and no records in the portal to set beside them:"
            )
            + " "
            + "; ".join(f"{row.label.lower()}, {row.planned.display_value}" for row in planned_only)
            + "."
        )
    for row in rates:
        told = [f"{stage} {figure.display_value}" for stage, figure in rate_stages(row) if figure is not None]
        notes.append(
            gettext("Not drawn: {activity}, {figures}, a rate rather than a number of records.").format(
                activity=row.label.lower(), figures=gettext(" and ").join(told)
            )
        )
    if note := held_only_note(drawn):
        notes.append(note)
    return Chart(
        slug="activity",
        title=_("Activity figures: planned, reported and in this portal"),
        caption=_(
            "What the application planned, what the partnership reported as achieved, and the records this "
            "portal holds"
        ),
        category_heading=_("Activity"),
        series=ACTIVITY_SERIES,
        categories=categories,
        csv_columns=(
            "kind",
            "activity",
            "planned",
            "planned_is_lower_bound",
            "achieved",
            "achieved_is_lower_bound",
            "in_portal",
        ),
        csv_rows=tuple(
            {
                "kind": row.kind,
                "activity": row.label,
                "planned": row.planned.value if row.planned else None,
                "planned_is_lower_bound": lower_bound(row.planned),
                "achieved": row.achieved.value if row.achieved else None,
                "achieved_is_lower_bound": lower_bound(row.achieved),
                "in_portal": row.held,
            }
            for row in drawn
        ),
        empty_message=_("The partnership's figures are not in the portal yet."),
        notes=tuple(notes),
        figure_sources=tuple(figure_sources(reported)),
    )


def rate_stages(row):
    return ((gettext("planned"), row.planned), (gettext("reported as"), row.achieved))


def lower_bound(figure):
    return None if figure is None else str(figure.is_lower_bound).lower()


def list_url(name, **params):
    return f"{reverse(name)}?{urlencode(params)}"


PUBLISHED_PRACTICES = published_through("good_practices")


def practices_by_instrument_chart():
    """Every instrument with its number of published practices (0 too), then the practices that name none."""
    # A query with GROUP BY drops the model's ordering: it is given again.
    instruments = Instrument.objects.annotate(practices=Count("good_practices", filter=PUBLISHED_PRACTICES)).order_by(
        "position", "name"
    )
    # No join (and so no COUNT(DISTINCT)): "names none" is a NOT EXISTS on the link table's index.
    links = GoodPractice.instruments.through.objects.filter(goodpractice=OuterRef("pk"))
    totals = GoodPractice.objects.published().aggregate(total=Count("pk"), without=Count("pk", filter=~Exists(links)))
    rows = [(instrument.code, instrument.name, instrument.practices) for instrument in instruments]
    if totals["without"]:
        rows.append(("", gettext("No instrument recorded"), totals["without"]))
    notes = ()
    if totals["total"]:
        notes = (
            ngettext(
                "The portal holds {count} published good practice. "
                "A practice can use more than one instrument, so the bars can add up to more.",
                "The portal holds {count} published good practices. "
                "A practice can use more than one instrument, so the bars can add up to more.",
                totals["total"],
            ).format(count=intcomma(totals["total"])),
        )
    return Chart(
        slug="practices-by-instrument",
        series=counted(_("Good practices")),
        title=_("Good practices by instrument"),
        caption=_("Published good practices by the instrument they use"),
        category_heading=_("Instrument"),
        categories=tuple(
            Category(name, (Value.count(count),), list_url("practices:practice-list", instrument=code) if code else "")
            for code, name, count in rows
        ),
        csv_columns=("instrument", "instrument_name", "good_practices"),
        csv_rows=tuple(
            {"instrument": code, "instrument_name": name, "good_practices": count} for code, name, count in rows
        ),
        empty_message=_("The portal holds no published good practices yet."),
        notes=notes,
        counted_from=(_("the published good practices"), reverse("practices:practice-list")),
    )


def practices_by_region_chart():
    """The regions with published practices, the most first, then the practices with no region."""
    groups = (
        GoodPractice.objects.published()
        .values("region__nuts_code", "region__name", "region__country")
        .annotate(practices=Count("pk"))
        .order_by("-practices", "region__name")
    )
    regions = [group for group in groups if group["region__nuts_code"]]
    without = sum(group["practices"] for group in groups if not group["region__nuts_code"])
    categories = [
        Category(
            group["region__name"],
            (Value.count(group["practices"]),),
            list_url("practices:practice-list", region=group["region__nuts_code"]),
        )
        for group in regions
    ]
    csv_rows = [
        {
            "nuts_code": group["region__nuts_code"],
            "region": group["region__name"],
            "country": group["region__country"],
            "good_practices": group["practices"],
        }
        for group in regions
    ]
    if without:
        categories.append(Category(gettext("No region recorded"), (Value.count(without),)))
        csv_rows.append({"nuts_code": "", "region": "No region recorded", "country": "", "good_practices": without})
    return Chart(
        slug="practices-by-region",
        series=counted(_("Good practices")),
        title=_("Good practices by region"),
        caption=_("Published good practices by the region they come from"),
        category_heading=_("Region"),
        categories=tuple(categories),
        csv_columns=("nuts_code", "region", "country", "good_practices"),
        csv_rows=tuple(csv_rows),
        empty_message=_("The portal holds no published good practices yet."),
        counted_from=(_("the published good practices"), reverse("practices:practice-list")),
    )


NO_DATE = _("No date recorded")


def reports_by_year_chart():
    """Every year from the first to the last publication (a year with none shows 0), then the undated reports."""
    counts = dict(
        Report.objects.published()
        .annotate(year=ExtractYear("publication_date"))
        .values_list("year")
        .annotate(reports=Count("pk"))
        .order_by()
    )
    undated = counts.pop(None, 0)
    years = range(min(counts), max(counts) + 1) if counts else []
    rows = [(year, str(year), counts.get(year, 0)) for year in years]
    if undated:
        rows.append((None, NO_DATE, undated))
    notes = ()
    if undated:
        notes = (
            ngettext(
                "{count} published report has no publication date in the portal; "
                "it is counted under “{no_date}”, not under a year.",
                "{count} published reports have no publication date in the portal; "
                "they are counted under “{no_date}”, not under a year.",
                undated,
            ).format(count=intcomma(undated), no_date=str(NO_DATE).lower()),
        )
    return Chart(
        slug="reports-by-year",
        series=counted(_("Reports")),
        title=_("Reports by year of publication"),
        caption=_("Published reports by the year they were published"),
        category_heading=_("Year"),
        categories=tuple(
            Category(label, (Value.count(count),), list_url("library:report-list", year=year) if year else "")
            for year, label, count in rows
        ),
        csv_columns=("year", "reports"),
        csv_rows=tuple({"year": year, "reports": count} for year, _label, count in rows),
        empty_message="The portal holds no published reports yet.",
        notes=notes,
        counted_from=("the published reports in the open library", reverse("library:report-list")),
    )


def reports_by_kind_chart():
    """Every kind of report, in the library's order, with its number of published reports (0 too)."""
    counts = dict(Report.objects.published().values_list("kind").annotate(reports=Count("pk")).order_by())
    rows = [(kind, label, counts.get(kind, 0)) for kind, label in ReportKind.choices]
    return Chart(
        slug="reports-by-kind",
        series=counted(_("Reports")),
        title=_("Reports by kind"),
        caption=_("Published reports by kind of document"),
        category_heading=_("Kind"),
        categories=tuple(
            Category(label, (Value.count(count),), list_url("library:report-list", kind=kind))
            for kind, label, count in rows
        ),
        csv_columns=("kind", "kind_name", "reports"),
        csv_rows=tuple({"kind": kind, "kind_name": label, "reports": count} for kind, label, count in rows),
        empty_message=_("The portal holds no published reports yet."),
        counted_from=(_("the published reports in the open library"), reverse("library:report-list")),
    )


CHARTS = {
    "activity": activity_chart,
    "practices-by-instrument": practices_by_instrument_chart,
    "practices-by-region": practices_by_region_chart,
    "reports-by-year": reports_by_year_chart,
    "reports-by-kind": reports_by_kind_chart,
}


# ---------- Views ----------


class FiguresView(TemplateView):
    template_name = "glance/figures.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(charts=[build() for build in CHARTS.values()], **kwargs)


class FigureCsvView(View):
    """/figures/<slug>.csv: one chart's figures, with the header `Chart.csv_columns`; an unknown chart is a 404."""

    def get(self, request, chart):
        build = CHARTS.get(chart)
        if build is None:
            raise Http404("No such chart.")
        figure = build()
        response = HttpResponse(
            render_csv(figure.csv_columns, figure.csv_rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{figure.csv_name}"'
        return response
