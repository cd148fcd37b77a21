"""The DCAT-AP 3.0.0 catalogue of the portal's datasets, built with rdflib, for the EU data portal to harvest:
/open-data/catalogue.ttl (Turtle) and /open-data/catalogue.jsonld (JSON-LD).

Each dataset (`opendata.datasets`) is named by its section of the open-data page; its distributions are the CSV
and JSON exports of its lists, the API (an access service, described by its OpenAPI document) and the bulk
download. Formats, languages and themes come from the EU's controlled vocabularies (named by address, with their
classes stated here, so the catalogue validates without fetching them: tests/test_open_data_catalogue.py). The
licence is the operator's (`opendata.licence`); without one every distribution says that none has been stated.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS

from opendata import licence
from opendata.datasets import API_ROOT, OPENAPI, datasets, last_changes

EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPE = Namespace(EU + "file-type/")
IANA = Namespace("http://www.iana.org/assignments/media-types/")
LANGUAGE = URIRef(EU + "language/ENG")
THEME = URIRef(EU + "data-theme/GOVE")  # Government and public sector
THEMES = URIRef(EU + "data-theme")
FREQUENCY = URIRef(EU + "frequency/IRREG")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FORMATS = {
    "CSV": (FILE_TYPE.CSV, IANA["text/csv"]),
    "JSON": (FILE_TYPE.JSON, IANA["application/json"]),
    "ZIP": (FILE_TYPE.ZIP, IANA["application/zip"]),
    "API": (FILE_TYPE.JSON, IANA["application/json"]),
}
LANG = "en"
DESCRIPTIONS = {
    "CSV": _lazy("A CSV file (UTF-8, a header row), made from the published records when it is downloaded."),
    "JSON": _lazy("A JSON document with the count and the records, made from the published records when asked."),
    "ZIP": _lazy(
        "All published data as CSV files with a Frictionless Data Package descriptor (datapackage.json), rebuilt "
        "after each change to the content."
    ),
    "API": _lazy("The records through the portal's JSON API, filtered and paged, described by its OpenAPI document."),
}


def text(value):
    return Literal(str(value), lang=LANG)


def moment(value):
    return Literal(value.isoformat(), datatype=XSD.dateTime)


class CatalogueBuilder:
    def __init__(self, request):
        self.request = request
        self.graph = Graph()
        for prefix, namespace in {
            "dcat": DCAT,
            "dct": DCTERMS,
            "foaf": FOAF,
            "vcard": VCARD,
            "dcatap": DCATAP,
        }.items():
            self.graph.bind(prefix, namespace)

    def uri(self, path):
        return URIRef(self.request.build_absolute_uri(path))

    def document(self, path):
        """A page of the portal, typed as DCAT-AP's range shapes expect (they are not inferred)."""
        node = self.uri(path)
        self.graph.add((node, RDF.type, FOAF.Document))
        return node

    def resource(self, path):
        node = self.uri(path)
        self.graph.add((node, RDF.type, RDFS.Resource))
        return node

    def add(self, subject, predicate, value):
        if value is not None and value != "":
            self.graph.add((subject, predicate, value))

    def build(self):
        page = reverse("opendata:index")
        catalogue = self.uri(reverse("opendata:catalogue-ttl"))
        changes = last_changes()
        newest = max((when for when in changes.values() if when), default=None)
        g = self.graph
        g.add((catalogue, RDF.type, DCAT.Catalog))
        g.add((catalogue, DCTERMS.title, text(_("iBuy portal: open data"))))
        g.add(
            (
                catalogue,
                DCTERMS.description,
                text(
                    _(
                        "The datasets of the iBuy portal, on an Interreg Europe partnership in public procurement of "
                        "innovation (2018-2022): good practices, partners and action plans, study visits, the open "
                        "library, transfers and figures, each as CSV, JSON, through an API and in one bulk download."
                    )
                ),
            )
        )
        g.add((catalogue, FOAF.homepage, self.document(page)))
        g.add((catalogue, DCAT.themeTaxonomy, THEMES))
        g.add((catalogue, DCTERMS.language, LANGUAGE))
        g.add((catalogue, DCTERMS.publisher, self.publisher()))
        self.add(catalogue, DCTERMS.modified, moment(newest) if newest else None)
        self.vocabularies()
        rights = self.rights()
        service = self.api_service(rights)
        g.add((catalogue, DCAT.service, service))
        for dataset in datasets():
            node = self.dataset(dataset, changes, service, rights)
            g.add((catalogue, DCAT.dataset, node))
            g.add((service, DCAT.servesDataset, node))
        return g

    def vocabularies(self):
        """The classes of the controlled vocabularies' concepts used, as DCAT-AP's range shapes expect them."""
        g = self.graph
        for file_type, media_type in FORMATS.values():
            g.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
            g.add((media_type, RDF.type, DCTERMS.MediaType))
        g.add((LANGUAGE, RDF.type, DCTERMS.LinguisticSystem))
        # The EU vocabularies' own labels, in English as they give them.
        g.add((THEME, RDF.type, SKOS.Concept))
        g.add((THEME, SKOS.prefLabel, Literal("Government and public sector", lang="en")))
        g.add((THEME, SKOS.inScheme, THEMES))
        g.add((THEMES, RDF.type, SKOS.ConceptScheme))
        g.add((THEMES, DCTERMS.title, Literal("Data theme", lang="en")))
        g.add((FREQUENCY, RDF.type, DCTERMS.Frequency))

    def publisher(self):
        node = URIRef(settings.PORTAL_BASE_URL.rstrip("/") + "/#operator")
        name = settings.PORTAL_OPERATOR_NAME or _("The operator of the iBuy portal (not named yet)")
        self.graph.add((node, RDF.type, FOAF.Agent))
        self.graph.add((node, FOAF.name, text(name)))
        return node

    def contact_point(self):
        contact = settings.PORTAL_OPERATOR_CONTACT
        if not contact:
            return None
        node = BNode()
        self.graph.add((node, RDF.type, VCARD.Kind))
        self.graph.add((node, VCARD.fn, text(settings.PORTAL_OPERATOR_NAME or _("Portal operator"))))
        if "://" in contact:
            self.graph.add((node, VCARD.hasURL, URIRef(contact)))
        else:
            self.graph.add((node, VCARD.hasEmail, URIRef(f"mailto:{contact}")))
        return node

    def rights(self):
        """(dct:license's value or None, dct:rights' value or None): the licence stated, or the statement that
        none has been."""
        stated = licence.stated()
        if stated:
            node = URIRef(stated.url)
            self.graph.add((node, RDF.type, DCTERMS.LicenseDocument))
            self.graph.add((node, RDFS.label, text(stated.name)))
            return node, None
        node = BNode()
        self.graph.add((node, RDF.type, DCTERMS.RightsStatement))
        self.graph.add((node, RDFS.label, text(licence.sentence())))
        return None, node

    def with_rights(self, node, rights):
        license_node, statement = rights
        self.add(node, DCTERMS.license, license_node)
        self.add(node, DCTERMS.rights, statement)

    def api_service(self, rights):
        node = self.uri(API_ROOT)
        g = self.graph
        g.add((node, RDF.type, DCAT.DataService))
        g.add((node, DCTERMS.title, text(_("iBuy portal API, version 1"))))
        g.add(
            (
                node,
                DCTERMS.description,
                text(
                    _(
                        "A read-only JSON API: each kind of record as a filtered, paged list and each record by its "
                        "slug, described by an OpenAPI document."
                    )
                ),
            )
        )
        g.add((node, RDF.type, RDFS.Resource))
        g.add((node, DCAT.endpointURL, node))
        g.add((node, DCAT.endpointDescription, self.resource(OPENAPI)))
        g.add((node, DCTERMS.publisher, self.publisher()))
        self.add(node, DCAT.contactPoint, self.contact_point())
        self.with_rights(node, rights)
        return node

    def dataset(self, dataset, changes, service, rights):
        page = reverse("opendata:index")
        node = self.uri(f"{page}#{dataset.slug}")
        g = self.graph
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((node, DCTERMS.identifier, Literal(str(node))))
        g.add((node, DCTERMS.title, text(dataset.title)))
        g.add((node, DCTERMS.description, text(dataset.description)))
        g.add((node, DCAT.landingPage, self.document(dataset.landing_page)))
        for keyword in dataset.keywords:
            g.add((node, DCAT.keyword, text(keyword)))
        g.add((node, DCTERMS.publisher, self.publisher()))
        g.add((node, DCTERMS.language, LANGUAGE))
        g.add((node, DCAT.theme, THEME))
        g.add((node, DCTERMS.accrualPeriodicity, FREQUENCY))
        self.add(node, DCAT.contactPoint, self.contact_point())
        newest = max((changes[model] for model in dataset.models if changes.get(model)), default=None)
        self.add(node, DCTERMS.modified, moment(newest) if newest else None)
        for number, distribution in enumerate(dataset.distributions(), start=1):
            g.add((node, DCAT.distribution, self.distribution(dataset, number, distribution, service, rights)))
        return node

    def distribution(self, dataset, number, distribution, service, rights):
        node = self.uri(f"{reverse('opendata:index')}#{dataset.slug}-{number}")
        address = self.resource(distribution.address)
        file_type, media_type = FORMATS[distribution.format]
        g = self.graph
        g.add((node, RDF.type, DCAT.Distribution))
        g.add((node, DCTERMS.title, text(distribution.title)))
        g.add((node, DCTERMS.description, text(DESCRIPTIONS[distribution.format])))
        g.add((node, DCAT.accessURL, address))
        g.add((node, DCTERMS.format, file_type))
        g.add((node, DCAT.mediaType, media_type))
        if distribution.format == "API":
            g.add((node, DCAT.accessService, service))
        else:
            g.add((node, DCAT.downloadURL, address))
        self.with_rights(node, rights)
        return node


def catalogue_graph(request):
    return CatalogueBuilder(request).build()
