"""Deleting a content record in the admin archives it (restorable), except by a superuser, who deletes it."""

import pytest
from django.test import Client
from django.urls import reverse

from library.models import Report
from partners.models import Action, ActionPlan, Partner
from practices.models import GoodPractice, StudyVisit
from publishing.models import Status, Step, Transition
from tests.admin_forms import admin_url, change_url
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    GoodPracticeFactory,
    PartnerFactory,
    ReportFactory,
    StudyVisitFactory,
)

pytestmark = pytest.mark.django_db

CONTENT = {
    Partner: PartnerFactory,
    ActionPlan: ActionPlanFactory,
    GoodPractice: GoodPracticeFactory,
    StudyVisit: StudyVisitFactory,
    Report: ReportFactory,
}


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.fixture
def partner():
    return PartnerFactory()


@pytest.fixture
def editor(editor_client, partner):
    return editor_client(partner)


@pytest.mark.parametrize("model", CONTENT, ids=lambda model: model.__name__)
def test_the_secretariat_deletes_by_archiving(secretariat_client, model):
    record = CONTENT[model](status=Status.PUBLISHED)
    url = admin_url(record, "delete")

    confirmation = secretariat_client.get(url)
    response = secretariat_client.post(url, {"post": "yes"}, follow=True)

    record.refresh_from_db()
    assert "It will be archived" in confirmation.text
    assert record.status == Status.ARCHIVED
    assert "was deleted: it is archived" in response.text
    assert Client().get(record.get_absolute_url()).status_code == 404
    note = Transition.objects.for_record(record).get()
    assert (note.step, note.from_status, note.to_status) == (Step.DELETE, Status.PUBLISHED, Status.ARCHIVED)


def test_an_editor_deletes_by_archiving_and_the_secretariat_restores(editor, secretariat_client, partner):
    practice = GoodPracticeFactory(partners=[partner], status=Status.DRAFT)

    editor.post(admin_url(practice, "delete"), {"post": "yes"})
    practice.refresh_from_db()
    assert practice.status == Status.ARCHIVED

    version = secretariat_client.get(change_url(practice)).context["workflow"]["version"]
    secretariat_client.post(admin_url(practice, "workflow"), {"step": Step.RESTORE, "_version": version})

    practice.refresh_from_db()
    assert practice.status == Status.DRAFT


def test_an_archived_plan_keeps_its_actions(secretariat_client):
    plan = ActionPlanFactory()
    ActionFactory.create_batch(2, action_plan=plan)

    secretariat_client.post(admin_url(plan, "delete"), {"post": "yes"})

    assert ActionPlan.objects.get().status == Status.ARCHIVED
    assert Action.objects.filter(action_plan=plan).count() == 2


def test_bulk_delete_by_an_editor_archives(editor, partner):
    practices = GoodPracticeFactory.create_batch(2, partners=[partner], status=Status.PUBLISHED)
    selected = [str(practice.pk) for practice in practices]
    url = changelist(GoodPractice)

    actions = dict(editor.get(url).context["action_form"].fields["action"].choices)
    refused = editor.post(url, {"action": "delete_selected", "_selected_action": selected, "post": "yes"})
    editor.post(url, {"action": "soft_delete_selected", "_selected_action": selected})

    assert "delete_selected" not in actions
    assert "soft_delete_selected" in actions
    assert refused.status_code in {200, 302}
    assert [practice.status for practice in GoodPractice.objects.all()] == [Status.ARCHIVED, Status.ARCHIVED]


def test_another_partners_editor_cannot_delete(editor_client, partner):
    practice = GoodPracticeFactory(partners=[partner])
    outsider = editor_client(PartnerFactory())

    assert outsider.get(admin_url(practice, "delete")).status_code == 403
    assert outsider.post(admin_url(practice, "delete"), {"post": "yes"}).status_code == 403
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED


def test_a_superuser_deletes_for_good(superuser_client):
    practice, *others = GoodPracticeFactory.create_batch(3)
    url = admin_url(practice, "delete")

    confirmation = superuser_client.get(url)
    superuser_client.post(url, {"post": "yes"})
    superuser_client.post(
        changelist(GoodPractice),
        {"action": "delete_selected", "_selected_action": [str(other.pk) for other in others], "post": "yes"},
    )

    assert "Are you sure you want to delete" in confirmation.text
    assert not GoodPractice.objects.exists()
