"""Every public list as an Atom feed (`format=atom`, publishing.feeds): the list's filter, newest publication
first, valid Atom, linked from the list's head with the filter kept."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from publishing.models import Status, Step, Transition
from tests.factories import (
    ActionPlanFactory,
    GoodPracticeFactory,
    InstrumentFactory,
    PartnerFactory,
    RegionFactory,
    ReportFactory,
    StudyVisitFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
NOW = timezone.now().replace(microsecond=0)


def published(record, days_ago):
    """The workflow's "publish" step, taken `days_ago` days ago."""
    Transition.objects.create(
        record=record,
        step=Step.PUBLISH,
        from_status=Status.SUBMITTED,
        to_status=Status.PUBLISHED,
        at=NOW - datetime.timedelta(days=days_ago),
    )
    return record


def parse_atom(response):
    """The feed's root, after the checks RFC 4287 makes of a feed and of each entry (one id, title and updated;
    a link; an author for the feed; dates in RFC 3339)."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for element in [root, *root.findall(f"{ATOM}entry")]:
        for required in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{required}")) == 1, f"{element.tag} needs one {required}"
            assert element.findtext(f"{ATOM}{required}").strip()
        datetime.datetime.fromisoformat(element.findtext(f"{ATOM}updated"))
        assert element.find(f"{ATOM}link[@rel='alternate']") is not None
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    ids = [entry.findtext(f"{ATOM}id") for entry in root.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))
    return root


def entry_links(root):
    return [entry.find(f"{ATOM}link[@rel='alternate']").get("href") for entry in root.findall(f"{ATOM}entry")]


@pytest.fixture
def practices():
    lithuania, spain = RegionFactory(nuts_code="LT", country="LT"), RegionFactory(nuts_code="ES53", country="ES")
    ages = {"old-lt": 30, "new-lt": 1, "mid-lt": 10, "es": 2}
    made = {}
    for slug, days in ages.items():
        made[slug] = published(GoodPracticeFactory(slug=slug, region=spain if slug == "es" else lithuania), days)
    # Never published through the workflow: counts from its creation, today, so it comes first.
    made["loaded-lt"] = GoodPracticeFactory(slug="loaded-lt", region=lithuania)
    GoodPracticeFactory(slug="draft-lt", region=lithuania, status=Status.DRAFT)
    return made


def list_slugs(client, params):
    response = client.get(reverse("practices:practice-list"), params)
    assert response.status_code == 200
    return response, [record.slug for record in response.context["object_list"]]


def test_the_feed_holds_the_lists_records_newest_publication_first(client, practices):
    response, on_list = list_slugs(client, {"country": "LT", "sort": "title"})
    feed = parse_atom(client.get(reverse("practices:practice-list"), {"country": "LT", "format": "atom"}))

    in_feed = [link.rstrip("/").rsplit("/", 1)[-1] for link in entry_links(feed)]
    assert sorted(in_feed) == sorted(on_list) == ["loaded-lt", "mid-lt", "new-lt", "old-lt"]
    # The list sorted the same way, by publication: the step's time, or the creation for a record without one.
    assert in_feed == ["loaded-lt", "new-lt", "mid-lt", "old-lt"]
    published_times = [
        datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published")) for entry in feed.findall(f"{ATOM}entry")
    ]
    assert published_times == sorted(published_times, reverse=True)
    assert published_times[1] == NOW - datetime.timedelta(days=1)


def test_the_feed_names_its_search_and_its_own_address(client, practices):
    feed = parse_atom(client.get(reverse("practices:practice-list"), {"format": "atom", "country": "LT"}))

    assert feed.findtext(f"{ATOM}title") == "iBuy: Good practices: Country: Lithuania"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/practices/?country=LT&format=atom"
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == "http://testserver/practices/?country=LT"


def test_unknown_and_bad_parameters_are_ignored_as_the_list_ignores_them(client, practices):
    plain = client.get(reverse("practices:practice-list"), {"country": "LT", "format": "atom"})
    noisy = client.get(
        reverse("practices:practice-list"),
        {"country": ["LT", "XX"], "format": "atom", "utm_source": "x", "sort": "nonsense", "page": "9"},
    )

    assert entry_links(parse_atom(noisy)) == entry_links(parse_atom(plain))
    assert (
        ET.fromstring(noisy.content).find(f"{ATOM}link[@rel='self']").get("href").endswith("?country=LT&format=atom")
    )


def test_markup_in_a_summary_is_text_in_the_feed(client):
    GoodPracticeFactory(summary="<script>alert(1)</script> & more")

    entry = parse_atom(client.get(reverse("practices:practice-list"), {"format": "atom"})).find(f"{ATOM}entry")

    assert entry.find(f"{ATOM}summary").get("type") == "html"
    assert entry.findtext(f"{ATOM}summary") == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"


def test_the_list_head_links_its_feed_with_the_filter_kept(client, practices):
    response, _slugs = list_slugs(client, {"region": "LT", "q": "Good", "zzz": "1", "page": "1"})

    head = response.text[: response.text.index("</head>")]
    links = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="([^"]*)" href="([^"]*)">', head)
    # The list's own feed, beside the portal's feed of everything new that every page links.
    assert links[0] == (response.context["feed_title"], "?q=Good&amp;region=LT&amp;format=atom")
    assert response.context["feed_title"].startswith("iBuy: Good practices: Region: ")
    follow = response.text[response.text.index('id="follow-heading"') :]
    assert 'href="?q=Good&amp;region=LT&amp;format=atom" type="application/atom+xml"' in follow
    assert '<input type="hidden" name="query" value="q=Good&amp;region=LT">' in follow


def build_every_list():
    regions = [RegionFactory(nuts_code="LT", country="LT"), RegionFactory(nuts_code="ES53", country="ES")]
    instruments = [InstrumentFactory(code="ppi"), InstrumentFactory(code="pcp")]
    themes = [ThemeFactory(slug="health"), ThemeFactory(slug="forestry")]
    partners = [PartnerFactory(region=region) for region in regions]
    for number in range(2):
        GoodPracticeFactory(region=regions[number], partners=partners, instruments=instruments, themes=themes)
        StudyVisitFactory(region=regions[number], host_partner=partners[number], participating_partners=partners)
        ReportFactory(partner=partners[number], instruments=instruments)
        published(ActionPlanFactory(partner=partners[number]), number)


LISTS = {
    "practices:practice-list": 2,
    "practices:visit-list": 2,
    "library:report-list": 2,
    "partners:partner-list": 2,
    "partners:action-plan-list": 2,
}


@pytest.mark.parametrize("name", LISTS)
def test_every_list_has_a_feed_with_a_fixed_number_of_queries(client, name):
    build_every_list()
    with CaptureQueriesContext(connection) as few:
        parse_atom(client.get(reverse(name), {"format": "atom"}))
    build_every_list_more()
    with CaptureQueriesContext(connection) as more:
        root = parse_atom(client.get(reverse(name), {"format": "atom"}))

    assert len(root.findall(f"{ATOM}entry")) > LISTS[name]
    assert len(more) == len(few), [query["sql"] for query in more.captured_queries]


def build_every_list_more():
    for _number in range(3):
        GoodPracticeFactory()
        StudyVisitFactory()
        ReportFactory()
        ActionPlanFactory(partner=PartnerFactory())


def test_the_feed_has_at_most_its_size(client, monkeypatch):
    monkeypatch.setattr("publishing.feeds.AtomFeedMixin.feed_size", 3)
    for _number in range(5):
        GoodPracticeFactory()

    assert (
        len(parse_atom(client.get(reverse("practices:practice-list"), {"format": "atom"})).findall(f"{ATOM}entry"))
        == 3
    )
