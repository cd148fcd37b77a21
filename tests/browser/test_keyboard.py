"""The public site by keyboard alone: a skip link, a visible focus on every stop, the tab order of the visual order,
filter forms that submit from the keyboard, and no keyboard trap on any type of page."""

import re

import pytest
from playwright.sync_api import expect

# Marks every element the Tab key should stop at with its place in document order, and logs each focus the keyboard
# gives from then on: which stop it is, where it is on the page, and whether its focus can be seen: an outline that
# is not transparent, a box-shadow (the portal's focus style is GOV.UK's yellow box), or any other change in how the
# element or what it holds looks (an SVG map marker shows a disc and a dark stroke).
WATCH_FOCUS = """() => {
  const selector = 'a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], '
    + '[contenteditable=""], [contenteditable="true"]';
  const stops = [...document.querySelectorAll(selector)].filter((element) =>
    element.tabIndex >= 0 && !element.disabled && element.type !== 'hidden' && !element.closest('[inert]')
    && element.checkVisibility({visibilityProperty: true}));
  const properties = ['outline-style', 'outline-width', 'outline-color', 'box-shadow', 'background-color', 'color',
    'border-color', 'text-decoration-line', 'fill', 'stroke', 'stroke-width', 'opacity', 'visibility', 'display'];
  const look = (element) => [element, ...element.querySelectorAll('*')].slice(0, 30).map((node) => {
    const style = getComputedStyle(node);
    return properties.map((property) => style.getPropertyValue(property)).join('|');
  }).join(';');
  const unfocused = new Map(stops.map((element) => [element, look(element)]));
  stops.forEach((element, index) => { element.dataset.tabStop = index; });
  window.focusLog = [];
  document.addEventListener('focusin', (event) => {
    const element = event.target;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    const label = element.getAttribute('aria-label') || element.textContent || element.value || element.name || '';
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
      && style.outlineColor !== 'rgba(0, 0, 0, 0)';
    window.focusLog.push({
      stop: element.dataset.tabStop === undefined ? -1 : Number(element.dataset.tabStop),
      name: `${element.tagName.toLowerCase()}${element.id ? '#' + element.id : ''} "${label.trim().slice(0, 40)}"`,
      visible: outlined || style.boxShadow !== 'none'
        || (unfocused.has(element) && look(element) !== unfocused.get(element)),
      top: box.top + window.scrollY,
      left: box.left + window.scrollX,
      fieldset: element.closest('fieldset')?.querySelector('legend')?.textContent.trim() ?? null,
    });
  });
  return stops.map((element) => element.dataset.tabStop);
}"""


def watch_focus(page):
    """The number of tab stops on the page; from now on, window.focusLog records each focus."""
    return len(page.evaluate(WATCH_FOCUS))


def tab_through(page, stops):
    """Presses Tab until the focus has been round the page and is back at its first stop; the focus log."""
    presses = 0
    log = []
    while presses < 2 * stops + 10:
        for _ in range(stops + 2 if not presses else 5):
            # down and up: press() would also wait, after each key, for a navigation that Tab never starts.
            page.keyboard.down("Tab")
            page.keyboard.up("Tab")
            presses += 1
        log = page.evaluate("window.focusLog")
        reached = [entry["stop"] for entry in log]
        if stops and stops - 1 in reached and 0 in reached[reached.index(stops - 1) :]:
            break
    return log


def keyboard_problems(path, stops, log):
    """What goes wrong for a keyboard user on this page, in words: a trap, a stop never reached, order, focus."""
    problems = []
    reached = [entry["stop"] for entry in log if entry["stop"] >= 0]
    if stops and stops - 1 not in reached:
        stuck = log[-1]["name"] if log else "nothing"
        problems.append(f"{path}: the focus never reaches the last of {stops} stops; it stays on {stuck}")
    first_round = reached[: reached.index(stops - 1) + 1] if stops - 1 in reached else reached
    if first_round != sorted(first_round) or len(set(first_round)) != stops:
        problems.append(f"{path}: the tab order is not the document order: {first_round}")
    problems += [f"{path}: no visible focus on {entry['name']}" for entry in log if not entry["visible"]]
    return problems


@pytest.mark.parametrize("width", ["desktop"], indirect=True)
def test_the_keyboard_tour_finds_a_trap_and_a_focus_that_cannot_be_seen(page):
    """The tour below would pass on any page if it could not see these; here is a page with both."""
    page.set_content(
        """<a href="#a">First</a> <a href="#b" class="plain">No focus style</a>
        <input id="trap" aria-label="Trap"> <a href="#c">Never reached</a>
        <style>.plain:focus-visible { outline: none; box-shadow: none; }</style>
        <script>
          document.getElementById('trap').addEventListener('keydown', (event) => {
            if (event.key === 'Tab') event.preventDefault();
          });
        </script>"""
    )
    stops = watch_focus(page)
    problems = keyboard_problems("/trap/", stops, tab_through(page, stops))

    assert stops == 4
    assert problems[0] == '/trap/: the focus never reaches the last of 4 stops; it stays on input#trap "Trap"'
    assert '/trap/: no visible focus on a "No focus style"' in problems


def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_the_main_content(page, live_server, width):
    page.goto(f"{live_server.url}/practices/")
    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    page.wait_for_url("**/practices/#main")
    assert page.evaluate("document.activeElement.closest('main') !== null"), "the focus did not move into <main>"
    # The next stop is the first link in the main content (in the introduction), past the header and navigation.
    page.keyboard.press("Tab")
    expect(page.get_by_role("main").get_by_role("link", name="transfer trail")).to_be_focused()


def test_every_page_can_be_toured_by_keyboard_with_a_visible_focus_and_no_trap(page, live_server, public_pages):
    problems = []
    for path in public_pages.values():
        page.goto(f"{live_server.url}{path}")
        stops = watch_focus(page)
        problems += keyboard_problems(path, stops, tab_through(page, stops))
    assert not problems, "\n".join(problems)


def open_filters_by_keyboard(page):
    """On a phone the filters are a closed disclosure: its summary opens them with Enter (beside the results on a
    wide screen they are open, the summary hidden)."""
    summary = page.locator("summary.filters-panel__summary")
    if summary.is_visible():
        summary.focus()
        page.keyboard.press("Enter")
        expect(page.locator("details.filters-panel")).to_have_attribute("open", "")


def test_the_filter_form_is_tabbed_in_its_visual_order_with_labelled_grouped_choices(
    page, live_server, documented_content
):
    page.goto(f"{live_server.url}/practices/")
    open_filters_by_keyboard(page)
    form = page.get_by_role("search", name="Filter good practices")
    watch_focus(page)
    form.get_by_role("link", name="Skip to the results").focus()
    page.evaluate("window.focusLog = []")

    fields = form.locator("input:not([type=hidden]), button")
    for _ in range(fields.count()):
        page.keyboard.press("Tab")
    log = page.evaluate("window.focusLog")

    # Each stop is below the one before or, on the same line, to its right.
    for before, after in zip(log, log[1:], strict=False):
        assert after["top"] > before["top"] + 1 or (
            abs(after["top"] - before["top"]) <= 1 and after["left"] > before["left"]
        ), f"{after['name']} comes after {before['name']} but is above or left of it"
    assert log[0]["name"].startswith("input#filter-q")
    assert log[-1]["name"] == 'button "Apply filters"'
    # The checkboxes come fieldset by fieldset, in the order of their legends on the page.
    legends = form.locator("fieldset > legend").all_inner_texts()
    assert legends[:3] == ["Region", "Country", "Instrument"]
    visited = [entry["fieldset"] for entry in log if entry["fieldset"]]
    assert list(dict.fromkeys(visited)) == legends
    # Every choice has a label (its accessible name) and sits in a fieldset with a legend.
    for checkbox in form.get_by_role("checkbox").all():
        assert checkbox.evaluate("box => box.labels.length === 1 && !!box.closest('fieldset').querySelector('legend')")
    instruments = form.get_by_role("group", name="Instrument")
    expect(instruments.get_by_role("checkbox", name="Pre-commercial procurement")).to_be_visible()


def test_the_filter_form_submits_from_the_keyboard(page, live_server, documented_content, width):
    page.goto(f"{live_server.url}/practices/")
    open_filters_by_keyboard(page)
    form = page.get_by_role("search", name="Filter good practices")

    # Space ticks a choice, and Enter on the button applies it.
    form.get_by_role("checkbox", name="Pre-commercial procurement").focus()
    page.keyboard.press("Space")
    form.get_by_role("button", name="Apply filters").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/practices/\?(.+&)?instrument=pcp"))
    expect(page.locator("#result-count")).to_have_text("1 good practice matches your filters.")

    # Space on the button submits too, and Enter in the search box.
    open_filters_by_keyboard(page)
    form.get_by_role("checkbox", name="Pre-commercial procurement").focus()
    page.keyboard.press("Space")
    form.get_by_role("button", name="Apply filters").focus()
    page.keyboard.press("Space")
    page.wait_for_url(lambda url: "/practices/?" in url and "instrument" not in url)
    expect(page.locator("#result-count")).to_have_text("5 good practices.")
    open_filters_by_keyboard(page)
    form.get_by_label("Search").fill("forests")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/practices/\?q=forests$"))
    expect(page.locator("#result-count")).to_have_text("1 good practice matches your filters.")
    title = "JSC Latvia's State Forests innovation partnership procurement"
    expect(page.get_by_role("main").get_by_role("link", name=title)).to_be_visible()


def announced(page, text):
    """The live region (role status, or alert for an error) that holds the text: screen readers read it out."""
    return page.locator("[role=status], [role=alert]").filter(has_text=text)


@pytest.mark.parametrize("width", ["desktop"], indirect=True)
def test_filter_values_the_portal_ignored_are_announced(page, live_server, documented_content):
    page.goto(f"{live_server.url}/practices/?region=atlantis&instrument=pcp")

    expect(announced(page, "Part of the address was ignored")).to_contain_text(
        "region 'atlantis' is not a region in the portal"
    )
    expect(announced(page, "1 good practice matches your filters")).to_be_visible()


@pytest.mark.parametrize("width", ["desktop"], indirect=True)
def test_a_search_with_no_words_or_no_results_is_announced(page, live_server, documented_content):
    page.goto(f"{live_server.url}/search/?q=")
    expect(announced(page, "Type one or more words")).to_be_visible()

    page.goto(f"{live_server.url}/search/?q=xylophone")
    expect(announced(page, "No results for")).to_be_visible()


@pytest.mark.parametrize("width", ["desktop"], indirect=True)
def test_a_missing_page_says_so_in_its_title_and_heading(page, live_server):
    response = page.goto(f"{live_server.url}/practices/no-such-practice/")

    assert response.status == 404
    expect(page).to_have_title("Page not found – iBuy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("main").get_by_role("link", name="Go to the iBuy home page")).to_be_visible()
