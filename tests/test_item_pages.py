"""The five public item pages, as a visitor sees them: partner, action plan, good practice, study visit, report."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from library.models import Language, Report, ReportKind
from partners.models import Action, ActionPlan, ActionStatus, Role
from practices.models import GoodPractice, GoodPracticeImage, GoodPracticeLink, GoodPracticeStep, StudyVisit, VisitKind
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
    """The page as a reader sees it: without the JSON-LD data block in its head (tests/test_linked_data.py), which
    names the same records again."""
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    return re.sub(r'<script type="application/ld\+json">.*?</script>', "", response.text, flags=re.S)


def bulk(factory_class, count, **fields):
    """Saves many records in one query: query-count tests need 200 rows, not 200 saves with their history."""
    model = factory_class._meta.model
    return model.objects.bulk_create(factory_class.build_batch(count, **fields))


def link_all(relation, records, other):
    """Adds `other` to a many-to-many `relation` (e.g. GoodPractice.partners) of every record, in one query."""
    through = relation.through
    source, target = relation.field.m2m_field_name(), relation.field.m2m_reverse_field_name()
    through.objects.bulk_create(through(**{source: record, target: other}) for record in records)


def links_in_main(html, prefix):
    """How many links in the page's main content, not its navigation or breadcrumbs, start with the prefix."""
    main = html[html.index('<main id="main"') : html.index("</main>")]
    return main.count(f'href="{prefix}')


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


@pytest.mark.parametrize("related_count", [2, 200])
def test_partner_page_query_count(client, django_assert_num_queries, related_count):
    """Guards a query per action, practice, visit, report or source, and for the region or the action plan."""
    partner = PartnerFactory()
    plan = ActionPlanFactory(partner=partner)
    bulk(ActionFactory, related_count, action_plan=plan)
    link_all(GoodPractice.partners, bulk(GoodPracticeFactory, related_count, region=partner.region), partner)
    bulk(StudyVisitFactory, related_count, host_partner=partner)
    link_all(StudyVisit.participating_partners, bulk(StudyVisitFactory, related_count, host_partner=None), partner)
    bulk(ReportFactory, related_count, partner=partner)
    partner.sources.set(make_sources(related_count))

    # The partner with its region and plan; the plan's actions; its practices, hosted visits, joined visits,
    # reports; its sources.
    with django_assert_num_queries(7):
        html = page(client, partner)

    assert html.count("Source document") == related_count
    assert html.count("#action-") == related_count
    # A partner's page names its first 20 practices, hosted and joined visits and reports, and links to the rest.
    listed, more = min(related_count, 20), int(related_count > 20)
    assert links_in_main(html, "/practices/") == listed + more
    assert links_in_main(html, "/study-visits/") == 2 * listed + more
    assert links_in_main(html, "/library/") == listed + more


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


@pytest.mark.parametrize("related_count", [2, 200])
def test_action_plan_page_query_count(client, django_assert_num_queries, related_count):
    """Guards the N+1 of an instruments query per action, of a partner or region query, and of the partner's
    practices, visits and reports."""
    plan = ActionPlanFactory()
    plan.sources.set(make_sources(2))
    actions = bulk(ActionFactory, related_count, action_plan=plan)
    for instrument in InstrumentFactory.create_batch(2):
        link_all(Action.instruments, actions, instrument)
    partner = plan.partner
    link_all(GoodPractice.partners, bulk(GoodPracticeFactory, related_count, region=partner.region), partner)
    bulk(StudyVisitFactory, related_count, host_partner=partner)
    link_all(StudyVisit.participating_partners, bulk(StudyVisitFactory, related_count, host_partner=None), partner)
    bulk(ReportFactory, related_count, partner=partner)

    # The plan with its partner and region, its actions, their instruments, the practices that inspired them
    # (tests/test_tracker.py), the partner's practices, hosted visits, joined visits and reports, the plan's sources.
    with django_assert_num_queries(9):
        html = page(client, plan)

    assert html.count('<li class="action"') == related_count
    assert html.count("tag--instrument") == 2 * related_count
    # A partner's page names its first 20 practices, hosted and joined visits and reports, and links to the rest.
    listed, more = min(related_count, 20), int(related_count > 20)
    assert links_in_main(html, "/practices/") == listed + more
    assert links_in_main(html, "/study-visits/") == 2 * listed + more
    assert links_in_main(html, "/library/") == listed + more


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


@pytest.mark.parametrize("related_count", [2, 200])
def test_good_practice_page_query_count(client, django_assert_num_queries, related_count):
    """Guards the N+1 of a query per partner (or its action plan or reports), instrument, theme, image, link or
    visit shown."""
    region = RegionFactory()
    partners = bulk(PartnerFactory, related_count, region=region)
    ActionPlan.objects.bulk_create(ActionPlanFactory.build(partner=partner) for partner in partners)
    Report.objects.bulk_create(ReportFactory.build(partner=partner) for partner in partners)
    practice = GoodPracticeFactory(
        partners=partners,
        instruments=bulk(InstrumentFactory, related_count),
        themes=bulk(ThemeFactory, related_count),
    )
    practice.sources.set(make_sources(related_count))
    # Saved in bulk: the page only needs the stored names, and 200 real uploads would only slow the test.
    GoodPracticeImage.objects.bulk_create(
        GoodPracticeImage(practice=practice, image=f"practices/images/{n}.gif", alt_text=f"Picture {n}")
        for n in range(related_count)
    )
    GoodPracticeLink.objects.bulk_create(
        GoodPracticeLink(practice=practice, title=f"Link {n}", url=f"https://example.org/{n}")
        for n in range(related_count)
    )
    GoodPracticeStep.objects.bulk_create(
        GoodPracticeStep(practice=practice, position=n, title=f"Step {n}") for n in range(related_count)
    )
    link_all(StudyVisit.related_practices, bulk(StudyVisitFactory, related_count, host_partner=None), practice)
    # Similar practices, each sharing two of the practice's instruments and two of its themes.
    similar = bulk(GoodPracticeFactory, related_count, region=region)
    for instrument in practice.instruments.all()[:2]:
        link_all(GoodPractice.instruments, similar, instrument)
    for theme in practice.themes.all()[:2]:
        link_all(GoodPractice.themes, similar, theme)

    # The practice with its region; its partners with their action plans; the partners' reports; instruments,
    # themes, images, links, steps, visits, the actions it inspired (tests/test_transfers.py) and sources; the
    # similar practices with their regions, and the instruments and themes they share with it.
    with django_assert_num_queries(14):
        html = page(client, practice)

    assert links_in_main(html, "/partners/") == related_count
    assert links_in_main(html, "/action-plans/") == related_count
    assert links_in_main(html, "/library/") == related_count + 1  # each report, and all of them in the library
    assert links_in_main(html, "/study-visits/") == related_count
    assert html.count("tag--instrument") == related_count
    assert html.count("tag--theme") == related_count
    assert html.count('alt="Picture') == related_count
    assert html.count("Source document") == related_count
    assert html.count('class="steps__item"') == related_count
    assert html.count("Same instrument: ") == min(related_count, 4)  # at most four, however many are alike


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


@pytest.mark.parametrize("related_count", [2, 200])
def test_study_visit_page_query_count(client, django_assert_num_queries, related_count):
    """Guards the N+1 of a query per participating partner or related practice, and of the host's action plan."""
    host = PartnerFactory()
    ActionPlanFactory(partner=host)
    visit = StudyVisitFactory(
        host_partner=host,
        participating_partners=bulk(PartnerFactory, related_count, region=host.region),
        related_practices=bulk(GoodPracticeFactory, related_count, region=host.region),
    )
    visit.sources.set(make_sources(related_count))

    # The visit with its host, the host's plan and the region, then participating partners, related practices
    # and sources.
    with django_assert_num_queries(4):
        html = page(client, visit)

    assert html.count("Good practice ") == related_count
    assert links_in_main(html, "/partners/") == related_count + 1
    assert html.count("Source document") == related_count


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
    assert "<dt>Partner</dt>" not in html
    assert "<dt>Language</dt>" not in html
    assert "<dt>Published</dt>" not in html


@pytest.mark.parametrize("related_count", [2, 200])
def test_report_page_query_count(client, django_assert_num_queries, related_count):
    """Guards the N+1 of a query per instrument or source, and of a partner or action plan query."""
    report = ReportFactory(instruments=bulk(InstrumentFactory, related_count))
    ActionPlanFactory(partner=report.partner)
    report.sources.set(make_sources(related_count))

    # The report with its partner and the partner's plan, then its instruments and its sources.
    with django_assert_num_queries(3):
        html = page(client, report)

    assert html.count("tag--instrument") == related_count
    assert html.count("Source document") == related_count
    assert 'href="/action-plans/' in html


# ---------- Related items, linked both ways ----------


LIST_PAGES = {
    "partner": ("Partners", "/partners/"),
    "action plan": ("Action plans", "/action-plans/"),
    "good practice": ("Good practices", "/practices/"),
    "study visit": ("Study visits and meetings", "/study-visits/"),
    "report": ("Open library", "/library/"),
}


@pytest.mark.parametrize("kind", ITEM_FACTORIES)
def test_breadcrumbs_link_to_the_list_page(client, kind):
    label, url = LIST_PAGES[kind]

    html = page(client, ITEM_FACTORIES[kind]())

    assert f'<li class="breadcrumbs__item"><a href="{url}">{label}</a></li>' in html


@pytest.fixture
def linked_records():
    """A partner with a plan and an action, a practice it identified, a visit it hosted where the practice was
    seen, a visit it joined and a report; and a draft of each kind, linked the same way, that must not show."""
    partner = PartnerFactory(name="Tampere Region", acronym="TRE")
    plan = ActionPlanFactory(partner=partner, title="Regional action plan of Tampere")
    ActionFactory(action_plan=plan, slug="webinars", number=1, title="Joint webinars", status=ActionStatus.DONE)
    practice = GoodPracticeFactory(title="KEINO competence centre", partners=[partner])
    hosted = StudyVisitFactory(title="Meeting in Tampere", host_partner=partner, related_practices=[practice])
    joined = StudyVisitFactory(title="Seminar in Lisbon", host_partner=None, participating_partners=[partner])
    report = ReportFactory(title="Guide to innovation deals", partner=partner)
    GoodPracticeFactory(title="Draft practice", partners=[partner], status=Status.DRAFT)
    StudyVisitFactory(title="Draft visit", host_partner=partner, related_practices=[practice], status=Status.SUBMITTED)
    StudyVisitFactory(title="Archived visit", participating_partners=[partner], status=Status.ARCHIVED)
    ReportFactory(title="Draft report", partner=partner, status=Status.DRAFT)
    return {
        "partner": partner,
        "plan": plan,
        "practice": practice,
        "hosted": hosted,
        "joined": joined,
        "report": report,
    }


def assert_links(html, *records):
    for record in records:
        assert f'href="{record.get_absolute_url()}"' in html, record
    for title in ("Draft practice", "Draft visit", "Archived visit", "Draft report"):
        assert title not in html


def test_partner_page_gathers_everything_about_it(client, linked_records):
    r = linked_records

    html = page(client, r["partner"])

    assert_links(html, r["plan"], r["practice"], r["hosted"], r["joined"], r["report"])
    assert '<a href="/action-plans/action-plan-' in html
    assert 'Action 1: Joint webinars</a> <span class="badge">Done</span>' in html
    assert "Good practices identified by TRE</h2>" in html
    assert "Hosted</h3>" in html
    assert "Took part in</h3>" in html
    assert html.index("Meeting in Tampere") < html.index("Took part in") < html.index("Seminar in Lisbon")
    assert "Reports of TRE</h2>" in html


def test_action_plan_page_links_the_partner_and_what_it_did(client, linked_records):
    r = linked_records

    html = page(client, r["plan"])

    assert_links(html, r["partner"], r["practice"], r["hosted"], r["joined"], r["report"])


def test_good_practice_page_links_partners_their_plans_visits_and_reports(client, linked_records):
    r = linked_records

    html = page(client, r["practice"])

    assert_links(html, r["partner"], r["plan"], r["hosted"], r["report"])
    assert "Where the partners saw it</h2>" in html
    assert "Action plans of these partners</h2>" in html
    assert r["joined"].title not in html


def test_good_practice_page_lists_each_partners_newest_reports_and_links_to_all_of_them(client):
    partner = PartnerFactory(slug="lt-agency")
    practice = GoodPracticeFactory(partners=[partner])
    for year in range(2015, 2022):
        ReportFactory(partner=partner, title=f"Report of {year}", publication_date=datetime.date(year, 1, 1))

    html = page(client, practice)

    shown = [f"Report of {year}" for year in range(2017, 2022)]
    assert all(title in html for title in shown)
    assert "Report of 2016" not in html
    assert "Report of 2015" not in html
    assert 'href="/library/?partner=lt-agency">All reports of this partner in the library</a>' in html


def test_study_visit_page_links_host_its_plan_participants_and_practices(client, linked_records):
    r = linked_records
    guest = PartnerFactory(name="Lisbon agency")
    r["hosted"].participating_partners.set([guest, PartnerFactory(name="Draft guest", status=Status.DRAFT)])

    html = page(client, r["hosted"])

    assert_links(html, r["partner"], r["plan"], guest, r["practice"])
    assert "<dt>Host's action plan</dt>" in html
    assert "Draft guest" not in html


def test_report_page_links_its_partner_and_action_plan(client, linked_records):
    r = linked_records

    html = page(client, r["report"])

    assert_links(html, r["partner"], r["plan"])
    assert "<dt>Partner's action plan</dt>" in html


def test_a_draft_action_plan_is_not_linked_from_any_page(client, linked_records):
    r = linked_records
    r["plan"].status = Status.DRAFT
    r["plan"].save()

    for record in (r["partner"], r["practice"], r["hosted"], r["report"]):
        html = page(client, record)
        assert r["plan"].get_absolute_url() not in html
        assert "Regional action plan of Tampere" not in html
        assert "Joint webinars" not in html


def test_a_draft_partner_is_named_as_host_but_not_listed_as_identifier(client, linked_records):
    r = linked_records
    Partner = type(r["partner"])
    Partner.objects.filter(pk=r["partner"].pk).update(status=Status.DRAFT)

    assert "Tampere Region" not in page(client, r["practice"])
    visit_html = page(client, r["hosted"])
    assert "<dd>Tampere Region</dd>" in visit_html
    assert r["partner"].get_absolute_url() not in visit_html
