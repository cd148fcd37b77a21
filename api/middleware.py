"""Around every /api/ answer, cached or not: any origin may read it (CORS), and a client that already holds the
same answer gets 304 Not Modified; an error is JSON too.

The ETag is a hash of the answer's body, so it changes exactly when the answer does, whatever changed it (the
record, a related record's title or publication, a source). A Last-Modified date from the records' `updated`
would miss those changes and make a client keep a stale copy, so none is sent. Placed outside the page cache
(settings.MIDDLEWARE), it also answers 304 for a page served from the cache, without the database.
"""

from django.http import JsonResponse
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.translation import gettext as _

PREFIX = "/api/"


def as_json(response):
    """Django's own 404 (an address no pattern matches) and 405 pages, as the API's JSON errors."""
    if response.status_code == 404:
        detail = _("There is nothing at this address of the API: see /api/v1/openapi.json.")
    else:
        detail = _("The API only reads: use GET or HEAD.")
    answer = JsonResponse({"detail": detail}, status=response.status_code)
    if response.has_header("Allow"):
        answer["Allow"] = response["Allow"]
    return answer


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(PREFIX):
            return response
        if response.status_code in (404, 405) and not response.get("Content-Type", "").startswith("application/json"):
            response = as_json(response)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
            set_response_etag(response)
            if response.has_header("ETag"):  # not on an empty body (HEAD answered from the page cache)
                response = get_conditional_response(request, etag=response["ETag"], response=response)
        response["Access-Control-Allow-Origin"] = "*"
        return response
