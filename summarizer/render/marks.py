"""Evidence marks for the HTML report: which items cite which transcript spans, and the
transcript (or only its cited sentences) with every cited span wrapped in a ``<mark>``.

Items and spans get DOM keys (``i3``, ``q7``) that tie them together both ways; the page's
script follows them. Every text written here is escaped.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from summarizer.errors import RenderError
from summarizer.render.layout import Link

# "Name -- CEO:", "Operator:", a CJK label ending in a full-width colon, at a line start;
# display only. The class stops at sentence ends (ASCII, ideographic and full-width).
_SPEAKER_LABEL = re.compile(r"^[^\n:\uff1a.!?\u3002\uff01\uff1f]{1,60}[:\uff1a]", re.MULTILINE)


def esc(s: object) -> str:
    """``s`` as HTML text or attribute value, quotes included; None as ``""``."""
    return html.escape("" if s is None else str(s), quote=True)


@dataclass
class EvidenceSpan:
    """One distinct evidence span and everything that cites it."""

    key: str
    start: int
    end: int
    sentence_id: str
    text: str
    items: list[str] = field(default_factory=list)  # item keys, in brief order
    labels: list[str] = field(default_factory=list)  # item labels, as the brief names them


@dataclass
class Linked:
    """Items and spans with the DOM keys that tie them together."""

    spans: dict[tuple[int, int, str], EvidenceSpan] = field(default_factory=dict)
    item_spans: dict[str, list[str]] = field(default_factory=dict)
    counter: int = 0

    def add(self, link: Link) -> str:
        """Register an item and the spans it cites; returns the item's key."""
        key = f"i{self.counter}"
        self.counter += 1
        keys: list[str] = []
        for q in link.evidence:
            ident = (q.span.start, q.span.end, q.sentence_id)
            sp = self.spans.get(ident)
            if sp is None:
                sp = EvidenceSpan(f"q{len(self.spans)}", q.span.start, q.span.end, q.sentence_id, q.text)
                self.spans[ident] = sp
            if key not in sp.items:
                sp.items.append(key)
                sp.labels.append(link.label)
            if sp.key not in keys:
                keys.append(sp.key)
        self.item_spans[key] = keys
        return key

    def attrs(self, link: Link) -> str:
        """The attributes that make an element the clickable item for ``link``."""
        key = self.add(link)
        return (
            f'class="item" tabindex="0" role="button" data-key="{key}" data-id="{esc(link.id)}" '
            f'data-label="{esc(link.label)}" data-spans="{" ".join(self.item_spans[key])}"'
        )

    def ordered(self) -> list[EvidenceSpan]:
        """The distinct spans in transcript order."""
        return sorted(self.spans.values(), key=lambda sp: (sp.start, sp.end))


def _mark(sp_list: Sequence[EvidenceSpan], content_html: str) -> str:
    items = list(dict.fromkeys(k for sp in sp_list for k in sp.items))
    labels = list(dict.fromkeys(lb for sp in sp_list for lb in sp.labels))
    sids = " ".join(dict.fromkeys(sp.sentence_id for sp in sp_list))
    per_span = " ".join(f'data-sid-{sp.key}="{esc(sp.sentence_id)}"' for sp in sp_list)
    return (
        f'<mark data-items="{" ".join(items)}" data-spans="{" ".join(sp.key for sp in sp_list)}" '
        f'data-sids="{esc(sids)}" {per_span} title="{esc(sids)}, cited by {esc(", ".join(labels))}">'
        f"{content_html}</mark>"
    )


def check_spans(text: str, spans: Iterable[EvidenceSpan]) -> None:
    """Raise ``RenderError`` unless every span indexes ``text`` at the text it quotes."""
    for sp in spans:
        if not (0 <= sp.start <= sp.end <= len(text)) or text[sp.start : sp.end] != sp.text:
            raise RenderError(
                f"the transcript does not match this brief: sentence {sp.sentence_id} "
                f"({sp.start}-{sp.end}) differs; pass the transcript the brief was made from"
            )


def _cuts(text: str, spans: Sequence[EvidenceSpan], labels: Sequence[tuple[int, int]]) -> list[int]:
    edges = {sp.start for sp in spans} | {sp.end for sp in spans} | {x for lb in labels for x in lb}
    return sorted({0, len(text)} | edges)


def marked_transcript(text: str, spans: Sequence[EvidenceSpan]) -> str:
    """The transcript with every distinct evidence span wrapped in marks, and speaker labels in
    bold. Overlapping spans are cut at every span boundary, so each piece gets one flat mark
    naming all the spans that cover it."""
    live = sorted((sp for sp in spans if sp.end > sp.start), key=lambda sp: sp.start)
    labels = [(m.start(), m.end()) for m in _SPEAKER_LABEL.finditer(text)]
    label_starts = [s for s, _ in labels]
    cuts = _cuts(text, live, labels)
    out = []
    opened = 0  # spans in live[:opened] start at or before the current piece
    for a, b in pairwise(cuts):
        piece = esc(text[a:b])
        i = bisect_right(label_starts, a) - 1
        if i >= 0 and b <= labels[i][1]:
            piece = f'<b class="speaker">{piece}</b>'
        while opened < len(live) and live[opened].start <= a:
            opened += 1
        cover = [sp for sp in live[:opened] if sp.end >= b]
        out.append(_mark(cover, piece) if cover else piece)
    return "".join(out)


def cited_sentences(spans: Sequence[EvidenceSpan]) -> str:
    """Only the cited sentences, in transcript order, each marked like the full transcript."""
    ordered = sorted(spans, key=lambda sp: (sp.start, sp.end))
    return "".join(
        f'<p class="cited"><span class="sid">{esc(sp.sentence_id)}</span> {_mark([sp], esc(sp.text))}</p>'
        for sp in ordered
    )
