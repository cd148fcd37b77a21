"""/open-data/: the page for people, the DCAT-AP catalogue in Turtle and JSON-LD, the bulk download, its data
package descriptor and each of its CSV files."""

import json
import zipfile

from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from opendata import bulk, licence
from opendata.catalogue import catalogue_graph
from opendata.datasets import API_ROOT, OPENAPI, datasets, last_changes
from opendata.models import DataGeneration
from opendata.package import DESCRIPTOR

JSONLD_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}


@method_decorator(require_safe, name="dispatch")
class OpenDataView(TemplateView):
    template_name = "opendata/open_data.html"

    def get_context_data(self, **kwargs):
        changes = last_changes()
        found = [
            (dataset, max((changes[m] for m in dataset.models if changes.get(m)), default=None))
            for dataset in datasets()
        ]
        return super().get_context_data(
            datasets=found,
            generation=DataGeneration.current(),
            licence=licence.stated(),
            licence_sentence=licence.sentence(),
            api_root=API_ROOT,
            openapi=OPENAPI,
            page_url=self.request.build_absolute_uri(reverse("opendata:index")),
            **kwargs,
        )


@require_safe
def catalogue_turtle(request):
    return HttpResponse(catalogue_graph(request).serialize(format="turtle"), content_type="text/turtle; charset=utf-8")


@require_safe
def catalogue_jsonld(request):
    document = catalogue_graph(request).serialize(format="json-ld", context=JSONLD_CONTEXT, indent=1)
    return HttpResponse(document, content_type="application/ld+json")


@require_safe
def bulk_download(request):
    path, generation = bulk.current_archive()
    response = FileResponse(path.open("rb"), as_attachment=True, filename="ibuy-data.zip")
    response["Content-Type"] = "application/zip"
    response["ETag"] = f'"{path.stem}"'
    return response


def read_member(name):
    path, _generation = bulk.current_archive()
    with zipfile.ZipFile(path) as archive:
        try:
            return archive.read(name)
        except KeyError:
            raise Http404("No such file in the data package.") from None


@require_safe
def datapackage(request):
    """The descriptor on its own, each resource's path the address of its CSV file on the portal."""
    descriptor = json.loads(read_member(DESCRIPTOR))
    for resource in descriptor["resources"]:
        resource["path"] = request.build_absolute_uri(reverse("opendata:data-file", args=[resource["name"]]))
    return HttpResponse(json.dumps(descriptor, ensure_ascii=False, indent=1), content_type="application/json")


@require_safe
def data_file(request, name):
    return HttpResponse(read_member(f"{name}.csv"), content_type="text/csv; charset=utf-8")
