from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from ibuy_portal import charts, health, maps, media, views
from ibuy_portal.feeds import LatestFeed
from ibuy_portal.sitemaps import SITEMAPS

admin.site.site_header = "iBuy portal: staff"
admin.site.site_title = "iBuy staff"
admin.site.index_title = "Content of the portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("map/", maps.MapView.as_view(), name="map"),
    path("map/points.csv", maps.MapPointsCsvView.as_view(), name="map-csv"),
    path("figures/", charts.FiguresView.as_view(), name="figures"),
    path("figures/<slug:chart>.csv", charts.FigureCsvView.as_view(), name="figure-csv"),
    path("accessibility/", TemplateView.as_view(template_name="accessibility.html"), name="accessibility"),
    path("healthz", health.HealthView.as_view(), name="healthz"),
    path("", include("partners.urls")),
    path("", include("practices.urls")),
    path("", include("library.urls")),
    path("admin/", admin.site.urls),
    path("feeds/latest.atom", require_safe(LatestFeed()), name="latest-feed"),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
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
