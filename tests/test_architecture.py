"""The layers of README's « Architecture »: pages call services, never the database layer;
plain algorithms import neither the database nor Streamlit."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATABASE_LAYER = ("partnerday.db", "sqlmodel", "sqlalchemy")
PLAIN = ("balancing", "seating", "rotation", "names", "spreadsheet", "markdown", "tokens",
         "latecomers", "formats")


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def touches(modules: set[str], layer: tuple[str, ...]) -> set[str]:
    return {m for m in modules if any(m == x or m.startswith(x + ".") for x in layer)}


@pytest.mark.parametrize("page", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.stem)
def test_a_page_imports_no_database_layer(page):
    assert not touches(imported_modules(page), DATABASE_LAYER), \
        "a page calls partnerday.services, which own the transactions"
    assert "session_scope" not in page.read_text(encoding="utf-8")


def test_services_are_there_and_import_no_streamlit():
    """Services run without Streamlit: the command line and the tests call them too."""
    services = ROOT / "partnerday" / "services"
    modules = [p for p in services.glob("*.py") if p.name != "__init__.py"]
    assert {p.stem for p in modules} >= {"people", "tablets", "screens", "preparation", "day",
                                         "afterwards", "links"}
    for module in modules:
        assert touches(imported_modules(module), ("streamlit",)) == set(), module.name


@pytest.mark.parametrize("name", PLAIN)
def test_plain_algorithms_import_neither_database_nor_streamlit(name):
    modules = imported_modules(ROOT / "partnerday" / f"{name}.py")
    assert not touches(modules, DATABASE_LAYER + ("streamlit",))


def test_every_refusal_a_person_may_read_is_a_refusal():
    """One error base (`refusals.Refusal`: a code, its values, the French message), so that
    pages show every refusal one way. A bare ValueError is left only where a person never
    meets it: a programming error (seating's arguments, the demo's own files and stages)."""
    bare = {}
    for path in sorted((ROOT / "partnerday").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and \
                    getattr(node.exc.func, "id", None) == "ValueError":
                bare.setdefault(path.name, 0)
                bare[path.name] += 1
    assert bare == {"seating.py": 2, "demo.py": 2}
