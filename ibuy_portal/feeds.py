"""The Atom feed of newly published good practices and reports, together, newest first."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from library.models import Report
from practices.models import GoodPractice


class LatestFeed(Feed):
    """The newest published good practices and reports.

    A record keeps no date of its first publication, so `created` stands in for it: records are entered as
    drafts and published soon after, and `updated` changes with every later edit, so it would bring old
    records back to the top. Each entry's Atom `updated` is the record's `updated`.
    """

    feed_type = Atom1Feed
    title = "iBuy: new good practices and reports"
    subtitle = "Good practices in buying innovation and reports of the iBuy partnership, newest first."
    author_name = "iBuy partnership"
    size = 20

    def link(self):
        return reverse("home")

    def feed_url(self):
        return reverse("latest-feed")

    def items(self):
        # Two queries whatever the number of records: the newest of each kind, then merged.
        practices = GoodPractice.objects.published().order_by("-created")[: self.size]
        reports = Report.objects.published().order_by("-created")[: self.size]
        return sorted([*practices, *reports], key=lambda record: record.created, reverse=True)[: self.size]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom carries the summary as HTML; the summary is plain text, so markup in it is shown, not run.
        return escape(item.summary)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [item._meta.verbose_name.capitalize()]
