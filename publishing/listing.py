"""The public list view every app's lists share: published records filtered by a FacetedFilterSet
(`publishing.facets`), sorted, paged and exportable, with bad input set aside and said so."""

from dataclasses import dataclass

from django.core.paginator import InvalidPage
from django.http import Http404, QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import ListView

from publishing.exports import ExportMixin
from publishing.facets import shown
from publishing.feeds import AtomFeedMixin


class IndexedResults:
    """The results of a filtered list, a page of which is chosen in the facet index's sort order and read by its
    primary keys (the paginator takes slices): the database sorts 20 rows instead of filtering thousands."""

    def __init__(self, filterset, queryset, ordering):
        self.filterset, self.queryset, self.ordering = filterset, queryset, ordering

    def __len__(self):
        return self.filterset.result_count

    def __getitem__(self, item):
        pks = self.filterset.page_pks(self.ordering, item.start or 0, item.stop)
        return list(self.queryset.filter(pk__in=pks))


@dataclass
class SortLink:
    key: str
    label: str
    url: str
    current: bool


class FacetedListView(AtomFeedMixin, ExportMixin, ListView):
    """A public list: published records, filtered by `filterset_class`, sorted, paged, exportable.

    Subclasses name `model`, `filterset_class`, `export_name` and `sorts` ({key: (label, ordering)}, the first
    the default); what the cards show is loaded by the model's QuerySet verb `for_list()`. Bad input is ignored
    with a note; only a page past the end answers 404. `format=atom` is the list's feed (`publishing.feeds`).
    """

    filterset_class = None
    export_name = None
    sorts = {}
    paginate_by = 20
    items_label = None  # e.g. ("good practice", "good practices"); the model's names by default

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.notes = []

    @cached_property
    def filterset(self):
        return self.filterset_class(
            self.request.GET, queryset=self.model.objects.published(), request=self.request, indexed=True
        )

    @property
    def default_sort(self):
        return next(iter(self.sorts))

    @cached_property
    def sort(self):
        values = self.request.GET.getlist("sort")
        if not values:
            return self.default_sort
        if len(values) > 1:
            self.notes.append(_("sort was given {count} times: the last one was used").format(count=len(values)))
        if values[-1] in self.sorts:
            return values[-1]
        if values[-1]:
            self.notes.append(_("sort '{value}' is not a way to sort this list").format(value=shown(values[-1])))
        return self.default_sort

    def get_export_queryset(self):
        """The filtered, sorted result set, not paged (bad values ignored as on the page). An export reads its rows
        once, so it filters in SQL rather than build the facet index for them."""
        return self.filterset.qs.for_list().order_by(*self.sorts[self.sort][1])

    def get_queryset(self):
        # The page: selected by id from the facet index where that is quicker (FacetedFilterSet.results).
        return self.filterset.results().for_list().order_by(*self.sorts[self.sort][1])

    def page_number(self, paginator):
        values = self.request.GET.getlist(self.page_kwarg)
        if not values:
            return 1
        if len(values) > 1:
            self.notes.append(_("page was given {count} times: the last one was used").format(count=len(values)))
        raw = values[-1].strip()
        if raw == "last":
            return paginator.num_pages
        if raw.isascii() and raw.isdigit():
            # A number too long to convert is past the end of any list.
            return int(raw) if len(raw) < 19 else paginator.num_pages + 1
        if raw:
            self.notes.append(_("page '{value}' is not a page number: showing page 1").format(value=shown(raw)))
        return 1

    def paginate_queryset(self, queryset, page_size):
        if self.filterset.paged_by_index:
            ordering = self.sorts[self.sort][1]
            queryset = IndexedResults(
                self.filterset, self.model.objects.published().for_list().order_by(*ordering), ordering
            )
        paginator = self.get_paginator(queryset, page_size)
        paginator.count = self.filterset.result_count  # from the facet index when there is one: no COUNT query
        number = self.page_number(paginator)
        if number < 1:
            self.notes.append(_("page '{value}' is not a page number: showing page 1").format(value=number))
            number = 1
        try:
            page = paginator.page(number)
        except InvalidPage as error:
            raise Http404(f"This list has no page {number}: it has {paginator.num_pages}.") from error
        return paginator, page, page.object_list, page.has_other_pages()

    def prepare_page(self, objects):
        """A hook to attach what the cards show and the database cannot give in one query per kind."""

    def url_with(self, params, sort=None):
        """The list's address with `params` and a sort, the current one by default (a page number is not kept)."""
        params = params.copy()
        sort = sort or self.sort
        if sort != self.default_sort:
            params["sort"] = sort
        return f"?{params.urlencode()}" if params else self.request.path

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        self.prepare_page(context["object_list"])
        paginator, page = context["paginator"], context["page_obj"]
        count = paginator.count
        singular, plural = self.items_label or (self.model._meta.verbose_name, self.model._meta.verbose_name_plural)
        context.update(
            filterset=filterset,
            facets=filterset.facet_groups(),
            search=filterset.data.get("q", ""),
            active_filters=[(active, self.url_with(active.params)) for active in filterset.active_filters()],
            clear_url=self.url_with(QueryDict()),
            sort=self.sort,
            default_sort=self.default_sort,
            sort_links=[
                SortLink(key, label, self.url_with(filterset.data, sort=key), key == self.sort)
                for key, (label, _ordering) in self.sorts.items()
            ],
            ignored=[*filterset.ignored, *self.notes],
            result_count=count,
            page_range=list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
            ellipsis=paginator.ELLIPSIS,
            items_label=singular if count == 1 else plural,
            # The cards' fragment cache key: the content generation the facet index was read in (none without it).
            card_generation=filterset.index.key[2] if filterset.index is not None else None,
            items_plural=plural,
        )
        return context
