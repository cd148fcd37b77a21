"""Whatever the address of a public list holds, the reader gets a page (or a 404 past the last page), never a
server error; what was left out is said plainly, and the rest of the address still applies."""

import html

import pytest
from django.urls import reverse

from tests.factories import GoodPracticeFactory, InstrumentFactory, RegionFactory, ReportFactory, StudyVisitFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "partners:partner-list",
    "partners:action-plan-list",
    "practices:practice-list",
    "practices:visit-list",
    "library:report-list",
]


def text(response):
    return html.unescape(response.content.decode())


def ignored(response):
    return response.context["ignored"]


@pytest.fixture
def content():
    lt = RegionFactory(nuts_code="LT", name="Lithuania", country="LT")
    ppi = InstrumentFactory(code="ppi", name="Public procurement of innovation")
    GoodPracticeFactory(title="PPI in Lithuania", region=lt, instruments=[ppi])
    GoodPracticeFactory(title="Something else", region=lt)
    StudyVisitFactory(title="Meeting in Vilnius", region=lt)
    ReportFactory(title="Guideline", instruments=[ppi])


BAD_ADDRESSES = [
    {"region": "ZZ9"},
    {"country": "XX"},
    {"instrument": "made-up"},
    {"partner": "nobody"},
    {"year": "last year"},
    {"year": "99999"},
    {"theme": "<b>"},
    {"kind": "\x00"},
    {"language": "x" * 10_000},
    {"q": "\x00\x01 drop table"},
    {"q": "x" * 10_000},
    {"q": "<script>alert(1)</script>"},
    {"q": ["one", "two", "three"]},
    {"region": ["LT"] * 500},
    {"region": [f"Z{n}" for n in range(300)]},
    {"page": "abc"},
    {"page": "0"},
    {"page": "-1"},
    {"page": ["1", "1"]},
    {"sort": "'; --"},
    {"sort": ["title", "newest"]},
    {"x" * 10_000: "1"},
    {"\x00": "\x00"},
    {"format": ""},
]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("params", BAD_ADDRESSES)
def test_no_address_gives_a_server_error(client, content, name, params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize("name", LISTS)
def test_an_unknown_region_is_named_as_ignored(client, content, name):
    response = client.get(reverse(name), {"region": "ZZ9"})
    if name == "library:report-list":  # the library has no region facet
        assert "Ignored: 'region' is not a filter of this list." in text(response)
    else:
        assert "Ignored: region 'ZZ9' is not a region in the portal." in text(response)


def test_bad_values_are_dropped_and_the_good_ones_applied(client, content):
    response = client.get(reverse("practices:practice-list"), {"instrument": ["ppi", "nope"], "region": "ZZ9"})
    assert [practice.title for practice in response.context["object_list"]] == ["PPI in Lithuania"]
    assert ignored(response) == [
        "instrument 'nope' is not an instrument in the portal",
        "region 'ZZ9' is not a region in the portal",
    ]
    assert "1 good practice match" in text(response)


def test_codes_are_read_in_any_case(client, content):
    response = client.get(reverse("practices:practice-list"), {"region": "lt", "instrument": "PPI"})
    assert [practice.title for practice in response.context["object_list"]] == ["PPI in Lithuania"]
    assert ignored(response) == []


def test_markup_in_values_is_shown_as_text(client, content):
    response = client.get(reverse("practices:practice-list"), {"q": "<script>alert(1)</script>", "theme": "<b>x"})
    body = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<b>x" not in body
    assert "Ignored: theme '<b>x' is not a theme in the portal." in text(response)


def test_a_long_search_is_cut_and_said_so(client, content):
    response = client.get(reverse("practices:practice-list"), {"q": "lithuania " + "x" * 10_000})
    assert "q after its first 200 characters" in ignored(response)
    assert len(response.context["search"]) <= 200
    assert response.context["paginator"].count == 0


def test_control_characters_are_removed_from_the_search(client, content):
    response = client.get(reverse("practices:practice-list"), {"q": "PPI\x00in\x01Lithuania"})
    assert response.context["search"] == "PPI in Lithuania"
    assert "control characters in q" in ignored(response)
    assert [practice.title for practice in response.context["object_list"]] == ["PPI in Lithuania"]


def test_a_long_bad_value_is_quoted_short(client, content):
    response = client.get(reverse("practices:practice-list"), {"region": "Z" * 10_000})
    (message,) = ignored(response)
    assert len(message) < 100
    assert message.startswith("region 'ZZZ")


def test_many_bad_values_are_summed_up(client, content):
    response = client.get(reverse("practices:practice-list"), {"region": [f"Z{n}" for n in range(300)]})
    assert len(ignored(response)) == 6
    assert ignored(response)[-1] == "295 more values of region that are not in the portal"


def test_a_repeated_value_counts_once(client, content):
    response = client.get(reverse("practices:practice-list"), {"region": ["LT", "LT", "lt"]})
    assert ignored(response) == []
    assert [active.label for active, _url in response.context["active_filters"]] == ["Lithuania"]


def test_a_repeated_search_uses_the_last(client, content):
    response = client.get(reverse("practices:practice-list"), {"q": ["nothing", "else"]})
    assert [practice.title for practice in response.context["object_list"]] == ["Something else"]
    assert "q was given 2 times: the last one was used" in ignored(response)


@pytest.mark.parametrize("page", ["abc", "1.5", "²", "0", "-1"])
def test_a_page_that_is_no_page_number_shows_page_one_and_says_so(client, content, page):
    response = client.get(reverse("practices:practice-list"), {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    assert f"Ignored: page '{page}' is not a page number: showing page 1." in text(response)


@pytest.mark.parametrize("page", ["2", "99", "9" * 30, "9" * 10_000])
def test_a_page_past_the_end_is_not_found(client, content, page):
    assert client.get(reverse("practices:practice-list"), {"page": page}).status_code == 404


def test_page_one_of_an_empty_result_is_a_page(client, content):
    response = client.get(reverse("practices:practice-list"), {"q": "no such words", "page": "1"})
    assert response.status_code == 200
    assert "No good practices match all of your filters." in text(response)


def test_an_unknown_sort_uses_the_default_and_says_so(client, content):
    response = client.get(reverse("practices:practice-list"), {"sort": "price"})
    assert response.context["sort"] == "title"
    assert "Ignored: sort 'price' is not a way to sort this list." in text(response)


def test_an_unknown_parameter_is_named(client, content):
    response = client.get(reverse("practices:practice-list"), {"colour": "blue", "region": "LT"})
    assert ignored(response) == ["'colour' is not a filter of this list"]
    assert response.context["paginator"].count == 2


def test_many_unknown_parameters_are_summed_up(client, content):
    response = client.get(reverse("practices:practice-list"), {f"p{n}": "1" for n in range(600)})
    assert len(ignored(response)) == 6
    assert ignored(response)[-1] == "595 more parameters that are not filters of this list"


def test_more_parameters_than_django_reads_is_a_bad_request_not_a_server_error(client, content):
    # DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000) guards the query string too.
    assert client.get(reverse("practices:practice-list"), {f"p{n}": "1" for n in range(2000)}).status_code == 400


def test_a_clean_address_reports_nothing(client, content):
    response = client.get(reverse("practices:practice-list"), {"region": "LT", "q": "ppi", "sort": "newest"})
    assert ignored(response) == []
    assert "Ignored" not in text(response)


def test_the_export_of_a_bad_address_is_the_cleaned_result_set(client, content):
    response = client.get(reverse("practices:practice-list"), {"instrument": ["ppi", "nope"], "format": "json"})
    assert response.status_code == 200
    assert [row["title"] for row in response.json()["results"]] == ["PPI in Lithuania"]
