"""The read-only API's views: a list of one kind of record (filtered, sorted and paged as its page is), one record,
and the OpenAPI document that describes them (`api.openapi`). Every answer is JSON, errors included."""

from django.core.paginator import Paginator
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from publishing.facets import shown
from publishing.models import SlugHistory

from .base import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Addresses
from .kinds import KINDS
from .openapi import document

# The API only reads (every view is require_safe) and sets no cookie: exempt from the CSRF check so that another
# method is answered by the API's own JSON 405, not by the HTML page of a failed CSRF check.
read_only = csrf_exempt


# Read by the API itself, never a filter.
API_PARAMETERS = {"page", "page_size", "sort"}
JSON_OPTIONS = {"ensure_ascii": False}


def error(status, detail):
    return JsonResponse({"detail": detail}, status=status, json_dumps_params=JSON_OPTIONS)


def last_value(request, name, notes):
    values = request.GET.getlist(name)
    if len(values) > 1:
        message = _("%(name)s was given %(count)d times: the last one was used")
        notes.append(message % {"name": name, "count": len(values)})
    return values[-1].strip() if values else ""


def page_size(request, notes):
    raw = last_value(request, "page_size", notes)
    if not raw:
        return DEFAULT_PAGE_SIZE
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        message = _("page_size '%(value)s' is not a number from 1 to %(max)d")
        notes.append(message % {"value": shown(raw), "max": MAX_PAGE_SIZE})
        return DEFAULT_PAGE_SIZE
    if len(raw) > 6 or int(raw) > MAX_PAGE_SIZE:
        notes.append(_("page_size is at most %(max)d") % {"max": MAX_PAGE_SIZE})
        return MAX_PAGE_SIZE
    return int(raw)


def page_number(request, paginator, notes):
    """As on the page: a number, or `last`; anything else is page 1, said so; a number past the end is None."""
    raw = last_value(request, "page", notes)
    if raw == "last":
        return paginator.num_pages
    if raw.isascii() and raw.isdigit():
        number = int(raw) if len(raw) < 19 else paginator.num_pages + 1
        if number >= 1:
            return number if number <= paginator.num_pages else None
    if raw:
        notes.append(_("page '%(value)s' is not a page number: showing page 1") % {"value": shown(raw)})
    return 1


def sort_of(request, kind, notes):
    raw = last_value(request, "sort", notes)
    if raw in kind.sorts:
        return raw
    if raw:
        notes.append(_("sort '%(value)s' is not a way to sort this list") % {"value": shown(raw)})
    return next(iter(kind.sorts), None)


def filtered(request, kind, notes):
    """The kind's published records with the list page's own filters applied, and the filters accepted."""
    params = request.GET.copy()
    params.pop("page_size", None)
    queryset = kind.queryset()
    if kind.filterset_class is None:
        unknown = [name for name in params if name not in API_PARAMETERS]
        notes.extend(_("'%(name)s' is not a filter of this list") % {"name": shown(name)} for name in unknown[:5])
        return queryset, {}
    filterset = kind.filterset_class(params, queryset=queryset, request=request)
    notes.extend(filterset.ignored)
    return filterset.qs, {name: filterset.data.getlist(name) for name in filterset.data}


def page_address(request, number):
    params = request.GET.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@read_only
@require_safe
def record_list(request, kind):
    kind = KINDS[kind]
    notes = []
    size = page_size(request, notes)
    queryset, filters = filtered(request, kind, notes)
    sort = sort_of(request, kind, notes)
    paginator = Paginator(kind.ordered(queryset, sort), size)
    number = page_number(request, paginator, notes)
    if number is None:
        return error(404, _("This list has no such page: it has %(count)d.") % {"count": paginator.num_pages})
    page = paginator.page(number)
    to = Addresses(request)
    body = {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "page_size": size,
        "next": page_address(request, page.next_page_number()) if page.has_next() else None,
        "previous": page_address(request, page.previous_page_number()) if page.has_previous() else None,
        "sort": sort,
        "filters": filters,
        "ignored": notes,
        "results": [kind.represent(record, to) for record in page.object_list],
    }
    return JsonResponse(body, json_dumps_params=JSON_OPTIONS)


@read_only
@require_safe
def record_detail(request, kind, slug):
    kind = KINDS[kind]
    record = kind.queryset().filter(slug=slug).first()
    if record is None:
        # A slug the record had before it changed leads to its current address, as the item pages do.
        renamed = SlugHistory.current(kind.model, slug)
        if renamed is not None and renamed.is_published:
            address = reverse(f"api:{kind.name}-detail", args=[renamed.slug])
            if request.META.get("QUERY_STRING"):
                address += "?" + request.META["QUERY_STRING"]
            return HttpResponsePermanentRedirect(address)
        return error(404, _("No published %(kind)s has this address.") % {"kind": kind.model._meta.verbose_name})
    return JsonResponse(kind.represent(record, Addresses(request)), json_dumps_params=JSON_OPTIONS)


@read_only
@require_safe
def openapi_document(request):
    return JsonResponse(document(), json_dumps_params=JSON_OPTIONS)
