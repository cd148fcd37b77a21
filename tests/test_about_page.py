"""/about/: the partnership, its programme and funding, and its figures planned, reported and held."""

import decimal

import pytest
from django.urls import reverse

from partners.models import FigureKind, FigureStage
from practices.models import VisitKind
from publishing.models import Source, Status
from tests.factories import (
    ActionPlanFactory,
    GoodPracticeFactory,
    InstrumentFactory,
    PartnershipFactory,
    ReportedFigureFactory,
    StudyVisitFactory,
)

pytestmark = pytest.mark.django_db

ABOUT = reverse("about")


def about(client):
    response = client.get(ABOUT)
    assert response.status_code == 200
    return response.text


def row(label, planned, achieved, held):
    return (
        f'<th scope="row">{label}</th>\n'
        f'          <td class="figure-table__number">{planned}</td>\n'
        f'          <td class="figure-table__number">{achieved}</td>\n'
        f'          <td class="figure-table__number">{held}</td>'
    )


# A missing figure reads the same on every page (includes/missing_value.html).
MISSING = '<span class="missing">{}</span>'


def test_empty_database_says_the_facts_are_not_there_yet(client):
    html = about(client)

    assert "<h1" in html
    assert "The partnership's facts are not in the portal yet." in html


def test_shows_the_partnership_programme_and_funding_with_sources(client):
    partnership = PartnershipFactory(
        summary="Seven public agencies learnt from each other.",
        fund="European Regional Development Fund",
        budget_eur=decimal.Decimal("1470100.00"),
        website="https://www.interregeurope.eu/ibuy/",
        notes="The application names the project iBuy.",
    )
    partnership.sources.set([Source.objects.create(key="leaflet", title="iBuy leaflet", url="https://example.org/l")])

    html = about(client)

    assert "<p>Seven public agencies learnt from each other.</p>" in html
    assert "<dt>Programme</dt><dd>Interreg Europe 2014-2020</dd>" in html
    assert "<dt>Co-financed by</dt><dd>European Regional Development Fund</dd>" in html
    assert "<dd>1 June 2018 to 30 November 2022</dd>" in html
    assert "<dd>EUR 1,470,100</dd>" in html
    assert '<a href="https://www.interregeurope.eu/ibuy/">www.interregeurope.eu/ibuy/</a>' in html
    assert '<a href="https://example.org/l">iBuy leaflet</a>' in html
    assert "The application names the project iBuy." in html


def test_the_figure_table_sets_planned_reported_and_held_side_by_side(client):
    partnership = PartnershipFactory()
    leaflet = Source.objects.create(key="leaflet", title="iBuy leaflet")
    navigator = Source.objects.create(key="navigator", title="Funds navigator", url="https://example.org/n")
    planned = ReportedFigureFactory(
        partnership=partnership, stage=FigureStage.PLANNED, kind=FigureKind.STUDY_VISITS, value=8
    )
    planned.sources.set([navigator])
    for kind, value in [(FigureKind.STUDY_VISITS, 17), (FigureKind.PRESS_RELEASES, 65)]:
        ReportedFigureFactory(partnership=partnership, stage=FigureStage.ACHIEVED, kind=kind, value=value)
        partnership.reported_figures.get(kind=kind, stage=FigureStage.ACHIEVED).sources.set([leaflet])
    ReportedFigureFactory(partnership=partnership, stage=FigureStage.PLANNED, kind=FigureKind.ACTION_PLANS, value=7)
    StudyVisitFactory.create_batch(2, kind=VisitKind.STUDY_VISIT)
    StudyVisitFactory(kind=VisitKind.STUDY_VISIT, status=Status.DRAFT)
    ActionPlanFactory.create_batch(3)

    html = about(client)

    assert "<caption>What the application planned, what the partnership reported as achieved" in html
    assert '<th scope="col" class="figure-table__number">Reported as achieved</th>' in html
    assert row("Study visits", 8, 17, 2) in html
    assert row("Press releases", MISSING.format("not reported"), 65, MISSING.format("not kept in the portal")) in html
    assert row("Action plans", 7, MISSING.format("not reported"), 3) in html
    assert "Good practices</th>" not in html  # no source gives a figure for them here
    assert "Reported as achieved: <cite>iBuy leaflet</cite>" in html
    assert 'Planned in the application: <a href="https://example.org/n">Funds navigator</a>' in html
    assert html.count("iBuy leaflet") == 1


def test_instruments_are_explained(client):
    PartnershipFactory()
    InstrumentFactory(name="Pre-commercial procurement", abbreviation="PCP", description="Buying R&D services.")

    html = about(client)

    assert 'Pre-commercial procurement <span class="tag tag--instrument">PCP</span>' in html
    assert "<p>Buying R&amp;D services.</p>" in html


@pytest.mark.parametrize("rows", [2, 200])
def test_about_page_query_count(client, django_assert_num_queries, rows):
    """Guards a query per figure (its sources), per instrument (its sources) and per held record."""
    partnership = PartnershipFactory()
    partnership.sources.set([Source.objects.create(key=f"s{n}", title=f"Source {n}") for n in range(2)])
    for position, kind in enumerate(FigureKind.values):
        for stage in FigureStage.values:
            figure = ReportedFigureFactory(partnership=partnership, stage=stage, kind=kind, position=position)
            figure.sources.set(partnership.sources.all())
    for _ in range(2):
        InstrumentFactory().sources.set(partnership.sources.all())
    GoodPracticeFactory.create_batch(rows)
    StudyVisitFactory.create_batch(rows)

    # Partnership, its sources, its figures, their sources; four counts of held records; instruments and sources.
    with django_assert_num_queries(10):
        html = about(client)

    assert html.count('<th scope="row">') == len(FigureKind.values)
    assert f'<td class="figure-table__number">{rows}</td>' in html
