"""The open library's list: undated documents after the dated ones in either date order (on SQLite and
PostgreSQL alike), said once above the list rather than on each card; each card links to its document where
the portal holds one; the same number of queries however many documents are undated."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import ReportFactory

pytestmark = pytest.mark.django_db

LIBRARY = reverse("library:report-list")
NOTE = "have no publication date: they come after the dated ones, whichever way they are sorted."


@pytest.fixture
def reports():
    ReportFactory(title="B undated", partner=None)
    ReportFactory(title="Old", partner=None, publication_date=datetime.date(2019, 5, 1))
    ReportFactory(title="A undated", partner=None)
    ReportFactory(title="New", partner=None, publication_date=datetime.date(2022, 6, 7))
    ReportFactory(title="Middle", partner=None, publication_date=datetime.date(2020, 1, 1))


def listed(client, **params):
    response = client.get(LIBRARY, params)
    return response, [report.title for report in response.context["object_list"]]


def test_newest_first_puts_the_undated_last(client, reports):
    _response, titles = listed(client)

    assert titles == ["New", "Middle", "Old", "A undated", "B undated"]


def test_oldest_first_puts_the_undated_last_too(client, reports):
    _response, titles = listed(client, sort="oldest")

    assert titles == ["Old", "Middle", "New", "A undated", "B undated"]


def test_by_title_undated_documents_take_their_place_in_the_alphabet(client, reports):
    response, titles = listed(client, sort="title")

    assert titles == ["A undated", "B undated", "Middle", "New", "Old"]
    assert NOTE not in response.text


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_the_list_says_once_where_the_undated_documents_are(client, reports, sort):
    response, _titles = listed(client, sort=sort)
    html = response.text

    assert html.count(f"2 documents {NOTE}") == 1
    assert html.index(NOTE) < html.index('<ul class="card-grid')
    assert "not reported" not in html
    assert html.count("<dt>Published</dt>") == 3


def test_no_note_when_every_document_is_dated_or_a_year_is_chosen(client, reports):
    assert NOTE not in listed(client, year="2020")[0].text
    assert NOTE not in listed(client, q="Middle")[0].text


def test_when_no_document_has_a_date_the_note_says_how_they_are_listed(client):
    ReportFactory.create_batch(2, partner=None)

    html = listed(client)[0].text

    assert "None of these documents has a publication date recorded: they are listed by title." in html


def test_a_card_links_to_its_document_where_the_portal_holds_one(client, settings):
    ReportFactory(title="With a file", partner=None, document="library/guideline.pdf", language="en")
    ReportFactory(title="Without a file", partner=None)

    html = listed(client)[0].text

    assert html.count("Download the document (PDF)") == 1
    assert (
        f'<a href="{settings.MEDIA_URL}library/guideline.pdf" hreflang="en">Download the document (PDF)'
        '<span class="visually-hidden">: With a file</span></a>'
    ) in html


@pytest.mark.parametrize("undated", [1, 6])
def test_the_note_costs_no_query(client, django_assert_num_queries, undated):
    ReportFactory.create_batch(2, partner=None, publication_date=datetime.date(2021, 1, 1))
    ReportFactory.create_batch(undated, partner=None)

    # As tests/test_list_queries.py: the generation, the rows, their instruments, the options of partner and
    # instrument; and the 7 that build the facet index on the first request after a change.
    with django_assert_num_queries(12):
        response = client.get(LIBRARY, {"sort": "oldest"})

    assert response.context["undated_count"] == undated
