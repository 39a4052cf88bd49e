"""PDFs and web pages made from a text transcript, for the reader tests (reportlab, selectolax).

``pdf_of`` typesets a transcript the way investor-relations PDFs are laid out: a running header
naming the call on every page, a ``Page N of M`` footer, long sentences wrapped (and a long word
hyphenated at the wrap), and optionally one page set in two columns. ``html_of`` wraps it in a
saved page with navigation, a banner, scripts and a footer around the article.
"""

from __future__ import annotations

import html
import io
import textwrap

PAGE_LINES = 22
LINE_HEIGHT = 14
TOP = 720
LEFT = 72


def _wrap(line: str, width: int) -> list[str]:
    """Wrap ``line`` at ``width`` characters, hyphenating a long last word the way typesetters do."""
    rows = textwrap.wrap(line, width=width, break_long_words=False, break_on_hyphens=False)
    for i in range(len(rows) - 1):
        words = rows[i].split(" ")
        if len(words) > 1 and len(words[-1]) >= 8 and words[-1].isalpha():
            rows[i + 1] = words[-1][4:] + " " + rows[i + 1]
            rows[i] = " ".join(words[:-1] + [words[-1][:4] + "-"])
    return rows


def _chunks(rows: list[str]) -> list[tuple[list[str], list[str]]]:
    return [(rows[i : i + PAGE_LINES], []) for i in range(0, len(rows), PAGE_LINES)]


def pdf_of(text: str, *, title: str, two_columns: tuple[int, int] | None = None, width: int = 80) -> bytes:
    """A PDF of ``text`` with a running ``title`` header and ``Page N of M`` footers.

    Sentences run on across page breaks. With ``two_columns=(a, b)``, the non-blank lines
    ``a`` to ``b`` are set on one page of their own in two columns of half the width.
    """
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    lines = [line for line in text.splitlines() if line.strip()]
    a, b = two_columns or (len(lines), len(lines))

    def rows(part: list[str], w: int) -> list[str]:
        return [row for line in part for row in _wrap(line, w)]

    narrow = rows(lines[a:b], width // 2 - 6)
    half = (len(narrow) + 1) // 2
    middle = [(narrow[:half], narrow[half:])] if narrow else []
    pages = _chunks(rows(lines[:a], width)) + middle + _chunks(rows(lines[b:], width))
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=letter)
    for number, (left, right) in enumerate(pages, start=1):
        c.setFont("Helvetica", 9)
        c.drawString(LEFT, 760, title)
        c.drawString(280, 40, f"Page {number} of {len(pages)}")
        c.setFont("Helvetica", 10)
        for column, x in ((left, LEFT), (right, LEFT + 250)):
            for i, row in enumerate(column):
                c.drawString(x, TOP - i * LINE_HEIGHT, row)
        c.showPage()
    c.save()
    return buffer.getvalue()


def blank_pdf(pages: int = 2) -> bytes:
    """A PDF like a scan: pages with drawn shapes and no text layer."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=letter)
    for _ in range(pages):
        c.rect(72, 72, 400, 600, fill=1)
        c.showPage()
    c.save()
    return buffer.getvalue()


def html_of(text: str, *, title: str, labels: set[str]) -> str:
    """A saved transcript page: banner, navigation, script, the article, a sidebar and a footer.

    Lines in ``labels`` become ``<p><strong>...</strong></p>``; the others paragraphs, some with
    inline markup, so that only block elements may start a line.
    """
    body: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        escaped = html.escape(line)
        if line in labels:
            body.append(f"<p><strong>{escaped}</strong></p>")
        else:
            first, _, rest = escaped.partition(" ")
            body.append(f"<p><span>{first}</span> {rest}\n</p>")
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>"
        + html.escape(title)
        + "</title><style>p{margin:0}</style><script>var tracking = 'Revenue was $1 billion.';</script></head>"
        "<body><header><a href='/'>Markets</a> | <a href='/news'>News</a></header>"
        "<nav><ul><li>Home</li><li>Transcripts</li></ul></nav>"
        "<article><h1>"
        + html.escape(title)
        + "</h1>"
        + "\n".join(body)
        + "</article><aside>Related: Other company reports revenue of $9 billion.</aside>"
        "<footer>Copyright. All rights reserved.</footer></body></html>"
    )
