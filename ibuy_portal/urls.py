from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from ibuy_portal import views

admin.site.site_header = "iBuy portal: staff"
admin.site.site_title = "iBuy staff"
admin.site.index_title = "Content of the portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("", include("partners.urls")),
    path("", include("practices.urls")),
    path("", include("library.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
