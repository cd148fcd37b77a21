from django.urls import path

from library import views

app_name = "library"

urlpatterns = [
    path("library/", views.ReportListView.as_view(), name="report-list"),
    path("library/<slug:slug>/", views.ReportDetailView.as_view(), name="report-detail"),
]
