"""One batch per output folder: a lock file holding the holder's pid. Pure: no client.

The lock is an advisory ``flock`` on ``OUTDIR/.summarizer.lock``; the kernel releases it when
the holder exits in any way (SIGKILL included), so a lock left by a dead process is simply
taken over. A second batch on a held folder fails at once with ``ConfigError`` naming the
holder's pid.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from summarizer.errors import ConfigError

__all__ = ["LOCK_NAME", "hold", "holder"]

LOCK_NAME = ".summarizer.lock"


def holder(folder: Path) -> int | None:
    """The pid written in ``folder``'s lock file, if there is a readable one."""
    try:
        return int((folder / LOCK_NAME).read_text("ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _acquire(path: Path) -> int:
    import fcntl

    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise ConfigError(f"cannot use the output folder {path.parent}: {e.strerror or e}") from e
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            pid = holder(path.parent)
            who = f"pid {pid}" if pid is not None else "another process"
            raise ConfigError(
                f"{path.parent} is in use by another batch ({who}); wait for it to finish or use another folder"
            ) from None
        # The previous holder may have removed the file between our open and our lock: then
        # we hold a lock on a file nobody else sees, so start again on the current one.
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)


@contextlib.contextmanager
def hold(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock for the ``with`` block (the folder must exist)."""
    path = folder / LOCK_NAME
    fd = _acquire(path)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)
