"""A content-addressed response cache in one SQLite file. Pure: no client, no network.

The key is the sha256 of everything that determines a reply: the endpoint host, the model,
the instructor mode, the full request messages (prompt and section text), the response
schema, ``max_tokens`` and the sampling settings. The value is the validated reply as JSON
and the usage of the request that produced it. A re-run of the same inputs is answered from
here without a request.

The file is ``responses.sqlite`` in the cache directory (``SUMMARIZER_CACHE_DIR``, else
``~/.cache/summarizer``). WAL mode and a busy timeout let several processes and threads
write at once. A file that is not a readable database is moved aside (``.corrupt-<time>``)
and rebuilt, with a warning; a folder that cannot hold the file (a file in its place, no
permission) turns the cache off for the run, with one warning: the cache only ever saves
requests, it never fails a run. Warnings go to ``warn`` (a progress line) when given.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FILE_NAME = "responses.sqlite"
BUSY_TIMEOUT_MS = 10_000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    response TEXT NOT NULL,
    usage TEXT NOT NULL,
    created REAL NOT NULL
)
"""


class CacheWarning(UserWarning):
    """The cache file was unusable and was rebuilt (the run goes on)."""


def request_key(
    *,
    host: str,
    model: str,
    mode: str,
    messages: Sequence[Mapping[str, Any]],
    schema: Mapping[str, Any],
    max_tokens: int,
    sampling: Mapping[str, Any] | None = None,
) -> str:
    """The sha256 (hex) naming one request's reply."""
    payload = {
        "host": host,
        "model": model,
        "mode": mode,
        "messages": list(messages),
        "schema": schema,
        "max_tokens": max_tokens,
        "sampling": dict(sampling or {}),
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Hit:
    """A cached reply: the response model's JSON and the usage of the request that made it."""

    response: str
    usage: dict[str, int]


def default_path() -> Path:
    """``responses.sqlite`` in the cache directory (read at call time)."""
    from summarizer.run.local import cache_dir

    return cache_dir() / FILE_NAME


class ResponseCache:
    """The SQLite response cache. Safe to share between threads; opened lazily."""

    def __init__(self, path: str | Path | None = None, *, warn: Callable[[str], None] | None = None) -> None:
        self._path = Path(path) if path is not None else None
        self.warn = warn
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._off = False

    @property
    def path(self) -> Path:
        """The database file (the default is read when first asked, so a bad folder never raises here)."""
        if self._path is None:
            self._path = default_path()
        return self._path

    def _say(self, message: str) -> None:
        if self.warn is not None:
            self.warn(f"warning: {message}")
        else:
            warnings.warn(message, CacheWarning, stacklevel=5)

    def _turn_off(self, error: Exception) -> None:
        if not self._off:
            self._off = True
            reason = getattr(error, "strerror", None) or str(error)
            self._say(f"the response cache cannot be used ({self.path.parent}: {reason}); running without it")

    def _open(self) -> sqlite3.Connection:
        """Open the file, switch it to WAL and make the table, waiting out other processes doing the same."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return _patiently(self._open_once)

    def _open_once(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute(_SCHEMA)
            conn.execute("SELECT key FROM responses LIMIT 1").fetchall()
        except BaseException:
            conn.close()
            raise
        return conn

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                self._conn = self._open()
            except sqlite3.DatabaseError as e:
                if isinstance(e, sqlite3.OperationalError) and "locked" in str(e):
                    raise
                self._rebuild(e)
                self._conn = self._open()
        return self._conn

    def _rebuild(self, error: Exception) -> None:
        """Move an unreadable cache file (and its WAL files) aside, so a fresh one is made."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%d%H%M%S')}")
        for suffix in ("", "-wal", "-shm"):
            part = self.path.with_name(self.path.name + suffix)
            if part.exists():
                part.replace(aside.with_name(aside.name + suffix))
        self._say(
            f"the response cache {self.path} was unreadable ({error}); moved it to {aside.name} and started a new one"
        )

    def get(self, key: str) -> Hit | None:
        """The cached reply for ``key``, or ``None``. An unusable cache is a miss, never an error."""
        with self._lock:
            if self._off:
                return None
            try:
                row = (
                    self._connection().execute("SELECT response, usage FROM responses WHERE key = ?", (key,)).fetchone()
                )
            except OSError as e:
                self._turn_off(e)
                return None
            except sqlite3.OperationalError as e:
                if "unable to open" in str(e):
                    self._turn_off(e)
                return None  # locked past the busy timeout: ask the model instead
            except sqlite3.DatabaseError as e:
                self._rebuild(e)
                return None
        if row is None:
            return None
        return Hit(response=row[0], usage=json.loads(row[1]))

    def put(self, key: str, *, model: str, response: str, usage: Mapping[str, int]) -> None:
        """Store a validated reply. A write that fails is dropped (the cache is an optimisation)."""
        with self._lock:
            if self._off:
                return
            try:
                conn = self._connection()
                row = (key, model, response, json.dumps(dict(usage)), time.time())
                _patiently(lambda: _write(conn, row))
            except OSError as e:
                self._turn_off(e)
            except sqlite3.OperationalError as e:
                if "unable to open" in str(e):
                    self._turn_off(e)
            except sqlite3.DatabaseError as e:
                self._rebuild(e)

    def __len__(self) -> int:
        with self._lock:
            return int(self._connection().execute("SELECT COUNT(*) FROM responses").fetchone()[0])

    def close(self) -> None:
        """Close the connection (it reopens on next use)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


def _write(conn: sqlite3.Connection, row: tuple[Any, ...]) -> None:
    """One row in its own write transaction, taken up front (``BEGIN IMMEDIATE``) so it never has
    to upgrade a read lock, which SQLite refuses at once rather than waiting for."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "INSERT OR REPLACE INTO responses (key, model, response, usage, created) VALUES (?, ?, ?, ?, ?)", row
        )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _patiently(step: Callable[[], Any]) -> Any:
    """``step()``, tried again while SQLite says the file is busy or locked, up to the busy timeout.

    SQLite's own busy handler covers most waits, but not all: switching a new file to WAL while
    another process creates it, or recovering a WAL, can report busy at once.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            return step()
        except sqlite3.OperationalError as e:
            message = str(e)
            if ("locked" not in message and "busy" not in message) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def open_cache(cache: bool | ResponseCache | None) -> ResponseCache | None:
    """The cache an option names: a ``ResponseCache`` as given, True for the default file, else none."""
    if isinstance(cache, ResponseCache):
        return cache
    return ResponseCache() if cache else None
