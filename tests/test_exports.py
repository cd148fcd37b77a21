"""CSV and JSON exports of the public lists: the same URL with format=csv or format=json.

The mixin is tested on small list views of this module (a filter on `instrument`, the way the real lists hand
their filtered queryset over through `get_export_queryset()`); the real lists are tested at their URLs at the end.
"""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.views.generic import ListView

from library.models import Language, Report, ReportKind
from partners.models import Action, ActionPlan, Partner, Role
from practices.models import GoodPractice, GoodPracticeLink, GoodPracticeStep, StudyVisit, VisitKind
from publishing.exports import ExportMixin
from publishing.models import Status
from tests.conftest import tiny_png
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    GoodPracticeFactory,
    InstrumentFactory,
    PartnerFactory,
    RegionFactory,
    ReportFactory,
    SourceFactory,
    StudyVisitFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

PRACTICE_COLUMNS = [
    "slug",
    "title",
    "summary",
    "organisation",
    "region_nuts_code",
    "country",
    "partners",
    "instruments",
    "themes",
    "start_year",
    "end_year",
    "url",
    "updated",
    "description",
    "resources_needed",
    "evidence_of_success",
    "transferability",
    "sources",
    "buyer",
    "procedures",
    "challenge",
    "contact_url",
    "interreg_europe_url",
    "keep_eu_url",
    "steps",
    "documents",
]
VISIT_COLUMNS = [
    "slug",
    "title",
    "kind",
    "start_date",
    "end_date",
    "place",
    "region_nuts_code",
    "country",
    "host_partner",
    "participating_partners",
    "related_practices",
    "url",
    "updated",
    "description",
    "latitude",
    "longitude",
    "sources",
]
REPORT_COLUMNS = [
    "slug",
    "title",
    "kind",
    "partner",
    "country",
    "instruments",
    "language",
    "publication_date",
    "summary",
    "document_url",
    "url",
    "updated",
    "sources",
]
PARTNER_COLUMNS = [
    "slug",
    "number",
    "name",
    "acronym",
    "role",
    "region_nuts_code",
    "region_name",
    "country",
    "website",
    "logo_url",
    "url",
    "updated",
    "description",
    "sources",
]
ACTION_PLAN_COLUMNS = [
    "slug",
    "title",
    "partner",
    "region_nuts_code",
    "country",
    "policy_instrument",
    "instruments",
    "action_count",
    "actions_done",
    "actions_in_progress",
    "actions_planned",
    "actions_dropped",
    "actions_not_reported",
    "summary",
    "url",
    "updated",
    "results",
    "actions",
    "sources",
]


class ListWithExports(ExportMixin, ListView):
    """A stand-in for the real lists: filters by `instrument` codes and paginates by 2."""

    paginate_by = 2
    template_name = "practices/goodpractice_list.html"

    def get_queryset(self):
        queryset = self.model.objects.published()
        codes = self.request.GET.getlist("instrument")
        if codes:
            queryset = queryset.filter(instruments__code__in=codes).distinct()
        return queryset

    def get_export_queryset(self):
        return self.get_queryset()


class PracticeList(ListWithExports):
    model = GoodPractice
    export_name = "practices"


class VisitList(ListWithExports):
    model = StudyVisit
    export_name = "study-visits"

    def get_queryset(self):
        return StudyVisit.objects.published()


class ReportList(ListWithExports):
    model = Report
    export_name = "library"


class PartnerList(ListWithExports):
    model = Partner
    export_name = "partners"

    def get_queryset(self):
        return Partner.objects.published()


class ActionPlanList(ListWithExports):
    model = ActionPlan
    export_name = "action-plans"

    def get_queryset(self):
        return ActionPlan.objects.published()


def get(view_class, query=""):
    request = RequestFactory().get(f"/list/?{query}")
    response = view_class.as_view()(request)
    if hasattr(response, "render"):
        response.render()
    if response.streaming:  # read here, so that the queries the rows run are those of the request
        response.read_content = b"".join(response.streaming_content)
    return response


def body(response):
    """The whole answer, a streamed CSV included."""
    if not response.streaming:
        return response.content
    if not hasattr(response, "read_content"):
        response.read_content = b"".join(response.streaming_content)
    return response.read_content


def csv_rows(response):
    return list(csv.reader(io.StringIO(body(response).decode("utf-8"))))


def csv_records(response):
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8"))))


def json_results(response):
    return json.loads(response.content)["results"]


# ---------- The mixin: formats, file names, the whole filtered set ----------


def test_csv_is_a_utf8_attachment_named_after_the_list():
    GoodPracticeFactory(title="Viešieji pirkimai")

    response = get(PracticeList, "format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ibuy-practices.csv"'
    assert response.streaming  # sent line by line as the rows are read
    assert "Viešieji pirkimai" in body(response).decode("utf-8")


def test_json_is_an_attachment_with_a_count_and_results():
    GoodPracticeFactory.create_batch(3)

    response = get(PracticeList, "format=json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="ibuy-practices.json"'
    data = json.loads(response.content)
    assert set(data) == {"count", "results"}
    assert data["count"] == 3
    assert len(data["results"]) == 3


def test_without_format_the_html_page_is_rendered():
    GoodPracticeFactory(title="Open market consultation")

    response = get(PracticeList)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Open market consultation" in response.content.decode()


def test_the_export_holds_the_filtered_set_of_every_page_in_the_lists_order():
    ppi, pcp = InstrumentFactory(code="ppi"), InstrumentFactory(code="pcp")
    for title in ["Delta", "Alpha", "Charlie"]:
        GoodPracticeFactory(title=title, instruments=[ppi])
    GoodPracticeFactory(title="Bravo", instruments=[pcp])
    GoodPracticeFactory(title="Echo", instruments=[])

    html = get(PracticeList, "instrument=ppi")
    exported = get(PracticeList, "instrument=ppi&format=csv&page=2")

    assert [row["title"] for row in csv_records(exported)] == ["Alpha", "Charlie", "Delta"]
    assert html.context_data["paginator"].count == 3


def test_a_page_past_the_end_does_not_matter_to_an_export():
    GoodPracticeFactory.create_batch(3)

    assert len(json_results(get(PracticeList, "format=json&page=99"))) == 3
    assert len(json_results(get(PracticeList, "format=json&page=abc"))) == 3


def test_an_empty_result_set_exports_the_header_and_a_count_of_zero():
    assert csv_rows(get(PracticeList, "format=csv")) == [PRACTICE_COLUMNS]
    assert json.loads(get(PracticeList, "format=json").content) == {"count": 0, "results": []}


@pytest.mark.parametrize(
    "value",
    ["xml", "CSV", "csv ", "json;", "x" * 10_000, "csv\x00", "<script>alert(1)</script>"],
)
def test_an_unknown_format_gets_a_plain_400_that_names_the_formats(value):
    GoodPracticeFactory()

    response = RequestFactory().get("/list/", {"format": value})
    response = PracticeList.as_view()(response)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "format=csv or format=json" in text
    assert len(text) < 200
    assert "\x00" not in text


def test_an_empty_format_renders_the_html_page():
    assert get(PracticeList, "format=")["Content-Type"] == "text/html; charset=utf-8"


def test_a_repeated_format_uses_the_last_value():
    GoodPracticeFactory()

    assert get(PracticeList, "format=xml&format=json")["Content-Type"] == "application/json"


# ---------- CSV cells ----------


@pytest.mark.parametrize(
    "title", ['=HYPERLINK("https://evil.example")', "+1+2", "-2+3", "@SUM(A1:A2)", "\tTabbed", "\rReturn"]
)
def test_a_csv_cell_that_a_spreadsheet_would_run_gets_a_leading_apostrophe(title):
    GoodPracticeFactory(title=title, summary="=1+1")

    csv_row = csv_records(get(PracticeList, "format=csv"))[0]
    json_row = json_results(get(PracticeList, "format=json"))[0]

    assert csv_row["title"] == "'" + title
    assert csv_row["summary"] == "'=1+1"
    assert json_row["title"] == title  # JSON is data, not a spreadsheet: kept as written


def test_a_cell_with_commas_quotes_and_lines_survives_the_round_trip():
    summary = 'Buyers, "early" market\ndialogue'
    GoodPracticeFactory(summary=summary)

    assert csv_records(get(PracticeList, "format=csv"))[0]["summary"] == summary


# ---------- Columns of each list ----------


def test_practice_columns_and_values():
    region = RegionFactory(nuts_code="LT01", country="LT")
    ppi, pcp = InstrumentFactory(code="ppi", position=1), InstrumentFactory(code="pcp", position=2)
    health = ThemeFactory(slug="health")
    visible = PartnerFactory(slug="lic")
    hidden = PartnerFactory(slug="draft-partner", status=Status.DRAFT)
    GoodPracticeFactory(
        slug="pcp-lithuania",
        title="Pre-commercial procurement in Lithuania",
        organisation="MITA",
        region=region,
        partners=[visible, hidden],
        instruments=[ppi, pcp],
        themes=[health],
        start_year=2016,
        end_year=None,
        buyer="Vilnius city",
        procedures=["market-consultation", "pcp"],
        keep_eu_url="https://keep.eu/projects/1/",
    )
    practice = GoodPractice.objects.get(slug="pcp-lithuania")
    practice.steps.create(position=2, title="Buy")
    practice.steps.create(position=1, title="Ask the market")
    practice.links.create(kind="reading", title="A page", url="https://example.org/page")
    practice.links.create(kind="tender", title="Tender", document="practices/documents/tender.pdf")
    practice.links.create(kind="template", title="Template", url="https://example.org/template.pdf")
    GoodPracticeFactory(title="A draft practice", status=Status.DRAFT)

    csv_response = get(PracticeList, "format=csv")
    rows = csv_rows(csv_response)
    (record,) = json_results(get(PracticeList, "format=json"))

    assert rows[0] == PRACTICE_COLUMNS
    assert len(rows) == 2
    assert list(record) == PRACTICE_COLUMNS
    assert record["slug"] == "pcp-lithuania"
    assert record["url"] == "http://testserver/practices/pcp-lithuania/"
    assert record["region_nuts_code"] == "LT01"
    assert record["country"] == "LT"
    assert record["partners"] == ["lic"]
    assert record["instruments"] == ["ppi", "pcp"]
    assert record["themes"] == ["health"]
    assert (record["start_year"], record["end_year"]) == (2016, None)
    assert datetime.datetime.fromisoformat(record["updated"]).tzinfo is not None
    csv_record = dict(zip(rows[0], rows[1], strict=True))
    assert csv_record["instruments"] == "ppi; pcp"
    assert csv_record["end_year"] == ""
    assert csv_record["start_year"] == "2016"
    assert (record["buyer"], record["challenge"], record["contact_url"]) == ("Vilnius city", "", "")
    assert record["procedures"] == ["market-consultation", "pcp"]
    assert record["keep_eu_url"] == "https://keep.eu/projects/1/"
    assert record["steps"] == ["Ask the market", "Buy"]
    assert record["documents"] == [
        "Template <https://example.org/template.pdf>",
        "Tender <http://testserver/media/practices/documents/tender.pdf>",
    ]
    assert csv_record["procedures"] == "market-consultation; pcp"
    assert csv_record["steps"] == "Ask the market; Buy"


def test_a_practice_without_a_region_has_null_region_and_country():
    GoodPracticeFactory(region=None)

    (record,) = json_results(get(PracticeList, "format=json"))

    assert (record["region_nuts_code"], record["country"]) == (None, None)


def test_visit_columns_name_only_published_partners_and_practices():
    host = PartnerFactory(slug="host", region=RegionFactory(nuts_code="ES53", country="ES"))
    guest, draft_guest = PartnerFactory(slug="guest"), PartnerFactory(slug="hidden", status=Status.DRAFT)
    practice = GoodPracticeFactory(slug="shown-practice")
    draft_practice = GoodPracticeFactory(slug="draft-practice", status=Status.DRAFT)
    StudyVisitFactory(
        slug="palma-2019",
        kind=VisitKind.SEMINAR,
        host_partner=host,
        region=host.region,
        place="Palma",
        start_date=datetime.date(2019, 10, 2),
        end_date=datetime.date(2019, 10, 3),
        participating_partners=[guest, draft_guest],
        related_practices=[practice, draft_practice],
    )
    StudyVisitFactory(slug="draft-host", host_partner=draft_guest)

    rows = csv_rows(get(VisitList, "format=csv"))
    records = {record["slug"]: record for record in json_results(get(VisitList, "format=json"))}

    assert rows[0] == VISIT_COLUMNS
    assert records["palma-2019"] == {
        **records["palma-2019"],
        "kind": "seminar",
        "start_date": "2019-10-02",
        "end_date": "2019-10-03",
        "place": "Palma",
        "region_nuts_code": "ES53",
        "country": "ES",
        "host_partner": "host",
        "participating_partners": ["guest"],
        "related_practices": ["shown-practice"],
        "url": "http://testserver/study-visits/palma-2019/",
    }
    assert records["draft-host"]["host_partner"] is None


def test_report_columns_with_a_document_and_without_a_partner():
    ppi = InstrumentFactory(code="ppi")
    author = PartnerFactory(slug="bit", region=RegionFactory(nuts_code="ES53", country="ES"))
    guideline_report = ReportFactory(
        slug="guideline",
        kind=ReportKind.GUIDELINE,
        partner=author,
        instruments=[ppi],
        language=Language.SPANISH,
        publication_date=datetime.date(2021, 5, 31),
        document=tiny_png("guideline.pdf"),
    )
    ReportFactory(slug="leaflet", partner=None, language="", publication_date=None)

    rows = csv_rows(get(ReportList, "format=csv"))
    records = {record["slug"]: record for record in json_results(get(ReportList, "format=json"))}

    assert rows[0] == REPORT_COLUMNS
    guideline = records["guideline"]
    assert (guideline["kind"], guideline["partner"], guideline["country"]) == ("guideline", "bit", "ES")
    assert (guideline["language"], guideline["publication_date"]) == ("es", "2021-05-31")
    assert guideline["instruments"] == ["ppi"]
    assert guideline["document_url"] == f"http://testserver{guideline_report.document.url}"
    assert guideline_report.document.url.startswith("/media/library/")
    assert guideline["url"] == "http://testserver/library/guideline/"
    leaflet = records["leaflet"]
    assert (leaflet["partner"], leaflet["country"], leaflet["language"]) == (None, None, None)
    assert (leaflet["publication_date"], leaflet["document_url"]) == (None, None)


def test_partner_columns():
    PartnerFactory(
        slug="lic",
        number=1,
        name="Lithuanian Innovation Centre",
        acronym="LIC",
        role=Role.LEAD,
        region=RegionFactory(nuts_code="LT", name="Lithuania", country="LT"),
        website="https://lic.lt",
    )
    PartnerFactory(slug="draft", status=Status.DRAFT)

    rows = csv_rows(get(PartnerList, "format=csv"))
    (record,) = json_results(get(PartnerList, "format=json"))

    assert rows[0] == PARTNER_COLUMNS
    assert len(rows) == 2
    assert record == {
        **record,
        "slug": "lic",
        "number": 1,
        "acronym": "LIC",
        "role": "lead",
        "region_nuts_code": "LT",
        "region_name": "Lithuania",
        "country": "LT",
        "website": "https://lic.lt",
        "logo_url": None,
        "url": "http://testserver/partners/lic/",
    }


def test_action_plan_columns_gather_the_instruments_of_its_actions_once():
    ppi = InstrumentFactory(code="ppi", position=1)
    pcp = InstrumentFactory(code="pcp", position=2)
    plan = ActionPlanFactory(slug="plan-lt", partner=PartnerFactory(slug="lic"), policy_instrument="ERDF OP")
    ActionFactory(action_plan=plan).instruments.set([pcp, ppi])
    ActionFactory(action_plan=plan).instruments.set([ppi])
    ActionPlanFactory(slug="hidden-partner", partner=PartnerFactory(status=Status.DRAFT))

    rows = csv_rows(get(ActionPlanList, "format=csv"))
    records = {record["slug"]: record for record in json_results(get(ActionPlanList, "format=json"))}

    assert rows[0] == ACTION_PLAN_COLUMNS
    assert records["plan-lt"] == {
        **records["plan-lt"],
        "partner": "lic",
        "policy_instrument": "ERDF OP",
        "instruments": ["ppi", "pcp"],
        "action_count": 2,
        "url": "http://testserver/action-plans/plan-lt/",
    }
    assert records["hidden-partner"]["partner"] is None


# ---------- A fixed number of queries ----------


def link_all(relation, records, targets):
    """Links every record to every target through a many-to-many relation, in one query."""
    through = relation.through
    source, target = relation.field.m2m_field_name(), relation.field.m2m_reverse_field_name()
    through.objects.bulk_create(
        [through(**{source: record, target: other}) for record in records for other in targets]
    )


def make_practices(count):
    """N+1 guarded: partners, instruments, themes, sources, steps and documents of each practice, two of each."""
    region = RegionFactory()
    practices = GoodPractice.objects.bulk_create(GoodPracticeFactory.build_batch(count, region=region))
    link_all(GoodPractice.partners, practices, PartnerFactory.create_batch(2, region=region))
    link_all(GoodPractice.instruments, practices, InstrumentFactory.create_batch(2))
    link_all(GoodPractice.themes, practices, ThemeFactory.create_batch(2))
    link_all(GoodPractice.sources, practices, SourceFactory.create_batch(2))
    GoodPracticeStep.objects.bulk_create(
        GoodPracticeStep(practice=practice, position=position, title=f"Step {position}")
        for practice in practices
        for position in (1, 2)
    )
    GoodPracticeLink.objects.bulk_create(
        GoodPracticeLink(practice=practice, kind="report", title=f"Report {number}", url=f"https://e.org/{number}")
        for practice in practices
        for number in (1, 2)
    )


def make_visits(count):
    """N+1 guarded: host, region, participants, related practices and sources of each visit, two of each kind."""
    region = RegionFactory()
    partners = PartnerFactory.create_batch(2, region=region)
    visits = StudyVisit.objects.bulk_create(
        StudyVisitFactory.build_batch(count, host_partner=partners[0], region=region)
    )
    link_all(StudyVisit.participating_partners, visits, partners)
    link_all(StudyVisit.related_practices, visits, GoodPracticeFactory.create_batch(2, region=region))
    link_all(StudyVisit.sources, visits, SourceFactory.create_batch(2))


def make_reports(count):
    """N+1 guarded: the partner, its region, the instruments and the sources of each report."""
    partner = PartnerFactory()
    reports = Report.objects.bulk_create(ReportFactory.build_batch(count, partner=partner))
    link_all(Report.instruments, reports, InstrumentFactory.create_batch(2))
    link_all(Report.sources, reports, SourceFactory.create_batch(2))


def make_partners(count):
    """N+1 guarded: the region and the sources of each partner."""
    partners = Partner.objects.bulk_create(PartnerFactory.build_batch(count, region=RegionFactory()))
    link_all(Partner.sources, partners, SourceFactory.create_batch(2))


def make_action_plans(count):
    """N+1 guarded: the partner and region of each plan, its actions and their instruments, its sources."""
    partners = Partner.objects.bulk_create(PartnerFactory.build_batch(count, region=RegionFactory()))
    plans = ActionPlan.objects.bulk_create([ActionPlanFactory.build(partner=partner) for partner in partners])
    actions = Action.objects.bulk_create([ActionFactory.build(action_plan=plan) for plan in plans for _ in range(2)])
    link_all(Action.instruments, actions, InstrumentFactory.create_batch(2))
    link_all(ActionPlan.sources, plans, SourceFactory.create_batch(2))


@pytest.mark.parametrize(
    ("view_class", "make", "queries"),
    [
        (PracticeList, make_practices, 7),  # rows, partners, instruments, themes, sources, steps, documents
        (VisitList, make_visits, 4),  # rows, participants, practices, sources
        (ReportList, make_reports, 3),  # rows, instruments, sources
        (PartnerList, make_partners, 2),  # rows, sources
        (ActionPlanList, make_action_plans, 4),  # rows, actions, their instruments, sources
    ],
    ids=["practices", "visits", "reports", "partners", "action-plans"],
)
@pytest.mark.parametrize("rows", [1, 200])
def test_an_export_runs_a_fixed_number_of_queries(django_assert_num_queries, view_class, make, queries, rows):
    make(rows)

    with django_assert_num_queries(queries):
        csv_response = get(view_class, "format=csv")
    with django_assert_num_queries(queries):
        json_response = get(view_class, "format=json")

    assert len(csv_records(csv_response)) == rows
    assert len(json_results(json_response)) == rows


# ---------- The real lists ----------

REAL_LISTS = {
    "/partners/": ("partners", PARTNER_COLUMNS, lambda region: PartnerFactory(region=region), make_partners),
    "/action-plans/": (
        "action-plans",
        ACTION_PLAN_COLUMNS,
        lambda region: ActionPlanFactory(partner__region=region),
        make_action_plans,
    ),
    "/practices/": ("practices", PRACTICE_COLUMNS, lambda region: GoodPracticeFactory(region=region), make_practices),
    "/study-visits/": ("study-visits", VISIT_COLUMNS, lambda region: StudyVisitFactory(region=region), make_visits),
    "/library/": ("library", REPORT_COLUMNS, lambda region: ReportFactory(partner__region=region), make_reports),
}


@pytest.fixture(params=REAL_LISTS)
def real_list(request):
    return request.param, *REAL_LISTS[request.param]


def test_a_real_list_exports_the_result_set_of_its_html_page(client, real_list):
    path, name, columns, make_one, _ = real_list
    spain, lithuania = RegionFactory(nuts_code="ES53", country="ES"), RegionFactory(nuts_code="LT01", country="LT")
    for region in [spain, lithuania, spain, lithuania, spain]:
        make_one(region)

    html = client.get(path, {"country": "ES"})
    csv_response = client.get(path, {"country": "ES", "format": "csv", "page": "2"})
    json_response = client.get(path, {"country": "ES", "format": "json"})

    shown = [record.slug for record in html.context["object_list"]]
    assert len(shown) == html.context["paginator"].count == 3
    assert csv_response["Content-Disposition"] == f'attachment; filename="ibuy-{name}.csv"'
    assert json_response["Content-Disposition"] == f'attachment; filename="ibuy-{name}.json"'
    assert csv_rows(csv_response)[0] == columns
    assert [row["slug"] for row in csv_records(csv_response)] == shown
    assert [record["slug"] for record in json_results(json_response)] == shown
    assert all(record["url"] == f"http://testserver{path}{record['slug']}/" for record in json_results(json_response))


def test_a_real_list_ignores_bad_filter_values_in_its_export(client, real_list):
    path, _, _, make_one, _ = real_list
    make_one(RegionFactory(nuts_code="ES53", country="ES"))

    response = client.get(path, {"format": "csv", "region": ["ZZ9", "\x00" * 3, "x" * 10_000], "page": "abc"})

    assert response.status_code == 200
    assert len(csv_records(response)) == 1


def test_a_real_list_answers_an_unknown_format_with_a_plain_400(client, real_list):
    response = client.get(real_list[0], {"format": "xlsx"})

    assert response.status_code == 400
    assert "format=csv or format=json" in response.content.decode()


@pytest.mark.parametrize("export_format", ["csv", "json"])
def test_a_real_list_export_runs_the_same_queries_for_1_and_200_rows(
    client, django_assert_num_queries, real_list, export_format
):
    """N+1 guard at the real URL, filters and the list's own loading included: see the make_* docstrings."""
    path, _, _, _, make = real_list
    make(1)
    with CaptureQueriesContext(connection) as one_row:
        assert len(csv_records(client.get(path, {"format": "csv"}))) == 1

    make(199)
    with django_assert_num_queries(len(one_row)):
        response = client.get(path, {"format": export_format})
        body(response)

    exported = csv_records(response) if export_format == "csv" else json_results(response)
    assert len(exported) == 200


def test_exports_hold_the_descriptions_the_sources_and_a_plans_actions():
    source = SourceFactory(title="Final report", publisher="iBuy partnership", url="https://example.org/final")
    bare = SourceFactory(title="Minutes of the meeting")
    practice = GoodPracticeFactory(slug="pcp", description="How it was done.", transferability="Anywhere.")
    practice.sources.set([source, bare])
    plan = ActionPlanFactory(slug="plan", results="Two tenders.")
    ActionFactory(action_plan=plan, number=2, title="Consult the market", status="done")
    ActionFactory(action_plan=plan, number=1, title="Train buyers")
    plan.sources.set([source])

    record = json_results(get(PracticeList, "format=json"))[0]
    csv_record = csv_records(get(PracticeList, "format=csv"))[0]
    plan_record = json_results(get(ActionPlanList, "format=json"))[0]

    assert (record["description"], record["transferability"]) == ("How it was done.", "Anywhere.")
    cited = "iBuy partnership: Final report <https://example.org/final>"
    assert record["sources"] == [cited, "Minutes of the meeting"]
    assert csv_record["sources"] == f"{cited}; Minutes of the meeting"
    assert plan_record["results"] == "Two tenders."
    assert plan_record["actions"] == ["1. Train buyers", "2. Consult the market (done)"]
    assert (plan_record["actions_done"], plan_record["actions_not_reported"]) == (1, 1)
    assert plan_record["sources"] == [cited]
