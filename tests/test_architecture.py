"""The shape of ``checker/``: no import cycle, lazy imports only where they buy start-up time,
and no module too big to read (see the README's architecture section)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

CHECKER = REPO / "checker"
MAX_LINES = 600
# Function-level imports of cscheck's own modules are allowed only of these, each heavy or rarely
# needed (pydantic behind the schemas, the fix loop, the knowledge base, the remote checks and
# their HTTP client, one output format, the rules), and inside a command's module (``checker/commands/``), which loads what only its command,
# or one path of it, needs. Anything else belongs at the top of the module.
LAZY_TARGETS = {
    "checker.config_schema",
    "checker.fixer",
    "checker.knowledge",
    "checker.remote",
    "checker.reporters",
    "rules",
}
# The layers, bottom up: a module imports from its own layer or below, never from above (the
# README's architecture section describes them). A new module must be placed here.
LAYERS: list[tuple[str, set[str]]] = [
    (
        "bytes and values",
        {
            "checker",
            "checker._slug_chars",
            "checker.cachestore",
            "checker.diagnostic",
            "checker.files",
            "checker.remote.results",
            "checker.remote.settings",
            "checker.selectors",
            "checker.slug",
            "checker.source",
            "checker.spelling",
            "checker.writer",
        },
    ),
    (
        "the Markdown model",
        {
            "checker.conflicts",
            "checker.content_map",
            "checker.destination",
            "checker.document",
            "checker.html",
            "checker.parser",
            "checker.unparsed",
            "checker.views",
        },
    ),
    (
        "knowledge",
        {
            "checker.knowledge",
            "checker.knowledge.entry",
            "checker.knowledge.matcher",
            "checker.knowledge.packs",
            "checker.knowledge.regex_code",
            "checker.knowledge.regex_safety",
            "checker.knowledge.schema",
            "checker.knowledge.sentences",
        },
    ),
    ("settings", {"checker.config", "checker.config_file", "checker.config_schema", "checker.plan"}),
    (
        "rule API and derived models",
        {
            "checker.docs",
            "checker.links",
            "checker.qa",
            "checker.questions",
            "checker.registry",
            "checker.conflict_resolution",
            "checker.rule",
            "checker.suppressions",
            "checker.remote.targets",
            "checker.templates",
            "checker.workspace",
        },
    ),
    (
        "running",
        {
            "checker.api",
            "checker.cache",
            "checker.engine",
            "checker.fixer",
            "checker.remote",
            "checker.remote.client",
            "checker.remote.run",
            "checker.remote.store",
            "checker.runner",
        },
    ),
    (
        "outputs",
        {
            "checker.baseline",
            "checker.diffbase",
            "checker.init",
            "checker.question_styles",
            "checker.progress",
            "checker.reporters",
            "checker.reporters.common",
            "checker.reporters.concise",
            "checker.reporters.github",
            "checker.reporters.json",
            "checker.reporters.junit",
            "checker.reporters.markdown",
            "checker.reporters.sarif",
            "checker.reporters.text",
        },
    ),
    (
        "interface",
        {
            "checker.__main__",
            "checker.cli",
            "checker.commands",
            "checker.commands.baseline",
            "checker.commands.check",
            "checker.commands.clean",
            "checker.commands.common",
            "checker.commands.init",
            "checker.commands.knowledge",
            "checker.commands.report",
            "checker.commands.rules",
            "checker.commands.schema",
            "checker.commands.server",
            "checker.lsp",
            "checker.lsp.features",
            "checker.lsp.navigation",
            "checker.lsp.notes",
            "checker.lsp.positions",
            "checker.lsp.server",
        },
    ),
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(CHECKER.rglob("*.py"))}


def _imports(path: Path, name: str, modules: dict[str, Path]) -> list[tuple[str, bool]]:
    """(imported checker module, whether the import is inside a function) for every import,
    ``TYPE_CHECKING`` ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            targets: list[str] = []
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in child.names
                ]
            for imported in targets:
                known = imported
                while known and known not in modules and not known.startswith("rules"):
                    known = known.rpartition(".")[0]
                if known:
                    found.append((known, in_function))
            visit(child, inner)

    visit(tree, False)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: {target for target, _ in _imports(path, name, modules) if target in modules and target != name}
        for name, path in modules.items()
    }


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                connect(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            # a package importing its own submodules is no cycle of concepts
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(components)


def test_checker_has_no_import_cycle() -> None:
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_function_level_imports_are_only_the_lazy_ones() -> None:
    modules = _modules()
    lazy = {
        f"{name} imports {target}"
        for name, path in modules.items()
        if not name.startswith("checker.commands.")
        for target, in_function in _imports(path, name, modules)
        if in_function and not any(target == allowed or target.startswith(allowed + ".") for allowed in LAZY_TARGETS)
    }
    assert sorted(lazy) == []


def test_every_module_has_a_layer() -> None:
    placed = [name for _, names in LAYERS for name in names]
    assert len(placed) == len(set(placed))
    assert set(_modules()) == set(placed)


def test_no_module_imports_from_a_higher_layer() -> None:
    layer = {name: number for number, (_, names) in enumerate(LAYERS) for name in names}
    upward = sorted(
        f"{name} ({LAYERS[layer[name]][0]}) imports {target} ({LAYERS[layer[target]][0]})"
        for name, targets in _graph().items()
        for target in targets
        if layer.get(target, -1) > layer.get(name, len(LAYERS))
    )
    assert upward == []


def test_no_module_is_too_big_to_read() -> None:
    too_big = {
        _module_name(path): length
        for path in CHECKER.rglob("*.py")
        if not path.name.startswith("_") or path.name == "__init__.py"
        if (length := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_big == {}
