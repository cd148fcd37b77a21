"""/figures/: the portal's figures as bar charts drawn by the server, each with its data table and a CSV download.

Five charts: the partnership's reported activity figures beside the records the portal holds, good practices by
instrument and by region, reports by year and by kind. Only published records are counted. Each chart is built
by one function in `CHARTS`, in a fixed number of queries whatever the number of records (counts are grouped in
the database); `/figures/<slug>.csv` runs only that chart's queries.

`Chart` holds what a chart says (its categories, values and CSV rows); `BarChart` turns it into geometry in
SVG user units, which `templates/includes/chart_bars.html` draws. The template does no arithmetic.
"""

import math
import textwrap
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views import View
from django.views.generic import TemplateView

from ibuy_portal.figures import figure_sources, figure_table, held_only_note
from library.models import Report, ReportKind
from partners.models import Instrument, Partnership, ReportedFigure
from practices.models import GoodPractice
from publishing.exports import render_csv
from publishing.models import Status

# ---------- What a chart says ----------


@dataclass(frozen=True)
class Series:
    """One set of bars: `label` is printed beside each of its bars, `heading` heads its column in the table.

    `pattern` ("solid", "hatch" or "dots") tells the series apart without colour.
    """

    key: str
    label: str
    heading: str
    colour: str = "#003399"
    pattern: str = "solid"


@dataclass(frozen=True)
class Value:
    """A number for one bar, or None where there is none; `text` is printed beside the bar and in the table."""

    amount: int | None
    text: str

    @classmethod
    def count(cls, amount):
        return cls(amount, f"{amount:,}")


@dataclass(frozen=True)
class Category:
    label: str
    values: tuple[Value, ...]  # one per series
    url: str = ""  # the list of the records counted, where there is one


def counted(noun):
    """The single series of a chart that counts records: `noun` heads the table's column ("Good practices")."""
    return (Series("count", noun, noun),)


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    caption: str  # the data table's caption
    category_heading: str  # the table's first column
    categories: tuple[Category, ...]
    csv_columns: tuple[str, ...]
    csv_rows: tuple[dict, ...]
    empty_message: str  # shown instead of the chart when it has nothing to draw
    series: tuple[Series, ...]
    notes: tuple[str, ...] = ()
    figure_sources: tuple = ()  # [(stage label, [source, ...]), ...] for reported figures
    counted_from: tuple[str, str] | None = None  # (what, list URL) for counts of the portal's records

    @property
    def has_data(self):
        return any(value.amount for category in self.categories for value in category.values)

    @cached_property
    def bars(self):
        return BarChart(self.slug, self.series, self.categories)

    @property
    def description(self):
        """The chart's figures in words, for the SVG's <desc>."""
        if len(self.series) == 1:
            parts = [f"{category.label}: {category.values[0].text}" for category in self.categories]
        else:
            parts = [
                f"{category.label}: "
                + ", ".join(
                    f"{series.label.lower()} {value.text}"
                    for series, value in zip(self.series, category.values, strict=True)
                )
                for category in self.categories
            ]
        return "Horizontal bar chart. " + "; ".join(parts) + ". The table below gives the same figures."

    @property
    def csv_name(self):
        return f"ibuy-figures-{self.slug}.csv"


# ---------- Geometry ----------

VIEW_WIDTH = 360  # SVG user units; the drawing scales to its box, down to a 375 px phone
FONT_SIZE = 15
SERIES_FONT_SIZE = 14
CHAR_WIDTH = 8.4  # a generous average advance of a 15-unit sans-serif glyph, to reserve room for a text
SCALE_FONT_SIZE = 13
LINE_HEIGHT = 19
LABEL_CHARS = 42  # a category label longer than this wraps onto the next line
AXIS_HEIGHT = 22  # the scale's numbers above the bars
TEXT_GAP = 5


@dataclass(frozen=True)
class Tick:
    value: int
    x: float
    text: str
    anchor: str = "middle"  # "start" where the scale starts at the chart's left edge


@dataclass(frozen=True)
class LabelLine:
    y: float
    text: str


@dataclass(frozen=True)
class BarShape:
    series: Series
    value: Value
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float

    @property
    def is_missing(self):
        return self.value.amount is None


@dataclass(frozen=True)
class RowShape:
    lines: tuple[LabelLine, ...]
    bars: tuple[BarShape, ...]


def nice_step(largest, ticks=4):
    """A round step (1, 2 or 5 times a power of ten, at least 1) that divides 0..largest into about `ticks` parts."""
    if largest <= ticks:
        return 1
    rough = largest / ticks
    power = 10 ** math.floor(math.log10(rough))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= rough)


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: each category's label on a line of its own, then one bar per series beneath it.

    With several series, each bar starts after a column with the series' name, so colour is never the only cue;
    every bar's value (or why there is none) is printed at its end. Bar lengths are proportional to the values,
    on a scale from 0 to a round number at least as large as the largest value.
    """

    id: str
    series: tuple[Series, ...]
    categories: tuple[Category, ...]
    width: int = VIEW_WIDTH
    font_size: int = FONT_SIZE
    series_font_size: int = SERIES_FONT_SIZE
    scale_font_size: int = SCALE_FONT_SIZE

    @property
    def is_grouped(self):
        return len(self.series) > 1

    @cached_property
    def step(self):
        return nice_step(self.largest)

    @cached_property
    def largest(self):
        return max((value.amount or 0 for category in self.categories for value in category.values), default=0)

    @cached_property
    def scale_max(self):
        return max(self.step, math.ceil(self.largest / self.step) * self.step)

    @cached_property
    def plot_x(self):
        if not self.is_grouped:
            return 0
        return round(max(len(series.label) for series in self.series) * self.series_font_size * 0.55 + 2 * TEXT_GAP)

    @cached_property
    def plot_width(self):
        texts = [value.text for category in self.categories for value in category.values]
        reserve = max(len(text) for text in [*texts, str(self.scale_max)]) * CHAR_WIDTH + TEXT_GAP
        return self.width - self.plot_x - math.ceil(reserve)

    def x_of(self, amount):
        return round(self.plot_x + amount * self.plot_width / self.scale_max, 2)

    @cached_property
    def ticks(self):
        values = range(0, self.scale_max + 1, self.step)
        return tuple(
            Tick(value, self.x_of(value), f"{value:,}", "start" if self.x_of(value) == 0 else "middle")
            for value in values
        )

    @cached_property
    def _layout(self):
        bar_height = 17 if self.is_grouped else 20
        text_dy = bar_height / 2 + self.font_size * 0.35  # a baseline that centres the text on the bar
        y = AXIS_HEIGHT + 4
        rows = []
        for category in self.categories:
            lines = []
            for text in textwrap.wrap(category.label, LABEL_CHARS) or [""]:
                lines.append(LabelLine(y + self.font_size, text))
                y += LINE_HEIGHT
            y += 2
            bars = []
            for series, value in zip(self.series, category.values, strict=True):
                width = self.x_of(value.amount or 0) - self.plot_x
                bars.append(
                    BarShape(
                        series=series,
                        value=value,
                        x=self.plot_x,
                        y=y,
                        width=round(width, 2),
                        height=bar_height,
                        text_x=round(self.plot_x + width + TEXT_GAP, 2),
                        text_y=round(y + text_dy, 2),
                    )
                )
                y += bar_height + 4
            rows.append(RowShape(tuple(lines), tuple(bars)))
            y += 10 if self.is_grouped else 6
        return tuple(rows), y

    @property
    def rows(self):
        return self._layout[0]

    @property
    def plot_bottom(self):
        return self._layout[1] - 6

    @property
    def height(self):
        return self._layout[1]

    @property
    def axis_top(self):
        return AXIS_HEIGHT

    @property
    def tick_text_y(self):
        return AXIS_HEIGHT - 7

    @property
    def patterns(self):
        return [series for series in self.series if series.pattern != "solid"]


# ---------- The five charts ----------

MISSING_FIGURE = Value(None, "not reported")
NOT_KEPT = Value(None, "not kept")

ACTIVITY_SERIES = (
    Series("planned", "Planned", "Planned", colour="#003399", pattern="hatch"),
    Series("achieved", "Achieved", "Reported as achieved", colour="#003399"),
    Series("in_portal", "In portal", "In this portal", colour="#00703c", pattern="dots"),
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
            "Planned in the application, with no reported figure and no records in the portal to set beside them: "
            + "; ".join(f"{row.label.lower()}, {row.planned.display_value}" for row in planned_only)
            + "."
        )
    for row in rates:
        told = [f"{stage} {figure.display_value}" for stage, figure in rate_stages(row) if figure is not None]
        notes.append(f"Not drawn: {row.label.lower()}, {' and '.join(told)}, a rate rather than a number of records.")
    if note := held_only_note(drawn):
        notes.append(note)
    return Chart(
        slug="activity",
        title="Activity figures: planned, reported and in this portal",
        caption="What the application planned, what the partnership reported as achieved, and the records this "
        "portal holds",
        category_heading="Activity",
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
        empty_message="The partnership's figures are not in the portal yet.",
        notes=tuple(notes),
        figure_sources=tuple(figure_sources(reported)),
    )


def rate_stages(row):
    return (("planned", row.planned), ("reported as", row.achieved))


def lower_bound(figure):
    return None if figure is None else str(figure.is_lower_bound).lower()


def list_url(name, **params):
    return f"{reverse(name)}?{urlencode(params)}"


PUBLISHED_PRACTICES = Q(good_practices__status=Status.PUBLISHED)


def practices_by_instrument_chart():
    """Every instrument with its number of published practices (0 too), then the practices that name none."""
    # A query with GROUP BY drops the model's ordering: it is given again.
    instruments = Instrument.objects.annotate(practices=Count("good_practices", filter=PUBLISHED_PRACTICES)).order_by(
        "position", "name"
    )
    totals = GoodPractice.objects.published().aggregate(
        total=Count("pk", distinct=True), without=Count("pk", filter=Q(instruments=None), distinct=True)
    )
    rows = [(instrument.code, instrument.name, instrument.practices) for instrument in instruments]
    if totals["without"]:
        rows.append(("", "No instrument recorded", totals["without"]))
    notes = ()
    if totals["total"]:
        notes = (
            f"The portal holds {totals['total']:,} published good practice{'s' if totals['total'] != 1 else ''}. "
            "A practice can use more than one instrument, so the bars can add up to more.",
        )
    return Chart(
        slug="practices-by-instrument",
        series=counted("Good practices"),
        title="Good practices by instrument",
        caption="Published good practices by the instrument they use",
        category_heading="Instrument",
        categories=tuple(
            Category(name, (Value.count(count),), list_url("practices:practice-list", instrument=code) if code else "")
            for code, name, count in rows
        ),
        csv_columns=("instrument", "instrument_name", "good_practices"),
        csv_rows=tuple(
            {"instrument": code, "instrument_name": name, "good_practices": count} for code, name, count in rows
        ),
        empty_message="The portal holds no published good practices yet.",
        notes=notes,
        counted_from=("the published good practices", reverse("practices:practice-list")),
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
        categories.append(Category("No region recorded", (Value.count(without),)))
        csv_rows.append({"nuts_code": "", "region": "No region recorded", "country": "", "good_practices": without})
    return Chart(
        slug="practices-by-region",
        series=counted("Good practices"),
        title="Good practices by region",
        caption="Published good practices by the region they come from",
        category_heading="Region",
        categories=tuple(categories),
        csv_columns=("nuts_code", "region", "country", "good_practices"),
        csv_rows=tuple(csv_rows),
        empty_message="The portal holds no published good practices yet.",
        counted_from=("the published good practices", reverse("practices:practice-list")),
    )


NO_DATE = "No date recorded"


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
            f"{undated:,} published report{'s have' if undated != 1 else ' has'} no publication date in the portal; "
            f"{'they are' if undated != 1 else 'it is'} counted under “{NO_DATE.lower()}”, not under a year.",
        )
    return Chart(
        slug="reports-by-year",
        series=counted("Reports"),
        title="Reports by year of publication",
        caption="Published reports by the year they were published",
        category_heading="Year",
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
        series=counted("Reports"),
        title="Reports by kind",
        caption="Published reports by kind of document",
        category_heading="Kind",
        categories=tuple(
            Category(label, (Value.count(count),), list_url("library:report-list", kind=kind))
            for kind, label, count in rows
        ),
        csv_columns=("kind", "kind_name", "reports"),
        csv_rows=tuple({"kind": kind, "kind_name": label, "reports": count} for kind, label, count in rows),
        empty_message="The portal holds no published reports yet.",
        counted_from=("the published reports in the open library", reverse("library:report-list")),
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
    template_name = "figures.html"

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
