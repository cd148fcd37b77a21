"""What every kind of record the API serves shares (the kinds themselves are in `api.kinds`): absolute
addresses, the representation of a region and of sources, and the `Kind` base class."""

from django.db.models import Prefetch
from django.urls import reverse

from publishing.models import Source

from .schema import array, obj, ref, text, timestamp, uri

# Records per page of a list: unless `page_size` says otherwise, and at most.
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def sources_prefetch(lookup="sources"):
    return Prefetch(lookup, queryset=Source.objects.all(), to_attr="api_sources")


def published(model, lookup, to_attr):
    return Prefetch(lookup, queryset=model.objects.published(), to_attr=to_attr)


class Addresses:
    """Absolute addresses for one request: a record's page and its JSON representation."""

    def __init__(self, request):
        self.request = request

    def absolute(self, path):
        return self.request.build_absolute_uri(path) if path else None

    def api(self, kind, slug):
        return self.absolute(reverse(f"api:{kind}-detail", args=[slug]))

    def link(self, record, kind):
        """A related record by its addresses, or None when it is missing or not published."""
        if record is None or not record.is_published:
            return None
        return {
            "slug": record.slug,
            "title": str(record),
            "url": self.absolute(record.get_absolute_url()),
            "api_url": self.api(kind, record.slug),
        }

    def file(self, field):
        return self.absolute(field.url) if field else None


def iso(day):
    return day.isoformat() if day else None


def or_none(value):
    return value if value not in ("", None) else None


def region(record):
    if record is None:
        return None
    return {"nuts_code": record.nuts_code, "name": record.name, "country": record.country.code}


def sources(record):
    return [
        {
            "key": source.key,
            "title": source.title,
            "publisher": or_none(source.publisher),
            "url": or_none(source.url),
            "note": or_none(source.note),
        }
        for source in record.api_sources
    ]


# Fields several kinds share.
SLUG = text("The record's stable name, the last part of its addresses.")
PAGE = uri("The record's page on the portal.")
API_URL = uri("This representation's own address.")
SOURCES = array(ref("Source"), "The documents its facts come from.")
CREATED = timestamp("When it was added to the portal.")
UPDATED = timestamp("When it was last changed.")
CODES = array(text(), "Codes of the instruments (as the `instrument` filter takes them).")


class Kind:
    """One kind of record: `name` is its part of the address (/api/v1/<name>/)."""

    name = ""
    model = None
    schema_name = ""
    description = ""
    list_view = None  # the page's list view, whose filters and sorts the API list takes as they are
    has_detail = True
    properties = {}

    @property
    def filterset_class(self):
        return self.list_view.filterset_class if self.list_view else None

    @property
    def sorts(self):
        return self.list_view.sorts if self.list_view else {}

    def queryset(self):
        return self.model.objects.published()

    def ordered(self, queryset, sort):
        return queryset.order_by(*self.sorts[sort][1])

    def common(self, record, to):
        return {
            "url": to.absolute(record.get_absolute_url()),
            "api_url": to.api(self.name, record.slug),
            "sources": sources(record),
            "created": record.created.isoformat(),
            "updated": record.updated.isoformat(),
        }

    def represent(self, record, to):
        raise NotImplementedError

    def schema(self):
        return obj(self.properties, self.description)
