"""The transfer trail: a good practice linked to the actions it inspired in other partners' action plans and to the
visit where it was seen; its rules, its admin (each partner's editors only into their own actions), the practice's
"Inspired", the action's "Inspired by", the trail page across regions and its CSV."""

import csv
import datetime
import io
import json
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from practices.models import Transfer
from publishing.models import Status
from tests.admin_forms import form_data
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    GoodPracticeFactory,
    PartnerFactory,
    RegionFactory,
    StudyVisitFactory,
    TransferFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TRAIL = reverse("practices:transfer-list")


def admin_url(page, *args):
    return reverse(f"admin:practices_transfer_{page}", args=args)


def main_of(html):
    return html[html.index('<main id="main"') : html.index("</main>")]


@pytest.fixture
def world():
    """Three partners in three regions; a Balearic practice seen in Tampere inspired a Lithuanian action."""
    lt = RegionFactory(name="Lithuania", nuts_code="LT", country="LT")
    es = RegionFactory(name="Balearic Islands", nuts_code="ES53", country="ES")
    fi = RegionFactory(name="Tampere Region", nuts_code="FI197", country="FI")
    lic = PartnerFactory(name="Lithuanian Innovation Centre", slug="lic", region=lt)
    bit = PartnerFactory(name="Fundació BIT", slug="bit", region=es)
    tampere = PartnerFactory(name="Council of Tampere", slug="tampere", region=fi)
    plan = ActionPlanFactory(partner=lic, title="Action plan for Lithuania", slug="plan-lt")
    action = ActionFactory(
        action_plan=plan, number=1, slug="ipp-awards", title="IPP awards", end_date=datetime.date(2021, 6, 30)
    )
    practice = GoodPracticeFactory(
        title="Health empowerment platform", slug="health-platform", region=es, partners=[bit]
    )
    visit = StudyVisitFactory(
        title="Partners' meeting in Tampere",
        slug="tampere-2019",
        place="Tampere",
        host_partner=tampere,
        start_date=datetime.date(2019, 3, 6),
        end_date=datetime.date(2019, 3, 7),
    )
    transfer = TransferFactory(practice=practice, action=action, study_visit=visit, note="The award idea.")
    return SimpleNamespace(**locals())


# ---------- The rules ----------


def test_a_documented_transfer_is_valid(world):
    world.transfer.full_clean()


def test_a_practice_cannot_inspire_an_action_of_a_partner_that_identified_it(world):
    own = Transfer(practice=GoodPracticeFactory(partners=[world.lic]), action=world.action)

    with pytest.raises(ValidationError) as error:
        own.full_clean()

    assert error.value.message_dict["practice"] == [
        "Lithuanian Innovation Centre identified this practice itself: a transfer links a practice to an action "
        "in another partner's action plan."
    ]


def test_the_practice_cannot_have_been_seen_after_the_action_ended(world):
    late = StudyVisitFactory(start_date=datetime.date(2022, 6, 7), end_date=datetime.date(2022, 6, 8))
    transfer = Transfer(practice=GoodPracticeFactory(), action=world.action, study_visit=late)

    with pytest.raises(ValidationError) as error:
        transfer.full_clean()

    assert error.value.message_dict["study_visit"] == [
        "This visit began on 7 June 2022, after the action ended (30 June 2021): the action cannot have been "
        "inspired by what was seen there."
    ]


def test_a_practice_inspires_an_action_once(world):
    with pytest.raises(ValidationError) as error:
        Transfer(practice=world.practice, action=world.action).full_clean()

    assert "__all__" in error.value.message_dict


# ---------- The admin ----------


@pytest.fixture
def other_transfer(world):
    """A transfer into Fundació BIT's own plan, from the Lithuanian practice."""
    action = ActionFactory(action_plan=ActionPlanFactory(partner=world.bit), title="Foundations for pilots")
    return TransferFactory(practice=GoodPracticeFactory(partners=[world.lic], region=world.lt), action=action)


def listed(client):
    response = client.get(admin_url("changelist"))
    assert response.status_code == 200
    return {str(transfer.action) for transfer in response.context["cl"].result_list}


def test_each_editor_lists_only_transfers_into_its_own_actions(
    editor_client, secretariat_client, world, other_transfer
):
    assert listed(editor_client(world.lic)) == {"Action 1: IPP awards"}
    assert listed(editor_client(world.bit)) == {str(other_transfer.action)}
    assert listed(editor_client(world.tampere)) == set()
    assert listed(secretariat_client) == {"Action 1: IPP awards", str(other_transfer.action)}


def test_anonymous_visitors_are_sent_to_the_login(world):
    assert Client().get(admin_url("changelist")).url.startswith("/admin/login/")


@pytest.mark.parametrize("page", ["change", "delete", "history"])
def test_another_partners_transfer_answers_403(editor_client, world, other_transfer, page):
    client = editor_client(world.lic)

    assert client.get(admin_url(page, other_transfer.pk)).status_code == 403
    assert client.post(admin_url(page, other_transfer.pk), {"note": "Changed", "post": "yes"}).status_code == 403
    other_transfer.refresh_from_db()
    assert other_transfer.note == ""


def test_the_secretariat_and_superusers_open_every_transfer(secretariat_client, superuser_client, world):
    assert secretariat_client.get(admin_url("change", world.transfer.pk)).status_code == 200
    assert superuser_client.get(admin_url("change", world.transfer.pk)).status_code == 200


def test_an_editor_chooses_only_its_own_actions_and_public_or_own_practices(editor_client, world, other_transfer):
    draft = GoodPracticeFactory(title="Someone's draft", status=Status.DRAFT, partners=[world.bit])
    form = editor_client(world.lic).get(admin_url("add")).context["adminform"].form

    assert list(form.fields["action"].queryset) == [world.action]
    assert world.practice in form.fields["practice"].queryset
    assert draft not in form.fields["practice"].queryset
    assert world.visit in form.fields["study_visit"].queryset


def autocomplete(client, field):
    query = {"app_label": "practices", "model_name": "transfer", "field_name": field}
    response = client.get("/admin/autocomplete/", query)
    assert response.status_code == 200
    return {result["text"] for result in response.json()["results"]}


def test_the_editors_autocomplete_offers_its_own_actions_and_public_practices(editor_client, world, other_transfer):
    GoodPracticeFactory(title="Someone's draft", status=Status.DRAFT, partners=[world.bit])
    client = editor_client(world.lic)

    assert autocomplete(client, "action") == {"Action 1: IPP awards"}
    assert "Health empowerment platform" in autocomplete(client, "practice")
    assert "Someone's draft" not in autocomplete(client, "practice")
    assert "Partners' meeting in Tampere" in autocomplete(client, "study_visit")


def draft_plan(world):
    """Editors record transfers while their plan is a draft (into a published plan: tests/test_review_matrix.py)."""
    world.plan.status = Status.DRAFT
    world.plan.save()


def test_an_editor_records_a_transfer_into_its_own_action(editor_client, world):
    draft_plan(world)
    practice = GoodPracticeFactory(title="Pre-commercial procurement", partners=[world.tampere])
    client = editor_client(world.lic)

    response = client.post(
        admin_url("add"), {"practice": practice.pk, "action": world.action.pk, "study_visit": world.visit.pk}
    )

    assert response.status_code == 302
    assert Transfer.objects.filter(practice=practice, action=world.action, study_visit=world.visit).exists()


def test_an_editor_cannot_record_a_transfer_into_another_partners_action(editor_client, world, other_transfer):
    practice = GoodPracticeFactory(partners=[world.tampere])

    response = editor_client(world.lic).post(
        admin_url("add"), {"practice": practice.pk, "action": other_transfer.action.pk}
    )

    assert response.status_code == 200
    assert "Only records of Lithuanian Innovation Centre can be chosen here" in response.text
    assert not Transfer.objects.filter(practice=practice).exists()


def test_the_form_says_why_a_partners_own_practice_cannot_inspire_its_action(editor_client, world):
    draft_plan(world)
    own = GoodPracticeFactory(partners=[world.lic])

    response = editor_client(world.lic).post(admin_url("add"), {"practice": own.pk, "action": world.action.pk})

    assert response.status_code == 200
    assert "identified this practice itself: a transfer links a practice to an action in another partner" in (
        response.text.replace("&#x27;", "'")
    )
    assert not Transfer.objects.filter(practice=own).exists()


def test_an_editor_changes_the_note_of_its_own_transfer(editor_client, world):
    draft_plan(world)
    client = editor_client(world.lic)
    url = admin_url("change", world.transfer.pk)

    response = client.post(url, form_data(client.get(url), note="Awards for innovative buyers."))

    assert response.status_code == 302
    world.transfer.refresh_from_db()
    assert world.transfer.note == "Awards for innovative buyers."


def test_the_secretariat_records_a_transfer_into_any_action(secretariat_client, world, other_transfer):
    practice = GoodPracticeFactory(partners=[world.tampere])

    response = secretariat_client.post(admin_url("add"), {"practice": practice.pk, "action": other_transfer.action.pk})

    assert response.status_code == 302
    assert Transfer.objects.filter(practice=practice, action=other_transfer.action).exists()


def test_staff_without_a_partner_see_no_transfers(world):
    client = Client()
    client.force_login(UserFactory(is_staff=True))

    assert client.get(admin_url("changelist")).status_code == 403


# ---------- The practice page: "Inspired" ----------


def test_the_practice_page_lists_the_actions_it_inspired(client, world):
    html = main_of(client.get(world.practice.get_absolute_url()).text)

    inspired = html[html.index('<h2 id="inspired-heading">Inspired</h2>') :]
    assert '<a href="/action-plans/plan-lt/#action-ipp-awards">Action 1: IPP awards</a>' in inspired
    assert '<a href="/action-plans/plan-lt/">Action plan for Lithuania</a>' in inspired
    assert '<a href="/partners/lic/">Lithuanian Innovation Centre</a> (Lithuania)' in inspired
    assert 'seen at <a href="/study-visits/tampere-2019/">Partners&#x27; meeting in Tampere</a>' in inspired
    assert "6–7 March 2019" in inspired
    assert f'<a href="{TRAIL}">' in inspired


def test_the_practice_page_leaves_out_drafts(client, world):
    world.plan.status = Status.DRAFT
    world.plan.save()

    html = main_of(client.get(world.practice.get_absolute_url()).text)

    assert "inspired-heading" not in html
    assert "IPP awards" not in html


def test_a_draft_visit_is_not_named(client, world):
    world.visit.status = Status.DRAFT
    world.visit.save()

    html = main_of(client.get(world.practice.get_absolute_url()).text)

    assert "IPP awards" in html
    assert "Tampere" not in html


# ---------- The plan page: "Inspired by" ----------


def test_the_action_shows_the_practice_that_inspired_it(client, world):
    html = main_of(client.get(world.plan.get_absolute_url()).text)

    action = html[html.index('id="action-ipp-awards"') :]
    assert "<dt>Inspired by</dt>" in action
    assert '<a href="/practices/health-platform/">Health empowerment platform</a>' in action
    assert '<span class="muted">(Balearic Islands, Spain)</span>' in action
    assert ', seen at <a href="/study-visits/tampere-2019/">Partners&#x27; meeting in Tampere</a>' in action
    assert "The award idea." in action


def test_a_draft_practice_is_not_shown_as_an_inspiration(client, world):
    world.practice.status = Status.DRAFT
    world.practice.save()

    html = main_of(client.get(world.plan.get_absolute_url()).text)

    assert "Inspired by" not in html
    assert "Health empowerment platform" not in html


# ---------- The trail ----------


def test_the_trail_shows_each_transfer_from_practice_to_visit_to_action(client, world):
    response = client.get(TRAIL)
    html = main_of(response.text)

    assert response.status_code == 200
    assert "1 transfer, from 1 region to 1 region." in html
    item = html[html.index('<li class="trail__item">') :]
    assert '<a href="/practices/health-platform/">Health empowerment platform</a>' in item
    assert "Balearic Islands, Spain" in item
    assert '<a href="/study-visits/tampere-2019/">Partners&#x27; meeting in Tampere</a>' in item
    assert "Tampere, 6–7 March 2019" in item
    assert '<a href="/action-plans/plan-lt/#action-ipp-awards">Action 1: IPP awards</a>' in item
    assert '<a href="/partners/lic/">Lithuanian Innovation Centre</a>, Lithuania;' in item
    assert '<a href="/action-plans/plan-lt/">Action plan for Lithuania</a>' in item
    assert "The award idea." in item
    assert "style=" not in html


def test_the_trail_counts_regions_and_orders_by_the_practices_region(client, world, other_transfer):
    TransferFactory(practice=GoodPracticeFactory(title="No region", region=None), action=world.action)

    html = main_of(client.get(TRAIL).text)

    assert "3 transfers, from 2 regions to 2 regions." in html
    assert html.index("Health empowerment platform") < html.index("Foundations for pilots") < html.index("No region")
    assert html.count('<li class="trail__item">') == 3


@pytest.mark.parametrize("hidden", ["practice", "plan"])
def test_the_trail_leaves_out_drafts(client, world, hidden):
    record = getattr(world, hidden)
    record.status = Status.DRAFT
    record.save()

    html = main_of(client.get(TRAIL).text)
    rows = list(csv.reader(io.StringIO(text_of(client.get(TRAIL, {"format": "csv"})))))

    assert "No transfers are documented yet" in html
    assert "IPP awards" not in html
    assert len(rows) == 1


def test_a_transfer_without_a_visit_says_so(client, world):
    world.transfer.study_visit = None
    world.transfer.save()

    html = main_of(client.get(TRAIL).text)

    assert '<p class="muted">No visit recorded</p>' in html


TRANSFER_COLUMNS = [
    "practice",
    "practice_title",
    "practice_region_nuts_code",
    "practice_country",
    "study_visit",
    "study_visit_place",
    "study_visit_start_date",
    "action_plan",
    "action",
    "action_number",
    "action_title",
    "action_status",
    "partner",
    "partner_region_nuts_code",
    "partner_country",
    "note",
    "practice_url",
    "action_url",
    "sources",
]


def text_of(response):
    """A CSV export's text: it is streamed."""
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_trail_as_csv(client, world):
    response = client.get(TRAIL, {"format": "csv"})
    header, *rows = csv.reader(io.StringIO(text_of(response)))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ibuy-transfers.csv"'
    assert header == TRANSFER_COLUMNS
    assert rows == [
        [
            "health-platform",
            "Health empowerment platform",
            "ES53",
            "ES",
            "tampere-2019",
            "Tampere",
            "2019-03-06",
            "plan-lt",
            "ipp-awards",
            "1",
            "IPP awards",
            "",
            "lic",
            "LT",
            "LT",
            "The award idea.",
            "http://testserver/practices/health-platform/",
            "http://testserver/action-plans/plan-lt/#action-ipp-awards",
            "",
        ]
    ]


def test_the_trail_as_json_names_only_a_published_visit(client, world):
    world.visit.status = Status.DRAFT
    world.visit.save()

    data = json.loads(client.get(TRAIL, {"format": "json"}).content)

    assert data["count"] == 1
    assert list(data["results"][0]) == TRANSFER_COLUMNS
    assert data["results"][0]["study_visit"] is None
    assert data["results"][0]["action_number"] == 1


def test_an_unknown_format_is_a_plain_400(client, world):
    response = client.get(TRAIL, {"format": "xlsx"})

    assert response.status_code == 400
    assert "format=csv or format=json" in response.text


def test_a_page_past_the_end_is_not_found(client, world):
    assert client.get(TRAIL, {"page": "9"}).status_code == 404
    assert client.get(TRAIL, {"page": "x"}).status_code == 404


# ---------- A fixed number of queries ----------


def make_trail(size):
    """`size` transfers, each from its own practice (with a region) into its own action of another region's plan,
    seen at one of two visits."""
    regions = [RegionFactory(), RegionFactory()]
    plans = [ActionPlanFactory(partner=PartnerFactory(region=region)) for region in regions]
    visits = [StudyVisitFactory(region=region) for region in regions]
    for number in range(size):
        action = ActionFactory(action_plan=plans[number % 2], number=number + 1)
        TransferFactory(
            practice=GoodPracticeFactory(region=regions[(number + 1) % 2]),
            action=action,
            study_visit=visits[number % 2],
        )


@pytest.mark.parametrize("size", [1, 120])
def test_the_trail_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    """Guards a query per transfer for its practice, region, visit, action, plan or partner."""
    make_trail(size)

    # The count, the page's rows with everything they show, the summary's region counts.
    with django_assert_num_queries(3):
        html = main_of(client.get(TRAIL).text)
    # The rows with everything they export, and their sources.
    with django_assert_num_queries(2):
        text = text_of(client.get(TRAIL, {"format": "csv"}))

    assert html.count('<li class="trail__item">') == min(size, 100)
    assert len(list(csv.reader(io.StringIO(text)))) == size + 1


@pytest.mark.parametrize("size", [1, 50])
def test_the_practice_page_names_what_it_inspired_in_a_fixed_number_of_queries(
    client, django_assert_num_queries, size
):
    """Guards a query per inspired action for its plan, partner, region or visit."""
    practice = GoodPracticeFactory(partners=[PartnerFactory()])
    visit = StudyVisitFactory()
    for _ in range(size):
        TransferFactory(practice=practice, study_visit=visit)

    # The practice with its region; partners with their plans; their reports; instruments, themes, images, links,
    # steps, visits, the transfers with everything they show, sources (as tests/test_item_pages.py); the search for
    # similar practices, which finds none, so loads none of their instruments and themes.
    with django_assert_num_queries(12):
        html = main_of(client.get(practice.get_absolute_url()).text)

    inspired = html[html.index("inspired-heading") :]
    assert inspired.count("#action-") == size


# ---------- The documented content ----------


def test_the_documented_content_has_no_transfer_and_the_trail_says_so(client):
    call_command("load_documented_content", "ibuy", verbosity=0)

    html = main_of(client.get(TRAIL).text)
    rows = list(csv.reader(io.StringIO(text_of(client.get(TRAIL, {"format": "csv"})))))

    assert not Transfer.objects.exists()
    assert "No transfers are documented yet" in html
    assert rows == [TRANSFER_COLUMNS]


def test_the_documented_status_shows_on_the_plan_and_the_list(client):
    call_command("load_documented_content", "ibuy", verbosity=0)

    plan = main_of(client.get("/action-plans/action-plan-bucharest-ilfov/").text)
    listing = main_of(client.get(reverse("partners:action-plan-list")).text)

    assert '<span class="badge">Done</span>' in plan
    assert "1 of 1 action done" in plan
    assert "1 of 1 action done" in listing
    assert "3 actions, status not reported" in listing
