"""Each stage package keeps its layer: pure stages never import the model client or the CLI.

The rule is per package, not a hand-kept list of modules: every module under ``text``,
``ingest``, ``ground``, ``assemble`` and ``render`` (and the top-level value modules) is
imported in a fresh interpreter and must not pull in openai, instructor or typer. In
``extract`` only the client and the extractor talk to a model; in ``run`` only the
orchestration does; in ``compare`` only ``meaning``. Nothing below ``summarizer`` but ``cli`` imports typer.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import summarizer

PACKAGE = Path(summarizer.__file__).parent
PURE_PACKAGES = ("text", "ingest", "ground", "assemble", "render")
PURE_MODULES = ("brief", "config", "document", "errors", "schema")
# Pure modules of the model-facing packages: what the model is shown and what it may return.
PURE_IN_EXTRACT = ("replies", "focus", "prompting", "recall", "outlook")
PURE_IN_RUN = ("cache", "cost", "files", "progress")
# compare is pure but for the one module that asks the model to pair topics by meaning.
MODEL_IN_COMPARE = ("meaning",)
FORBIDDEN = ("openai", "instructor", "typer")


def _modules_of(package: str) -> list[str]:
    path = PACKAGE / package
    found = [f"summarizer.{package}"]
    found += [f"summarizer.{package}.{m.name}" for m in pkgutil.iter_modules([str(path)])]
    return found


def _pure() -> list[str]:
    names = [m for p in PURE_PACKAGES for m in _modules_of(p)]
    names += [f"summarizer.{m}" for m in PURE_MODULES]
    names += [f"summarizer.extract.{m}" for m in PURE_IN_EXTRACT]
    names += [f"summarizer.run.{m}" for m in PURE_IN_RUN if (PACKAGE / "run" / f"{m}.py").exists()]
    names += [m for m in _modules_of("compare") if m.rsplit(".", 1)[-1] not in MODEL_IN_COMPARE]
    return sorted(names)


@pytest.mark.parametrize("module", _pure())
def test_pure_stage_imports_no_client_or_cli(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} pulls in {out.stdout.strip()}"


def test_every_stage_package_is_covered() -> None:
    """A new package must be placed in a layer here, not silently left unchecked."""
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages <= set(PURE_PACKAGES) | {"compare", "extract", "run", "data"}, packages - set(PURE_PACKAGES)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_only_the_cli_imports_typer() -> None:
    offenders = [
        str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if p.name != "cli.py" and "typer" in _imports(p)
    ]
    assert offenders == []


def test_no_module_reaches_into_another_modules_private_names() -> None:
    """``from summarizer.x import _y`` and ``x._y`` across modules are what a Session replaces."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        modules: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("summarizer"):
                offenders += [f"{path.name}: {a.name}" for a in node.names if a.name.startswith("_")]
                modules.update(a.asname or a.name for a in node.names)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                offenders.append(f"{path.name}: {node.value.id}.{node.attr}")
    assert offenders == []
