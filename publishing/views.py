from django.views.generic import DetailView


class PublishedDetailView(DetailView):
    """A public item page: only published records are found, with the related rows the page shows loaded up
    front by the model's QuerySet verb `for_page()`. Subclasses name the `model`."""

    def get_queryset(self):
        return self.model.objects.published().for_page()
