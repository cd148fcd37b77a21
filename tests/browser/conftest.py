"""Browser tests: Debian's Chromium driven by Playwright against the portal on pytest-django's live server.

Playwright's own browser download cannot work on these machines, so the tests launch /usr/bin/chromium
(`apt-get install chromium`); `make test-browser` runs them alone.
"""

import importlib
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from playwright.sync_api import expect

from library.models import Report
from partners.models import ActionPlan, Partner
from practices.models import GoodPractice, StudyVisit

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run under one unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
# Screenshots of each page type, kept as test artefacts (git-ignored).
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
ROLES = importlib.import_module("partners.migrations.0003_roles")
# The password tests.factories.UserFactory gives every account.
PASSWORD = "correct horse battery staple"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `apt-get install -y chromium` (.ci/run does it).")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def width(request):
    """Each test that asks for it runs twice: at a phone's width (375 px) and a desktop's (1280 px)."""
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, width):
    return {**browser_context_args, "viewport": WIDTHS[width]}


@pytest.fixture
def documented_content(transactional_db):
    """The documented content (fixtures/ibuy.json) in the live server's database."""
    call_command("load_documented_content", "ibuy", verbosity=0)


@pytest.fixture
def screenshot(page, width):
    """Save a full-page screenshot under test-artifacts/screenshots/<width>/<name>.png."""

    def take(name):
        folder = ARTEFACTS / width
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def staff_roles(transactional_db):
    """The roles' groups with their permissions, as the migration partners/0003_roles creates them.

    A transactional test empties every table when it ends, so rows that a data migration made are gone for the
    tests after it (permissions and content types come back: Django recreates them after each flush)."""
    for name, wanted in ROLES.PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for model, action in wanted:
            app_label, model_name = model.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model_name}")
            )


@pytest.fixture
def log_in(page, live_server):
    """Sign in through the real admin login form (django-axes counts it): `log_in(user)`; `log_out()` after."""

    def sign_in(user, password=PASSWORD):
        page.goto(f"{live_server.url}/admin/login/?next=/admin/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/admin/")
        expect(page.get_by_role("button", name="Log out")).to_be_attached()

    return sign_in


@pytest.fixture
def log_out(page):
    """Sign out with the admin's "Log out" button."""

    def sign_out():
        page.get_by_role("button", name="Log out").click()
        expect(page.get_by_role("heading", name="Logged out")).to_be_visible()

    return sign_out


@pytest.fixture
def public_pages(documented_content):
    """Every type of public page, as {name: path}, with the documented content: home, each list (also filtered, with
    an unknown value the page says it ignored), each kind of item page, search, the other pages and a missing page."""

    def first(model):
        return model.objects.published().first().get_absolute_url()

    return {
        "home": "/",
        "partner-list": "/partners/",
        "actionplan-list": "/action-plans/",
        "practice-list": "/practices/",
        "practice-list-filtered": "/practices/?instrument=pcp&instrument=ppi&region=bogus",
        "visit-list": "/study-visits/",
        "report-list": "/library/",
        "partner-detail": first(Partner),
        "actionplan-detail": first(ActionPlan),
        "practice-detail": first(GoodPractice),
        "visit-detail": first(StudyVisit),
        "report-detail": first(Report),
        "search": "/search/",
        "search-results": "/search/?q=procurement",
        "search-no-results": "/search/?q=xylophone",
        "about": "/about/",
        "map": "/map/",
        "figures": "/figures/",
        "transfers": "/transfers/",
        "accessibility": "/accessibility/",
        "not-found": "/this-page-does-not-exist/",
    }
