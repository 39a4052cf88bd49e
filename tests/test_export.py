"""``summarizer export`` on briefs written from real calls, read back by pandas and DuckDB, value by value.

The briefs are written by ``summarizer batch --manifest`` over the loopback fake, whose empty
replies leave the figures to code (headline recall and grounding): the example call always, and
the two shared calls in ../shared/transcripts when present. Every table row is checked against
the brief it came from, its evidence against the sentence of that id in the source file, and its
sha256 against the file's bytes.
"""

from __future__ import annotations

import csv
import hashlib
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURES, SHARED
from fake_openai import FakeOpenAI
from typer.testing import CliRunner

from summarizer.brief import Brief
from summarizer.cli import app
from summarizer.ingest import readers, sections
from summarizer.render import load_brief

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
duckdb = pytest.importorskip("duckdb")

EXAMPLE = FIXTURES / "example-call.txt"
SHARED_CALLS = {
    "agora-2024q3-en-zh.txt": {"company": "Agora, Inc.", "ticker": "API", "period": "Q3 2024"},
    "kuaishou-2024q4-zh.txt": {"company": "Kuaishou Technology", "ticker": "1024.hk", "period": "4Q24"},
}
KPI_FIELDS = ["key", "metric", "segment", "value", "value_text", "unit", "scale", "yoy", "qoq"]


@dataclass
class Exported:
    briefs: dict[str, Brief]  # by source file name
    files: dict[str, Path]
    tables: dict[str, Path]  # by --what


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Exported]:
    folder = tmp_path_factory.mktemp("export")
    rows = [{"path": str(EXAMPLE), "ticker": "NWRB", "call_date": "2025-07-30"}]
    transcripts = SHARED / "transcripts"
    rows += [{"path": str(transcripts / name), **given} for name, given in SHARED_CALLS.items() if transcripts.is_dir()]
    with (folder / "calls.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, ["path", "company", "ticker", "period", "call_date"])
        writer.writeheader()
        writer.writerows(rows)
    runner = CliRunner()
    with FakeOpenAI() as fake:
        env = {
            "OPENAI_BASE_URL": fake.base_url, "OPENAI_API_KEY": "sk-test-export", "SUMMARIZER_MODEL": "fake",
            "SUMMARIZER_MODE": None, "SUMMARIZER_PRICES": str(folder / "no-prices.json"),
        }  # fmt: skip
        args = ["batch", "-q", "--no-cache", "--manifest", str(folder / "calls.csv"), "-o", str(folder / "briefs")]
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 0, result.stderr
    tables = {}
    for what in ("kpis", "guidance", "qa", "ai"):
        tables[what] = folder / f"{what}.parquet"
        result = runner.invoke(app, ["export", str(folder / "briefs"), "-o", str(tables[what]), "--what", what])
        assert result.exit_code == 0, result.output
    briefs = [load_brief(p) for p in sorted((folder / "briefs").glob("*.json"))]
    yield Exported(
        briefs={b.source.name or "": b for b in briefs},
        files={Path(r["path"]).name: Path(r["path"]) for r in rows},
        tables=tables,
    )


def same(a: object, b: object) -> bool:
    """Equal, counting a missing value (None, NaN, NA) as equal to another missing one."""
    missing_a, missing_b = (x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA for x in (a, b))
    return (missing_a and missing_b) or (not missing_a and not missing_b and a == b)


def sentences_of(path: Path) -> dict[str, str]:
    """Sentence id -> text, as the pipeline numbers the file's sentences."""
    _, found = sections.analyse(readers.load_path(path))
    return {s.id: s.text for section in found for s in section.sentences}


def test_every_kpi_row_is_its_briefs_kpi_with_its_sentence_and_file(exported: Exported) -> None:
    table = pd.read_parquet(exported.tables["kpis"])
    assert set(table.source) == set(exported.briefs) == set(exported.files)
    for name, brief in exported.briefs.items():
        rows = table[table.source == name].to_dict("records")
        assert len(rows) == len(brief.kpis) > 0, name
        path, said = exported.files[name], sentences_of(exported.files[name])
        flat = " ".join(path.read_text("utf-8").split())
        for row, kpi in zip(rows, brief.kpis, strict=True):
            for field in KPI_FIELDS:
                assert same(row[field], getattr(kpi, field)), (name, field, row[field], getattr(kpi, field))
            assert row["label"] == (kpi.label or kpi.metric) and row["grounding"] == kpi.grounding.value
            assert same(row["basis"], kpi.basis.value if kpi.basis else None)
            assert (row["sentence_id"], row["evidence"]) == (kpi.evidence[0].sentence_id, kpi.evidence[0].text)
            assert said[row["sentence_id"]] == row["evidence"]  # the sentence of that id in the file
            assert " ".join(row["evidence"].split()) in flat
            assert row["value_text"] in row["evidence"] or kpi.grounding.value != "exact"
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert {r["sha256"] for r in rows} == {digest}
        assert {(r["company"], r["ticker"], r["period"]) for r in rows} == {(brief.company, brief.ticker, brief.period)}
        assert all(r["company"] and r["period"] for r in rows)


def test_the_given_metadata_reaches_the_table(exported: Exported) -> None:
    table = pd.read_parquet(exported.tables["kpis"])
    example = table[table.source == EXAMPLE.name]
    assert set(example.ticker) == {"NWRB"} and set(example.call_date) == {"2025-07-30"}
    assert set(example.company) == {"Northwind Robotics Inc."} and set(example.period) == {"2025Q2"}  # detected
    revenue = example[example.value_text == "$48.2 million"].iloc[0]
    assert (revenue.key, revenue.value, revenue.unit, revenue.yoy) == ("revenue", 48.2e6, "USD", 18.0)


def test_the_shared_calls_carry_the_manifests_metadata(exported: Exported, shared: Path) -> None:
    table = pd.read_parquet(exported.tables["kpis"])
    expected = {
        "agora-2024q3-en-zh.txt": ("Agora, Inc.", "API", "2024Q3"),
        "kuaishou-2024q4-zh.txt": ("Kuaishou Technology", "1024.HK", "2024Q4"),
    }
    for name, call in expected.items():
        rows = table[table.source == name]
        assert len(rows) > 0 and set(zip(rows.company, rows.ticker, rows.period, strict=True)) == {call}


def test_duckdb_reads_the_same_values(exported: Exported) -> None:
    path = exported.tables["kpis"]
    types = dict(duckdb.sql(f"select column_name, column_type from (describe select * from '{path}')").fetchall())
    assert (types["value"], types["yoy"], types["qoq"], types["company"]) == ("DOUBLE", "DOUBLE", "DOUBLE", "VARCHAR")
    for name, brief in exported.briefs.items():
        got = duckdb.execute(
            f"select key, value, unit, sentence_id, evidence, sha256 from '{path}' where source = ? order by id", [name]
        ).fetchall()
        kpis = sorted(brief.kpis, key=lambda k: k.id or "")
        assert [row[:5] for row in got] == [
            (k.key, k.value, k.unit, k.evidence[0].sentence_id, k.evidence[0].text) for k in kpis
        ]
        assert {row[5] for row in got} == {brief.source.sha256}


def test_the_other_tables(exported: Exported) -> None:
    guidance = pd.read_parquet(exported.tables["guidance"])
    qa = pd.read_parquet(exported.tables["qa"])
    for name, brief in exported.briefs.items():
        rows = guidance[guidance.source == name].to_dict("records")
        assert [(r["statement"], r["evidence"]) for r in rows] == [
            (g.statement, g.evidence[0].text) for g in brief.guidance
        ]
        assert all(same(r["low"], g.low) and same(r["high"], g.high) for r, g in zip(rows, brief.guidance, strict=True))
        assert list(qa[qa.source == name].theme) == [q.theme for q in brief.qa_themes]
    # a table with no rows still has its columns, for a query to name
    ai = exported.tables["ai"]
    assert duckdb.sql(f"select count(*) from '{ai}' where company is not null").fetchall()[0][0] == sum(
        len(b.ai_strategy) for b in exported.briefs.values()
    )
