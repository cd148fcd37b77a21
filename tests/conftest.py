import pytest
from django.db import connection

from tests.factories import UserFactory


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` need the PostgreSQL server; on SQLite they are skipped, saying why."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://... (see README)")
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client
