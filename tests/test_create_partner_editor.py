"""`manage.py create_partner_editor <partner-slug> <username> <email>`: an editor's account in one step, and
nothing at all when anything given is wrong."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from partners.management.commands import create_partner_editor
from partners.models import Role, StaffMembership
from publishing.access import EDITORS_GROUP, SECRETARIAT_GROUP
from tests.factories import PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
STRONG = "a long passphrase nobody guesses"


@pytest.fixture
def partner():
    return PartnerFactory(slug="ivl", name="Innovation agency")


def create(*args, **options):
    out = StringIO()
    call_command("create_partner_editor", *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def test_creates_an_active_staff_editor_of_the_partner(partner, monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", STRONG)

    out = create("ivl", "maria", "maria@example.org", password_from_env="EDITOR_PASSWORD")

    user = User.objects.get(username="maria")
    assert (user.email, user.is_active, user.is_staff, user.is_superuser) == ("maria@example.org", True, True, False)
    assert user.membership.partner == partner
    assert [group.name for group in user.groups.all()] == [EDITORS_GROUP]
    assert user.check_password(STRONG)
    assert "Created maria, partner editors account for Innovation agency." in out


def test_the_lead_partners_staff_join_the_secretariat(monkeypatch):
    PartnerFactory(slug="lead", role=Role.LEAD)
    monkeypatch.setenv("EDITOR_PASSWORD", STRONG)

    create("lead", "ona", "ona@example.org", password_from_env="EDITOR_PASSWORD")

    assert [group.name for group in User.objects.get(username="ona").groups.all()] == [SECRETARIAT_GROUP]


def test_without_a_terminal_the_account_waits_for_changepassword(partner):
    out = create("ivl", "maria", "maria@example.org", interactive=False)

    assert not User.objects.get(username="maria").has_usable_password()
    assert "set one with: python manage.py changepassword maria" in out


def test_asks_for_the_password_twice_until_it_is_good(partner, monkeypatch):
    typed = iter(["12345678", "12345678", STRONG, "a typo", STRONG, STRONG])
    monkeypatch.setattr(create_partner_editor, "stdin_is_a_terminal", lambda: True)
    monkeypatch.setattr(create_partner_editor.getpass, "getpass", lambda prompt: next(typed))
    err = StringIO()

    call_command("create_partner_editor", "ivl", "maria", "maria@example.org", stdout=StringIO(), stderr=err)

    assert User.objects.get(username="maria").check_password(STRONG)
    assert "This password is entirely numeric." in err.getvalue()
    assert "The passwords do not match." in err.getvalue()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password", "This password is too common."),
        ("12345678", "This password is entirely numeric."),
        ("maria@example", "The password is too similar to the"),
    ],
)
def test_a_weak_password_is_refused_and_nothing_is_created(partner, monkeypatch, password, message):
    monkeypatch.setenv("EDITOR_PASSWORD", password)

    with pytest.raises(CommandError, match=message):
        create("ivl", "maria", "maria@example.org", password_from_env="EDITOR_PASSWORD")

    assert not User.objects.filter(username="maria").exists()


def test_a_missing_environment_variable_is_refused(partner, monkeypatch):
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)

    with pytest.raises(CommandError, match="The environment variable EDITOR_PASSWORD is not set"):
        create("ivl", "maria", "maria@example.org", password_from_env="EDITOR_PASSWORD")

    assert not User.objects.filter(username="maria").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere", "maria", "maria@example.org"], "There is no partner with the slug 'nowhere'. Partners: ivl."),
        (["ivl", "taken", "maria@example.org"], "username: A user with that username already exists."),
        (["ivl", "maria", "not an address"], "email: Enter a valid email address."),
        (["ivl", "maria", ""], "An e-mail address is required."),
        (["ivl", "maria lopez!", "maria@example.org"], "username: Enter a valid username."),
    ],
    ids=["unknown-partner", "existing-username", "bad-email", "no-email", "bad-username"],
)
def test_wrong_input_is_refused_with_a_clear_message_and_nothing_created(partner, args, message):
    UserFactory(username="taken")
    users_before = User.objects.count()

    with pytest.raises(CommandError) as refused:
        create(*args, interactive=False)

    assert message in str(refused.value)
    assert User.objects.count() == users_before
    assert not StaffMembership.objects.exists()


def test_the_editor_it_creates_can_edit_its_partners_records(partner, monkeypatch, client):
    monkeypatch.setenv("EDITOR_PASSWORD", STRONG)
    create("ivl", "maria", "maria@example.org", password_from_env="EDITOR_PASSWORD")

    signed_in = client.post("/admin/login/", {"username": "maria", "password": STRONG, "next": "/admin/"})
    response = client.get(f"/admin/partners/partner/{partner.pk}/change/")

    assert signed_in.status_code == 302
    assert response.status_code == 200
