"""The five public lists as a reader sees them: headings, cards that link to the items, the count of results,
pages, sorting, the empty state, downloads; and the documented content, listed."""

import datetime
import html
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from publishing.models import Status
from tests.conftest import tiny_png
from tests.factories import (
    ActionPlanFactory,
    GoodPracticeFactory,
    InstrumentFactory,
    PartnerFactory,
    RegionFactory,
    ReportFactory,
    StudyVisitFactory,
)

pytestmark = pytest.mark.django_db

LISTS = {
    "partners:partner-list": ("/partners/", "Partners", "Filter partners"),
    "partners:action-plan-list": ("/action-plans/", "Action plans", "Filter action plans"),
    "practices:practice-list": ("/practices/", "Good practices", "Filter good practices"),
    "practices:visit-list": ("/study-visits/", "Study visits and meetings", "Filter visits and meetings"),
    "library:report-list": ("/library/", "Open library", "Filter the library"),
}


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def documented(db):
    call_command("load_documented_content", "ibuy", verbosity=0)


@pytest.mark.parametrize(("name", "page"), LISTS.items())
def test_each_list_has_its_address_one_h1_a_search_form_and_a_result_count(client, name, page):
    path, heading, label = page
    assert reverse(name) == path
    body = client.get(path).content.decode()
    assert len(re.findall(r"<h1\b", body)) == 1
    assert f'<h1 class="page-title">{heading}</h1>' in body
    assert f'role="search" aria-label="{label}"' in body
    assert '<h2 id="results-heading"' in body
    assert 'id="result-count"' in body
    assert "style=" not in body
    assert "<script" not in body


@pytest.mark.parametrize("name", LISTS)
def test_an_empty_list_says_what_to_do(client, name):
    response = client.get(reverse(name))
    assert "There are no published" in text(response)
    assert 'href="/"' in response.content.decode()


def test_filters_that_match_nothing_say_how_to_widen_them(client):
    GoodPracticeFactory(title="Health platform")
    response = client.get(reverse("practices:practice-list"), {"q": "forest"})
    body = text(response)
    assert "No good practices match your filters." in body
    assert "No good practices match all of your filters." in body
    assert '<a href="/practices/">clear all filters</a>' in body


def test_only_published_records_are_listed(client):
    GoodPracticeFactory(title="Public practice")
    GoodPracticeFactory(title="Draft practice", status=Status.DRAFT)
    GoodPracticeFactory(title="Submitted practice", status=Status.SUBMITTED)
    GoodPracticeFactory(title="Archived practice", status=Status.ARCHIVED)
    body = text(client.get(reverse("practices:practice-list")))
    assert "Public practice" in body
    assert "Draft practice" not in body
    assert "Submitted practice" not in body
    assert "Archived practice" not in body
    assert "1 good practice." in body


def test_a_practice_card_shows_what_a_reader_scans_for_and_links_to_the_practice(client):
    region = RegionFactory(nuts_code="ES53", name="Balearic Islands", country="ES")
    partner = PartnerFactory(name="Fundació BIT")
    draft = PartnerFactory(name="Hidden agency", status=Status.DRAFT)
    ppi = InstrumentFactory(code="ppi", name="Public procurement of innovation", abbreviation="PPI")
    practice = GoodPracticeFactory(
        title="Health platform", region=region, partners=[partner, draft], instruments=[ppi], start_year=2019
    )
    body = text(client.get(reverse("practices:practice-list")))
    assert f'<a href="{practice.get_absolute_url()}">Health platform</a>' in body
    assert "Balearic Islands, Spain" in body
    assert "since 2019" in body
    assert f'<a href="{partner.get_absolute_url()}">Fundació BIT</a>' in body
    assert "Hidden agency" not in body
    assert "Public procurement of innovation (PPI)" in body


def test_cards_of_visits_reports_partners_and_plans_link_to_their_pages(client):
    partner = PartnerFactory(name="CPVA", acronym="CPVA")
    visit = StudyVisitFactory(title="Meeting in Vilnius", host_partner=partner)
    report = ReportFactory(title="Guideline", partner=partner, publication_date=datetime.date(2021, 5, 3))
    plan = ActionPlanFactory(partner=partner, title="Plan of CPVA")
    visits = text(client.get(reverse("practices:visit-list")))
    assert f'<a href="{visit.get_absolute_url()}">Meeting in Vilnius</a>' in visits
    assert "6–7 March 2019" in visits
    library = text(client.get(reverse("library:report-list")))
    assert f'<a href="{report.get_absolute_url()}">Guideline</a>' in library
    assert "3 May 2021" in library
    partners = text(client.get(reverse("partners:partner-list")))
    assert f'<a href="{partner.get_absolute_url()}">CPVA</a>' in partners
    plans = text(client.get(reverse("partners:action-plan-list")))
    assert f'<a href="{plan.get_absolute_url()}">Plan of CPVA</a>' in plans


def test_a_partner_card_shows_the_logo_thumbnail_with_its_text_alternative(client):
    partner = PartnerFactory(logo=tiny_png("logo.png"), logo_alt="CPVA logo")

    partners = text(client.get(reverse("partners:partner-list")))

    assert partner.thumbnail.name.endswith(".webp")
    assert f'<img class="card__logo" src="{partner.thumbnail.url}" alt="CPVA logo">' in partners
    assert partner.logo.url not in partners


def test_lists_are_paged_by_twenty_and_page_links_keep_the_filters(client):
    ppi = InstrumentFactory(code="ppi")
    for number in range(45):
        GoodPracticeFactory(title=f"Practice {number:02d}", instruments=[ppi])
    GoodPracticeFactory(title="Without an instrument")
    response = client.get(reverse("practices:practice-list"), {"instrument": "ppi"})
    assert len(response.context["object_list"]) == 20
    body = text(response)
    assert "45 good practices match your filters; showing 1 to 20." in body
    assert '<a class="pagination__link" href="?instrument=ppi&page=2" rel="next">' in body
    assert 'href="?instrument=ppi&page=3"' in body
    response = client.get(reverse("practices:practice-list"), {"instrument": "ppi", "page": "3"})
    assert [practice.title for practice in response.context["object_list"]] == [f"Practice {n}" for n in range(40, 45)]
    assert "showing 41 to 45" in text(response)
    assert 'aria-current="page"' in response.content.decode()
    assert client.get(reverse("practices:practice-list"), {"instrument": "ppi", "page": "4"}).status_code == 404


def test_practices_sort_by_title_or_recently_added(client):
    old = GoodPracticeFactory(title="B old")
    GoodPracticeFactory(title="A new")
    old.created = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    old.save()
    url = reverse("practices:practice-list")
    assert [p.title for p in client.get(url).context["object_list"]] == ["A new", "B old"]
    response = client.get(url, {"sort": "newest"})
    assert [p.title for p in response.context["object_list"]] == ["A new", "B old"]
    GoodPracticeFactory(title="C newest")
    assert [p.title for p in client.get(url, {"sort": "newest"}).context["object_list"]][0] == "C newest"
    body = response.content.decode()
    assert (
        '<a href="?sort=newest" aria-current="true" class="sort__link sort__link--current">Recently added</a>' in body
    )
    assert '<a href="/practices/" class="sort__link">Title</a>' in body
    assert '<input type="hidden" name="sort" value="newest">' in body


def test_the_library_sorts_by_title_on_request(client):
    ReportFactory(title="Zeta", publication_date=datetime.date(2022, 1, 1))
    ReportFactory(title="Alpha", publication_date=datetime.date(2019, 1, 1))
    url = reverse("library:report-list")
    assert [r.title for r in client.get(url).context["object_list"]] == ["Zeta", "Alpha"]
    assert [r.title for r in client.get(url, {"sort": "title"}).context["object_list"]] == ["Alpha", "Zeta"]


def test_download_links_carry_the_filters_but_not_the_page(client):
    ppi = InstrumentFactory(code="ppi")
    for _ in range(21):
        GoodPracticeFactory(instruments=[ppi])
    body = text(client.get(reverse("practices:practice-list"), {"instrument": "ppi", "page": "2"}))
    assert "Download these results:" in body
    assert '<a href="?instrument=ppi&format=csv" download>CSV</a>' in body
    assert '<a href="?instrument=ppi&format=json" download>JSON</a>' in body


def test_the_export_is_the_whole_filtered_sorted_result_set(client):
    ppi = InstrumentFactory(code="ppi")
    for number in range(25):
        GoodPracticeFactory(title=f"Practice {number:02d}", instruments=[ppi])
    GoodPracticeFactory(title="Other")
    response = client.get(reverse("practices:practice-list"), {"instrument": "ppi", "format": "json", "page": "2"})
    assert [row["title"] for row in response.json()["results"]] == [f"Practice {n:02d}" for n in range(25)]


# ---------- The documented content ----------


def test_the_documented_partners_are_listed_in_consortium_order(client, documented):
    response = client.get(reverse("partners:partner-list"))
    assert [partner.number for partner in response.context["object_list"]] == [1, 2, 3, 4, 5, 6, 7]
    assert "7 partners." in text(response)
    options = next(group for group in response.context["facets"] if group.name == "country")
    # Greece is GR (ISO), although its NUTS codes start with EL.
    assert {option.value for option in options.options} == {"LT", "ES", "FI", "RO", "GR", "LV", "PT"}


def test_the_documented_practices_filter_by_instrument(client, documented):
    response = client.get(reverse("practices:practice-list"), {"instrument": ["pcp", "innovation-partnership"]})
    assert [practice.title for practice in response.context["object_list"]] == [
        "JSC Latvia's State Forests innovation partnership procurement",
        "Pre-commercial procurement in Lithuania",
    ]
    assert "2 good practices match your filters." in text(response)


def test_the_documented_visits_filter_by_host_and_year(client, documented):
    response = client.get(reverse("practices:visit-list"), {"partner": "adr-bucharest-ilfov"})
    assert [visit.title for visit in response.context["object_list"]] == [
        "Third thematic stakeholder meeting in Bucharest-Ilfov"
    ]
    response = client.get(reverse("practices:visit-list"), {"year": "2019"})
    assert len(response.context["object_list"]) == 5


def test_the_documented_library_and_action_plans_are_listed(client, documented):
    response = client.get(reverse("library:report-list"), {"instrument": "ppi"})
    assert len(response.context["object_list"]) == 2
    response = client.get(reverse("partners:action-plan-list"))
    assert len(response.context["object_list"]) == 7
    assert response.status_code == 200
