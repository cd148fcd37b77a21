"""The facet index: which published records carry each facet value, as integer bitsets, so that a list's facet
counts are a few AND operations and a popcount instead of a GROUP BY over every matching row per facet.

An index is built per filter set class, in each process, from one query for the records and one per facet, and
kept while the content generation (`publishing.generation`) of the database it was read from stays the same: any
change to the content gives a new token, and the next list request of that process builds a new index. Record
number i in primary-key order is bit i. A facet's mask for its chosen values is the OR of their bitsets; the
results are the AND of every filter's mask; an option's count is the popcount of its bitset AND the masks of the
other filters, which is what `Facet.counts()` counts in SQL with the other facets applied. Filters that are no
facet (the text search) give their matches in one query per request.
"""

import threading
from array import array
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from publishing import generation


def bitset(positions, size):
    """An int with the bits at `positions` set."""
    bits = bytearray((size + 7) // 8)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(bits, "little")


def set_positions(mask, limit=None):
    """The positions of the bits set in `mask`, lowest first, at most `limit` of them."""
    found = []
    data = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
    for index, byte in enumerate(data):
        while byte:
            low = byte & -byte
            found.append(index * 8 + low.bit_length() - 1)
            if limit is not None and len(found) >= limit:
                return found
            byte ^= low
    return found


@dataclass
class FacetIndex:
    key: tuple
    pks: list  # position -> primary key, ascending
    positions: dict  # primary key -> position
    everything: int  # every record's bit
    facets: dict  # facet name -> what Facet.index_data() built
    orders: dict = field(default_factory=dict)  # ordering -> positions in that order, built on first use

    def mask_of_pks(self, pks):
        positions = self.positions
        return bitset((positions[pk] for pk in pks if pk in positions), len(self.pks))

    def pks_of(self, mask, limit=None):
        pks = self.pks
        return [pks[position] for position in set_positions(mask, limit)]

    def pks_in_order(self, mask, queryset, ordering, start, stop):
        """The primary keys of the records of `mask` from `start` to `stop` in `ordering` (the order read in one
        query the first time it is asked for in this generation)."""
        key = tuple(map(str, ordering))
        order = self.orders.get(key)
        if order is None:
            positions = self.positions
            ordered = queryset.order_by(*ordering, "pk").values_list("pk", flat=True).iterator(chunk_size=10000)
            order = self.orders[key] = array("l", (positions[pk] for pk in ordered if pk in positions))
        bits = mask.to_bytes((len(self.pks) + 7) // 8, "little")
        found, seen = [], 0
        for position in order:
            if bits[position >> 3] >> (position & 7) & 1:
                if seen >= start:
                    found.append(self.pks[position])
                    if len(found) >= stop - start:
                        break
                seen += 1
        return found


def build(filterset, key):
    queryset = filterset.queryset.order_by()
    pks = sorted(queryset.values_list("pk", flat=True))
    positions = {pk: position for position, pk in enumerate(pks)}
    facets = {}
    for name, facet in filterset.facets.items():
        groups = defaultdict(list)
        for pk, value in facet.index_pairs(queryset):
            if value is not None and pk in positions:
                groups[value].append(positions[pk])
        facets[name] = facet.index_data(groups, len(pks))
    return FacetIndex(key, pks, positions, (1 << len(pks)) - 1, facets)


_indexes = {}
_lock = threading.Lock()


def index_for(filterset):
    """The index of `filterset`'s class over its queryset, current for the content generation of the database the
    queryset reads from (one query to learn it); None when the database has no generation row."""
    using = filterset.queryset.db
    token = generation.current(using)
    if token is None:
        return None
    key = (type(filterset), using, token, timezone.now().year)
    found = _indexes.get(key[:2])
    if found is not None and found.key == key:
        return found
    index = build(filterset, key)
    with _lock:
        _indexes[key[:2]] = index  # one index per class and database: the previous generation's is let go
    return index
