"""The kinds of record the API serves: for each, its published rows with everything they show loaded in a fixed
number of queries, its fields (the schema, `api.schema`) and the representation of one record in those fields.

A list's items and a record's own address give the same representation: the record's full public content, its
relations as addresses (the API's and the page's), its sources and dates; never its status, as only published
records are served, nor a related record that is not published.
"""

from api.kinds.library import Library
from api.kinds.partners import ActionPlans, Partners
from api.kinds.practices import Practices, StudyVisits, Transfers

KINDS = {kind.name: kind for kind in (Partners(), ActionPlans(), Practices(), StudyVisits(), Library(), Transfers())}
