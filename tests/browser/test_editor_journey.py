"""A partner's editor writes a good practice and submits it; the secretariat publishes it; visitors see it, another
partner's editor cannot reach it. Every sign-in goes through the real admin login form (django-axes is on)."""

import re

import pytest
from playwright.sync_api import expect

from partners.models import Role
from practices.models import GoodPractice
from publishing.models import Status
from tests.factories import EditorFactory, PartnerFactory

TITLE = "Innovation brokers in hospitals"


@pytest.fixture
def people(staff_roles):
    """An editor of partner A, an editor of partner B and the lead partner's staff (the secretariat)."""
    own = PartnerFactory(name="Partner agency A", slug="partner-a")
    return {
        "editor": EditorFactory(partner=own, user__username="editor-a").user,
        "other editor": EditorFactory(partner=PartnerFactory(slug="partner-b"), user__username="editor-b").user,
        "secretariat": EditorFactory(partner=PartnerFactory(role=Role.LEAD), user__username="secretariat").user,
        "partner": own,
    }


def test_an_editor_drafts_and_submits_the_secretariat_publishes(
    page, live_server, people, log_in, log_out, screenshot
):
    admin = f"{live_server.url}/admin/practices/goodpractice/"

    # The editor writes a draft.
    log_in(people["editor"])
    screenshot("admin-index")
    page.goto(admin)
    expect(page.get_by_role("heading", level=1)).to_contain_text("good practice")
    screenshot("admin-list")
    page.get_by_role("link", name=re.compile(r"^Add good practice")).click()
    page.wait_for_url(f"{admin}add/")
    page.get_by_label("Title:").fill(TITLE)
    page.get_by_label("Summary:").fill("A broker between hospitals and suppliers.")
    # The owner field offers the editor's own partner only, already chosen.
    expect(page.locator("#id_partners option:checked")).to_have_text([people["partner"].name])
    screenshot("admin-form")
    page.get_by_role("button", name="Save and continue editing").first.click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    practice = GoodPractice.objects.get(title=TITLE)
    change = f"{admin}{practice.pk}/change/"
    page.wait_for_url(change)
    expect(page.locator("#workflow-status")).to_contain_text("Status: Draft")
    assert list(practice.partners.all()) == [people["partner"]]

    # It is not public yet.
    public = page.context.new_page()
    assert public.goto(f"{live_server.url}{practice.get_absolute_url()}").status == 404
    public.close()

    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url(change)
    expect(page.locator(".messagelist")).to_contain_text("submitted for review")
    expect(page.locator("#workflow-status")).to_contain_text("Status: Submitted for review")
    # Editors do not publish.
    expect(page.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    screenshot("admin-form-submitted")
    log_out()

    # The secretariat publishes it.
    log_in(people["secretariat"])
    page.goto(admin)
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(change)
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url(change)
    expect(page.locator("#workflow-status")).to_contain_text("Status: Published")
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED
    log_out()

    # A visitor finds it in the public list and opens it.
    page.goto(f"{live_server.url}/practices/")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"{live_server.url}{practice.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("link", name=people["partner"].name)).to_be_visible()


@pytest.mark.parametrize("width", ["desktop"], indirect=True)
def test_another_partners_editor_cannot_reach_the_practice(page, live_server, people, log_in):
    practice = GoodPractice.objects.create(title=TITLE, slug="innovation-brokers", status=Status.SUBMITTED)
    practice.partners.add(people["partner"])
    admin = f"{live_server.url}/admin/practices/goodpractice/"

    log_in(people["other editor"])
    page.goto(admin)
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
    for view in ["change", "history", "delete"]:
        assert page.goto(f"{admin}{practice.pk}/{view}/").status == 403, view
    # Nor is it public while it waits for review.
    assert page.goto(f"{live_server.url}{practice.get_absolute_url()}").status == 404
