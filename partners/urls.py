from django.urls import path

from partners import views
from partners.compare import ActionPlanCompareView

app_name = "partners"

urlpatterns = [
    path("partners/", views.PartnerListView.as_view(), name="partner-list"),
    path("action-plans/", views.ActionPlanListView.as_view(), name="action-plan-list"),
    # Before the plans' own pages: "compare" is no plan's slug.
    path("action-plans/compare/", ActionPlanCompareView.as_view(), name="action-plan-compare"),
    path("partners/<slug:slug>/", views.PartnerDetailView.as_view(), name="partner-detail"),
    path("action-plans/<slug:slug>/", views.ActionPlanDetailView.as_view(), name="action-plan-detail"),
]
