from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from ibuy_portal import views
from ibuy_portal.feeds import LatestFeed
from ibuy_portal.sitemaps import SITEMAPS

admin.site.site_header = "iBuy portal: staff"
admin.site.site_title = "iBuy staff"
admin.site.index_title = "Content of the portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("", include("partners.urls")),
    path("", include("practices.urls")),
    path("", include("library.urls")),
    path("admin/", admin.site.urls),
    path("feeds/latest.atom", LatestFeed(), name="latest-feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
