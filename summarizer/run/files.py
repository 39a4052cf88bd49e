"""Files in and out of a run: expanding inputs, naming outputs, atomic writes, content hashes."""

from __future__ import annotations

import glob
import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from summarizer.ingest import readers

__all__ = ["expand_inputs", "file_sha256", "output_paths", "write_atomic"]


def expand_inputs(inputs: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[str]]:
    """Files, folders (their files a reader is registered for, sorted) and globs -> (paths in order, unmatched inputs)."""
    found: list[Path] = []
    unmatched: list[str] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            found.append(p)

    known = readers.suffixes()
    for raw in inputs:
        text = os.fspath(raw)
        p = Path(text).expanduser()
        if p.is_dir():
            for child in sorted(p.iterdir()):
                if child.is_file() and child.suffix.lower() in known:
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


def output_paths(paths: list[Path], outdir: Path, ext: str) -> dict[Path, Path]:
    """OUTDIR/<stem><ext> per input; inputs sharing a stem get a short hash of their path."""
    stems: dict[str, int] = {}
    for p in paths:
        stems[p.stem] = stems.get(p.stem, 0) + 1
    named: dict[Path, Path] = {}
    for p in paths:
        stem = p.stem
        if stems[stem] > 1:
            stem += "-" + hashlib.sha256(str(p.resolve()).encode()).hexdigest()[:8]
        named[p] = outdir / f"{stem}{ext}"
    return named


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, so no half file is ever left.

    The file gets the permissions any file the user writes gets (0666 less the umask), not the
    owner-only mode of the temporary file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0o022)  # the only way to read it is to set it; put it straight back
    os.umask(current)
    return current


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
