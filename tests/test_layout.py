"""The package layout is the architecture: no import from a higher stage into a lower one, no import circle;
and the code has its agreed shape: short modules and functions, every signature annotated.

Stages, lowest first: core < load < validate < enrich < build < render < commands. A module may import
from its own stage or a lower one. `certreg/__init__.py` is Pelican's entry point and may import render.
Every import counts, also those inside functions and under `TYPE_CHECKING`: a circle hidden from the
interpreter is still one a reader has to untangle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "plugins" / "certreg"
STAGES = ("core", "load", "validate", "enrich", "build", "render", "commands")
ENTRY_STAGE = "render"  # what the Pelican entry point `certreg/__init__.py` may reach

Graph = dict[str, dict[str, int]]  # module → {imported module: line}


def module_name(path: Path, root: Path) -> str:
    """`certreg.load.history` for <root>/load/history.py; `certreg.load` for <root>/load/__init__.py."""
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, name: str, modules: set[str]) -> dict[str, int]:
    """Return every certreg module `path` imports, with the line of its first import."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # `from certreg.commands import build` imports the module `build`; `from x import name`, x.
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        for target in targets:
            if target in modules and target != name:
                found.setdefault(target, node.lineno)
    return found


def import_graph(root: Path) -> Graph:
    """Map each module under `root` to the certreg modules it imports."""
    paths = {module_name(path, root): path for path in sorted(root.rglob("*.py"))}
    return {name: imported_modules(path, name, set(paths)) for name, path in paths.items()}


def stage_of(module: str) -> str:
    """Return a module's stage: `load` for `certreg.load.history`; `entry` for `certreg` itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "entry"


def rank(stage: str) -> int:
    """Return a stage's height; the entry point stands where it may reach."""
    return STAGES.index(ENTRY_STAGE if stage == "entry" else stage)


def stage_violations(graph: Graph) -> list[str]:
    """Every import from a higher stage into a lower one, as `module:line imports target (stage → stage)`."""
    found = []
    for module, targets in sorted(graph.items()):
        for target, line in sorted(targets.items()):
            if rank(stage_of(target)) > rank(stage_of(module)):
                found.append(f"{module}:{line} imports {target} ({stage_of(module)} → {stage_of(target)})")
    return found


def cycles(graph: Graph) -> list[list[str]]:
    """Every group of modules that import each other round a circle (strongly connected, Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph.get(module, {}):
            if target not in index:
                connect(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            connect(module)
    return sorted(found)


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write a small package `certreg` under `root` for testing the checks themselves."""
    package = root / "certreg"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


@pytest.fixture(scope="module")
def graph() -> Graph:
    return import_graph(PACKAGE)


def test_every_module_belongs_to_a_stage(graph: Graph) -> None:
    assert {stage_of(module) for module in graph} - {"entry"} == set(STAGES)


def test_no_module_imports_from_a_higher_stage(graph: Graph) -> None:
    assert stage_violations(graph) == []


def test_there_is_no_import_circle(graph: Graph) -> None:
    assert cycles(graph) == []


def test_the_site_build_imports_no_command_code(graph: Graph) -> None:
    reached, todo = set(), ["certreg"]
    while todo:
        module = todo.pop()
        if module not in reached:
            reached.add(module)
            todo += graph[module]
    assert "certreg.render.generator" in reached
    assert sorted(module for module in reached if stage_of(module) == "commands") == []


def test_a_lower_stage_importing_a_higher_one_is_found(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "__init__.py": "",
            "core/__init__.py": "",
            "core/text.py": "X = 1\n",
            "load/__init__.py": "",
            "load/history.py": "from certreg.core.text import X\n\n\ndef f():\n    from certreg.commands import common\n",
            "commands/__init__.py": "",
            "commands/common.py": "from certreg.load.history import f\n",
        },
    )
    assert stage_violations(import_graph(root)) == [
        "certreg.load.history:5 imports certreg.commands.common (load → commands)"
    ]


def test_a_circle_is_found_also_through_type_checking_and_relative_imports(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "__init__.py": "",
            "commands/__init__.py": "",
            "commands/diff/__init__.py": "",
            "commands/diff/command.py": "from certreg.commands.diff.formats import FORMATS\n",
            "commands/diff/formats.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from .command import Diff\nFORMATS = {}\n",
        },
    )
    graph = import_graph(root)
    assert cycles(graph) == [["certreg.commands.diff.command", "certreg.commands.diff.formats"]]
    assert stage_violations(graph) == []


def test_the_entry_point_may_reach_render_but_not_the_commands(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "__init__.py": "def register():\n    from certreg.render.generator import g\n    from certreg.commands import main\n",
            "render/__init__.py": "",
            "render/generator.py": "g = 1\n",
            "commands/__init__.py": "",
            "commands/main.py": "",
        },
    )
    assert stage_violations(import_graph(root)) == ["certreg:3 imports certreg.commands.main (entry → commands)"]


# Code shape: a module under 400 lines, a function under 40 (its docstring not counted: a rule's
# docstring is its user documentation, examples included), every parameter and return annotated.
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 40
THEME_SCRIPTS = PACKAGE.parents[1] / "theme" / "static" / "js"
Function = ast.FunctionDef | ast.AsyncFunctionDef


def functions(tree: ast.AST, prefix: str = "") -> list[tuple[str, Function]]:
    """Every function and method under `tree`, nested ones too, with its dotted name (`Class.method`)."""
    found = []
    for node in ast.iter_child_nodes(tree):
        name = f"{prefix}{getattr(node, 'name', '')}"
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.append((name, node))
        found += functions(node, f"{name}." if isinstance(node, ast.ClassDef | Function) else prefix)
    return found


def function_length(node: Function) -> int:
    """Lines from the first decorator (or `def`) to the last line, less the docstring's."""
    start = min([node.lineno] + [decorator.lineno for decorator in node.decorator_list])
    length = node.end_lineno - start + 1
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        length -= first.end_lineno - first.lineno + 1
    return length


def parsed_modules(root: Path) -> list[tuple[str, ast.Module]]:
    """Every module under `root` by name, parsed."""
    return [
        (module_name(path, root), ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(root.rglob("*.py"))
    ]


def long_functions(root: Path) -> list[str]:
    """Every function of `MAX_FUNCTION_LINES` lines or more, as `module.function: N lines`."""
    return [
        f"{module}.{name}: {function_length(node)} lines"
        for module, tree in parsed_modules(root)
        for name, node in functions(tree)
        if function_length(node) >= MAX_FUNCTION_LINES
    ]


def long_files(paths: list[Path]) -> list[str]:
    """Every file of `MAX_MODULE_LINES` lines or more, as `name: N lines`."""
    counts = {
        path.name if path.suffix == ".js" else str(path): len(path.read_text(encoding="utf-8").splitlines())
        for path in paths
    }
    return [f"{name}: {count} lines" for name, count in counts.items() if count >= MAX_MODULE_LINES]


def unannotated(root: Path) -> list[str]:
    """Every function with a parameter (other than self and cls) or a return value not annotated."""
    found = []
    for module, tree in parsed_modules(root):
        for name, node in functions(tree):
            arguments = node.args
            parameters = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            parameters += [extra for extra in (arguments.vararg, arguments.kwarg) if extra]
            missing = [p.arg for p in parameters if p.annotation is None and p.arg not in ("self", "cls")]
            missing += ["return"] if node.returns is None else []
            if missing:
                found.append(f"{module}.{name}: {', '.join(missing)}")
    return found


def test_every_module_is_under_400_lines() -> None:
    assert long_files(sorted(PACKAGE.rglob("*.py"))) == []


def test_every_theme_script_is_under_400_lines() -> None:
    scripts = sorted(THEME_SCRIPTS.glob("*.js"))
    assert scripts and long_files(scripts) == []


def test_every_function_is_under_40_lines() -> None:
    assert long_functions(PACKAGE) == []


def test_every_parameter_and_return_is_annotated() -> None:
    assert unannotated(PACKAGE) == []


def test_a_long_function_or_module_and_a_missing_annotation_are_found(tmp_path: Path) -> None:
    body = "".join(f"    x{n} = {n}\n" for n in range(37))
    docstring = '    """Say what it does.\n\n' + "    More.\n" * 30 + '    """\n'
    root = write_tree(
        tmp_path,
        {
            "__init__.py": "",
            "core/__init__.py": "",
            "core/short.py": f"def documented() -> None:\n{docstring}{body}\n\nclass C:\n    def m(self, a: int):\n        pass\n",
            "core/long.py": f"@staticmethod\ndef long(a: int) -> None:\n{body}    x = 1\n" + "\n" * 360,
        },
    )
    assert long_functions(root) == ["certreg.core.long.long: 40 lines"]
    assert unannotated(root) == ["certreg.core.short.C.m: return"]
    assert long_files(sorted(root.rglob("*.py"))) == [f"{root / 'core' / 'long.py'}: 400 lines"]


def test_pytest_collects_every_test_folder() -> None:
    """Pytest skips some folder names by default ("build" among them): no test folder may match one."""
    import fnmatch
    import tomllib

    repository = Path(__file__).resolve().parents[1]
    options = tomllib.loads((repository / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]
    skipped = options["ini_options"].get("norecursedirs")
    assert skipped is not None, "set norecursedirs: pytest's default skips tests/build"
    folders = [path.name for path in (repository / "tests").rglob("*") if path.is_dir() and path.name != "__pycache__"]
    assert "build" in folders
    assert not [name for name in folders if any(fnmatch.fnmatch(name, pattern) for pattern in skipped)]
