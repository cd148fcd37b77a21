"""Creates a partner editor's staff account: `manage.py create_partner_editor <partner-slug> <username> <email>`.

The account is active staff, a member of the partner (partners.StaffMembership) and of the role's group: the lead
partner's staff join "Secretariat", every other partner's "Partner editors". The password is asked for, taken from
an environment variable (`--password-from-env VAR`, for scripts), or left unset until `manage.py changepassword`.
"""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partners.models import Partner, StaffMembership
from publishing.access import EDITORS_GROUP, SECRETARIAT_GROUP


def stdin_is_a_terminal():
    return sys.stdin.isatty()


def messages(error):
    """A ValidationError's messages as lines, each field's prefixed with the field's name."""
    if hasattr(error, "error_dict"):
        return [f"{field}: {message}" for field, errors in error.message_dict.items() for message in errors]
    return error.messages


class Command(BaseCommand):
    help = "Creates a staff account for a partner's editor, with the role and the partner it works for."

    def add_arguments(self, parser):
        parser.add_argument("partner_slug", help="The partner's slug, as in its address /partners/<slug>/.")
        parser.add_argument("username")
        parser.add_argument("email")
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="Take the password from the environment variable VAR instead of asking for it.",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for a password: the account has none until `manage.py changepassword` sets one.",
        )

    def handle(self, *args, partner_slug, username, email, password_from_env, interactive, **options):
        partner = self.find_partner(partner_slug)
        group = self.find_group(SECRETARIAT_GROUP if partner.is_lead else EDITORS_GROUP)
        user = get_user_model()(username=username, email=email, is_staff=True, is_active=True)
        self.check_account(user)

        if password_from_env:
            password = os.environ.get(password_from_env, "")
            if not password:
                raise CommandError(f"The environment variable {password_from_env} is not set or is empty.")
            self.check_password(password, user)
        elif interactive and stdin_is_a_terminal():
            password = self.ask_password(user)
        else:
            password = None

        with transaction.atomic():
            if password is None:
                user.set_unusable_password()
            else:
                user.set_password(password)
            user.save()
            user.groups.add(group)
            StaffMembership.objects.create(user=user, partner=partner)

        self.stdout.write(self.style.SUCCESS(f"Created {username}, {group.name.lower()} account for {partner}."))
        if password is None:
            self.stdout.write(f"It has no password yet; set one with: python manage.py changepassword {username}")

    def find_partner(self, slug):
        try:
            return Partner.objects.get(slug=slug)
        except Partner.DoesNotExist:
            known = ", ".join(Partner.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"There is no partner with the slug {slug!r}. Partners: {known}.") from None

    def find_group(self, name):
        try:
            return Group.objects.get(name=name)
        except Group.DoesNotExist:
            raise CommandError(f"The group {name!r} does not exist: run `python manage.py migrate` first.") from None

    def check_account(self, user):
        if not user.email:
            raise CommandError("An e-mail address is required.")
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as error:
            raise CommandError("The account cannot be created. " + " ".join(messages(error))) from None

    def check_password(self, password, user):
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("The password is refused: " + " ".join(error.messages)) from None

    def ask_password(self, user):
        """Asks until the password is typed twice the same and passes the validators; Ctrl-C gives up."""
        try:
            while True:
                password = getpass.getpass("Password: ")
                if password != getpass.getpass("Password (again): "):
                    self.stderr.write("The passwords do not match.")
                    continue
                try:
                    validate_password(password, user)
                except ValidationError as error:
                    self.stderr.write("\n".join(error.messages))
                    continue
                return password
        except KeyboardInterrupt:
            raise CommandError("Cancelled: no account was created.") from None
