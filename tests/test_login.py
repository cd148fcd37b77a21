"""Signing in to the admin: repeated failures lock the account out for a while (django-axes), the secretariat can
unlock it, and weak passwords are refused."""

import html

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from partners.models import Role
from tests.factories import EditorFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # the factories' password


@pytest.fixture
def editor():
    return EditorFactory(user__username="maria", partner=PartnerFactory(name="Agency A")).user


def sign_in(client, username, password):
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"})


def fail(client, username, times):
    return [sign_in(client, username, "wrong password").status_code for _ in range(times)]


def test_the_right_password_signs_in(client, editor):
    response = sign_in(client, "maria", PASSWORD)

    assert response.status_code == 302
    assert response.url == "/admin/"


def test_a_wrong_password_is_refused_with_the_form_again(client, editor):
    response = sign_in(client, "maria", "wrong password")

    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.text


def test_four_failures_do_not_lock_the_account(client, editor):
    fail(client, "maria", 4)

    assert sign_in(client, "maria", PASSWORD).status_code == 302


def test_five_failures_lock_the_account_even_with_the_right_password(client, editor):
    failures = fail(client, "maria", 5)

    response = sign_in(client, "maria", PASSWORD)

    assert failures == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    assert "Account locked for a while" in response.text
    assert "After 5 failed sign-in attempts in a row" in response.text
    assert "Try again after" in response.text
    assert "(1\xa0hour from now)" in response.text
    assert "ask the portal's secretariat (the staff who manage its accounts)" in html.unescape(response.text)
    # Nobody got in.
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_for_that_account_from_that_address(client, editor):
    UserFactory(username="jonas", is_staff=True)
    fail(client, "maria", 5)

    other_account = sign_in(Client(), "jonas", PASSWORD)
    other_address = sign_in(Client(REMOTE_ADDR="192.0.2.7"), "maria", PASSWORD)

    assert other_account.status_code == other_address.status_code == 302


def test_a_success_starts_the_count_again(client, editor):
    fail(client, "maria", 4)
    assert sign_in(client, "maria", PASSWORD).status_code == 302
    client.logout()

    fail(client, "maria", 4)

    assert sign_in(client, "maria", PASSWORD).status_code == 302


def test_the_command_line_unlocks_an_account(client, editor):
    fail(client, "maria", 5)

    call_command("axes_reset_username", "maria")

    assert sign_in(client, "maria", PASSWORD).status_code == 302


def test_the_secretariat_unlocks_an_account_in_the_admin(client, editor, secretariat_client):
    fail(client, "maria", 5)
    attempt = AccessAttempt.objects.get(username="maria")
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])

    listed = secretariat_client.get(reverse("admin:axes_accessattempt_changelist"))
    unlocked = secretariat_client.post(url, {"post": "yes"})

    assert listed.status_code == 200
    assert "maria" in listed.text
    assert unlocked.status_code == 302
    assert sign_in(client, "maria", PASSWORD).status_code == 302


def test_an_editor_cannot_see_or_unlock_locked_accounts(client, editor):
    fail(Client(), "someone", 5)
    client.force_login(editor)

    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


# Passwords


@pytest.mark.parametrize("weak", ["password", "12345678", "maria2024"])
def test_the_admin_refuses_a_weak_password_when_setting_one(superuser_client, editor, weak):
    url = reverse("admin:auth_user_password_change", args=[editor.pk])

    response = superuser_client.post(url, {"password1": weak, "password2": weak, "usable_password": "true"})

    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("weak", "message"),
    [
        ("password", "This password is too common."),
        ("12345678", "This password is entirely numeric."),
        ("short", "This password is too short."),
    ],
)
def test_staff_cannot_choose_a_weak_password_for_themselves(client, editor, weak, message):
    client.force_login(editor)

    response = client.post(
        reverse("admin:password_change"), {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak}
    )

    assert response.status_code == 200
    assert message in response.text
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_the_lead_partners_staff_are_the_secretariat(secretariat_client):
    """The secretariat's account is what the unlocking above relies on: a lead partner's staff, not a superuser."""
    response = secretariat_client.get("/admin/")

    assert response.context["user"].membership.partner.role == Role.LEAD
    assert not response.context["user"].is_superuser
