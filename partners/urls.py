from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("partners/", views.PartnerListView.as_view(), name="partner-list"),
    path("action-plans/", views.ActionPlanListView.as_view(), name="action-plan-list"),
    path("partners/<slug:slug>/", views.PartnerDetailView.as_view(), name="partner-detail"),
    path("action-plans/<slug:slug>/", views.ActionPlanDetailView.as_view(), name="action-plan-detail"),
]
