from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("open-data/", views.OpenDataView.as_view(), name="index"),
    path("open-data/catalogue.ttl", views.catalogue_turtle, name="catalogue-ttl"),
    path("open-data/catalogue.jsonld", views.catalogue_jsonld, name="catalogue-jsonld"),
    path("open-data/ibuy-data.zip", views.bulk_download, name="bulk"),
    path("open-data/datapackage.json", views.datapackage, name="datapackage"),
    path("open-data/data/<slug:name>.csv", views.data_file, name="data-file"),
]
