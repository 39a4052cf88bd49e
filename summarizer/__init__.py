"""summarizer: structured, grounded briefs of earnings-call transcripts.

    import summarizer
    brief = summarizer.summarize_file("calls/acme-2025q2.txt")   # embedded model by default
    print(summarizer.to_markdown(brief))
"""

from summarizer.api import (
    Options,
    Session,
    asummarize,
    asummarize_many,
    asummarize_transcript,
    summarize,
    summarize_file,
    summarize_many,
    summarize_transcript,
)
from summarizer.brief import KPI, AIPoint, Brief, Guidance, QATheme
from summarizer.errors import SummarizerError
from summarizer.render import to_html, to_json, to_markdown

__all__ = [
    "AIPoint",
    "Brief",
    "Guidance",
    "KPI",
    "Options",
    "QATheme",
    "Session",
    "SummarizerError",
    "asummarize",
    "asummarize_many",
    "asummarize_transcript",
    "summarize",
    "summarize_file",
    "summarize_many",
    "summarize_transcript",
    "to_html",
    "to_json",
    "to_markdown",
]
