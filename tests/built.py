"""Transcripts built from lines, for tests of the pure stages."""

from __future__ import annotations

from summarizer.document import Section, SectionKind, Sentence, Span, Transcript


def one_section(*lines: str) -> tuple[Transcript, Section]:
    """One prepared-remarks section whose sentences are ``lines`` (one per line), in a 2025Q2 call."""
    text = "\n".join(lines)
    sentences, offset = [], 0
    for line in lines:
        sentences.append(
            Sentence(id=f"s{len(sentences) + 1}", span=Span(start=offset, end=offset + len(line)), text=line)
        )
        offset += len(line) + 1
    section = Section(
        id="sec1", kind=SectionKind.prepared_remarks, span=Span(start=0, end=len(text)), sentences=sentences
    )
    return Transcript(text=text, period="2025Q2"), section
