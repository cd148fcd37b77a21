from django.views.generic import TemplateView


class RobotsView(TemplateView):
    """robots.txt: everything public may be crawled, the staff pages not; it names the sitemap."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"
