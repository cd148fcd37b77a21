"""Signals of the content apps, for the layers above them to listen to without being imported."""

from django.dispatch import Signal

# Sent inside the transaction of a write that bypasses the per-row model signals (bulk inserts and deletes, as
# the demo data does), so that whatever holds copies of pages (the project's page cache) empties them on commit.
content_written_in_bulk = Signal()
