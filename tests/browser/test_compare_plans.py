"""The comparison of action plans in Chromium, at a phone's and a desktop's width: no WCAG 2.1 AA violation; on a
phone the plans scroll sideways inside a focusable region while the page itself does not; the form makes a
shareable address."""

from playwright.sync_api import expect

from tests.browser.test_accessibility import STRUCTURE, describe, violations

COMPARED = (
    "/action-plans/compare/?plan=action-plan-lithuania&plan=action-plan-bucharest-ilfov&plan=action-plan-portugal"
)


def test_the_comparison_is_accessible_and_fits_the_screen(page, live_server, documented_content, width):
    page.goto(live_server.url + COMPARED)

    expect(page.get_by_role("heading", name="3 action plans side by side")).to_be_visible()
    region = page.get_by_role("region", name="The chosen plans in columns")
    region.focus()
    expect(region).to_be_focused()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= page.viewport_size["width"]
    scrolls = region.evaluate("(element) => element.scrollWidth > element.clientWidth")
    assert scrolls == (width == "phone")
    problems = [describe(violation) for violation in violations(page)] + page.evaluate(STRUCTURE)
    assert not problems, "\n".join(problems)


def test_the_form_makes_a_shareable_address(page, live_server, documented_content, width):
    page.goto(f"{live_server.url}/action-plans/compare/")
    expect(page.get_by_role("status")).to_have_text("No action plans chosen yet: choose two or more below.")

    page.get_by_role("checkbox", name="Action plan for Latvia").check()
    page.get_by_role("checkbox", name="Action plan for Portugal").check()
    page.get_by_role("button", name="Compare").click()

    expect(page).to_have_url(
        f"{live_server.url}/action-plans/compare/?plan=action-plan-latvia&plan=action-plan-portugal"
    )
    expect(page.get_by_role("heading", name="2 action plans side by side")).to_be_visible()
    problems = [describe(violation) for violation in violations(page)]
    assert not problems, "\n".join(problems)
