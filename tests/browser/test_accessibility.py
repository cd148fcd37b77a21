"""axe-core (from the axe-playwright-python package) on every page type at a phone's and a desktop's width: no
violation of the WCAG 2.1 A and AA rules on public pages, with filters applied and with errors shown; in the
admin, none in the portal's own markup. Django's own admin issues are listed (KNOWN_DJANGO) and described under
"Non-accessible content" on /accessibility/.

Run alone: `.venv/bin/pytest -p no:xdist tests/browser/test_accessibility.py` (add `-s` to see Django's issues).
"""

import importlib

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from partners.models import Partner
from practices.models import GoodPractice
from tests.factories import EditorFactory

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's

# Each public page type, with the documented content (fixtures/ibuy.json). Filtered lists carry one value the
# portal does not know, so that the "Ignored" note shows too.
PUBLIC_PAGES = {
    "home": "/",
    "partners": "/partners/",
    "partners, filtered": "/partners/?country=LT&country=ES&country=XX",
    "action plans": "/action-plans/",
    "action plans, filtered": "/action-plans/?instrument=ppi&instrument=unknown",
    "good practices": "/practices/",
    "good practices, filtered": "/practices/?instrument=pcp&year=2019&year=abc&theme=health",
    "study visits": "/study-visits/",
    "study visits, filtered": "/study-visits/?country=FI&kind=picnic",
    "library": "/library/",
    "library, filtered": "/library/?language=en&q=procurement&colour=blue",
    "partner": "/partners/lithuanian-innovation-centre/",
    "action plan": "/action-plans/action-plan-lithuania/",
    "good practice": "/practices/seap-digital-platform/",
    "study visit": "/study-visits/partners-meeting-tampere-2019/",
    "report": "/library/guideline-ppi-competence-centre/",
    "search with results": "/search/?q=procurement",
    "search without results": "/search/?q=zebra",
    "search, empty": "/search/?q=",
    "about": "/about/",
    "map": "/map/",
    "figures": "/figures/",
    "transfers": "/transfers/",
    "accessibility statement": "/accessibility/",
    "open data": "/open-data/",
    "page not found": "/no-such-page/",
}
FILTERED = [name for name in PUBLIC_PAGES if name.endswith(", filtered")]

# Violations in Django's own admin markup that the portal leaves as they are (static/css/a11y.css fixes the others),
# as (rule, where): each is written under "Non-accessible content" in templates/accessibility.html
# (tests/test_accessibility_statement.py checks it). Any other violation in the admin fails the test.
KNOWN_DJANGO = {
    # Django's autocomplete widget (its bundled select2), used by the admin's autocomplete_fields:
    ("aria-input-field-name", "select2"): "an autocomplete box has no accessible name",
    ("label", "select2"): "the search field inside a multiple-choice autocomplete box has no label",
    (
        "list",
        "select2",
    ): "the list of chosen values in a multiple-choice autocomplete box holds other elements than items",
}

# Headings, landmarks and language, which axe's WCAG rules leave to best practice.
STRUCTURE = """() => {
  const levels = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
    .filter((h) => h.getClientRects().length || h.closest(".visually-hidden"))
    .map((h) => Number(h.tagName[1]));
  const problems = [];
  if (levels.filter((level) => level === 1).length !== 1) problems.push(`${levels.filter((l) => l === 1).length} h1`);
  if (levels[0] !== 1) problems.push(`the first heading is h${levels[0]}, not h1`);
  levels.forEach((level, i) => {
    if (i && level > levels[i - 1] + 1) problems.push(`h${levels[i - 1]} is followed by h${level}`);
  });
  if (document.querySelectorAll("main").length !== 1) problems.push("not one main landmark");
  if (!document.documentElement.lang) problems.push("no lang on html");
  const skip = document.querySelector("a.skip-link");
  if (!skip || !document.querySelector(skip.getAttribute("href"))) problems.push("no skip link to the main content");
  return problems;
}"""


def describe(violation):
    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets} - {violation['helpUrl']}"


def violations(page):
    return Axe().run(page, options=WCAG_21_AA).response["violations"]


def is_djangos(violation):
    return all(
        any(rule == violation["id"] and where in " ".join(node["target"]) for rule, where in KNOWN_DJANGO)
        for node in violation["nodes"]
    )


def create_roles():
    """The roles' groups as the data migration partners/0003_roles makes them: a transactional test before this one
    emptied the tables (Django then re-creates content types and permissions, not groups)."""
    roles = importlib.import_module("partners.migrations.0003_roles")
    for name, wanted in roles.PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.get(
                content_type__app_label=model.split(".")[0], codename=f"{action}_{model.split('.')[1]}"
            )
            for model, action in wanted
        )


@pytest.fixture
def partner_editor(documented_content):
    """A partner editor of the Balearic partner, with two documented good practices to edit; the first has two
    revisions in its history, so that its history page offers to compare them."""
    create_roles()
    partner = Partner.objects.get(slug="fundacio-bit")
    for slug in ["seap-digital-platform", "health-empowerment-platform"]:
        GoodPractice.objects.get(slug=slug).partners.add(partner)
    practice = GoodPractice.objects.get(slug="seap-digital-platform")
    practice.save()
    practice.summary += " (Edited.)"
    practice.save()
    return EditorFactory(partner=partner, user__username="editor").user


def test_public_pages_have_no_wcag_21_aa_violation(page, live_server, documented_content, width):
    problems = []
    for name, address in PUBLIC_PAGES.items():
        response = page.goto(live_server.url + address)
        assert response.status == (404 if name == "page not found" else 200), name
        if name in FILTERED:
            # The page shows what the test claims to check: the chosen filters and the note on the ignored value.
            expect(page.get_by_role("heading", name="Your filters")).to_be_visible()
            expect(page.get_by_role("alert")).to_contain_text("Ignored")
        problems += [f"{name} ({address}): {describe(violation)}" for violation in violations(page)]
        problems += [f"{name} ({address}): {problem}" for problem in page.evaluate(STRUCTURE)]

    assert not problems, f"at the {width} width:\n" + "\n".join(problems)


def test_the_admin_pages_of_partner_editors_have_no_violation_of_the_portals_own(
    page, live_server, partner_editor, width, screenshot
):
    found = {}

    def check(name):
        page.wait_for_load_state("networkidle")  # the autocomplete widgets build themselves after the load
        found[name] = violations(page)

    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".errornote")).to_contain_text("Please enter the correct username and password")
    check("login with an error")

    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    expect(page.locator("#desk-heading")).to_contain_text("Your desk")
    check("the editor's desk")
    page.goto(f"{live_server.url}/admin/practices/goodpractice/")
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    check("good practice change list")

    page.get_by_role("link", name="SEAP Digital Platform").first.click()
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".errorlist")).to_contain_text("This field is required")
    check("good practice change form with errors")

    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("View history")
    check("good practice history")

    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Compare two revisions")
    check("two revisions compared")
    screenshot("admin-history-compare")

    page.goto(f"{live_server.url}/admin/practices/goodpractice/add/")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".errornote")).to_be_visible()
    check("new good practice with errors")

    own = [f"{name}: {describe(v)}" for name, found_here in found.items() for v in found_here if not is_djangos(v)]
    djangos = sorted(
        {
            f"{v['id']} ({v['impact']}): {v['help']}, e.g. at {' '.join(v['nodes'][0]['target'])} - {v['helpUrl']}"
            for found_here in found.values()
            for v in found_here
            if is_djangos(v)
        }
    )
    print(f"\nDjango's own admin issues at the {width} width (known limitations):", *djangos, sep="\n  ")
    assert not own, f"at the {width} width, in the portal's own admin markup:\n" + "\n".join(own)


def test_an_item_page_prints_its_content_without_the_screen_furniture(page, live_server, documented_content):
    """print.css: no skip link, navigation, search or footer links on paper; external links show their address."""
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/partners/lithuanian-innovation-centre/")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    for hidden in [".skip-link", ".site-nav", ".site-search", ".breadcrumbs", ".site-footer__links"]:
        expect(page.locator(hidden)).to_be_hidden()
    external = page.locator('.main a[href^="http"]').first
    address = external.get_attribute("href")
    assert address in external.evaluate("a => getComputedStyle(a, '::after').content")
    assert page.evaluate("() => getComputedStyle(document.body).color") == "rgb(0, 0, 0)"

    page.goto(f"{live_server.url}/practices/?instrument=pcp")
    expect(page.locator("form.filters")).to_be_hidden()
