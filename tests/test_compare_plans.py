"""/action-plans/compare/: published action plans side by side, in the order the address names them; too few
plans, unknown or draft slugs give a message, never an error; a fixed number of queries."""

import pytest
from django.urls import reverse

from partners.progress import ActionStatus
from publishing.models import Status
from tests.factories import ActionFactory, ActionPlanFactory, InstrumentFactory, PartnerFactory

pytestmark = pytest.mark.django_db

COMPARE = reverse("partners:action-plan-compare")


@pytest.fixture
def plans():
    ppi = InstrumentFactory(code="ppi", name="Public procurement of innovation", abbreviation="PPI", position=1)
    pcp = InstrumentFactory(code="pcp", name="Pre-commercial procurement", abbreviation="PCP", position=2)
    lithuania = ActionPlanFactory(slug="lithuania", title="Plan of Lithuania", partner=PartnerFactory(name="CPVA"))
    ActionFactory(action_plan=lithuania, number=1, title="Awards", status=ActionStatus.DONE).instruments.set([ppi])
    ActionFactory(action_plan=lithuania, number=2, title="Consulting").instruments.set([ppi, pcp])
    tampere = ActionPlanFactory(slug="tampere", title="Plan of Tampere", partner=PartnerFactory(name="Tampere"))
    ActionFactory(action_plan=tampere, number=1, title="Webinars", status=ActionStatus.IN_PROGRESS)
    ActionPlanFactory(slug="portugal", title="Plan of Portugal", policy_instrument="POCI 2020")
    ActionPlanFactory(slug="draft", title="Draft plan", status=Status.DRAFT)
    return {"ppi": ppi, "pcp": pcp}


def compare(client, *slugs):
    response = client.get(COMPARE, {"plan": list(slugs)})
    assert response.status_code == 200
    return response


def test_two_plans_side_by_side_with_actions_instruments_and_statuses(client, plans):
    response = compare(client, "tampere", "lithuania")
    html = response.text

    assert [plan.slug for plan in response.context["plans"]] == ["tampere", "lithuania"]
    assert html.index(">Plan of Tampere</a></th>") < html.index(">Plan of Lithuania</a></th>")
    assert '<th scope="row">Actions</th>' in html
    assert "Action 1: Awards</a>" in html
    assert '<span class="badge">Done</span>' in html
    assert '<span class="badge">In progress</span>' in html
    assert '<span class="badge badge--muted">Status not reported</span>' in html
    assert "1 of 2 actions done" in html
    lithuania = response.context["plans"][1]
    assert [instrument.code for instrument in lithuania.instruments_used] == ["ppi", "pcp"]
    assert 'role="region"' in html
    assert 'tabindex="0"' in html
    # The form shows the current choice, so the comparison can be changed and its address shared.
    assert 'id="compare-tampere" name="plan" value="tampere" checked' in html
    assert 'id="compare-portugal" name="plan" value="portugal">' in html


def test_a_missing_policy_instrument_reads_as_everywhere_else(client, plans):
    html = compare(client, "portugal", "tampere").text

    assert "<td>POCI 2020</td>" in html
    assert '<td><span class="missing">not reported</span></td>' in html


@pytest.mark.parametrize(
    ("slugs", "message"),
    [
        ((), "No action plans chosen yet: choose two or more below."),
        (("lithuania",), "Choose at least one more action plan: a comparison needs two or more."),
        (("lithuania", "draft"), "Choose at least one more action plan: a comparison needs two or more."),
        (("lithuania", "lithuania"), "Choose at least one more action plan: a comparison needs two or more."),
    ],
)
def test_fewer_than_two_plans_give_a_message(client, plans, slugs, message):
    response = compare(client, *slugs)

    assert message in response.text
    assert response.context["plans"] == []
    assert "<table" not in response.text


def test_unknown_and_draft_slugs_are_left_out_and_said_so(client, plans):
    response = compare(client, "lithuania", "nowhere", "draft", "TAMPERE", "<script>")
    html = response.text

    assert [plan.slug for plan in response.context["plans"]] == ["lithuania", "tampere"]
    assert "&#x27;nowhere&#x27; is not a published action plan in the portal: it was left out." in html
    assert "&#x27;draft&#x27; is not a published action plan" in html
    assert "&lt;script&gt;" in html
    assert "<script>" not in html.split("<main")[1]
    assert "Draft plan" not in html


def test_the_list_links_to_the_comparison(client, plans):
    assert f'<a href="{COMPARE}">Compare two or more plans side by side</a>' in client.get("/action-plans/").text


@pytest.mark.parametrize("count", [2, 6])
def test_the_comparison_runs_a_fixed_number_of_queries(client, django_assert_num_queries, plans, count):
    for number in range(count):
        plan = ActionPlanFactory(slug=f"extra-{number}")
        for _ in range(3):
            ActionFactory(action_plan=plan).instruments.set([plans["ppi"], plans["pcp"]])
    slugs = [f"extra-{number}" for number in range(count)]

    # The plans of the form; the chosen plans with partners and regions, their actions, the actions' instruments.
    with django_assert_num_queries(4):
        response = compare(client, *slugs)

    assert len(response.context["plans"]) == count
