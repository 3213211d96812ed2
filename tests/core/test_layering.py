"""The core stays Qt-free, so the command line and tests run without a display or Qt."""

from __future__ import annotations

import pkgutil

from loaded_modules import modules_loaded

import facilitator_app.core


def _core_modules() -> list[str]:
    return [
        module.name
        for module in pkgutil.walk_packages(facilitator_app.core.__path__, "facilitator_app.core.")
    ]


def test_core_modules_exist() -> None:
    assert "facilitator_app.core.store" in _core_modules()


def test_importing_every_core_module_loads_no_qt() -> None:
    imports = "; ".join(f"import {name}" for name in _core_modules())
    assert modules_loaded(imports, ("PySide6", "shiboken6", "PyQt6")) == []


def test_command_line_help_loads_no_qt() -> None:
    """The CLI must work on a machine without a display: no Qt for subcommands."""
    code = "from facilitator_app.cli import build_parser; build_parser()"
    assert modules_loaded(code, ("PySide6",)) == []


def test_the_gui_never_touches_a_session_engine_or_connection() -> None:
    """Widgets run use cases; they never open a session or a connection themselves.

    import-linter (``lint-imports``, in CI) keeps sqlalchemy, sqlmodel and sqlite3 out of
    ``ui``; this catches the one thing it cannot see: a ``Workshop``'s own session handles.
    """
    import ast
    from pathlib import Path

    import facilitator_app.ui

    handles = {"session", "raw_connection", "engine", "_engine", "connection"}
    offenders: list[str] = []
    for path in Path(facilitator_app.ui.__path__[0]).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Attribute):
                continue
            on_workshop = ast.unparse(node.value).split(".")[-1].endswith("workshop")
            if node.attr in handles or (node.attr == "write" and on_workshop):
                offenders.append(f"{path.name}:{node.lineno} .{node.attr}")
    assert offenders == []


def test_the_gui_packages_have_no_import_cycle_even_counting_type_only_imports() -> None:
    """A cycle hidden under ``TYPE_CHECKING`` is still a knot for a reader: each view package
    (and the shell) is acyclic with them counted; helpers name what they need as Protocols."""
    import grimp  # import-linter's import graph (the test extra has it)

    graph = grimp.build_graph("facilitator_app", exclude_type_checking_imports=False)
    knots: list[str] = []
    for package in sorted(m for m in graph.modules if m.startswith("facilitator_app.ui")):
        children = graph.find_children(package)
        if len(children) < 2:
            continue
        edges = {
            child: {
                other
                for other in children
                if other != child
                and any(
                    graph.direct_import_exists(importer=a, imported=b)
                    for a in {child, *graph.find_descendants(child)}
                    for b in {other, *graph.find_descendants(other)}
                )
            }
            for child in children
        }
        knots += [f"{child} -> {other}" for child, other in _cycle_edges(edges)]
    assert knots == []


def _cycle_edges(edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    """The edges that lie on a cycle: ``a -> b`` where ``b`` reaches ``a`` back."""

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            node = todo.pop()
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                todo.extend(edges.get(node, ()))
        return False

    return sorted((a, b) for a, targets in edges.items() for b in targets if reaches(b, a))
