"""The map of the partnership: partners, study visits and meetings, and good practices, at their places in Europe.

Every published partner stands at its region's point, every published practice at its region's point, and every
published visit or meeting at its own point or, without one, its region's. The map is an SVG drawn on the server
(outlines from `glance.geo`); the list beside it says the same in words, and `map/points.csv` gives the same
records as open data. A record without a point is listed, never drawn. Three queries fetch the records whatever
their number, and a fourth the sources of their regions' coordinates. The practices are counted per region in the
database, and only the first few of each region are loaded (the list names no more, and so many at one place make
one marker); the CSV gives every record.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from django_countries import countries

from glance import geo
from partners.models import Partner, Region
from practices.models import GoodPractice, StudyVisit
from publishing.exports import render_csv
from publishing.models import Source


class MarkerKind:
    """What a marker stands for; each has its own shape on the map and its own heading in the list."""

    PARTNER = "partner"
    VISIT = "visit"
    PRACTICE = "good-practice"
    ORDER = (PARTNER, VISIT, PRACTICE)
    LABELS = {PARTNER: _("Partner"), VISIT: _("Study visit or meeting"), PRACTICE: _("Good practice")}


# Up to this many records at one place get a marker each, in a ring round the place; more get one marker that
# leads to the place's entry in the list.
MAX_RING = 8
MARKER_SPACING = 24  # SVG units between the centres of neighbouring markers in a ring
MIN_RING_RADIUS = 17
# The list beside the map names at most this many visits and practices of a region; the rest are a link away, on
# the list page filtered by the region. At 10,000 practices the full list would weigh over a megabyte.
LISTED_PER_REGION = 20


@dataclass
class MapItem:
    kind: str
    record: object
    title: str
    place: str
    region: Region | None
    latitude: Decimal | None
    longitude: Decimal | None
    position: tuple | None = None  # (x, y) of its place in the SVG, when it falls in the map's frame
    offset: tuple = (0.0, 0.0)  # its marker's shift from the place, in a ring
    weight: int = 1  # the records it stands for: the last practice listed in a region also counts those not loaded

    @property
    def url(self):
        return self.record.get_absolute_url()

    @property
    def kind_label(self):
        return MarkerKind.LABELS[self.kind]

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def is_drawn(self):
        return self.position is not None

    @property
    def marker_x(self):
        return round(self.position[0] + self.offset[0], 1)

    @property
    def marker_y(self):
        return round(self.position[1] + self.offset[1], 1)


@dataclass
class MapPlace:
    """One point on the map and the records drawn at it."""

    x: float
    y: float
    name: str
    anchor: str
    items: list = field(default_factory=list)

    @property
    def size(self):
        """The records at the place, those not loaded included."""
        return sum(item.weight for item in self.items)

    @property
    def is_cluster(self):
        return self.size > MAX_RING

    @property
    def label_x(self):
        """The place's name goes right of its markers, or left of them near the map's right edge."""
        shift = (18 if self.is_cluster else self.ring_radius + 12) + 6  # past the cluster's circle or the ring
        return round(self.x - shift if self.x > geo.WIDTH - 120 else self.x + shift, 1)

    @property
    def label_anchor(self):
        return "end" if self.x > geo.WIDTH - 120 else "start"

    @property
    def ring_radius(self):
        if len(self.items) == 1 or self.is_cluster:
            return 0
        return max(MIN_RING_RADIUS, MARKER_SPACING * len(self.items) / (2 * math.pi))


@dataclass
class ListGroup:
    """The records of one region in the list beside the map (or of none, for those without a region)."""

    region: Region | None
    anchor: str
    place: str
    partners: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    practices: list = field(default_factory=list)

    @property
    def items(self):
        return [*self.partners, *self.visits, *self.practices]

    def _listed(self, items):
        # Records without a region have no filtered list to send the rest to, so all of them are named.
        return items if self.region is None else items[:LISTED_PER_REGION]

    @property
    def listed_visits(self):
        return self._listed(self.visits)

    @property
    def listed_practices(self):
        return self._listed(self.practices)

    @property
    def more_visits(self):
        return len(self.visits) > len(self.listed_visits)

    @property
    def practice_total(self):
        return sum(item.weight for item in self.practices)

    @property
    def more_practices(self):
        return self.practice_total > len(self.listed_practices)


def region_point(region):
    if region is None or not region.has_point:
        return None, None
    return region.latitude, region.longitude


def region_place(region):
    return region.place or region.name


def listed_practices():
    """The first LISTED_PER_REGION published practices of each region by title (every one without a region), each
    with its region's number of practices, in one query: at 100,000 practices the page loads a few hundred."""
    practices = GoodPractice.objects.published().select_related("region").only("slug", "title", "region")
    ranked = practices.annotate(
        rank_in_region=Window(RowNumber(), partition_by=F("region"), order_by=[F("title"), F("pk")]),
        in_region=Window(Count("pk"), partition_by=F("region")),
    )
    return ranked.filter(Q(rank_in_region__lte=LISTED_PER_REGION) | Q(region__isnull=True)).order_by("title", "pk")


def map_items(summary=True):
    """Every published partner and visit as a MapItem, and every practice or (`summary`) the first ones of each
    region, the last of which stands for the rest; in three queries."""
    items = []
    for partner in Partner.objects.published().select_related("region"):
        items.append(
            MapItem(
                MarkerKind.PARTNER,
                partner,
                partner.name,
                region_place(partner.region),
                partner.region,
                *region_point(partner.region),
            )
        )
    for visit in StudyVisit.objects.published().select_related("region").order_by("start_date", "title"):
        point = (visit.latitude, visit.longitude) if visit.has_point else region_point(visit.region)
        items.append(MapItem(MarkerKind.VISIT, visit, visit.title, visit.place, visit.region, *point))
    # Only what a marker and a list line need: at 10,000 practices, their texts would be most of the page's time.
    practices = GoodPractice.objects.published().select_related("region").only("slug", "title", "region")
    for practice in listed_practices() if summary else practices:
        place = region_place(practice.region) if practice.region else ""
        item = MapItem(
            MarkerKind.PRACTICE, practice, practice.title, place, practice.region, *region_point(practice.region)
        )
        if summary and practice.region and practice.rank_in_region == min(practice.in_region, LISTED_PER_REGION):
            item.weight = practice.in_region - practice.rank_in_region + 1
        items.append(item)
    for item in items:
        if item.has_point:
            item.position = geo.to_svg(item.latitude, item.longitude)
    return items


GROUP_LISTS = {MarkerKind.PARTNER: "partners", MarkerKind.VISIT: "visits", MarkerKind.PRACTICE: "practices"}


def region_anchor(region):
    return f"region-{region.nuts_code.lower()}" if region else "region-none"


def list_groups(items):
    """The records grouped by region, regions by country and name; records without a region last."""
    groups = {}
    for item in items:
        key = item.region.nuts_code if item.region else None
        if key not in groups:
            place = region_place(item.region) if item.region else ""
            groups[key] = ListGroup(item.region, region_anchor(item.region), place)
        getattr(groups[key], GROUP_LISTS[item.kind]).append(item)
    return sorted(groups.values(), key=_group_order)


def _group_order(group):
    return (0, group.region.country.name, group.region.name) if group.region else (1, "", "")


def map_places(items):
    """The drawn records grouped by point, each group's markers set in a ring round the point."""
    by_point = defaultdict(list)
    for item in items:
        if item.is_drawn:
            by_point[item.position].append(item)
    places = []
    for (x, y), at_point in by_point.items():
        at_point.sort(key=lambda item: (MarkerKind.ORDER.index(item.kind), item.title))
        place = MapPlace(x, y, _place_name(at_point), region_anchor(at_point[0].region), at_point)
        if not place.is_cluster and len(at_point) > 1:
            for index, item in enumerate(at_point):
                angle = 2 * math.pi * index / len(at_point) - math.pi / 2
                item.offset = (place.ring_radius * math.cos(angle), place.ring_radius * math.sin(angle))
        places.append(place)
    # West to east, then north to south: the order in which keyboard focus moves across the map.
    return sorted(places, key=lambda place: (place.x, place.y))


def _place_name(items):
    """The town a point stands for: its region's place where a record sits at its region's point."""
    for item in items:
        if item.region and region_point(item.region) == (item.latitude, item.longitude) and item.region.place:
            return item.region.place
    return min((item.place for item in items if item.place), key=len, default="")


def partner_country_codes(items):
    """ISO 3166 numeric codes (as world-atlas writes them) of the countries where a published partner is."""
    return {
        countries.numeric(item.region.country.code, padded=True) for item in items if item.kind == MarkerKind.PARTNER
    }


class MapView(TemplateView):
    template_name = "glance/map.html"

    def get_context_data(self, **kwargs):
        items = map_items()
        partner_countries = partner_country_codes(items)
        region_ids = {item.region.pk for item in items if item.region}
        drawn = [item for item in items if item.is_drawn]
        return super().get_context_data(
            width=geo.WIDTH,
            height=geo.HEIGHT,
            max_ring=MAX_RING,
            countries=[(shape, shape.iso_numeric in partner_countries) for shape in geo.country_shapes()],
            places=map_places(items),
            groups=list_groups(items),
            counts={kind: sum(item.weight for item in items if item.kind == kind) for kind in MarkerKind.ORDER},
            drawn_count=sum(item.weight for item in drawn),
            undrawn_count=sum(item.weight for item in items) - sum(item.weight for item in drawn),
            item_count=sum(item.weight for item in items),
            sources=Source.objects.filter(partners_region_records__in=region_ids).distinct(),
            **kwargs,
        )


CSV_COLUMNS = ("kind", "title", "url", "place", "region", "latitude", "longitude")


class MapPointsCsvView(View):
    """map/points.csv: the records of the map, one row each, with the point they are drawn at (empty if none)."""

    def get(self, request):
        rows = (
            {
                "kind": item.kind,
                "title": item.title,
                "url": request.build_absolute_uri(item.url),
                "place": item.place,
                "region": item.region.nuts_code if item.region else None,
                "latitude": item.latitude,
                "longitude": item.longitude,
            }
            for item in map_items(summary=False)
        )
        response = HttpResponse(render_csv(CSV_COLUMNS, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="ibuy-map-points.csv"'
        return response
