from django.urls import path

from practices import views

app_name = "practices"

urlpatterns = [
    path("practices/", views.GoodPracticeListView.as_view(), name="practice-list"),
    path("study-visits/", views.StudyVisitListView.as_view(), name="visit-list"),
    path("practices/<slug:slug>/", views.GoodPracticeDetailView.as_view(), name="practice-detail"),
    path("study-visits/<slug:slug>/", views.StudyVisitDetailView.as_view(), name="visit-detail"),
    path("transfers/", views.TransferListView.as_view(), name="transfer-list"),
]
