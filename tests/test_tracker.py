"""The action-plan tracker: each action's status, dates and what happened, edited by its partner's staff in the
admin; the plan's page shows the actions as a timeline, the list and its CSV each plan's progress."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse

from partners.models import Action, ActionPlan, ActionStatus, Progress
from practices.models import Transfer
from publishing.models import Status
from tests.admin_forms import change_url, form_data
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    GoodPracticeFactory,
    InstrumentFactory,
    PartnerFactory,
    RegionFactory,
    StudyVisitFactory,
)

pytestmark = pytest.mark.django_db

DONE, IN_PROGRESS, PLANNED, DROPPED = ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.PLANNED, "dropped"


def main_of(html):
    return html[html.index('<main id="main"') : html.index("</main>")]


@pytest.fixture
def plan():
    """A draft plan of Agency A (an editor's save applies at once) with two actions, nothing tracked yet."""
    plan = ActionPlanFactory(partner=PartnerFactory(name="Agency A"), status=Status.DRAFT)
    ActionFactory(action_plan=plan, number=1, title="Open market consultations", slug="consultations")
    ActionFactory(action_plan=plan, number=2, title="Train buyers", slug="training")
    return plan


def tracked(plan, number, **changes):
    """The plan's change form data with the tracker fields of its action `number` changed."""
    index = number - 1
    return {f"actions-{index}-{name}": value for name, value in changes.items()}


# ---------- Editing in the admin ----------


def test_the_action_form_inline_offers_the_tracker_fields(editor_client, plan):
    response = editor_client(plan.partner).get(change_url(plan))

    (actions,) = response.context["inline_admin_formsets"]
    fields = actions.formset.forms[0].fields
    assert {"status", "start_date", "end_date", "outcome"} <= set(fields)
    assert [label for _value, label in fields["status"].choices] == [
        "---------",
        "Planned",
        "In progress",
        "Done",
        "Dropped",
    ]
    assert 'name="actions-0-outcome"' in response.text


def test_the_owning_editor_records_status_dates_and_what_happened(editor_client, plan):
    client = editor_client(plan.partner)
    changes = tracked(
        plan, 1, status=DONE, start_date="2020-03-01", end_date="2021-06-30", outcome="Two consultations were held."
    )

    response = client.post(change_url(plan), form_data(client.get(change_url(plan)), **changes))

    assert response.status_code == 302
    action = plan.actions.get(number=1)
    assert (action.status, action.start_date, action.end_date, action.outcome) == (
        DONE,
        datetime.date(2020, 3, 1),
        datetime.date(2021, 6, 30),
        "Two consultations were held.",
    )
    assert plan.actions.get(number=2).status == ""


def test_the_owning_editor_changes_an_action_on_its_own_form(editor_client, plan):
    client = editor_client(plan.partner)
    action = plan.actions.get(number=2)

    response = client.post(
        change_url(action), form_data(client.get(change_url(action)), status=DROPPED, outcome="No budget.")
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.outcome) == (DROPPED, "No budget.")


def test_another_partners_editor_cannot_open_or_change_the_tracker(editor_client, plan):
    other = editor_client(PartnerFactory(name="Agency B"))
    action = plan.actions.get(number=1)
    data = {"actions-0-status": DONE, "status": DONE}

    answers = [
        other.get(change_url(plan)).status_code,
        other.post(change_url(plan), data).status_code,
        other.get(change_url(action)).status_code,
        other.post(change_url(action), data).status_code,
    ]

    assert answers == [403, 403, 403, 403]
    action.refresh_from_db()
    assert action.status == ""


def test_an_end_before_the_start_is_shown_on_the_form_and_nothing_is_saved(editor_client, plan):
    client = editor_client(plan.partner)
    changes = tracked(plan, 1, status=DONE, start_date="2021-03-01", end_date="2020-03-01")

    response = client.post(change_url(plan), form_data(client.get(change_url(plan)), **changes))

    assert response.status_code == 200
    assert "An action cannot end before it starts: give 1 March 2021 or a later date." in response.text
    action = plan.actions.get(number=1)
    assert (action.status, action.start_date, action.end_date) == ("", None, None)


def test_a_date_that_is_not_a_date_is_refused_with_a_message(editor_client, plan):
    client = editor_client(plan.partner)

    response = client.post(
        change_url(plan), form_data(client.get(change_url(plan)), **tracked(plan, 1, start_date="31 Febtember"))
    )

    assert response.status_code == 200
    assert "Enter a valid date." in response.text
    assert plan.actions.get(number=1).start_date is None


def test_an_editors_change_to_a_published_plan_waits_for_review(editor_client, secretariat_client, plan):
    ActionPlan.objects.filter(pk=plan.pk).update(status=Status.PUBLISHED)
    editor = editor_client(plan.partner)
    editor.post(change_url(plan), form_data(editor.get(change_url(plan)), **tracked(plan, 1, status=DONE)))
    public_before = Client().get(plan.get_absolute_url()).text

    review = secretariat_client.get(change_url(plan))
    response = secretariat_client.post(change_url(plan), form_data(review))

    assert '<span class="badge">Done</span>' not in public_before
    assert response.status_code == 302
    assert plan.actions.get(number=1).status == DONE
    assert '<span class="badge">Done</span>' in Client().get(plan.get_absolute_url()).text


# ---------- The plan's page: a timeline ----------


@pytest.fixture
def timeline_plan():
    plan = ActionPlanFactory(title="Action plan for Lithuania")
    make = ActionFactory
    make(action_plan=plan, number=1, slug="awards", title="IPP awards", start_date=datetime.date(2021, 1, 15))
    make(
        action_plan=plan,
        number=2,
        slug="consulting",
        title="IPP consulting",
        status=DONE,
        start_date=datetime.date(2020, 5, 1),
        end_date=datetime.date(2020, 12, 31),
        outcome="Forty buyers were advised.",
    )
    make(action_plan=plan, number=3, slug="fund", title="A financial instrument", status=PLANNED)
    make(
        action_plan=plan,
        number=4,
        slug="webinars",
        title="Joint webinars",
        status=IN_PROGRESS,
        start_date=datetime.date(2020, 5, 1),
    )
    make(action_plan=plan, number=5, slug="pilot", title="A pilot", status=DROPPED, end_date=datetime.date(2022, 6, 1))
    return plan


def test_the_timeline_orders_actions_by_start_date_then_number_undated_last(client, timeline_plan):
    html = main_of(client.get(timeline_plan.get_absolute_url()).text)

    order = ["IPP consulting", "Joint webinars", "IPP awards", "A financial instrument", "A pilot"]
    positions = [html.index(f"</span> {title}</h3>") for title in order]
    assert positions == sorted(positions)
    assert html.index('<ol class="action-list action-list--timeline">') < html.index("IPP consulting")
    assert html.index("IPP awards") < html.index("No dates recorded:") < html.index("A financial instrument")


def test_the_timeline_shows_status_in_words_dates_and_what_happened(client, timeline_plan):
    html = main_of(client.get(timeline_plan.get_absolute_url()).text)

    consulting = html[html.index('id="action-consulting"') : html.index('id="action-webinars"')]
    assert '<span class="visually-hidden">Status: </span><span class="badge">Done</span>' in consulting
    assert (
        '<time datetime="2020-05-01">1 May 2020</time> to <time datetime="2020-12-31">31 December 2020</time>'
        in consulting
    )
    assert '<dt>What happened</dt><dd class="prose"><p>Forty buyers were advised.</p></dd>' in consulting
    assert 'From <time datetime="2021-01-15">15 January 2021</time>' in html
    assert 'Until <time datetime="2022-06-01">1 June 2022</time>' in html
    assert '<span class="badge">In progress</span>' in html
    assert '<span class="badge">Planned</span>' in html
    assert '<span class="badge">Dropped</span>' in html
    assert '<span class="badge badge--muted">Status not reported</span>' in html
    assert "1 of 5 actions done, 1 in progress, 1 planned, 1 dropped, 1 status not reported" in html


def test_a_plan_whose_actions_have_no_dates_lists_them_in_its_own_order(client):
    plan = ActionPlanFactory()
    ActionFactory(action_plan=plan, number=2, title="Second")
    ActionFactory(action_plan=plan, number=1, title="First")

    html = main_of(client.get(plan.get_absolute_url()).text)

    assert "action-list--timeline" not in html
    assert "No dates recorded" not in html
    assert html.index("</span> First</h3>") < html.index("</span> Second</h3>")
    assert "2 actions, status not reported" in html
    assert "<svg" not in html


def test_a_plan_without_actions_says_so(client):
    html = main_of(client.get(ActionPlanFactory().get_absolute_url()).text)

    assert "The portal holds no actions of this plan yet." in html


# ---------- Progress ----------


@pytest.mark.parametrize(
    ("progress", "summary"),
    [
        (Progress(total=0), "No actions recorded yet"),
        (Progress(total=1, done=1), "1 of 1 action done"),
        (Progress(total=3), "3 actions, status not reported"),
        (
            Progress(total=7, done=3, in_progress=2, dropped=1),
            "3 of 7 actions done, 2 in progress, 1 dropped, 1 status not reported",
        ),
        (Progress(total=4, planned=4), "0 of 4 actions done, 4 planned"),
    ],
)
def test_progress_in_words(progress, summary):
    assert progress.summary == summary


def test_progress_bar_parts_follow_each_other_and_fill_the_bar():
    parts = Progress(total=7, done=3, in_progress=2, dropped=1).parts

    assert [(part.status, part.count, part.offset, part.width) for part in parts] == [
        ("done", 3, 0.0, 42.86),
        ("in-progress", 2, 42.86, 28.57),
        ("dropped", 1, 71.43, 14.29),
        ("not-reported", 1, 85.72, 14.29),
    ]


def make_plan_with_statuses(title, statuses, **fields):
    plan = ActionPlanFactory(title=title, **fields)
    Action.objects.bulk_create(
        ActionFactory.build(action_plan=plan, status=status, number=n + 1, slug=f"a{n}")
        for n, status in enumerate(statuses)
    )
    return plan


def test_the_list_shows_each_plans_progress_in_words_and_as_a_bar(client):
    make_plan_with_statuses("Busy plan", [DONE, DONE, DONE, IN_PROGRESS, IN_PROGRESS, DROPPED, ""])
    make_plan_with_statuses("Quiet plan", ["", ""])
    make_plan_with_statuses("Empty plan", [])

    response = client.get(reverse("partners:action-plan-list"))
    html = main_of(response.text)
    cards = {plan.title: plan for plan in response.context["object_list"]}

    busy = html[html.index("Busy plan") : html.index("Empty plan")]
    assert (
        '<p class="progress__summary">3 of 7 actions done, 2 in progress, 1 dropped, 1 status not reported</p>' in busy
    )
    assert '<svg class="progress__bar"' in busy
    assert 'aria-hidden="true"' in busy
    assert 'class="progress__part progress__part--done" x="0.00" y="0" width="42.86"' in busy
    assert 'class="progress__part progress__part--in-progress" x="42.86" y="0" width="28.57"' in busy
    assert "<dt>Actions</dt><dd>7</dd>" in busy
    assert '<p class="progress__summary">No actions recorded yet</p>' in html
    assert '<p class="progress__summary">2 actions, status not reported</p>' in html
    assert cards["Quiet plan"].progress == Progress(total=2)
    assert "style=" not in html


def test_the_list_csv_counts_each_plans_actions_by_status(client):
    make_plan_with_statuses("Busy plan", [DONE, DONE, IN_PROGRESS, PLANNED, DROPPED, ""], slug="busy")

    response = client.get(reverse("partners:action-plan-list"), {"format": "csv"})
    (record,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))

    assert {key: record[key] for key in record if key.startswith("action") and key != "actions"} == {
        "action_count": "6",
        "actions_done": "2",
        "actions_in_progress": "1",
        "actions_planned": "1",
        "actions_dropped": "1",
        "actions_not_reported": "1",
    }
    assert record["actions"].startswith("1. Action")


# ---------- A fixed number of queries ----------


@pytest.mark.parametrize("size", [1, 30])
def test_the_list_counts_progress_in_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    """Guards a count query per plan (or per plan and status) for the progress, on top of the list's own."""
    region = RegionFactory(nuts_code="LT", country="LT")
    instrument = InstrumentFactory(code="ppi")
    for number in range(size):
        plan = make_plan_with_statuses(
            f"Plan {number}", [DONE, IN_PROGRESS, ""], partner=PartnerFactory(region=region)
        )
        for action in plan.actions.all():
            action.instruments.add(instrument)

    # As tests/test_list_queries.py: the generation, the rows (with the progress counts), actions, their
    # instruments, the options of region, partner and instrument; and the 5 that build the facet index on the first
    # request after a change.
    with django_assert_num_queries(12):
        response = client.get(reverse("partners:action-plan-list"))

    html = response.text
    assert html.count("1 of 3 actions done, 1 in progress, 1 status not reported") == min(size, 20)


@pytest.mark.parametrize("size", [1, 50])
def test_the_timeline_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    """Guards a query per action for its instruments or the practices that inspired it, per practice for its
    region and per transfer for its visit."""
    plan = ActionPlanFactory()
    visit = StudyVisitFactory(title="Meeting in Tampere")
    practices = [GoodPracticeFactory(region=RegionFactory()) for _ in range(2)]
    instruments = [InstrumentFactory(), InstrumentFactory()]
    actions = Action.objects.bulk_create(
        ActionFactory.build(
            action_plan=plan, number=n + 1, slug=f"a{n}", status=DONE, start_date=datetime.date(2020, 1, 1)
        )
        for n in range(size)
    )
    Action.instruments.through.objects.bulk_create(
        Action.instruments.through(action=action, instrument=instrument)
        for action in actions
        for instrument in instruments
    )
    Transfer.objects.bulk_create(
        Transfer(practice=practice, action=action, study_visit=visit) for action in actions for practice in practices
    )

    # The plan with partner and region, actions, instruments, transfers with practice, region and visit, the
    # partner's practices, hosted visits, joined visits, reports, the plan's sources.
    with django_assert_num_queries(9):
        html = main_of(client.get(plan.get_absolute_url()).text)

    assert html.count("<dt>Inspired by</dt>") == size
    assert html.count(">Meeting in Tampere</a>") == 2 * size
    assert f"{size} of {size} action{'s' if size > 1 else ''} done" in html
