import io
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
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
    StaffMembership,
)
from practices.models import GoodPractice, GoodPracticeImage, GoodPracticeLink, StudyVisit, Theme
from publishing.models import Source
from tests import factories
from tests.factories import UserFactory


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
    StudyVisit: factories.StudyVisitFactory,
    Report: factories.ReportFactory,
    StaffMembership: factories.StaffMembershipFactory,
}


@pytest.fixture
def make_record(db):
    """Saves one valid record of the given model: `make_record(Partner)`."""
    return lambda model: RECORD_BUILDERS[model]()
