"""The browser tests' own set-up: Chromium starts and shows the home page of the live server."""

from playwright.sync_api import expect


def test_the_home_page_opens_in_chromium(page, live_server, documented_content, screenshot):
    page.goto(live_server.url)

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    screenshot("home")
