"""Builders for the backup and restore tests: a rich database, what it holds, and emptying it."""

import io
import shutil
from pathlib import Path

from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from pypdf import PdfWriter

from partners.models import Partner
from practices.models import GoodPractice, GoodPracticeImage, GoodPracticeLink
from publishing.backup_archive import media_files
from publishing.models import ContentGeneration, PendingChange, Status, Step, Transition
from tests import factories
from tests.conftest import tiny_png

# Not in a backup, so not compared (see publishing/backup.py).
NOT_BACKED_UP = {ContentType, Permission, Session, ContentGeneration}


def pdf_bytes():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def build_rich_dataset():
    """The documented content, plus a record of every other kind: files, accounts, history, review notes, the
    admin's log, and history that refers to records deleted since."""
    call_command("load_documented_content", "ibuy", verbosity=0)
    admin = factories.UserFactory(username="backup-admin", is_staff=True, is_superuser=True)
    partner = Partner.objects.order_by("number").last()
    editor = factories.EditorFactory(partner=partner).user
    editor.user_permissions.add(Permission.objects.get(codename="view_logentry"))

    partner.logo, partner.logo_alt = tiny_png("logo.png"), "Logo of the partner"
    partner.save()  # stores the logo and its thumbnail, and writes history
    practice = factories.GoodPracticeFactory(partners=[partner], status=Status.DRAFT)
    GoodPracticeImage.objects.create(practice=practice, image=tiny_png(), alt_text="Buyers meet suppliers")
    GoodPracticeLink.objects.create(practice=practice, title="Case study", url="https://example.org/case")
    report = factories.ReportFactory(partner=partner)
    report.document.save("report.pdf", ContentFile(pdf_bytes()))
    Transition.objects.create(
        record=practice, step=Step.SUBMIT, from_status=Status.DRAFT, to_status=Status.SUBMITTED, by=editor
    )
    PendingChange.objects.create(record=report, author=editor, data={"title": ["A better title"]})
    LogEntry.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(Partner),
        object_id=str(partner.pk),
        object_repr=str(partner),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Logo"]}}]',
    )
    # History rows keep the ids of what they referred to, even once it is gone.
    region = factories.RegionFactory(nuts_code="ZZ9")
    factories.GoodPracticeFactory(region=region, partners=[partner]).delete()
    region_id = region.pk
    region.delete()
    assert GoodPractice.history.filter(region_id=region_id).exists()


def build_small_dataset():
    """A partner with a logo (two files: the logo and its thumbnail) and a good practice of theirs."""
    partner = factories.PartnerFactory(logo=tiny_png(), logo_alt="Logo")
    factories.GoodPracticeFactory(partners=[partner])


def database_state():
    """Every row of every table a backup holds, many-to-many links included; content types and permissions are
    given by name, since another database numbers them its own way."""
    types = {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()}
    permissions = {p.pk: (*types[p.content_type_id], p.codename) for p in Permission.objects.all()}
    names = {ContentType: types, Permission: permissions}
    state = {}
    for model in apps.get_models(include_auto_created=True):
        if model in NOT_BACKED_UP or model._meta.app_label == "axes":
            continue
        rows = []
        for row in model._base_manager.order_by("pk").values():
            for field in model._meta.concrete_fields:
                if field.related_model in names and row[field.attname] is not None:
                    row[field.attname] = names[field.related_model][row[field.attname]]
            if model._meta.auto_created:
                del row["id"]  # a link's own id is not data: links are restored with their records
            rows.append(row)
        state[model._meta.label] = sorted(rows, key=repr) if model._meta.auto_created else rows
    return state


def media_contents():
    result = {}
    for name in media_files(default_storage):
        with default_storage.open(name, "rb") as file:
            result[name] = file.read()
    return result


def empty_everything(media_root):
    """What a new installation has: a migrated database without rows (content types and permissions aside), and
    no media folder."""
    empty_database()
    shutil.rmtree(Path(media_root), ignore_errors=True)


def empty_database():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Inside the test's transaction PostgreSQL truncates no table with a foreign key check still to do.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", interactive=False, verbosity=0)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
