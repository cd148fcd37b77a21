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
    ReportFactory,
)

pytestmark = pytest.mark.django_db

HOME = reverse("home")

# The partnership with its achieved figures (2), the portal's holdings (3), the partnership's sources (1),
# the partners with their regions (1), the instruments with their counts and their sources (2), the newest
# practices and the newest reports (2).
HOME_PAGE_QUERIES = 11


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
        '  <td class="figure-table__number"><span class="missing">not kept in the portal</span></td>'
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
    instruments = InstrumentFactory.create_batch(3)
    GoodPracticeFactory.create_batch(2, instruments=instruments[:2])
    ReportFactory.create_batch(2, instruments=instruments, partner=None)


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


def test_starts_from_the_buyers_question_before_the_partnership(client):
    PartnershipFactory(title="fostering the role of public authorities")
    InstrumentFactory(code="pcp", name="Pre-commercial procurement")

    html = client.get(HOME).text

    assert '<form class="search-form home-search" method="get" action="/search/" role="search"' in html
    assert 'name="q"' in html.split('id="home-search-query"')[1].split(">")[0]
    search, instruments, partnership = (
        html.index('id="home-search-query"'),
        html.index('id="instruments-heading"'),
        html.index('id="partnership-heading"'),
    )
    assert search < instruments < partnership
    assert html.count("<h1") == 1


def test_each_instrument_counts_the_published_practices_and_reports_that_use_it(client):
    ppi = InstrumentFactory(code="ppi", name="Public procurement of innovation", description="Buying the new.")
    pcp = InstrumentFactory(code="pcp", name="Pre-commercial procurement")
    partnership = InstrumentFactory(code="innovation-partnership", name="Innovation partnership")
    GoodPracticeFactory.create_batch(2, instruments=[ppi, pcp])
    GoodPracticeFactory(instruments=[ppi])
    GoodPracticeFactory(instruments=[ppi, partnership], status=Status.DRAFT)
    ReportFactory(instruments=[pcp])
    ReportFactory(instruments=[pcp, partnership], status=Status.DRAFT)

    html = client.get(HOME).text
    block = {
        code: html.split(f'id="instrument-{code}"')[1].split("</li>\n</ul>")[0].split('<li class="instrument"')[0]
        for code in ("ppi", "pcp", "innovation-partnership")
    }

    assert "<p>Buying the new.</p>" in block["ppi"]
    assert '<a href="/practices/?instrument=ppi">3 good practices<' in block["ppi"]
    assert "No published document yet" in block["ppi"]
    assert '<a href="/practices/?instrument=pcp">2 good practices<' in block["pcp"]
    assert '<a href="/library/?instrument=pcp">1 document in the library<' in block["pcp"]
    assert "No published good practice yet" in block["innovation-partnership"]
    assert "No published document yet" in block["innovation-partnership"]


def test_the_counts_match_the_filtered_lists_they_link_to(client):
    ppi = InstrumentFactory(code="ppi", name="Public procurement of innovation")
    GoodPracticeFactory.create_batch(2, instruments=[ppi])
    GoodPracticeFactory(status=Status.DRAFT, instruments=[ppi])

    client.get(HOME)
    listed = client.get("/practices/?instrument=ppi")

    assert listed.context["result_count"] == 2
    assert '<a href="/practices/?instrument=ppi">2 good practices<' in client.get(HOME).text


def test_shows_the_newest_published_practices_and_reports(client):
    for day in (1, 2, 3, 4):
        practice = GoodPracticeFactory(title=f"Practice of day {day}")
        practice.created = datetime.datetime(2026, 1, day, tzinfo=datetime.UTC)
        practice.save(update_fields=["created"])
    GoodPracticeFactory(title="Draft practice", status=Status.DRAFT)
    ReportFactory(title="Undated report")
    ReportFactory(title="Old report", publication_date=datetime.date(2019, 5, 1))
    ReportFactory(title="New report", publication_date=datetime.date(2022, 6, 7))
    ReportFactory(title="Draft report", status=Status.DRAFT, publication_date=datetime.date(2023, 1, 1))

    html = client.get(HOME).text
    newest = html.split('id="newest-heading"')[1].split("</section>")[0]

    practices = [f"Practice of day {day}" for day in (4, 3, 2)]
    assert [newest.index(title) for title in practices] == sorted(newest.index(title) for title in practices)
    assert "Practice of day 1" not in newest
    assert "Draft" not in newest
    assert newest.index("New report") < newest.index("Old report") < newest.index("Undated report")
    assert "7 June 2022" in newest
