"""Failed sign-ins behind a trusted proxy (AXES_IPWARE_PROXY_COUNT): an X-Forwarded-For that is not an address
never gives a server error, and the lockout counts the address the trusted proxy wrote, so a visitor who changes
the header at each attempt is still locked out. Run on SQLite and PostgreSQL (whose inet column refused the
forged values with an error)."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from ibuy_portal.client_ip import client_ip
from tests.factories import EditorFactory, PartnerFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # the factories' password
PROXY = "10.0.0.2"  # the connection's address: the trusted proxy's
NOT_ADDRESSES = ["garbage", "999.1.1.1", "1.2.3.4, not-an-ip", "", " , ", "1.2.3.4,", "::ffff:zz", "<script>"]


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1


@pytest.fixture
def editor():
    return EditorFactory(user__username="maria", partner=PartnerFactory(name="Agency A")).user


def sign_in(client, forwarded_for, password="wrong password"):
    return client.post(
        reverse("admin:login"),
        {"username": "maria", "password": password, "next": "/admin/"},
        HTTP_X_FORWARDED_FOR=forwarded_for,
        REMOTE_ADDR=PROXY,
    )


@pytest.mark.parametrize("forwarded_for", NOT_ADDRESSES)
def test_a_forwarded_value_that_is_not_an_address_gets_the_login_page_with_its_error(client, editor, forwarded_for):
    response = sign_in(client, forwarded_for)

    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.text
    # Counted against the connection's address, the proxy's: the forged value is stored nowhere.
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [PROXY]


def test_rotating_the_left_most_values_does_not_dodge_the_lockout(client, editor):
    # The proxy appends the address it saw (203.0.113.7); whatever the visitor sent stays on its left.
    sent_by_the_visitor = ["garbage", "198.51.100.1", "999.1.1.1", "192.0.2.55, not-an-ip", "2001:db8::1"]

    failures = [sign_in(client, f"{sent}, 203.0.113.7").status_code for sent in sent_by_the_visitor]
    response = sign_in(client, "198.51.100.99, 203.0.113.7", password=PASSWORD)

    assert failures == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    assert "Account locked for a while" in response.text
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]


def test_rotating_forged_values_without_the_proxy_does_not_dodge_the_lockout(client, editor):
    # Sent straight to the portal, past the proxy: every forged value falls back to the connection's address.
    forged = ["garbage", "999.1.1.1", "1.2.3.4, not-an-ip", "not-an-ip, 1.2.3.4, zz", "x" * 300]

    failures = [sign_in(client, value).status_code for value in forged]

    assert failures == [200, 200, 200, 200, 429]
    assert sign_in(client, "garbage-again", password=PASSWORD).status_code == 429


def test_another_visitor_behind_the_proxy_is_not_locked_out(client, editor):
    for _ in range(5):
        sign_in(client, "garbage, 203.0.113.7")

    assert sign_in(client, "203.0.113.8", password=PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("forwarded_for", "count", "address"),
    [
        ("203.0.113.7", 1, "203.0.113.7"),
        ("garbage, 203.0.113.7", 1, "203.0.113.7"),
        ("203.0.113.7, 10.0.0.9", 2, "203.0.113.7"),
        ("2001:DB8:0:0::1", 1, "2001:db8::1"),  # one address, one spelling
        ("203.0.113.7", 2, PROXY),  # fewer entries than proxies: not through them all
        ("999.1.1.1", 1, PROXY),
        ("1.2.3.4, not-an-ip", 1, PROXY),
        ("203.0.113.7", 0, PROXY),  # no proxy trusted: the header is ignored
    ],
)
def test_the_address_is_the_one_the_outermost_trusted_proxy_wrote(settings, forwarded_for, count, address):
    settings.AXES_IPWARE_PROXY_COUNT = count
    request = RequestFactory().post("/admin/login/", HTTP_X_FORWARDED_FOR=forwarded_for, REMOTE_ADDR=PROXY)

    assert client_ip(request) == address
