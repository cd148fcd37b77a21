"""Bar charts drawn by the server: what a chart says (`Chart`: its categories, values and CSV rows) and its
geometry (`BarChart`: bars, ticks and wrapped labels in SVG user units), which
`templates/glance/includes/chart_bars.html` draws; the template does no arithmetic. No query here: the five
charts of /figures/ are built from the database in `glance.charts`.
"""

import math
import textwrap
from dataclasses import dataclass
from functools import cached_property

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext

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
    missing: str = ""  # why there is no amount, for includes/missing_value.html: "" (not reported) or "not-kept"

    @classmethod
    def count(cls, amount):
        return cls(amount, intcomma(amount))


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
        return gettext("Horizontal bar chart. {figures}. The table below gives the same figures.").format(
            figures="; ".join(parts)
        )

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
            Tick(value, self.x_of(value), intcomma(value), "start" if self.x_of(value) == 0 else "middle")
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
