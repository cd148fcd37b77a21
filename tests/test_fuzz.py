"""Arbitrary input at every public address and at the admin's login: no answer is a server error (5xx).

Hypothesis builds query strings from the lists' real parameters and values and from random ones (repeated, empty,
very long, NUL and other control characters, any Unicode, broken %-encodings, bytes that are not UTF-8), paths
under each public prefix, the search form, sign-in attempts, and POSTs to pages that only answer GET. The client
turns an exception into the 500 page (`raise_request_exception=False`), so the assertion sees it; a failing
example is printed as the request to replay.

The examples are the same on every run (`derandomize`), so CI is reproducible and keeps no example database.
To explore new ones: `FUZZ_EXAMPLES=2000 FUZZ_RANDOM=1 .venv/bin/pytest tests/test_fuzz.py`.
"""

import json
import os
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from glance.charts import CHARTS

pytestmark = pytest.mark.django_db

RANDOM = os.environ.get("FUZZ_RANDOM") == "1"
SCALE = int(os.environ.get("FUZZ_EXAMPLES", "0")) or None


def fuzz(examples):
    return settings(
        max_examples=SCALE or examples,
        deadline=None,
        derandomize=not RANDOM,
        database=None,
        print_blob=RANDOM,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# What the documented content holds, so that examples reach real records and real filter values.
RECORDS = json.loads((Path(django_settings.BASE_DIR) / "fixtures" / "ibuy.json").read_text())


def documented(model, field):
    return sorted({str(record["fields"][field]) for record in RECORDS if record["model"] == model})


SLUGS = {
    "partners": documented("partners.partner", "slug"),
    "action-plans": documented("partners.actionplan", "slug"),
    "practices": documented("practices.goodpractice", "slug"),
    "study-visits": documented("practices.studyvisit", "slug"),
    "library": documented("library.report", "slug"),
}
KNOWN_VALUES = {
    "region": documented("partners.region", "nuts_code"),
    "country": documented("partners.region", "country"),
    "instrument": documented("partners.instrument", "code"),
    "partner": SLUGS["partners"],
    "year": ["2018", "2019", "2020", "2021", "2022"],
    "theme": documented("practices.theme", "slug"),
    "kind": ["study-visit", "partners-meeting", "seminar", "report", "policy-brief", "leaflet"],
    "language": ["en", "lt", "el", "es", "it", "hu", "sv", "pl"],
    "q": ["innovation", "procurement", "public buyers", "PCP"],
    "sort": ["title", "-title", "year", "-year", "newest", "oldest", "name", "number", "relevance"],
    "page": ["1", "2", "last"],
    "format": ["csv", "json"],
}
PARAMETERS = list(KNOWN_VALUES)

LISTS = [
    "/",
    "/partners/",
    "/action-plans/",
    "/practices/",
    "/study-visits/",
    "/library/",
    "/transfers/",
    "/search/",
    "/about/",
    "/map/",
    "/map/points.csv",
    "/figures/",
    *[f"/figures/{chart}.csv" for chart in CHARTS],
    "/accessibility/",
    "/healthz",
    "/feeds/latest.atom",
    "/sitemap.xml",
    "/robots.txt",
]
ITEMS = [f"/{prefix}/{slug}/" for prefix, slugs in SLUGS.items() for slug in slugs]
PREFIXES = [
    *[f"/{prefix}/" for prefix in SLUGS],
    "/figures/",
    "/feeds/",
    "/search/",
    "/map/",
    "/transfers/",
    "/admin/",
    "/static/",
    "/media/",
    "/",
]


# ---------- Strategies ----------

# Any text HTTP can carry once encoded: every Unicode character but the surrogates, which UTF-8 cannot encode.
any_text = st.text(st.characters(codec="utf-8"), max_size=40)
awkward = st.sampled_from(
    ["", " ", "\x00", "a\x00b", "\r\n", "\t", "%", "%%", "%zz", "%C3", "%FF%FE", "%00", "..", "../..", "/", "//",
     "\\", "'", '"', "<script>", "{{ 7 }}", "${x}", "*", "?", "#", "&", "=", ";", "+", "\u202e", "\ufeff", "💶",
     "-1", "0", "1e9", "99999999999999999999999", "NaN", "None", "null", "true", "[]", "{}", "  ppi  ", "PPI", "lt"]
)  # fmt: skip
very_long = st.builds(
    lambda char, n: char * n, st.sampled_from(["a", "é", "%", "\x00", "ж ", "😀"]), st.integers(1_000, 20_000)
)
value = st.one_of(any_text, awkward, very_long)
known_value = st.one_of(*[st.sampled_from(values) for values in KNOWN_VALUES.values()])
parameter = st.sampled_from(PARAMETERS) | any_text
next_page = value | st.sampled_from(["/admin/", "//evil.example", "https://evil.example/", "javascript:x"])

pairs = st.lists(st.tuples(parameter, known_value | value), max_size=12)
# A query string as a browser sends it, %-encoded by hand (stray % kept), raw bytes as a server passes them on
# (not UTF-8 at all, sometimes), or a string of separators and broken escapes.
query_string = st.one_of(
    pairs.map(urlencode),
    pairs.map(lambda p: "&".join(f"{quote(name, safe='')}={quote(v, safe='%')}" for name, v in p)),
    st.binary(max_size=200).map(lambda raw: raw.decode("latin-1")),
    st.lists(awkward, max_size=8).map("".join),
)
path_segment = value.map(lambda text: quote(text, safe="")[:3000]) | st.sampled_from(
    ["%", "%zz", "%00", "%FF", "..%2F..%2Fsettings.py", ".%2e/", "%2e%2e", "a;b", "@", "~", "index.php"]
)

# What a visitor's browser (or a robot) may ask for with GET, as (address, headers).
list_with_query = st.tuples(st.sampled_from(LISTS), query_string).map(lambda t: (f"{t[0]}?{t[1]}", {}))
item_with_query = st.tuples(st.sampled_from(ITEMS), query_string).map(lambda t: (f"{t[0]}?{t[1]}", {}))
repeated_parameter = st.tuples(
    st.sampled_from(["/partners/", "/practices/", "/study-visits/", "/library/", "/action-plans/"]),
    st.sampled_from(PARAMETERS),
    st.lists(known_value | value, min_size=2, max_size=60),
).map(lambda t: (f"{t[0]}?{urlencode([(t[1], v) for v in t[2]])}", {}))
any_path = st.tuples(
    st.sampled_from(PREFIXES), path_segment, st.sampled_from(["", "/", ".csv", ".json", "/x/", "?"])
).map(lambda t: ("".join(t), {}))
search_form = st.tuples(value, st.lists(st.sampled_from(["practices", "reports"]) | any_text, max_size=4)).map(
    lambda t: ("/search/?" + urlencode([("q", t[0]), *[("kind", kind) for kind in t[1]]]), {})
)
with_headers = st.tuples(
    st.sampled_from(["/", "/practices/", "/search/?q=innovation", "/feeds/latest.atom", "/sitemap.xml"]),
    st.fixed_dictionaries(
        {},
        optional=dict.fromkeys(
            ["accept-language", "accept", "if-modified-since", "if-none-match", "referer", "cookie"], value
        ),
    ).map(lambda h: {name: v.encode("utf-8", "replace").decode("latin-1")[:4000] for name, v in h.items()}),
)
get_request = st.one_of(list_with_query, item_with_query, repeated_parameter, any_path, search_form, with_headers)


# ---------- Helpers ----------


@pytest.fixture
def documented_content(db):
    call_command("load_documented_content", "ibuy", verbosity=0)


def client(**kwargs):
    return Client(raise_request_exception=False, **kwargs)


def answered(response, request):
    """The status of a response that is no server error, also while its body (a download) is sent."""
    try:
        if response.streaming:
            b"".join(response.streaming_content)
        else:
            response.content  # noqa: B018
    except Exception as error:  # an export failing halfway through is a server error too
        raise AssertionError(f"{request} failed while sending its body: {error!r}") from error
    assert response.status_code < 500, f"{request} answered {response.status_code}"
    return response.status_code


# ---------- Tests ----------


@fuzz(400)
@given(request=get_request)
def test_no_address_a_visitor_can_ask_for_is_a_server_error(documented_content, request):
    url, headers = request
    described = f"GET {url!r}" + (f" with headers {headers!r}" if headers else "")
    note(described)
    answered(client().get(url, headers=headers), described)


@fuzz(60)
@given(username=value, password=value, next_page=next_page)
def test_the_admin_login_takes_any_credentials(db, username, password, next_page):
    """Failed sign-ins lock an account after five (django-axes): a 429 is an answer, not an error."""
    data = {"username": username, "password": password, "next": next_page}
    described = f"POST /admin/login/ {data!r}"
    note(described)
    answered(client().post(f"/admin/login/?next={quote(next_page, safe='')}", data), described)


@fuzz(10)
@given(username=value, password=value)
def test_the_admin_login_without_its_csrf_token_is_refused_not_an_error(db, username, password):
    data = {"username": username, "password": password}
    described = f"POST /admin/login/ without a CSRF token {data!r}"
    assert answered(client(enforce_csrf_checks=True).post("/admin/login/", data), described) == 403


@fuzz(60)
@given(
    page=st.sampled_from(LISTS + ITEMS[::4]),
    data=st.dictionaries(parameter, value, max_size=6),
    as_json=st.booleans(),
)
def test_a_post_to_a_public_page_is_refused_not_an_error(db, page, data, as_json):
    body = {"data": json.dumps(data), "content_type": "application/json"} if as_json else {"data": data}
    described = f"POST {page!r} {body!r}"
    note(described)
    status = answered(client().post(page, **body), described)
    assert status == 405, f"{described} answered {status}"
