"""``summarizer batch --manifest`` and ``--name-pattern`` end to end, over the loopback fake.

The briefs in OUTDIR carry the metadata the manifest or the file names give (marked ``given``);
a bad manifest is one error line before any request or output; a changed manifest row makes
resume redo that input's brief and only that one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES
from fake_openai import FakeOpenAI, FakeRequest
from typer.testing import CliRunner

from summarizer.brief import Brief
from summarizer.cli import app

EXAMPLE = FIXTURES / "example-call.txt"
pytestmark = pytest.mark.filterwarnings("ignore:no price for model:UserWarning")


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(folder))
    monkeypatch.setenv("SUMMARIZER_PRICES", str(tmp_path / "no-user-prices.json"))
    return folder


def write_calls(folder: Path, names: dict[str, str]) -> dict[str, Path]:
    """One copy of the example call per file name, with the company renamed (distinct transcripts)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text("utf-8")
    written = {}
    for file, company in names.items():
        written[file] = folder / file
        written[file].write_text(text.replace("Northwind", company), "utf-8")
    return written


def batch(fake: FakeOpenAI, *args: str) -> tuple[int, str]:
    env = {"OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": "sk-test-manifest", "SUMMARIZER_MODEL": "fake"}
    result = CliRunner().invoke(app, ["batch", "-q", *args], env={**env, "SUMMARIZER_MODE": None})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stderr


def index(out: Path) -> dict[str, dict]:
    lines = [json.loads(line) for line in (out / "index.jsonl").read_text("utf-8").splitlines()]
    return {Path(line["path"]).name: line for line in lines}


def brief(line: dict) -> Brief:
    return Brief.model_validate_json(Path(line["output"]).read_text("utf-8"))


def chat(fake: FakeOpenAI) -> list[FakeRequest]:
    return fake.seen(lambda r: r.path.endswith("/chat/completions"))


MANIFEST = (
    "path,company,ticker,period,call_date\n"
    'calls/acme.txt,Acme Robotics,acme,Q3 2031,"Oct 30, 2031"\n'
    'calls/bolt.txt,"Bolt Machines, Inc.",BLTM,2031Q3,2031-11-04\n'
    "calls/cobalt.txt,,,FY2031,\n"
)


def test_briefs_carry_the_manifests_metadata_marked_given(fake: FakeOpenAI, tmp_path: Path) -> None:
    write_calls(tmp_path / "calls", {"acme.txt": "Acme", "bolt.txt": "Bolt", "cobalt.txt": "Cobalt"})
    (tmp_path / "calls.csv").write_text(MANIFEST, "utf-8")
    out = tmp_path / "out"
    code, stderr = batch(fake, "--manifest", str(tmp_path / "calls.csv"), "-o", str(out))  # its files are the inputs
    assert code == 0, stderr
    briefs = {name: brief(line) for name, line in index(out).items()}
    assert set(briefs) == {"acme.txt", "bolt.txt", "cobalt.txt"}
    acme, bolt, cobalt = briefs["acme.txt"], briefs["bolt.txt"], briefs["cobalt.txt"]
    assert (acme.company, acme.ticker, acme.period, acme.call_date) == ("Acme Robotics", "ACME", "2031Q3", "2031-10-30")
    assert (bolt.company, bolt.ticker, bolt.period, bolt.call_date) == (
        "Bolt Machines, Inc.",
        "BLTM",
        "2031Q3",
        "2031-11-04",
    )
    for given in (acme, bolt):
        assert given.metadata_source == {"company": "given", "ticker": "given", "period": "given", "call_date": "given"}
    # a row that gives only the period: the company is read from the transcript's title line
    assert cobalt.period == "FY2031" and cobalt.metadata_source["period"] == "given"
    assert cobalt.company is not None and cobalt.company.startswith("Cobalt")
    assert cobalt.metadata_source["company"] == "detected"
    # a KPI without a period of its own takes the given one, in every brief
    assert {k.period for k in acme.kpis} >= {"2031Q3"}


def test_briefs_carry_the_metadata_in_their_file_names(fake: FakeOpenAI, tmp_path: Path) -> None:
    write_calls(tmp_path / "in", {"dune_Q1 2032.txt": "Dune", "ELMR_2032Q2.txt": "Elm", "notes.txt": "Fir"})
    out = tmp_path / "out"
    code, stderr = batch(fake, str(tmp_path / "in"), "--name-pattern", "{ticker}_{period}", "-o", str(out))
    assert code == 0, stderr
    briefs = {name: brief(line) for name, line in index(out).items()}
    dune, elm, notes = briefs["dune_Q1 2032.txt"], briefs["ELMR_2032Q2.txt"], briefs["notes.txt"]
    assert (dune.ticker, dune.period) == ("DUNE", "2032Q1") and (elm.ticker, elm.period) == ("ELMR", "2032Q2")
    for named in (dune, elm):
        assert (named.metadata_source["ticker"], named.metadata_source["period"]) == ("given", "given")
        assert named.metadata_source["company"] == "detected"
    # a name the pattern does not match gives nothing: what the text says is kept
    assert notes.period == "2025Q2" and notes.metadata_source["period"] == "detected" and notes.ticker is None


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        pytest.param(
            "file,period\ncalls/acme.txt,2031Q3\n", "the first row must name the columns", id="no_path_column"
        ),
        pytest.param("path,perod\ncalls/acme.txt,2031Q3\n", "unknown column perod", id="misspelt_column"),
        pytest.param("path,period\ncalls/gone.txt,2031Q3\n", "row 2: calls/gone.txt does not exist", id="missing_file"),
        pytest.param("path,call_date\ncalls/acme.txt,2031-02-30\n", "row 2: call date '2031-02-30'", id="bad_date"),
        pytest.param("path,period\ncalls/acme.txt,someday\n", "row 2: period 'someday'", id="bad_period"),
        pytest.param(
            "path,company\ncalls/acme.txt,Acme, Inc.\n", "row 2: more cells than columns", id="unquoted_comma"
        ),
        pytest.param("path\ncalls/acme.txt\n./calls/acme.txt\n", "row 3: ./calls/acme.txt is named twice", id="twice"),
    ],
)
def test_a_bad_manifest_is_one_line_before_any_request(
    fake: FakeOpenAI, tmp_path: Path, manifest: str, message: str
) -> None:
    write_calls(tmp_path / "calls", {"acme.txt": "Acme"})
    (tmp_path / "calls.csv").write_text(manifest, "utf-8")
    out = tmp_path / "out"
    code, stderr = batch(fake, str(tmp_path / "calls"), "--manifest", str(tmp_path / "calls.csv"), "-o", str(out))
    assert code == 1
    assert stderr.startswith("error: manifest ") and message in stderr and len(stderr.splitlines()) == 1
    assert chat(fake) == [] and not out.exists()


def test_a_changed_manifest_row_redoes_only_its_brief(fake: FakeOpenAI, tmp_path: Path) -> None:
    write_calls(tmp_path / "calls", {"acme.txt": "Acme", "bolt.txt": "Bolt", "cobalt.txt": "Cobalt"})
    manifest, out = tmp_path / "calls.csv", tmp_path / "out"
    manifest.write_text(MANIFEST, "utf-8")
    run = ["--manifest", str(manifest), "-o", str(out), "--no-cache"]
    assert batch(fake, *run)[0] == 0
    first = index(out)
    sent = len(chat(fake))
    assert batch(fake, *run)[0] == 0  # nothing changed: every brief reused
    assert len(chat(fake)) == sent and {line["status"] for line in index(out).values()} == {"skipped"}

    manifest.write_text(MANIFEST.replace("BLTM,2031Q3", "BLTM,2031Q4"), "utf-8")
    assert batch(fake, *run)[0] == 0
    after = index(out)
    assert {name: line["status"] for name, line in after.items()} == {
        "acme.txt": "skipped", "bolt.txt": "ok", "cobalt.txt": "skipped",
    }  # fmt: skip
    redone = chat(fake)[sent:]
    assert redone and all("Bolt" in r.section for r in redone if r.schema != "Highlights")
    assert brief(after["bolt.txt"]).period == "2031Q4" and brief(after["acme.txt"]).period == "2031Q3"
    assert after["bolt.txt"]["settings"] != first["bolt.txt"]["settings"]
    assert after["acme.txt"]["settings"] == first["acme.txt"]["settings"] != first["bolt.txt"]["settings"]
