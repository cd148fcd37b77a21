import io
import itertools

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from PIL import Image

from library.models import Report
from partners.models import (
    Action,
    ActionPlan,
    FigureKind,
    Instrument,
    Partner,
    Partnership,
    Region,
    ReportedFigure,
    Role,
    StaffMembership,
)
from practices.models import (
    GoodPractice,
    GoodPracticeImage,
    GoodPracticeLink,
    GoodPracticeStep,
    StudyVisit,
    Theme,
    Transfer,
)
from publishing.models import NotificationPreference, PendingChange, SlugHistory, Source, Status, Step, Transition
from tests import factories
from tests.factories import UserFactory


def pytest_sessionstart(session):
    """The translations compiled once per run, in the main process only (xdist's workers have `workerinput`), so a
    plain `pytest` sees the same pages as `make test`; only changed catalogues are compiled again."""
    if not hasattr(session.config, "workerinput"):
        call_command("compilemessages", ignore_patterns=[".venv", "node_modules"], verbosity=0)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a test client's request to /lt/... leaves Lithuanian active in the
    thread afterwards, and `reverse()` in the next test would give /lt/ addresses."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def tiny_png(name="photo.png"):
    """A one-pixel PNG upload, for image fields that must hold a real image."""
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


_acronyms = itertools.count(1)

# One valid record of every model of the portal's apps, each with fresh related rows.
RECORD_BUILDERS = {
    Source: factories.SourceFactory,
    Region: factories.RegionFactory,
    Instrument: factories.InstrumentFactory,
    Partnership: lambda: factories.PartnershipFactory(acronym=f"P{next(_acronyms)}"),
    ReportedFigure: lambda: factories.ReportedFigureFactory(
        partnership=factories.PartnershipFactory(acronym=f"P{next(_acronyms)}"), kind=FigureKind.GOOD_PRACTICES
    ),
    Partner: factories.PartnerFactory,
    ActionPlan: factories.ActionPlanFactory,
    Action: factories.ActionFactory,
    Theme: factories.ThemeFactory,
    GoodPractice: factories.GoodPracticeFactory,
    GoodPracticeImage: lambda: GoodPracticeImage.objects.create(
        practice=factories.GoodPracticeFactory(), image=tiny_png(), alt_text="A buyer meets a supplier"
    ),
    GoodPracticeLink: lambda: GoodPracticeLink.objects.create(
        practice=factories.GoodPracticeFactory(), title="Case study", url="https://example.org/case-study"
    ),
    GoodPracticeStep: lambda: GoodPracticeStep.objects.create(
        practice=factories.GoodPracticeFactory(), position=1, title="Market consultation"
    ),
    StudyVisit: factories.StudyVisitFactory,
    Transfer: factories.TransferFactory,
    Report: factories.ReportFactory,
    StaffMembership: factories.StaffMembershipFactory,
    # The workflow's own rows, about a record of their own.
    Transition: lambda: Transition.objects.create(
        record=factories.GoodPracticeFactory(), step=Step.SUBMIT, from_status=Status.DRAFT, to_status=Status.SUBMITTED
    ),
    PendingChange: lambda: PendingChange.objects.create(
        record=factories.GoodPracticeFactory(), data={"title": ["New"]}
    ),
    NotificationPreference: lambda: NotificationPreference.objects.create(user=UserFactory(), workflow_email=False),
    SlugHistory: lambda: SlugHistory.objects.create(
        record=factories.GoodPracticeFactory(), old_slug=f"former-name-{next(_acronyms)}"
    ),
}


@pytest.fixture
def make_record(db):
    """Saves one valid record of the given model: `make_record(Partner)`."""
    return lambda model: RECORD_BUILDERS[model]()


@pytest.fixture
def editor_client(db):
    """A new client logged in as a new staff account of the partner, in its role's group: `editor_client(partner)`.
    Each call gives its own client, so that one test can act as several people."""

    def log_in(partner):
        client = Client()
        client.force_login(factories.EditorFactory(partner=partner).user)
        return client

    return log_in


@pytest.fixture
def secretariat_client(editor_client):
    """Logged in as the lead partner's staff (created if the test has no lead partner yet)."""
    return editor_client(Partner.objects.leads().first() or factories.PartnerFactory(role=Role.LEAD))
