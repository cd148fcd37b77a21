from django.views.generic import DetailView


class PublishedDetailView(DetailView):
    """A public item page: only published records are found, with their related rows loaded up front.

    Subclasses name the `model` and, where the page shows related rows, a `queryset_method` of the model's
    QuerySet that loads them (for example "with_related").
    """

    queryset_method = None

    def get_queryset(self):
        queryset = self.model.objects.published()
        if self.queryset_method:
            queryset = getattr(queryset, self.queryset_method)()
        return queryset
