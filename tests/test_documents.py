"""PDF and web-page transcripts read to the same sections as their text; a scanned PDF is one clear error.

The documents are made here (``tests/documents.py``): reportlab typesets a fixture with running
headers, page-number footers, wrapped and hyphenated lines and a two-column page; the web page
wraps it in navigation, a banner, scripts and a footer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.document import Section, Transcript
from summarizer.errors import InputError
from summarizer.ingest import pdf, readers, sections, webpage
from summarizer.ingest.labels import parse_label
from summarizer.run.files import expand_inputs

pytest.importorskip("pypdf")
pytest.importorskip("reportlab")
pytest.importorskip("selectolax")

from documents import blank_pdf, html_of, pdf_of  # noqa: E402 - after the skips

FIXTURES = Path(__file__).parent / "fixtures"

CALLS = ["en_speaker_call.txt", "example-call.txt", "en_participants_list.txt"]
TITLE = "Quarterly Earnings Call Transcript"


def _shape(found: list[Section]) -> list[tuple[str, str | None, str, list[str]]]:
    return [(s.kind.value, s.speaker, s.role.value, [x.text for x in s.sentences]) for s in found]


def _sections(transcript: Transcript) -> tuple[str | None, str | None, list[tuple[str, str | None, str, list[str]]]]:
    analysed, found = sections.analyse(transcript)
    return analysed.company, analysed.period, _shape(found)


def _titled(name: str) -> Transcript:
    """The fixture's text under the running title, which a PDF or page keeps once at the top."""
    return readers.load_text(TITLE + "\n" + (FIXTURES / name).read_text("utf-8"))


def _lines(name: str) -> int:
    return len([line for line in (FIXTURES / name).read_text("utf-8").splitlines() if line.strip()])


@pytest.mark.parametrize("name", CALLS)
@pytest.mark.parametrize("columns", [None, "middle"], ids=["one_column", "two_column_page"])
def test_pdf_reads_to_the_sections_of_its_text(tmp_path: Path, name: str, columns: str | None) -> None:
    text = (FIXTURES / name).read_text("utf-8")
    n = _lines(name)
    two = (n // 3, n // 3 + 14) if columns else None
    path = tmp_path / (Path(name).stem + ".pdf")
    path.write_bytes(pdf_of(text, title=TITLE, two_columns=two))
    read = readers.load_path(path).text
    assert "Page 1 of" not in read and read.count(TITLE) <= 1
    assert _sections(readers.load_path(path)) == _sections(_titled(name))


def test_pdf_furniture_and_wrapping() -> None:
    pages = [
        ["Acme Q3 2024 Earnings Call", "", "Operator", "Welcome to the call.", "", "Page 1 of 3"],
        ["Acme Q3 2024 Earnings Call", "", "Jane Roe - CFO", "Revenue grew.", "", "Page 2 of 3"],
        ["Acme Q3 2024 Earnings Call", "", "Operator", "Thank you.", "", "- 3 -"],
    ]
    title, kept = pdf.strip_furniture(pages)
    assert title == "Acme Q3 2024 Earnings Call"
    assert [r for page in kept for r in page if r] == [
        "Operator", "Welcome to the call.", "Jane Roe - CFO", "Revenue grew.", "Operator", "Thank you.",
    ]  # fmt: skip
    joined = pdf.join_lines([
        ["Acme Corp Q3 2024 Earnings Call Transcript", "Jane Roe - Chief Financial Officer",
         "Revenue for the third quarter was $48 million, up 14% year-over-",
         "year, and our gross margin rose by two points on lower",
         "component costs and a better mix of robot subscrip-"],
        ["tions.", "Operator", "Thank you."],
    ])  # fmt: skip
    assert joined == [
        "Acme Corp Q3 2024 Earnings Call Transcript",
        "Jane Roe - Chief Financial Officer",
        "Revenue for the third quarter was $48 million, up 14% year-over-year, and our gross margin rose by two"
        " points on lower component costs and a better mix of robot subscriptions.",
        "Operator",
        "Thank you.",
    ]


def test_two_column_page_is_read_left_column_first() -> None:
    rows = [f"{f'left sentence number {i} here.':<40}right sentence number {i} here." for i in range(6)]
    left, right = pdf.page_columns(rows)
    assert left[0] == "left sentence number 0 here." and right[-1] == "right sentence number 5 here."
    assert pdf.page_columns(["one column of text that runs across the whole page width, as most do"] * 6)[0][
        0
    ].startswith("one")


def test_scanned_pdf_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(blank_pdf())
    with pytest.raises(InputError, match=r"scan.pdf: the PDF has no text layer .*OCR") as info:
        readers.load_path(path)
    assert "\n" not in str(info.value)


def test_missing_extra_names_the_install_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real = builtins.__import__

    def no_pdf(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith(("pypdf", "selectolax")):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pdf)
    with pytest.raises(InputError, match=r"pip install 'summarizer\[pdf\]'"):
        pdf.read_pdf(b"%PDF-1.4")
    with pytest.raises(InputError, match=r"pip install 'summarizer\[html\]'"):
        webpage.read_html(b"<p>x</p>")


@pytest.mark.parametrize("name", CALLS)
def test_web_page_reads_to_the_sections_of_its_text(tmp_path: Path, name: str) -> None:
    text = (FIXTURES / name).read_text("utf-8")
    labels = {line for line in text.splitlines() if parse_label(line)}
    path = tmp_path / (Path(name).stem + ".html")
    path.write_text(html_of(text, title=TITLE, labels=labels), "utf-8")
    read = readers.load_path(path).text
    assert "tracking" not in read and "Related:" not in read and "Markets" not in read and "Copyright" not in read
    assert _sections(readers.load_path(path)) == _sections(_titled(name))


def test_web_page_keeps_speaker_lines_and_inline_markup_on_one_line() -> None:
    page = (
        b"<html><body><div class='menu'><a>Home</a></div><main><h2>Prepared Remarks</h2>"
        b"<p><b>Jane Roe</b> - <i>Chief Financial Officer</i></p><p>Revenue was <b>$4.1 billion</b>,<br>"
        b"up 5%.</p></main><script>x = 1</script></body></html>"
    )
    assert (
        webpage.read_html(page)
        == "Prepared Remarks\nJane Roe - Chief Financial Officer\nRevenue was $4.1 billion,\nup 5%.\n"
    )


def test_folder_scan_uses_the_reader_registry(tmp_path: Path) -> None:
    for name in ("a.pdf", "b.html", "c.htm", "d.txt", "e.md", "f.docx", "g.json"):
        (tmp_path / name).write_text("x")
    found, _ = expand_inputs([tmp_path])
    assert [p.name for p in found] == ["a.pdf", "b.html", "c.htm", "d.txt", "e.md"]
