"""summarizer: structured, grounded briefs of earnings-call transcripts.

    import summarizer
    brief = summarizer.summarize_file("calls/acme-2025q2.txt")   # embedded model by default
    print(summarizer.to_markdown(brief))
"""

from summarizer.run.batch import asummarize_many, summarize_many
from summarizer.brief import KPI, AIPoint, Brief, Guidance, QATheme
from summarizer.errors import SummarizerError
from summarizer.run.pipeline import asummarize, summarize, summarize_file
from summarizer.render import to_html, to_json, to_markdown

__all__ = [
    "AIPoint",
    "Brief",
    "Guidance",
    "KPI",
    "QATheme",
    "SummarizerError",
    "asummarize",
    "asummarize_many",
    "summarize",
    "summarize_file",
    "summarize_many",
    "to_html",
    "to_json",
    "to_markdown",
]
