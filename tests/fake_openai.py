"""A loopback fake of an OpenAI-compatible server, for fault-injection tests over real HTTP.

The server is stdlib ``http.server`` on ``127.0.0.1`` and an ephemeral port, run in a daemon
thread. It answers ``POST /v1/chat/completions`` in the OpenAI response shape (with usage) and
can be scripted per request: an HTTP status with ``Retry-After``, a connection reset, a delay
(to trigger a client read timeout), a block until released (to interrupt a run), malformed
JSON, schema-violating JSON, ``finish_reason == "length"``, empty choices, a refusal.

    with FakeOpenAI() as fake:
        fake.on(lambda r: "David Park" in r.section, status(503), repeat=True)
        summarize_file(path, base_url=fake.base_url, api_key="k", model="fake")

With ``context_chars`` set, a request whose messages are longer gets HTTP 400, as a model
whose context is exceeded answers. Requests that no script matches get ``default_reply``: an
empty reply that fits the schema (``RemarksFindings``, ``QAFindings`` citing the section's first
sentence, ``Highlights``).
Every request is recorded (``fake.requests``) with its headers, so a test can check what the
client sent; ``max_in_flight`` is the most chat requests it was answering at once. ``stop()`` (or leaving the ``with`` block) releases blocked handlers and joins the
thread, so no test leaves a server running.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

__all__ = [
    "Action",
    "FakeOpenAI",
    "FakeRequest",
    "block",
    "completion",
    "default_reply",
    "delay",
    "empty_choices",
    "malformed_json",
    "off_schema",
    "refusal",
    "reply",
    "reset",
    "status",
    "truncated",
]

Json = dict[str, Any]


@dataclass(frozen=True)
class FakeRequest:
    """One request the fake received: path, lower-cased headers, the parsed JSON body, and when."""

    path: str
    headers: dict[str, str]
    body: Json
    at: float = field(default_factory=time.monotonic)

    @property
    def schema(self) -> str:
        """The response model's name: ``RemarksFindings``, ``QAFindings`` or ``Highlights``."""
        fmt = self.body.get("response_format") or {}
        if fmt.get("type") == "json_schema":
            return str(fmt["json_schema"]["name"])
        tools = self.body.get("tools") or []
        if tools:
            return str(tools[0]["function"]["name"])
        return ""

    @property
    def section(self) -> str:
        """The first user message: the section text as the model sees it (also in re-asks)."""
        users = [m for m in self.body.get("messages", []) if m.get("role") == "user"]
        content = users[0]["content"] if users else ""
        return content if isinstance(content, str) else json.dumps(content)

    @property
    def reask(self) -> bool:
        """Whether this is a re-ask: the conversation already holds a model reply."""
        return any(m.get("role") == "assistant" for m in self.body.get("messages", []))

    @property
    def sentence_ids(self) -> list[str]:
        """Sentence ids (``s12``) at the start of the section's lines, in order."""
        ids = []
        for line in self.section.splitlines():
            head = line.split(" ", 1)[0]
            if len(head) > 1 and head[0] == "s" and head[1:].isdigit():
                ids.append(head)
        return ids


@dataclass(frozen=True)
class Action:
    """What the fake does with one request. Build these with the functions below."""

    http_status: int = 200
    content: str | None = None
    finish_reason: str = "stop"
    refusal: str | None = None
    no_choices: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    reset: bool = False
    delay: float = 0.0
    block: bool = False
    then: Action | None = None
    error_code: str | None = None


def reply(content: str | Json, *, finish_reason: str = "stop") -> Action:
    """A 200 completion whose message content is ``content`` (a dict is sent as JSON text)."""
    text = content if isinstance(content, str) else json.dumps(content)
    return Action(content=text, finish_reason=finish_reason)


def status(code: int, *, retry_after: float | None = None, message: str = "injected fault") -> Action:
    """An HTTP error in OpenAI's error shape, with a ``Retry-After`` header (seconds) if given."""
    headers = {} if retry_after is None else {"Retry-After": f"{retry_after:g}"}
    return Action(http_status=code, content=message, headers=headers)


def reset() -> Action:
    """Close the connection with a TCP reset, without sending any response."""
    return Action(reset=True)


def delay(seconds: float, then: Action | None = None) -> Action:
    """Wait ``seconds`` (released early by ``stop()``), then do ``then`` (default: the default reply)."""
    return Action(delay=seconds, then=then)


def block(then: Action | None = None) -> Action:
    """Hold the request until ``release()`` or ``stop()``; ``entered`` is set when one arrives."""
    return Action(block=True, then=then)


def malformed_json() -> Action:
    """A completion whose content is cut-off, unparseable JSON (with ``finish_reason`` stop)."""
    return Action(content='{"figures": [{"sentence": "s1", "metric": ')


def off_schema() -> Action:
    """A completion with valid JSON that violates the schema (a string where a list belongs)."""
    return Action(content='{"figures": "not a list", "guidance": 7, "ai": null}')


def truncated() -> Action:
    """A completion cut off by the token budget: partial JSON and ``finish_reason == "length"``."""
    return Action(content='{"figures": [{"sentence": "s', finish_reason="length")


def empty_choices() -> Action:
    """A 200 completion with ``choices: []``."""
    return Action(no_choices=True)


def refusal(text: str = "I'm sorry, but I can't help with that request.") -> Action:
    """A refusal: ``message.content`` null and ``message.refusal`` set, as OpenAI sends it."""
    return Action(content=None, refusal=text)


def completion(
    content: str | None,
    *,
    finish_reason: str = "stop",
    refusal_text: str | None = None,
    no_choices: bool = False,
    model: str = "fake",
) -> Json:
    """A chat completion in the OpenAI response shape, with usage."""
    message: Json = {"role": "assistant", "content": content}
    if refusal_text is not None:
        message["refusal"] = refusal_text
    choices = [] if no_choices else [{"index": 0, "message": message, "finish_reason": finish_reason}]
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": choices,
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


def default_reply(request: FakeRequest) -> Action:
    """An empty but valid reply for the request's schema (Q&A cites the first sentence)."""
    if request.schema == "QAFindings":
        ids = request.sentence_ids[:1]
        theme = f"theme of {ids[0]}" if ids else "a theme"  # distinct per section, so none merge
        return reply({"theme": theme, "question": "What was asked?", "answer": "What was answered.", "cite": ids})
    if request.schema == "Highlights":
        return reply({"highlights": ["h1"]})
    return reply({"figures": [], "guidance": [], "ai": []})


Match = Callable[[FakeRequest], bool]


@dataclass
class _Script:
    match: Match
    actions: list[Action]
    repeat: bool


class FakeOpenAI:
    """The fake server. Use as a context manager, or ``start()``/``stop()``."""

    def __init__(
        self, handler: Callable[[FakeRequest], Action] = default_reply, *, context_chars: int | None = None
    ) -> None:
        self.handler = handler
        self.context_chars = context_chars
        self.requests: list[FakeRequest] = []
        self.entered = threading.Event()
        self._release = threading.Event()
        self._stopping = threading.Event()
        self._scripts: list[_Script] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.in_flight = 0
        self.max_in_flight = 0

    @property
    def base_url(self) -> str:
        assert self._server is not None, "the fake server is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def on(self, match: Match, *actions: Action, repeat: bool = False) -> None:
        """Requests matching ``match`` get ``actions`` in turn; the last repeats if ``repeat``.

        Scripts are tried in the order given; once a script's actions are used up, its
        requests fall through to the next script and finally to ``handler``.
        """
        with self._lock:
            self._scripts.append(_Script(match, list(actions), repeat))

    def release(self) -> None:
        """Let blocked requests go on."""
        self._release.set()

    def seen(self, match: Match) -> list[FakeRequest]:
        """The recorded requests that match."""
        with self._lock:
            return [r for r in self.requests if match(r)]

    def _next_action(self, request: FakeRequest) -> Action:
        with self._lock:
            self.requests.append(request)
            if self.context_chars is not None:
                size = sum(len(str(m.get("content") or "")) for m in request.body.get("messages", []))
                if size > self.context_chars:
                    return Action(
                        http_status=400,
                        content=f"This model's maximum context length is {self.context_chars} characters; "
                        f"the messages have {size}.",
                        error_code="context_length_exceeded",
                    )
            for script in self._scripts:
                if not script.actions or not script.match(request):
                    continue
                if script.repeat and len(script.actions) == 1:
                    return script.actions[0]
                return script.actions.pop(0)
        return self.handler(request)

    def start(self) -> FakeOpenAI:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
                return None

            def do_GET(self) -> None:
                self._send(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})
                    return
                try:
                    body = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    self._send(400, {"error": {"message": "body is not JSON", "type": "invalid_request_error"}})
                    return
                request = FakeRequest(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                with fake._lock:
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                self._counted = True
                try:
                    self._act(fake._next_action(request), request)
                finally:
                    self._uncount()

            def _uncount(self) -> None:
                # before the reply is written: the client may send its next request as soon as it reads it
                if getattr(self, "_counted", False):
                    self._counted = False
                    with fake._lock:
                        fake.in_flight -= 1

            def _act(self, action: Action, request: FakeRequest) -> None:
                if action.block:
                    fake.entered.set()
                    while not (fake._release.is_set() or fake._stopping.is_set()):
                        fake._release.wait(0.05)
                if action.delay:
                    fake._stopping.wait(action.delay)
                if action.block or action.delay:
                    if fake._stopping.is_set():
                        return
                    self._act(action.then or fake.handler(request), request)
                    return
                if action.reset:
                    # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                    self.close_connection = True
                    return
                if action.http_status != 200:
                    kind = "invalid_request_error" if action.http_status < 500 else "server_error"
                    error = {"message": action.content, "type": kind, "code": action.error_code, "param": None}
                    self._send(action.http_status, {"error": error}, action.headers)
                    return
                payload = completion(
                    action.content,
                    finish_reason=action.finish_reason,
                    refusal_text=action.refusal,
                    no_choices=action.no_choices,
                    model=str(request.body.get("model") or "fake"),
                )
                self._send(200, payload, action.headers)

            def _send(self, code: int, payload: Json, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload).encode("utf-8")
                self._uncount()
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout, interrupt): nothing to answer

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                return None  # a client hanging up mid-request is expected here

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-openai", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release blocked or delayed handlers, stop serving and join the thread."""
        self._stopping.set()
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            assert not self._thread.is_alive(), "the fake server did not stop"

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def cli_env(fake: FakeOpenAI, key: str, model: str = "fake") -> dict[str, str | None]:
    """The environment a CLI run against ``fake`` gets: its URL, ``key`` and ``model``; the mode
    and timeout settings unset, so the caller's shell cannot change the run."""
    return {
        "OPENAI_BASE_URL": fake.base_url,
        "OPENAI_API_KEY": key,
        "SUMMARIZER_MODEL": model,
        "SUMMARIZER_MODE": None,
        "SUMMARIZER_TIMEOUT": None,
    }
