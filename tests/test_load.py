"""Reading transcripts: encodings, newlines, hashes and the one-line errors for bad input."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest

from summarizer.errors import InputError
from summarizer.ingest.readers import MAX_BYTES, load_path, load_text

ZH_TRAD = "管理層:本季度收入同比增長百分之十二,達到人民幣三億元。\n分析師:請問毛利率的展望?\n"
ZH_SIMP = "管理层:本季度收入同比增长百分之十二,达到人民币三亿元。\n分析师:请问毛利率的展望?\n"
EN = (
    "Operator\nWelcome to the Acme Widgets second quarter call.\nJane Roe - Chief Executive Officer\nRevenue grew 5%.\n"
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(EN.encode("utf-8"), EN, id="utf8"),
        pytest.param(codecs.BOM_UTF8 + EN.encode("utf-8"), EN, id="utf8_bom"),
        pytest.param(ZH_TRAD.encode("utf-16"), ZH_TRAD, id="utf16_bom"),
        pytest.param(codecs.BOM_UTF16_BE + ZH_TRAD.encode("utf-16-be"), ZH_TRAD, id="utf16_be_bom"),
        pytest.param(ZH_SIMP.encode("gb18030"), ZH_SIMP, id="gb18030"),
        pytest.param(ZH_SIMP.encode("gbk"), ZH_SIMP, id="gbk"),
        pytest.param(ZH_TRAD.encode("big5"), ZH_TRAD, id="big5"),
        pytest.param(ZH_TRAD.replace("\n", "\r\n").encode("utf-8"), ZH_TRAD, id="crlf"),
        pytest.param(EN.replace("\n", "\r").encode("utf-8"), EN, id="old_mac_cr"),
    ],
)
def test_decodes(tmp_path: Path, raw: bytes, expected: str) -> None:
    path = tmp_path / "call.txt"
    path.write_bytes(raw)
    transcript = load_path(path)
    assert transcript.text == expected
    assert transcript.name == "call.txt"
    assert transcript.sha256 == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        pytest.param("empty.txt", b"", "empty", id="empty"),
        pytest.param("blank.txt", b"  \n\t\r\n ", "empty", id="whitespace_only"),
        pytest.param("blank16.txt", "   \n  ".encode("utf-16"), "empty", id="whitespace_only_utf16"),
        pytest.param("nul.txt", b"abc\x00def\x00" * 20, "binary", id="nul_bytes"),
        pytest.param("doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF", id="pdf_renamed"),
        pytest.param("img.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG", id="png_renamed"),
        pytest.param("ctl.txt", bytes(range(1, 9)) * 50, "binary", id="control_characters"),
        pytest.param("call.docx", b"text", "unsupported file type", id="unsupported_suffix"),
        pytest.param("call.pdf", b"text", "cannot read the PDF", id="pdf_not_a_pdf"),
        pytest.param("call", b"text", "unsupported file type", id="no_suffix"),
    ],
)
def test_bad_files(tmp_path: Path, name: str, raw: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(InputError, match=message) as info:
        load_path(path)
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_path(tmp_path / "nope.txt")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        load_path(tmp_path)


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Revenue grew.\n" * 100, encoding="utf-8")
    with pytest.raises(InputError, match="larger than the 1,000-byte limit"):
        load_path(path, max_bytes=1000)
    assert load_path(path).text.startswith("Revenue")
    assert MAX_BYTES == 5 * 1024 * 1024


def test_undecodable(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"ok \xff\xfe\xfd broken")
    with pytest.raises(InputError, match="cannot decode"):
        load_path(path)


def test_markdown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "call.MD"
    path.write_text("# Title\n\nText.\n", encoding="utf-8")
    assert load_path(path).text == "# Title\n\nText.\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a\r\nb\rc\n", "a\nb\nc\n", id="newlines"),
        pytest.param("\ufeffHello.", "Hello.", id="leading_bom"),
        pytest.param("第一行\u2028第二行", "第一行\n第二行", id="line_separator"),
    ],
)
def test_load_text_normalises(text: str, expected: str) -> None:
    transcript = load_text(text, name="memo")
    assert transcript.text == expected
    assert transcript.name == "memo"
    assert transcript.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", "empty", id="empty"),
        pytest.param(" \n\t ", "empty", id="whitespace"),
        pytest.param("abc\x00def", "binary", id="nul"),
        pytest.param("\x01\x02\x03" * 10, "binary", id="controls"),
        pytest.param("x" * (MAX_BYTES + 1), "larger than", id="too_large"),
    ],
)
def test_load_text_rejects(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_text(text)


# --- decoding never guesses silently ---------------------------------------------------------------


def test_utf8_with_one_stray_byte_stays_utf8_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    good = ZH_TRAD.encode("utf-8")
    path.write_bytes(good[:10] + b"\xff" + good[10:])  # between two characters
    transcript = load_path(path)
    assert transcript.encoding == "utf-8"
    assert "本季度收入" in transcript.text and transcript.text.count(chr(0xFFFD)) == 1
    assert transcript.notes == [f"1 byte(s) that are not UTF-8 were replaced by {chr(0xFFFD)}"]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        pytest.param("Caf\u00e9 revenue grew 5% in the quarter.\n", "cp1252", id="latin1_letter"),
        pytest.param("Revenue \u201cgrew\u201d \u2014 to \u20ac5 million.\n", "cp1252", id="cp1252_marks"),
    ],
)
def test_western_legacy_text_reads_as_written(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "call.txt"
    path.write_bytes(text.encode(encoding))
    transcript = load_path(path)
    assert transcript.text == text and transcript.encoding == encoding
    assert transcript.notes == [f"decoded as {encoding}, not UTF-8"]


def test_chinese_legacy_text_records_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_bytes(ZH_SIMP.encode("gb18030"))
    transcript = load_path(path)
    assert transcript.text == ZH_SIMP and transcript.encoding in {"gb18030", "gbk", "gb2312"}


def test_bytes_no_encoding_reads_as_text_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_bytes(b"Revenue \x81\x8d\x8f\x90\x9d grew \x80\x85\x99 in the quarter \x9e\x9f.\n")
    with pytest.raises(InputError, match="cannot tell the file's encoding"):
        load_path(path)


def test_the_brief_records_the_encoding_and_the_replaced_bytes(tmp_path: Path) -> None:
    from summarizer.assemble.merge import merge

    path = tmp_path / "call.txt"
    path.write_bytes(EN.encode("utf-8").replace(b"Acme", "Acm\u00e9".encode("utf-8") + b"\xfe"))
    brief = merge(load_path(path), [])
    assert brief.source.encoding == "utf-8"
    assert brief.warnings == [f"1 byte(s) that are not UTF-8 were replaced by {chr(0xFFFD)}"]
