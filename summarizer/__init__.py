"""summarizer: structured, grounded briefs of earnings-call transcripts.

import summarizer
brief = summarizer.summarize_file("calls/acme-2025q2.txt")   # embedded model by default
print(summarizer.to_markdown(brief))
"""

from summarizer.api import (
    Options,
    Session,
    acompare,
    asummarize,
    asummarize_many,
    asummarize_transcript,
    compare,
    frame,
    summarize,
    summarize_file,
    summarize_many,
    summarize_transcript,
    timeline,
)
from summarizer.brief import KPI, AIPoint, Brief, Guidance, QATheme
from summarizer.compare.change import Change
from summarizer.compare.timeline import Timeline
from summarizer.errors import SummarizerError
from summarizer.render import to_html, to_json, to_markdown

__all__ = [
    "AIPoint",
    "Brief",
    "Change",
    "Guidance",
    "KPI",
    "Options",
    "QATheme",
    "Session",
    "SummarizerError",
    "Timeline",
    "acompare",
    "asummarize",
    "asummarize_many",
    "asummarize_transcript",
    "compare",
    "frame",
    "summarize",
    "summarize_file",
    "summarize_many",
    "summarize_transcript",
    "timeline",
    "to_html",
    "to_json",
    "to_markdown",
]
