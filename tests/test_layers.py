"""The layout's one direction of dependencies, checked on every import of every module (outside migrations and
tests): each package names only those below it. A new top-level package must be given its place here.

    publishing              what every content record shares; names no other package of the portal
    partners                on publishing
    practices, library      on partners and publishing
    glance, search, alerts, feature apps, on the content apps
    api, opendata, demo
    ibuy_portal             the project package: wiring, may name anything

A lower layer learns about a higher one through a setting, a permission, a template tag of the higher app or a
signal the higher one listens to (publishing.signals), never an import.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CONTENT = {"publishing", "partners", "practices", "library"}
FEATURES = {"glance", "search", "alerts", "api", "opendata", "demo"}
MAY_IMPORT = {
    "publishing": set(),
    "partners": {"publishing"},
    "practices": {"partners", "publishing"},
    "library": {"partners", "publishing"},
    **dict.fromkeys(FEATURES, CONTENT),
    "ibuy_portal": CONTENT | FEATURES,
}

# Edges against the direction that are known and allowed for now, as {(module, imported package): reason}.
KNOWN_EDGES = {}

# What publishing must not name outside docstrings and comments, even without an import: another package's name as a
# dotted path ("partners.access.partner_of", a model label "practices.goodpractice") or a partners concept reached
# through attributes (user.membership.partner.is_lead). Publishing asks a setting or a permission instead.
OTHER_APPS_CONCEPTS = re.compile(
    r"\bmembership|\bis_lead\b|\b(?:" + "|".join(sorted(set(MAY_IMPORT) - {"publishing"})) + r")\."
)


def packages(root):
    return sorted(path.parent.name for path in root.glob("*/__init__.py") if path.parent.name != "tests")


def modules(root, package):
    for path in sorted((root / package).rglob("*.py")):
        parts = path.relative_to(root).parts
        if "migrations" in parts or "tests" in parts:
            continue
        yield ".".join(path.relative_to(root).with_suffix("").parts), path


def imported_packages(path, ours):
    """The portal's packages that the module at `path` imports, anywhere in it (inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue  # relative imports stay inside their own package
        found |= {name.split(".")[0] for name in names} & ours
    return found


def edges_against_the_direction(root, may_import):
    ours = set(packages(root))
    wrong = []
    for package in sorted(ours):
        for module, path in modules(root, package):
            for imported in sorted(imported_packages(path, ours) - {package} - may_import[package]):
                if (module, imported) not in KNOWN_EDGES:
                    wrong.append(f"{module} imports {imported}")
    return wrong


def docstrings(tree):
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def concepts_of_other_apps(root, package="publishing"):
    """Where the package's modules name another app or a partners concept: in a string (docstrings aside), a
    name, an attribute or a keyword argument."""
    found = []
    for module, path in modules(root, package):
        tree = ast.parse(path.read_text(), filename=str(path))
        skipped = docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
                text = node.value
            elif isinstance(node, ast.Name):
                text = node.id
            elif isinstance(node, ast.Attribute):
                text = node.attr
            elif isinstance(node, ast.keyword) and node.arg:
                text = node.arg
            else:
                continue
            match = OTHER_APPS_CONCEPTS.search(text)
            if match:
                found.append(f"{module}:{node.lineno} names {match.group(0)!r}")
    return found


def test_every_package_has_its_place_in_the_layers():
    assert set(packages(ROOT)) == set(MAY_IMPORT), "give a new package its place in MAY_IMPORT"


def test_no_module_imports_a_package_above_its_own():
    assert edges_against_the_direction(ROOT, MAY_IMPORT) == []


def test_known_edges_are_still_there():
    """A known edge that was removed is taken off the list, so the list says only what is true."""
    ours = set(packages(ROOT))
    gone = [
        (module, imported)
        for (module, imported) in KNOWN_EDGES
        if imported not in imported_packages(ROOT / (module.replace(".", "/") + ".py"), ours)
    ]
    assert gone == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from practices.models import GoodPractice\n", ["partners.views imports practices"]),
        ("def later():\n    import library.models\n", ["partners.views imports library"]),
        ("from ibuy_portal import page_cache\n", ["partners.views imports ibuy_portal"]),
        ("from publishing.models import Status\nfrom . import filters\n", []),
    ],
)
def test_an_import_against_the_direction_is_named(tmp_path, source, found):
    for package in MAY_IMPORT:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "partners" / "views.py").write_text(source)
    (tmp_path / "partners" / "migrations").mkdir()
    (tmp_path / "partners" / "migrations" / "0001_initial.py").write_text("from practices.models import X\n")

    assert edges_against_the_direction(tmp_path, MAY_IMPORT) == found


def test_publishing_names_no_other_app_nor_its_concepts():
    assert concepts_of_other_apps(ROOT) == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("def f(user):\n    return user.membership.partner\n", ["publishing.access:2 names 'membership'"]),
        ("def f(partner):\n    return partner.is_lead\n", ["publishing.access:2 names 'is_lead'"]),
        ('users.select_related("membership__partner")\n', ["publishing.access:1 names 'membership'"]),
        ('LABELS = ["practices.goodpractice"]\n', ["publishing.access:1 names 'practices.'"]),
        ('PATH = "partners.access.partner_of"\n', ["publishing.access:1 names 'partners.'"]),
        ('"""Reads partners.access through a setting, never user.membership."""\n', []),
        ('def f():\n    """Not is_lead: partners.backends decides."""\n    return "publishing.publish"\n', []),
    ],
)
def test_a_concept_of_another_app_in_publishing_is_named(tmp_path, source, found):
    (tmp_path / "publishing" / "migrations").mkdir(parents=True)
    (tmp_path / "publishing" / "__init__.py").write_text("")
    (tmp_path / "publishing" / "access.py").write_text(source)
    (tmp_path / "publishing" / "migrations" / "0001_initial.py").write_text('DEPENDS = ["partners.partner"]\n')

    assert concepts_of_other_apps(tmp_path) == found
