"""Read a transcript: path or text -> ``Transcript`` with decoded, newline-normalised text.

Readers are chosen by file suffix from a small registry (``READERS``): plain text and Markdown
here, PDF (``ingest.pdf``, the ``pdf`` extra) and saved web pages (``ingest.webpage``, the
``html`` extra) registered at the end of this module; ``register_reader`` adds more. Every
reader returns text; the checks (size, emptiness, binary content) and newline normalisation
are the same for all of them, and all later spans index the text produced here.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from summarizer.document import Transcript
from summarizer.errors import InputError
from summarizer.text.script import CJK_CHAR

__all__ = [
    "MAX_BYTES",
    "READERS",
    "Decoded",
    "decode",
    "decode_bytes",
    "load_path",
    "load_text",
    "register_reader",
    "suffixes",
]

MAX_BYTES = 5 * 1024 * 1024
"""Largest transcript accepted (5 MiB): a long call is about 100 KB, so more is not a transcript."""

Reader = Callable[[bytes], "str | Decoded"]

READERS: dict[str, Reader] = {}

# Signatures of common binary formats people hand over by mistake, for a more useful message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a ZIP/Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_RAW_FACTOR = {".pdf": 10}
_WIDE = ("utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be")
# Control characters other than tab, newline, carriage return, form feed, vertical tab.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def register_reader(suffixes: Iterable[str], reader: Reader) -> None:
    """Use ``reader`` (raw bytes -> text, or a ``Decoded``) for files whose suffix is one of ``suffixes``."""
    for suffix in suffixes:
        READERS[suffix.lower()] = reader


@dataclass(frozen=True)
class Decoded:
    """Text a reader decoded, the encoding it used, and what the reader of the brief must know."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()


# Legacy encodings a transcript may come in; anything else is refused, never guessed silently.
_CJK_ENCODINGS = {"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950", "cp936"}
# Typographic punctuation of Windows-1252 that Western text uses.
_WESTERN_MARKS = set("\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u20ac\u00a0\u00b7\u00b0\u00a3\u00a7\u00ab\u00bb")
_REPLACEMENT = "\ufffd"


def _non_ascii(text: str) -> list[str]:
    return [c for c in text if ord(c) > 127]


def _reads_as_chinese(text: str) -> bool:
    """Most non-ASCII characters are CJK ideographs, punctuation or full-width forms."""
    wide = _non_ascii(text)
    return bool(wide) and sum(bool(CJK_CHAR.match(c)) for c in wide) >= 0.95 * len(wide)


def _reads_as_western(text: str) -> bool:
    """Every non-ASCII character is a Latin letter or Western typographic punctuation."""
    return all((c.isalpha() and ord(c) < 0x250) or c in _WESTERN_MARKS for c in _non_ascii(text))


def _mostly_utf8(raw: bytes) -> Decoded | None:
    """UTF-8 with a few invalid bytes (a stray byte, a cut character): kept as UTF-8, bytes replaced.

    Only when the valid multi-byte characters show the file is UTF-8 and the invalid bytes are
    few; otherwise the file is in another encoding.
    """
    text = raw.decode("utf-8", errors="replace")
    bad = text.count(_REPLACEMENT) - raw.count(_REPLACEMENT.encode("utf-8"))
    wide = len(_non_ascii(text)) - bad
    if wide < 1 or bad > max(4, wide // 100):
        return None
    return Decoded(text, "utf-8", (f"{bad} byte(s) that are not UTF-8 were replaced by \ufffd",))


def decode(raw: bytes) -> Decoded:
    """Decode a text file without guessing silently: BOM, strict UTF-8, UTF-8 with a few bad
    bytes (replaced and counted), then a legacy encoding only when the text then reads as the
    script it claims (GB18030/GBK or Big5 as Chinese, Windows-1252 as Western text).

    Raises ``InputError`` naming the problem for binary content or an encoding it cannot tell.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(raw.decode(encoding), encoding.removesuffix("-sig"))
            except UnicodeDecodeError as e:
                raise InputError(f"cannot decode the file as {encoding}: {e.reason}") from e
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise InputError(
                f"the file is {what}, not text; name it for what it is (.pdf, .html) or give a text transcript"
            )
    if b"\x00" in raw:
        # UTF-16/32 saved without a BOM is full of NUL bytes too; charset-normalizer tells them apart.
        best = from_bytes(raw).best()
        if best is None or best.encoding not in _WIDE:
            raise InputError("the file is binary (it contains NUL bytes), not a text transcript")
        return Decoded(str(best), best.encoding)
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _mostly_utf8(raw) or _legacy(raw)


def _legacy(raw: bytes) -> Decoded:
    best = from_bytes(raw).best()
    if best is not None and best.encoding in _CJK_ENCODINGS and _reads_as_chinese(str(best)):
        return Decoded(str(best), best.encoding, (f"decoded as {best.encoding}, not UTF-8",))
    for encoding in ("cp1252", "latin-1"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _reads_as_western(text):
            return Decoded(text, encoding, (f"decoded as {encoding}, not UTF-8",))
    raise InputError(
        "cannot tell the file's encoding: it is not UTF-8, and neither GB18030/GBK, Big5 nor "
        "Windows-1252 reads as text; save it as UTF-8"
    )


def decode_bytes(raw: bytes) -> str:
    """The text of ``decode`` (the reader registered for .txt and .md)."""
    return decode(raw).text


register_reader([".txt", ".md", ".markdown", ".text"], decode)


def suffixes() -> tuple[str, ...]:
    """Every file suffix a reader is registered for, sorted (what a folder scan picks up)."""
    return tuple(sorted(READERS))


def _normalise(text: str) -> str:
    text = text.removeprefix("\ufeff")
    return _NEWLINES.sub("\n", text)


def _check_text(text: str, *, label: str) -> None:
    if not text.strip():
        raise InputError(f"{label} is empty (no text to summarise)")
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(8, len(text) // 200):
        raise InputError(f"{label} looks binary ({controls} control characters), not a transcript")


def load_path(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Transcript:
    """Read a transcript file (``.txt``/``.md``, ``.pdf``, ``.html``/``.htm``) into a ``Transcript``.

    The bytes are decoded (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK, Big5),
    newlines become ``\\n``, ``name`` is the file name and ``sha256`` the hash of the raw bytes.
    Files larger than ``max_bytes`` (default ``MAX_BYTES``, 5 MiB; ten times that for a PDF) are refused. Raises
    ``InputError`` with a one-line message for a missing file, a directory, an unsupported
    suffix, an empty or whitespace-only file, binary content or undecodable bytes.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a transcript file")
    reader = READERS.get(p.suffix.lower())
    if reader is None:
        supported = ", ".join(sorted(READERS))
        raise InputError(f"{p}: unsupported file type {p.suffix or '(none)'!r}; supported: {supported}")
    # A PDF carries fonts and drawing around its text: its bytes may be many times the text's.
    limit = max_bytes * _RAW_FACTOR.get(p.suffix.lower(), 1)
    try:
        size = p.stat().st_size
        if size > limit:
            raise InputError(f"{p}: {size:,} bytes is larger than the {limit:,}-byte limit")
        raw = p.read_bytes()
    except OSError as e:
        raise InputError(f"{p}: cannot read: {e.strerror or e}") from e
    if not raw.strip():
        raise InputError(f"{p}: file is empty (no text to summarise)")
    try:
        read = reader(raw)
    except InputError as e:
        raise InputError(f"{p}: {e}") from e
    decoded = read if isinstance(read, Decoded) else Decoded(read, "text")
    text = _normalise(decoded.text)
    _check_text(text, label=str(p))
    return Transcript(
        text=text,
        name=p.name,
        sha256=hashlib.sha256(raw).hexdigest(),
        encoding=decoded.encoding,
        notes=list(decoded.notes),
    )


def load_text(text: str, *, name: str | None = None) -> Transcript:
    """Wrap in-memory text as a ``Transcript`` after the same checks as ``load_path``.

    Newlines are normalised to ``\\n`` and a leading BOM dropped; ``sha256`` hashes the UTF-8
    encoding of the text as given. Raises ``InputError`` for empty or whitespace-only text,
    binary-looking text (NUL or many control characters) and text over ``MAX_BYTES`` in UTF-8.
    """
    if not isinstance(text, str):
        raise InputError(f"expected text (str), got {type(text).__name__}")
    label = name or "the text"
    raw = text.encode("utf-8", errors="surrogatepass")
    if len(raw) > MAX_BYTES:
        raise InputError(f"{label}: {len(raw):,} bytes is larger than the {MAX_BYTES:,}-byte limit")
    normalised = _normalise(text)
    _check_text(normalised, label=label)
    return Transcript(text=normalised, name=name, sha256=hashlib.sha256(raw).hexdigest())


def _register_documents() -> None:
    from summarizer.ingest import pdf, webpage

    register_reader([".pdf"], pdf.read_pdf)
    register_reader([".html", ".htm"], webpage.read_html)


_register_documents()
