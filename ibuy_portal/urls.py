from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from glance.views import AboutView, HomeView
from ibuy_portal import health, media
from ibuy_portal.feeds import LatestFeed
from ibuy_portal.sitemaps import SITEMAPS
from publishing.views import email_settings
from publishing.workflow_admin.shortcut import view_on_site

admin.site.site_header = "iBuy portal: staff"
admin.site.site_title = "iBuy staff"
admin.site.index_title = "Content of the portal"

# The public pages, in every language: English at the plain addresses, the others under their prefix (/lt/about/).
# The same paths and slugs in every language (ibuy_portal/i18n.py).
urlpatterns = i18n_patterns(
    # The front pages keep short names of their own ("home", "about"): every page links to them.
    path("", HomeView.as_view(), name="home"),
    path("about/", AboutView.as_view(), name="about"),
    path("", include("search.urls")),
    path("", include("glance.urls")),
    path("accessibility/", TemplateView.as_view(template_name="accessibility.html"), name="accessibility"),
    path("", include("partners.urls")),
    path("", include("practices.urls")),
    path("", include("library.urls")),
    path("", include("alerts.urls")),
    path("", include("opendata.urls")),
    prefix_default_language=False,
)

# Staff, machines and files: one address each, in no language prefix.
urlpatterns += [
    path("healthz", health.HealthView.as_view(), name="healthz"),
    path("api/v1/", include("api.urls")),
    path("admin/e-mail-settings/", admin.site.admin_view(email_settings), name="email-settings"),
    # Before the admin's own shortcut at the same address, which would answer any staff member.
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site)),
    path("admin/", admin.site.urls),
    path("feeds/latest.atom", require_safe(LatestFeed()), name="latest-feed"),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    # Everything public may be crawled, the staff pages not; it names the sitemap.
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
]

handler500 = "ibuy_portal.middleware.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif not settings.AWS_STORAGE_BUCKET_NAME:
    # Uploaded files served by the portal itself, with safe headers (ibuy_portal/media.py).
    urlpatterns += [re_path(r"^media/(?P<path>.+)$", media.serve_media, name="media")]

# Development only (DEBUG on, the package installed, not under the tests): see DEBUG_TOOLBAR in settings.py.
if settings.DEBUG_TOOLBAR:
    from debug_toolbar.toolbar import debug_toolbar_urls

    urlpatterns += debug_toolbar_urls()
