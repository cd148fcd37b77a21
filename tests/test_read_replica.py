"""The read replica's router with a real second database connection: one that answers, and one that cannot.

The answering replica is a second connection to the test database; the lost one points where no database can be
opened (a closed port on PostgreSQL, a missing folder on SQLite), so every connection attempt really fails.
"""

import copy
import time

import pytest
from django import conf
from django.db import connections, transaction
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext

from ibuy_portal import db_routers
from ibuy_portal.db_routers import REPLICA, ReplicaRouter, ReplicaState
from practices.models import GoodPractice
from tests import factories

PASSWORD = "correct horse battery staple"


@pytest.fixture
def replica(transactional_db, settings, monkeypatch):
    """A "replica" database and the router for one test; `replica(answering=False)` makes it unreachable.

    The connection is made here rather than declared in the test's databases: the test database is set up once for
    the whole suite, where no other test has a replica. The tests run outside a transaction (transactional_db),
    since inside one every read goes to the primary.
    """
    settings.DATABASE_ROUTERS = ["ibuy_portal.db_routers.ReplicaRouter"]

    def configure(answering=True, forget_failures=True):
        close()
        replica_settings = copy.deepcopy(connections["default"].settings_dict)
        if not answering:
            if replica_settings["ENGINE"].endswith("sqlite3"):
                replica_settings["NAME"] = "/no-such-folder/ibuy-replica.sqlite3"
            else:
                replica_settings.update(HOST="127.0.0.1", PORT="1")  # nothing listens there: the connection is refused
        monkeypatch.setattr(conf.settings, "DATABASES", {**conf.settings.DATABASES, REPLICA: replica_settings})
        wrapper = load_backend(replica_settings["ENGINE"]).DatabaseWrapper(replica_settings, alias=REPLICA)
        setattr(connections._connections, REPLICA, wrapper)
        if forget_failures:
            ReplicaState.reset()
        return wrapper

    def close():
        wrapper = getattr(connections._connections, REPLICA, None)
        if wrapper is not None:
            wrapper.close()
            delattr(connections._connections, REPLICA)

    configure()
    yield configure
    close()
    ReplicaState.reset()


def test_visitors_read_from_an_answering_replica(replica):
    assert ReplicaRouter().db_for_read(GoodPractice) == "replica"
    assert GoodPractice.objects.all().db == "replica"


def test_with_the_replica_lost_reads_go_to_the_primary_and_pages_answer(replica, client):
    replica(answering=False)
    practice = factories.GoodPracticeFactory(title="Pre-commercial procurement of e-health services")
    assert ReplicaRouter().db_for_read(GoodPractice) == "default"
    for path in ("/practices/", practice.get_absolute_url()):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Pre-commercial procurement of e-health services" in response.content.decode()


def test_a_lost_replica_is_not_tried_again_until_the_retry_time_has_passed(replica):
    replica(answering=False)
    assert ReplicaRouter().db_for_read(GoodPractice) == "default"
    # The replica is back, but left alone until the retry time has passed: no connection attempt per read.
    back = replica(answering=True, forget_failures=False)
    assert ReplicaRouter().db_for_read(GoodPractice) == "default"
    assert back.connection is None
    ReplicaState.down_until = time.monotonic() - 1  # the retry time has passed
    assert ReplicaRouter().db_for_read(GoodPractice) == "replica"
    assert back.connection is not None


def test_after_signing_in_and_saving_an_editor_reads_every_page_from_the_primary(replica, client):
    staff = factories.UserFactory(username="editor", password=PASSWORD, is_staff=True, is_superuser=True)
    response = client.post("/admin/login/?next=/admin/", {"username": staff.username, "password": PASSWORD})
    assert response.status_code == 302
    practice = factories.GoodPracticeFactory(title="Innovation partnership for school meals")
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        page = client.get(practice.get_absolute_url())
        listing = client.get("/practices/")
    assert page.status_code == 200
    assert "Innovation partnership for school meals" in page.content.decode()
    assert "Innovation partnership for school meals" in listing.content.decode()
    assert len(on_replica) == 0
    assert len(on_primary) > 0


def test_inside_a_transaction_reads_go_to_the_primary_that_holds_its_writes(replica):
    with transaction.atomic():
        practice = factories.GoodPracticeFactory()
        assert ReplicaRouter().db_for_read(GoodPractice) == "default"
        assert GoodPractice.objects.filter(pk=practice.pk).exists()
    assert ReplicaRouter().db_for_read(GoodPractice) == "replica"


@pytest.mark.parametrize(("answering", "status", "state"), [(True, "ok", "ok"), (False, "degraded", "unavailable")])
def test_healthz_reports_the_replica_and_stays_up_without_it(replica, client, answering, status, state):
    replica(answering=answering)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": status, "databases": {"default": "ok", "replica": state}, "cache": "off"}


def test_without_the_primary_healthz_answers_503_even_with_the_replica(replica, client, monkeypatch):
    def refuse():
        raise db_routers.DatabaseError("connection refused")

    with monkeypatch.context() as patched:  # undone before the test's tables are emptied
        patched.setattr(connections["default"], "ensure_connection", refuse)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["databases"] == {"default": "unavailable", "replica": "ok"}
