"""The layout of a public list in Chromium: on a phone the results come first and the filters open on demand (a
details disclosure, no script); on a wide screen the filters stay open beside the results."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

# Every list, and the practice list filtered by a region (a buyer's first step), with the documented content.
LISTS = ["/practices/", "/practices/?region=LV", "/study-visits/", "/library/", "/partners/", "/action-plans/"]


@pytest.fixture
def width():
    """Each test sets the width it is about (the shared fixture would run every test at both)."""
    return "phone"


def first_result_top(page):
    return page.locator(".card-grid > li").first.bounding_box()["y"]


@pytest.mark.parametrize("path", LISTS)
def test_on_a_phone_the_first_result_is_on_the_first_screen(page, live_server, documented_content, path):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + path)

    panel = page.locator("details.filters-panel")
    expect(panel).not_to_have_attribute("open", "")
    expect(page.get_by_role("button", name="Apply filters")).to_be_hidden()
    assert first_result_top(page) < PHONE["height"]


def test_on_a_phone_the_filters_open_on_demand_and_say_how_many_are_chosen(page, live_server, documented_content):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/practices/?region=LV&instrument=innovation-partnership")

    summary = page.locator("summary.filters-panel__summary")
    expect(summary).to_have_text("Filters (2 chosen)")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("checkbox", name="Latvia").first).to_be_visible()
    expect(page.get_by_role("checkbox", name="Latvia").first).to_be_checked()
    page.get_by_role("checkbox", name="Latvia").first.uncheck()
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"/practices/\?(q=&)?instrument=innovation-partnership$"))
    expect(summary).to_have_text("Filters (1 chosen)")


def test_without_filters_the_summary_names_no_count(page, live_server, documented_content):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/library/")

    expect(page.locator("summary.filters-panel__summary")).to_have_text("Filters")


@pytest.mark.parametrize("path", ["/practices/?region=LV", "/library/"])
def test_on_a_wide_screen_the_filters_stand_open_beside_the_results(page, live_server, documented_content, path):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + path)

    expect(page.locator("summary.filters-panel__summary")).to_be_hidden()
    apply = page.get_by_role("button", name="Apply filters")
    expect(apply).to_be_visible()
    form = page.locator("form.filters").bounding_box()
    results = page.locator(".listing__results").bounding_box()
    assert form["x"] + form["width"] <= results["x"]
    assert abs(form["y"] - results["y"]) < 5
    assert first_result_top(page) < DESKTOP["height"]
