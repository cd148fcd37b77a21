"""Word when a record moves: the e-mail of each workflow step, to whom, with what, never to the one who acted, not
to whoever turned them off; and a mail server that fails leaves the step done and logged."""

import json
import logging
import socket

import pytest
from django.core import mail
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from partners.models import Role
from publishing import workflow
from publishing.models import NotificationPreference, Status, Step, Transition
from tests.admin_forms import admin_url, change_url
from tests.factories import EditorFactory, GoodPracticeFactory, PartnerFactory, ReportFactory, UserFactory
from tests.test_settings import A_REAL_KEY, run_python

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def portal_address(settings):
    settings.PORTAL_BASE_URL = "http://testserver.example/"


@pytest.fixture
def people():
    lead = PartnerFactory(name="Lead agency", role=Role.LEAD)
    a = PartnerFactory(name="Agency A")
    b = PartnerFactory(name="Agency B")
    return {
        "lead": lead,
        "a": a,
        "b": b,
        "editor a": EditorFactory(partner=a, user__username="editor-a", user__first_name="Ona").user,
        "colleague a": EditorFactory(partner=a, user__username="colleague-a").user,
        "editor b": EditorFactory(partner=b, user__username="editor-b").user,
        "reviewer": EditorFactory(partner=lead, user__username="reviewer").user,
        "second reviewer": EditorFactory(partner=lead, user__username="second-reviewer").user,
        "admin": UserFactory(username="admin", is_staff=True, is_superuser=True),
    }


@pytest.fixture
def practice(people):
    return GoodPracticeFactory(title="Innovation brokers", partners=[people["a"]], status=Status.DRAFT)


@pytest.fixture
def step(django_capture_on_commit_callbacks):
    """Takes a workflow step and runs what waits for the commit (the e-mails), as a real request's commit would."""

    def take(record, step, user, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return workflow.take(record, step, user, **kwargs)

    return take


def sent_to():
    return sorted(address for message in mail.outbox for address in message.to)


def test_submitting_tells_the_secretariat_and_not_the_editor(people, practice, step):
    step(practice, Step.SUBMIT, people["editor a"])

    assert sent_to() == ["admin@example.org", "reviewer@example.org", "second-reviewer@example.org"]
    message = mail.outbox[0]
    assert message.subject == "[iBuy portal] Good practice “Innovation brokers”: submitted for review"
    assert "Ona took a step on the good practice “Innovation brokers”: submitted for review" in message.body
    assert "(draft → submitted for review)" in message.body
    assert f"Open it in the admin: http://testserver.example{change_url(practice)}" in message.body
    assert "http://testserver.example/admin/e-mail-settings/" in message.body


def test_sending_back_tells_the_partners_editors_with_the_comment(people, practice, step):
    step(practice, Step.SUBMIT, people["editor a"])
    mail.outbox.clear()

    step(practice, Step.SEND_BACK, people["reviewer"], comment="Name the buyer and the year.")

    assert sent_to() == ["colleague-a@example.org", "editor-a@example.org"]
    message = next(message for message in mail.outbox if message.to == ["editor-a@example.org"])
    assert message.subject == "[iBuy portal] Good practice “Innovation brokers”: sent back"
    assert message.body.startswith("Hello Ona,")
    assert "reviewer took a step" in message.body
    assert "Their comment:\n\nName the buyer and the year." in message.body


@pytest.mark.parametrize(
    ("steps", "happened"),
    [
        ([Step.PUBLISH], "published"),
        ([Step.PUBLISH, Step.ARCHIVE], "archived"),
    ],
)
def test_publishing_and_archiving_tell_the_partners_editors(people, practice, step, steps, happened):
    for taken in steps:
        mail.outbox.clear()
        step(practice, taken, people["reviewer"])

    assert sent_to() == ["colleague-a@example.org", "editor-a@example.org"]
    assert all(message.subject.endswith(f": {happened}") for message in mail.outbox)
    assert all("reviewer took a step" in message.body for message in mail.outbox)


def test_a_shared_record_tells_the_editors_of_every_partner_who_owns_it(people, step):
    shared = GoodPracticeFactory(title="Shared", partners=[people["a"], people["b"]], status=Status.SUBMITTED)
    step(shared, Step.PUBLISH, people["reviewer"])
    assert sent_to() == ["colleague-a@example.org", "editor-a@example.org", "editor-b@example.org"]


def test_a_change_to_a_published_record_waits_sent_back_and_published_with_word_each_time(
    people, step, django_capture_on_commit_callbacks
):
    report = ReportFactory(title="Guide to PCP", partner=people["a"], status=Status.PUBLISHED)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.prepare_change(report, people["editor a"], QueryDict("title=Guide+to+PCP+(2nd+edition)"))
    assert sent_to() == ["admin@example.org", "reviewer@example.org", "second-reviewer@example.org"]
    assert mail.outbox[0].subject == "[iBuy portal] Report “Guide to PCP”: a change waits for review"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.prepare_change(report, people["editor a"], QueryDict("title=Guide+to+PCP+(2nd+ed.)"))
    assert mail.outbox == [], "saving a waiting change again tells the secretariat nothing new"

    step(report, Step.SEND_BACK_CHANGE, people["second reviewer"], comment="Which edition is this?")
    assert sent_to() == ["colleague-a@example.org", "editor-a@example.org"]
    assert "Which edition is this?" in mail.outbox[0].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pending = workflow.prepare_change(report, people["editor a"], QueryDict("title=Guide+to+PCP"))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply_pending(report, people["reviewer"], pending.pk)
    published = [message for message in mail.outbox if "change published" in message.subject]
    assert sorted(message.to[0] for message in published) == ["colleague-a@example.org", "editor-a@example.org"]


def test_steps_that_concern_only_the_one_who_acted_send_nothing(people, practice, step):
    step(practice, Step.SUBMIT, people["editor a"])
    mail.outbox.clear()
    step(practice, Step.WITHDRAW, people["editor a"])
    step(practice, Step.PUBLISH, people["reviewer"])
    mail.outbox.clear()
    step(practice, Step.ARCHIVE, people["reviewer"])
    mail.outbox.clear()
    step(practice, Step.RESTORE, people["reviewer"])
    assert mail.outbox == []


def test_a_step_on_ones_own_record_alone_sends_nothing(people, step):
    """The lead partner's only staff member submits and publishes the lead partner's own record: the secretariat
    is themselves (and the superuser turned the messages off), and the lead partner has no editors besides."""
    NotificationPreference.objects.create(user=people["admin"], workflow_email=False)
    people["second reviewer"].delete()
    own = ReportFactory(title="Lead's own report", partner=people["lead"], status=Status.DRAFT)

    step(own, Step.SUBMIT, people["reviewer"])
    step(own, Step.PUBLISH, people["reviewer"])
    step(own, Step.ARCHIVE, people["reviewer"])

    assert mail.outbox == []
    assert Transition.objects.for_record(own).count() == 3


def test_nobody_hears_of_their_own_step_even_as_the_partners_editor(people, practice, step):
    """A superuser's own submission goes to the rest of the secretariat only."""
    step(practice, Step.SUBMIT, people["admin"])
    assert "admin@example.org" not in sent_to()
    assert sent_to() == ["reviewer@example.org", "second-reviewer@example.org"]


def test_another_partners_editor_hears_nothing(people, practice, step):
    step(practice, Step.SUBMIT, people["editor a"])
    step(practice, Step.PUBLISH, people["reviewer"])
    assert "editor-b@example.org" not in sent_to()


# Turning the messages off


def test_an_editor_turns_the_messages_off_on_their_own_settings_page(people, practice, step):
    client = Client()
    client.force_login(people["colleague a"])
    page = client.get(reverse("email-settings"))
    assert page.status_code == 200
    assert "E-mail me about workflow steps" in page.content.decode()
    assert "checked" in page.content.decode()

    response = client.post(reverse("email-settings"), {}, follow=True)
    assert "you will no longer get an e-mail" in response.content.decode()
    assert NotificationPreference.objects.get(user=people["colleague a"]).workflow_email is False

    step(practice, Step.PUBLISH, people["reviewer"])
    assert sent_to() == ["editor-a@example.org"]

    client.post(reverse("email-settings"), {"workflow_email": "on"})
    mail.outbox.clear()
    step(practice, Step.ARCHIVE, people["reviewer"])
    assert sent_to() == ["colleague-a@example.org", "editor-a@example.org"]


def test_the_settings_page_is_for_staff_only():
    response = Client().get(reverse("email-settings"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


# A mail server that cannot be reached


@pytest.fixture
def closed_port():
    """A port on 127.0.0.1 that nothing listens on: bound to learn a free one, then closed again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_failing_mail_server_leaves_the_step_done_and_logged(
    people, practice, settings, closed_port, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 5
    client = Client()
    client.force_login(people["editor a"])
    version = client.get(change_url(practice)).context["workflow"]["version"]

    with (
        caplog.at_level(logging.ERROR, logger="publishing.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(admin_url(practice, "workflow"), {"step": Step.SUBMIT, "_version": version})

    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    note = Transition.objects.for_record(practice).get()
    assert note.step == Step.SUBMIT
    errors = [record for record in caplog.records if record.name == "publishing.notifications"]
    assert len(errors) == 1
    assert f"review note #{note.pk}" in errors[0].getMessage()
    assert isinstance(errors[0].exc_info[1], ConnectionRefusedError)


# Which backend, where


SHOW_EMAIL_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name) for name in
    ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "PORTAL_BASE_URL"]}))
"""


def email_settings_with(**variables):
    result = run_python(SHOW_EMAIL_SETTINGS, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_development_prints_production_sends_through_smtp_from_the_environment():
    development = email_settings_with(DEBUG="1")
    assert development["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert development["PORTAL_BASE_URL"] == "http://127.0.0.1:8000"
    production = email_settings_with(
        SECRET_KEY=A_REAL_KEY,
        ALLOWED_HOSTS="ibuy.example.eu",
        EMAIL_HOST="smtp.example.eu",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="1",
    )
    assert production["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (production["EMAIL_HOST"], production["EMAIL_PORT"], production["EMAIL_USE_TLS"]) == (
        "smtp.example.eu",
        587,
        True,
    )
    assert production["PORTAL_BASE_URL"] == "https://ibuy.example.eu"
