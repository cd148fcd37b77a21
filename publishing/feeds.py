"""Any public list as an Atom feed: the same address with `format=atom` ("Follow this search").

The feed holds the records of the list's filter, newest publication first, at most FEED_SIZE of them; `sort` and
`page` are ignored and so are unknown or bad parameters, as the list ignores them. A record's publication date is
the time of its last "publish" step in the workflow (`Transition`); a record that never took one (loaded from the
documented content or made by the demo data) counts as published when it was created.
"""

from django.db.models import DateTimeField, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from publishing.models import Step, Transition

FEED_SIZE = 50
FEED_CONTENT_TYPE = "application/atom+xml; charset=utf-8"


def publication_date(model):
    """An expression for the time a record of `model` was last published (its creation when it never took the
    step), for `annotate()`: one correlated subquery on the review notes' index, no query per row."""
    meta = model._meta.concrete_model._meta
    last_publish = Transition.objects.filter(
        content_type__app_label=meta.app_label,
        content_type__model=meta.model_name,
        object_id=OuterRef("pk"),
        step=Step.PUBLISH,
    ).order_by("-at")
    return Coalesce(Subquery(last_publish.values("at")[:1]), F("created"), output_field=DateTimeField())


def newest_first(queryset):
    """The queryset with `published_at` on each record, newest publication first."""
    return queryset.annotate(published_at=publication_date(queryset.model)).order_by("-published_at", "-pk")


def search_title(items_plural, active_filters):
    """What a followed search is called: the list's name and its chosen filters ("Good practices: Country:
    Lithuania")."""
    name = str(items_plural).capitalize()
    if not active_filters:
        return name
    chosen = "; ".join(f"{active.legend}: {active.label}" for active in active_filters)
    return f"{name}: {chosen}"


def saved_query(filterset):
    """The accepted filter of a list as one normalised query string (names and values sorted), so that the same
    search always has the same address, whatever order or unknown parameters the visitor's address had."""
    data = filterset.data
    pairs = sorted((name, value) for name in data for value in data.getlist(name) if value != "")
    return urlencode(pairs)


class AtomFeedMixin:
    """`?format=atom` on a FacetedListView: the filtered records as an Atom feed; any other request goes on."""

    feed_size = FEED_SIZE

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "atom":
            return self.atom_feed()
        return super().get(request, *args, **kwargs)

    def feed_records(self):
        return newest_first(self.filterset.qs)[: self.feed_size]

    def feed_link(self, feed=False):
        query = saved_query(self.filterset)
        if feed:
            query = f"{query}&format=atom" if query else "format=atom"
        return self.request.build_absolute_uri(f"{self.request.path}?{query}" if query else self.request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = saved_query(self.filterset)
        context.update(
            follow_query=query,
            feed_url=f"?{query}&format=atom" if query else "?format=atom",
            feed_title=self.feed_title(),
        )
        return context

    def feed_title(self):
        plural = self.items_label[1] if self.items_label else self.model._meta.verbose_name_plural
        return _("iBuy: %(search)s") % {"search": search_title(plural, self.filterset.active_filters())}

    def atom_feed(self):
        feed = Atom1Feed(
            title=self.feed_title(),
            link=self.feed_link(),
            feed_url=self.feed_link(feed=True),
            description=_("The newest published records of this search on the iBuy portal."),
            author_name=_("iBuy partnership"),
            language=get_language(),
        )
        for record in self.feed_records():
            feed.add_item(
                title=str(record),
                link=self.request.build_absolute_uri(record.get_absolute_url()),
                # Atom carries the summary as HTML; the summary is plain text, so markup in it is shown, not run.
                description=escape(getattr(record, "summary", "") or ""),
                unique_id=self.request.build_absolute_uri(record.get_absolute_url()),
                pubdate=record.published_at,
                updateddate=max(record.updated, record.published_at),
            )
        response = HttpResponse(content_type=FEED_CONTENT_TYPE)
        feed.write(response, "utf-8")
        return response
