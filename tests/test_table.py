"""Rows across calls: one per item, with the call's metadata and the evidence, read back by pandas."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from summarizer.render import load_brief
from summarizer.render.table import COLUMNS, KINDS, NUMBERS, rows

BRIEFS = [load_brief(FIXTURES / f"brief_{n}.json") for n in ("lumora", "yunfan")]


def test_kpi_rows_carry_the_call_and_the_evidence() -> None:
    table = rows(BRIEFS, what="kpis")
    assert len(table) == sum(len(b.kpis) for b in BRIEFS)
    first, kpi = table[0], BRIEFS[0].kpis[0]
    assert (first["company"], first["ticker"], first["period"], first["call_date"]) == (
        "Lumora Cloud, Inc.", "LMRA", "2025Q2", "2025-08-06",
    )  # fmt: skip
    assert (first["key"], first["metric"], first["value"], first["unit"]) == (kpi.key, kpi.metric, kpi.value, kpi.unit)
    assert first["sentence_id"] == kpi.evidence[0].sentence_id and first["evidence"] == kpi.evidence[0].text
    assert first["sha256"] == BRIEFS[0].source.sha256
    assert {r["company"] for r in table} == {"Lumora Cloud, Inc.", "雲帆科技"}


@pytest.mark.parametrize(("what", "count"), [("guidance", "guidance"), ("qa", "qa_themes"), ("ai", "ai_strategy")])
def test_other_tables(what: str, count: str) -> None:
    assert len(rows(BRIEFS, what=what)) == sum(len(getattr(b, count)) for b in BRIEFS)


def test_unknown_table_is_named() -> None:
    with pytest.raises(ValueError, match="kpis, guidance, qa, ai"):
        rows(BRIEFS, what="risks")


def test_pandas_reads_the_rows() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(rows(BRIEFS))
    lumora = frame[frame.ticker == "LMRA"]
    values = [None if pd.isna(v) else v for v in lumora.value.tolist()]
    assert values == [k.value for k in BRIEFS[0].kpis]


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_export_command_writes_a_table_pandas_and_duckdb_read(tmp_path, suffix: str) -> None:
    pd = pytest.importorskip("pandas")
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    from typer.testing import CliRunner

    from summarizer.cli import app

    out = tmp_path / f"kpis{suffix}"
    result = CliRunner().invoke(app, ["export", str(FIXTURES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    read = {".parquet": pd.read_parquet, ".csv": pd.read_csv}.get(suffix, lambda p: pd.read_json(p, lines=True))(out)
    assert len(read) == sum(len(b.kpis) for b in BRIEFS)
    assert set(read.ticker.dropna()) == {"LMRA"}
    duckdb = pytest.importorskip("duckdb")
    if suffix == ".parquet":
        count = duckdb.sql(f"select count(*) from '{out}' where period = '2025Q2'").fetchall()[0][0]
        assert count == len(BRIEFS[0].kpis)


@pytest.mark.parametrize("what", KINDS)
def test_every_row_has_its_tables_columns_in_order(what: str) -> None:
    table = rows(BRIEFS, what=what)
    assert table and all(tuple(row) == COLUMNS[what] for row in table)
    assert NUMBERS <= {c for columns in COLUMNS.values() for c in columns}


@pytest.mark.parametrize("what", KINDS)
def test_a_table_without_rows_keeps_its_columns_and_types(tmp_path, what: str) -> None:
    pytest.importorskip("pyarrow")
    from summarizer.api import frame

    empty = BRIEFS[0].model_copy(update={"kpis": [], "guidance": [], "qa_themes": [], "ai_strategy": []})
    table = frame([empty], what=what)
    assert list(table.columns) == list(COLUMNS[what]) and len(table) == 0
    table.to_parquet(tmp_path / "t.parquet", index=False)
    import pyarrow.parquet as pq

    schema = pq.read_schema(tmp_path / "t.parquet")
    for name in schema.names:
        kind = str(schema.field(name).type)
        assert (kind == "double") if name in NUMBERS else ("string" in kind), (name, kind)
