"""Loading fixtures with load_documented_content (Django's loaddata, validating): valid content loads (twice,
changing nothing), invalid content changes nothing.

Each test writes a small JSON fixture into `tmp_path`. The test database wraps each test in a transaction, so
loaddata's own `atomic()` is a savepoint here: its rollback is what these tests see.
"""

import json

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.core.serializers.base import DeserializationError

from partners.models import Partner, Region, Role
from practices.models import GoodPractice, StudyVisit
from publishing.management.commands.load_documented_content import InvalidFixtureRecord
from tests.factories import GoodPracticeFactory, PartnerFactory

pytestmark = pytest.mark.django_db

PORTAL_APPS = ["publishing", "partners", "practices", "library"]
CREATED = "2024-01-15T09:30:00Z"
UPDATED = "2024-02-01T16:00:00Z"

SOURCE = {
    "model": "publishing.source",
    "fields": {"key": "final-report", "title": "Final report", "url": "https://example.org/final-report.pdf"},
}
REGION = {
    "model": "partners.region",
    "fields": {"name": "Xland", "nuts_code": "XX1", "country": "LT"},
}
INSTRUMENT = {
    "model": "partners.instrument",
    "fields": {"code": "ppi", "name": "Public procurement of innovation", "description": "Buying what is new."},
}
THEME = {"model": "practices.theme", "fields": {"name": "Health", "slug": "health"}}
PARTNER = {
    "model": "partners.partner",
    "fields": {
        "slug": "some-partner",
        "number": 1,
        "name": "Some public agency",
        "region": ["XX1"],
        "role": "partner",
        "status": "published",
        "created": CREATED,
        "updated": UPDATED,
    },
}
PRACTICE = {
    "model": "practices.goodpractice",
    "fields": {
        "slug": "smart-lighting",
        "title": "Smart street lighting",
        "region": ["XX1"],
        "partners": [["some-partner"]],
        "instruments": [["ppi"]],
        "themes": [["health"]],
        "sources": [["final-report"]],
        "start_year": 2018,
        "status": "published",
        "created": CREATED,
        "updated": UPDATED,
    },
}
VISIT = {
    "model": "practices.studyvisit",
    "fields": {
        "slug": "visit-to-xland",
        "title": "Study visit to Xland",
        "kind": "study-visit",
        "host_partner": ["some-partner"],
        "place": "Vilnius",
        "region": ["XX1"],
        "start_date": "2019-03-06",
        "end_date": "2019-03-07",
        "participating_partners": [["some-partner"]],
        "related_practices": [["smart-lighting"]],
        "status": "published",
        "created": CREATED,
        "updated": UPDATED,
    },
}
VALID_FIXTURE = [SOURCE, REGION, INSTRUMENT, THEME, PARTNER, PRACTICE, VISIT]


def with_fields(record, **fields):
    return {**record, "fields": {**record["fields"], **fields}}


def write_fixture(tmp_path, content, name="content.json"):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content, indent=2))
    return path


def load(path):
    call_command("load_documented_content", str(path), verbosity=0)


def database_state():
    """Every row of the portal's tables, many-to-many link tables included, in a form that compares exactly; not
    the content generation, a token any save moves on so that derived copies are rebuilt (publishing.generation)."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for label in PORTAL_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.label != "publishing.ContentGeneration"
    }


def row_counts(state):
    return {label: len(rows) for label, rows in state.items()}


# Valid fixtures


def test_a_valid_fixture_with_natural_keys_loads(tmp_path):
    load(write_fixture(tmp_path, VALID_FIXTURE))

    partner = Partner.objects.get(slug="some-partner")
    practice = GoodPractice.objects.get(slug="smart-lighting")
    visit = StudyVisit.objects.get(slug="visit-to-xland")
    assert partner.region.nuts_code == "XX1"
    assert list(practice.instruments.values_list("code", flat=True)) == ["ppi"]
    assert list(practice.partners.all()) == [partner]
    assert list(practice.themes.values_list("slug", flat=True)) == ["health"]
    assert list(practice.sources.values_list("key", flat=True)) == ["final-report"]
    assert visit.host_partner == partner
    assert list(visit.participating_partners.all()) == [partner]
    assert list(visit.related_practices.all()) == [practice]
    assert partner.created.isoformat() == "2024-01-15T09:30:00+00:00"
    assert partner.updated.isoformat() == "2024-02-01T16:00:00+00:00"


def test_loading_the_same_fixture_twice_changes_nothing(tmp_path):
    path = write_fixture(tmp_path, VALID_FIXTURE)
    load(path)
    after_first_load = database_state()

    load(path)

    after_second_load = database_state()
    assert row_counts(after_second_load) == row_counts(after_first_load)
    assert after_second_load == after_first_load
    assert row_counts(after_second_load)["partners.Partner"] == 1


def test_loading_twice_also_keeps_records_created_in_between(tmp_path):
    path = write_fixture(tmp_path, VALID_FIXTURE)
    load(path)
    PartnerFactory(role=Role.LEAD, number=2, slug="the-lead")
    before = database_state()

    load(path)

    assert database_state() == before


def test_a_record_may_refer_to_one_later_in_the_same_file(tmp_path):
    practice_first = [SOURCE, REGION, INSTRUMENT, THEME, PRACTICE, PARTNER]

    load(write_fixture(tmp_path, practice_first))

    assert list(GoodPractice.objects.get(slug="smart-lighting").partners.values_list("slug", flat=True)) == [
        "some-partner"
    ]


# Invalid fixtures: nothing changes, and the message says where the problem is

# A visit that refers to no partner and no practice, so that the file needs nothing else.
LONE_VISIT = with_fields(VISIT, host_partner=None, participating_partners=[], related_practices=[])
BROKEN_JSON = json.dumps([REGION, PARTNER], indent=2).replace('"number": 1,', '"number": 1,,')
BROKEN_LINE = next(number for number, line in enumerate(BROKEN_JSON.splitlines(), 1) if ",," in line)

INVALID_CASES = {
    # The JSON parser knows the line ("Expecting property name enclosed in double quotes: line 14 column 17").
    "invalid-json-syntax": (BROKEN_JSON, DeserializationError, [f"line {BROKEN_LINE}"]),
    # Django would take ZZ9 for a record further down the file and fail later on a NULL region_id, naming neither.
    "unknown-natural-key": (
        [REGION, with_fields(PARTNER, region=["ZZ9"])],
        InvalidFixtureRecord,
        ["partners.partner", "some-partner", "region", "ZZ9"],
    ),
    "unknown-status": (
        [REGION, with_fields(PARTNER, status="pending")],
        InvalidFixtureRecord,
        ["partners.partner", "some-partner", "status"],
    ),
    "visit-ends-before-it-starts": (
        [REGION, with_fields(LONE_VISIT, start_date="2019-03-07", end_date="2019-03-06")],
        InvalidFixtureRecord,
        ["practices.studyvisit", "visit-to-xland", "A visit cannot end before it starts"],
    ),
    "second-lead-partner": (
        [REGION, with_fields(PARTNER, role="lead")],
        InvalidFixtureRecord,
        ["partners.partner", "some-partner", "already a lead partner"],
    ),
    "invalid-url": (
        [REGION, with_fields(SOURCE, key="broken-address", url="not a web address")],
        InvalidFixtureRecord,
        ["publishing.source", "broken-address", "url"],
    ),
    "bad-nuts-code": (
        [REGION, with_fields(REGION, nuts_code="es53", name="Lowercase land")],
        InvalidFixtureRecord,
        ["partners.region", "es53", "NUTS code"],
    ),
    "unknown-field": (
        [REGION, with_fields(PARTNER, colour="red")],
        DeserializationError,
        ["Partner", "colour"],
    ),
}


@pytest.fixture
def existing_content():
    """What the database held before the load: a lead partner and a good practice of theirs."""
    lead = PartnerFactory(role=Role.LEAD, number=7, slug="the-lead")
    GoodPracticeFactory(partners=[lead], slug="existing-practice")


@pytest.mark.usefixtures("existing_content")
@pytest.mark.parametrize(("content", "cause", "names"), INVALID_CASES.values(), ids=list(INVALID_CASES))
def test_an_invalid_fixture_changes_nothing_and_says_where(tmp_path, content, cause, names):
    path = write_fixture(tmp_path, content, name="broken-content.json")
    before = database_state()

    with pytest.raises(CommandError) as raised:
        load(path)

    after = database_state()
    assert row_counts(after) == row_counts(before)
    assert after == before
    # The valid record that came first in the file was rolled back too.
    assert not Region.objects.filter(nuts_code="XX1").exists()
    message = str(raised.value)
    assert "broken-content.json" in message
    for name in names:
        assert name.lower() in message.lower(), f"{name!r} not in {message!r}"
    # Our command turns every failure into a CommandError and keeps the original error as its cause.
    assert raised.type is CommandError
    assert type(raised.value.__cause__) is cause


@pytest.mark.parametrize(
    "broken_practice",
    [with_fields(PRACTICE, partners=[], instruments=[["no-such-instrument"]]), with_fields(PRACTICE, region=["ZZ9"])],
    ids=["many-to-many", "optional-foreign-key"],
)
def test_an_unknown_reference_resolved_at_the_end_names_the_file_and_record(tmp_path, broken_practice):
    """Django defers references it cannot resolve to the end of the load, then fails outside the file's loop."""
    path = write_fixture(tmp_path, [SOURCE, REGION, INSTRUMENT, THEME, broken_practice], name="broken-content.json")
    before = database_state()

    with pytest.raises(CommandError) as raised:
        load(path)

    message = str(raised.value)
    assert database_state() == before
    assert "practices.goodpractice" in message.lower()
    assert "broken-content.json" in message
    assert "smart-lighting" in message


def test_djangos_own_loaddata_is_left_as_django_ships_it():
    """The validating command has a name of its own; `loaddata` is not replaced, whatever the order of the apps."""
    from django.core.management import get_commands

    commands = get_commands()
    assert commands["loaddata"] == "django.core"
    assert commands["load_documented_content"] == "publishing"
