from django.urls import path

from glance import charts, maps

app_name = "glance"

urlpatterns = [
    path("map/", maps.MapView.as_view(), name="map"),
    path("map/points.csv", maps.MapPointsCsvView.as_view(), name="map-csv"),
    path("figures/", charts.FiguresView.as_view(), name="figures"),
    path("figures/<slug:chart>.csv", charts.FigureCsvView.as_view(), name="figure-csv"),
]
