"""The publication workflow: who may take which step, what the public sees in each status, and a change to a
published record that waits for the secretariat's review."""

import pytest
from django.test import Client
from django.urls import reverse

from practices.models import GoodPractice
from publishing.models import PendingChange, Status, Step, Transition
from tests.admin_forms import admin_url, change_url, form_data, open_and_post
from tests.factories import (
    GoodPracticeFactory,
    PartnerFactory,
    ReportFactory,
    StudyVisitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    return PartnerFactory(name="Vilnius procurement office")


@pytest.fixture
def practice(partner):
    return GoodPracticeFactory(title="Innovation brokers", partners=[partner], status=Status.DRAFT)


@pytest.fixture
def anonymous():
    """A visitor of the public site (the `client` fixture is the superuser's in tests that use `clients`)."""
    return Client()


@pytest.fixture
def clients(partner, editor_client, secretariat_client, superuser_client):
    """Logged-in clients by role: the practice's own editor, the secretariat (lead partner's staff), a superuser."""
    return {"editor": editor_client(partner), "secretariat": secretariat_client, "superuser": superuser_client}


def take(client, record, step, **extra):
    response = client.get(change_url(record))
    data = {"step": step, "_version": response.context["workflow"]["version"], **extra}
    return client.post(admin_url(record, "workflow"), data, follow=True)


# Each step by each role

ANYONE = {"editor", "secretariat", "superuser"}
SECRETARIAT = {"secretariat", "superuser"}
STEPS = [
    # step, from, to, who may take it
    (Step.SUBMIT, Status.DRAFT, Status.SUBMITTED, ANYONE),
    (Step.WITHDRAW, Status.SUBMITTED, Status.DRAFT, ANYONE),
    (Step.PUBLISH, Status.SUBMITTED, Status.PUBLISHED, SECRETARIAT),
    (Step.PUBLISH, Status.DRAFT, Status.PUBLISHED, SECRETARIAT),
    (Step.SEND_BACK, Status.SUBMITTED, Status.DRAFT, SECRETARIAT),
    (Step.ARCHIVE, Status.PUBLISHED, Status.ARCHIVED, SECRETARIAT),
    (Step.RESTORE, Status.ARCHIVED, Status.DRAFT, SECRETARIAT),
]


@pytest.mark.parametrize("who", ["editor", "secretariat", "superuser"])
@pytest.mark.parametrize(("step", "source", "target", "allowed"), STEPS, ids=[f"{s}-from-{f}" for s, f, *_ in STEPS])
def test_each_step_by_each_role(clients, practice, who, step, source, target, allowed):
    GoodPractice.objects.filter(pk=practice.pk).update(status=source)
    practice.refresh_from_db()
    user = clients[who].get(change_url(practice)).context["user"]

    response = take(clients[who], practice, step, comment="Add the year it started.")

    practice.refresh_from_db()
    notes = Transition.objects.for_record(practice)
    if who in allowed:
        assert practice.status == target
        note = notes.get()
        assert (note.step, note.from_status, note.to_status, note.by) == (step, source, target, user)
        assert note.comment == "Add the year it started."
        revision = practice.history.first()
        assert (revision.status, revision.history_user) == (target, user)
    else:
        assert practice.status == source
        assert "Only the secretariat can" in response.text
        assert not notes.exists()


@pytest.mark.parametrize(
    ("step", "source"),
    [
        (Step.PUBLISH, Status.ARCHIVED),
        (Step.SUBMIT, Status.PUBLISHED),
        (Step.ARCHIVE, Status.DRAFT),
        (Step.RESTORE, Status.PUBLISHED),
        (Step.WITHDRAW, Status.DRAFT),
    ],
)
def test_a_step_from_the_wrong_status_is_refused(clients, practice, step, source):
    GoodPractice.objects.filter(pk=practice.pk).update(status=source)

    response = take(clients["secretariat"], practice, step)

    practice.refresh_from_db()
    assert practice.status == source
    assert "it cannot" in response.text
    assert not Transition.objects.for_record(practice).exists()


def test_an_unknown_step_is_refused_with_a_message(clients, practice):
    response = take(clients["secretariat"], practice, "make-famous")

    assert response.status_code == 200
    assert "not a step of the publication workflow" in response.text


def test_sending_back_needs_a_comment(clients, practice):
    GoodPractice.objects.filter(pk=practice.pk).update(status=Status.SUBMITTED)

    response = take(clients["secretariat"], practice, Step.SEND_BACK, comment="  ")

    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    assert "Write a comment for the editor" in response.text


def test_the_editor_reads_why_the_secretariat_sent_it_back(clients, practice):
    take(clients["editor"], practice, Step.SUBMIT)
    take(clients["secretariat"], practice, Step.SEND_BACK, comment="Name the hospital that bought it.")

    response = clients["editor"].get(change_url(practice))

    assert any("sent this back: Name the hospital that bought it." in str(m) for m in response.context["messages"])
    assert "<q>Name the hospital that bought it.</q>" in response.text
    assert [note.step for note in response.context["workflow"]["notes"]] == [Step.SEND_BACK, Step.SUBMIT]


def test_the_step_buttons_and_status_field_by_role(clients, practice):
    editor_page = clients["editor"].get(change_url(practice))
    secretariat_page = clients["secretariat"].get(change_url(practice))

    assert 'name="status"' not in editor_page.text  # read-only: a step changes it
    assert 'value="Submit for review"' in editor_page.text
    assert 'value="Publish"' not in editor_page.text
    assert 'value="Publish"' in secretariat_page.text


def test_a_workflow_step_by_get_or_on_another_partners_record_changes_nothing(clients, editor_client):
    other = GoodPracticeFactory(partners=[PartnerFactory()], status=Status.DRAFT)

    assert clients["editor"].get(admin_url(other, "workflow")).status_code == 405
    assert clients["editor"].post(admin_url(other, "workflow"), {"step": Step.SUBMIT}).status_code == 403
    other.refresh_from_db()
    assert other.status == Status.DRAFT


def test_changelist_actions_follow_the_same_rules(clients, partner):
    drafts = GoodPracticeFactory.create_batch(2, partners=[partner], status=Status.DRAFT)
    url = reverse("admin:practices_goodpractice_changelist")
    selected = [str(record.pk) for record in drafts]

    editor_actions = clients["editor"].get(url).context["action_form"].fields["action"].choices
    clients["editor"].post(url, {"action": "publish_selected", "_selected_action": selected})
    assert {record.status for record in GoodPractice.objects.filter(pk__in=selected)} == {Status.DRAFT}
    clients["secretariat"].post(url, {"action": "publish_selected", "_selected_action": selected})

    assert "publish_selected" not in dict(editor_actions)
    assert "submit_selected" in dict(editor_actions)
    assert {record.status for record in GoodPractice.objects.filter(pk__in=selected)} == {Status.PUBLISHED}
    assert Transition.objects.filter(step=Step.PUBLISH).count() == 2


# What the public sees


PUBLIC_PAGES = [
    (GoodPracticeFactory, "/practices/"),
    (StudyVisitFactory, "/study-visits/"),
    (ReportFactory, "/library/"),
    (PartnerFactory, "/partners/"),
]


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize(("factory", "list_url"), PUBLIC_PAGES, ids=["practice", "visit", "report", "partner"])
def test_only_published_records_are_public(client, factory, list_url, status):
    record = factory(status=status, **({"name": "Quite unusual name"} if factory is PartnerFactory else {}))
    name = str(record)

    detail = client.get(record.get_absolute_url())
    listing = client.get(list_url)

    assert listing.status_code == 200
    if status == Status.PUBLISHED:
        assert detail.status_code == 200
        assert name in listing.text
    else:
        assert detail.status_code == 404
        assert name not in listing.text


# Preview and public links


def test_staff_preview_a_draft_that_the_public_cannot_see(clients, anonymous, practice):
    preview_url = admin_url(practice, "preview")

    change_form = clients["editor"].get(change_url(practice)).text
    preview = clients["editor"].get(preview_url)

    assert f'href="{preview_url}"' in change_form
    assert preview.status_code == 200
    assert "Innovation brokers" in preview.text
    assert preview.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert anonymous.get(practice.get_absolute_url()).status_code == 404
    assert anonymous.get(preview_url).status_code == 302  # to the admin's login page


def test_another_partners_editor_cannot_preview(editor_client, practice):
    assert editor_client(PartnerFactory()).get(admin_url(practice, "preview")).status_code == 403


def test_lists_link_to_the_public_page_or_the_preview(superuser_client):
    published = GoodPracticeFactory(status=Status.PUBLISHED)
    draft = GoodPracticeFactory(status=Status.DRAFT)

    html = superuser_client.get(reverse("admin:practices_goodpractice_changelist")).text
    change_form = superuser_client.get(change_url(published)).text

    assert f'<a href="{published.get_absolute_url()}">View on site</a>' in html
    assert f'<a href="{admin_url(draft, "preview")}">Preview</a>' in html
    assert f'href="{published.get_absolute_url()}" class="viewsitelink"' in change_form


# A change to a published record waits for review


@pytest.fixture
def published(practice):
    GoodPractice.objects.filter(pk=practice.pk).update(status=Status.PUBLISHED)
    practice.refresh_from_db()
    return practice


def test_an_editors_change_to_a_published_record_waits_for_review(clients, anonymous, published):
    response = open_and_post(clients["editor"], published, title="Innovation brokers in hospitals")

    published.refresh_from_db()
    public = anonymous.get(published.get_absolute_url())
    pending = PendingChange.objects.for_record(published).get()
    assert response.status_code == 302
    assert published.title == "Innovation brokers"
    assert "Innovation brokers in hospitals" not in public.text
    assert pending.data["title"] == ["Innovation brokers in hospitals"]
    assert pending.author == clients["editor"].get(change_url(published)).context["user"]
    assert Transition.objects.for_record(published).get().step == Step.PREPARE_CHANGE


def test_the_waiting_change_shows_in_the_form_and_the_secretariat_publishes_it(clients, anonymous, published):
    open_and_post(clients["editor"], published, title="Innovation brokers in hospitals", summary="Now in three.")

    editor_page = clients["editor"].get(change_url(published))
    secretariat_page = clients["secretariat"].get(change_url(published))
    response = clients["secretariat"].post(change_url(published), form_data(secretariat_page))

    assert editor_page.context["adminform"].form["title"].value() == "Innovation brokers in hospitals"
    assert "A change waits for review" in secretariat_page.text
    assert secretariat_page.context["adminform"].form["summary"].value() == "Now in three."
    assert response.status_code == 302
    published.refresh_from_db()
    assert (published.title, published.summary, published.status) == (
        "Innovation brokers in hospitals",
        "Now in three.",
        Status.PUBLISHED,
    )
    assert "Innovation brokers in hospitals" in anonymous.get(published.get_absolute_url()).text
    assert not PendingChange.objects.exists()
    assert Transition.objects.for_record(published).first().step == Step.PUBLISH_CHANGE


def test_the_secretariat_sends_a_waiting_change_back_and_nothing_typed_is_lost(clients, published):
    open_and_post(clients["editor"], published, title="Innovation brokers in hospitals")

    take(clients["secretariat"], published, Step.SEND_BACK_CHANGE, comment="Which hospitals?")
    editor_page = clients["editor"].get(change_url(published))

    published.refresh_from_db()
    assert published.title == "Innovation brokers"
    assert PendingChange.objects.get().sent_back
    assert editor_page.context["adminform"].form["title"].value() == "Innovation brokers in hospitals"
    assert any("sent this back: Which hospitals?" in str(m) for m in editor_page.context["messages"])


def test_the_secretariat_edits_a_published_record_directly(clients, anonymous, published):
    open_and_post(clients["secretariat"], published, title="Innovation brokers, revised")

    published.refresh_from_db()
    assert published.title == "Innovation brokers, revised"
    assert "Innovation brokers, revised" in anonymous.get(published.get_absolute_url()).text
    assert not PendingChange.objects.exists()


def test_an_editor_edits_a_draft_directly(clients, practice):
    open_and_post(clients["editor"], practice, title="Innovation brokers, draft 2")

    practice.refresh_from_db()
    assert practice.title == "Innovation brokers, draft 2"
    assert not PendingChange.objects.exists()


def test_a_waiting_change_can_be_discarded(clients, published):
    open_and_post(clients["editor"], published, title="A mistake")

    take(clients["editor"], published, Step.DISCARD_CHANGE)

    published.refresh_from_db()
    assert published.title == "Innovation brokers"
    assert not PendingChange.objects.exists()
    assert clients["editor"].get(change_url(published)).context["adminform"].form["title"].value() == (
        "Innovation brokers"
    )


def test_a_user_without_a_role_takes_no_step(client, practice):
    client.force_login(UserFactory(is_staff=True, is_superuser=False))

    response = client.post(admin_url(practice, "workflow"), {"step": Step.SUBMIT})

    practice.refresh_from_db()
    assert response.status_code in {403, 404}
    assert practice.status == Status.DRAFT


def test_another_partners_editor_opening_the_record_learns_nothing_of_its_review(clients, editor_client, practice):
    take(clients["editor"], practice, Step.SUBMIT)
    take(clients["secretariat"], practice, Step.SEND_BACK, comment="Name the hospital that bought it.")
    outsider = editor_client(PartnerFactory())

    refused = outsider.get(change_url(practice))
    later = outsider.get("/admin/")

    assert refused.status_code == 403
    assert "Name the hospital" not in refused.text
    assert "Name the hospital" not in later.text
