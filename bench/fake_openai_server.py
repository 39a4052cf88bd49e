"""A loopback fake of the OpenAI chat-completions endpoint, for benchmarks only.

    python bench/fake_openai_server.py --latency 0.2 --max-seconds 300
    # prints "http://127.0.0.1:PORT/v1" on its first line, then serves until stdin closes,
    # the parent process exits, or --max-seconds pass, whichever comes first

Listens on 127.0.0.1 with an ephemeral port. Every ``POST /v1/chat/completions`` waits the
fixed ``--latency``, then answers with a schema-valid reply chosen by the request's
``response_format.json_schema.name``:

- ``RemarksFindings`` / ``QAFindings``: figures built from the numbered sentences of the user
  message (``s12 Revenue was $31.6 million [a3]...``): the first amount id of up to three
  sentences with the words before it as the metric, so grounding and merge do their real work; a
  sentence that says "expect"/"guidance" also gives an outlook, one that says "AI" an AI point;
- ``Highlights``: the first three ``- item`` lines of the user message;
- any other name: the smallest object valid under the request's JSON schema.

Replies carry ``usage`` (characters / 4 as tokens; no cached tokens). ``GET /stats`` returns
``{"requests": n, "max_in_flight": m, "cpu_seconds": s}`` (``s``: the server process's own CPU
time, so a benchmark can tell the fake's cost from the client's); ``POST /tokenize`` (as
llama.cpp's server) answers characters / 4 tokens. Use ``FakeServer`` from Python: it starts this file
as a subprocess and stops it on exit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

SENTENCE = re.compile(r"^(s\d+) (.+)$", re.M)
AMOUNT = re.compile(
    r"(?:RMB|US\$|HK\$|\$|\u00a5|\uffe5)?\s?\d[\d,]*(?:\.\d+)?"
    r"(?:\s?(?:million|billion|thousand|percent|%|億|亿|萬|万|元|倍|x))*",
    re.I,
)
YEAR = re.compile(r"^(?:19|20)\d\d$")
AMOUNT_ID = re.compile(r"\s?\[(a\d+)\]")
GUIDANCE_WORDS = re.compile(r"\b(?:expect|expects|guidance|outlook|anticipate)\b|預計|预计|預期|预期", re.I)
AI_WORD = re.compile(r"\bAI\b|人工智能|大模型")
MAX_FIGURES = 3


def _ids(text: str) -> list[tuple[str, str]]:
    """The amount ids the prompt wrote into a sentence, each with the words before it."""
    found = []
    for m in AMOUNT_ID.finditer(text):
        before = AMOUNT_ID.sub("", text[: m.start()])
        amounts = _amounts(before)
        found.append((m.group(1), _metric(before, amounts[0]) if amounts else "figure"))
    return found


def _amounts(text: str) -> list[str]:
    """Amounts as written, leaving out bare years and single digits (list numbering)."""
    found = []
    for m in AMOUNT.finditer(text):
        value = m.group(0).strip().rstrip(",")
        digits = re.sub(r"\D", "", value)
        if YEAR.match(value) or (value.isdigit() and len(digits) < 2):
            continue
        found.append(value)
    return found


def _metric(text: str, value: str) -> str:
    before = text[: text.find(value)].split()
    return " ".join(before[-4:]).strip(" ,:;") or "figure"


def _sentences(messages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    user = "\n".join(str(m.get("content") or "") for m in messages if m.get("role") == "user")
    return SENTENCE.findall(user)


def _findings(messages: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    figures: list[dict[str, Any]] = []
    guidance: list[dict[str, Any]] = []
    ai: list[dict[str, Any]] = []
    for sid, text in _sentences(messages):
        ids = _ids(text)
        text = AMOUNT_ID.sub("", text)
        amounts = _amounts(text)
        if ids and len(figures) < MAX_FIGURES:
            figures.append({"metric": ids[0][1], "amount": ids[0][0]})
        if amounts and GUIDANCE_WORDS.search(text) and not guidance:
            high = amounts[1] if len(amounts) > 1 else None
            guidance.append({"metric": _metric(text, amounts[0]), "low": amounts[0], "high": high, "cite": [sid]})
        if AI_WORD.search(text) and not ai:
            ai.append({"category": "product", "point": " ".join(text.split()[:12]), "cite": [sid]})
    return {"figures": figures, "guidance": guidance, "ai": ai}


def _qa(messages: list[dict[str, Any]]) -> dict[str, Any]:
    sentences = _sentences(messages)
    found = _findings(messages)
    first = sentences[0][1] if sentences else "the question"
    last = sentences[-1][1] if sentences else "the answer"
    return {
        "theme": " ".join(first.split()[:5]) or "question",
        "question": first[:200],
        "answer": last[:200],
        "cite": [sid for sid, _ in sentences[:2]],
        **found,
    }


def _highlights(messages: list[dict[str, Any]]) -> dict[str, Any]:
    user = "\n".join(str(m.get("content") or "") for m in messages if m.get("role") == "user")
    items = [line[2:].strip() for line in user.splitlines() if line.startswith("- ")]
    return {"highlights": items[:3] or ["No figures were found."]}


def minimal_instance(schema: dict[str, Any], root: dict[str, Any] | None = None) -> Any:
    """The smallest value valid under a pydantic-generated JSON schema (required keys only)."""
    root = root or schema
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return minimal_instance(root.get("$defs", {})[name], root)
    if "default" in schema:
        return schema["default"]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return minimal_instance(schema[key][0], root)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type", "object")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: minimal_instance(props[k], root) for k in schema.get("required", []) if k in props}
    if kind == "array":
        return [minimal_instance(schema["items"], root) for _ in range(schema.get("minItems", 0))]
    return {"string": "x", "integer": 0, "number": 0, "boolean": False, "null": None}.get(kind, "x")


def reply_content(body: dict[str, Any]) -> str:
    """The JSON text the fake model answers for one request body."""
    messages = body.get("messages") or []
    fmt = (body.get("response_format") or {}).get("json_schema") or {}
    name = fmt.get("name")
    if name == "RemarksFindings":
        value: Any = _findings(messages)
    elif name == "QAFindings":
        value = _qa(messages)
    elif name == "Highlights":
        value = _highlights(messages)
    elif "schema" in fmt:
        value = minimal_instance(fmt["schema"])
    else:
        value = {"text": "ok"}
    return json.dumps(value, ensure_ascii=False)


def completion(body: dict[str, Any], number: int) -> dict[str, Any]:
    content = reply_content(body)
    prompt_chars = sum(len(str(m.get("content") or "")) for m in body.get("messages") or [])
    prompt_tokens, completion_tokens = max(1, prompt_chars // 4), max(1, len(content) // 4)
    return {
        "id": f"chatcmpl-fake-{number}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model") or "fake",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": 0},
        },
    }


class _State:
    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0


async def _respond(writer: asyncio.StreamWriter, status: int, payload: dict[str, Any]) -> None:
    data = json.dumps(payload).encode("utf-8")
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}[status]
    head = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\nConnection: keep-alive\r\n\r\n"
    )
    writer.write(head.encode("ascii") + data)
    await writer.drain()


async def _handle(state: _State, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            request_line = await reader.readline()
            if not request_line:
                return
            method, path, _ = request_line.decode("latin-1").split(" ", 2)
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b"\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            raw = await reader.readexactly(length) if length else b""
            if method == "GET" and path.startswith("/stats"):
                await _respond(
                    writer,
                    200,
                    {
                        "requests": state.requests,
                        "max_in_flight": state.max_in_flight,
                        "cpu_seconds": time.process_time(),
                    },
                )
            elif method == "POST" and path.startswith("/tokenize"):
                content = str(json.loads(raw or b"{}").get("content") or "")
                await _respond(writer, 200, {"tokens": list(range(max(1, len(content) // 4)))})
            elif method == "POST" and path.endswith("/chat/completions"):
                state.requests += 1
                state.in_flight += 1
                state.max_in_flight = max(state.max_in_flight, state.in_flight)
                try:
                    body = json.loads(raw or b"{}")
                    await asyncio.sleep(state.latency)
                    await _respond(writer, 200, completion(body, state.requests))
                except ValueError:
                    await _respond(writer, 400, {"error": {"message": "body is not JSON"}})
                finally:
                    state.in_flight -= 1
            else:
                await _respond(writer, 404, {"error": {"message": f"no route {method} {path}"}})
    except (ConnectionError, asyncio.IncompleteReadError, ValueError, asyncio.CancelledError):
        # A client hanging up, or shutdown cancelling idle keep-alive connections.
        return
    finally:
        writer.close()


async def serve(latency: float, max_seconds: float) -> None:
    """Serve on 127.0.0.1:ephemeral until stdin closes, the parent exits or time runs out."""
    state = _State(latency)
    server = await asyncio.start_server(lambda r, w: _handle(state, r, w), "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    print(f"http://127.0.0.1:{port}/v1", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def watch_stdin() -> None:
        sys.stdin.buffer.read()  # returns at EOF: the parent closed the pipe or died
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=watch_stdin, daemon=True).start()
    parent = os.getppid()
    deadline = time.monotonic() + max_seconds
    async with server:
        while not stop.is_set() and time.monotonic() < deadline and os.getppid() == parent:
            try:
                await asyncio.wait_for(stop.wait(), timeout=0.5)
            except TimeoutError:
                pass


class FakeServer:
    """Run the fake server in a subprocess for the duration of a ``with`` block.

    ``base_url`` is the OpenAI base URL; ``stats()`` the server's counters. The subprocess
    also stops by itself after ``max_seconds``, or when this process dies.
    """

    def __init__(self, *, latency: float = 0.0, max_seconds: float = 600.0) -> None:
        self.latency = latency
        self.max_seconds = max_seconds
        self.base_url = ""
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> FakeServer:
        self._process = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--latency",
                str(self.latency),
                "--max-seconds",
                str(self.max_seconds),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline().decode("ascii").strip()
        if not line.startswith("http://"):
            self.__exit__(None, None, None)
            raise RuntimeError("the fake OpenAI server did not start")
        self.base_url = line
        return self

    def stats(self) -> dict[str, float]:
        root = self.base_url.removesuffix("/v1")
        with urllib.request.urlopen(f"{root}/stats", timeout=5) as response:
            return dict(json.loads(response.read()))

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per request (default 0.2)")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="stop after this long (default 600)")
    args = parser.parse_args()
    asyncio.run(serve(args.latency, args.max_seconds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
