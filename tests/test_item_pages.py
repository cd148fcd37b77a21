"""The five public item pages, as a visitor sees them: partner, action plan, good practice, study visit, report."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from library.models import Language, ReportKind
from partners.models import ActionStatus, Role
from practices.models import GoodPracticeImage, GoodPracticeLink, VisitKind
from publishing.models import Source, Status
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    GoodPracticeFactory,
    InstrumentFactory,
    PartnerFactory,
    RegionFactory,
    ReportFactory,
    StudyVisitFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

# A 1x1 transparent GIF: the smallest real image an ImageField can hold.
TINY_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
    b"!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)

ITEM_FACTORIES = {
    "partner": PartnerFactory,
    "action plan": ActionPlanFactory,
    "good practice": GoodPracticeFactory,
    "study visit": StudyVisitFactory,
    "report": ReportFactory,
}


def make_sources(count):
    return [
        Source.objects.create(key=f"source-{n}", title=f"Source document {n}", url=f"https://example.org/{n}.pdf")
        for n in range(count)
    ]


def page(client, record):
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    return response.text


# ---------- Every item page ----------


@pytest.mark.parametrize("kind", ITEM_FACTORIES)
def test_a_draft_is_not_found(client, kind):
    record = ITEM_FACTORIES[kind](status=Status.DRAFT)

    response = client.get(record.get_absolute_url())

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert str(record) not in response.text


@pytest.mark.parametrize("kind", ITEM_FACTORIES)
def test_an_unknown_slug_is_not_found(client, kind):
    record = ITEM_FACTORIES[kind]()
    url = record.get_absolute_url().replace(record.slug, "no-such-page")

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("kind", ITEM_FACTORIES)
def test_shows_breadcrumbs_and_sources(client, kind):
    record = ITEM_FACTORIES[kind]()
    record.sources.set(
        [
            Source.objects.create(
                key="final-report", title="Final report", publisher="iBuy", url="https://example.org/f"
            ),
            Source.objects.create(key="interview", title="Interview with the buyer", note="Not published."),
        ]
    )

    html = page(client, record)

    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in html
    assert '<li class="breadcrumbs__item"><a href="/">Home</a></li>' in html
    assert f'<li class="breadcrumbs__item" aria-current="page">{record}</li>' in html
    assert '<h2 id="sources-heading">Sources</h2>' in html
    assert 'iBuy: <a href="https://example.org/f">Final report</a>' in html
    assert "<cite>Interview with the buyer</cite>" in html
    assert "Not published." in html


@pytest.mark.parametrize("kind", ITEM_FACTORIES)
def test_says_so_when_no_source_is_recorded(client, kind):
    html = page(client, ITEM_FACTORIES[kind]())

    assert "No source is recorded for this page yet." in html
    assert "None" not in html


# ---------- Partner ----------


def test_partner_page_shows_the_partner_facts(client):
    partner = PartnerFactory(
        number=1,
        name="Agency for Innovation of Lithuania",
        acronym="MITA",
        role=Role.LEAD,
        region=RegionFactory(name="Lithuania", nuts_code="LT", country="LT"),
        website="https://mita.lrv.lt/en/",
        description="The national agency for innovation.\n\nIt leads iBuy.",
    )

    html = page(client, partner)

    assert "<h1" in html
    assert "Agency for Innovation of Lithuania</h1>" in html
    assert "<dt>Acronym</dt><dd>MITA</dd>" in html
    assert '<span class="badge badge--lead">Lead partner</span>' in html
    assert "<dt>Country</dt><dd>Lithuania</dd>" in html
    assert '<a href="https://mita.lrv.lt/en/">mita.lrv.lt/en/</a>' in html
    assert "<p>The national agency for innovation.</p>" in html


def test_partner_page_leaves_out_empty_facts(client):
    html = page(client, PartnerFactory(acronym="", website="", description=""))

    assert "<dt>Acronym</dt>" not in html
    assert "<dt>Website</dt>" not in html
    assert "About the partner" not in html


def test_partner_without_an_action_plan_shows_no_plan(client):
    """The reverse one-to-one raises RelatedObjectDoesNotExist, which the template must treat as empty."""
    html = page(client, PartnerFactory())

    assert "<dt>Action plan</dt>" not in html


def test_partner_page_links_a_published_action_plan(client):
    plan = ActionPlanFactory(title="Lithuanian action plan")

    html = page(client, plan.partner)

    assert f'<dt>Action plan</dt><dd><a href="{plan.get_absolute_url()}">Lithuanian action plan</a></dd>' in html


def test_partner_page_does_not_link_a_draft_action_plan(client):
    plan = ActionPlanFactory(title="Plan in draft", status=Status.DRAFT)

    html = page(client, plan.partner)

    assert "<dt>Action plan</dt>" not in html
    assert "Plan in draft" not in html


@pytest.mark.parametrize("source_count", [1, 5])
def test_partner_page_query_count(client, django_assert_num_queries, source_count):
    """Guards an extra query for the region or the action plan, and one per source."""
    partner = PartnerFactory()
    ActionPlanFactory(partner=partner)
    partner.sources.set(make_sources(source_count))

    # The partner with its region and action plan, then its sources.
    with django_assert_num_queries(2):
        html = page(client, partner)

    assert html.count("Source document") == source_count


# ---------- Action plan ----------


def test_action_plan_page_shows_the_plan_and_its_actions(client):
    ppi = InstrumentFactory(name="Public procurement of innovation", abbreviation="PPI", code="ppi")
    plan = ActionPlanFactory(
        title="Action plan of Catalonia",
        partner=PartnerFactory(name="Catalan health service"),
        policy_instrument="Health plan of Catalonia 2016-2020",
        summary="How the region will buy innovation in health.",
        results="Two tenders were launched.",
    )
    first = ActionFactory(
        action_plan=plan,
        number=1,
        slug="market-consultation",
        title="Open market consultations",
        description="Talk to suppliers first.",
        status=ActionStatus.DONE,
    )
    first.instruments.set([ppi])
    ActionFactory(action_plan=plan, number=2, slug="training", title="Train buyers", status="")

    html = page(client, plan)

    assert "Action plan of Catalonia</h1>" in html
    assert f'<a href="{plan.partner.get_absolute_url()}">Catalan health service</a>' in html
    assert "<dt>Policy instrument addressed</dt><dd>Health plan of Catalonia 2016-2020</dd>" in html
    assert "<p>How the region will buy innovation in health.</p>" in html
    assert "<p>Two tenders were launched.</p>" in html
    assert '<ol class="action-list">' in html
    assert '<li class="action" id="action-market-consultation">' in html
    assert '<span class="action__number">Action 1</span> Open market consultations' in html
    assert "<p>Talk to suppliers first.</p>" in html
    assert '<span class="badge">Done</span>' in html
    assert 'id="action-training"' in html
    assert '<span class="badge badge--muted">Status not reported</span>' in html
    assert 'href="/#instrument-ppi">Public procurement of innovation (PPI)</a>' in html
    assert html.index("Open market consultations") < html.index("Train buyers")


def test_action_plan_of_a_draft_partner_names_the_partner_without_a_link(client):
    partner = PartnerFactory(name="Partner in draft", status=Status.DRAFT)

    html = page(client, ActionPlanFactory(partner=partner))

    assert "<dd>Partner in draft</dd>" in html
    assert partner.get_absolute_url() not in html


@pytest.mark.parametrize("action_count", [1, 5])
def test_action_plan_page_query_count(client, django_assert_num_queries, action_count):
    """Guards the N+1 of an instruments query per action, and of a partner or region query."""
    plan = ActionPlanFactory()
    plan.sources.set(make_sources(2))
    for _ in range(action_count):
        ActionFactory(action_plan=plan).instruments.set(InstrumentFactory.create_batch(2))

    # The plan with its partner and region, its actions, their instruments, its sources.
    with django_assert_num_queries(4):
        html = page(client, plan)

    assert html.count('<li class="action"') == action_count
    assert html.count("tag--instrument") == 2 * action_count


# ---------- Good practice ----------


def test_good_practice_page_shows_the_practice(client):
    practice = GoodPracticeFactory(
        title="Innovative ambulance tender",
        summary="A hospital bought ambulances of a new kind.",
        description="The hospital described needs, not products.",
        region=RegionFactory(name="Cataluña", nuts_code="ES51", country="ES"),
        organisation="Sistema d'Emergències Mèdiques",
        start_year=2016,
        end_year=2019,
        resources_needed="Two procurement officers for a year.",
        evidence_of_success="Response times fell.",
        transferability="Any region that runs ambulances.",
        partners=[PartnerFactory(name="Catalan agency")],
        instruments=[InstrumentFactory(name="Pre-commercial procurement", abbreviation="PCP", code="pcp")],
        themes=[ThemeFactory(name="Health")],
    )
    GoodPracticeImage.objects.create(
        practice=practice,
        image=SimpleUploadedFile("ambulance.gif", TINY_GIF, content_type="image/gif"),
        alt_text="A yellow ambulance in front of a hospital",
        caption="The new ambulance",
    )
    GoodPracticeLink.objects.create(practice=practice, title="Case study", url="https://example.org/case-study")

    html = page(client, practice)

    assert "Innovative ambulance tender</h1>" in html
    assert '<p class="lead">A hospital bought ambulances of a new kind.</p>' in html
    assert "<dt>Organisation behind it</dt><dd>Sistema d&#x27;Emergències Mèdiques</dd>" in html
    assert "<dt>Region</dt><dd>Cataluña, Spain</dd>" in html
    assert "<dt>Period</dt><dd>2016–2019</dd>" in html
    assert f'<a href="{practice.partners.get().get_absolute_url()}">Catalan agency</a>' in html
    assert "Pre-commercial procurement (PCP)</a>" in html
    assert '<span class="tag tag--theme">Health</span>' in html
    assert "<p>The hospital described needs, not products.</p>" in html
    assert "<p>Two procurement officers for a year.</p>" in html
    assert "<p>Response times fell.</p>" in html
    assert "Potential for learning or transfer</h2>" in html
    assert "<p>Any region that runs ambulances.</p>" in html
    assert 'alt="A yellow ambulance in front of a hospital"' in html
    assert f'src="{practice.images.get().image.url}"' in html
    assert "<figcaption>The new ambulance</figcaption>" in html
    assert '<a href="https://example.org/case-study">Case study</a>' in html


def test_a_region_that_is_a_whole_country_is_not_named_twice(client):
    html = page(client, GoodPracticeFactory(region=RegionFactory(name="Lithuania", nuts_code="LT", country="LT")))

    assert "<dt>Region</dt><dd>Lithuania</dd>" in html


def test_good_practice_page_leaves_out_what_is_not_recorded(client):
    html = page(client, GoodPracticeFactory(region=None, summary=""))

    for label in ("Region", "Period", "Organisation behind it", "Identified by", "Instruments", "Themes"):
        assert f"<dt>{label}</dt>" not in html
    for heading in ("Resources needed", "Evidence of success", "Images", "Further reading"):
        assert heading not in html
    assert "None" not in html


@pytest.mark.parametrize("related_count", [1, 5])
def test_good_practice_page_query_count(client, django_assert_num_queries, related_count):
    """Guards the N+1 of a query per partner, instrument, theme, image or link shown."""
    practice = GoodPracticeFactory(
        partners=PartnerFactory.create_batch(related_count),
        instruments=InstrumentFactory.create_batch(related_count),
        themes=ThemeFactory.create_batch(related_count),
    )
    practice.sources.set(make_sources(related_count))
    for n in range(related_count):
        GoodPracticeImage.objects.create(
            practice=practice, image=SimpleUploadedFile(f"{n}.gif", TINY_GIF), alt_text=f"Picture {n}"
        )
        GoodPracticeLink.objects.create(practice=practice, title=f"Link {n}", url=f"https://example.org/{n}")

    # The practice with its region, then partners, instruments, themes, images, links and sources.
    with django_assert_num_queries(7):
        html = page(client, practice)

    assert html.count('alt="Picture') == related_count
    assert html.count("tag--theme") == related_count


# ---------- Study visit ----------


def test_study_visit_page_shows_the_visit(client):
    host = PartnerFactory(name="Regional Council of Päijät-Häme")
    practice = GoodPracticeFactory(title="Smart street lights")
    visit = StudyVisitFactory(
        title="Study visit to Lahti",
        kind=VisitKind.STUDY_VISIT,
        place="Lahti",
        region=RegionFactory(name="Päijät-Häme", nuts_code="FI1C3", country="FI"),
        start_date=datetime.date(2018, 11, 22),
        end_date=datetime.date(2018, 11, 23),
        host_partner=host,
        participating_partners=[PartnerFactory(name="Agency for Innovation of Lithuania")],
        related_practices=[practice, GoodPracticeFactory(title="Practice in draft", status=Status.DRAFT)],
        description="Partners saw how Lahti buys lighting.",
    )

    html = page(client, visit)

    assert "Study visit to Lahti</h1>" in html
    assert "<dt>Kind</dt><dd>Study visit</dd>" in html
    assert "<dd>22–23 November 2018</dd>" in html
    assert "<dt>Place</dt><dd>Lahti</dd>" in html
    assert "<dt>Region</dt><dd>Päijät-Häme, Finland</dd>" in html
    assert f'<a href="{host.get_absolute_url()}">Regional Council of Päijät-Häme</a>' in html
    assert "Agency for Innovation of Lithuania</a>" in html
    assert "<p>Partners saw how Lahti buys lighting.</p>" in html
    assert f'<a href="{practice.get_absolute_url()}">Smart street lights</a>' in html
    assert "Practice in draft" not in html


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        (datetime.date(2019, 3, 6), datetime.date(2019, 3, 6), "6 March 2019"),
        (datetime.date(2019, 11, 30), datetime.date(2019, 12, 2), "30 November – 2 December 2019"),
        (datetime.date(2019, 12, 31), datetime.date(2020, 1, 1), "31 December 2019 – 1 January 2020"),
    ],
)
def test_study_visit_dates_are_written_as_a_range(client, start, end, shown):
    html = page(client, StudyVisitFactory(start_date=start, end_date=end))

    assert f"<dt>Dates</dt><dd>{shown}</dd>" in html


def test_study_visit_page_leaves_out_what_is_not_recorded(client):
    html = page(client, StudyVisitFactory(host_partner=None, region=None, description=""))

    for label in ("Host", "Region", "Participating partners"):
        assert f"<dt>{label}</dt>" not in html
    assert "Good practices seen" not in html


@pytest.mark.parametrize("partner_count", [1, 5])
def test_study_visit_page_query_count(client, django_assert_num_queries, partner_count):
    """Guards the N+1 of a query per participating partner or related practice."""
    visit = StudyVisitFactory(
        participating_partners=PartnerFactory.create_batch(partner_count),
        related_practices=GoodPracticeFactory.create_batch(partner_count),
    )
    visit.sources.set(make_sources(partner_count))

    # The visit with its host and region, then participating partners, related practices and sources.
    with django_assert_num_queries(4):
        html = page(client, visit)

    assert html.count("Good practice ") == partner_count


# ---------- Report ----------


def test_report_page_shows_the_report_and_a_download_link(client):
    report = ReportFactory(
        title="Guide to pre-commercial procurement",
        kind=ReportKind.GUIDELINE,
        partner=PartnerFactory(name="Agency for Innovation of Lithuania"),
        language=Language.LITHUANIAN,
        publication_date=datetime.date(2021, 5, 3),
        summary="How to run a PCP.",
        instruments=[InstrumentFactory(name="Pre-commercial procurement", abbreviation="PCP", code="pcp")],
        document=SimpleUploadedFile("guide.pdf", b"%PDF-1.4\n", content_type="application/pdf"),
    )

    html = page(client, report)

    assert "Guide to pre-commercial procurement</h1>" in html
    assert "<dt>Kind</dt><dd>Guideline</dd>" in html
    assert "Agency for Innovation of Lithuania</a>" in html
    assert "<dt>Language</dt><dd>Lithuanian</dd>" in html
    assert "<dt>Published</dt><dd>3 May 2021</dd>" in html
    assert "Pre-commercial procurement (PCP)</a>" in html
    assert "<p>How to run a PCP.</p>" in html
    assert f'<a class="button" href="{report.document.url}" hreflang="lt">Download the document (PDF)</a>' in html


def test_report_without_a_document_has_no_download_link(client):
    html = page(client, ReportFactory(partner=None, language="", publication_date=None))

    assert "Download" not in html
    assert "<dt>Written by</dt>" not in html
    assert "<dt>Language</dt>" not in html
    assert "<dt>Published</dt>" not in html


@pytest.mark.parametrize("instrument_count", [1, 5])
def test_report_page_query_count(client, django_assert_num_queries, instrument_count):
    """Guards the N+1 of a query per instrument, and of a partner query."""
    report = ReportFactory(instruments=InstrumentFactory.create_batch(instrument_count))
    report.sources.set(make_sources(instrument_count))

    # The report with its partner, then its instruments and its sources.
    with django_assert_num_queries(3):
        html = page(client, report)

    assert html.count("tag--instrument") == instrument_count
