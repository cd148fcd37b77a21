"""Each way around review that issue 12 found, as the request that reproduced it, and what it gets now.

The matrix of every model, attempt and role is tests/test_review_matrix.py; these follow one finding each, with
the messages an editor reads.
"""

import html
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from partners.models import Action, ActionStatus, Partner, Role
from practices.models import GoodPracticeImage, GoodPracticeLink, Transfer
from publishing.models import PendingChange, Status
from publishing.workflow_admin.checks import check_every_partner_record_is_reviewed, unreviewed_admins
from tests.admin_forms import change_url, form_data, open_and_post
from tests.conftest import tiny_png
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    GoodPracticeFactory,
    InstrumentFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db


def admin_url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def text_of(response):
    return html.unescape(response.content.decode())


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


@pytest.fixture
def w(editor_client):
    """Agency A's published plan with one action and a published practice with a link; A's and B's editors, the
    secretariat."""
    lead = PartnerFactory(name="Lead agency", role=Role.LEAD)
    a = PartnerFactory(name="Agency A", number=2, description="Buys innovation.")
    b = PartnerFactory(name="Agency B")
    plan = ActionPlanFactory(partner=a, title="Plan of A")
    action = ActionFactory(action_plan=plan, number=1, title="Train buyers", slug="train")
    practice = GoodPracticeFactory(title="Hospital brokers", partners=[a], description="Brokers in hospitals.")
    link = GoodPracticeLink.objects.create(practice=practice, title="Case study", url="https://example.org/case")
    return SimpleNamespace(
        lead=lead,
        a=a,
        b=b,
        plan=plan,
        action=action,
        practice=practice,
        link=link,
        editor=editor_client(a),
        other=editor_client(b),
        secretariat=editor_client(lead),
    )


def public(url):
    return text_of(Client().get(url))


# ---------- Children of a published record, on their own admin pages ----------


def test_changing_an_action_of_a_published_plan_sends_the_editor_to_the_plans_form(w):
    """Before: POST /admin/partners/action/<id>/change/ with a new title and status=done changed the public plan
    page at once."""
    data = {"action_plan": w.plan.pk, "number": 1, "title": "Renamed", "slug": "train", "status": "done"}

    response = w.editor.post(admin_url(Action, "change", w.action.pk), data, follow=True)

    w.action.refresh_from_db()
    assert (w.action.title, w.action.status) == ("Train buyers", "")
    assert response.redirect_chain[0][0] == change_url(w.plan)
    message = " ".join(messages_of(response))
    assert "“Plan of A” is published, so this action shows on its public page" in html.unescape(message)
    assert f'href="{change_url(w.plan)}"' in message
    assert "Renamed" not in public(w.plan.get_absolute_url())


def test_the_action_page_opens_read_only_with_the_way_to_the_plans_form(w):
    response = w.editor.get(admin_url(Action, "change", w.action.pk))

    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert any(change_url(w.plan) in message for message in messages_of(response))


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (Action, lambda w: {"action_plan": w.plan.pk, "title": "New action", "slug": "new", "number": 5}),
        (GoodPracticeLink, lambda w: {"practice": w.practice.pk, "title": "Log in", "url": "https://phish.example/"}),
        (GoodPracticeImage, lambda w: {"practice": w.practice.pk, "alt_text": "A photo", "image": tiny_png()}),
    ],
    ids=["action", "link", "image"],
)
def test_adding_a_child_to_a_published_parent_is_a_form_error_with_a_link(w, model, data):
    """Before: /admin/partners/action/add/, /admin/practices/goodpracticelink/add/ (a phishing link on the public
    practice page) and /admin/practices/goodpracticeimage/add/ added to the public page at once."""
    count = model.objects.count()

    response = w.editor.post(admin_url(model, "add"), data(w))

    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors)
    assert "is published, so this" in html.unescape(errors)
    parent = w.plan if model is Action else w.practice
    assert f'href="{change_url(parent)}"' in errors
    assert model.objects.count() == count
    page = public(parent.get_absolute_url())
    assert "phish.example" not in page
    assert "New action" not in page


def test_a_transfer_into_a_published_plan_is_refused_and_recorded_while_it_is_a_draft(w):
    """Before: /admin/practices/transfer/add/ put the transfer on the public trail at once."""
    practice_of_b = GoodPracticeFactory(title="Awards of B", partners=[w.b])
    data = {"practice": practice_of_b.pk, "action": w.action.pk, "note": "Taken from B."}

    refused = w.editor.post(admin_url(Transfer, "add"), data)
    w.plan.status = Status.DRAFT
    w.plan.save()
    recorded = w.editor.post(admin_url(Transfer, "add"), data)

    assert "Ask the secretariat to record it" in html.unescape(str(refused.context["adminform"].form.errors))
    assert recorded.status_code == 302
    assert Transfer.objects.get().note == "Taken from B."
    assert "Taken from B." not in public(reverse("practices:transfer-list"))


@pytest.mark.parametrize("model", [Action, GoodPracticeLink])
def test_the_delete_page_of_a_child_deletes_nothing_and_sends_to_the_parents_form(w, model):
    """Before: the delete pages of links and actions deleted them for good."""
    record = w.action if model is Action else w.link
    parent = w.plan if model is Action else w.practice

    response = w.editor.post(admin_url(model, "delete", record.pk), {"post": "yes"}, follow=True)

    assert model.objects.filter(pk=record.pk).exists()
    assert response.redirect_chain[0][0] == change_url(parent)
    assert "only a superuser deletes one here" in html.unescape(" ".join(messages_of(response)))


def test_on_the_plans_form_the_same_change_waits_and_the_secretariat_publishes_it(w):
    response = open_and_post(w.editor, w.plan, **{"actions-0-title": "Train buyers twice", "actions-0-status": "done"})

    assert response.status_code == 302
    assert "Train buyers twice" not in public(w.plan.get_absolute_url())
    page = w.secretariat.get(change_url(w.plan))
    w.secretariat.post(change_url(w.plan), form_data(page))
    w.action.refresh_from_db()
    assert (w.action.title, w.action.status) == ("Train buyers twice", ActionStatus.DONE)
    assert "Train buyers twice" in public(w.plan.get_absolute_url())


# ---------- A waiting change keeps only what the editor's form may change ----------


def test_fields_outside_the_editors_form_are_dropped_from_the_waiting_change(w):
    """Before: an editor posting number=42&role=partner with a description change had both kept in the waiting
    change, and the secretariat's Save moved Partner.number from 2 to 42."""
    response = open_and_post(w.editor, w.a, description="Buys innovation, and shares it.", number="42", role="lead")

    assert response.status_code == 302
    pending = PendingChange.objects.for_record(w.a).get()
    assert pending.data["description"] == ["Buys innovation, and shares it."]
    assert not {"number", "role", "_version", "csrfmiddlewaretoken"} & set(pending.data)

    page = w.secretariat.get(change_url(w.a))
    assert page.context["adminform"].form["number"].value() == 2
    w.secretariat.post(change_url(w.a), form_data(page))
    partner = Partner.objects.get(pk=w.a.pk)
    assert (partner.number, partner.role, partner.description) == (2, Role.PARTNER, "Buys innovation, and shares it.")


def test_rows_of_another_form_are_dropped_too(w):
    other_plan = ActionPlanFactory(partner=w.b)
    page = w.editor.get(change_url(w.plan))

    w.editor.post(change_url(w.plan), form_data(page, summary="Shorter.", **{"actions-5-title": "Smuggled"}))

    data = PendingChange.objects.for_record(w.plan).get().data
    assert data["summary"] == ["Shorter."]
    assert "actions-5-title" not in data
    assert data["actions-TOTAL_FORMS"] == ["1"]
    assert other_plan.actions.count() == 0


# ---------- The reviewer sees what the waiting change changes ----------


def test_the_reviewer_compares_the_waiting_change_with_the_published_version(w):
    open_and_post(
        w.editor,
        w.practice,
        description="Brokers in three hospitals.",
        **{
            "links-0-title": "The case study",
            "links-TOTAL_FORMS": "2",
            "links-1-kind": "reading",
            "links-1-title": "Report",
            "links-1-url": "https://example.org/r",
        },
    )

    page = w.secretariat.get(change_url(w.practice))

    rows = {(row.field, row.published, row.waiting) for row in page.context["workflow"]["differences"]}
    assert ("Description", "Brokers in hospitals.", "Brokers in three hospitals.") in rows
    assert ("Good practice link “Case study”: Title", "Case study", "The case study") in rows
    assert ("New good practice link: Title", "(empty)", "Report") in rows
    assert not any(row[0] == "Title" for row in rows)  # unchanged fields are not listed
    table = text_of(page).split('id="waiting-change"')[1].split("</table>")[0]
    assert "Brokers in three hospitals." in table
    assert "Brokers in hospitals." in table


def test_the_comparison_names_chosen_records_and_a_deleted_row(w):
    ppi, pcp = InstrumentFactory(name="PPI"), InstrumentFactory(name="PCP")
    w.practice.instruments.set([ppi])
    open_and_post(w.editor, w.practice, instruments=[ppi.pk, pcp.pk], **{"links-0-DELETE": "on"})

    differences = w.secretariat.get(change_url(w.practice)).context["workflow"]["differences"]

    rows = {(row.field, row.published, row.waiting) for row in differences}
    assert ("Instruments", "PPI", "PCP, PPI") in rows
    assert ("Good practice link “Case study”", "Case study", "deleted") in rows


# ---------- The view-on-site shortcut ----------


def test_the_view_on_site_shortcut_answers_only_who_may_see_the_record(w):
    """Before: /admin/r/<content type>/<id>/ redirected any staff member to the public address of any record, so an
    editor could read another partner's draft slugs."""
    draft_of_b = GoodPracticeFactory(title="Secret plan", slug="secret-plan-of-b", partners=[w.b], status=Status.DRAFT)
    content_type = ContentType.objects.get_for_model(draft_of_b)
    url = f"/admin/r/{content_type.pk}/{draft_of_b.pk}/"

    assert w.editor.get(url).status_code == 404
    assert w.other.get(url).url.endswith("/practices/secret-plan-of-b/")
    assert w.secretariat.get(url).status_code == 302
    assert Client().get(url).url.startswith("/admin/login/")
    assert w.editor.get(f"/admin/r/{content_type.pk}/999999/").status_code == 404
    assert w.editor.get("/admin/r/999999/1/").status_code == 404
    assert w.editor.get(f"/admin/r/{content_type.pk}/not-a-number/").status_code == 404


# ---------- The guard: no admin of a partner's records outside review ----------


def test_every_admin_of_partner_records_goes_through_review():
    assert check_every_partner_record_is_reviewed() == []
    call_command("check")


def test_the_guard_names_a_new_admin_that_would_bypass_review():
    registry = {**admin.site._registry, GoodPracticeLink: admin.ModelAdmin(GoodPracticeLink, admin.site)}

    flagged = [model for model, _model_admin in unreviewed_admins(registry)]

    assert flagged == [GoodPracticeLink]
