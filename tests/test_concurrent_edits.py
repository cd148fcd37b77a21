"""Two people changing the same record at once: the second save is refused with a clear message, the first
person's change is kept, and what the second person typed is still in the form."""

import pytest

from partners.models import Action
from practices.models import GoodPractice
from publishing.models import PendingChange, Status, Step
from tests.admin_forms import admin_url, change_url, form_data
from tests.factories import ActionFactory, ActionPlanFactory, GoodPracticeFactory, PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    return PartnerFactory()


@pytest.fixture
def alice(editor_client, partner):
    return editor_client(partner)


@pytest.fixture
def bob(editor_client, partner):
    return editor_client(partner)


def username(client):
    return client.get("/admin/").context["user"].username


def test_the_second_save_is_refused_and_the_first_kept(alice, bob, partner):
    practice = GoodPracticeFactory(title="Innovation brokers", partners=[partner], status=Status.DRAFT)
    alices_form = alice.get(change_url(practice))
    bobs_form = bob.get(change_url(practice))

    first = alice.post(change_url(practice), form_data(alices_form, title="Innovation brokers (Alice)"))
    second = bob.post(change_url(practice), form_data(bobs_form, title="Innovation brokers (Bob)"))

    practice.refresh_from_db()
    assert first.status_code == 302
    assert second.status_code == 200
    assert practice.title == "Innovation brokers (Alice)"
    errors = second.context["adminform"].form.non_field_errors()
    assert "was changed after you opened it" in errors[0]
    assert username(alice) in errors[0]
    assert "was changed after you opened it" in second.text
    # Bob's typing is in the re-rendered form.
    assert second.context["adminform"].form["title"].value() == "Innovation brokers (Bob)"
    assert 'value="Innovation brokers (Bob)"' in second.text


def test_saving_the_refused_form_again_is_refused_again_and_after_a_reload_it_saves(alice, bob, partner):
    practice = GoodPracticeFactory(partners=[partner], status=Status.DRAFT)
    bobs_form = bob.get(change_url(practice))
    alice.post(change_url(practice), form_data(alice.get(change_url(practice)), summary="Alice's summary"))

    refused = bob.post(change_url(practice), form_data(bobs_form, summary="Bob's summary"))
    refused_again = bob.post(change_url(practice), form_data(refused, summary="Bob's summary"))
    practice.refresh_from_db()
    assert practice.summary == "Alice's summary"
    assert refused_again.status_code == 200

    saved = bob.post(change_url(practice), form_data(bob.get(change_url(practice)), summary="Bob's summary"))

    practice.refresh_from_db()
    assert saved.status_code == 302
    assert practice.summary == "Bob's summary"


def test_inline_changes_are_refused_too(secretariat_client, editor_client):
    plan = ActionPlanFactory(status=Status.DRAFT)
    action = ActionFactory(action_plan=plan, title="Train buyers")
    ActionFactory(action_plan=plan, title="Open a market dialogue")
    first, second = editor_client(plan.partner), secretariat_client
    firsts_form, seconds_form = first.get(change_url(plan)), second.get(change_url(plan))

    first.post(change_url(plan), form_data(firsts_form, **{"actions-0-title": "Train 40 buyers"}))
    refused = second.post(change_url(plan), form_data(seconds_form, **{"actions-0-title": "Train all buyers"}))

    action.refresh_from_db()
    assert refused.status_code == 200
    assert action.title == "Train 40 buyers"
    assert 'value="Train all buyers"' in refused.text


def test_a_workflow_step_on_a_record_changed_since_is_refused(alice, bob, partner):
    practice = GoodPracticeFactory(partners=[partner], status=Status.DRAFT)
    bobs_version = bob.get(change_url(practice)).context["workflow"]["version"]
    alice.post(change_url(practice), form_data(alice.get(change_url(practice)), summary="Not ready yet"))

    response = bob.post(admin_url(practice, "workflow"), {"step": Step.SUBMIT, "_version": bobs_version}, follow=True)

    practice.refresh_from_db()
    assert practice.status == Status.DRAFT
    assert "was changed after you opened it" in response.text


def test_a_change_prepared_meanwhile_is_not_overwritten(alice, bob, partner):
    practice = GoodPracticeFactory(title="Innovation brokers", partners=[partner], status=Status.PUBLISHED)
    bobs_form = bob.get(change_url(practice))
    alice.post(change_url(practice), form_data(alice.get(change_url(practice)), title="Alice's title"))

    refused = bob.post(change_url(practice), form_data(bobs_form, title="Bob's title"))

    assert refused.status_code == 200
    assert "prepared a change" in refused.context["adminform"].form.non_field_errors()[0]
    assert PendingChange.objects.get().data["title"] == ["Alice's title"]
    assert GoodPractice.objects.get().title == "Innovation brokers"


def test_a_deleted_inline_row_is_not_brought_back(secretariat_client, editor_client):
    """Someone deleted an action while someone else had the plan open: the second save does not recreate it."""
    plan = ActionPlanFactory(status=Status.DRAFT)
    ActionFactory(action_plan=plan, title="Train buyers")
    stale_form = secretariat_client.get(change_url(plan))
    deleting = editor_client(plan.partner)
    deleting.post(change_url(plan), form_data(deleting.get(change_url(plan)), **{"actions-0-DELETE": "on"}))

    refused = secretariat_client.post(change_url(plan), form_data(stale_form, **{"actions-0-title": "Train more"}))

    assert refused.status_code == 200
    assert not Action.objects.exists()
