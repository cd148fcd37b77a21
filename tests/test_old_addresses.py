"""A record's public address is its permanent identifier: after a slug change the old address answers with a
permanent redirect (301) to the new one, through a direct edit and through the review of an editor's change."""

import pytest
from django.test import Client

from partners.models import Partner
from practices.models import GoodPractice
from publishing.models import SlugHistory, Status
from tests.admin_forms import change_url, form_data, open_and_post
from tests.factories import GoodPracticeFactory, PartnerFactory, ReportFactory, StudyVisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    return PartnerFactory(name="Vilnius procurement office")


@pytest.fixture
def practice(partner):
    created = GoodPracticeFactory(title="Innovation brokers", slug="innovation-brokers", partners=[partner])
    GoodPractice.objects.filter(pk=created.pk).update(status=Status.PUBLISHED)
    return GoodPractice.objects.get(pk=created.pk)


def test_an_old_slug_redirects_permanently_to_the_new_address(practice):
    practice.slug = "innovation-brokers-in-hospitals"
    practice.save()

    response = Client().get("/practices/innovation-brokers/?page=2")

    assert response.status_code == 301
    assert response["Location"] == "/practices/innovation-brokers-in-hospitals/?page=2"
    assert Client().get(response["Location"]).status_code == 200


def test_a_slug_changed_by_publishing_an_editors_waiting_change_redirects(
    partner, practice, editor_client, secretariat_client
):
    open_and_post(editor_client(partner), practice, slug="brokers-of-innovation")
    practice.refresh_from_db()
    # Still waiting for review: the public address has not changed.
    assert practice.slug == "innovation-brokers"
    assert Client().get("/practices/innovation-brokers/").status_code == 200

    page = secretariat_client.get(change_url(practice))
    secretariat_client.post(change_url(practice), form_data(page))

    practice.refresh_from_db()
    assert practice.slug == "brokers-of-innovation"
    response = Client().get("/practices/innovation-brokers/")
    assert (response.status_code, response["Location"]) == (301, "/practices/brokers-of-innovation/")


def test_a_drafts_slug_is_not_kept_and_an_unknown_slug_is_still_not_found(partner):
    draft = GoodPracticeFactory(slug="first-name", partners=[partner], status=Status.DRAFT)
    draft = GoodPractice.objects.get(pk=draft.pk)
    draft.slug = "second-name"
    draft.save()

    assert not SlugHistory.objects.exists()
    assert Client().get("/practices/first-name/").status_code == 404
    assert Client().get("/practices/never-was/").status_code == 404


def test_an_old_slug_of_a_record_no_longer_published_is_not_found(practice):
    practice.slug = "renamed"
    practice.save()
    GoodPractice.objects.filter(pk=practice.pk).update(status=Status.ARCHIVED)

    assert Client().get("/practices/innovation-brokers/").status_code == 404


def test_taking_an_old_slug_back_removes_the_redirect_and_each_kind_keeps_its_own(practice):
    practice.slug = "renamed"
    practice.save()
    practice.slug = "innovation-brokers"
    practice.save()

    assert list(SlugHistory.objects.values_list("old_slug", flat=True)) == ["renamed"]
    assert Client().get("/practices/innovation-brokers/").status_code == 200
    assert Client().get("/practices/renamed/").status_code == 301
    # The same slug on another kind of record is another address.
    assert Client().get("/partners/renamed/").status_code == 404


@pytest.mark.parametrize("factory", [PartnerFactory, StudyVisitFactory, ReportFactory])
def test_every_kind_of_item_page_redirects_from_an_old_slug(factory):
    created = factory(slug="old-address", status=Status.PUBLISHED)
    record = type(created).objects.get(pk=created.pk)
    old_url = record.get_absolute_url()
    record.slug = "new-address"
    record.save()

    response = Client().get(old_url)

    assert response.status_code == 301
    assert response["Location"] == record.get_absolute_url()


def test_a_published_partners_slug_change_in_the_admin_is_kept(superuser_client):
    partner = PartnerFactory(slug="old-partner", status=Status.PUBLISHED)
    partner = Partner.objects.get(pk=partner.pk)

    response = superuser_client.post(
        change_url(partner), form_data(superuser_client.get(change_url(partner)), slug="new-partner")
    )

    assert response.status_code == 302
    assert Client().get("/partners/old-partner/")["Location"] == "/partners/new-partner/"


def test_the_api_follows_an_old_slug_too_while_the_record_is_published(practice):
    practice.slug = "innovation-brokers-in-hospitals"
    practice.save()

    response = Client().get("/api/v1/practices/innovation-brokers/")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/practices/innovation-brokers-in-hospitals/"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert Client().get(response["Location"]).json()["slug"] == "innovation-brokers-in-hospitals"
    GoodPractice.objects.filter(pk=practice.pk).update(status=Status.ARCHIVED)
    assert Client().get("/api/v1/practices/innovation-brokers/").status_code == 404
