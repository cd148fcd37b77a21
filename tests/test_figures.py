"""/figures/: five bar charts drawn by the server, each with its data table and a CSV at /figures/<chart>.csv.

What a visitor reads (the table beside each chart, the bars and their printed values), what a CSV holds, that
only published records count, and that the page and each CSV run a fixed number of queries.
"""

import csv
import datetime
import html as html_module
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.urls import reverse

from glance.bar_charts import BarChart, Category, Series, Value, nice_step
from library.models import Report, ReportKind
from partners.models import ActionPlan, FigureKind, FigureStage
from practices.models import GoodPractice, StudyVisit, VisitKind
from publishing.models import Source, Status
from tests.factories import (
    ActionPlanFactory,
    GoodPracticeFactory,
    InstrumentFactory,
    PartnershipFactory,
    RegionFactory,
    ReportedFigureFactory,
    ReportFactory,
    StudyVisitFactory,
)

pytestmark = pytest.mark.django_db

FIGURES = reverse("glance:figures")
SVG = "{http://www.w3.org/2000/svg}"
CHART_SLUGS = ["activity", "practices-by-instrument", "practices-by-region", "reports-by-year", "reports-by-kind"]


def page(client):
    response = client.get(FIGURES)
    assert response.status_code == 200
    return response.text


def section(html, slug):
    """The HTML of one chart's section."""
    match = re.search(rf'<section class="section chart" id="{slug}".*?</section>', html, re.S)
    assert match, f"no section {slug}"
    return match.group(0)


def text_of(fragment):
    return html_module.unescape(" ".join(re.sub(r"<[^>]+>", " ", fragment).split()))


def table_rows(html, slug):
    """The body rows of a chart's data table, as the texts of their cells."""
    body = re.search(r"<tbody>(.*?)</tbody>", section(html, slug), re.S).group(1)
    return [
        [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def drawing(html, slug):
    """A chart's SVG, parsed as XML (so it must be well formed)."""
    svg = re.search(r"<svg .*?</svg>", section(html, slug), re.S).group(0)
    return ET.fromstring(svg)


def bar_widths(svg):
    """{value printed beside the bar: bar width} for a one-series chart."""
    widths = {}
    for row in svg.iter(f"{SVG}g"):
        if row.get("class") != "chart__row":
            continue
        rects = row.findall(f"{SVG}rect")
        value_text = row.findall(f"{SVG}text")[-1].text
        widths.setdefault(value_text, set()).update(float(rect.get("width")) for rect in rects)
    return widths


def download(client, slug):
    response = client.get(reverse("glance:figure-csv", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="ibuy-figures-{slug}.csv"'
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


# ---------- The documented content ----------


@pytest.fixture
def documented(db):
    call_command("load_documented_content", "ibuy", verbosity=0)


def test_documented_figures_stand_beside_what_the_portal_holds(client, documented):
    meetings = StudyVisit.objects.published().filter(kind=VisitKind.PARTNERS_MEETING).count()
    visits = StudyVisit.objects.published().filter(kind=VisitKind.STUDY_VISIT).count()
    stakeholder_meetings = StudyVisit.objects.published().filter(kind=VisitKind.STAKEHOLDER_MEETING).count()
    seminars = StudyVisit.objects.published().filter(kind=VisitKind.SEMINAR).count()
    events = StudyVisit.objects.published().filter(kind=VisitKind.DISSEMINATION_EVENT).count()
    assert (stakeholder_meetings, seminars, events) == (2, 2, 1)  # the documented ones, each counted below
    practices = GoodPractice.objects.published().count()
    reports = Report.objects.published().count()
    plans = ActionPlan.objects.published().count()

    html = page(client)

    assert table_rows(html, "activity") == [
        ["Partners' meetings", "not reported", "7", str(meetings)],
        ["Study visits", "8", "17", str(visits)],
        ["Good practices", "not reported", "33", str(practices)],
        ["Open-library reports", "not reported", "28", str(reports)],
        ["Press releases", "not reported", "65", "not kept in the portal"],
        ["Newsletters", "not reported", "5", "not kept in the portal"],
        ["Stakeholder meetings", "35", "not reported", "2"],
        ["Action plans", "7", "not reported", str(plans)],
        ["International seminars", "not reported", "not reported", "2"],
        ["Dissemination events", "not reported", "not reported", "1"],
    ]
    activity = section(html, "activity")
    assert "internal workshops, 8" in activity  # planned only: told, not drawn
    assert "stakeholder meetings, 35" not in activity  # drawn beside the portal's records, not told as planned only
    assert (
        "The portal counts its international seminars and dissemination events on rows of their own: no source "
        "says which of them were the dissemination seminars that the application planned." in activity
    )
    assert "Not drawn: website sessions, reported as more than 1,000 per semester, a rate" in activity
    assert "Reported as achieved: iBuy partnership: iBuy – fostering the role" in text_of(activity)
    assert "Planned in the application: Funds Navigator:" in text_of(activity)
    assert f"Good practices: planned not reported, achieved 33, in portal {practices}" in activity


def test_documented_reports_have_no_date_and_say_so(client, documented):
    reports = Report.objects.published().count()

    html = page(client)

    assert table_rows(html, "reports-by-year") == [["No date recorded", str(reports)]]
    assert f"{reports} published reports have no publication date in the portal" in html
    assert download(client, "reports-by-year") == [["year", "reports"], ["", str(reports)]]


def test_documented_practices_by_instrument_and_region_match_the_records(client, documented):
    html = page(client)

    by_instrument = dict(table_rows(html, "practices-by-instrument"))
    assert by_instrument["Public procurement of innovation"] == str(
        GoodPractice.objects.published().filter(instruments__code="ppi").count()
    )
    by_region = dict(table_rows(html, "practices-by-region"))
    assert by_region["Latvia"] == str(GoodPractice.objects.published().filter(region__nuts_code="LV").count())
    assert sum(int(count) for count in by_region.values()) == GoodPractice.objects.published().count()


# ---------- Generated data ----------


def test_practices_by_instrument_count_published_practices_only(client):
    ppi = InstrumentFactory(code="ppi", name="Public procurement of innovation", position=1)
    pcp = InstrumentFactory(code="pcp", name="Pre-commercial procurement", position=2)
    InstrumentFactory(code="ip", name="Innovation partnership", position=3)
    GoodPracticeFactory.create_batch(2, instruments=[ppi])
    GoodPracticeFactory(instruments=[ppi, pcp])
    GoodPracticeFactory()
    GoodPracticeFactory(instruments=[ppi, pcp], status=Status.DRAFT)
    GoodPracticeFactory(status=Status.SUBMITTED)

    html = page(client)

    assert table_rows(html, "practices-by-instrument") == [
        ["Public procurement of innovation", "3"],
        ["Pre-commercial procurement", "1"],
        ["Innovation partnership", "0"],
        ["No instrument recorded", "1"],
    ]
    assert "The portal holds 4 published good practices." in html
    assert '<a href="/practices/?instrument=ppi">Public procurement of innovation</a>' in html
    assert download(client, "practices-by-instrument") == [
        ["instrument", "instrument_name", "good_practices"],
        ["ppi", "Public procurement of innovation", "3"],
        ["pcp", "Pre-commercial procurement", "1"],
        ["ip", "Innovation partnership", "0"],
        ["", "No instrument recorded", "1"],
    ]


def test_practices_by_region_most_first_then_those_without(client):
    tampere = RegionFactory(name="Tampere Region", nuts_code="FI197", country="FI")
    latvia = RegionFactory(name="Latvia", nuts_code="LV", country="LV")
    GoodPracticeFactory.create_batch(2, region=latvia)
    GoodPracticeFactory(region=tampere)
    GoodPracticeFactory(region=None)
    GoodPracticeFactory.create_batch(3, region=tampere, status=Status.DRAFT)

    html = page(client)

    assert table_rows(html, "practices-by-region") == [
        ["Latvia", "2"],
        ["Tampere Region", "1"],
        ["No region recorded", "1"],
    ]
    assert '<a href="/practices/?region=FI197">Tampere Region</a>' in html
    assert download(client, "practices-by-region") == [
        ["nuts_code", "region", "country", "good_practices"],
        ["LV", "Latvia", "LV", "2"],
        ["FI197", "Tampere Region", "FI", "1"],
        ["", "No region recorded", "", "1"],
    ]


def test_reports_by_year_fill_the_years_between_and_count_undated_apart(client):
    ReportFactory.create_batch(2, publication_date=datetime.date(2019, 5, 1))
    ReportFactory(publication_date=datetime.date(2021, 12, 31))
    ReportFactory(publication_date=None)
    ReportFactory(publication_date=datetime.date(2020, 1, 1), status=Status.DRAFT)
    ReportFactory(publication_date=datetime.date(2022, 1, 1), status=Status.ARCHIVED)

    html = page(client)

    assert table_rows(html, "reports-by-year") == [
        ["2019", "2"],
        ["2020", "0"],
        ["2021", "1"],
        ["No date recorded", "1"],
    ]
    assert "1 published report has no publication date in the portal; it is counted" in html
    assert download(client, "reports-by-year") == [
        ["year", "reports"],
        ["2019", "2"],
        ["2020", "0"],
        ["2021", "1"],
        ["", "1"],
    ]


def test_reports_by_kind_list_every_kind(client):
    ReportFactory.create_batch(3, kind=ReportKind.STUDY)
    ReportFactory(kind=ReportKind.LEAFLET)
    ReportFactory(kind=ReportKind.GUIDELINE, status=Status.DRAFT)

    html = page(client)

    assert table_rows(html, "reports-by-kind") == [
        ["Study", "3"],
        ["Guideline", "0"],
        ["Report", "0"],
        ["Policy analysis", "0"],
        ["Leaflet", "1"],
        ["Other", "0"],
    ]
    assert download(client, "reports-by-kind") == [
        ["kind", "kind_name", "reports"],
        *[[kind, label, {"study": "3", "leaflet": "1"}.get(kind, "0")] for kind, label in ReportKind.choices],
    ]


def test_activity_figures_missing_is_not_reported_never_zero(client):
    partnership = PartnershipFactory()
    source = Source.objects.create(key="report", title="Final report", url="https://example.org/final")
    planned = ReportedFigureFactory(
        partnership=partnership, stage=FigureStage.PLANNED, kind=FigureKind.STUDY_VISITS, value=8
    )
    achieved = ReportedFigureFactory(
        partnership=partnership, kind=FigureKind.STUDY_VISITS, value=17, is_lower_bound=True
    )
    ReportedFigureFactory(partnership=partnership, kind=FigureKind.PRESS_RELEASES, value=65)
    for figure in (planned, achieved):
        figure.sources.set([source])
    StudyVisitFactory.create_batch(2, kind=VisitKind.STUDY_VISIT)
    StudyVisitFactory(kind=VisitKind.STUDY_VISIT, status=Status.DRAFT)
    StudyVisitFactory(kind=VisitKind.SEMINAR)

    html = page(client)

    # The seminar is no study visit: it is counted on a row of its own, with no figure planned or reported.
    assert table_rows(html, "activity") == [
        ["Study visits", "8", "more than 17", "2"],
        ["Press releases", "not reported", "65", "not kept in the portal"],
        ["International seminars", "not reported", "not reported", "1"],
    ]
    assert 'Reported as achieved: <a href="https://example.org/final">Final report</a>' in html
    svg = drawing(html, "activity")
    texts = [text.text for text in svg.iter(f"{SVG}text")]
    assert texts.count("not reported") == 3
    assert texts.count("not kept in the portal") == 1
    # A bar per value; none for a missing one, none drawn as zero.
    assert len([rect for rect in svg.iter(f"{SVG}rect") if rect.get("class", "").startswith("chart__bar")]) == 5
    assert download(client, "activity") == [
        [
            "kind",
            "activity",
            "planned",
            "planned_is_lower_bound",
            "achieved",
            "achieved_is_lower_bound",
            "in_portal",
        ],
        ["study-visits", "Study visits", "8", "false", "17", "true", "2"],
        ["press-releases", "Press releases", "", "", "65", "false", ""],
        ["seminar", "International seminars", "", "", "", "", "1"],
    ]


def test_bar_lengths_are_proportional_to_the_values(client):
    regions = [RegionFactory(name=f"Region {n}") for n in range(3)]
    for region, count in zip(regions, [6, 3, 1], strict=True):
        GoodPracticeFactory.create_batch(count, region=region)

    widths = bar_widths(drawing(page(client), "practices-by-region"))

    (six,), (three,), (one,) = widths["6"], widths["3"], widths["1"]
    assert six == pytest.approx(2 * three, abs=0.02)
    assert six == pytest.approx(6 * one, abs=0.05)


def test_the_scale_is_round_and_starts_at_zero():
    chart = BarChart(
        "test",
        (Series("count", "Number", "Number"),),
        (Category("a", (Value.count(65),)), Category("b", (Value.count(13),)), Category("c", (Value(None, "none"),))),
    )

    assert [tick.text for tick in chart.ticks] == ["0", "20", "40", "60", "80"]
    a, b, c = (row.bars[0] for row in chart.rows)
    assert a.width == pytest.approx(chart.plot_width * 65 / 80, abs=0.01)
    assert a.width == pytest.approx(5 * b.width, abs=0.05)
    assert c.width == 0
    assert c.is_missing
    assert a.x + a.width < a.text_x < chart.width
    assert [nice_step(n) for n in (0, 3, 7, 40, 65, 1000)] == [1, 1, 2, 10, 20, 500]


def test_long_labels_wrap_inside_the_drawing():
    label = "A region with a very long name that would not fit on one line of a phone's screen"
    chart = BarChart("test", (Series("count", "Number", "Number"),), (Category(label, (Value.count(1),)),))

    lines = chart.rows[0].lines

    assert len(lines) == 2
    assert " ".join(line.text for line in lines) == label
    assert lines[1].y > lines[0].y


def test_csv_cells_a_spreadsheet_would_run_get_an_apostrophe(client):
    GoodPracticeFactory(region=RegionFactory(name='=HYPERLINK("http://evil")', nuts_code="XX1"))

    rows = download(client, "practices-by-region")

    assert rows[1] == ["XX1", '\'=HYPERLINK("http://evil")', "LT", "1"]


@pytest.mark.parametrize("slug", ["nope", "ACTIVITY", "activity-figures", "practices_by_region"])
def test_an_unknown_chart_is_not_found(client, slug):
    assert client.get(f"/figures/{slug}.csv").status_code == 404


def test_an_empty_portal_says_what_is_missing_and_draws_nothing(client):
    InstrumentFactory()

    html = page(client)

    assert "<svg" not in html
    assert "The partnership&#x27;s figures are not in the portal yet." in html
    assert html.count("The portal holds no published good practices yet.") == 2
    assert html.count("The portal holds no published reports yet.") == 2
    assert download(client, "activity") == [
        ["kind", "activity", "planned", "planned_is_lower_bound", "achieved", "achieved_is_lower_bound", "in_portal"]
    ]
    assert download(client, "practices-by-region") == [["nuts_code", "region", "country", "good_practices"]]


# ---------- Accessibility and the Content Security Policy ----------


def test_each_chart_is_an_image_named_by_its_title_and_description(client, documented):
    html = page(client)

    for slug in CHART_SLUGS:
        part = section(html, slug)
        svg = drawing(html, slug)
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == f"{slug}-title {slug}-desc"
        assert svg.find(f"{SVG}title").get("id") == f"{slug}-title"
        assert svg.find(f"{SVG}desc").get("id") == f"{slug}-desc"
        assert svg.find(f"{SVG}desc").text.startswith("Horizontal bar chart.")
        assert svg.get("viewBox").startswith("0 0 360 ")
        assert f'<h2 id="{slug}-heading">' in part
        assert f'<caption id="{slug}-caption">' in part
        assert '<th scope="col">' in part
        assert '<th scope="row">' in part
        assert f'<a href="/figures/{slug}.csv" download>Download CSV<span class="visually-hidden">:' in part


def test_the_page_has_no_inline_style_script_or_handler(client, documented):
    html = page(client)

    assert not re.search(r"\sstyle=", html)
    assert "<style" not in html
    assert "<script" not in html
    assert not re.search(r"\son[a-z]+=", html)
    assert '<link rel="stylesheet" href="/static/css/figures.css">' in html


def test_about_links_to_the_charts(client, documented):
    response = client.get(reverse("about"))

    assert '<a href="/figures/">See the figures as charts</a>' in response.text


# ---------- Queries ----------


def populate(rows):
    """`rows` of everything a chart counts: figures, practices (each its own region and instrument), reports."""
    partnership = PartnershipFactory()
    sources = [Source.objects.create(key=f"s{n}", title=f"Source {n}") for n in range(2)]
    for position, kind in enumerate(FigureKind.values):
        for stage in FigureStage.values:
            figure = ReportedFigureFactory(partnership=partnership, stage=stage, kind=kind, position=position)
            figure.sources.set(sources)
    for n in range(rows):
        GoodPracticeFactory(instruments=[InstrumentFactory()])
        StudyVisitFactory(kind=VisitKind.PARTNERS_MEETING)
        ReportFactory(publication_date=datetime.date(1990 + n, 1, 1), kind=ReportKind.values[n % len(ReportKind)])
        ActionPlanFactory()


# The figures with their sources (2), the portal's holdings (4), practices by instrument (2), by region (1),
# reports by year (1), by kind (1).
CSV_QUERIES = {
    "activity": 6,
    "practices-by-instrument": 2,
    "practices-by-region": 1,
    "reports-by-year": 1,
    "reports-by-kind": 1,
}


@pytest.mark.parametrize("rows", [1, 50])
def test_page_query_count(client, django_assert_num_queries, rows):
    """Guards a query per figure (its sources), per instrument, per region, per year or per kind."""
    populate(rows)

    with django_assert_num_queries(sum(CSV_QUERIES.values())):
        html = page(client)

    assert len(table_rows(html, "practices-by-region")) == rows
    assert len(table_rows(html, "reports-by-year")) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_csv_query_count(client, django_assert_num_queries, rows):
    """Guards a query per row of a chart's CSV; each CSV runs only its own chart's queries."""
    populate(rows)

    lines = {"activity": len(FigureKind), "reports-by-kind": len(ReportKind)}  # the others: a line per record

    for slug in CHART_SLUGS:
        with django_assert_num_queries(CSV_QUERIES[slug]):
            csv_rows = download(client, slug)
        assert len(csv_rows) == 1 + lines.get(slug, rows)
