"""The shape of the package: imports go one way, no module reaches into another's private names, modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "schoolnet"
MAX_LINES = 800


def _modules() -> dict[str, Path]:
    return {
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): path
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def _type_checking_lines(tree: ast.Module) -> set[int]:
    """Lines inside ``if TYPE_CHECKING:`` blocks: imports there never run."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def _imports(module: str, path: Path) -> list[tuple[str, list[str], int]]:
    """Each import of a schoolnet module by ``module``: names taken, line; typing-only imports left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] == "schoolnet":
                names = [a.name for a in node.names]
                # ``from . import datasets`` imports a module, not a name.
                submodules = [n for n in names if f"{target}.{n}" in MODULES]
                if submodules:
                    found.extend((f"{target}.{n}", [], node.lineno) for n in submodules)
                    names = [n for n in names if n not in submodules]
                if names:
                    found.append((target, names, node.lineno))
        elif isinstance(node, ast.Import):
            found.extend((a.name, [], node.lineno) for a in node.names if a.name.split(".")[0] == "schoolnet")
    return found


MODULES = _modules()


def _graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(MODULES)
    for module, path in MODULES.items():
        for target, _, line in _imports(module, path):
            if target in MODULES and target != module:
                graph.add_edge(module, target, line=line)
    return graph


def test_the_import_graph_is_read() -> None:
    # A control: the graph must see known imports, or the checks below prove nothing.
    graph = _graph()
    assert graph.has_edge("schoolnet.network.build", "schoolnet.tables.tables")
    assert graph.has_edge("schoolnet.read.io", "schoolnet.tables.tables")
    assert graph.has_edge("schoolnet", "schoolnet.datasets")


def test_imports_go_one_way() -> None:
    graph = _graph()
    # The package's __init__ imports everything; a module importing the package itself would be a circle through it.
    inner = graph.subgraph([m for m in graph if m != "schoolnet"])
    cycles = sorted(nx.simple_cycles(inner), key=len)
    assert not cycles, "import circles: " + "; ".join(" -> ".join([*c, c[0]]) for c in cycles[:5])


def test_no_module_imports_another_modules_private_names() -> None:
    offences = [
        f"{module} line {line}: from {target} import {name}"
        for module, path in MODULES.items()
        for target, names, line in _imports(module, path)
        for name in names
        if name.startswith("_") and not name.startswith("__") and target != module
    ]
    assert not offences, "\n".join(offences)


def _imports_schoolnet(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        return bool(node.level) or (node.module or "").startswith("schoolnet")
    return isinstance(node, ast.Import) and any(a.name.startswith("schoolnet") for a in node.names)


def test_no_function_imports_a_schoolnet_module() -> None:
    # An import inside a function hides a circle from the reader; the import graph must be read at the top.
    offences = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_lines(tree)
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(function):
                    if _imports_schoolnet(node) and getattr(node, "lineno", None) not in skip:
                        offences.append(f"{module} line {node.lineno}, in {function.name}()")
    assert not offences, "\n".join(offences)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_under_the_size_limit(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines < MAX_LINES, f"{module} has {lines} lines; split it by concern"


#: The floors of the package, bottom to top. A module on a floor may import modules on its own floor and on the
#: floors below it, never above. ``None`` stands for the shared helpers at the top of the package (errors, argument
#: checks, grid and progress), which stand below every folder; measures and impact share a floor and never import
#: each other.
FLOORS: dict[str | None, int] = {
    None: 0,
    "tables": 1,
    "read": 2,
    "network": 3,
    "measures": 4,
    "impact": 4,
    "brokering": 5,
    "plot": 6,
    "report": 7,
}

#: Modules at the top of the package that stand above every folder: the command line, the exports, the data sets
#: and the package's own ``__init__``.
TOP = {"schoolnet", "schoolnet.__main__", "schoolnet.cli", "schoolnet.export"}
TOP_FLOOR = max(FLOORS.values()) + 1


def _folder(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in FLOORS) else None


def _floor(module: str) -> int:
    if module in TOP or module.startswith("schoolnet.datasets"):
        return TOP_FLOOR
    return FLOORS[_folder(module)]


def test_every_module_stands_on_a_floor() -> None:
    unknown = sorted(
        m for m in MODULES if m not in TOP and not m.startswith("schoolnet.datasets") and _folder(m) not in FLOORS
    )
    assert not unknown, f"modules in no known folder: {unknown}"


def test_folders_import_from_below_only() -> None:
    offences = [
        f"{source} (floor {_floor(source)}) imports {target} (floor {_floor(target)}), line {line}"
        for source, target, line in _graph().edges(data="line")
        if _floor(target) > _floor(source)
        or (_floor(target) == _floor(source) and _folder(source) != _folder(target) and _folder(source) is not None)
    ]
    assert not offences, "\n".join(offences)


def test_the_floor_check_would_find_an_import_from_above() -> None:
    # A control: a module of tables importing the report would be caught.
    assert _floor("schoolnet.report.write") > _floor("schoolnet.tables.tables")
    assert _folder("schoolnet.measures.isolation") != _folder("schoolnet.impact.matched")
    assert _floor("schoolnet.measures.isolation") == _floor("schoolnet.impact.matched")
    assert _floor("schoolnet.errors") < _floor("schoolnet.tables.tables")


def test_each_folder_says_what_it_holds_and_may_import() -> None:
    for folder in (f for f in FLOORS if f is not None):
        init = PACKAGE / folder / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "May import" in doc, f"{init} does not say what it may import"


def test_a_circle_would_be_found() -> None:
    # A control on a made-up graph, so that a broken check cannot pass in silence.
    graph = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    assert list(nx.simple_cycles(graph))
