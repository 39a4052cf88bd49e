"""Files in and out of a run: expanding inputs, naming outputs, atomic writes, content hashes."""

from __future__ import annotations

import glob
import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "SUFFIXES",
    "check_writable",
    "expand_inputs",
    "file_sha256",
    "output_path",
    "output_paths",
    "unmatched_reason",
    "write_atomic",
]

SUFFIXES = (".txt", ".md")


def expand_inputs(inputs: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[str]]:
    """Files, folders (their *.txt and *.md, sorted) and globs -> (paths in order, unmatched inputs).

    A folder with no transcript in it is unmatched, like a glob that matches nothing.
    """
    found: list[Path] = []
    unmatched: list[str] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            found.append(p)

    for raw in inputs:
        text = os.fspath(raw)
        p = Path(text).expanduser()
        if p.is_dir():
            children = [c for c in sorted(p.iterdir()) if c.is_file() and c.suffix.lower() in SUFFIXES]
            if not children:
                unmatched.append(text)
            for child in children:
                add(child)
        elif p.exists():
            add(p)
        elif glob.has_magic(text):
            matches = sorted(Path(m) for m in glob.glob(os.path.expanduser(text), recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                unmatched.append(text)
            for m in files:
                add(m)
        else:
            unmatched.append(text)
    return found, unmatched


def unmatched_reason(text: str) -> str:
    """Why an input matched no transcript, in one line naming it."""
    if Path(text).expanduser().is_dir():
        return f"{text}: no transcript ({', '.join('*' + s for s in SUFFIXES)}) in this folder"
    return f"{text}: no such file, folder or matching transcript"


def output_path(path: Path, outdir: Path, ext: str) -> Path:
    """OUTDIR/<stem>-<8 hex><ext>: the hex from the input's real path, so two inputs never share one."""
    digest = hashlib.sha256(os.path.realpath(path).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return outdir / f"{path.stem}-{digest}{ext}"


def output_paths(paths: list[Path], outdir: Path, ext: str) -> dict[Path, Path]:
    """``output_path`` of every input."""
    return {p: output_path(p, outdir, ext) for p in paths}


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, so no half file is ever left.

    A symbolic link is followed: its target is replaced, the link stays.
    """
    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_writable(path: Path) -> None:
    """Raise ``OSError`` now if ``path`` could not be written later (its folder made if missing)."""
    path = Path(os.path.realpath(path))
    if path.is_dir():
        raise IsADirectoryError(21, "it is a directory", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    Path(tmp).unlink()


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
