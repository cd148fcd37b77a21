"""`generate_demo_data`: synthetic content at a chosen size, marked as such, removable, all or nothing.

The documented content (fixtures/ibuy.json) is loaded first, as on the benchmark's database, so that the tests
can check that the synthetic records hang on it and that removing them leaves every documented record as it was.
"""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.urls import reverse

from demo import synthetic
from library.models import Report
from practices.models import GoodPractice, StudyVisit, Theme
from publishing.models import Source, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def documented():
    call_command("load_documented_content", "ibuy", verbosity=0)
    return snapshot()


def snapshot():
    """Every documented record of the kinds the command writes or links to, with its links."""
    return {
        "practices": sorted(
            (p.slug, p.title, tuple(p.partners.values_list("slug", flat=True)))
            for p in GoodPractice.objects.exclude(slug__startswith="demo-")
        ),
        "visits": sorted(StudyVisit.objects.exclude(slug__startswith="demo-").values_list("slug", "title")),
        "reports": sorted(Report.objects.exclude(slug__startswith="demo-").values_list("slug", "title")),
        "themes": sorted(Theme.objects.values_list("slug", flat=True)),
        "sources": sorted(Source.objects.values_list("key", flat=True)),
    }


def generate(*args):
    out = io.StringIO()
    call_command("generate_demo_data", *args, stdout=out)
    return out.getvalue()


def test_creates_the_sizes_asked_for_published_and_marked(documented):
    output = generate("--practices", "30", "--reports", "7", "--visits", "5")

    assert "Created 30 good practices, 7 reports, 5 study visits" in output
    for model, size in ((GoodPractice, 30), (Report, 7), (StudyVisit, 5)):
        records = model.objects.filter(slug__startswith="demo-")
        assert records.count() == size
        assert records.filter(status=Status.PUBLISHED).count() == size
        assert records.filter(title__startswith="Demo: ").count() == size
        assert records.filter(sources__key="synthetic-demo-data").count() == size
    assert Source.objects.get(key="synthetic-demo-data").title == "Synthetic demo data"


def test_records_hang_on_the_documented_regions_partners_and_instruments(documented):
    generate("--practices", "40", "--visits", "5")
    practices = GoodPractice.objects.filter(slug__startswith="demo-")

    assert practices.filter(region__nuts_code="LT").exists()
    assert practices.filter(instruments__code="pcp").exists()
    assert practices.filter(partners__slug="fundacio-bit").exists()
    assert all(practice.partners.exists() for practice in practices)
    assert len(practices.first().description) >= 1200


def test_synthetic_pages_say_they_are_synthetic(client, documented):
    generate("--practices", "3")
    practice = GoodPractice.objects.filter(slug__startswith="demo-").first()

    page = client.get(practice.get_absolute_url()).content.decode()
    listing = client.get(reverse("practices:practice-list"), {"sort": "newest"}).content.decode()

    assert "Synthetic demo data" in page
    assert "Demo: " in listing


def test_the_same_seed_gives_the_same_data(documented):
    generate("--practices", "5", "--seed", "7")
    first = list(GoodPractice.objects.filter(slug__startswith="demo-").values_list("slug", "title", "summary"))
    generate("--practices", "5", "--seed", "7", "--replace")
    again = list(GoodPractice.objects.filter(slug__startswith="demo-").values_list("slug", "title", "summary"))

    assert first == again


def test_remove_deletes_every_synthetic_record_and_nothing_documented(documented):
    generate("--practices", "20", "--reports", "4", "--visits", "3")

    output = generate("--remove")

    assert "Removed 20 good practices, 4 reports, 3 study visits" in output
    assert snapshot() == documented
    assert not GoodPractice.history.filter(slug__startswith="demo-").exists()


def test_remove_keeps_a_documented_record_whose_slug_starts_with_demo(documented):
    """Only a record with both marks is synthetic: a real one named demo-... stays."""
    real = GoodPractice.objects.create(slug="demo-day-in-riga", title="Demo day in Riga", status=Status.PUBLISHED)
    generate("--practices", "2")

    generate("--remove")

    assert GoodPractice.objects.filter(pk=real.pk).exists()
    assert GoodPractice.objects.filter(slug__startswith="demo-").count() == 1


def test_remove_with_nothing_there_says_so(documented):
    assert "No synthetic data to remove" in generate("--remove")
    assert snapshot() == documented


def test_refuses_to_add_to_existing_synthetic_data_without_replace(documented):
    generate("--practices", "3")

    with pytest.raises(CommandError, match="already there .*--replace"):
        generate("--practices", "5")

    assert GoodPractice.objects.filter(slug__startswith="demo-").count() == 3
    generate("--practices", "5", "--replace")
    assert GoodPractice.objects.filter(slug__startswith="demo-").count() == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--practices", "-1"], "cannot be negative"),
        (["--reports", "many"], "not a whole number"),
        (["--visits", "100000000"], "more than"),
        ([], "nothing to create"),
        (["--remove", "--practices", "3"], "creates nothing"),
    ],
)
def test_refuses_bad_options_and_changes_nothing(documented, args, message):
    with pytest.raises(CommandError, match=message):
        generate(*args)

    assert snapshot() == documented
    assert not Source.objects.filter(key="synthetic-demo-data").exists()


def test_an_error_half_way_changes_nothing(documented, monkeypatch):
    """The practices are written before the visits: a failure at the visits must take the practices back too."""
    original = synthetic._link

    def fail_on_visits(through, left, right, pairs, *progress):
        if left == "studyvisit":
            raise DatabaseError("disk full")
        return original(through, left, right, pairs, *progress)

    monkeypatch.setattr(synthetic, "_link", fail_on_visits)

    with pytest.raises(CommandError, match="nothing was changed: disk full"):
        generate("--practices", "10", "--visits", "3")

    assert snapshot() == documented
    assert not GoodPractice.objects.filter(slug__startswith="demo-").exists()
    assert not Source.objects.filter(key="synthetic-demo-data").exists()


def test_never_writes_into_the_fixtures_folder(documented, settings):
    fixtures = settings.BASE_DIR / "fixtures"
    before = {path: path.stat().st_mtime_ns for path in fixtures.rglob("*")}

    generate("--practices", "3")

    assert {path: path.stat().st_mtime_ns for path in fixtures.rglob("*")} == before
