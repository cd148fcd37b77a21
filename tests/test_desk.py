"""The desk on the admin's first page: an editor's records by state, the secretariat's queue of what waits for
review, in a fixed number of queries; and the admin's list filters, which offer an editor only what they may see."""

import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from library.models import Report
from partners.models import ActionPlan, Partner, Role
from practices.models import GoodPractice, StudyVisit, Transfer
from publishing import workflow
from publishing.models import PendingChange, Status, Step
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    EditorFactory,
    GoodPracticeFactory,
    PartnerFactory,
    ReportFactory,
    StudyVisitFactory,
    TransferFactory,
)

pytestmark = pytest.mark.django_db

STATES = ["draft", "sent back", "waiting", "published", "archived", "change waiting", "change sent back"]


def make_record(partner, state, title, factory=GoodPracticeFactory, editor=None, secretariat=None):
    """A record of the partner in one state of the review, brought there by the workflow's own steps."""
    owner = {"partners": [partner]} if factory is GoodPracticeFactory else {"partner": partner}
    if factory is StudyVisitFactory:
        owner = {"host_partner": partner}
    published = state in {"published", "archived", "change waiting", "change sent back"}
    record = factory(title=title, status=Status.PUBLISHED if published else Status.DRAFT, **owner)
    if state in {"sent back", "waiting"}:
        workflow.take(record, Step.SUBMIT, editor)
    if state == "sent back":
        workflow.take(record, Step.SEND_BACK, secretariat, comment=f"Add the sources of {title}.")
    if state == "archived":
        workflow.take(record, Step.ARCHIVE, secretariat)
    if state in {"change waiting", "change sent back"}:
        workflow.prepare_change(record, editor, QueryDict(f"title={title}+(new)"))
    if state == "change sent back":
        workflow.take(record, Step.SEND_BACK_CHANGE, secretariat, comment=f"Say where {title} happened.")
    return record


@pytest.fixture
def people():
    lead = PartnerFactory(name="Lead agency", acronym="LEAD", role=Role.LEAD)
    a = PartnerFactory(name="Agency A", acronym="AAA")
    b = PartnerFactory(name="Agency B", acronym="BBB")
    return {
        "a": a,
        "b": b,
        "lead": lead,
        "editor a": EditorFactory(partner=a, user__username="editor-a").user,
        "editor b": EditorFactory(partner=b, user__username="editor-b").user,
        "secretariat": EditorFactory(partner=lead, user__username="reviewer").user,
    }


@pytest.fixture
def both_partners(people):
    """Records of partners A and B in every state, practices and reports."""
    records = {}
    for key in ("a", "b"):
        partner = people[key]
        for state in STATES:
            for factory in (GoodPracticeFactory, ReportFactory):
                kind = "practice" if factory is GoodPracticeFactory else "report"
                title = f"{partner.acronym} {kind} {state}"
                records[title] = make_record(
                    partner, state, title, factory, people[f"editor {key}"], people["secretariat"]
                )
    return records


def desk_of(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    html = response.content.decode()
    match = re.search(r'<section class="module desk" id="desk".*?</section>', html, re.S)
    assert match, "no desk on the admin's first page"
    return match.group(0)


def section(desk, key):
    """The text of one section of an editor's desk, tags removed."""
    match = re.search(rf'<h3 id="desk-{key}">(.*?)(?=<h3 |</section>)', desk, re.S)
    assert match, f"no section {key}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def titles_in(text, partner):
    return sorted(re.findall(rf"{partner} (?:practice|report) [a-z ]+?(?= Good practice| Report)", text))


def test_an_editor_sees_their_own_records_by_state(client, people, both_partners):
    desk = desk_of(client, people["editor a"])

    drafts = section(desk, "drafts")
    assert "Drafts (2)" in drafts
    assert "AAA practice draft" in drafts
    assert "AAA report draft" in drafts

    sent_back = section(desk, "sent_back")
    assert "Sent back to you (4)" in sent_back
    assert "AAA practice sent back" in sent_back
    assert "Reviewer's comment: Add the sources of AAA practice sent back." in sent_back
    assert "AAA report change sent back" in sent_back
    assert "Say where AAA report change sent back happened." in sent_back

    waiting = section(desk, "waiting")
    assert "Waiting for review (4)" in waiting
    for title in ["AAA practice waiting", "AAA report waiting", "AAA practice change waiting"]:
        assert title in waiting
    assert "a change to the published version" in waiting

    published = section(desk, "published")
    # Published: the partner's own profile, the two published records and the four with a change waiting or sent
    # back (the public sees their published version).
    assert "Published (7)" in published
    assert "AAA practice published" in published
    assert "Agency A" in published
    archived = section(desk, "archived")
    assert "Archived (2)" in archived
    assert "AAA report archived" in archived

    assert "BBB" not in desk
    assert "Your desk: Agency A" in desk


def test_each_line_says_who_made_the_last_change_and_links_to_the_record(client, people, both_partners):
    desk = desk_of(client, people["editor a"])
    sent_back = both_partners["AAA practice sent back"]
    url = reverse("admin:practices_goodpractice_change", args=[sent_back.pk])
    row = re.search(rf'<tr>\s*<th scope="row">\s*<a href="{url}">.*?</tr>', desk, re.S).group(0)
    assert "reviewer" in row  # the secretariat's send-back was the last change
    waiting = both_partners["AAA practice waiting"]
    row = re.search(
        rf'<a href="{reverse("admin:practices_goodpractice_change", args=[waiting.pk])}">.*?</tr>', desk, re.S
    )
    assert "editor-a" in row.group(0)
    changed = both_partners["AAA report change waiting"]
    row = re.search(rf'<a href="{reverse("admin:library_report_change", args=[changed.pk])}">.*?</tr>', desk, re.S)
    assert "editor-a" in row.group(0)
    assert "a change to the published version" in row.group(0)


def test_a_resubmitted_record_that_was_published_links_to_its_comparison_with_the_published_version(client, people):
    record = make_record(people["a"], "published", "AAA practice republished")
    workflow.take(record, Step.ARCHIVE, people["secretariat"])
    workflow.take(record, Step.RESTORE, people["secretariat"])
    record.title = "AAA practice republished, rewritten"
    record._history_user = people["editor a"]
    record.save()
    workflow.take(record, Step.SUBMIT, people["editor a"])

    desk = desk_of(client, people["editor a"])
    compare = re.search(r'href="([^"]+/history/compare/\?old=(\d+)&amp;new=(\d+))"', desk)
    assert compare, "no comparison link"
    old = record.history.get(history_id=compare.group(2))
    new = record.history.get(history_id=compare.group(3))
    assert old.status == Status.PUBLISHED
    assert old.title == "AAA practice republished"
    assert new.title == "AAA practice republished, rewritten"
    response = client.get(compare.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    assert "AAA practice republished, rewritten" in response.content.decode()


def test_editor_b_sees_only_partner_b(client, people, both_partners):
    desk = desk_of(client, people["editor b"])
    assert "Your desk: Agency B" in desk
    assert "AAA" not in desk
    assert "Sent back to you (4)" in section(desk, "sent_back")
    assert "BBB practice sent back" in section(desk, "sent_back")


def queue_rows(desk):
    rows = re.findall(r'<tr>\s*<th scope="row">(.*?)</tr>', desk, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def test_the_secretariat_sees_every_partners_queue_oldest_first(client, people, both_partners):
    # Who waited longest: the record submitted first comes first, whichever partner it is.
    desk = desk_of(client, people["secretariat"])
    rows = queue_rows(desk)
    waiting = [title for title in both_partners if title.endswith((" waiting",))]
    assert len(rows) == len(waiting) == 8
    expected = sorted(
        waiting,
        key=lambda title: (
            PendingChange.objects.for_record(both_partners[title]).first().updated
            if "change" in title
            else both_partners[title].updated
        ),
    )
    assert [row.split(" Good practice")[0].split(" Report")[0] for row in rows] == expected
    assert "Your desk: waiting for review (8)" in desk
    row = next(row for row in rows if row.startswith("BBB report waiting"))
    assert "BBB" in row.split("Report", 1)[1]
    assert "editor-b" in row
    assert re.search(r"\d+ minutes?|0 minutes", row)
    # Sent back, drafts, published and archived records wait for nobody.
    for title in [
        "AAA practice sent back",
        "AAA practice change sent back",
        "BBB report draft",
        "AAA report archived",
    ]:
        assert title not in desk


def test_the_queue_links_to_each_form(client, people, both_partners):
    desk = desk_of(client, people["secretariat"])
    for title in ["AAA practice waiting", "BBB report change waiting"]:
        record = both_partners[title]
        opts = record._meta
        assert f'href="{reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])}"' in desk


def test_staff_without_a_role_have_no_desk(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert 'id="desk"' not in response.content.decode()


# A fixed number of queries


def fill(people, per_state):
    """`per_state` records of partner A in every state, of every partner-owned kind."""
    editor, secretariat = people["editor a"], people["secretariat"]
    for number in range(per_state):
        for state in STATES:
            for factory in (GoodPracticeFactory, ReportFactory, StudyVisitFactory):
                make_record(people["a"], state, f"{state} {factory.__name__} {number}", factory, editor, secretariat)
        ActionPlanFactory(partner=PartnerFactory(), status=Status.SUBMITTED)


def queries_of_desk(client, user):
    client.force_login(user)
    client.get(reverse("admin:index"))  # sessions, content types and the like: cached after the first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["editor a", "secretariat"])
def test_the_desk_costs_the_same_queries_for_2_and_50_records_per_state(client, people, who):
    """Guards against the N+1 of one query per record for its last step, revision, waiting change or partners."""
    fill(people, 2)
    few = queries_of_desk(client, people[who])
    fill(people, 48)
    assert GoodPractice.objects.for_partner(people["a"]).filter(status=Status.DRAFT).count() == 100
    many = queries_of_desk(client, people[who])
    assert many == few
    assert few < 40


# The admin's list filters offer an editor only what they may see

FILTER_PAGES = {
    Partner: "admin:partners_partner_changelist",
    ActionPlan: "admin:partners_actionplan_changelist",
    GoodPractice: "admin:practices_goodpractice_changelist",
    StudyVisit: "admin:practices_studyvisit_changelist",
    Report: "admin:library_report_changelist",
    Transfer: "admin:practices_transfer_changelist",
}


@pytest.fixture
def two_partners_records(people):
    for key in ("a", "b"):
        partner = people[key]
        plan = ActionPlanFactory(partner=partner, title=f"{partner.acronym} plan", status=Status.DRAFT)
        practice = GoodPracticeFactory(partners=[partner], title=f"{partner.acronym} practice", status=Status.DRAFT)
        StudyVisitFactory(host_partner=partner, title=f"{partner.acronym} visit", status=Status.DRAFT)
        ReportFactory(partner=partner, title=f"{partner.acronym} report", status=Status.DRAFT)
        TransferFactory(practice=GoodPracticeFactory(), action=ActionFactory(action_plan=plan))
        del practice


def filter_options(html):
    """The choices of the changelist's filters, as (filter title, choice) pairs."""
    choices = []
    for title, body in re.findall(r"<summary>\s*By (.*?)\s*</summary>(.*?)</details>", html, re.S):
        for option in re.findall(r"<a [^>]*>(.*?)</a>", body, re.S):
            choices.append((title.strip(), " ".join(option.split())))
    return choices


@pytest.mark.parametrize("model", FILTER_PAGES, ids=lambda model: model.__name__)
def test_an_editors_filters_offer_only_their_own_partner_plans_and_practices(
    client, people, two_partners_records, model
):
    client.force_login(people["editor a"])
    response = client.get(reverse(FILTER_PAGES[model]))
    assert response.status_code == 200
    options = filter_options(response.content.decode())
    assert options, "no filter on the page"
    offered = " | ".join(choice for _title, choice in options)
    for other in ["Agency B", "BBB", "Lead agency", "LEAD"]:
        assert other not in offered, f"{model.__name__}: {other} offered to partner A's editor ({offered})"
    partner_filters = [choice for title, choice in options if "partner" in title]
    if partner_filters:
        # "-" is Django's choice for records with no value there.
        assert set(partner_filters) - {"All", "-"} == {str(people["a"])}


def test_the_secretariats_filters_offer_every_partner(client, people, two_partners_records):
    client.force_login(people["secretariat"])
    response = client.get(reverse("admin:practices_goodpractice_changelist"))
    offered = {choice for title, choice in filter_options(response.content.decode()) if title == "partners"}
    assert {str(people["a"]), str(people["b"])} <= offered


def test_an_editors_filter_counts_come_from_their_own_records(client, people, two_partners_records):
    client.force_login(people["editor a"])
    response = client.get(reverse("admin:library_report_changelist") + "?_facets=1")
    options = filter_options(response.content.decode())
    assert ("status", "Draft (1)") in options
    assert ("partner", f"{people['a']} (1)") in options
