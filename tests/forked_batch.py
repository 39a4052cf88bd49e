"""``summarizer batch`` run in forked children of one process that has already imported it.

A crash test kills many batches at random points; started as ``python -m summarizer batch``,
each would spend most of its life starting Python and importing the package, openai and
instructor, so most kills would land before the batch had touched its output folder. Forked
from a process that did that once, a child is a whole batch from its first line of work:

    with BatchForks(env=child_env, cwd=tmp_path) as forks:
        outcome = forks.run(["-q", "a.txt", "-o", "out"], kill_after=0.3)
        outcome.killed, outcome.code, outcome.log

The server (this file run as a script) reads one JSON request a line from stdin, forks a child
that runs ``summarizer batch ARGS`` as ``python -m summarizer`` does (its stdout and stderr to a
log file), and answers with what became of it. A child still running after ``kill_after``
seconds gets SIGKILL from the server, which alone waits on its children: a child's pid cannot
be reused before the server has reaped it, so no other process is ever signalled. POSIX only.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

RUN_LIMIT = 60.0  # seconds: a child that runs longer is killed and reported as timed out


@dataclass(frozen=True)
class Outcome:
    """What became of one forked batch: killed by the server, or its exit code; its output."""

    pid: int
    killed: bool
    code: int | None
    seconds: float
    log: str
    timed_out: bool = False


def _run_child(args: list[str], log: str) -> None:
    """In the child: ``summarizer batch ARGS`` with stdout and stderr to ``log``; never returns."""
    code = 1
    try:
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)  # the request pipe is the server's, not the batch's
        sys.argv = ["summarizer", "batch", *args]
        from summarizer.cli import main

        main()
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:  # noqa: BLE001 - the child reports any failure in its log and exit code
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _reap(pid: int, kill_after: float | None, began: float) -> dict[str, Any]:
    """Wait for the child; SIGKILL it after ``kill_after`` seconds (or ``RUN_LIMIT``) if it still runs."""
    limit = RUN_LIMIT if kill_after is None else min(kill_after, RUN_LIMIT)
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return {"killed": False, "code": os.waitstatus_to_exitcode(status)}
        if time.monotonic() - began >= limit:
            os.kill(pid, signal.SIGKILL)  # not yet reaped: the pid is still this child's
            _, status = os.waitpid(pid, 0)
            killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
            return {
                "killed": killed and kill_after is not None,
                "code": None if killed else os.waitstatus_to_exitcode(status),
                "timed_out": killed and kill_after is None,
            }
        time.sleep(0.002)


def serve() -> None:
    """Import what a batch runs, then fork one child per request line until stdin closes."""
    import threading

    import openai

    import summarizer.cli  # noqa: F401 - imported once here, so that no child pays for it
    import summarizer.run.batch  # noqa: F401
    from summarizer.extract.client import MODES, wrap_client
    from summarizer.run import pipeline

    # Wrapping a client imports what the first request would (openai's resources, instructor's
    # providers); nothing is sent.
    for mode in MODES:
        wrap_client(openai.AsyncOpenAI(base_url="http://127.0.0.1:9/v1", api_key="warm-up"), mode=mode)
    pipeline.prompt_version()  # cached: the same in every child
    if threading.active_count() != 1:
        raise RuntimeError("a thread was started before forking")
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        began = time.monotonic()
        pid = os.fork()
        if pid == 0:
            _run_child(request["args"], request["log"])
        result = _reap(pid, request.get("kill_after"), began)
        print(json.dumps({"pid": pid, "seconds": time.monotonic() - began, **result}), flush=True)


class BatchForks:
    """The fork server as a subprocess, for the duration of a ``with`` block."""

    def __init__(self, *, env: dict[str, str], cwd: Path) -> None:
        self.env = env
        self.cwd = cwd
        self._runs = 0
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> BatchForks:
        self._process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve())],
            env=self.env,
            cwd=self.cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        if self._process.stdout.readline().strip() != "ready":
            self.__exit__(None, None, None)
            raise RuntimeError("the batch fork server did not start")
        return self

    def run(self, args: list[str], *, kill_after: float | None = None) -> Outcome:
        """Run ``summarizer batch ARGS`` in a forked child; SIGKILL it after ``kill_after`` seconds."""
        process = self._process
        assert process is not None and process.stdin is not None and process.stdout is not None
        self._runs += 1
        log = str(self.cwd / f"batch-{self._runs}.log")
        process.stdin.write(json.dumps({"args": args, "kill_after": kill_after, "log": log}) + "\n")
        process.stdin.flush()
        answer = process.stdout.readline()
        if not answer:
            raise RuntimeError("the batch fork server stopped")
        result = json.loads(answer)
        return Outcome(
            pid=result["pid"],
            killed=result["killed"],
            code=result["code"],
            seconds=result["seconds"],
            log=Path(log).read_text("utf-8", errors="replace"),
            timed_out=result.get("timed_out", False),
        )

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
            process.stdin.close()  # the server's loop ends; it has no child left running
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


if __name__ == "__main__":
    serve()
