"""Every public page type in Greek and in Lithuanian (English: test_accessibility.py) at a phone's and a desktop's
width: no WCAG 2.1 AA violation (axe-core), headings, landmarks and lang as in English, nothing wider than the
window, and the language switcher reached and followed with the keyboard."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.test_accessibility import FILTERED, PUBLIC_PAGES, STRUCTURE, describe, violations

LANGUAGES = ["el", "lt"]
# Nothing may stick out sideways: at 375 px a longer word in another language must wrap, not overflow.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter((element) => element.getClientRects().length && !element.closest(".table-scroll, svg, .visually-hidden"))
    .filter((element) => element.getBoundingClientRect().right > width + 1)
    .map((element) => `${element.tagName}.${element.className}: ${element.textContent.trim().slice(0, 40)}`)
    .slice(0, 5);
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_in_greek_and_lithuanian_have_no_violation_and_no_overflow(
    page, live_server, documented_content, width, language
):
    problems = []
    for name, address in PUBLIC_PAGES.items():
        response = page.goto(f"{live_server.url}/{language}{address}")
        assert response.status == (404 if name == "page not found" else 200), name
        assert page.evaluate("document.documentElement.lang") == language
        if name in FILTERED:
            with translation.override(language):
                expect(page.get_by_role("heading", name=translation.gettext("Your filters"))).to_be_visible()
        problems += [f"{name}: {describe(violation)}" for violation in violations(page)]
        problems += [f"{name}: {problem}" for problem in page.evaluate(STRUCTURE)]
        problems += [f"{name}: sticks out: {element}" for element in page.evaluate(OVERFLOW)]

    assert not problems, f"in {language} at the {width} width:\n" + "\n".join(problems)


def open_on_a_phone(switcher, width):
    """On a phone the links are folded under the current language's name: the keyboard opens them first."""
    if width == "phone":
        summary = switcher.locator("summary")
        summary.focus()
        summary.press("Enter")


def test_the_language_switcher_is_reached_and_followed_with_the_keyboard(page, live_server, documented_content, width):
    page.goto(f"{live_server.url}/practices/")
    switcher = page.get_by_role("navigation", name="Languages")
    open_on_a_phone(switcher, width)
    greek = switcher.get_by_role("link", name="Ελληνικά")
    expect(greek).to_have_attribute("lang", "el")
    expect(greek).to_have_attribute("hreflang", "el")

    greek.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/el/practices/")
    expect(page.locator("html")).to_have_attribute("lang", "el")
    expect(page.get_by_role("heading", level=1)).to_have_text("Καλές πρακτικές")

    greek_switcher = page.get_by_role("navigation", name="Γλώσσες")
    open_on_a_phone(greek_switcher, width)
    english = greek_switcher.get_by_role("link", name="English")
    english.focus()
    page.keyboard.press("Enter")
    # The Referer is the portal's own page, so the browser's Greek does not send the visitor back.
    page.wait_for_url(f"{live_server.url}/practices/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
