"""The geometry of the map: Europe's country outlines in the EU's map projection, as SVG path data.

The outlines are Natural Earth's (public domain) at 1:50 million, as the npm package world-atlas 2.0.2 ships them
in TopoJSON, vendored unchanged in `glance/data/world-atlas/` (its README says how). They are read, projected,
clipped to the frame of the map and turned into path strings once per process; only the points change per request.

Projection: ETRS89 Lambert azimuthal equal-area (EPSG:3035: GRS80 ellipsoid, centre 52° N 10° E, false easting
4,321,000 m, false northing 3,210,000 m), from the formulas in IOGP's EPSG Guidance Note 7-2.
"""

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

# Server-only data, outside the static folders: collectstatic does not publish its 740 kB.
TOPOJSON = Path(__file__).resolve().parent / "data" / "world-atlas" / "countries-50m.json"

# GRS80 and the parameters of EPSG:3035.
_A = 6378137.0
_F = 1 / 298.257222101
_E2 = 2 * _F - _F * _F
_E = math.sqrt(_E2)
_LAT0 = math.radians(52)
_LON0 = math.radians(10)
FALSE_EASTING = 4321000.0
FALSE_NORTHING = 3210000.0


def _q(sin_lat):
    return (1 - _E2) * (
        sin_lat / (1 - _E2 * sin_lat * sin_lat) - (1 / (2 * _E)) * math.log((1 - _E * sin_lat) / (1 + _E * sin_lat))
    )


_QP = _q(1.0)
_BETA0 = math.asin(_q(math.sin(_LAT0)) / _QP)
_RQ = _A * math.sqrt(_QP / 2)
_D = _A * math.cos(_LAT0) / (math.sqrt(1 - _E2 * math.sin(_LAT0) ** 2) * _RQ * math.cos(_BETA0))


def laea(latitude, longitude):
    """(easting, northing) in metres of EPSG:3035 for a point in degrees, or None at the far side of the globe."""
    lat = math.radians(latitude)
    delta_lon = math.radians(longitude) - _LON0
    beta = math.asin(max(-1.0, min(1.0, _q(math.sin(lat)) / _QP)))
    cos_c = 1 + math.sin(_BETA0) * math.sin(beta) + math.cos(_BETA0) * math.cos(beta) * math.cos(delta_lon)
    if cos_c < 1e-9:  # the antipode of the centre has no single image
        return None
    b = _RQ * math.sqrt(2 / cos_c)
    easting = FALSE_EASTING + b * _D * math.cos(beta) * math.sin(delta_lon)
    northing = FALSE_NORTHING + (b / _D) * (
        math.cos(_BETA0) * math.sin(beta) - math.sin(_BETA0) * math.cos(beta) * math.cos(delta_lon)
    )
    return easting, northing


# The frame of the map in EPSG:3035 metres: Portugal to Finland, Greece to the Arctic Circle and beyond.
FRAME_WEST = 2_450_000.0
FRAME_EAST = 6_250_000.0
FRAME_SOUTH = 1_380_000.0
FRAME_NORTH = 5_400_000.0
# SVG user units: the map is WIDTH wide; HEIGHT follows from the frame.
WIDTH = 1000
UNITS_PER_METRE = WIDTH / (FRAME_EAST - FRAME_WEST)
HEIGHT = round((FRAME_NORTH - FRAME_SOUTH) * UNITS_PER_METRE)
# Only polygons reaching into this box of longitudes and latitudes can show in the frame.
_NEAR = (-45.0, 20.0, 70.0, 85.0)  # west, south, east, north
_TOLERANCE = 0.7  # SVG units: outlines are simplified to this, about half a pixel on a wide screen


def to_svg(latitude, longitude):
    """(x, y) in the SVG's user units of a point in degrees, or None when it falls outside the frame."""
    projected = laea(float(latitude), float(longitude))
    if projected is None:
        return None
    x, y = _svg_xy(*projected)
    if not (0 <= x <= WIDTH and 0 <= y <= HEIGHT):
        return None
    return round(x, 1), round(y, 1)


def _svg_xy(easting, northing):
    return (easting - FRAME_WEST) * UNITS_PER_METRE, (FRAME_NORTH - northing) * UNITS_PER_METRE


@dataclass(frozen=True)
class CountryShape:
    iso_numeric: str  # ISO 3166-1 numeric code as world-atlas gives it ("440"), or "" where it gives none
    name: str
    path: str  # SVG path data in the map's user units


@functools.cache
def country_shapes():
    """Every country that shows in the frame, with its outline as SVG path data; computed once per process."""
    with TOPOJSON.open(encoding="utf-8") as file:
        topology = json.load(file)
    arcs = _decode_arcs(topology)
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs")], "MultiPolygon": geometry.get("arcs")}.get(geometry["type"], [])
        path = "".join(
            _ring_path(ring)
            for polygon in polygons
            if _near(_ring(arcs, polygon[0]))
            for ring in (_ring(arcs, indexes) for indexes in polygon)
        )
        if path:
            shapes.append(CountryShape(str(geometry.get("id") or ""), geometry["properties"]["name"], path))
    return tuple(sorted(shapes, key=lambda shape: shape.name))


def _decode_arcs(topology):
    """TopoJSON's quantized, delta-encoded arcs as lists of (longitude, latitude)."""
    (scale_x, scale_y), (translate_x, translate_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        decoded.append(points)
    return decoded


def _ring(arcs, indexes):
    """A closed ring from its arcs; a negative index ~i is arc i reversed. Each arc repeats the last point."""
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _near(ring):
    west, south, east, north = _NEAR
    return any(west <= lon <= east and south <= lat <= north for lon, lat in ring)


def _ring_path(ring):
    """A ring as relative SVG path data in whole user units; empty when it is too small to see."""
    projected = [laea(lat, lon) for lon, lat in ring]
    points = _clip([_svg_xy(*point) for point in projected if point is not None])
    points = [(round(x), round(y)) for x, y in _simplify(points)]
    points = [point for index, point in enumerate(points) if index == 0 or point != points[index - 1]]
    if len(points) < 3:
        return ""
    (x, y), *rest = points
    path = [f"M{x} {y}"]
    for next_x, next_y in rest:
        path.append(f"l{next_x - x} {next_y - y}".replace(" -", "-"))
        x, y = next_x, next_y
    return "".join(path) + "z"


def _clip(points):
    """Sutherland-Hodgman: the ring cut to the frame (edges along the frame's border are harmless when filled)."""
    edges = [
        (lambda p: p[0] >= 0, lambda p, q: _cross_x(p, q, 0)),
        (lambda p: p[0] <= WIDTH, lambda p, q: _cross_x(p, q, WIDTH)),
        (lambda p: p[1] >= 0, lambda p, q: _cross_y(p, q, 0)),
        (lambda p: p[1] <= HEIGHT, lambda p, q: _cross_y(p, q, HEIGHT)),
    ]
    for inside, crossing in edges:
        if not points:
            break
        clipped = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    clipped.append(crossing(previous, point))
                clipped.append(point)
            elif inside(previous):
                clipped.append(crossing(previous, point))
            previous = point
        points = clipped
    return points


def _cross_x(p, q, x):
    t = (x - p[0]) / (q[0] - p[0])
    return x, p[1] + t * (q[1] - p[1])


def _cross_y(p, q, y):
    t = (y - p[1]) / (q[1] - p[1])
    return p[0] + t * (q[0] - p[0]), y


def _simplify(points):
    """Douglas-Peucker: keeps the vertices that move the outline by more than the tolerance."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        farthest, distance = None, _TOLERANCE
        for index in range(first + 1, last):
            px, py = points[index]
            if length:
                offset = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                offset = math.hypot(px - ax, py - ay)
            if offset > distance:
                farthest, distance = index, offset
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]
