"""Who may do what in the admin: each partner's editors only their own partner's records, the secretariat (the
lead partner's staff) and superusers everything. Every answer is written out as the status a person gets."""

from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from library.models import Report
from partners.models import Action, ActionPlan, Partner, Role
from practices.models import GoodPractice, GoodPracticeImage, GoodPracticeLink, GoodPracticeStep, StudyVisit
from publishing.access import EDITORS_GROUP
from publishing.models import Status
from tests.conftest import tiny_png
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    GoodPracticeFactory,
    PartnerFactory,
    ReportFactory,
    StudyVisitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def plan_of(partner):
    return ActionPlan.objects.filter(partner=partner).first() or ActionPlanFactory(partner=partner)


# One record of each content model that belongs to the given partner.
RECORD_OF = {
    Partner: lambda partner: partner,
    ActionPlan: plan_of,
    Action: lambda partner: ActionFactory(action_plan=plan_of(partner)),
    GoodPractice: lambda partner: GoodPracticeFactory(partners=[partner]),
    GoodPracticeImage: lambda partner: GoodPracticeImage.objects.create(
        practice=GoodPracticeFactory(partners=[partner]), image=tiny_png(), alt_text="Buyers meet suppliers"
    ),
    GoodPracticeLink: lambda partner: GoodPracticeLink.objects.create(
        practice=GoodPracticeFactory(partners=[partner]), title="Case study", url="https://example.org/case"
    ),
    GoodPracticeStep: lambda partner: GoodPracticeStep.objects.create(
        practice=GoodPracticeFactory(partners=[partner]), position=1, title="Market consultation"
    ),
    StudyVisit: lambda partner: StudyVisitFactory(host_partner=partner),
    Report: lambda partner: ReportFactory(partner=partner),
}
every_model = pytest.mark.parametrize("model", RECORD_OF, ids=lambda model: model._meta.label)


def admin_url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


@pytest.fixture
def partners():
    return SimpleNamespace(
        # The secretariat_client fixture may have made the lead partner already.
        lead=Partner.objects.leads().first() or PartnerFactory(name="Lead agency", role=Role.LEAD),
        a=PartnerFactory(name="Agency A"),
        b=PartnerFactory(name="Agency B"),
    )


@pytest.fixture
def as_role(editor_client, partners):
    """A client for one of the five kinds of visitor of the admin."""

    def log_in(role):
        if role == "anonymous":
            return Client()
        if role == "superuser":
            client = Client()
            client.force_login(UserFactory(is_staff=True, is_superuser=True))
            return client
        partner = {"editor of A": partners.a, "editor of B": partners.b, "secretariat": partners.lead}[role]
        return editor_client(partner)

    return log_in


ROLES = ["anonymous", "editor of A", "editor of B", "secretariat", "superuser"]
every_role = pytest.mark.parametrize("role", ROLES)


def answer(response):
    """The status, with a redirect to the login page told apart from other redirects."""
    if response.status_code == 302 and response.url.startswith("/admin/login/"):
        return "login"
    return response.status_code


# The matrix: each role against each content model's pages. A partner's own record is its editors' to view,
# change, delete (a partner itself only to view and change) and to read the history of; another partner's record
# answers 403 on every page; the secretariat and superusers open everything.

LISTED = {
    "anonymous": ("login", None),
    "editor of A": (200, {"A"}),
    "editor of B": (200, {"B"}),
    "secretariat": (200, {"A", "B"}),
    "superuser": (200, {"A", "B"}),
}


@every_model
@every_role
def test_changelist_lists_what_the_role_may_edit(as_role, partners, model, role):
    records = {"A": RECORD_OF[model](partners.a), "B": RECORD_OF[model](partners.b)}

    response = as_role(role).get(admin_url(model, "changelist"))

    expected_status, expected_records = LISTED[role]
    assert answer(response) == expected_status
    if expected_records is not None:
        listed = set(response.context["cl"].queryset)
        assert {name for name, record in records.items() if record in listed} == expected_records
        if role.startswith("editor"):
            assert len(listed) == 1


PAGE_OF_A = {
    "anonymous": "login",
    "editor of A": 200,
    "editor of B": 403,
    "secretariat": 200,
    "superuser": 200,
}


@every_model
@every_role
@pytest.mark.parametrize("page", ["change", "history"])
def test_page_of_partner_a_record(as_role, partners, model, role, page):
    record = RECORD_OF[model](partners.a)

    response = as_role(role).get(admin_url(model, page, record.pk))

    assert answer(response) == PAGE_OF_A[role]


# Editors have no permission to add or delete partners, only the secretariat does.
DELETE_OF_A = {
    "anonymous": "login",
    "editor of A": 200,
    "editor of B": 403,
    "secretariat": 200,
    "superuser": 200,
}
DELETE_PARTNER_A = {**DELETE_OF_A, "editor of A": 403}
# A child record (no status of its own) is deleted for good only by a superuser on its own page; the others are
# sent to its parent's form (302), where deleting a row is part of the parent's change (reviewed when published).
DELETE_CHILD_OF_A = {**DELETE_OF_A, "editor of A": 302, "secretariat": 302}
CHILDREN = {Action, GoodPracticeImage, GoodPracticeLink, GoodPracticeStep}


@every_model
@every_role
def test_delete_page_of_partner_a_record(as_role, partners, model, role):
    record = RECORD_OF[model](partners.a)

    response = as_role(role).get(admin_url(model, "delete", record.pk))

    expected = DELETE_PARTNER_A if model is Partner else DELETE_CHILD_OF_A if model in CHILDREN else DELETE_OF_A
    assert answer(response) == expected[role]


ADD = {"anonymous": "login", "editor of A": 200, "editor of B": 200, "secretariat": 200, "superuser": 200}
ADD_PARTNER = {**ADD, "editor of A": 403, "editor of B": 403}


@every_model
@every_role
def test_add_page(as_role, partners, model, role):
    response = as_role(role).get(admin_url(model, "add"))

    assert answer(response) == (ADD_PARTNER if model is Partner else ADD)[role]


@every_model
def test_another_partners_record_cannot_be_changed_or_deleted_by_posting(editor_client, partners, model):
    record = RECORD_OF[model](partners.b)
    before = model.objects.filter(pk=record.pk).values().get()
    client = editor_client(partners.a)

    change = client.post(admin_url(model, "change", record.pk), {"title": "Taken over", "name": "Taken over"})
    delete = client.post(admin_url(model, "delete", record.pk), {"post": "yes"})

    assert (change.status_code, delete.status_code) == (403, 403)
    assert model.objects.filter(pk=record.pk).values().get() == before


def test_an_editor_deleting_from_the_list_touches_only_its_own_records(editor_client, partners):
    own, other = ReportFactory(partner=partners.a), ReportFactory(partner=partners.b)

    editor_client(partners.a).post(
        admin_url(Report, "changelist"),
        {"action": "soft_delete_selected", "_selected_action": [own.pk, other.pk]},
    )

    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.status, other.status) == (Status.ARCHIVED, Status.PUBLISHED)


def test_records_with_no_partner_are_the_secretariats_only(editor_client, secretariat_client, partners):
    practice = GoodPracticeFactory(partners=[])  # as the practices taken from the Interreg database

    assert editor_client(partners.a).get(admin_url(GoodPractice, "change", practice.pk)).status_code == 403
    assert secretariat_client.get(admin_url(GoodPractice, "change", practice.pk)).status_code == 200


def test_a_visit_a_partner_only_joined_is_not_its_own(editor_client, partners):
    visit = StudyVisitFactory(host_partner=partners.b, participating_partners=[partners.a])

    assert editor_client(partners.a).get(admin_url(StudyVisit, "change", visit.pk)).status_code == 403


def test_staff_without_a_partner_see_no_content(partners):
    """An account in the editors' group that nobody attached to a partner: empty lists, nothing to add."""
    ReportFactory(partner=partners.a)
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client = Client()
    client.force_login(user)

    changelist = client.get(admin_url(Report, "changelist"))

    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == 0
    assert client.get(admin_url(Report, "add")).status_code == 403


def test_editors_see_the_admin_index_with_only_what_they_edit(editor_client, partners):
    response = editor_client(partners.a).get("/admin/")

    models = {model["object_name"] for app in response.context["app_list"] for model in app["models"]}
    assert response.status_code == 200
    assert {"Report", "GoodPractice", "StudyVisit", "ActionPlan", "Partner"} <= models
    assert "StaffMembership" not in models
    assert "Partnership" not in models


# Choices of partner in forms


def form_field(response, name):
    return response.context["adminform"].form.fields[name]


@pytest.mark.parametrize(
    ("model", "field", "own"),
    [
        (Report, "partner", lambda partners: [partners.a]),
        (StudyVisit, "host_partner", lambda partners: [partners.a]),
        (ActionPlan, "partner", lambda partners: [partners.a]),
        (GoodPractice, "partners", lambda partners: [partners.a]),
        (Action, "action_plan", lambda partners: [plan_of(partners.a)]),
        (GoodPracticeLink, "practice", lambda partners: list(GoodPractice.objects.filter(partners=partners.a))),
    ],
    ids=["report", "visit", "action-plan", "practice", "action", "practice-link"],
)
def test_an_editor_chooses_only_its_own_partners_records(editor_client, partners, model, field, own):
    for partner in [partners.a, partners.b]:
        plan_of(partner)
        GoodPracticeFactory(partners=[partner])

    response = editor_client(partners.a).get(admin_url(model, "add"))

    assert list(form_field(response, field).queryset) == own(partners)


def test_the_secretariat_chooses_any_partner(secretariat_client, partners):
    response = secretariat_client.get(admin_url(Report, "add"))

    assert set(form_field(response, "partner").queryset) == {partners.lead, partners.a, partners.b}


def test_a_new_record_is_filled_in_with_the_editors_partner(editor_client, partners):
    response = editor_client(partners.a).get(admin_url(Report, "add"))

    assert response.context["adminform"].form["partner"].value() == partners.a.pk


def autocomplete(client, model, field, term=""):
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    return {result["text"] for result in response.json()["results"]}


def test_autocomplete_of_the_owner_field_offers_only_the_editors_own(editor_client, partners):
    plan_of(partners.a)
    plan_of(partners.b)
    client = editor_client(partners.a)

    assert autocomplete(client, Report, "partner") == {"Agency A"}
    assert autocomplete(client, StudyVisit, "host_partner") == {"Agency A"}
    assert autocomplete(client, Action, "action_plan") == {"Action plan of Agency A"}


def test_autocomplete_of_a_reference_offers_public_records_and_the_editors_own_drafts(editor_client, partners):
    PartnerFactory(name="Agency C in draft", status=Status.DRAFT)
    GoodPracticeFactory(title="A's draft", partners=[partners.a], status=Status.DRAFT)
    GoodPracticeFactory(title="B's draft", partners=[partners.b], status=Status.DRAFT)
    GoodPracticeFactory(title="B's public practice", partners=[partners.b])
    client = editor_client(partners.a)

    assert autocomplete(client, StudyVisit, "participating_partners") == {"Lead agency", "Agency A", "Agency B"}
    assert autocomplete(client, StudyVisit, "related_practices") == {"A's draft", "B's public practice"}


# Saving: no record moves to another partner, no co-owner is lost


def form_data(response, **changes):
    """What the change form posts as it is shown, with some fields changed."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or isinstance(field, forms.FileField):
            continue
        data[name] = [str(item) for item in value] if isinstance(value, list | tuple) else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for subform in [formset.management_form, *formset.forms]:
            for name in subform.fields:
                value = subform[name].value()
                if value is not None and not isinstance(subform.fields[name], forms.FileField):
                    data[subform.add_prefix(name)] = value
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def test_an_editor_cannot_move_a_report_to_another_partner(editor_client, partners):
    report = ReportFactory(partner=partners.a, status=Status.DRAFT)
    client = editor_client(partners.a)
    url = admin_url(Report, "change", report.pk)

    moved = client.post(url, form_data(client.get(url), partner=partners.b.pk))
    emptied = client.post(url, form_data(client.get(url), partner=""))

    assert moved.status_code == emptied.status_code == 200
    assert "Only records of Agency A can be chosen here" in moved.text
    assert "Only records of Agency A can be chosen here" in emptied.text
    report.refresh_from_db()
    assert report.partner == partners.a


def test_an_editor_cannot_give_its_action_to_another_partners_plan(editor_client, partners):
    # A draft plan: an action of a published one is changed on the plan's form (tests/test_review_matrix.py).
    action = ActionFactory(action_plan=ActionPlanFactory(partner=partners.a, status=Status.DRAFT))
    client = editor_client(partners.a)
    url = admin_url(Action, "change", action.pk)

    response = client.post(url, form_data(client.get(url), action_plan=plan_of(partners.b).pk))

    assert "Only records of Agency A can be chosen here" in response.text
    action.refresh_from_db()
    assert action.action_plan.partner == partners.a


def test_an_editor_saves_its_own_report(editor_client, partners):
    report = ReportFactory(partner=partners.a, status=Status.DRAFT)
    client = editor_client(partners.a)
    url = admin_url(Report, "change", report.pk)

    response = client.post(url, form_data(client.get(url), title="New title"))

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.title, report.partner) == ("New title", partners.a)


def test_an_editor_adds_a_report_of_its_own_partner_only(editor_client, partners):
    client = editor_client(partners.a)
    url = admin_url(Report, "add")
    fields = {"title": "Guide", "slug": "guide", "kind": "guideline"}

    refused = client.post(url, form_data(client.get(url), partner=partners.b.pk, **fields))
    created = client.post(url, form_data(client.get(url), **fields))

    assert refused.status_code == 200
    assert "Only records of Agency A can be chosen here" in refused.text
    assert created.status_code == 302
    assert Report.objects.get(slug="guide").partner == partners.a


def test_an_editor_keeps_the_other_partners_of_a_shared_practice(editor_client, partners):
    practice = GoodPracticeFactory(partners=[partners.a, partners.b], status=Status.DRAFT)
    client = editor_client(partners.a)
    url = admin_url(GoodPractice, "change", practice.pk)
    shown = client.get(url)

    saved = client.post(url, form_data(shown, title="Shared practice, edited"))
    without_b = client.post(url, form_data(client.get(url), partners=[str(partners.a.pk)]))

    assert set(form_field(shown, "partners").queryset) == {partners.a, partners.b}
    assert saved.status_code == 302
    assert without_b.status_code == 200
    assert "Agency B must stay" in without_b.text
    practice.refresh_from_db()
    assert practice.title == "Shared practice, edited"
    assert set(practice.partners.all()) == {partners.a, partners.b}


def test_an_editor_cannot_take_its_own_partner_off_a_practice_or_add_another(editor_client, partners):
    practice = GoodPracticeFactory(partners=[partners.a], status=Status.DRAFT)
    client = editor_client(partners.a)
    url = admin_url(GoodPractice, "change", practice.pk)

    swapped = client.post(url, form_data(client.get(url), partners=[str(partners.b.pk)]))

    assert swapped.status_code == 200
    assert "Only records of Agency A can be chosen here" in swapped.text
    assert list(practice.partners.all()) == [partners.a]


def test_an_editor_cannot_make_its_partner_the_lead(editor_client, partners):
    client = editor_client(partners.a)
    url = admin_url(Partner, "change", partners.a.pk)
    shown = client.get(url)

    client.post(url, form_data(shown, role=Role.LEAD, number=99))

    assert "role" not in shown.context["adminform"].form.fields
    partners.a.refresh_from_db()
    assert (partners.a.role, partners.a.number) != (Role.LEAD, 99)
    assert partners.a.role == Role.PARTNER


def test_the_secretariat_moves_a_report_to_another_partner(secretariat_client, partners):
    report = ReportFactory(partner=partners.a, status=Status.DRAFT)
    url = admin_url(Report, "change", report.pk)

    response = secretariat_client.post(url, form_data(secretariat_client.get(url), partner=partners.b.pk))

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.partner == partners.b


def test_the_action_plan_form_shows_its_own_actions_inline(editor_client, partners):
    plan = plan_of(partners.a)
    ActionFactory(action_plan=plan, title="Train buyers")
    ActionFactory(action_plan=plan, title="Open a market dialogue")

    response = editor_client(partners.a).get(admin_url(ActionPlan, "change", plan.pk))

    (actions,) = response.context["inline_admin_formsets"]
    assert [form.instance.title for form in actions.formset.forms if form.instance.pk] == [
        "Train buyers",
        "Open a market dialogue",
    ]
