"""Every figure the model returned, checked against the sentences of its section.

The model copies values as strings and cites sentence ids; nothing it says is trusted as is.
For each figure and guidance item grounding

1. resolves the cited ids to sentences of *this* section (others are dropped; an item left with
   none is rejected with ``Reason.no_citation``) (``context``);
2. parses the model's value and every quantity in the cited sentences (``numbers.parse``) and
   looks for one that agrees in value (scale, sign words and full-width digits normalised,
   rounding tolerated) and unit (``matching``);
3. checks that the sentence talks about the same metric (``metrics.find_mentions``): a value
   stated there for another metric, or for a segment when the model claims the total, does not
   count (``metric``). This is what catches the small model copying values between rows;
4. if the cited sentences do not hold the value but another sentence of the section does (and
   names the metric), re-points the evidence there: small models often cite a neighbour;
5. rejects what is found nowhere with ``Reason.not_found``, so an invented figure, or one planted
   by instructions injected into the transcript, never reaches the brief. Sentences that read as
   instructions to the model are not evidence at all.

Changes, periods, signs and the basis are read from the sentence (``readings``), and whether its
clause gives an amount as a result, an outlook or another party's estimate (``stance``); figures
are rebuilt from it (``kpi``), guidance likewise (``guidance``), AI points and Q&A themes are held to
their citations (``qualitative``); ``section`` runs all of it over one section, and
``consistency`` checks the figures of the whole brief against each other: values that cannot all
be right make the brief incomplete, and a figure stated only in a sentence that reads as an
instruction gives way to a plain statement that disagrees with it. Every reason an item
is rejected is a ``Reason``. The status of each kept item says how it matched: ``exact`` (as
written), ``normalised`` (equal after parsing, or re-pointed), ``fuzzy`` (rounded by the model,
stated without a metric name, or with a currency the speech recogniser got wrong).
"""

from __future__ import annotations

from summarizer.ground.consistency import Consistency, check_consistency, consistency_warnings
from summarizer.ground.context import resolve_citations
from summarizer.ground.reasons import Note, Reason
from summarizer.ground.section import GroundedSection, ground_section

__all__ = [
    "Consistency",
    "GroundedSection",
    "Note",
    "Reason",
    "check_consistency",
    "consistency_warnings",
    "ground_section",
    "resolve_citations",
]
