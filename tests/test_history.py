"""Revision history: staff see who changed what and when, compare two revisions and restore an earlier one,
many-to-many links included, without the restore changing the publication status."""

import pytest
from django.test import Client

from partners.models import Instrument
from practices.models import GoodPractice
from publishing.models import Status
from tests.admin_forms import admin_url, change_url, form_data, open_and_post
from tests.factories import GoodPracticeFactory, InstrumentFactory, PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    return PartnerFactory(name="Lisbon buyers", acronym="LB")


@pytest.fixture
def practice(partner, secretariat_client):
    """A published practice with two revisions made in the admin: first one instrument, then another and a new
    title."""
    pcp, ppi = InstrumentFactory(name="Pre-commercial procurement"), InstrumentFactory(name="Public procurement")
    practice = GoodPracticeFactory(title="Smart lighting", partners=[partner], status=Status.PUBLISHED)
    open_and_post(secretariat_client, practice, instruments=[str(pcp.pk)])
    open_and_post(secretariat_client, practice, title="Smart street lighting", instruments=[str(ppi.pk)])
    practice.refresh_from_db()
    return practice


def revisions(practice):
    return list(practice.history.order_by("history_date", "history_id"))


def test_history_page_shows_who_changed_what(secretariat_client, practice):
    response = secretariat_client.get(admin_url(practice, "history"))

    assert response.status_code == 200
    assert response.context["user"].username in response.text
    assert "Smart lighting" in response.text
    assert "Smart street lighting" in response.text
    # The library's "Changes" column: the old value, an arrow, the new one.
    assert "<strong>Title:</strong>" in response.text
    assert 'id="compare-revisions"' in response.text


def test_compare_two_chosen_revisions(secretariat_client, practice):
    first_with_pcp = [rev for rev in revisions(practice) if rev.title == "Smart lighting"][-1]
    last = revisions(practice)[-1]

    response = secretariat_client.get(
        admin_url(practice, "history_compare"), {"old": last.history_id, "new": first_with_pcp.history_id}
    )

    assert response.status_code == 200
    # Given in either order, the older revision is on the left.
    assert (response.context["old"], response.context["new"]) == (first_with_pcp, last)
    changes = {change["field"]: (change["old"], change["new"]) for change in response.context["changes"]}
    assert changes["Title"] == ("Smart lighting", "Smart street lighting")
    assert "Pre-commercial procurement" in str(changes["Instruments"][0])
    assert "Public procurement" in str(changes["Instruments"][1])


@pytest.mark.parametrize(
    "query", [{}, {"old": "x", "new": "1"}, {"old": "1", "new": "1"}, {"old": "999", "new": "998"}]
)
def test_compare_without_two_revisions_of_this_record_explains(secretariat_client, practice, query):
    other = GoodPracticeFactory()
    query = {key: str(other.history.first().history_id) if value == "999" else value for key, value in query.items()}

    response = secretariat_client.get(admin_url(practice, "history_compare"), query, follow=True)

    assert response.status_code == 200
    assert "Choose two different revisions" in response.text


def test_restore_an_earlier_revision_with_its_many_to_many_links(secretariat_client, practice):
    earlier = [rev for rev in revisions(practice) if rev.title == "Smart lighting"][-1]
    url = admin_url(practice, "simple_history", earlier.history_id)

    form = secretariat_client.get(url)
    response = secretariat_client.post(url, form_data(form))

    practice.refresh_from_db()
    shown = form.context["adminform"].form["instruments"].value()
    assert [instrument.name for instrument in Instrument.objects.filter(pk__in=shown)] == [
        "Pre-commercial procurement"
    ]
    assert response.status_code == 302
    assert practice.title == "Smart lighting"
    assert [instrument.name for instrument in practice.instruments.all()] == ["Pre-commercial procurement"]
    assert practice.status == Status.PUBLISHED
    assert practice.history.first().history_user == form.context["user"]


def test_restore_keeps_the_status(secretariat_client, practice):
    """A revision from before publication does not unpublish the record; one from before archiving does not
    publish it again."""
    draft_revision = GoodPracticeFactory(title="Draft era", status=Status.DRAFT)
    draft_revision.title = "Draft era, edited"
    draft_revision.save()
    GoodPractice.objects.filter(pk=draft_revision.pk).update(status=Status.ARCHIVED)
    earliest = revisions(draft_revision)[0]
    url = admin_url(draft_revision, "simple_history", earliest.history_id)

    secretariat_client.post(url, form_data(secretariat_client.get(url)))

    draft_revision.refresh_from_db()
    assert draft_revision.title == "Draft era"
    assert draft_revision.status == Status.ARCHIVED


def test_an_editor_cannot_revert_a_published_record(editor_client, partner, practice):
    editor = editor_client(partner)
    earlier = revisions(practice)[0]
    url = admin_url(practice, "simple_history", earlier.history_id)

    form = editor.get(url)
    response = editor.post(url, form_data(form), follow=True)

    practice.refresh_from_db()
    assert 'value="Revert"' not in form.text
    assert "Only the secretariat can revert a published record" in response.text
    assert practice.title == "Smart street lighting"


def test_an_editor_reverts_a_draft(editor_client, partner):
    editor = editor_client(partner)
    draft = GoodPracticeFactory(title="First words", partners=[partner], status=Status.DRAFT)
    open_and_post(editor, draft, title="Second thoughts")
    # The last revision with the first title (the factory's very first has no partners yet).
    earlier = [rev for rev in revisions(draft) if rev.title == "First words"][-1]
    url = admin_url(draft, "simple_history", earlier.history_id)

    editor.post(url, form_data(editor.get(url)))

    draft.refresh_from_db()
    assert draft.title == "First words"
    assert list(draft.partners.all()) == [partner]


def test_history_of_another_partners_record_is_closed(editor_client, practice):
    outsider = editor_client(PartnerFactory())
    first, last = revisions(practice)[0], revisions(practice)[-1]

    assert outsider.get(admin_url(practice, "history")).status_code == 403
    compare = outsider.get(admin_url(practice, "history_compare"), {"old": first.history_id, "new": last.history_id})
    assert compare.status_code == 403
    assert Client().get(admin_url(practice, "history_compare")).status_code == 302  # to the login page


def test_a_revision_id_that_is_not_a_number_is_not_found(secretariat_client, practice):
    assert secretariat_client.get(admin_url(practice, "simple_history", "latest")).status_code == 404
    assert secretariat_client.get(change_url(practice)).status_code == 200
