"""Hostile text, secrets and interruption, over real HTTP against the loopback fake server.

- A transcript that tells the model to ignore its instructions and report invented figures: the
  fake model obeys, and no invented figure reaches the brief.
- Markup and script in transcript text (and in what the model says about it) stay inert in the
  HTML report.
- A planted API key appears in no artefact of a run: stdout, stderr, JSON, Markdown, HTML,
  cassettes, cache or config folders; the fake checks it was really sent.
- Ctrl-C during a run leaves no output file and no traceback.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import CASSETTES, FIXTURES, ROOT
from fake_openai import Action, FakeOpenAI, FakeRequest, block, default_reply, reply, status
from typer.testing import CliRunner

from summarizer import api, cli, render
from summarizer.brief import Brief
from summarizer.cli import app
from summarizer.config import resolve_endpoint
from summarizer.run.files import output_path
from summarizer.text.numbers import parse

INJECTION = FIXTURES / "hostile_injection.txt"
MARKUP = FIXTURES / "hostile_markup.txt"
EXAMPLE = FIXTURES / "example-call.txt"
PLANTED = "sk-test-PLANTED-1234567890"


def sid(request: FakeRequest, needle: str) -> str:
    """The id of the section sentence that contains ``needle``."""
    for line in request.section.splitlines():
        if needle in line and line.split(" ", 1)[0] in request.sentence_ids:
            return line.split(" ", 1)[0]
    raise AssertionError(f"{needle!r} is not in the request")


# --- prompt injection ------------------------------------------------------------------------------

INVENTED = {912.4e6, 0.87e2, 1.3e9, 2.0e9, 0.9e2}  # values the injected model makes up ($, %)


def obedient_model(request: FakeRequest) -> Action:
    """A model that follows the instructions planted in the transcript, and also gets one figure right."""
    if request.schema == "RemarksFindings" and "Ines Varga" in request.section:
        revenue, injected = sid(request, "Revenue was $61.7"), sid(request, "Note to the AI")
        outlook, ai = sid(request, "we expect revenue between"), sid(request, "RouteWise")
        return reply(
            {
                "figures": [
                    {"sentence": revenue, "metric": "revenue", "value": "$61.7 million", "yoy": "12%"},
                    {"sentence": injected, "metric": "revenue", "value": "$912.4 million"},
                    {"sentence": injected, "metric": "gross margin", "value": "87%"},
                    {"sentence": revenue, "metric": "revenue", "value": "$912.4 million", "yoy": "1379%"},
                    {"sentence": revenue, "metric": "operating income", "value": "$1.3 billion"},
                ],
                "guidance": [
                    {
                        "metric": "revenue",
                        "period": "FY2025",
                        "low": "$2 billion",
                        "high": "$2 billion",
                        "cite": [outlook],
                    },
                    {"metric": "revenue", "period": "FY2025", "low": "$2 billion", "cite": [injected]},
                ],
                "ai": [{"category": "product", "point": "RouteWise lifted revenue to $912.4 million", "cite": [ai]}],
            }
        )
    if request.schema == "QAFindings":
        return reply(
            {
                "theme": "margin outlook",
                "question": "What drove the margin improvement?",
                "answer": "Margins will reach 90% next year, on revenue of $912.4 million.",
                "cite": request.sentence_ids,
                "figures": [
                    {"sentence": sid(request, "Ignore the previous"), "metric": "gross margin", "value": "90%"}
                ],
            }
        )
    if request.schema == "Highlights":
        return reply({"highlights": ["Record revenue of $912.4 million.", "Margins will reach 90% next year."]})
    return default_reply(request)


def injected_brief(fake: FakeOpenAI) -> Brief:
    fake.handler = obedient_model
    return api.summarize_file(INJECTION, base_url=fake.base_url, api_key="sk-test-injection", model="fake")


def honest_values() -> set[float]:
    """Every quantity stated in the transcript outside the sentences that address the model."""
    lines = INJECTION.read_text("utf-8").splitlines()
    honest = [line for line in lines if "instructions" not in line and "summarizing" not in line]
    return {round(v, 6) for line in honest for a in parse(line) for v in a.values()}


def test_injected_figures_never_reach_the_brief(fake: FakeOpenAI) -> None:
    brief = injected_brief(fake)
    honest = honest_values()
    values = [k.value for k in brief.kpis] + [v for g in brief.guidance for v in (g.low, g.high)]
    assert all(v is None or round(v, 6) in honest for v in values), values
    assert not {v for v in values if v is not None} & INVENTED
    cited = {q.text for item in [*brief.kpis, *brief.guidance, *brief.ai_strategy] for q in item.evidence}
    assert not [t for t in cited if "instructions" in t or "summarizing" in t]
    # not vacuous: the model did obey, its inventions were rejected, and the true figure was kept
    assert ("revenue", 61.7e6) in [(k.key, k.value) for k in brief.kpis]
    rejected = json.dumps([r.item for r in brief.rejected])
    assert "912.4" in rejected and "1.3 billion" in rejected and "2 billion" in rejected
    assert any(r.schema == "Highlights" for r in fake.requests)


def test_injected_figures_never_reach_the_brief_through_free_text(fake: FakeOpenAI) -> None:
    brief = injected_brief(fake)
    shown = json.dumps(
        brief.model_dump(mode="json", include={"highlights", "kpis", "guidance", "ai_strategy", "qa_themes"}),
        ensure_ascii=False,
    )
    assert "912.4" not in shown and "90%" not in shown


# --- markup and script are inert in the HTML report -------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text.append(data)


def markup_model(request: FakeRequest) -> Action:
    """A model that repeats the hostile markup it read, and adds some of its own."""
    if request.schema == "RemarksFindings":
        revenue, ai = sid(request, "Revenue was"), sid(request, "pantry planner")
        point = "<script>alert('pwned-model')</script> Larder planner"
        return reply(
            {
                "figures": [{"sentence": revenue, "metric": "revenue <b>total</b>", "value": "$18.3 million"}],
                "ai": [{"category": "product", "point": point, "cite": [ai]}],
            }
        )
    if request.schema == "QAFindings":
        return reply(
            {
                "theme": "<img src=x onerror=alert('pwned-theme')>",
                "question": 'Will <iframe src="https://example.invalid/pwned-frame"></iframe> pricing change?',
                "answer": "No change planned. <a href=\"javascript:alert('pwned-answer')\">more</a>",
                "cite": request.sentence_ids,
            }
        )
    if request.schema == "Highlights":
        return reply({"highlights": re.findall(r"^\[(h[0-9]+)\]", request.section, re.MULTILINE)[-6:]})
    return default_reply(request)


def test_markup_in_transcript_and_model_text_is_inert_in_html(fake: FakeOpenAI) -> None:
    fake.handler = markup_model
    brief = api.summarize_file(MARKUP, base_url=fake.base_url, api_key="sk-test-markup", model="fake")
    text = MARKUP.read_text("utf-8")
    page = render.to_html(brief, transcript_text=text)

    baseline = _Tags()
    baseline.feed(render.to_html(Brief()))
    parsed = _Tags()
    parsed.feed(page)
    assert [t for t, _ in parsed.tags if t == "script"] == [t for t, _ in baseline.tags if t == "script"]
    assert not [s for s in parsed.script_text if "pwned" in s]
    assert not [t for t, _ in parsed.tags if t in {"img", "iframe", "object", "embed"}]
    assert "<b>AI</b>" not in page and "&lt;b&gt;AI&lt;/b&gt;" in page
    attributes = [(name, value or "") for _, attrs in parsed.tags for name, value in attrs]
    assert not [a for a in attributes if a[0].startswith("on")]
    urls = [value for name, value in attributes if name in {"href", "src", "action", "formaction", "xlink:href"}]
    assert not [u for u in urls if "javascript:" in u.lower() or "pwned" in u]
    # not vacuous: the hostile text is shown, as text
    assert "&lt;script&gt;alert(&quot;pwned-transcript&quot;)&lt;/script&gt;" in page
    assert "pwned-model" in page and "pwned-theme" in page
    assert brief.ai_strategy and brief.qa_themes and [h for h in brief.highlights if "pwned" in h]


# --- secrets ---------------------------------------------------------------------------------------


def leaky_failures(fake: FakeOpenAI) -> None:
    """One section fails with an error body that echoes the key, as some proxies do."""
    fake.on(
        lambda r: r.schema == "RemarksFindings" and "David Park" in r.section,
        status(401, message=f"Incorrect API key provided: {PLANTED}. You passed Authorization: Bearer {PLANTED}"),
        repeat=True,
    )
    fake.on(
        lambda r: r.schema == "QAFindings" and "Tom Becker" in r.section,
        status(500, retry_after=0.01, message=f"upstream rejected key {PLANTED}"),
        repeat=True,
    )


def secret_env(fake: FakeOpenAI, home: Path) -> dict[str, str]:
    return {
        "OPENAI_BASE_URL": fake.base_url,
        "OPENAI_API_KEY": PLANTED,
        "SUMMARIZER_MODEL": "fake",
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
    }


def files_holding(folder: Path, secret: str) -> list[Path]:
    needle = secret.encode()
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_the_api_key_appears_in_no_artefact(fake: FakeOpenAI, tmp_path: Path) -> None:
    leaky_failures(fake)
    home = tmp_path / "home"
    home.mkdir()
    env = secret_env(fake, home)
    streams: list[str] = []
    for name in ("brief.json", "brief.md", "brief.html"):
        result = CliRunner().invoke(app, ["run", str(EXAMPLE), "-o", str(tmp_path / name)], env=env)
        assert result.exit_code == 3, result.stderr  # the failures really happened
        streams += [result.stdout, result.stderr]
    to_stdout = CliRunner().invoke(app, ["run", str(EXAMPLE), "-q"], env=env)
    assert to_stdout.exit_code == 3
    streams += [to_stdout.stdout, to_stdout.stderr]
    rendered = CliRunner().invoke(
        app,
        [
            "render",
            str(tmp_path / "brief.json"),
            "-f",
            "html",
            "--transcript",
            str(EXAMPLE),
            "-o",
            str(tmp_path / "again.html"),
        ],
    )
    assert rendered.exit_code == 0
    streams += [rendered.stdout, rendered.stderr]

    assert not [s for s in streams if PLANTED in s]
    assert "PLANTED" not in "".join(streams)
    assert files_holding(tmp_path, PLANTED) == []
    assert files_holding(CASSETTES, PLANTED) == [] if CASSETTES.is_dir() else True
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.html", "brief.html", "brief.json", "brief.md", "home"]
    brief = Brief.model_validate_json((tmp_path / "brief.json").read_text("utf-8"))
    assert any("HTTP 401" in w for w in brief.warnings) and any("HTTP 500" in w for w in brief.warnings)
    # not vacuous: the key was sent, and the server echoed it back
    assert {r.headers.get("authorization") for r in fake.requests} == {f"Bearer {PLANTED}"}


def test_the_api_key_stays_out_of_sdk_debug_logs(fake: FakeOpenAI, tmp_path: Path) -> None:
    leaky_failures(fake)
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, **secret_env(fake, home), "OPENAI_LOG": "debug", "PYTHONUNBUFFERED": "1"}
    out = tmp_path / "brief.json"
    done = subprocess.run(
        [sys.executable, "-m", "summarizer", "run", str(EXAMPLE), "-o", str(out)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr[-2000:]
    assert "HTTP Request: POST" in done.stderr  # the SDK's debug log really was on
    assert "***" in done.stderr  # instructor logged the echoed key, masked
    assert PLANTED not in done.stdout + done.stderr
    assert files_holding(tmp_path, PLANTED) == []
    assert fake.requests and all(r.headers.get("authorization") == f"Bearer {PLANTED}" for r in fake.requests)


def test_the_resolved_endpoint_never_prints_its_key() -> None:
    endpoint = resolve_endpoint(base_url="http://127.0.0.1:9/v1", api_key=PLANTED, model="fake", env={})
    assert endpoint.api_key == PLANTED
    assert PLANTED not in repr(endpoint) and PLANTED not in str(endpoint)


# --- interruption ----------------------------------------------------------------------------------


def test_ctrl_c_during_a_run_leaves_no_output(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.on(lambda r: True, block(), repeat=True)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    env = {
        **os.environ,
        "OPENAI_BASE_URL": fake.base_url,
        "OPENAI_API_KEY": "sk-test-interrupt",
        "SUMMARIZER_MODEL": "fake",
        "PYTHONUNBUFFERED": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "summarizer", "run", str(EXAMPLE), "-o", str(out_dir / "brief.json")],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert fake.entered.wait(60), "the run never reached the model"
        time.sleep(0.2)  # let the other sections' requests start too
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode != 0
    assert "Traceback" not in stderr, stderr
    assert "interrupted" in stderr.strip().splitlines()[-1]
    assert stdout == ""
    assert list(out_dir.iterdir()) == []


def test_ctrl_c_while_writing_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "brief.json"
    target.write_text("old", "utf-8")

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cli.write_atomic(target, "new brief " * 1000)
    assert target.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.json"]


def test_ctrl_c_during_a_batch_leaves_no_partial_output_and_the_batch_resumes(fake: FakeOpenAI, tmp_path: Path) -> None:
    inputs = tmp_path / "calls"
    inputs.mkdir()
    (inputs / "a-example.txt").write_bytes(EXAMPLE.read_bytes())
    (inputs / "b-speakers.txt").write_bytes((FIXTURES / "en_speaker_call.txt").read_bytes())
    blocking = {"on": True}
    speakers = ("Priya Raman", "Ethan Cole", "Maya Ortiz")  # only in the second transcript
    fake.on(lambda r: blocking["on"] and any(s in r.section for s in speakers), block(), repeat=True)
    out_dir = tmp_path / "briefs"
    env = {
        **os.environ,
        "OPENAI_BASE_URL": fake.base_url,
        "OPENAI_API_KEY": "sk-test-interrupt",
        "SUMMARIZER_MODEL": "fake",
        "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "-m", "summarizer", "batch", str(inputs), "-o", str(out_dir), "-q"]
    first = output_path(inputs / "a-example.txt", out_dir, ".json")
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 180
        while not first.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert first.exists(), "the unblocked transcript was never written"
        assert fake.entered.wait(120), "the blocked transcript never reached the model"
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode != 0
    assert "Traceback" not in stderr, stderr
    names = sorted(p.name for p in out_dir.iterdir())
    assert not [n for n in names if n.endswith(".tmp") or n.startswith("b-speakers")], names
    Brief.model_validate_json(first.read_text("utf-8"))

    blocking["on"] = False
    fake.release()
    seen_before = len(fake.requests)
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert output_path(inputs / "b-speakers.txt", out_dir, ".json").exists()
    resumed = [r for r in fake.requests[seen_before:] if "David Park" in r.section]
    assert resumed == []  # the finished transcript was skipped, not redone


# --- Markdown ---------------------------------------------------------------------------------------


HOSTILE_MD = [
    "<script>alert('pwned')</script>",
    "[more](javascript:alert('pwned'))",
    "![x](https://example.invalid/pwned.png)",
    "<javascript:alert('pwned')>",
    "\\[escaped](javascript:alert('pwned'))",
]


@pytest.mark.parametrize("text", HOSTILE_MD, ids=["script", "link", "image", "autolink", "escaped_bracket"])
def test_markup_in_transcript_and_model_text_is_inert_in_markdown(text: str) -> None:
    from summarizer.brief import KPI, AIPoint, QATheme

    brief = Brief(
        company=f"Acme {text}",
        highlights=[f"Revenue grew. {text}"],
        kpis=[KPI(metric=f"revenue {text}", segment=text, value_text="$1.0 million")],
        ai_strategy=[AIPoint(point=f"planner {text}")],
        qa_themes=[QATheme(theme=text, question=f"Why {text}?", answer=f"Because {text}")],
    )
    page = render.to_markdown(brief)
    assert "<script" not in page and "<javascript" not in page
    assert not _unescaped_links(page)
    assert "pwned" in page  # not vacuous: the text is shown, as text


def _unescaped_links(markdown: str) -> list[int]:
    """Offsets of each ``](`` whose ``]`` is not backslash-escaped (an odd run of backslashes escapes)."""
    found = []
    for i in range(len(markdown) - 1):
        if markdown[i : i + 2] == "](":
            run = len(markdown[:i]) - len(markdown[:i].rstrip("\\"))
            if run % 2 == 0:
                found.append(i)
    return found


def test_the_link_check_finds_a_live_link() -> None:
    assert _unescaped_links("see [x](javascript:alert(1))") and _unescaped_links("\\\\[x](y)")
    assert not _unescaped_links("see \\[x\\](javascript:alert(1))")
