"""What changed between two calls, and one company's KPIs across its calls.

    change   the Change document (``schemas/change.schema.json``)
    figures  KPIs matched by key, segment, basis, unit and period role; stated rates checked
    outlook  guidance against results (beat, in line, missed) and against guidance (raised, ...)
    topics   AI points and Q&A themes: new, no longer mentioned, again
    diff     two briefs -> one Change (pure; ``by_words`` matches topics without a model)
    timeline one company's briefs -> series of KPIs and guidance ranges
    meaning  the one model request that pairs topics by meaning (the only model-facing module)

Everything but ``meaning`` is pure; ``summarizer.compare()`` (in ``api``) ties them together.
That function shadows this package as an attribute of ``summarizer``: import the modules by
name (``from summarizer.compare.figures import ...``), never as ``summarizer.compare.figures``.
"""

from summarizer.compare.change import Change
from summarizer.compare.diff import build, by_words, needs_model
from summarizer.compare.timeline import Timeline, build_timeline

__all__ = ["Change", "Timeline", "build", "build_timeline", "by_words", "needs_model"]
