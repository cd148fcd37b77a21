"""Nothing an editor does in the admin reaches the public pages without the secretariat's review.

One matrix over every admin model whose records the public pages show: each attempt (add, change, delete, an
inline row on the parent's form, a bulk action) by the editor of the owning partner, the editor of another partner
and the secretariat, with the record (or the child's parent) published or a draft. After each attempt an anonymous
visitor fetches the public page that shows the record, and the outcome is read from what it shows and what is
stored:

- "public": the public page changed at once;
- "waits": the public page did not change, and the change waits for review (a PendingChange on the record or its
  parent);
- "private": stored, but the record is not public, so the public page did not change;
- "refused": nothing was stored, nothing waits (a form error or a message that sends the editor elsewhere);
- "403": refused as another partner's record.
"""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from library.models import Report
from partners.models import Action, ActionPlan, Partner, Role
from practices.models import GoodPractice, GoodPracticeImage, GoodPracticeLink, GoodPracticeStep, StudyVisit, Transfer
from publishing.models import PendingChange, Status
from tests.admin_forms import change_url, form_data
from tests.conftest import tiny_png
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    GoodPracticeFactory,
    PartnerFactory,
    ReportFactory,
    StudyVisitFactory,
    TransferFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MARK = "Marker of the attempt"
ORIGINAL = "Original text"


def admin_url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def status(published):
    return Status.PUBLISHED if published else Status.DRAFT


# ---------- What each model is, where the public sees it, and how each attempt is made ----------


@dataclass
class Scenario:
    model: type
    field: str  # the text field an attempt writes MARK into
    children: str = ""  # for a child: the parent's inline formset prefix
    is_child: bool = False

    def parent_of(self, record):
        return record

    def empty_inlines(self):
        return {}


class PartnerScenario(Scenario):
    def make(self, w, published):
        w.a.status, w.a.description = status(published), ORIGINAL
        w.a.save()
        return w.a

    def page(self, record):
        return record.get_absolute_url()

    def add(self, w, published):
        data = {"number": 50, "name": MARK, "slug": "added", "region": w.a.region_id, "role": Role.PARTNER}
        return data, reverse("partners:partner-list"), {"name": MARK}


class PlanScenario(Scenario):
    def make(self, w, published):
        return ActionPlanFactory(partner=w.a, status=status(published), summary=ORIGINAL)

    def page(self, record):
        return record.get_absolute_url()

    def add(self, w, published):
        data = {
            "partner": w.a.pk,
            "title": MARK,
            "slug": "added",
            "actions-TOTAL_FORMS": 0,
            "actions-INITIAL_FORMS": 0,
        }
        return data, reverse("partners:action-plan-list"), {"title": MARK}


class PracticeScenario(Scenario):
    def make(self, w, published):
        return GoodPracticeFactory(partners=[w.a], status=status(published), description=ORIGINAL)

    def page(self, record):
        return record.get_absolute_url()

    def add(self, w, published):
        data = {"title": MARK, "slug": "added", "partners": [w.a.pk]}
        for prefix in ["images", "links", "steps"]:
            data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
        return data, reverse("practices:practice-list"), {"title": MARK}


class VisitScenario(Scenario):
    def make(self, w, published):
        return StudyVisitFactory(host_partner=w.a, status=status(published), description=ORIGINAL)

    def page(self, record):
        return record.get_absolute_url()

    def add(self, w, published):
        data = {
            "title": MARK,
            "slug": "added",
            "kind": "study-visit",
            "host_partner": w.a.pk,
            "place": "Vilnius",
            "start_date": "2019-03-06",
            "end_date": "2019-03-07",
        }
        return data, reverse("practices:visit-list"), {"title": MARK}


class ReportScenario(Scenario):
    def make(self, w, published):
        return ReportFactory(partner=w.a, status=status(published), summary=ORIGINAL)

    def page(self, record):
        return record.get_absolute_url()

    def add(self, w, published):
        return (
            {"title": MARK, "slug": "added", "kind": "report", "partner": w.a.pk},
            reverse("library:report-list"),
            {"title": MARK},
        )


class ActionScenario(Scenario):
    def make_parent(self, w, published):
        return ActionPlanFactory(partner=w.a, status=status(published))

    def make(self, w, published):
        return ActionFactory(action_plan=self.make_parent(w, published), title=ORIGINAL)

    def parent_of(self, record):
        return record.action_plan

    def page(self, record):
        return self.parent_of(record).get_absolute_url()

    def add(self, w, published):
        plan = self.make_parent(w, published)
        return (
            {"action_plan": plan.pk, "title": MARK, "slug": "added", "number": 9},
            plan.get_absolute_url(),
            {"title": MARK},
        )


class PracticeChildScenario(Scenario):
    def make_parent(self, w, published):
        return GoodPracticeFactory(partners=[w.a], status=status(published))

    def parent_of(self, record):
        return record.practice

    def page(self, record):
        return self.parent_of(record).get_absolute_url()


class ImageScenario(PracticeChildScenario):
    def make(self, w, published):
        return GoodPracticeImage.objects.create(
            practice=self.make_parent(w, published), image=tiny_png(), alt_text=ORIGINAL
        )

    def add(self, w, published):
        practice = self.make_parent(w, published)
        data = {"practice": practice.pk, "alt_text": MARK, "position": 0, "image": tiny_png()}
        return data, practice.get_absolute_url(), {"alt_text": MARK}


class LinkScenario(PracticeChildScenario):
    def make(self, w, published):
        return GoodPracticeLink.objects.create(
            practice=self.make_parent(w, published), title=ORIGINAL, url="https://example.org/original"
        )

    def add(self, w, published):
        practice = self.make_parent(w, published)
        data = {"practice": practice.pk, "kind": "reading", "title": MARK, "url": "https://phishing.example/login"}
        return data, practice.get_absolute_url(), {"title": MARK}


class StepScenario(PracticeChildScenario):
    def make(self, w, published):
        return GoodPracticeStep.objects.create(practice=self.make_parent(w, published), position=1, title=ORIGINAL)

    def add(self, w, published):
        practice = self.make_parent(w, published)
        data = {"practice": practice.pk, "position": 1, "title": MARK}
        return data, practice.get_absolute_url(), {"title": MARK}


class TransferScenario(Scenario):
    """Into an action of A's plan (published or not), from a published practice of B."""

    def make(self, w, published):
        action = ActionFactory(action_plan=ActionPlanFactory(partner=w.a, status=status(published)))
        return TransferFactory(practice=GoodPracticeFactory(partners=[w.b]), action=action, note=ORIGINAL)

    def parent_of(self, record):
        return record.action.action_plan

    def page(self, record):
        return reverse("practices:transfer-list")

    def add(self, w, published):
        action = ActionFactory(action_plan=ActionPlanFactory(partner=w.a, status=status(published)))
        data = {"practice": GoodPracticeFactory(partners=[w.b]).pk, "action": action.pk, "note": MARK}
        return data, reverse("practices:transfer-list"), {"note": MARK}


SCENARIOS = {
    Partner: PartnerScenario(Partner, "description"),
    ActionPlan: PlanScenario(ActionPlan, "summary"),
    Action: ActionScenario(Action, "title", children="actions", is_child=True),
    GoodPractice: PracticeScenario(GoodPractice, "description"),
    GoodPracticeImage: ImageScenario(GoodPracticeImage, "alt_text", children="images", is_child=True),
    GoodPracticeLink: LinkScenario(GoodPracticeLink, "title", children="links", is_child=True),
    GoodPracticeStep: StepScenario(GoodPracticeStep, "title", children="steps", is_child=True),
    StudyVisit: VisitScenario(StudyVisit, "description"),
    Transfer: TransferScenario(Transfer, "note", is_child=True),
    Report: ReportScenario(Report, "summary"),
}


# ---------- The expected outcomes ----------

# Columns: (editor of the owner, editor of another partner, secretariat), each (published, draft): for a child,
# whether its parent is published. None: the attempt does not apply.
WORKFLOW_RECORD = {
    "change": ("waits", "private", "403", "403", "public", "private"),
    "add": ("private", "private", "refused", "refused", "private", "private"),  # a new record is a draft
    # Deleting archives (restorable): the record leaves the public page at once, as an archive step would.
    "delete": ("public", "private", "403", "403", "public", "private"),
    "bulk delete": ("public", "private", "refused", "refused", "public", "private"),
    "bulk publish": (None, "refused", None, "refused", None, "public"),
}
CHILD = {
    "change": ("refused", "private", "403", "403", "public", "private"),
    "add": ("refused", "private", "refused", "refused", "public", "private"),
    # Only a superuser deletes a child on its own page; the others are sent to the parent's form.
    "delete": ("refused", "refused", "403", "403", "refused", "refused"),
    "inline change": ("waits", "private", "403", "403", "public", "private"),
    "inline delete": ("waits", "private", "403", "403", "public", "private"),
    "bulk delete": ("refused", "refused", "refused", "refused", "refused", "refused"),
}
EXPECTED = {
    Partner: {
        **WORKFLOW_RECORD,
        # Editors may not add or delete partners at all.
        "add": ("403", "403", "403", "403", "private", "private"),
        "delete": ("403", "403", "403", "403", "public", "private"),
        "bulk delete": ("refused", "refused", "refused", "refused", "public", "private"),
    },
    ActionPlan: WORKFLOW_RECORD,
    Action: CHILD,
    GoodPractice: WORKFLOW_RECORD,
    GoodPracticeImage: CHILD,
    GoodPracticeLink: CHILD,
    GoodPracticeStep: CHILD,
    StudyVisit: WORKFLOW_RECORD,
    # No form holds a transfer inline: the secretariat records those of published plans.
    Transfer: {key: value for key, value in CHILD.items() if not key.startswith("inline")},
    Report: WORKFLOW_RECORD,
}
ROLES = ["editor of the owner", "editor of another partner", "secretariat"]

CASES = [
    pytest.param(
        model,
        attempt,
        role,
        published,
        id=f"{model.__name__}-{attempt}-{role}-{'published' if published else 'draft'}",
    )
    for model, attempts in EXPECTED.items()
    for attempt, outcomes in attempts.items()
    for column, (role, published) in enumerate((role, published) for role in ROLES for published in (True, False))
    if outcomes[column] is not None
]


@pytest.fixture
def world(editor_client):
    lead = PartnerFactory(name="Lead agency", role=Role.LEAD)
    a, b = PartnerFactory(name="Agency A"), PartnerFactory(name="Agency B")
    superuser = Client()
    superuser.force_login(UserFactory(is_staff=True, is_superuser=True))
    clients = {
        "editor of the owner": editor_client(a),
        "editor of another partner": editor_client(b),
        "secretariat": editor_client(lead),
    }
    return SimpleNamespace(lead=lead, a=a, b=b, superuser=superuser, clients=clients)


def public_text(url):
    response = Client().get(url)
    return response.content.decode() if response.status_code == 200 else ""


def stored(model, record, field):
    row = model.objects.filter(pk=record.pk).first()
    return getattr(row, field) if row else None


def inline_data(w, scenario, record, **changes):
    """The parent's change form as a browser posts it (opened by someone who may edit it), with the child's row
    changed."""
    parent = scenario.parent_of(record)
    response = w.superuser.get(change_url(parent))
    rows = []
    for admin_formset in response.context["inline_admin_formsets"]:
        if admin_formset.formset.prefix == scenario.children:
            rows = [form.instance.pk for form in admin_formset.formset.forms]
    index = rows.index(record.pk)
    return form_data(response, **{f"{scenario.children}-{index}-{name}": value for name, value in changes.items()})


def attempt_on(w, scenario, attempt, client, published):
    """Makes the attempt; returns (response, page url, whether it took effect in the database, text to look for)."""
    model, field = scenario.model, scenario.field
    if attempt == "add":
        data, page, lookup = scenario.add(w, published)
        response = client.post(admin_url(model, "add"), data)
        return response, page, model.objects.filter(**lookup).exists(), MARK

    record = scenario.make(w, published)
    page = scenario.page(record)
    parent = scenario.parent_of(record)
    if attempt == "change":
        data = form_data(w.superuser.get(change_url(record)), **{field: MARK})
        response = client.post(change_url(record), data)
        return response, page, stored(model, record, field) == MARK, MARK
    if attempt == "inline change":
        response = client.post(change_url(parent), inline_data(w, scenario, record, **{field: MARK}))
        return response, page, stored(model, record, field) == MARK, MARK
    if attempt == "inline delete":
        response = client.post(change_url(parent), inline_data(w, scenario, record, DELETE="on"))
        return response, page, not model.objects.filter(pk=record.pk).exists(), ORIGINAL
    if attempt == "delete":
        response = client.post(admin_url(model, "delete", record.pk), {"post": "yes"})
        return response, page, gone(model, record), ORIGINAL
    if attempt == "bulk delete":
        action = "delete_selected" if scenario.is_child else "soft_delete_selected"
        response = client.post(
            admin_url(model, "changelist"), {"action": action, "_selected_action": [record.pk], "post": "yes"}
        )
        return response, page, gone(model, record), ORIGINAL
    if attempt == "bulk publish":
        response = client.post(
            admin_url(model, "changelist"), {"action": "publish_selected", "_selected_action": [record.pk]}
        )
        return response, page, model.objects.get(pk=record.pk).is_published, ORIGINAL
    raise AssertionError(attempt)


def gone(model, record):
    row = model.objects.filter(pk=record.pk).first()
    return row is None or getattr(row, "status", None) == Status.ARCHIVED


@pytest.mark.parametrize(("model", "attempt", "role", "published"), CASES)
def test_review_cannot_be_bypassed(world, model, attempt, role, published):
    scenario = SCENARIOS[model]
    expected = EXPECTED[model][attempt][ROLES.index(role) * 2 + (0 if published else 1)]
    client = world.clients[role]

    response, page, took_effect, text = attempt_on(world, scenario, attempt, client, published)
    waiting = PendingChange.objects.exists()
    shown_after = text in public_text(page)

    if response.status_code == 403:
        outcome = "403"
    elif waiting:
        outcome = "waits"
    elif not took_effect:
        outcome = "refused"
    else:
        # Shown before: MARK never was; the original text was if the page was public.
        shown_before = text == ORIGINAL and published
        outcome = "public" if shown_after != shown_before else "private"
    assert response.status_code in {200, 302, 403}, response.status_code
    assert outcome == expected
    if outcome in {"waits", "refused", "403"}:
        # Nothing reached the public page: it shows what it showed before, and no MARK.
        assert MARK not in public_text(page)
        if text == ORIGINAL:
            assert shown_after == published
        assert not took_effect
