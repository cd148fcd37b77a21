"""The layout's one direction of dependencies, checked on every import of every module (outside migrations and
tests): each package names only those below it. A new top-level package must be given its place here.

    publishing                      what every content record shares; names no other package of the portal
    partners                        on publishing
    practices, library              on partners and publishing
    glance, search, demo            feature apps, on the content apps
    ibuy_portal                     the project package: wiring, may name anything

A lower layer learns about a higher one through a setting, a permission, a template tag of the higher app or a
signal the higher one listens to (publishing.signals), never an import.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CONTENT = {"publishing", "partners", "practices", "library"}
FEATURES = {"glance", "search", "demo"}
MAY_IMPORT = {
    "publishing": set(),
    "partners": {"publishing"},
    "practices": {"partners", "publishing"},
    "library": {"partners", "publishing"},
    **dict.fromkeys(FEATURES, CONTENT),
    "ibuy_portal": CONTENT | FEATURES,
}

# Edges against the direction that are known and allowed for now, as {(module, imported package): reason}.
# None today. (publishing/access.py, publishing/workflow*.py and publishing/admin.py, being rewritten elsewhere,
# read a partners concept through attributes, user.membership.partner.is_lead, not through an import: see the
# README's "Where things are".)
KNOWN_EDGES = {}


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
