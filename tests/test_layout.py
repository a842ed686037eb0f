"""The package's layout: imports run one way, no import cycle, no module over 600 lines;
rules are data (no literal English word list in rule code, one reader of package files).

Also: no stage imports another stage (what two stages share lives below them), and no
function is over 80 lines except declarative tables. Each exception is named in an
allow-list with its reason; a test fails when an entry is no longer needed, so the lists
only shrink.

Every module under `src/tacitus/` is read with `ast` (nothing is imported) and each
`tacitus.*` import becomes an edge of the import graph, whether it sits at module level or
inside a function. The layers, lowest first (STYLE.md, issue 15):

    0  core, about, examples, data   the carrier, settings, errors, the one loader; package data
    1  lexicons, kb, timex, syntax, io
    2  stages
    3  pipeline
    4  engines, store, evaluation, and the public API in `tacitus/__init__.py`
    5  web
    6  cli, __main__

`io` sits at layer 1, beside the knowledge bases: it imports only `core` (ingest turns
inputs into `Article`s; `record` turns an `Article` into the output contract), and it is
used by the pipeline (`record`) and by everything above it (ingest, progress). Putting it
with the engines at layer 4 would make `pipeline -> io.record` an upward import.

A module may import its own layer and the layers below; never a layer above. Nothing below
`cli` imports `cli`. Cycles are looked for among module-level imports (those that run when
the module is imported; `if TYPE_CHECKING:` blocks do not run); a cycle that needs a
function-level import is reported too, and may only be allowed by name in
`ALLOWED_FUNCTION_CYCLES` (empty, and to stay so). An import of `tacitus.a.b` is an edge to
`tacitus.a.b` only, not to the package `tacitus.a` that Python also runs: a package's own
`__init__` importing its modules is not a cycle.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "tacitus"

LAYERS = {
    "core": 0,
    "about": 0,
    "examples": 0,
    "data": 0,
    "lexicons": 1,
    "kb": 1,
    "timex": 1,
    "syntax": 1,
    "io": 1,
    "stages": 2,
    "pipeline": 3,
    "engines": 4,
    "store": 4,
    "evaluation": 4,
    "": 4,  # tacitus/__init__.py: the public API (extract, extract_many, Settings, Store)
    "web": 5,
    "cli": 6,
    "__main__": 6,
}

MAX_LINES = 600

# Modules allowed over the limit: none; the list may only shrink.
TOO_LONG_ALLOWED: dict[str, str] = {}

# Cycles that close only through an import inside a function: none, and none to come.
ALLOWED_FUNCTION_CYCLES: set[frozenset[str]] = set()

# A stage imports no other stage: what two stages share lives below them (STYLE.md 2).
STAGE_IMPORTS_ALLOWED: dict[tuple[str, str], str] = {}

MAX_FUNCTION_LINES = 80

# Functions over 80 lines: declarative tables, and those being split; may only shrink.
LONG_FUNCTIONS_ALLOWED = {
    "tacitus.timex.rules._rule_specs": "a declarative table: one row per time rule",
}


@dataclass(frozen=True)
class Edge:
    """One `tacitus.*` import: who imports what, at which line, and whether it runs on import."""

    source: str
    target: str
    line: int
    module_level: bool


def module_files() -> dict[str, Path]:
    """Every module of the package by dotted name (`tacitus.stages.clean`)."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The longest prefix of `name` that is a module of the package."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement with whether it runs when the module is imported."""
    found: list[tuple[ast.Import | ast.ImportFrom, bool]] = []

    def walk(node: ast.AST, module_level: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.append((child, module_level))
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                walk(child, False)
            elif isinstance(child, ast.If) and _is_type_checking(child):
                walk(child, False)
            else:
                walk(child, module_level)

    walk(tree, True)
    return found


def import_graph() -> list[Edge]:
    """The edges of the package's import graph (`tacitus.*` imports only)."""
    modules = module_files()
    edges = []
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node, module_level in _imports(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                targets = [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                if not target.startswith("tacitus"):
                    continue
                resolved = _resolve(target, modules)
                if resolved and resolved != name:
                    edges.append(Edge(name, resolved, node.lineno, module_level))
    return edges


def layer(module: str) -> int:
    """The layer of a module (see the module docstring)."""
    parts = module.split(".")
    room = parts[1] if len(parts) > 1 else ""
    return LAYERS[room]


def cycles(edges: list[Edge]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_every_module_has_a_layer():
    unknown = [m for m in module_files() if (m.split(".") + [""])[1] not in LAYERS]
    assert not unknown, f"modules in no layer (add their room to LAYERS): {unknown}"


def test_no_import_cycle_at_module_level():
    found = cycles([e for e in import_graph() if e.module_level])
    assert not found, "import cycles among module-level imports:\n" + "\n".join(
        " <-> ".join(c) for c in found
    )


def test_no_import_cycle_through_function_level_imports():
    found = [c for c in cycles(import_graph()) if frozenset(c) not in ALLOWED_FUNCTION_CYCLES]
    assert not found, "import cycles closed by imports inside functions:\n" + "\n".join(
        " <-> ".join(c) for c in found
    )


def test_imports_run_one_way():
    upward = [
        f"{e.source} (layer {layer(e.source)}) imports {e.target} (layer {layer(e.target)}) "
        f"at line {e.line}"
        for e in import_graph()
        if layer(e.target) > layer(e.source)
    ]
    assert not upward, "upward imports:\n" + "\n".join(upward)


def test_nothing_below_the_command_line_imports_it():
    users = [
        f"{e.source}:{e.line}"
        for e in import_graph()
        if e.target.startswith("tacitus.cli") and not e.source.startswith("tacitus.cli")
        if e.source != "tacitus.__main__"
    ]
    assert not users, f"modules importing the command line: {users}"


def test_no_module_over_600_lines():
    lines = {
        name: len(path.read_text(encoding="utf-8").splitlines())
        for name, path in module_files().items()
    }
    too_long = {n: count for n, count in lines.items() if count > MAX_LINES}
    unexpected = sorted(f"{n} ({count} lines)" for n, count in too_long.items())
    unexpected = [u for u in unexpected if u.split(" ")[0] not in TOO_LONG_ALLOWED]
    assert not unexpected, f"modules over {MAX_LINES} lines: {unexpected}"


def test_the_allow_list_only_names_modules_still_too_long():
    modules = module_files()
    done = [
        name
        for name in TOO_LONG_ALLOWED
        if name not in modules
        or len(modules[name].read_text(encoding="utf-8").splitlines()) <= MAX_LINES
    ]
    if done:
        pytest.fail(f"split: take these off TOO_LONG_ALLOWED in tests/test_layout.py: {done}")


def test_stages_do_not_import_each_other():
    crossing = sorted(
        f"{e.source}:{e.line} imports {e.target}"
        for e in import_graph()
        if e.source.startswith("tacitus.stages.")
        and e.target.startswith("tacitus.stages.")
        and e.source.split(".")[2] != e.target.split(".")[2]
        and (_stage(e.source), _stage(e.target)) not in STAGE_IMPORTS_ALLOWED
    )
    assert not crossing, "stages importing other stages:\n" + "\n".join(crossing)


def _stage(module: str) -> str:
    """`tacitus.stages.places.words` -> `tacitus.stages.places`."""
    return ".".join(module.split(".")[:3])


def long_functions() -> dict[str, int]:
    """Functions (and methods) over `MAX_FUNCTION_LINES` lines, by `module.name`."""
    found = {}
    for name, path in module_files().items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found[f"{name}.{node.name}"] = length
    return found


def test_no_function_over_80_lines():
    unexpected = sorted(
        f"{name} ({length} lines)"
        for name, length in long_functions().items()
        if name not in LONG_FUNCTIONS_ALLOWED
    )
    assert not unexpected, f"functions over {MAX_FUNCTION_LINES} lines: {unexpected}"


def test_the_long_function_allow_list_only_names_long_functions():
    done = sorted(set(LONG_FUNCTIONS_ALLOWED) - set(long_functions()))
    if done:
        pytest.fail(f"take these off LONG_FUNCTIONS_ALLOWED in tests/test_layout.py: {done}")


def test_the_stage_import_allow_list_only_names_imports_still_there():
    pairs = {(_stage(e.source), _stage(e.target)) for e in import_graph()}
    done = sorted(set(STAGE_IMPORTS_ALLOWED) - pairs)
    if done:
        pytest.fail(f"take these off STAGE_IMPORTS_ALLOWED in tests/test_layout.py: {done}")


# --------------------------------------------------------------------------- rules are data

#: Folders whose modules decide analyses: their English word lists are tables in
#: `lexicons/en/`, read through `tacitus.core.resources`.
RULE_FOLDERS = ("stages", "syntax", "timex", "lexicons")
MAX_LITERAL_WORDS = 5


def _literal_strings(node: ast.AST) -> list[str] | None:
    """The strings of a literal collection (a set, list or tuple, or `frozenset({...})`)."""
    elts = None
    if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        elts = node.elts
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("frozenset", "set", "tuple", "list")
        and node.args
        and isinstance(node.args[0], (ast.Set, ast.List, ast.Tuple))
    ):
        elts = node.args[0].elts
    if elts is None or not all(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in elts
    ):
        return None
    return [e.value for e in elts if isinstance(e, ast.Constant)]


def _not_words() -> set[str]:
    """Lower-case strings that are names, not English words: spaCy's labels (dependency
    labels, tags, entity types) and the `Article` attributes stages declare."""
    from dataclasses import fields

    from spacy.glossary import GLOSSARY

    from tacitus.core.article import Article

    return {k.lower() for k in GLOSSARY} | {f.name for f in fields(Article)}


def test_no_literal_word_list_in_rule_code():
    """A literal collection of more than five English words in a stage, syntax, time or
    lexicon module is a word list that belongs in a table under `lexicons/en/`."""
    names = _not_words()
    found = []
    for folder in RULE_FOLDERS:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                strings = _literal_strings(node) or []
                words = [
                    s
                    for s in strings
                    if s.islower()
                    and s.replace(" ", "").replace("'", "").isalpha()
                    and s not in names
                ]
                if len(words) > MAX_LITERAL_WORDS:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {words[:4]}")
    assert found == []


def test_no_module_opens_package_files_but_the_reader():
    """`importlib.resources.files("tacitus...")` appears only in the one reader and in the
    gazetteer (which maps its arrays): every other module reads through
    `tacitus.core.resources`."""
    allowed = {PACKAGE / "core" / "resources.py", PACKAGE / "kb" / "gazetteer.py"}
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "files"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and str(node.args[0].value).startswith("tacitus")
            ):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []
