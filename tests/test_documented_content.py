"""The documented content in fixtures/ibuy.json, checked against the documents it comes from.

The seed documents and the list of public sources are kept beside the fixture, in fixtures/sources/.
"""

import json
import re
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import call_command

from library.models import Report
from partners.models import Action, ActionPlan, FigureStage, Instrument, Partner, Partnership, Region, ReportedFigure
from practices.models import GoodPractice, GoodPracticeStep, Procedure, StudyVisit
from publishing.models import Source, Status

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SOURCES = FIXTURES / "sources"
CONTENT_MODELS = [Source, Region, Instrument, Partnership, ReportedFigure, Partner, ActionPlan, Action]
CONTENT_MODELS += [GoodPractice, GoodPracticeStep, StudyVisit, Report]
# Reference texts cited for definitions and codes rather than for facts about iBuy.
REFERENCE_URLS = {
    "https://ec.europa.eu/eurostat/web/nuts",
    "https://single-market-economy.ec.europa.eu/news/new-practical-guidance-help-public-buyers-boost-innovation-procurement-2021-06-22_en",
    "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:52007DC0799",
    "https://eur-lex.europa.eu/eli/dir/2014/24/oj",
    # GeoNames pages of the towns whose coordinates stand for the partners' regions on the map.
    *(
        f"https://www.geonames.org/{geonames_id}"
        for geonames_id in (593116, 2512989, 634963, 683506, 258620, 456172, 2267057)
    ),
}


def flat(text):
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def leaflet():
    return flat((SOURCES / "000_abe8bbf65b359258.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def public_sources():
    return (SOURCES / "public-sources.md").read_text(encoding="utf-8")


@pytest.fixture
def documented(db):
    call_command("load_documented_content", "ibuy", verbosity=0)


def dump():
    return {
        model._meta.label: serializers.serialize(
            "json", model.objects.order_by("pk"), use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
        for model in CONTENT_MODELS
    }


def test_loading_twice_changes_nothing(documented):
    first = dump()
    call_command("load_documented_content", "ibuy", verbosity=0)
    assert dump() == first


def test_the_partnership_is_as_the_leaflet_reports_it(documented, leaflet):
    ibuy = Partnership.objects.get()
    assert (str(ibuy.start_date), str(ibuy.end_date)) == ("2018-06-01", "2022-11-30")
    assert "1 Jun 2018 - 30 Nov 2022" in leaflet
    assert str(ibuy.budget_eur) == "1470100.00"
    assert "budget of 1,470,100.00 Eur" in leaflet
    assert ibuy.programme == "Interreg Europe 2014-2020"
    assert ibuy.fund == "European Regional Development Fund"
    assert "European Regional Development Fund" in leaflet


# The leaflet's own words for each figure it reports.
LEAFLET_FIGURES = {
    "partners-meetings": "partners' meetings (7)",
    "study-visits": "study visits (17)",
    "good-practices": "good practices (33)",
    "library-reports": "open library reports (28)",
    "press-releases": "press releases (65)",
    "newsletters": "newsletters (5)",
    "website-sessions": "(>1.000 per semester)",
}


def test_the_achieved_figures_are_the_leaflets(documented, leaflet):
    figures = {figure.kind: figure.display_value for figure in ReportedFigure.objects.achieved()}
    assert figures == {
        "partners-meetings": "7",
        "study-visits": "17",
        "good-practices": "33",
        "library-reports": "28",
        "press-releases": "65",
        "newsletters": "5",
        "website-sessions": "more than 1,000 per semester",
    }
    for words in LEAFLET_FIGURES.values():
        assert words in leaflet


def test_the_planned_figures_are_the_applications(documented, public_sources):
    planned = {figure.kind: figure.value for figure in ReportedFigure.objects.filter(stage=FigureStage.PLANNED)}
    assert planned == {
        "policy-analyses": 7,
        "online-tools": 1,
        "stakeholder-meetings": 35,
        "dissemination-seminars": 3,
        "internal-workshops": 8,
        "study-visits": 8,
        "action-plans": 7,
    }
    assert "7 analyses of policy instruments, an online tool, 35 stakeholder meetings" in flat(public_sources)
    assert "3 dissemination seminars, 8 internal workshops, 8 study visits, 7 action plans" in flat(public_sources)


# Number, country as the leaflet writes it (EU codes: EL for Greece), and role of each partner.
PARTNERS = {
    1: ("Lithuanian Innovation Centre", "LT", "lead"),
    2: (
        "Foundation for Innovation and Technology in the Balearic Islands - Government of the Balearic Islands",
        "ES",
        "partner",
    ),
    3: ("The Baltic Institute of Finland", "FI", "partner"),
    4: ("Agency of Regional Development of Bucharest Ilfov", "RO", "partner"),
    5: ("Regional Government of Central Greece", "EL", "partner"),
    6: ("Ministry of Economics of the Republic of Latvia", "LV", "partner"),
    7: ("National Innovation Agency of Portugal", "PT", "partner"),
}
EU_TO_ISO = {"EL": "GR"}


def test_every_partner_has_its_documented_number_name_country_and_role(documented):
    partners = {
        partner.number: (partner.name, partner.country.code, partner.role, partner.status)
        for partner in Partner.objects.with_region()
    }
    assert partners == {
        number: (name, EU_TO_ISO.get(code, code), role, Status.PUBLISHED)
        for number, (name, code, role) in PARTNERS.items()
    }


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 7])
def test_the_leaflet_names_each_partner_with_its_country(leaflet, number):
    """The leaflet's heading for the partner, then the first country code after it (columns may come between)."""
    name, code, _ = PARTNERS[number]
    start = leaflet.index(f"{number}. {name[:30]}")
    assert re.search(r"\(([A-Z]{2})\)", leaflet[start:]).group(1) == code


def test_the_leaflet_names_the_lead_partner_and_partner_6_comes_from_the_public_sources(leaflet, public_sources):
    assert "Lead partner: 1. Lithuanian Innovation Centre (LT)" in leaflet
    assert "Partners: 2. Foundation for Innovation" in leaflet
    assert "6. " not in re.findall(r"\b\d\. ", leaflet)  # the heading of partner 6 is missing
    assert "Partner 6 is the **Ministry of Economics of the Republic of Latvia** (LV)" in public_sources


def test_only_one_lead_partner_and_every_partner_has_its_action_plan(documented):
    assert list(Partner.objects.leads().values_list("number", flat=True)) == [1]
    assert sorted(ActionPlan.objects.published().values_list("partner__number", flat=True)) == [1, 2, 3, 4, 5, 6, 7]


def test_each_action_plan_paragraph_is_attributed_to_its_partner(documented):
    """The columns of the leaflet are interleaved; these paragraphs are the ones most easily misattributed."""
    plans = {plan.partner.number: plan for plan in ActionPlan.objects.select_related("partner")}
    assert "Managing Authority" in plans[3].summary  # continues the Tampere Region paragraph
    assert "Managing Authority" not in plans[1].summary
    portugal = {action.title for action in plans[7].actions.all()}
    assert portugal == {
        "Establishing a competence centre for IPP",
        "Moving towards a financial instrument to support IPP",
    }
    # SAMA belongs to the Portuguese paragraph; no source calls it the plan's policy instrument.
    assert "SAMA" in plans[7].actions.get(number=1).description
    assert not plans[4].actions.filter(title__icontains="financial instrument").exists()
    assert list(plans[2].actions.values_list("number", flat=True)) == [1, 2, 3]


def test_instruments_have_their_url_codes(documented):
    assert list(Instrument.objects.values_list("code", flat=True)) == ["ppi", "pcp", "innovation-partnership"]


def test_every_record_cites_a_source(documented):
    for model in CONTENT_MODELS:
        if model in {Source, GoodPracticeStep}:  # a step's source is its practice's (test below)
            continue
        unsourced = model.objects.filter(sources__isnull=True)
        assert not unsourced.exists(), f"{model._meta.label} without a source: {list(unsourced)}"


def test_every_outside_address_is_one_the_public_sources_list(documented, public_sources):
    """Nothing from elsewhere: each web source is in public-sources.md, or is a reference text for definitions."""
    for url in Source.objects.exclude(url="").values_list("url", flat=True):
        assert url in public_sources or url in REFERENCE_URLS, url


def test_the_seed_documents_are_sources_without_an_address_and_the_fixture_readme_names_their_files(documented):
    readme = flat((FIXTURES / "README.md").read_text(encoding="utf-8"))
    for key, seed_file in [
        ("ibuy-leaflet", "000_abe8bbf65b359258"),
        ("bucharest-ilfov-best-practices", "001_884af30a5fc7a61a"),
    ]:
        assert Source.objects.get(key=key).url == ""
        assert re.search(rf"{seed_file}\.txt`: [^|]*\(key `{key}`\)", readme), key


def test_practices_from_the_interreg_database_say_so_and_claim_no_partner(documented):
    listed = GoodPractice.objects.filter(sources__publisher="Interreg Europe good practice database")
    assert listed.count() == 4
    for practice in listed:
        assert "Interreg Europe good practice database" in practice.summary
        assert not practice.partners.exists()


def test_meetings_and_visits_have_the_documented_places_and_dates(documented):
    visits = {visit.place: (str(visit.start_date), str(visit.end_date)) for visit in StudyVisit.objects.all()}
    assert visits["Lamia"] == ("2018-11-22", "2018-11-23")
    assert visits["Tampere"] == ("2019-03-06", "2019-03-07")
    assert visits["LNEC, Lisbon"] == ("2019-10-16", "2019-10-16")
    assert visits["Riga"] == ("2022-06-07", "2022-06-08")


def test_the_fixture_has_no_primary_keys():
    """Natural keys only, so that the fixture loads into any database, again and again."""
    records = json.loads((FIXTURES / "ibuy.json").read_text(encoding="utf-8"))
    assert all("pk" not in record for record in records)


# ---------- The buyer's record of the practices (issue 14): each filled field from its source ----------

SEED_001 = "bucharest-ilfov-best-practices"
# Each SEAP step and the seed's words it is written from, in the seed's order.
SEAP_STEPS = [
    ("Public consultations and workshops", "The process begins with public consultations and workshops"),
    ("Needs published", "specific needs are identified and later published on the platform"),
    ("Specifications developed collaboratively", "detailed specifications are collaboratively developed"),
    ("Proposals evaluated", "Proposals are then evaluated not only for their cost-effectiveness"),
    ("Phased implementation", "modular nature allows for phased implementation"),
]
# The words of the source each filled field of the buyer's record is taken from: (practice, field) -> words.
BUYERS_RECORD_WORDS = {
    ("seap-digital-platform", "challenge"): [
        "resistance to change, fear of failure projects within the public sector, and limited expertise have "
        "hindered progress",
        "The iBuy Project and the SEAP Digital Platform illustrate Romanian efforts to win resistance towards "
        "Innovation Procurement",
    ],
    # The practice's title in the public sources names the buyer and the procedure.
    ("jsc-latvias-state-forests-innovation-partnership-procurement", "buyer"): [
        "JSC Latvia's State Forests innovation partnership procurement",
        "a visit to Latvia's State Forests (LVM)",
    ],
    ("jsc-latvias-state-forests-innovation-partnership-procurement", "procedures"): [
        "JSC Latvia's State Forests innovation partnership procurement"
    ],
    ("pre-commercial-procurement-in-lithuania", "procedures"): ["Pre-commercial procurement in Lithuania"],
}
BUYERS_RECORD_FIELDS = ["buyer", "procedures", "challenge", "contact_url", "interreg_europe_url", "keep_eu_url"]


@pytest.fixture(scope="module")
def seed_001():
    return flat((SOURCES / "001_884af30a5fc7a61a.txt").read_text(encoding="utf-8"))


def source_texts(practice, seed_001, public_sources):
    """The texts of the practice's sources: seed 001, or the public sources for a web page they list."""
    texts = []
    for source in practice.sources.all():
        if source.key == SEED_001:
            texts.append(seed_001)
        elif source.url and source.url in public_sources:
            texts.append(flat(public_sources))
    return texts


def test_the_seap_steps_are_the_seeds_process_in_its_order(documented, seed_001):
    practice = GoodPractice.objects.get(slug="seap-digital-platform")
    steps = list(practice.steps.all())

    assert [step.title for step in steps] == [title for title, _ in SEAP_STEPS]
    assert [step.position for step in steps] == [1, 2, 3, 4, 5]
    assert practice.sources.filter(key=SEED_001).exists()
    places = [seed_001.index(words) for _, words in SEAP_STEPS]
    assert places == sorted(places)
    assert not any(step.timing for step in steps)  # the seed gives no dates


# Each step's own words and the seed's words they render (a reader compares the two).
SEAP_STEP_WORDS = {
    1: [
        ("public consultations and workshops", "public consultations and workshops"),
        ("specific needs are identified", "specific needs are identified"),
    ],
    2: [("published on the platform", "published on the platform")],
    3: [
        (
            "Detailed specifications are developed collaboratively",
            "detailed specifications are collaboratively developed",
        ),
        ("scalable, interoperable and sustainable", "scalable, interoperable, and sustainable"),
    ],
    4: [
        ("evaluated not only for their cost-effectiveness", "evaluated not only for their cost-effectiveness"),
        ("their potential to revolutionize public services", "their potential to revolutionize public services"),
    ],
    5: [("modular nature allows implementation in phases", "modular nature allows for phased implementation")],
}


@pytest.mark.parametrize("position", SEAP_STEP_WORDS)
def test_each_seap_step_says_what_the_seed_says(documented, seed_001, position):
    step = GoodPracticeStep.objects.get(practice__slug="seap-digital-platform", position=position)
    said = flat(f"{step.title}. {step.description}").lower()
    for step_words, seed_words in SEAP_STEP_WORDS[position]:
        assert step_words.lower() in said, step_words
        assert seed_words.lower() in seed_001.lower(), seed_words


def test_only_the_steps_of_practices_whose_source_describes_a_process_are_recorded(documented):
    assert set(GoodPracticeStep.objects.values_list("practice__slug", flat=True)) == {"seap-digital-platform"}


def test_every_filled_field_of_the_buyers_record_is_in_its_source(documented, seed_001, public_sources):
    """A field is filled only with a check here: the source's words it comes from, in one of the practice's
    sources."""
    filled = set()
    for practice in GoodPractice.objects.prefetch_related("sources"):
        texts = source_texts(practice, seed_001, public_sources)
        for field in BUYERS_RECORD_FIELDS:
            if not getattr(practice, field):
                continue
            filled.add((practice.slug, field))
            if field == "interreg_europe_url":
                # Its page in the database is one of its sources, listed in the public sources.
                assert practice.sources.filter(url=practice.interreg_europe_url).exists(), practice.slug
                assert practice.interreg_europe_url in public_sources
                continue
            words = BUYERS_RECORD_WORDS.get((practice.slug, field))
            assert words, f"{practice.slug}.{field} is filled, but no test says where it comes from"
            for phrase in words:
                assert any(phrase in text for text in texts), (practice.slug, field, phrase)
    assert {key for key in filled if key[1] != "interreg_europe_url"} == set(BUYERS_RECORD_WORDS)


def test_the_buyers_record_says_what_its_source_words_say(documented):
    lvm = GoodPractice.objects.get(slug="jsc-latvias-state-forests-innovation-partnership-procurement")
    assert lvm.buyer == "JSC Latvia's State Forests (LVM)"
    assert lvm.procedures == [Procedure.INNOVATION_PARTNERSHIP]
    assert GoodPractice.objects.get(slug="pre-commercial-procurement-in-lithuania").procedures == [Procedure.PCP]
    seap = GoodPractice.objects.get(slug="seap-digital-platform")
    assert "resistance to change, the public sector's fear of failed projects and limited expertise" in (
        seap.challenge
    )
    assert "Romanian efforts to overcome resistance towards innovation procurement" in seap.challenge
    # Nothing the sources do not give: no contact page, keep.eu project, TED notice, document or evidence.
    assert not GoodPractice.objects.exclude(contact_url="").exists()
    assert not GoodPractice.objects.exclude(keep_eu_url="").exists()
    assert not GoodPractice.objects.exclude(evidence_of_success="").exists()
    assert not GoodPractice.objects.filter(links__isnull=False).exists()


def test_the_four_practices_of_the_interreg_database_link_their_page_there(documented):
    listed = GoodPractice.objects.filter(sources__publisher="Interreg Europe good practice database")
    assert {practice.interreg_europe_url for practice in listed} == set(listed.values_list("sources__url", flat=True))
    assert not GoodPractice.objects.exclude(pk__in=listed).exclude(interreg_europe_url="").exists()
