"""Generated requests (schemathesis, on Hypothesis) thrown at every operation of the API's OpenAPI document,
through the portal's real WSGI application on the test database: no answer is a server error, and every answer
has a status, headers, content type and body that the document describes. Bounded: a few dozen requests per
operation and mode, under a minute in all.

Requests that break the document (negative mode: a page_size of "abc", a sort the list does not have) are
expected to be answered 200 with the bad value ignored and named in `ignored`, as the pages do, so the check that
such data is rejected with 4xx is left out; every other built-in check runs.
"""

from contextlib import contextmanager

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import load_all_checks
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection

from tests.api_content import make_drafts, make_records, shared

EXAMPLES = 25


@contextmanager
def one_connection():
    """The requests run in the test's transaction, as Django's own test client runs them: the WSGI handler's
    `close_old_connections` would close the connection that holds it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, settings):
    settings.ALLOWED_HOSTS = ["localhost"]  # the host of schemathesis's WSGI client
    related = shared()
    make_records(related, 3)
    make_drafts(related)
    with one_connection():
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def run(operation, mode):
    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def throw(case):
        case.call_and_validate(excluded_checks=[negative_data_rejection])

    throw()


def test_every_operation_answers_generated_requests_as_the_document_says(api_schema):
    load_all_checks()
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 11  # 6 lists, 5 records (schemathesis leaves out the document's own address)
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            run(operation, mode)
