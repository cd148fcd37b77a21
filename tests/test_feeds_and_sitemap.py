"""The Atom feed of new practices and reports, sitemap.xml and robots.txt, as a feed reader or a crawler sees them."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from library.models import Report
from partners.models import ActionPlan, Partner
from practices.models import GoodPractice, StudyVisit
from publishing.models import Status
from tests.factories import (
    ActionPlanFactory,
    GoodPracticeFactory,
    PartnerFactory,
    RegionFactory,
    ReportFactory,
    StudyVisitFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def feed_entries(client):
    response = client.get("/feeds/latest.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    return {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root.findall(f"{SITEMAP}url")}


# ---------- Atom feed ----------


def test_the_feed_lists_published_practices_and_reports_newest_first(client):
    GoodPracticeFactory(title="Oldest practice", created=days_ago(30))
    ReportFactory(title="Middle report", created=days_ago(20))
    GoodPracticeFactory(title="Newest practice", created=days_ago(1))
    GoodPracticeFactory(title="Draft practice", created=days_ago(0), status=Status.DRAFT)
    ReportFactory(title="Submitted report", created=days_ago(0), status=Status.SUBMITTED)
    StudyVisitFactory(title="A visit is not in the feed", created=days_ago(0))

    entries = feed_entries(client)

    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Newest practice",
        "Middle report",
        "Oldest practice",
    ]


def test_a_feed_entry_has_a_title_an_absolute_link_a_summary_and_dates(client):
    practice = GoodPracticeFactory(
        slug="open-market-consultation",
        title="Open market consultation",
        summary="Buyers talk to suppliers <before> they buy.",
        created=days_ago(10),
    )
    GoodPractice.objects.filter(pk=practice.pk).update(updated=days_ago(2))

    (entry,) = feed_entries(client)

    assert entry.findtext(f"{ATOM}title") == "Open market consultation"
    assert entry.find(f"{ATOM}link").get("href") == "http://testserver/practices/open-market-consultation/"
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "Buyers talk to suppliers &lt;before&gt; they buy."  # HTML that shows the text as written
    updated = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    published = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
    assert updated.date() == days_ago(2).date()
    assert published.date() == days_ago(10).date()
    assert entry.find(f"{ATOM}category").get("term") == "Good practice"


def test_the_feed_names_itself_and_the_portal(client):
    response = client.get("/feeds/latest.atom")
    root = ET.fromstring(response.content)

    assert root.findtext(f"{ATOM}title") == "iBuy: new good practices and reports"
    assert root.find(f"{ATOM}author").findtext(f"{ATOM}name") == "iBuy partnership"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"alternate": "http://testserver/", "self": "http://testserver/feeds/latest.atom"}


def test_the_feed_holds_the_twenty_newest(client):
    GoodPracticeFactory.create_batch(15)
    ReportFactory.create_batch(15)

    assert len(feed_entries(client)) == 20


def test_every_page_links_the_feed_for_feed_readers(client):
    response = client.get("/")

    assert (
        '<link rel="alternate" type="application/atom+xml" title="iBuy: new good practices and reports" '
        f'href="{reverse("latest-feed")}">' in response.text
    )


@pytest.mark.parametrize("rows", [1, 200])
def test_the_feed_runs_two_queries_whatever_the_number_of_records(client, django_assert_num_queries, rows):
    """One query for practices and one for reports: no query per entry."""
    region, partner = RegionFactory(), PartnerFactory()
    GoodPractice.objects.bulk_create(GoodPracticeFactory.build_batch(rows, region=region))
    Report.objects.bulk_create(ReportFactory.build_batch(rows, partner=partner))

    with django_assert_num_queries(2):
        entries = feed_entries(client)

    assert len(entries) == min(2 * rows, 20)


# ---------- sitemap.xml ----------


def test_the_sitemap_lists_the_pages_and_every_published_item_with_its_last_change(client):
    partner = PartnerFactory(slug="lic")
    plan = ActionPlanFactory(slug="plan-lt", partner=partner)
    practice = GoodPracticeFactory(slug="pcp-lt")
    visit = StudyVisitFactory(slug="palma-2019", host_partner=partner)
    report = ReportFactory(slug="guideline", partner=partner)
    GoodPracticeFactory(slug="draft-practice", status=Status.DRAFT)
    ReportFactory(slug="archived-report", partner=partner, status=Status.ARCHIVED)
    GoodPractice.objects.filter(pk=practice.pk).update(updated=datetime.datetime(2021, 3, 4, 12, tzinfo=datetime.UTC))

    urls = sitemap_urls(client)

    pages = ["/", "/about/", "/search/", "/partners/", "/action-plans/", "/practices/", "/study-visits/", "/library/"]
    pages += ["/map/", "/figures/", "/transfers/", "/accessibility/"]
    items = {
        "/partners/lic/": partner,
        "/action-plans/plan-lt/": plan,
        "/practices/pcp-lt/": None,
        "/study-visits/palma-2019/": visit,
        "/library/guideline/": report,
    }
    # Every address in each language: English unprefixed, the others under their prefix (/lt/practices/...).
    prefixes = ["" if code == "en" else f"/{code}" for code, _name in settings.LANGUAGES]
    assert set(urls) == {f"http://testserver{prefix}{path}" for prefix in prefixes for path in [*pages, *items]}
    assert urls["http://testserver/practices/pcp-lt/"] == "2021-03-04"
    assert urls["http://testserver/el/practices/pcp-lt/"] == "2021-03-04"
    for path, record in items.items():
        if record:
            # The date in the portal's time zone (Brussels), as the sitemap writes it; not the UTC date.
            assert urls[f"http://testserver{path}"] == timezone.localdate(record.updated).isoformat()


@pytest.mark.parametrize("rows", [1, 200])
def test_the_sitemap_runs_a_fixed_number_of_queries(client, django_assert_num_queries, rows):
    """One query per kind of item, none per item or per language (in every language, the sitemap pairs the rows it
    loaded once with each language, and counts that list): the plan's URL needs only its slug."""
    region = RegionFactory()
    partners = Partner.objects.bulk_create(PartnerFactory.build_batch(rows, region=region))
    ActionPlan.objects.bulk_create([ActionPlanFactory.build(partner=partner) for partner in partners])
    GoodPractice.objects.bulk_create(GoodPracticeFactory.build_batch(rows, region=region))
    StudyVisit.objects.bulk_create(StudyVisitFactory.build_batch(rows, host_partner=partners[0], region=region))
    Report.objects.bulk_create(ReportFactory.build_batch(rows, partner=partners[0]))

    with django_assert_num_queries(5):
        urls = sitemap_urls(client)

    assert len(urls) == len(settings.LANGUAGES) * (12 + 5 * rows)


# ---------- robots.txt ----------


def test_robots_allows_all_but_the_staff_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[:3] == ["User-agent: *", "Allow: /", "Disallow: /admin/"]
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_robots_names_the_sitemap_on_the_host_and_scheme_asked(client, settings):
    settings.ALLOWED_HOSTS = ["ibuy.example.eu"]

    response = client.get("/robots.txt", headers={"host": "ibuy.example.eu"}, secure=True)

    assert "Sitemap: https://ibuy.example.eu/sitemap.xml" in response.content.decode().splitlines()


def test_robots_runs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get("/robots.txt")
