"""A visitor filters the good practices by region and instrument together, opens one, follows it to its partner and
the partner's action plan, searches from the header, and downloads a report from the open library."""

import io

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect
from pypdf import PdfWriter

from tests.factories import (
    ActionPlanFactory,
    GoodPracticeFactory,
    InstrumentFactory,
    PartnerFactory,
    RegionFactory,
    ReportFactory,
)


def small_pdf():
    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def content(transactional_db):
    """One practice in the North Region bought by pre-commercial procurement, and two that match only one of those."""
    north = RegionFactory(name="North Region", nuts_code="XN1")
    south = RegionFactory(name="South Region", nuts_code="XS1")
    pcp = InstrumentFactory(code="pcp", name="Pre-commercial procurement")
    ppi = InstrumentFactory(code="ppi", name="Public procurement of innovation")
    partner = PartnerFactory(name="North Innovation Agency", slug="north-innovation-agency", region=north)
    plan = ActionPlanFactory(partner=partner, title="Action plan for the North Region", slug="north-plan")
    practice = GoodPracticeFactory(
        title="Hospital beds bought by function",
        slug="hospital-beds",
        region=north,
        instruments=[pcp],
        partners=[partner],
    )
    GoodPracticeFactory(title="Smart street lights", region=north, instruments=[ppi], partners=[partner])
    GoodPracticeFactory(title="Electric ferries", region=south, instruments=[pcp])
    report = ReportFactory(title="Hospital procurement guide", partner=partner, instruments=[pcp])
    report.document.save("guide.pdf", ContentFile(small_pdf()))
    return {"partner": partner, "plan": plan, "practice": practice, "report": report}


def test_a_visitor_filters_follows_searches_and_downloads(page, live_server, content, screenshot):
    page.goto(f"{live_server.url}/practices/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Good practices")
    screenshot("journey-practice-list")

    # On a phone the filters are a closed disclosure that the visitor opens first.
    summary = page.locator("summary.filters-panel__summary")
    if summary.is_visible():
        summary.click()
    filters = page.get_by_role("search", name="Filter good practices")
    filters.get_by_role("group", name="Region").get_by_label("North Region").check()
    filters.get_by_role("group", name="Instrument").get_by_label("Pre-commercial procurement").check()
    filters.get_by_role("button", name="Apply filters").click()

    page.wait_for_url("**/practices/?*")
    assert "region=XN1" in page.url
    assert "instrument=pcp" in page.url
    expect(page.locator("#result-count")).to_have_text("1 good practice matches your filters.")
    results = page.get_by_role("region", name="Results")
    expect(results.get_by_role("link", name="Hospital beds bought by function")).to_be_visible()
    expect(results.get_by_text("Smart street lights")).to_have_count(0)
    expect(results.get_by_text("Electric ferries")).to_have_count(0)
    # The chosen filters stay ticked (on a phone, behind the summary that counts them), and each shows as a
    # removable filter.
    if summary.is_visible():
        expect(summary).to_have_text("Filters (2 chosen)")
        summary.click()
    expect(filters.get_by_label("North Region")).to_be_checked()
    expect(filters.get_by_label("Pre-commercial procurement")).to_be_checked()
    expect(page.locator(".active-filter")).to_have_count(2)
    screenshot("journey-practice-list-filtered")

    results.get_by_role("link", name="Hospital beds bought by function").click()
    page.wait_for_url(f"{live_server.url}/practices/hospital-beds/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hospital beds bought by function")
    screenshot("journey-practice-detail")

    page.get_by_role("main").get_by_role("link", name="North Innovation Agency").first.click()
    page.wait_for_url(f"{live_server.url}{content['partner'].get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("North Innovation Agency")
    screenshot("journey-partner-detail")

    page.get_by_role("main").get_by_role("link", name="Action plan for the North Region").first.click()
    page.wait_for_url(f"{live_server.url}{content['plan'].get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Action plan for the North Region")
    screenshot("journey-actionplan-detail")

    page.get_by_role("banner").get_by_label("Search the portal").fill("hospital")
    page.get_by_role("banner").get_by_role("button", name="Search").click()
    page.wait_for_url(f"{live_server.url}/search/?q=hospital")
    expect(page.get_by_role("heading", level=2, name="results for")).to_contain_text("2 results")
    hits = page.locator(".search-hit__title")
    expect(hits.get_by_role("link", name="Hospital beds bought by function")).to_be_visible()
    expect(hits.get_by_role("link", name="Hospital procurement guide")).to_be_visible()
    screenshot("journey-search-results")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Library").click()
    page.wait_for_url(f"{live_server.url}/library/")
    screenshot("journey-report-list")
    page.get_by_role("link", name="Hospital procurement guide", exact=True).click()
    page.wait_for_url(f"{live_server.url}{content['report'].get_absolute_url()}")
    screenshot("journey-report-detail")

    # The document opens in Chromium's PDF viewer (the file is served inline), so the response is what is checked.
    report = content["report"]
    link = page.get_by_role("link", name="Download the document (PDF)")
    with page.expect_response(f"{live_server.url}{report.document.url}") as response_info:
        link.click()
    response = response_info.value
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.url.rsplit("/", 1)[-1] == report.document.name.rsplit("/", 1)[-1]
    assert response.url.endswith(".pdf")
    # Chromium hands the body to its viewer; the same address fetched again gives the stored file's bytes.
    with report.document.open("rb") as stored:
        assert page.request.get(response.url).body() == stored.read()
