"""The home page, as a visitor sees it: the partnership, its partners and its reported activity figures."""

import datetime
import decimal

import pytest
from django.urls import reverse

from partners.models import FigureKind, FigureStage, Role
from publishing.models import Source, Status
from tests.factories import (
    GoodPracticeFactory,
    InstrumentFactory,
    PartnerFactory,
    PartnershipFactory,
    RegionFactory,
    ReportedFigureFactory,
)

pytestmark = pytest.mark.django_db

HOME = reverse("home")

# The partnership with its achieved figures (2), the portal's holdings (3), the partnership's sources (1),
# the partners with their regions (1) and the instruments with their sources (2).
HOME_PAGE_QUERIES = 9


def test_empty_database_says_there_is_no_content_yet(client):
    response = client.get(HOME)

    assert response.status_code == 200
    assert "There is no content in the portal yet." in response.text
    assert "<h1" in response.text


def test_shows_the_partnership_its_key_facts_and_their_sources(client):
    partnership = PartnershipFactory(
        summary="Seven public agencies learnt from each other.\n\nThey wrote action plans.",
        fund="European Regional Development Fund",
        budget_eur=decimal.Decimal("1470100.00"),
        website="https://projects2014-2020.interregeurope.eu/ibuy/",
        notes="The application names the project iBuy; so does the portal.",
    )
    partnership.sources.set(
        [
            Source.objects.create(
                key="ibuy-project-page",
                title="iBuy project page",
                publisher="Interreg Europe",
                url="https://projects2014-2020.interregeurope.eu/ibuy/",
            ),
            Source.objects.create(key="application", title="iBuy application form", note="Kept by the lead partner."),
        ]
    )

    html = client.get(HOME).text

    assert "Fostering the role of public authorities as demanders of innovation" in html
    assert "<p>Seven public agencies learnt from each other.</p>" in html
    assert "Interreg Europe 2014-2020" in html
    assert "<dt>Co-financed by</dt><dd>European Regional Development Fund</dd>" in html
    assert "1 June 2018 to 30 November 2022" in html
    assert "EUR 1,470,100" in html
    assert "1,470,100.00" not in html
    assert '<a href="#sources-heading">Where these facts come from</a>' in html
    assert '<h2 id="sources-heading">Sources</h2>' in html
    assert 'Interreg Europe: <a href="https://projects2014-2020.interregeurope.eu/ibuy/">iBuy project page</a>' in html
    assert "<cite>iBuy application form</cite>" in html
    assert "Kept by the lead partner." in html
    assert "Where the sources disagree" in html
    assert "The application names the project iBuy; so does the portal." in html


def test_key_facts_leave_out_what_the_partnership_did_not_report(client):
    PartnershipFactory(fund="", budget_eur=None, website="")

    html = client.get(HOME).text

    assert "Co-financed by" not in html
    assert "Total budget" not in html
    assert "<dt>Website</dt>" not in html
    assert "None" not in html


def test_shows_each_published_partner_with_country_region_and_role(client):
    PartnershipFactory()
    lead = PartnerFactory(
        number=1,
        name="Agency for Innovation of Lithuania",
        acronym="MITA",
        role=Role.LEAD,
        region=RegionFactory(name="Lithuania", nuts_code="LT", country="LT"),
    )
    partner = PartnerFactory(
        number=2,
        name="Regional Council of Päijät-Häme",
        region=RegionFactory(name="Päijät-Häme", nuts_code="FI1C3", country="FI"),
    )
    PartnerFactory(name="A partner still in draft", status=Status.DRAFT)

    html = client.get(HOME).text

    assert f'<a href="{lead.get_absolute_url()}">Agency for Innovation of Lithuania</a>' in html
    assert f'<a href="{partner.get_absolute_url()}">Regional Council of Päijät-Häme</a>' in html
    assert "<dd>MITA</dd>" in html
    assert "<dd>Finland</dd>" in html
    assert "<dd>Päijät-Häme</dd>" in html
    assert '<li class="card card--lead">' in html
    assert '<span class="badge badge--lead">Lead partner</span>' in html
    assert '<span class="badge">Partner</span>' in html
    assert html.count("card--lead") == 1
    assert "A partner still in draft" not in html


def test_reported_figures_stand_beside_the_records_the_portal_holds(client):
    partnership = PartnershipFactory()
    ReportedFigureFactory(
        partnership=partnership,
        kind=FigureKind.GOOD_PRACTICES,
        value=17,
    )
    ReportedFigureFactory(partnership=partnership, kind=FigureKind.PRESS_RELEASES, value=40, is_lower_bound=True)
    GoodPracticeFactory.create_batch(2)
    GoodPracticeFactory(status=Status.DRAFT)

    html = client.get(HOME).text

    assert "<caption>" in html
    assert '<th scope="col" class="figure-table__number">Reported by the partnership</th>' in html
    assert '<th scope="col" class="figure-table__number">Records in this portal</th>' in html
    assert "Partnership activities" in html
    assert "Communication activities" in html
    good_practices_row = (
        '<th scope="row">Good practices</th>\n'
        '  <td class="figure-table__number">17</td>\n'
        '  <td class="figure-table__number">2</td>'
    )
    assert good_practices_row in html
    press_releases_row = (
        '<th scope="row">Press releases</th>\n  <td class="figure-table__number">more than 40</td>\n'
        '  <td class="figure-table__number"><span aria-hidden="true">—</span>'
        '<span class="visually-hidden">not kept in the portal</span></td>'
    )
    assert press_releases_row in html
    assert "never adds records to reach them" in html


def test_figures_planned_in_the_application_are_not_shown_as_reported(client):
    partnership = PartnershipFactory()
    ReportedFigureFactory(partnership=partnership, kind=FigureKind.NEWSLETTERS, value=6)
    ReportedFigureFactory(partnership=partnership, kind=FigureKind.ACTION_PLANS, stage=FigureStage.PLANNED, value=7)

    html = client.get(HOME).text

    assert '<th scope="row">Newsletters</th>' in html
    assert '<th scope="row">Action plans</th>' not in html  # "Action plans" is in the navigation of every page


def test_no_figures_table_without_reported_figures(client):
    PartnershipFactory()

    html = client.get(HOME).text

    assert "<table" not in html


def test_shows_the_ways_to_buy_innovation(client):
    InstrumentFactory(
        code="pcp",
        name="Pre-commercial procurement",
        abbreviation="PCP",
        description="Buying research and development.",
    )

    html = client.get(HOME).text

    assert "Ways to buy innovation" in html
    assert 'id="instrument-pcp"' in html
    assert "Pre-commercial procurement" in html
    assert '<span class="tag tag--instrument">PCP</span>' in html
    assert "<p>Buying research and development.</p>" in html


def create_home_page_content(partner_count):
    partnership = PartnershipFactory()
    for kind in (FigureKind.GOOD_PRACTICES, FigureKind.STUDY_VISITS, FigureKind.NEWSLETTERS):
        ReportedFigureFactory(partnership=partnership, kind=kind)
    lead_region = RegionFactory(nuts_code="LT", name="Lithuania", country="LT")
    PartnerFactory(number=1, role=Role.LEAD, region=lead_region)
    for number in range(2, partner_count + 1):
        PartnerFactory(number=number, region=RegionFactory(nuts_code=f"ES{number:03d}", country="ES"))
    InstrumentFactory.create_batch(3)
    GoodPracticeFactory.create_batch(2)


@pytest.mark.parametrize("partner_count", [1, 10])
def test_query_count_does_not_grow_with_the_partners(client, django_assert_num_queries, partner_count):
    """Guards the N+1 of a region query per partner card (its region and country), and of a count per figure."""
    create_home_page_content(partner_count)

    with django_assert_num_queries(HOME_PAGE_QUERIES):
        response = client.get(HOME)

    assert response.text.count('<li class="card') == partner_count


def test_partnership_dates_are_written_out_in_words(client):
    PartnershipFactory(start_date=datetime.date(2018, 6, 1), end_date=datetime.date(2022, 11, 30))

    assert "<dd>1 June 2018 to 30 November 2022</dd>" in client.get(HOME).text
