"""A loopback fake of OpenAI's Files and Batches endpoints, for the ``--via batch-api`` tests.

stdlib ``http.server`` on ``127.0.0.1`` and an ephemeral port, in a daemon thread. Routes:

    POST /v1/files                     multipart upload (purpose=batch) -> a file object
    POST /v1/batches                   create a batch from an uploaded file -> "validating"
    GET  /v1/batches/{id}              retrieve; each retrieve moves the job one step:
                                       validating -> in_progress (x ``polls``) -> completed
    GET  /v1/files/{id}/content        the uploaded or the output / error file

When a job completes, every input line is answered like ``fake_openai`` answers one chat
request (``answer``, by default ``fake_openai.default_reply``); ``fail`` (a predicate on the
request) puts a line in the error file with HTTP 500 instead. ``final_status`` makes jobs end
``failed`` or ``expired`` (with no output). Every HTTP call is recorded in ``calls``.

    with FakeBatches() as fake:
        summarize_jobs(paths, outdir, base_url=fake.base_url, api_key="k", model="gpt-4o-mini")
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from fake_openai import Action, FakeRequest, completion, default_reply

__all__ = ["FakeBatches"]

Json = dict[str, Any]


@dataclass
class _Job:
    id: str
    input_file_id: str
    endpoint: str
    completion_window: str
    status: str = "validating"
    polls: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None
    total: int = 0
    failed: int = 0

    def payload(self) -> Json:
        done = self.status == "completed"
        return {
            "id": self.id,
            "object": "batch",
            "endpoint": self.endpoint,
            "input_file_id": self.input_file_id,
            "completion_window": self.completion_window,
            "status": self.status,
            "created_at": 0,
            "output_file_id": self.output_file_id,
            "error_file_id": self.error_file_id,
            "request_counts": {
                "total": self.total,
                "completed": self.total - self.failed if done else 0,
                "failed": self.failed if done else 0,
            },
        }


@dataclass
class FakeBatches:
    """The fake Files + Batches server. Use as a context manager."""

    polls: int = 2
    answer: Callable[[FakeRequest], Action] = default_reply
    fail: Callable[[FakeRequest], bool] = lambda _: False
    final_status: str = "completed"
    files: dict[str, bytes] = field(default_factory=dict)
    jobs: dict[str, _Job] = field(default_factory=dict)
    calls: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None, "the fake server is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def created(self) -> int:
        """How many batch jobs were created."""
        return sum(1 for method, path in self.calls if method == "POST" and path == "/v1/batches")

    def input_lines(self, job_id: str) -> list[Json]:
        return [json.loads(line) for line in self.files[self.jobs[job_id].input_file_id].splitlines() if line.strip()]

    def _finish(self, job: _Job) -> None:
        lines = self.input_lines(job.id)
        job.total = len(lines)
        if self.final_status != "completed":
            job.status = self.final_status
            return
        out, errors = [], []
        for n, line in enumerate(lines):
            request = FakeRequest(line["url"], {}, line["body"])
            if self.fail(request):
                errors.append(
                    {
                        "id": f"req_{n}",
                        "custom_id": line["custom_id"],
                        "error": None,
                        "response": {
                            "status_code": 500,
                            "request_id": f"r{n}",
                            "body": {"error": {"message": "injected", "type": "server_error"}},
                        },
                    }
                )
                continue
            action = self.answer(request)
            body = completion(
                action.content,
                finish_reason=action.finish_reason,
                refusal_text=action.refusal,
                model=str(line["body"].get("model")),
            )
            out.append(
                {
                    "id": f"req_{n}",
                    "custom_id": line["custom_id"],
                    "error": None,
                    "response": {"status_code": 200, "request_id": f"r{n}", "body": body},
                }
            )
        job.failed = len(errors)
        job.output_file_id = self._store("".join(json.dumps(x) + "\n" for x in out).encode())
        if errors:
            job.error_file_id = self._store("".join(json.dumps(x) + "\n" for x in errors).encode())
        job.status = "completed"

    def _store(self, data: bytes) -> str:
        file_id = f"file-{next(self._ids)}"
        self.files[file_id] = data
        return file_id

    def start(self) -> FakeBatches:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
                return None

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0].rstrip("/")
                with fake._lock:
                    fake.calls.append(("GET", path))
                    parts = path.split("/")
                    if len(parts) == 4 and parts[2] == "batches" and parts[3] in fake.jobs:
                        job = fake.jobs[parts[3]]
                        job.polls += 1
                        if job.status == "validating":
                            job.status = "in_progress"
                        elif job.status == "in_progress" and job.polls > fake.polls:
                            fake._finish(job)
                        self._send(200, job.payload())
                        return
                    if len(parts) == 5 and parts[2] == "files" and parts[4] == "content" and parts[3] in fake.files:
                        self._send_bytes(200, fake.files[parts[3]], "application/octet-stream")
                        return
                self._send(404, {"error": {"message": f"no route {path}", "type": "invalid_request_error"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                path = self.path.split("?", 1)[0].rstrip("/")
                with fake._lock:
                    fake.calls.append(("POST", path))
                    if path == "/v1/files":
                        fields = self._multipart(raw)
                        if fields.get("purpose") != b"batch" or "file" not in fields:
                            self._send(
                                400,
                                {"error": {"message": "need file and purpose=batch", "type": "invalid_request_error"}},
                            )
                            return
                        file_id = fake._store(fields["file"])
                        self._send(
                            200,
                            {
                                "id": file_id,
                                "object": "file",
                                "bytes": len(fields["file"]),
                                "created_at": 0,
                                "filename": "requests.jsonl",
                                "purpose": "batch",
                                "status": "processed",
                            },
                        )
                        return
                    if path == "/v1/batches":
                        body = json.loads(raw or b"{}")
                        if body.get("input_file_id") not in fake.files:
                            self._send(400, {"error": {"message": "no such file", "type": "invalid_request_error"}})
                            return
                        job = _Job(
                            id=f"batch_{next(fake._ids)}",
                            input_file_id=body["input_file_id"],
                            endpoint=body["endpoint"],
                            completion_window=body["completion_window"],
                        )
                        fake.jobs[job.id] = job
                        self._send(200, job.payload())
                        return
                self._send(404, {"error": {"message": f"no route {path}", "type": "invalid_request_error"}})

            def _multipart(self, raw: bytes) -> dict[str, bytes]:
                head = f"Content-Type: {self.headers.get('Content-Type')}\r\n\r\n".encode()
                message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
                fields: dict[str, bytes] = {}
                for part in message.iter_parts():
                    name = part.get_param("name", header="content-disposition")
                    fields[str(name)] = part.get_payload(decode=True) or b""
                return fields

            def _send(self, code: int, payload: Json) -> None:
                self._send_bytes(code, json.dumps(payload).encode("utf-8"), "application/json")

            def _send_bytes(self, code: int, data: bytes, content_type: str) -> None:
                self.send_response(code)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-batches", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeBatches:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
