"""The content generation: a token in the database that changes in the same transaction as every change to the
portal's content, so that a copy of something derived from the published records (the facet index,
`publishing.facet_index`) knows when it is out of date, in every process and on a read replica alike (the token
replicates with the rows it describes).

The token is random, never a counter: a rolled-back change (every test's) leaves the old token, and no later change
can come back to a token an older copy was made under. The project (ibuy_portal.page_cache) calls `changed()`
from its receivers of every content model's signals.
"""

import uuid

from django.db import router

from publishing.models import ContentGeneration

ROW = 1


def ensure_row(sender, using="default", apps=None, **kwargs):
    """post_migrate receiver: the row exists after every migrate and every flush (a test database's too)."""
    if apps is None:  # a flush sends the signal without the migration state
        from django.apps import apps
    try:
        model = apps.get_model("publishing", "ContentGeneration")
    except LookupError:  # migrated back to before the table
        return
    model.objects.using(using).get_or_create(pk=ROW, defaults={"token": uuid.uuid4().hex})


def changed(using=None):
    """Give the content a new token, inside the current transaction (nothing to do before the table exists)."""
    using = using or router.db_for_write(ContentGeneration)
    ContentGeneration.objects.using(using).filter(pk=ROW).update(token=uuid.uuid4().hex)


def current(using):
    """The token as `using` sees it, in one query; None when there is no row (a flushed test database)."""
    return ContentGeneration.objects.using(using).filter(pk=ROW).values_list("token", flat=True).first()
