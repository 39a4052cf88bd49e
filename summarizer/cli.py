"""typer: parse arguments, call the library, print, set the exit code. Nothing else.

Exit codes: 0 complete; 3 the brief was written but is partial (a section failed while at least
one succeeded, or figures conflict: ``Brief.incomplete`` says why); 1 an error (bad input,
configuration, model; also no section succeeded); 2 bad usage (typer's own).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import warnings
from pathlib import Path
from typing import Annotated

import typer

from summarizer.errors import ConfigError, SummarizerError
from summarizer.render import formats
from summarizer.run.files import write_atomic

app = typer.Typer(
    no_args_is_help=True,
    help="Structured, grounded briefs of earnings-call transcripts.",
)

EXIT_PARTIAL = 3


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"summarizer {version('summarizer')}")
        except PackageNotFoundError:
            typer.echo("summarizer (not installed)")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Structured, grounded briefs of earnings-call transcripts."""


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def _progress(quiet: bool):
    if quiet:
        return None
    return lambda line: typer.echo(line, err=True)


_SECRETS: set[str] = set()


def _mask_secrets(base_url: str | None) -> None:
    """Mask the API key and any password inside the base URL in every log record."""
    from summarizer.config import url_password

    _mask_in_logs(os.environ.get("OPENAI_API_KEY"))
    for url in (base_url, os.environ.get("OPENAI_BASE_URL")):
        password = url_password(url)
        if password:
            # the password alone may be short or a common word: mask it where a URL holds it
            _mask_in_logs(f":{password}@", short=True)


def _mask_in_logs(secret: str | None, *, short: bool = False) -> None:
    """Mask ``secret`` in every log record of this process (``short`` masks one under 8 characters too).

    An endpoint may echo the key in its error body, and instructor logs those bodies at ERROR
    level; with logging configured (``OPENAI_LOG=debug`` does) the key would reach stderr.
    """
    if not secret or (len(secret) < 8 and not short):
        return
    if not _SECRETS:
        previous = logging.getLogRecordFactory()

        def factory(*args: object, **kwargs: object) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            message = record.getMessage()
            if any(s in message for s in _SECRETS):
                for s in _SECRETS:
                    message = message.replace(s, ":***@" if s.startswith(":") and s.endswith("@") else "***")
                record.msg, record.args = message, None
            return record

        logging.setLogRecordFactory(factory)
    _SECRETS.add(secret)


def _write(path: Path, text: str) -> None:
    try:
        write_atomic(path, text)
    except OSError as e:
        _fail(f"cannot write {path}: {e.strerror or e}")


def _format_for(output: Path | None, fmt: str | None, default: str = "json") -> str:
    """The format asked for, else the one ``output``'s extension names; an unknown extension is an error."""
    if fmt:
        try:
            formats.get_format(fmt)
        except ConfigError as e:
            _fail(str(e))
        return fmt
    if output is None or not output.suffix:
        return default
    chosen = formats.format_for(output, default="")
    if not chosen:
        known = ", ".join(s for f in formats.FORMATS.values() for s in f.suffixes)
        _fail(f"unknown output extension {output.suffix} for {output}: use {known}, or give --format")
    return chosen


def _check_output(output: Path | None) -> None:
    """Fail now, before any model run, if ``output`` could not be written."""
    if output is None:
        return
    from summarizer.run.files import check_writable

    try:
        check_writable(output)
    except OSError as e:
        _fail(f"cannot write {output}: {e.strerror or e}")


def _read_input(file: Path):
    """The transcript at ``file``, or on standard input for ``-`` (any text encoding)."""
    from summarizer.ingest import readers

    if str(file) != "-":
        return readers.load_path(file)
    raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    return readers.load_text(readers.decode_bytes(raw), name="stdin")


@app.command()
def run(
    file: Annotated[Path, typer.Argument(help="Transcript file (.txt, .md, .pdf, .html), or - for standard input.")],
    *,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the brief here (format from the extension).")
    ] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="json, md or html.")] = None,
    model: Annotated[str | None, typer.Option("-m", "--model", help="Model name (else SUMMARIZER_MODEL).")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible base URL (else OPENAI_BASE_URL).")] = None,
    mode: Annotated[str | None, typer.Option(help="instructor mode: json_schema, tools, json, md_json.")] = None,
    local: Annotated[bool, typer.Option("--local", help="Use the embedded model even if an endpoint is set.")] = False,
    local_model: Annotated[
        Path | None,
        typer.Option(
            "--local-model",
            help="Run this GGUF file on the embedded server (else SUMMARIZER_LOCAL_MODEL, else the shipped model).",
        ),
    ] = None,
    concurrency: Annotated[int | None, typer.Option(help="Sections in flight at once (remote endpoints).")] = None,
    company: Annotated[str | None, typer.Option(help="The company (else detected from the text).")] = None,
    ticker: Annotated[str | None, typer.Option(help="The ticker (else detected).")] = None,
    period: Annotated[
        str | None,
        typer.Option(
            help="The call's period, e.g. 2025Q2, Q2 2025, FY2024 (else detected); KPIs without a period get it."
        ),
    ] = None,
    call_date: Annotated[
        str | None, typer.Option("--call-date", help="The call's date, e.g. 2025-07-30 (else detected).")
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress on stderr.")] = False,
) -> None:
    """Summarise one transcript into a brief (JSON by default)."""
    from summarizer import api

    # A person at a terminal with no format asked for gets tables; pipes and files get JSON.
    tables = output is None and fmt is None and sys.stdout.isatty()
    fmt = _format_for(output, fmt)
    _mask_secrets(base_url)
    _check_output(output)  # before the model run, not after
    try:
        transcript = _read_input(file)
        brief = api.summarize_transcript(
            transcript,
            model=model,
            base_url=base_url,
            mode=mode,
            local=local,
            local_model=local_model,
            concurrency=concurrency,
            progress=_progress(quiet),
            company=company,
            ticker=ticker,
            period=period,
            call_date=call_date,
        )
        text = formats.render(brief, fmt, transcript_text=transcript.text)
        if tables:
            from rich.console import Console

            from summarizer import render

            render.print_brief(brief, Console())
        elif output is None:
            typer.echo(text, nl=not text.endswith("\n"))
        else:
            _write(output, text)
            if not quiet:
                typer.echo(f"wrote {output}", err=True)
    except SummarizerError as e:
        _fail(str(e))
    except KeyboardInterrupt:
        typer.echo("interrupted; no output written", err=True)
        raise typer.Exit(130) from None
    if not brief.complete:
        why = brief.incomplete or brief.warnings  # a brief saved before ``incomplete`` existed
        typer.echo("warning: the brief is partial: " + "; ".join(why[:3]), err=True)
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
def batch(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Transcript files, folders (their .txt, .md, .pdf, .html files) or globs; with --manifest, its files by default."
        ),
    ] = None,
    *,
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the briefs and index.jsonl.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, md or html.")] = "json",
    force: Annotated[bool, typer.Option("--force", help="Redo inputs whose brief already exists.")] = False,
    concurrency: Annotated[int | None, typer.Option(help="Requests in flight at once, across all transcripts.")] = None,
    tpm: Annotated[
        int | None, typer.Option("--tpm", help="Tokens-per-minute limit (estimated) for the endpoint.")
    ] = None,
    max_cost: Annotated[
        float | None,
        typer.Option(
            "--max-cost",
            help="Budget in USD: a transcript starts only when its estimated cost fits beside what is spent and reserved.",
        ),
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the response cache.")] = False,
    via: Annotated[
        str, typer.Option("--via", help="online (requests as they go) or batch-api (one OpenAI Batch job).")
    ] = "online",
    poll_interval: Annotated[
        float, typer.Option(help="batch-api: seconds between status checks (backs off to 10x).")
    ] = 30.0,
    model: Annotated[str | None, typer.Option("-m", "--model", help="Model name (else SUMMARIZER_MODEL).")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible base URL (else OPENAI_BASE_URL).")] = None,
    mode: Annotated[str | None, typer.Option(help="instructor mode: json_schema, tools, json, md_json.")] = None,
    local: Annotated[bool, typer.Option("--local", help="Use the embedded model even if an endpoint is set.")] = False,
    local_model: Annotated[
        Path | None,
        typer.Option(
            "--local-model",
            help="Run this GGUF file on the embedded server (else SUMMARIZER_LOCAL_MODEL, else the shipped model).",
        ),
    ] = None,
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest",
            help="CSV path,company,ticker,period,call_date: each file's metadata (paths relative to the CSV).",
        ),
    ] = None,
    name_pattern: Annotated[
        str | None, typer.Option("--name-pattern", help="Metadata from file names, e.g. '{ticker}_{period}'.")
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress bar on stderr.")] = False,
) -> None:
    """Summarise many transcripts into OUTDIR: one brief each, plus index.jsonl; resumable."""
    from summarizer.run import batch as batching
    from summarizer.run.progress import progress_display

    if not inputs and manifest is None:
        _fail("give transcripts (files, folders, globs) or --manifest")
    _mask_secrets(base_url)
    display = contextlib.nullcontext(None) if quiet else progress_display(sys.stderr)
    try:
        with display as shown:
            report = batching.run_batch(
                inputs or [],
                output,
                manifest=manifest,
                name_pattern=name_pattern,
                fmt=fmt,
                force=force,
                concurrency=concurrency,
                tokens_per_minute=tpm,
                max_cost=max_cost,
                cache=not no_cache,
                via=via,
                display=shown,
                batch_api_options={"poll_interval": poll_interval},
                model=model,
                base_url=base_url,
                mode=mode,
                local=local,
                local_model=local_model,
            )
    except SummarizerError as e:
        _fail(str(e))
    except KeyboardInterrupt:
        typer.echo(f"interrupted; finished briefs are in {output}, re-run to resume", err=True)
        raise typer.Exit(130) from None
    if not quiet:
        cost = f"${report.spent:.4f}" + (f" (no price for {', '.join(report.unpriced)})" if report.unpriced else "")
        if report.max_cost is not None:
            cost += f" of a ${report.max_cost:.4f} budget"
        typer.echo(
            f"{report.count('ok')} ok, {report.count('partial')} partial, {report.count('failed')} failed, "
            f"{report.count('skipped')} skipped; estimated cost {cost}; index {report.index}",
            err=True,
        )
    if report.failures:
        typer.echo(f"{len(report.failures)} input(s) failed:", err=True)
        for record in report.failures:
            typer.echo(f"  {record.describe()}", err=True)
        raise typer.Exit(1)
    if report.count("partial"):
        raise typer.Exit(EXIT_PARTIAL)


@app.command("sections")
def sections_cmd(
    file: Annotated[Path, typer.Argument(help="Transcript file (.txt or .md).")],
    *,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Show the structure found in a transcript (no model, no key)."""
    from summarizer.ingest import readers, sections

    try:
        transcript, found = sections.analyse(readers.load_path(file))
    except SummarizerError as e:
        _fail(str(e))
    if as_json:
        typer.echo(json.dumps(sections.sections_json(transcript, found), ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    console.print(
        f"{transcript.name}: {transcript.company or '?'} {transcript.period or '?'}; "
        f"format {transcript.format}; languages {', '.join(transcript.languages) or '?'}"
        + ("; bilingual, translation left out" if transcript.bilingual else "")
    )
    table = Table("id", "kind", "speaker", "role", "firm", "title", "sentences", "chars")
    for s in found:
        table.add_row(
            s.id,
            s.kind.value,
            s.speaker or "",
            s.role.value,
            s.firm or "",
            s.title or "",
            str(len(s.sentences)),
            str(s.span.end - s.span.start),
        )
    console.print(table)
    for warning in sections.structure_warnings(transcript, found):
        console.print(f"[yellow]warning:[/yellow] {escape(warning)}", highlight=False)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the brief."""
    from summarizer.schema import brief_schema_json

    typer.echo(brief_schema_json(), nl=False)


@app.command()
def render(
    brief_file: Annotated[Path, typer.Argument(help="A brief written by `summarizer run`.")],
    *,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="json, md or html (default: from -o, else md).")
    ] = None,
    transcript: Annotated[Path | None, typer.Option(help="The transcript, for the HTML side-by-side view.")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
) -> None:
    """Re-render a saved brief as Markdown or HTML, without any model call."""
    from summarizer import render as rendering
    from summarizer.ingest import readers

    try:
        brief = rendering.load_brief(brief_file)
        text_of = readers.load_path(transcript).text if transcript else None
        chosen = _format_for(output, fmt, default="md")
        _check_output(output)
        text = formats.render(brief, chosen, transcript_text=text_of)
        if output:
            _write(output, text)
        else:
            typer.echo(text, nl=not text.endswith("\n"))
    except SummarizerError as e:
        _fail(str(e))


@app.command("change-schema")
def change_schema() -> None:
    """Print the JSON Schema of the change document `summarizer compare` writes."""
    from summarizer.schema import change_schema_json

    typer.echo(change_schema_json(), nl=False)


@app.command()
def doctor(
    *,
    model: Annotated[str | None, typer.Option(help="Model name to check.")] = None,
    base_url: Annotated[str | None, typer.Option(help="Base URL to check.")] = None,
    local: Annotated[
        bool, typer.Option("--local", help="Check the embedded model even if an endpoint is set.")
    ] = False,
    local_model: Annotated[
        Path | None,
        typer.Option(
            "--local-model",
            help="Run this GGUF file on the embedded server (else SUMMARIZER_LOCAL_MODEL, else the shipped model).",
        ),
    ] = None,
) -> None:
    """Show which endpoint and model a run would use and why; check the embedded model."""
    from summarizer.config import resolve_endpoint

    try:
        endpoint = resolve_endpoint(model=model, base_url=base_url, local=local, local_model=local_model)
    except SummarizerError as e:
        _fail(str(e))
    typer.echo(f"endpoint: {endpoint.host}  model: {endpoint.model}  mode: {endpoint.mode}")
    typer.echo(f"why: {endpoint.reason}")
    if not endpoint.local:
        return
    from summarizer.run import local as embedded

    failed = False
    say = _progress(False)
    checks = embedded.doctor(progress=embedded.percent_progress(say), status=say, model=endpoint.local_model)
    for check in checks:
        mark = "ok  " if check.ok else "FAIL"
        typer.echo(f"[{mark}] {check.name}: {check.detail}")
        if not check.ok:
            failed = True
            if check.fix:
                typer.echo(f"       fix: {check.fix}")
    if failed:
        raise typer.Exit(1)


def _plain_warning(message: Warning | str, category: type[Warning], *_: object, **__: object) -> str:
    return f"warning: {message}\n"


def main() -> None:
    # a warning (the response cache, a price file) is one plain line, not Python's file:line form
    warnings.formatwarning = _plain_warning  # type: ignore[assignment]
    # one name however it is started (``python -m summarizer`` too): shell completion is keyed on it
    app(prog_name="summarizer")


# --- compare and timeline -----------------------------------------------------------------------


def _brief_or_summary(path: Path, options: dict, quiet: bool):
    """A saved brief as is; a transcript summarised first (through the response cache)."""
    from summarizer import api
    from summarizer.render import load_brief

    if path.suffix.lower() == ".json":
        return load_brief(path)
    if not quiet:
        typer.echo(f"summarising {path} ...", err=True)
    return api.summarize_file(path, cache=True, progress=_progress(quiet), **options)


def _view(thing, fmt: str, module) -> str:
    return {"md": module.to_markdown, "html": module.to_html}.get(fmt, module.to_json)(thing)


def _emit(thing, output: Path | None, fmt: str | None, module, printer) -> None:
    if output is None and fmt is None and sys.stdout.isatty():
        from rich.console import Console

        printer(thing, Console())
        return
    text = _view(thing, _format_for(output, fmt), module)
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
    else:
        _write(output, text)


@app.command()
def compare(
    prev: Annotated[Path, typer.Argument(help="The earlier call: a brief (.json) or a transcript.")],
    cur: Annotated[Path, typer.Argument(help="The later call: a brief (.json) or a transcript.")],
    *,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write the change here (json, md or html, from the extension)."),
    ] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="json, md or html.")] = None,
    no_model: Annotated[
        bool, typer.Option("--no-model", help="Match AI points and Q&A themes by shared words, without a model.")
    ] = False,
    model: Annotated[str | None, typer.Option("-m", "--model", help="Model name (else SUMMARIZER_MODEL).")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible base URL (else OPENAI_BASE_URL).")] = None,
    local: Annotated[bool, typer.Option("--local", help="Use the embedded model even if an endpoint is set.")] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress on stderr.")] = False,
) -> None:
    """What changed from PREV to CUR: KPIs, stated growth, guidance against results and guidance, topics."""
    from summarizer import api
    from summarizer.render import change as view

    _mask_in_logs(os.environ.get("OPENAI_API_KEY"))
    options = {"model": model, "base_url": base_url, "local": local}
    try:
        before = _brief_or_summary(prev, options, quiet)
        after = _brief_or_summary(cur, options, quiet)
        change = api.compare(before, after, use_model=not no_model, **options)
        if not no_model and change.matching.method.value == "word_overlap":
            typer.echo(f"warning: topics {change.matching.note}", err=True)
        _emit(change, output, fmt, view, view.print_change)
    except SummarizerError as e:
        _fail(str(e))
    if output is not None and not quiet:
        typer.echo(f"wrote {output}", err=True)


@app.command()
def timeline(
    inputs: Annotated[list[Path], typer.Argument(help="Briefs (.json), or folders of them.")],
    *,
    company: Annotated[
        str | None, typer.Option("--company", help="The company, when the briefs are of several.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write the timeline here (json, md or html, from the extension)."),
    ] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="json, md or html.")] = None,
) -> None:
    """One company's KPIs across its calls: a table, and in HTML small charts with guidance ranges."""
    from summarizer import api
    from summarizer.render import load_brief
    from summarizer.render import timeline as view

    paths = [p for i in inputs for p in (sorted(i.glob("*.json")) if i.is_dir() else [i])]
    try:
        if not paths:
            raise SummarizerError("no briefs found (give .json briefs or folders of them)")
        result = api.timeline([load_brief(p) for p in paths], company=company)
        _emit(result, output, fmt, view, view.print_timeline)
    except SummarizerError as e:
        _fail(str(e))


@app.command()
def export(
    inputs: Annotated[list[Path], typer.Argument(help="Briefs (.json), or folders of them.")],
    *,
    output: Annotated[Path, typer.Option("-o", "--output", help="The table: .parquet, .csv or .jsonl.")],
    what: Annotated[str, typer.Option("--what", help="kpis, guidance, qa or ai.")] = "kpis",
) -> None:
    """One table across calls: a row per KPI (or guidance, Q&A theme, AI point) with the call's metadata."""
    from summarizer import api

    paths = [p for i in inputs for p in (sorted(i.glob("*.json")) if i.is_dir() else [i])]
    suffix = output.suffix.lower()
    try:
        if suffix not in (".parquet", ".csv", ".jsonl"):
            raise SummarizerError(f"cannot write {output}: use .parquet, .csv or .jsonl")
        if not paths:
            raise SummarizerError("no briefs found (give .json briefs or folders of them)")
        table = api.frame(paths, what=what)
    except SummarizerError as e:
        _fail(str(e))
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".parquet":
            table.to_parquet(output, index=False)
        elif suffix == ".csv":
            table.to_csv(output, index=False)
        else:
            table.to_json(output, orient="records", lines=True, force_ascii=False)
    except (OSError, ImportError, ValueError) as e:
        _fail(f"cannot write {output}: {e}")
    typer.echo(f"wrote {len(table)} rows to {output}", err=True)
