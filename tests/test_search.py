"""/search/: every public content type at once, grouped by type, ranked, with the matching words highlighted.

The first part runs on both databases; the PostgreSQL part checks its full-text search (stemming, weights,
headlines), the SQLite part the simpler fallback.
"""

import pytest
from django.db import connection
from django.urls import reverse

from practices.models import GoodPractice
from publishing.models import Status
from search import engine
from search.engine import MAX_QUERY_LENGTH, RESULTS_PER_TYPE, clean_query, highlight, search_terms
from search.text import fold, query_spellings
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    GoodPracticeFactory,
    InstrumentFactory,
    PartnerFactory,
    RegionFactory,
    ReportFactory,
    StudyVisitFactory,
)

pytestmark = pytest.mark.django_db

SEARCH = reverse("search:search")


def postgresql_only(test):
    """Marks a test `postgresql` and skips it elsewhere; the CI runs the suite on PostgreSQL too."""
    skip = pytest.mark.skipif(connection.vendor != "postgresql", reason="tests PostgreSQL's full-text search")
    return pytest.mark.postgresql(skip(test))


sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the simple search of SQLite only")


def results(client, **params):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    return response.text


def main(html):
    return html[html.index('<main id="main"') : html.index("</main>")]


# ---------- Both databases ----------


def test_empty_query_shows_the_form_and_a_hint(client):
    html = main(results(client))

    assert '<label class="search-form__label" for="search-query">Words to search for</label>' in html
    assert 'name="q" value=""' in html
    assert "Type one or more words above" in html
    assert "result" not in html


def test_header_has_a_labelled_search_form_on_every_page(client):
    html = client.get(reverse("home")).text

    assert '<form class="site-search" method="get" action="/search/" role="search">' in html
    assert '<label class="site-search__label" for="site-search-query">Search the portal</label>' in html


def test_finds_every_content_type_grouped_and_labelled(client):
    partner = PartnerFactory(name="Lighting agency", description="It buys lighting.")
    ActionPlanFactory(partner=partner, title="Action plan of the lighting agency")
    GoodPracticeFactory(title="Smart lighting in Lahti")
    StudyVisitFactory(title="Visit to the lighting lab")
    ReportFactory(title="Guide to buying lighting")

    html = main(results(client, q="lighting"))

    assert "5 results for “lighting”" in html
    for key, label in [
        ("practices", "Good practices"),
        ("visits", "Study visits and meetings"),
        ("reports", "Reports"),
        ("partners", "Partners"),
        ("action-plans", "Action plans"),
    ]:
        assert f'<a href="#results-{key}">{label} (1)</a>' in html
        assert f'id="results-{key}-heading">{label} <span class="search-group__count">(1)</span></h3>' in html
    assert '<a href="/practices/good-practice-' in html
    assert "Smart <mark>lighting</mark> in Lahti</a>" in html


def test_only_published_records_are_found(client):
    GoodPracticeFactory(title="Published lighting")
    for status in (Status.DRAFT, Status.SUBMITTED, Status.ARCHIVED):
        GoodPracticeFactory(title=f"Lighting {status}", status=status)
        ReportFactory(title=f"Lighting report {status}", status=status)

    html = main(results(client, q="lighting"))

    assert "1 result for “lighting”" in html
    assert "Published <mark>lighting</mark>" in html
    for status in ("draft", "submitted", "archived"):
        assert f"ighting</mark> {status}" not in html


def test_every_word_must_occur(client):
    GoodPracticeFactory(title="Smart lighting", summary="Street lamps that dim at night.")
    GoodPracticeFactory(title="Smart ambulances", summary="Ambulances that report their position.")

    html = main(results(client, q="smart lighting"))

    assert "1 result for" in html
    assert "ambulances" not in html.lower()


def test_a_title_match_ranks_above_a_body_match(client):
    GoodPracticeFactory(title="Street lamps", summary="", description="Energy-saving lamps bought by a tender.")
    GoodPracticeFactory(title="Tender for hospital beds", summary="", description="Beds for a hospital.")

    html = main(results(client, q="tender"))

    assert html.index("<mark>Tender</mark> for hospital beds") < html.index("Street lamps")


def test_an_action_plan_is_found_by_one_of_its_actions(client):
    plan = ActionPlanFactory(title="Action plan of Latvia", summary="Capacity building.")
    ActionFactory(action_plan=plan, title="Open market consultations", description="Talk to suppliers first.")
    ActionFactory(action_plan=plan, title="Training of buyers")

    html = main(results(client, q="suppliers"))

    assert f'<a href="{plan.get_absolute_url()}">Action plan of Latvia</a>' in html
    assert "<mark>suppliers</mark>" in html
    assert "Action plans (1)" in html


def test_partners_are_found_by_acronym_and_region(client):
    PartnerFactory(name="Agency for Innovation", acronym="MITA", region=RegionFactory(name="Lithuania"))

    assert "Agency for Innovation</a>" in main(results(client, q="MITA"))
    assert "Agency for Innovation</a>" in main(results(client, q="Lithuania"))


def test_record_text_is_escaped_and_only_matches_are_marked(client):
    GoodPracticeFactory(
        title='Buying <script>alert("x")</script> lighting',
        summary="Lamps & <b>bold</b> lighting for streets.",
    )

    html = main(results(client, q="lighting"))

    assert "<script>alert" not in html
    assert "<b>bold</b>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>lighting</mark>" in html
    assert "&amp;" in html


@pytest.mark.parametrize(
    "query",
    [
        '<script>alert("x")</script>',
        "light\x00ing",
        "'; DROP TABLE practices_goodpractice; --",
        '"unclosed quote',
        "-",
        "or",
        "!!! ??? &&& |||",
        "lighting " * 2000,
        "ﬁnance ∑ 東京 🙂",
    ],
)
def test_strange_input_never_fails(client, query):
    GoodPracticeFactory(title="Smart lighting")

    html = results(client, q=query)

    assert "<script>alert" not in html
    assert "\x00" not in html
    assert GoodPractice.objects.count() == 1


def test_an_overlong_query_is_cut_and_the_page_says_so(client):
    html = main(results(client, q="a" * 10_000))

    assert f"only its first {MAX_QUERY_LENGTH} were searched" in html
    assert f'value="{"a" * MAX_QUERY_LENGTH}"' in html
    assert "a" * (MAX_QUERY_LENGTH + 1) not in html


def test_a_repeated_q_searches_one_of_them(client):
    GoodPracticeFactory(title="Smart lighting")

    response = client.get(f"{SEARCH}?q=nothing-matches-this&q=lighting")

    assert response.status_code == 200
    assert "Smart <mark>lighting</mark>" in response.text


def test_no_results_say_what_to_try(client):
    html = main(results(client, q="zeppelin"))

    assert "No results for “zeppelin”" in html
    assert "check the spelling, or use fewer words" in html
    assert '<a href="/practices/">good practices</a>' in html


def test_a_group_shows_the_best_results_and_the_count_of_all(client):
    GoodPracticeFactory.create_batch(RESULTS_PER_TYPE + 5, title="Lighting tender")

    html = main(results(client, q="lighting"))

    assert f"{RESULTS_PER_TYPE + 5} results for" in html
    assert html.count('<li class="search-hit">') == RESULTS_PER_TYPE
    assert f"The {RESULTS_PER_TYPE} best of {RESULTS_PER_TYPE + 5} are shown" in html


@pytest.mark.parametrize("matches", [1, 200])
def test_query_count_does_not_grow_with_the_matches(client, django_assert_num_queries, matches):
    """Guards a query per result (a region, a partner, an action plan's actions) and a separate count query."""
    region = RegionFactory(name="Lighting valley")
    for n in range(matches):
        partner = PartnerFactory(name=f"Lighting agency {n}", region=region)
        plan = ActionPlanFactory(partner=partner, title=f"Plan {n}")
        ActionFactory(action_plan=plan, title="Lighting tenders")
        ActionFactory(action_plan=plan, title="Lighting training")
        GoodPracticeFactory(title=f"Lighting {n}", region=region, partners=[partner])
        StudyVisitFactory(title=f"Lighting visit {n}", host_partner=partner)
        ReportFactory(title=f"Lighting report {n}", partner=partner)

    # The vocabulary of "Did you mean" is read once per content change (a query per content type), then kept.
    results(client, q="lighting")
    # One query per content type (practices, visits, reports, partners, action plans) and one for the facet.
    with django_assert_num_queries(6):
        html = main(results(client, q="lighting"))

    assert f"{5 * matches} result" in html


def test_query_cleaning():
    assert clean_query("  smart\x00 \t lighting\n") == ("smart lighting", False)
    assert clean_query("x" * 500) == ("x" * MAX_QUERY_LENGTH, True)
    assert clean_query(None) == ("", False)


def test_highlight_escapes_everything_but_the_marks():
    assert highlight("<b>Tender</b> & tenders", ["tender"]) == (
        "&lt;b&gt;<mark>Tender</mark>&lt;/b&gt; &amp; <mark>tender</mark>s"
    )
    assert highlight("a \ue000 b", ["x"]) == "a  b"


# ---------- PostgreSQL full-text search ----------


@postgresql_only
def test_postgresql_stemming_finds_other_forms_of_a_word(client):
    GoodPracticeFactory(title="Innovative procurement in health")

    html = main(results(client, q="procurements"))

    assert "Innovative <mark>procurement</mark> in health" in html


@postgresql_only
def test_postgresql_weights_title_above_summary_above_body(client):
    GoodPracticeFactory(title="Body", summary="", description="A tender for beds.")
    GoodPracticeFactory(title="Summary", summary="A tender for lamps.", description="")
    GoodPracticeFactory(title="A tender for buses", summary="", description="")

    html = main(results(client, q="tender"))

    assert html.index("<mark>tender</mark> for buses") < html.index(">Summary<") < html.index(">Body<")


@postgresql_only
def test_postgresql_headline_marks_matches_in_escaped_text(client):
    GoodPracticeFactory(
        title="Hospital beds",
        summary="The <em>hospital</em> & its suppliers met before the tendering started.",
    )

    html = main(results(client, q="tender suppliers"))

    # PostgreSQL leaves markup out of fragments; whatever it returns is escaped, only the matches are marked.
    assert "<em>" not in html
    assert "&amp; its <mark>suppliers</mark> met before the <mark>tendering</mark> started" in html


@postgresql_only
def test_postgresql_websearch_syntax_phrase_and_exclusion(client):
    GoodPracticeFactory(title="Public procurement of lighting")
    GoodPracticeFactory(title="Procurement that is public, of buses")

    phrase = main(results(client, q='"public procurement"'))
    excluded = main(results(client, q="procurement -buses"))

    assert "of lighting</a>" in phrase
    assert "of buses</a>" not in phrase
    assert "of lighting</a>" in excluded
    assert "of buses</a>" not in excluded


# ---------- The simple search of other databases ----------


@sqlite_only
def test_simple_search_matches_part_of_a_word_in_any_case(client):
    GoodPracticeFactory(title="Innovative Procurement in health")

    html = main(results(client, q="PROCURE"))

    assert "Innovative <mark>Procure</mark>ment in health" in html


def test_search_terms_leave_out_websearch_operators_and_single_letters():
    assert search_terms('"Public procurement" or -buses a PCP') == ["public", "procurement", "pcp"]


# ---------- Forgiving spelling, accents and the instrument facet (both databases) ----------


def test_british_and_american_spellings_find_each_other(client):
    GoodPracticeFactory(title="A competence centre for innovation procurement")
    GoodPracticeFactory(title="Innovation center of Lithuania")
    ReportFactory(title="The regional programme for buyers")

    american = main(results(client, q="competence center"))
    british = main(results(client, q="centre"))
    program = main(results(client, q="program"))

    assert "A <mark>competence</mark> <mark>centre</mark> for innovation procurement</a>" in american
    assert "Innovation <mark>center</mark> of Lithuania</a>" in british
    assert "A competence <mark>centre</mark> for" in british
    assert "The regional <mark>programme</mark> for buyers</a>" in program


def test_an_excluded_word_excludes_every_spelling_of_it(client):
    GoodPracticeFactory(title="Lighting centre")
    GoodPracticeFactory(title="Lighting center")
    GoodPracticeFactory(title="Lighting agency")

    html = main(results(client, q="lighting -centre"))

    if connection.vendor == "postgresql":
        assert "1 result for" in html
        assert "<mark>Lighting</mark> agency" in html
    else:  # the simple search leaves exclusions out
        assert "3 results for" in html


def test_accents_do_not_matter(client):
    GoodPracticeFactory(title="Fundació Bit in Palma")
    ReportFactory(title="Guide of the Fundacio for buyers")

    html = main(results(client, q="Fundacio"))
    accented = main(results(client, q="fundació"))

    assert "2 results for" in html
    assert "<mark>Fundació</mark> Bit in Palma</a>" in html
    assert "Guide of the <mark>Fundacio</mark> for buyers</a>" in html
    assert "2 results for" in accented


def test_a_misspelt_word_gets_did_you_mean_with_a_link_that_runs_it(client):
    GoodPracticeFactory(title="Innovation procurement in health", summary="Buyers met suppliers.")

    html = main(results(client, q="procurment"))

    assert 'Did you mean <a href="/search/?q=procurement">procurement</a>?' in html
    corrected = main(results(client, q="procurement"))
    assert "Innovation <mark>procurement</mark> in health" in corrected
    assert "Did you mean" not in corrected


def test_did_you_mean_keeps_the_words_it_knows_and_the_instrument(client):
    ppi = InstrumentFactory(code="ppi", name="Public procurement of innovation")
    GoodPracticeFactory(title="Smart lighting tender", instruments=[ppi])

    html = main(results(client, q="smart lihgting", instrument="ppi"))

    assert 'Did you mean <a href="/search/?q=smart+lighting&amp;instrument=ppi">smart lighting</a>?' in html


def test_did_you_mean_learns_the_words_of_new_content(client):
    results(client, q="zeppelin")
    GoodPracticeFactory(title="Zeppelins for surveying forests")

    html = main(results(client, q="zepelins"))

    assert 'Did you mean <a href="/search/?q=zeppelins">zeppelins</a>?' in html


def test_no_did_you_mean_for_known_words_and_their_other_spellings(client):
    GoodPracticeFactory(title="A competence centre", summary="Procurement of innovation.")

    for query in ("competence center", "procurements", "procure", "zqxjk"):
        assert "Did you mean" not in results(client, q=query), query


def test_instrument_facet_counts_matches_and_filters_them(client):
    ppi = InstrumentFactory(code="ppi", name="Public procurement of innovation", position=1)
    pcp = InstrumentFactory(code="pcp", name="Pre-commercial procurement", position=2)
    unused = InstrumentFactory(code="partnership", name="Innovation partnership", position=3)
    GoodPracticeFactory(title="Lighting by PPI", instruments=[ppi])
    GoodPracticeFactory(title="Lighting by PCP", instruments=[pcp])
    ReportFactory(title="Lighting report", instruments=[ppi, pcp])
    plan = ActionPlanFactory(title="Lighting plan")
    ActionFactory(action_plan=plan, title="Tender").instruments.add(ppi)
    GoodPracticeFactory(title="Lighting without instrument")
    GoodPracticeFactory(title="Buses by PPI", instruments=[ppi])

    html = main(results(client, q="lighting"))

    assert "5 results for" in html
    assert '<a href="/search/?q=lighting&amp;instrument=ppi">Public procurement of innovation (3)</a>' in html
    assert '<a href="/search/?q=lighting&amp;instrument=pcp">Pre-commercial procurement (2)</a>' in html
    assert unused.name not in html
    assert '<span aria-current="true">Every instrument</span>' in html

    filtered = main(results(client, q="lighting", instrument="ppi"))

    assert "3 results for" in filtered
    assert "Lighting</mark> by PPI" in filtered
    assert "Lighting</mark> report" in filtered
    assert "Lighting</mark> plan" in filtered
    for left_out in ("by PCP", "without instrument", "Buses"):
        assert left_out not in filtered
    assert '<span aria-current="true">Public procurement of innovation (3)</span>' in filtered
    assert '<a href="/search/?q=lighting">Every instrument</a>' in filtered


@pytest.mark.parametrize("code", ["<nope>", "nope\x00", "x" * 5000])
def test_an_unknown_instrument_is_said_and_ignored(client, code):
    InstrumentFactory(code="ppi", name="Public procurement of innovation")
    GoodPracticeFactory(title="Smart lighting")

    html = main(results(client, q="lighting", instrument=code))

    assert "There is no such instrument" in html
    assert "1 result for" in html
    assert "<nope>" not in html


def test_counts_stop_at_the_limit_and_say_more_than(client, monkeypatch):
    monkeypatch.setattr(engine, "COUNT_LIMIT", 3)
    ppi = InstrumentFactory(code="ppi", name="Public procurement of innovation")
    GoodPracticeFactory.create_batch(5, title="Lighting tender", instruments=[ppi])

    html = main(results(client, q="lighting"))

    assert "More than 3 results for “lighting”" in html
    assert '<a href="#results-practices">Good practices (3+)</a>' in html
    assert "Public procurement of innovation (3+)" in html
    assert "5 of more than 3 are shown" in html


def test_query_count_is_fixed_with_an_instrument_and_several_kinds(client, django_assert_num_queries):
    ppi = InstrumentFactory(code="ppi", name="Public procurement of innovation")
    for n in range(2):
        partner = PartnerFactory(name=f"Lighting centre {n}")
        plan = ActionPlanFactory(partner=partner, title=f"Lighting centre plan {n}")
        ActionFactory(action_plan=plan, title="Tenders").instruments.add(ppi)
        practice = GoodPracticeFactory(title=f"Lighting centre {n}", partners=[partner], instruments=[ppi])
        StudyVisitFactory(title=f"Lighting centre visit {n}", host_partner=partner, related_practices=[practice])
        ReportFactory(title=f"Lighting centre report {n}", partner=partner, instruments=[ppi])
    results(client, q="lighting center", instrument="ppi")

    with django_assert_num_queries(6):
        html = main(results(client, q="lighting center", instrument="ppi"))

    assert "10 results for" in html
    for key in ("practices", "visits", "reports", "partners", "action-plans"):
        assert f'<a href="#results-{key}">' in html


def test_spellings_of_a_query():
    assert query_spellings("competence center") == ["competence center", "competence centre"]
    assert query_spellings('"programme" -organisation') == [
        '"programme" -organisation -organization',
        '"program" -organisation -organization',
    ]
    assert query_spellings("lighting") == ["lighting"]
    assert len(query_spellings("centre programme organisation colour labour")) == 8
    assert fold("Fundació ÀÉÎ") == "fundacio aei"


def test_an_instrument_without_matches_is_not_called_unknown(client):
    InstrumentFactory(code="pcp", name="Pre-commercial procurement")
    GoodPracticeFactory(title="Smart lighting")

    html = main(results(client, q="lighting", instrument="pcp"))

    assert "No results for “lighting”" in html
    assert "There is no such instrument" not in html
    assert '<a href="/search/?q=lighting">Search every instrument</a>' in html
