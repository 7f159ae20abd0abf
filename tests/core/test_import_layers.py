"""Layers between the apps, read from the source with `ast`: which apps each app's code imports (absolute and
relative imports, at module level or inside functions; migrations aside)."""

import ast
from collections import defaultdict
from pathlib import Path

import conoceles

ROOT = Path(conoceles.__file__).parent
APPS = {path.parent.name for path in ROOT.glob("*/apps.py")}


def _imported_modules(tree: ast.AST, package: tuple[str, ...]):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            yield node.lineno, ".".join((*base, *([node.module] if node.module else [])))


def import_graph() -> dict[str, dict[str, list[str]]]:
    """app -> other app it imports -> where ("elections/services.py:12")."""
    graph = defaultdict(lambda: defaultdict(list))
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if len(parts) < 2 or "migrations" in parts:
            continue
        app = parts[0]
        package = ("conoceles", *parts[:-1])  # a module's package; an __init__'s is itself
        for line, module in _imported_modules(ast.parse(path.read_text(encoding="utf-8")), package):
            names = module.split(".")
            if names[0] == "conoceles" and len(names) > 1 and names[1] in APPS and names[1] != app:
                graph[app][names[1]].append(f"{path.relative_to(ROOT)}:{line}")
    return graph


GRAPH = import_graph()


def _offending(app: str, forbidden: set[str]) -> dict[str, list[str]]:
    return {other: places for other, places in GRAPH[app].items() if other in forbidden}


def test_the_graph_sees_absolute_and_relative_imports():
    assert {"elections", "questionnaires", "review", "screening"} <= set(GRAPH["demo"])
    source = "import conoceles.review.models\nfrom . import texts\nfrom ...elections import models\n"
    found = [module for _, module in _imported_modules(ast.parse(source), ("conoceles", "demo", "content"))]
    assert found == ["conoceles.review.models", "conoceles.demo.content", "conoceles.elections"]


def test_elections_imports_none_of_the_apps_built_on_it():
    assert _offending("elections", {"accounts", "questionnaires", "review", "screening", "demo"}) == {}


def test_core_imports_only_accounts_and_candidacies():
    assert _offending("core", APPS - {"core", "accounts", "candidacies"}) == {}


def test_no_app_imports_the_demo():
    assert {app: dict(imports) for app, imports in GRAPH.items() if "demo" in imports} == {}


def test_no_app_imports_the_api():
    """The API (conoceles.api) is at the top with `public`: it reads through the other apps, none reads through it."""
    assert {app: dict(imports) for app, imports in GRAPH.items() if "api" in imports} == {}


def test_the_api_reads_no_private_app_directly():
    """Accounts, questionnaires (identity answers, consent) and screening reach the API only through `public`."""
    assert _offending("api", {"accounts", "questionnaires", "screening", "notifications", "imports", "demo"}) == {}


def test_no_app_imports_the_snapshot():
    """The snapshot (conoceles.snapshot) renders the public site from above; only conoceles.changes (no app) calls it.
    The snapshot's layout that `public` needs (where a profile's PDF is kept) is `public.snapshot_files`."""
    assert {app: dict(imports) for app, imports in GRAPH.items() if "snapshot" in imports} == {}
