"""Following a search by e-mail (the alerts app): a double opt-in request, the digest command, and the one-click
unsubscribe; bad addresses and floods refused with nothing kept."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts.models import CONFIRM_HOURS, MAX_PENDING_PER_ADDRESS, MAX_PER_ADDRESS, Subscription
from alerts.tokens import confirm_token, unsubscribe_token
from ibuy_portal.page_cache import is_storable
from publishing.models import Status, Step, Transition
from tests.factories import (
    ActionPlanFactory,
    GoodPracticeFactory,
    PartnerFactory,
    RegionFactory,
    ReportFactory,
    StudyVisitFactory,
)

pytestmark = pytest.mark.django_db

FOLLOW = reverse("alerts:subscribe")


def published(record, at):
    Transition.objects.create(
        record=record, step=Step.PUBLISH, from_status=Status.SUBMITTED, to_status=Status.PUBLISHED, at=at
    )
    return record


def ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


@pytest.fixture
def regions():
    return {"LT": RegionFactory(nuts_code="LT", country="LT"), "ES": RegionFactory(nuts_code="ES53", country="ES")}


@pytest.fixture
def visitor():
    # No session, no CSRF cookie: what a visitor of a cached list page, or a mail client, sends.
    return Client(enforce_csrf_checks=True)


def follow(visitor, email="reader@example.eu", path="/practices/", query="country=LT"):
    return visitor.post(FOLLOW, {"email": email, "path": path, "query": query})


def link_in(message, name):
    return re.search(rf"http://127\.0\.0\.1:8000(/alerts/{name}/[^/\s]+/)", message.body).group(1)


def run_alerts():
    out = io.StringIO()
    call_command("send_alerts", stdout=out)
    return out.getvalue()


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def confirmed(email="reader@example.eu", path="/practices/", query="country=LT", at=None):
    return Subscription.objects.create(email=email, path=path, query=query, confirmed_at=at or ago(days=5))


# The request and its confirmation (double opt-in)


def test_a_request_sends_only_a_confirmation_until_it_is_confirmed(visitor, regions):
    response = follow(visitor, email="Reader@Example.EU", query="sort=title&zzz=1&country=LT&page=2")

    assert response.status_code == 200
    assert "A link to confirm has been sent to Reader@example.eu" in text(response)
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.path, subscription.query) == (
        "Reader@example.eu",
        "/practices/",
        "country=LT",
    )
    assert subscription.confirmed_at is None
    [message] = mail.outbox
    assert message.to == ["Reader@example.eu"]
    assert "Good practices: Country: Lithuania" in message.subject
    assert "http://127.0.0.1:8000/practices/?country=LT" in message.body

    published(GoodPracticeFactory(region=regions["LT"]), at=ago(minutes=1))
    run_alerts()
    assert len(mail.outbox) == 1


def test_the_confirmation_link_shows_a_button_and_only_its_post_confirms(visitor, django_assert_num_queries):
    follow(visitor)
    link = link_in(mail.outbox[0], "confirm")

    with django_assert_num_queries(5):
        page = visitor.get(link)
    assert page.status_code == 200
    assert f'<form method="post" action="{link}">' in page.content.decode()
    assert Subscription.objects.get().confirmed_at is None

    with django_assert_num_queries(6):
        done = visitor.post(link)
    assert done.status_code == 200
    assert "Confirmed: reader@example.eu will get a message" in text(done)
    assert Subscription.objects.get().confirmed_at is not None
    # Again: nothing changes, and it says so.
    first = Subscription.objects.get().confirmed_at
    assert visitor.post(link).status_code == 200
    assert Subscription.objects.get().confirmed_at == first


def test_an_unconfirmed_request_expires(visitor):
    follow(visitor)
    link = link_in(mail.outbox[0], "confirm")
    Subscription.objects.update(created=ago(hours=CONFIRM_HOURS, minutes=1))

    response = visitor.get(link)

    assert response.status_code == 404
    assert "This link no longer works" in text(response)
    assert not Subscription.objects.exists()


def test_the_command_deletes_expired_requests_and_keeps_the_others(visitor):
    follow(visitor, email="late@example.eu")
    follow(visitor, email="soon@example.eu")
    Subscription.objects.filter(email="late@example.eu").update(created=ago(hours=CONFIRM_HOURS + 1))

    run_alerts()

    assert list(Subscription.objects.values_list("email", flat=True)) == ["soon@example.eu"]


def test_a_forged_or_mistaken_link_works_for_nothing(visitor):
    subscription = confirmed()
    for link in [
        reverse("alerts:confirm", args=["nonsense"]),
        reverse("alerts:confirm", args=[unsubscribe_token(subscription)]),  # another kind of link
        reverse("alerts:unsubscribe", args=[confirm_token(subscription)]),
        reverse("alerts:unsubscribe", args=[unsubscribe_token(subscription)[:-2] + "xx"]),
    ]:
        assert visitor.get(link).status_code == 404, link
    assert visitor.post(reverse("alerts:unsubscribe", args=[confirm_token(subscription)])).status_code == 200
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_a_link_names_its_row_only(visitor):
    subscription = confirmed()
    token = unsubscribe_token(subscription)
    subscription.delete()
    confirmed()  # the same address and search again: a new row, a new key

    assert visitor.get(reverse("alerts:unsubscribe", args=[token])).status_code == 404


# Refusals: nothing stored, nothing sent


@pytest.mark.parametrize("email", ["", "not-an-address", "reader@", "a" * 250 + "@example.eu", "x@example.eu\nBcc: y"])
def test_a_bad_address_is_refused_with_a_clear_message(visitor, email):
    response = follow(visitor, email=email)

    assert response.status_code == 400
    assert "Nothing was kept" in text(response)
    assert re.search(r"Enter (a whole|the) e-mail address|at most 254", text(response))
    assert 'aria-invalid="true"' in response.content.decode()
    # The form is shown again for the same search.
    assert '<input type="hidden" name="query" value="country=LT">' in response.content.decode()
    assert not Subscription.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("path", ["/admin/", "/nowhere/", "/practices/some-practice/", "/transfers/", "", "x" * 300])
def test_only_a_list_can_be_followed(visitor, path):
    response = follow(visitor, path=path)

    assert response.status_code == 400
    assert "nothing was kept" in text(response).lower()
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_the_form_takes_only_posts_and_says_where_it_is(visitor):
    response = visitor.get(FOLLOW, {"path": "/practices/", "email": "a@example.eu"})
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "below any list of the portal" in response.content.decode()
    assert visitor.head(FOLLOW).status_code == 405
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_asking_twice_sends_one_confirmation(visitor):
    follow(visitor)
    again = follow(visitor, query="country=LT&utm=1")

    assert again.status_code == 200
    assert Subscription.objects.count() == 1
    assert len(mail.outbox) == 1


def test_an_address_may_wait_for_a_few_confirmations_only(visitor):
    for year in range(MAX_PENDING_PER_ADDRESS):
        assert follow(visitor, query=f"year={2016 + year}").status_code == 200
    refused = follow(visitor, query="year=2020")

    assert refused.status_code == 400
    assert f"already has {MAX_PENDING_PER_ADDRESS} requests waiting for confirmation" in text(refused)
    assert Subscription.objects.count() == MAX_PENDING_PER_ADDRESS
    assert len(mail.outbox) == MAX_PENDING_PER_ADDRESS
    # Another address is not held back by this one.
    assert follow(visitor, email="other@example.eu", query="year=2020").status_code == 200


def test_an_address_may_follow_a_bounded_number_of_searches(visitor):
    for number in range(MAX_PER_ADDRESS):
        confirmed(query=f"q=word{number}")
    refused = follow(visitor, query="q=one-more")

    assert refused.status_code == 400
    assert f"already follows {MAX_PER_ADDRESS} searches" in text(refused)
    assert Subscription.objects.count() == MAX_PER_ADDRESS
    assert mail.outbox == []


def test_a_subscription_keeps_the_address_and_the_search_only():
    fields = {field.name for field in Subscription._meta.get_fields()}

    assert fields == {"id", "email", "path", "query", "key", "created", "confirmed_at", "last_sent_at"}


def test_the_privacy_note_says_how_long_a_request_waits(client):
    response = client.get(reverse("practices:practice-list"))

    assert f"an unconfirmed request expires after {CONFIRM_HOURS} hours" in text(response)


# The digest


def test_the_digest_holds_only_what_was_published_in_the_search_since_the_last_one(regions):
    subscription = confirmed(at=ago(days=5))
    published(GoodPracticeFactory(slug="new-lt", title="New in Lithuania", region=regions["LT"]), at=ago(days=3))
    published(GoodPracticeFactory(slug="old-lt", title="Old in Lithuania", region=regions["LT"]), at=ago(days=9))
    published(GoodPracticeFactory(slug="new-es", title="New in Spain", region=regions["ES"]), at=ago(days=1))
    GoodPracticeFactory(slug="draft-lt", title="Draft in Lithuania", region=regions["LT"], status=Status.DRAFT)
    # A loaded record (no publish step) counts from its creation.
    GoodPracticeFactory(slug="loaded-lt", title="Loaded in Lithuania", region=regions["LT"], created=ago(days=2))

    assert run_alerts() == "1 digest(s) sent, 0 failed, 0 expired request(s) deleted.\n"

    [message] = mail.outbox
    assert message.to == ["reader@example.eu"]
    assert message.subject == "iBuy: new in “Good practices: Country: Lithuania”"
    titles = re.findall(r"^- (.+)$", message.body, flags=re.MULTILINE)
    assert titles == ["Loaded in Lithuania", "New in Lithuania"]
    assert "http://127.0.0.1:8000/practices/new-lt/" in message.body
    assert "&amp;" not in message.body
    subscription.refresh_from_db()
    assert subscription.last_sent_at is not None

    # Running again sends nothing: nothing new since.
    run_alerts()
    assert len(mail.outbox) == 1

    # Published after the last digest: the next run sends it, alone.
    published(GoodPracticeFactory(title="Newest in Lithuania", region=regions["LT"]), at=timezone.now())
    run_alerts()
    assert len(mail.outbox) == 2
    assert re.findall(r"^- (.+)$", mail.outbox[1].body, flags=re.MULTILINE) == ["Newest in Lithuania"]


def test_nothing_new_sends_nothing(regions):
    confirmed(at=ago(days=1))
    published(GoodPracticeFactory(region=regions["LT"]), at=ago(days=3))
    published(GoodPracticeFactory(region=regions["ES"]), at=ago(hours=1))

    run_alerts()

    assert mail.outbox == []
    assert Subscription.objects.get().last_sent_at is None


def test_every_digest_has_a_one_click_unsubscribe(regions, visitor, django_assert_num_queries):
    confirmed()
    published(GoodPracticeFactory(region=regions["LT"]), at=ago(days=1))
    run_alerts()
    [message] = mail.outbox
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header.startswith("<https://") or header.startswith("<http://127.0.0.1:8000/alerts/unsubscribe/")
    link = link_in(message, "unsubscribe")
    assert header == f"<http://127.0.0.1:8000{link}>"

    # What the mail client sends (RFC 8058): a POST with that body, no cookie, no token, no login.
    with django_assert_num_queries(2):  # the row, its deletion
        response = visitor.post(link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    # Once more: already done, and it still answers 2xx.
    assert visitor.post(link).status_code == 200


def test_the_unsubscribe_page_asks_first(visitor, django_assert_num_queries):
    subscription = confirmed()
    link = reverse("alerts:unsubscribe", args=[unsubscribe_token(subscription)])

    with django_assert_num_queries(5):
        page = visitor.get(link)

    assert page.status_code == 200
    assert "Stop the messages to reader@example.eu for this search" in text(page)
    assert f'<form method="post" action="{link}">' in page.content.decode()
    assert Subscription.objects.exists()
    assert visitor.post(link).status_code == 200
    assert not Subscription.objects.exists()


def build_every_kind(regions):
    partner = PartnerFactory(region=regions["LT"])
    for record in [
        GoodPracticeFactory(region=regions["LT"]),
        StudyVisitFactory(region=regions["LT"]),
        ReportFactory(partner=partner),
        ActionPlanFactory(partner=partner),
    ]:
        published(record, at=ago(hours=1))


@pytest.mark.parametrize(
    "name",
    [
        "practices:practice-list",
        "practices:visit-list",
        "library:report-list",
        "partners:partner-list",
        "partners:action-plan-list",
    ],
)
def test_every_list_can_be_followed(regions, name, visitor):
    path = reverse(name)
    assert follow(visitor, path=path, query="").status_code == 200
    Subscription.objects.update(confirmed_at=ago(days=1))
    build_every_kind(regions)

    run_alerts()

    assert len(mail.outbox) == 2
    assert re.findall(r"^- (.+)$", mail.outbox[1].body, flags=re.MULTILINE)


# Never cached, and the list pages stay cacheable


def test_the_alert_pages_are_never_cached(visitor, settings):
    settings.PAGE_CACHE_SECONDS = 60
    subscription = confirmed()
    for response in [
        visitor.get(reverse("alerts:confirm", args=[confirm_token(subscription)])),
        visitor.get(reverse("alerts:unsubscribe", args=[unsubscribe_token(subscription)])),
        follow(visitor, email="other@example.eu"),
    ]:
        assert "private" in response["Cache-Control"]
        assert not is_storable(response.wsgi_request, response)


def test_the_follow_form_sets_no_cookie_on_the_list(visitor):
    response = visitor.get(reverse("practices:practice-list"), {"country": "LT"})

    assert response.status_code == 200
    assert not response.cookies
    assert is_storable(response.wsgi_request, response)


def test_a_long_digest_names_the_newest_and_counts_the_rest(regions, monkeypatch):
    monkeypatch.setattr("alerts.management.commands.send_alerts.DIGEST_SIZE", 2)
    confirmed()
    for days in (1, 2, 3, 4):
        published(GoodPracticeFactory(title=f"Practice {days}", region=regions["LT"]), at=ago(days=days))

    run_alerts()

    [message] = mail.outbox
    assert "4 records published since the last message" in message.body
    assert re.findall(r"^- (.+)$", message.body, flags=re.MULTILINE) == ["Practice 1", "Practice 2"]
    assert "and 2 more records: see the whole search." in message.body


# A mail server that does not answer (a closed port on this machine)


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2


def closed_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_confirmation_that_cannot_be_sent_keeps_nothing(visitor, mail_server_down):
    response = follow(visitor)

    assert response.status_code == 503
    assert "nothing was kept: try again later" in text(response)
    assert not Subscription.objects.exists()


def test_a_digest_that_cannot_be_sent_is_tried_again_next_run(regions, mail_server_down, settings):
    subscription = confirmed()
    published(GoodPracticeFactory(region=regions["LT"]), at=ago(days=1))

    assert run_alerts().startswith("0 digest(s) sent, 1 failed")
    subscription.refresh_from_db()
    assert subscription.last_sent_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run_alerts().startswith("1 digest(s) sent, 0 failed")
    assert len(mail.outbox) == 1


def test_the_request_page_has_a_fixed_number_of_queries(visitor, django_assert_num_queries):
    for number in range(2):
        confirmed(query=f"q=word{number}")
    # The existing row, the address's rows, the facets' options, the insert (in a savepoint).
    with django_assert_num_queries(9):
        assert follow(visitor).status_code == 200


def test_the_admin_lists_and_deletes_but_never_subscribes(superuser_client):
    for number in range(3):
        confirmed(email=f"reader{number}@example.eu")
    changelist = reverse("admin:alerts_subscription_changelist")

    response = superuser_client.get(changelist, {"q": "reader1"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    assert superuser_client.get(reverse("admin:alerts_subscription_add")).status_code == 403
    subscription = Subscription.objects.get(email="reader1@example.eu")
    delete = reverse("admin:alerts_subscription_delete", args=[subscription.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Subscription.objects.filter(pk=subscription.pk).exists()


def test_staff_without_the_permission_see_no_followers(editor_client):
    client = editor_client(PartnerFactory())

    assert client.get(reverse("admin:alerts_subscription_changelist")).status_code == 403
