"""The read-only API (/api/v1/): its OpenAPI document is valid and describes the real answers; lists take the
pages' filters, page with next/previous and report what they ignored; only published records are served; a
client holding an answer gets 304; any origin may read it; each answer runs a fixed number of queries."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from api.kinds import KINDS
from api.openapi import document
from publishing.models import Status
from tests.api_content import make_drafts, make_records, shared

DETAIL_KINDS = [name for name, kind in KINDS.items() if kind.has_detail]
FIRST_SLUG = {
    "partners": "cpva",
    "action-plans": "plan-0",
    "practices": "practice-0",
    "study-visits": "visit-0",
    "library": "report-0",
}


def validator(schema_name):
    root = {"$ref": f"#/components/schemas/{schema_name}", "components": document()["components"]}
    return Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_valid(body, schema_name):
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator(schema_name).iter_errors(body)]
    assert errors == []


@pytest.fixture
def related(db):
    return shared()


@pytest.fixture
def content(related):
    make_records(related, 2)
    make_drafts(related)
    return related


def get(client, path, **params):
    response = client.get(path, params)
    assert response["Content-Type"] == "application/json"
    return response, json.loads(response.content)


def test_the_openapi_document_is_valid_and_served_at_its_address(client):
    validate(document())  # openapi-spec-validator: raises on any error, OpenAPI 3.1 and its JSON Schema dialect
    response, body = get(client, "/api/v1/openapi.json")
    assert response.status_code == 200
    assert body == json.loads(json.dumps(document()))
    assert body["openapi"] == "3.1.0"
    expected = {f"/api/v1/{name}/" for name in KINDS} | {f"/api/v1/{name}/{{slug}}/" for name in DETAIL_KINDS}
    assert set(body["paths"]) - {"/api/v1/openapi.json"} == expected


@pytest.mark.parametrize("name", list(KINDS))
def test_every_list_answers_as_its_schema_says_with_every_record(client, content, name):
    kind = KINDS[name]
    response, body = get(client, reverse(f"api:{name}-list"))
    assert response.status_code == 200
    assert_valid(body, f"{kind.schema_name}List")
    assert body["count"] == len(body["results"]) > 0
    assert body["next"] is None
    assert body["previous"] is None
    assert b"draft-" not in response.content


@pytest.mark.parametrize("name", DETAIL_KINDS)
def test_every_record_answers_as_its_schema_says(client, content, name):
    kind = KINDS[name]
    response, body = get(client, reverse(f"api:{name}-detail", args=[FIRST_SLUG[name]]))
    assert response.status_code == 200
    assert_valid(body, kind.schema_name)
    assert body["api_url"] == f"http://testserver{reverse(f'api:{name}-detail', args=[FIRST_SLUG[name]])}"
    assert body["url"].startswith("http://testserver/")
    assert not body["url"].startswith("http://testserver/api/")
    assert body["sources"]
    assert all(source["title"] for source in body["sources"])
    # The list gives each record as its own address does.
    listed = get(client, reverse(f"api:{name}-list"), page_size=100)[1]["results"]
    assert body in listed


def test_a_record_has_its_full_public_content(client, content):
    plan = get(client, reverse("api:action-plans-detail", args=["plan-0"]))[1]
    assert plan["summary"] == "Aims."
    assert [action["number"] for action in plan["actions"]] == [1, 2]
    assert plan["actions"][0]["status"] == "done"
    assert plan["actions"][1]["status"] is None
    assert plan["actions"][0]["url"] == "http://testserver/action-plans/plan-0/#action-action-1"
    assert plan["actions"][0]["instruments"] == ["ppi", "pcp"] == plan["instruments"]
    assert plan["partner"]["api_url"].startswith("http://testserver/api/v1/partners/")
    practice = get(client, reverse("api:practices-detail", args=["practice-0"]))[1]
    assert practice["description"] == "What was done."
    assert {partner["slug"] for partner in practice["partners"]} == {"cpva", "bit"}
    assert set(practice["themes"]) == {"forestry", "health"}
    assert [(link["kind"], link["title"]) for link in practice["links"]] == [
        ("reading", "A video"),
        ("reading", "Its site"),
        ("tender", "The tender"),
    ]
    assert practice["links"][2]["url"] == "http://testserver/media/practices/documents/tender-0.pdf"
    assert practice["buyer"] == "Vilnius city"
    assert practice["procedures"] == [
        {"code": "market-consultation", "label": "Preliminary market consultation"},
        {"code": "pcp", "label": "Pre-commercial procurement (PCP)"},
    ]
    assert practice["challenge"] == "Too many forms."
    assert practice["contact_url"] == "https://example.org/contact"
    assert practice["interreg_europe_url"] == "https://www.interregeurope.eu/good-practices/practice-0"
    assert practice["keep_eu_url"] == "https://keep.eu/projects/0/"
    assert practice["steps"] == [
        {"position": 1, "title": "Ask the market", "description": "A consultation.", "when": None},
        {"position": 2, "title": "Buy", "description": None, "when": "2019"},
    ]
    assert [visit["slug"] for visit in practice["study_visits"]] == ["visit-0"]
    source = next(source for source in practice["sources"] if source["url"])
    assert source["url"] == "https://example.org/report"
    transfers = get(client, reverse("api:transfers-list"))[1]["results"]
    assert {(t["practice"]["slug"], t["action"]["slug"], t["note"]) for t in transfers} >= {
        ("practice-0", "action-1", "Its method.")
    }


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("partners", "draft-partner"),
        ("action-plans", "draft-plan"),
        ("practices", "draft-practice"),
        ("study-visits", "draft-visit"),
        ("library", "draft-report"),
        ("partners", "no-such-partner"),
    ],
)
def test_a_draft_or_unknown_record_is_not_found_in_json(client, content, name, slug):
    response, body = get(client, reverse(f"api:{name}-detail", args=[slug]))
    assert response.status_code == 404
    assert_valid(body, "Error")
    assert "Access-Control-Allow-Origin" in response


def test_a_published_record_naming_drafts_names_none_of_them(client, content):
    visit = get(client, reverse("api:study-visits-detail", args=["hosted-by-a-draft"]))[1]
    assert visit["host_partner"] is None
    assert visit["participating_partners"] == []
    assert visit["related_practices"] == []
    assert get(client, reverse("api:practices-detail", args=["names-a-draft"]))[1]["partners"] == []
    assert get(client, reverse("api:library-detail", args=["written-by-a-draft"]))[1]["partner"] is None


def test_lists_take_the_pages_filters_and_report_what_they_ignore(client, content):
    params = {"country": ["ES", "ZZ"], "instrument": "ppi", "colour": "red", "q": "practice"}
    response, body = get(client, reverse("api:practices-list"), **params)
    assert body["filters"] == {"country": ["ES"], "instrument": ["ppi"], "q": ["practice"]}
    assert body["ignored"] == ["country 'ZZ' is not a country code", "'colour' is not a filter of this list"]
    # Exactly the records the page lists with the same address (its JSON export).
    page = json.loads(client.get(reverse("practices:practice-list"), {**params, "format": "json"}).content)
    assert [record["slug"] for record in body["results"]] == [record["slug"] for record in page["results"]]
    assert body["count"] == page["count"] == 1


def test_lists_sort_as_the_page_does(client, content):
    body = get(client, reverse("api:study-visits-list"), sort="title")[1]
    assert body["sort"] == "title"
    titles = [visit["title"] for visit in body["results"]]
    assert titles == sorted(titles)
    body = get(client, reverse("api:study-visits-list"), sort="sideways")[1]
    assert body["sort"] == "newest"
    assert body["ignored"] == ["sort 'sideways' is not a way to sort this list"]


def test_lists_are_paged_with_absolute_next_and_previous_links(client, content):
    first = get(client, reverse("api:library-list"), page_size=2, kind="report")[1]
    assert (first["count"], first["pages"], first["page"], first["previous"]) == (3, 2, 1, None)
    assert first["next"] == "http://testserver/api/v1/library/?page_size=2&kind=report&page=2"
    second = get(client, first["next"].removeprefix("http://testserver"))[1]
    assert (second["page"], second["next"], len(second["results"])) == (2, None, 1)
    assert second["previous"] == "http://testserver/api/v1/library/?page_size=2&kind=report&page=1"
    slugs = [record["slug"] for record in first["results"] + second["results"]]
    assert len(set(slugs)) == 3


@pytest.mark.parametrize(
    ("params", "size", "note"),
    [
        ({"page_size": "1000"}, 100, "page_size is at most 100"),
        ({"page_size": "0"}, 20, "page_size '0' is not a number from 1 to 100"),
        ({"page_size": "ten"}, 20, "page_size 'ten' is not a number from 1 to 100"),
        ({"page": "x\x00"}, 20, "page 'x\N{REPLACEMENT CHARACTER}' is not a page number: showing page 1"),
    ],
)
def test_bad_paging_is_set_aside_and_said(client, content, params, size, note):
    response, body = get(client, reverse("api:partners-list"), **params)
    assert response.status_code == 200
    assert (body["page_size"], body["ignored"]) == (size, [note])


def test_a_page_past_the_end_is_not_found_in_json(client, content):
    response, body = get(client, reverse("api:partners-list"), page="99")
    assert response.status_code == 404
    assert body == {"detail": "This list has no such page: it has 1."}
    assert get(client, reverse("api:partners-list"), page="last")[1]["page"] == 1


def test_an_unchanged_record_answers_304_and_a_changed_one_200(client, content):
    address = reverse("api:practices-detail", args=["practice-0"])
    first = client.get(address)
    etag = first["ETag"]
    assert first.status_code == 200
    assert etag.startswith('"')
    again = client.get(address, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Access-Control-Allow-Origin"] == "*"
    # A change that the record's own `updated` does not show (a source's title) still changes the answer.
    content["sources"][0].title = "Final report, second edition"
    content["sources"][0].save()
    changed = client.get(address, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_an_unchanged_list_answers_304(client, content):
    address = reverse("api:partners-list")
    etag = client.get(address, {"country": "LT"})["ETag"]
    assert client.get(address, {"country": "LT"}, headers={"if-none-match": etag}).status_code == 304
    assert client.get(address, {"country": "ES"}, headers={"if-none-match": etag}).status_code == 200


def test_any_origin_may_read_the_api_and_only_the_api(client, content):
    assert client.get(reverse("api:partners-list"))["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/v1/openapi.json")["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get(reverse("partners:partner-list"))


def test_the_api_is_read_only(client, content):
    response = client.post(reverse("api:partners-list"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_another_method_gets_the_apis_json_405_not_a_csrf_page(content, method):
    # A real client sends no CSRF token: the CSRF check's HTML 403 must not answer before the API does.
    response = getattr(Client(enforce_csrf_checks=True), method)(reverse("api:partners-list"))
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_answers_are_kept_in_the_page_cache_and_304_is_answered_from_it(
    client, content, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 60
    address = reverse("api:action-plans-detail", args=["plan-1"])
    first = client.get(address)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        hit = client.get(address, headers={"if-none-match": first["ETag"]})
    assert (hit.status_code, len(queries)) == (304, 0)  # answered from the cache, without the database
    assert client.get(address)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        content["partners"][0].save()  # any change to the content empties the page cache
    assert client.get(address)["X-Page-Cache"] == "miss"


# Queries of each answer, whatever the number of records or related rows: a record's row (its foreign keys
# joined) and one query per prefetched relation; a list adds its count and, as its page does, one query per facet
# whose options come from a table (FacetedFilterSet loads them on construction).
RECORD_QUERIES = {
    "partners": 2,  # row (region, plan), sources
    "action-plans": 5,  # row (partner, region), actions, their instruments, their sources, sources
    "practices": 9,  # row (region), partners, instruments, themes, links, steps, images, visits, sources
    "study-visits": 4,  # row (region, host), partners, practices, sources
    "library": 3,  # row (partner), instruments, sources
}
OPTION_TABLES = {
    "partners": 2,  # regions, instruments (through the plans)
    "action-plans": 3,  # regions, partners, instruments
    "practices": 4,  # regions, instruments, partners, themes
    "study-visits": 3,  # regions, partners, instruments (through the practices seen)
    "library": 2,  # partners, instruments
    "transfers": 0,  # no filters
}
LIST_QUERIES = {
    name: 1 + RECORD_QUERIES.get(name, 2) + OPTION_TABLES[name] for name in KINDS
}  # transfers: rows, sources


@pytest.mark.parametrize("name", list(KINDS))
def test_every_list_runs_a_fixed_number_of_queries(client, related, name):
    counts = []
    for start, size in [(0, 1), (1, 5)]:
        make_records(related, size, start)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(f"api:{name}-list"), {"page_size": 100})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts == [LIST_QUERIES[name]] * 2


@pytest.mark.parametrize("name", DETAIL_KINDS)
def test_every_record_runs_a_fixed_number_of_queries(client, related, name):
    make_records(related, 2)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(f"api:{name}-detail", args=[FIRST_SLUG[name]]))
    assert response.status_code == 200
    assert len(queries) == RECORD_QUERIES[name]


def test_drafts_are_left_out_of_lists_and_counts(client, related):
    make_records(related, 1)
    make_drafts(related)
    body = get(client, reverse("api:partners-list"))[1]
    assert "draft-partner" not in {partner["slug"] for partner in body["results"]}
    assert body["count"] == type(related["partners"][0]).objects.filter(status=Status.PUBLISHED).count()
