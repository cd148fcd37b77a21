"""Every statement has a source: what a visitor reads on the documented content says only what a source says.

One test (or a few) per finding of issue 12's "Every statement has a source"; the accessibility statement's
operator is tested in tests/test_accessibility_statement.py and the deployment check in
tests/test_production_settings.py.
"""

import html as html_module
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from practices.models import VisitKind
from publishing.models import Status
from tests.factories import GoodPracticeFactory, PartnershipFactory, StudyVisitFactory

pytestmark = pytest.mark.django_db

SEED_001 = "Best Practices observed in Bucharest-Ilfov Region"


@pytest.fixture
def documented(db):
    call_command("loaddata", "ibuy", verbosity=0)


def words(client, address):
    """The page's words, without tags, with entities decoded and spaces collapsed."""
    response = client.get(address)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", response.text)))


def sources_section(page):
    return page[page.rindex(" Source") :]


# ---------- Practices are not all "identified by the iBuy partners" ----------

INTERREG_DATABASE_PRACTICES = [
    "pre-commercial-procurement-in-lithuania",
    "consultations-regarding-innovative-public-procurement",
    "jsc-latvias-state-forests-innovation-partnership-procurement",
    "health-empowerment-platform",
]


@pytest.mark.parametrize("slug", [*INTERREG_DATABASE_PRACTICES, "seap-digital-platform"])
def test_a_documented_practice_page_does_not_say_the_ibuy_partners_identified_it(client, documented, slug):
    response = client.get(reverse("practices:practice-detail", args=[slug]))

    assert response.status_code == 200
    assert "identified by the iBuy partners" not in response.text
    assert "Identified by" not in response.text  # no source names a partner for any of them


@pytest.mark.parametrize("slug", INTERREG_DATABASE_PRACTICES)
def test_an_interreg_database_practice_says_where_it_is_listed(client, documented, slug):
    page = words(client, reverse("practices:practice-detail", args=[slug]))

    assert "Listed in the Interreg Europe good practice database" in page
    assert "Interreg Europe good practice database:" in sources_section(page)


def test_the_practices_list_does_not_say_the_ibuy_partners_identified_them(client, documented):
    response = client.get(reverse("practices:practice-list"))

    assert "identified by the iBuy partners" not in response.text
    assert "A practice names the partners who identified it only where a source says so." in response.text


def test_a_practice_without_summary_is_not_described_as_identified_by_the_partners(client):
    practice = GoodPracticeFactory(summary="")

    response = client.get(practice.get_absolute_url())

    assert (
        '<meta name="description" content="A good practice in public procurement of innovation, with its sources.">'
        in (response.text)
    )


# ---------- /about/ and /figures/ count every kind of visit record ----------


def test_about_counts_stakeholder_meetings_seminars_and_dissemination_events(client, documented):
    page = words(client, reverse("about"))

    # Planned 35, none reported, two held: no longer "not kept in the portal".
    assert "Stakeholder meetings 35 not reported 2 " in page
    assert "International seminars not reported not reported 2 " in page
    assert "Dissemination events not reported not reported 1 " in page
    assert "no source says which of them were the dissemination seminars that the application planned" in page


def test_figures_count_stakeholder_meetings_seminars_and_dissemination_events(client, documented):
    response = client.get(reverse("glance:figure-csv", args=["activity"]))
    rows = {line.split(",")[0]: line.split(",")[-1] for line in response.content.decode().splitlines()[1:]}

    assert rows["stakeholder-meetings"] == "2"
    assert rows["seminar"] == "2"
    assert rows["dissemination-event"] == "1"
    assert "stakeholder meetings, 35" not in words(client, reverse("glance:figures"))  # not told as "planned only"


def test_only_published_visits_of_each_kind_are_counted(client):
    PartnershipFactory()
    StudyVisitFactory.create_batch(2, kind=VisitKind.DISSEMINATION_EVENT)
    StudyVisitFactory(kind=VisitKind.DISSEMINATION_EVENT, status=Status.DRAFT)

    page = words(client, reverse("about"))

    assert "Dissemination events not reported not reported 2 " in page
    assert "International seminars" not in page  # none held: no row


# ---------- Other fixed texts and inferences ----------


def test_the_guideline_is_not_said_to_be_written_by_a_partner(client, documented):
    response = client.get(reverse("library:report-detail", args=["guideline-ppi-competence-centre"]))

    assert "Written by" not in response.text
    assert "<dt>Partner</dt>" in response.text
    assert "Neither source says who wrote it." in response.text


@pytest.mark.parametrize("slug", ["action-plan-tampere-region", "action-plan-portugal"])
def test_no_action_plan_names_a_policy_instrument_that_no_source_names(client, documented, slug):
    response = client.get(reverse("partners:action-plan-detail", args=[slug]))

    assert "Policy instrument addressed" not in response.text


def test_the_bucharest_ilfov_stakeholder_meeting_names_no_host(client, documented):
    response = client.get(reverse("practices:visit-detail", args=["stakeholder-meeting-bucharest-ilfov-2019"]))

    assert "<dt>Host</dt>" not in response.text
    assert "the source seen does not say who hosted it" in response.text


@pytest.mark.parametrize(
    ("address", "claim"),
    [
        ("/partners/", "public agencies"),
        ("/partners/", "from Spain to Finland"),
        ("/action-plans/", "improved a policy instrument"),
        ("/action-plans/", "the actions it took"),
        ("/library/", "the partnership published"),
        ("/study-visits/", "learnt from each other"),
        ("/", "seven public agencies"),
    ],
)
def test_list_pages_claim_nothing_the_sources_do_not_say(client, documented, address, claim):
    assert claim not in client.get(address).text


# ---------- Seed 001's facts, each on the page a reader would look at, with its source ----------


def test_the_partners_page_gives_the_regional_context_and_ibuy_in_the_region(client, documented):
    page = words(client, reverse("partners:partner-detail", args=["adr-bucharest-ilfov"]))

    assert "resistance to change, the public sector's fear of failed projects and limited expertise" in page
    assert "Identifying good practices is crucial to overcoming these barriers" in page
    assert "a reciprocal suspicion between the public and private sectors" in page
    assert "names the iBuy project as one of the two notable initiatives observed in the region" in page
    assert SEED_001 in sources_section(page)


def test_the_action_plan_gives_the_closing_judgement_and_what_prepare_means_to_do(client, documented):
    page = words(client, reverse("partners:action-plan-detail", args=["action-plan-bucharest-ilfov"]))
    results = page[page.index(" Results ") : page.rindex(" Source")]

    assert "these initiatives alone, despite their immediate benefits for the region" in results
    assert "are insufficient" in results
    assert "the PREPARE project intends to build on" in results
    assert "regional funding schemes specifically for innovation procurement" in results
    assert "cover the risk of failure inherent in any attempt at innovation" in results
    assert SEED_001 in sources_section(page)


def test_the_seeds_own_report_page_gives_all_its_facts(client, documented):
    page = words(client, reverse("library:report-detail", args=["best-practices-observed-in-bucharest-ilfov"]))

    for fact in [
        "resistance to change, the public sector's fear of failed projects and limited expertise",
        "a reciprocal suspicion between the public and private sectors",
        "the iBuy project, supported by the Interreg Europe programme",
        "alone, despite their immediate benefits for the region and the country, they are insufficient",
        "regional funding schemes specifically for innovation procurement that cover the risk of failure",
    ]:
        assert fact in page, fact
    assert SEED_001 in sources_section(page)


# ---------- The buyer's record of the documented practices (issue 14) ----------


def test_the_seap_page_shows_its_process_as_steps_and_its_challenge_with_the_seed_as_source(client, documented):
    response = client.get(reverse("practices:practice-detail", args=["seap-digital-platform"]))
    steps = response.text.split('<ol class="steps">')[1].split("</ol>")[0]
    page = words(client, reverse("practices:practice-detail", args=["seap-digital-platform"]))

    assert steps.count('<li class="steps__item">') == 5
    assert " How it was done " in page
    assert " The challenge In the Bucharest-Ilfov region, resistance to change" in page
    assert "Buying organisation" not in page  # the seed names no buyer
    assert "Procedure" not in page  # nor a procedure
    assert SEED_001 in sources_section(page)


@pytest.mark.parametrize("slug", INTERREG_DATABASE_PRACTICES)
def test_an_interreg_database_practice_links_its_page_there(client, documented, slug):
    response = client.get(reverse("practices:practice-detail", args=[slug]))
    elsewhere = response.text.split('id="elsewhere-heading"')[1].split("</section>")[0]

    assert "Its page in the Interreg Europe good practice database</a>" in elsewhere
    for other in ("contact page", "keep.eu", "TED"):
        assert other not in elsewhere
