"""Score a brief against the analyst labels in tests/data (issues 17 and 22).

Pure functions, no model: load the labels (``load_figures``, ``load_outlook``), then score one
call's brief with ``figure_recall``, ``field_precision`` and ``outlook_recall``, or one ECTSum
sample's brief with ``bullet_recall``; ``call_rows`` and ``bullet_row`` turn the scores into rows
for ``report.table``. The label fields and matching rules are documented in tests/data/README.md;
in short:

- a figure label is *found* when one KPI has its key, segment, basis and period and a value equal
  within rounding (a change label's value may sit in the KPI's ``yoy``/``qoq``);
- *field precision*: of the brief's KPIs whose value equals a label's value (sign aside), the
  share that also have the label's key, segment, basis, period and sign;
- an outlook label is found when one guidance item names its metric and period and, when the
  label states a quantity, carries it in ``low``/``high``;
- an ECTSum bullet's numbers are found among the guidance items' ``low``/``high``; a bullet
  without numbers (guidance raised, revised, qualitative) by a guidance item of its direction,
  or of its key and period.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

sys.path.insert(0, str(Path(__file__).resolve().parent))  # report.py, when run as a script

from summarizer.brief import KPI, Basis, Brief, Guidance
from summarizer.text.metrics import KEYS, clean_segment, describe, family

__all__ = [
    "Bullet", "BulletScore", "CallFigures", "CallOutlook", "EctsumFile", "FieldScore", "FigureLabel",
    "FigureScore", "OutlookLabel", "OutlookScore", "as_brief", "bullet_recall", "bullet_row", "call_rows",
    "close", "field_precision", "figure_recall", "load_figures", "load_outlook", "outlook_recall",
]  # fmt: skip

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
REL_TOL = 0.006  # "RMB113 million" and "112.9 million" are one figure; 2.6% and 3% are not
_ADJUSTED_BASES = {Basis.non_gaap.value, Basis.non_ifrs.value, Basis.pro_forma.value}
_PERCENTISH = {"%", "pp"}
_RAISED_OR_LOWERED = {"raised", "lowered"}


# --- labels -------------------------------------------------------------------------------------


class FigureLabel(BaseModel):
    """One figure an analyst would put in a model (see tests/data/README.md for the fields)."""

    id: str
    key: str
    segment: str | None = None
    basis: str | None = None
    period: str | None = None
    kind: Literal["level", "yoy", "qoq"] = "level"
    value: float
    unit: str | None = None
    yoy: float | None = None
    yoy_unit: str | None = None
    qoq: float | None = None
    qoq_unit: str | None = None
    qualifier: str | None = None
    ratio_of: str | None = None
    accept: list[dict[str, Any]] = Field(default_factory=list)
    terms: str | None = None
    in_words: bool = False  # the number is written as a word ("doubled"), not in digits
    core: bool = True
    hint: str = ""

    def variants(self) -> list[FigureLabel]:
        """The label and each reading the transcript states instead (``accept``), as labels."""
        return [self, *(self.model_copy(update=alt) for alt in self.accept)]


class OutlookLabel(BaseModel):
    """One outlook statement an analyst would note."""

    id: str
    key: str
    metric: str
    segment: str | None = None
    basis: str | None = None
    period: str | None = None
    low: float | None = None
    high: float | None = None
    value: float | None = None
    unit: str | None = None
    impact: bool = False
    direction: str | None = None
    qualitative: bool = False
    terms: str | None = None
    paraphrase: str = ""
    hint: str = ""

    def quantity(self) -> tuple[float, ...]:
        """The numbers a guidance item must carry: the range's ends, or the single value."""
        return tuple(v for v in (self.low, self.high, self.value) if v is not None)


class CallFigures(BaseModel):
    call: str
    source: str
    period: str
    segments: dict[str, list[str]] = Field(default_factory=dict)
    figures: list[FigureLabel]


class CallOutlook(BaseModel):
    call: str
    source: str
    period: str
    segments: dict[str, list[str]] = Field(default_factory=dict)
    outlook: list[OutlookLabel]


class Bullet(BaseModel):
    """An ECTSum expert bullet about guidance: its line, key, period, numbers and direction."""

    line: int
    key: str | None = None
    label: str = ""
    period: str | None = None
    numbers: list[float] = Field(default_factory=list)
    unit: str | None = None
    direction: str | None = None
    note: str | None = None


class EctsumFile(BaseModel):
    file: str
    bullets: list[Bullet]

    @property
    def sample(self) -> str:
        return self.file.removesuffix(".txt")


def load_figures(path: Path = DATA / "analyst_figures.json") -> dict[str, CallFigures]:
    """The figure labels of each call, by call name ("agora", "kuaishou")."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {c["call"]: CallFigures.model_validate(c) for c in data["calls"]}


def load_outlook(path: Path = DATA / "analyst_outlook.json") -> tuple[dict[str, CallOutlook], dict[str, EctsumFile]]:
    """(outlook labels by call name, ECTSum guidance bullets by sample name such as "NX_q1_2022")."""
    data = json.loads(path.read_text(encoding="utf-8"))
    calls = {c["call"]: CallOutlook.model_validate(c) for c in data["calls"]}
    samples = [EctsumFile.model_validate(f) for f in data["ectsum"]]
    return calls, {s.sample: s for s in samples}


def as_brief(brief: Brief | Mapping[str, Any] | str | Path) -> Brief:
    """A Brief from a Brief, its JSON as a dict or a string, or the path of a JSON file."""
    if isinstance(brief, Brief):
        return brief
    if isinstance(brief, Path):
        return Brief.model_validate_json(brief.read_text(encoding="utf-8"))
    if isinstance(brief, str):
        return Brief.model_validate_json(brief)
    return Brief.model_validate(brief)


# --- matching rules -----------------------------------------------------------------------------


def close(a: float, b: float, rel: float = REL_TOL) -> bool:
    """Equal within rounding: relative difference at most ``rel`` (signs must agree)."""
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-12)


def _units_agree(label: str | None, found: str | None) -> bool:
    if label is None or found is None or label == found:
        return True
    return label in _PERCENTISH and found in _PERCENTISH  # "2.7% higher" for a margin means points


def _fold(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", text.casefold()).strip()


def _segment_ok(label: str | None, found: str | None, aliases: Mapping[str, list[str]]) -> bool:
    found = clean_segment(found)
    if label is None:
        return found is None
    if found is None:
        return False
    names = [label, *aliases.get(label, [])]
    seg = _fold(found)
    return any(_fold(name) == seg or _fold(name) in seg for name in names)


def _adjusted(key: str | None, basis: str | None) -> bool:
    return basis in _ADJUSTED_BASES or (key or "").startswith("adjusted_")


def _basis_ok(label: FigureLabel, kpi: KPI) -> bool:
    """The adjustment may ride on the basis or on an ``adjusted_`` key; a reported figure is
    right with no basis, GAAP or IFRS; an adjusted one with its own basis or none."""
    found = kpi.basis.value if kpi.basis else None
    if _adjusted(label.key, label.basis) != _adjusted(kpi.key, found):
        return False
    if not _adjusted(label.key, label.basis):
        return True  # None, GAAP or IFRS
    return found is None or label.basis is None or found == label.basis


def _key_ok(key: str, terms: str | None, found_key: str | None, metric: str) -> bool:
    """Same family of a known key; a key the code does not have yet also matches a KPI
    without a key whose metric words fit the label's ``terms``."""
    if key in KEYS:
        return found_key is not None and family(found_key) == family(key)
    if found_key == key:
        return True
    return found_key is None and (terms is None or re.search(terms, metric, re.I) is not None)


def _period_ok(label: str | None, found: str | None) -> bool:
    return label is None or label == found


def _wrong_fields(label: FigureLabel, kpi: KPI, aliases: Mapping[str, list[str]]) -> list[str]:
    wrong = []
    if not _key_ok(label.key, label.terms, kpi.key, kpi.metric):
        wrong.append("key")
    if not _segment_ok(label.segment, kpi.segment, aliases):
        wrong.append("segment")
    if not _basis_ok(label, kpi):
        wrong.append("basis")
    if not _period_ok(label.period, kpi.period):
        wrong.append("period")
    return wrong


def _values(label: FigureLabel, kpi: KPI) -> list[tuple[float, str | None]]:
    """The KPI's numbers that may state the label's: its value, and for a change its YoY/QoQ."""
    pairs: list[tuple[float, str | None]] = []
    if kpi.value is not None and (label.kind == "level" or kpi.unit in {*_PERCENTISH, "x"}):
        pairs.append((kpi.value, kpi.unit))
    if label.kind == "yoy" and kpi.yoy is not None:
        pairs.append((kpi.yoy, kpi.yoy_unit))
    if label.kind == "qoq" and kpi.qoq is not None:
        pairs.append((kpi.qoq, kpi.qoq_unit))
    return pairs


def _value_ok(label: FigureLabel, kpi: KPI, *, signed: bool) -> bool:
    for value, unit in _values(label, kpi):
        a, b = (value, label.value) if signed else (abs(value), abs(label.value))
        if close(a, b) and _units_agree(label.unit, unit):
            return True
    return False


# --- figures ------------------------------------------------------------------------------------


class FigureScore(BaseModel):
    """Recall of one call's figure labels in a brief."""

    total: int
    found: list[str]  # label ids
    missing: list[str]
    core_total: int
    core_found: int
    changes_stated: int  # found level labels that state a YoY or QoQ
    changes_right: int  # ... whose KPI carries it

    @property
    def recall(self) -> float:
        return len(self.found) / self.total if self.total else 0.0


def _changes_right(label: FigureLabel, kpi: KPI) -> bool:
    options = label.variants()
    for kind in ("yoy", "qoq"):
        wanted = [getattr(v, kind) for v in options if getattr(v, kind) is not None]
        got = getattr(kpi, kind)
        if wanted and (got is None or not any(close(got, w) for w in wanted)):
            return False
    return True


def figure_recall(brief: Brief, call: CallFigures) -> FigureScore:
    """Which labels one KPI of the brief states in full: key, segment, basis, period, value."""
    used: set[int] = set()
    found: list[str] = []
    missing: list[str] = []
    core_found = stated = right = 0
    for label in call.figures:
        hit = next(
            (
                (i, kpi)
                for i, kpi in enumerate(brief.kpis)
                if i not in used
                and any(
                    _value_ok(v, kpi, signed=True) and not _wrong_fields(v, kpi, call.segments)
                    for v in label.variants()
                )
            ),
            None,
        )
        if hit is None:
            missing.append(label.id)
            continue
        used.add(hit[0])
        found.append(label.id)
        core_found += label.core
        if label.kind == "level" and (label.yoy is not None or label.qoq is not None):
            stated += 1
            right += _changes_right(label, hit[1])
    return FigureScore(
        total=len(call.figures), found=found, missing=missing,
        core_total=sum(label.core for label in call.figures), core_found=core_found,
        changes_stated=stated, changes_right=right,
    )  # fmt: skip


class FieldScore(BaseModel):
    """Field precision: the brief's KPIs whose value is a label's, and how many are right."""

    kpis: int  # KPIs in the brief
    matched: int  # ... whose value equals some label's value
    right: int  # ... that also agree with one such label in key, segment, basis, period and sign
    wrong: dict[str, list[str]] = Field(default_factory=dict)  # KPI "metric value" -> nearest label's wrong fields

    @property
    def precision(self) -> float:
        return self.right / self.matched if self.matched else 0.0


def field_precision(brief: Brief, call: CallFigures) -> FieldScore:
    """For each KPI whose value matches a label's (sign aside), whether one label agrees on all
    fields; otherwise the fields the closest label disagrees on (a wrong sign counts as "sign")."""
    matched = right = 0
    wrong: dict[str, list[str]] = {}
    variants = [v for label in call.figures for v in label.variants()]
    for kpi in brief.kpis:
        candidates = [v for v in variants if _value_ok(v, kpi, signed=False)]
        if not candidates:
            continue
        matched += 1
        verdicts = [
            _wrong_fields(v, kpi, call.segments) + ([] if _value_ok(v, kpi, signed=True) else ["sign"])
            for v in candidates
        ]
        best = min(verdicts, key=len)
        if best:
            wrong[f"{kpi.metric} {kpi.value_text}"] = best
        else:
            right += 1
    return FieldScore(kpis=len(brief.kpis), matched=matched, right=right, wrong=wrong)


# --- outlook ------------------------------------------------------------------------------------


class OutlookScore(BaseModel):
    """Recall of one call's outlook labels among the brief's guidance items."""

    total: int
    found: list[str]
    missing: list[str]
    items: int  # guidance items in the brief
    without_statement: int  # ... with no statement (issue 22: there should be none)

    @property
    def recall(self) -> float:
        return len(self.found) / self.total if self.total else 0.0


def _item_text(item: Guidance) -> str:
    """What a guidance item says: its metric, statement, figures as written and cited sentences."""
    parts = [item.metric, item.statement, item.value_text, *(q.text for q in item.evidence)]
    return " ".join(t for t in parts if t)


def _metric_ok(label: OutlookLabel, item: Guidance, aliases: Mapping[str, list[str]]) -> bool:
    """The item names the label's metric: its key family, or the label's ``terms`` in its text. A
    qualitative label, which has no number to pin it, needs its ``terms`` either way."""
    key = item.key or describe(item.metric)[0]
    text = _item_text(item)
    said = label.terms is not None and re.search(label.terms, text, re.I) is not None
    if label.qualitative and label.terms is not None and not said:
        return False
    if label.key in KEYS and key is not None and family(key) == family(label.key):
        named = True
    else:
        named = key == label.key or said
    if not named or label.segment is None:
        return named
    names = [label.segment, *aliases.get(label.segment, [])]
    return any(_fold(name) in _fold(text) for name in names)


def _quantity_ok(label: OutlookLabel, item: Guidance) -> bool:
    wanted = label.quantity()
    if not wanted:
        return True
    got = [abs(v) for v in (item.low, item.high) if v is not None]
    return all(any(close(abs(w), g) for g in got) for w in wanted) and _units_agree(label.unit, item.unit)


def outlook_recall(brief: Brief, call: CallOutlook) -> OutlookScore:
    """Which outlook labels one guidance item carries: metric, period and any stated quantity."""
    used: set[int] = set()
    found: list[str] = []
    missing: list[str] = []
    for label in call.outlook:
        hit = next(
            (
                i
                for i, item in enumerate(brief.guidance)
                if i not in used
                and _metric_ok(label, item, call.segments)
                and _period_ok(label.period, item.period)
                and _quantity_ok(label, item)
            ),
            None,
        )
        if hit is None:
            missing.append(label.id)
        else:
            used.add(hit)
            found.append(label.id)
    return OutlookScore(
        total=len(call.outlook), found=found, missing=missing, items=len(brief.guidance),
        without_statement=sum(1 for g in brief.guidance if not (g.statement or "").strip()),
    )  # fmt: skip


# --- ECTSum guidance bullets --------------------------------------------------------------------


class BulletScore(BaseModel):
    """One ECTSum sample: guidance bullets' numbers and bullets found among guidance items."""

    sample: str
    numbers: int
    numbers_found: int
    bullets: int
    bullets_found: int


def _direction_ok(wanted: str, item: Guidance) -> bool:
    found = item.direction.value if hasattr(item.direction, "value") else str(item.direction)
    return found == wanted or (wanted == "revised" and found in _RAISED_OR_LOWERED)


def _bullet_found(bullet: Bullet, items: list[Guidance], values: list[float]) -> bool:
    if bullet.numbers:
        return all(any(close(abs(n), v) for v in values) for n in bullet.numbers)
    for item in items:
        if not _period_ok(bullet.period, item.period):
            continue
        key = item.key or describe(item.metric)[0]
        if bullet.key is not None and (key is None or family(key) != family(bullet.key)):
            continue
        if bullet.direction is None or _direction_ok(bullet.direction, item):
            return True
    return False


def bullet_recall(brief: Brief, sample: EctsumFile) -> BulletScore:
    """Distinct numbers of the sample's guidance bullets found among the brief's guidance
    ``low``/``high``, and bullets found (all their numbers, or the direction/key and period)."""
    values = [abs(v) for g in brief.guidance for v in (g.low, g.high) if v is not None]
    wanted: list[float] = []
    for bullet in sample.bullets:
        wanted += [n for n in bullet.numbers if not any(close(n, w) for w in wanted)]
    return BulletScore(
        sample=sample.sample,
        numbers=len(wanted),
        numbers_found=sum(1 for w in wanted if any(close(abs(w), v) for v in values)),
        bullets=len(sample.bullets),
        bullets_found=sum(_bullet_found(b, brief.guidance, values) for b in sample.bullets),
    )


# --- rows ---------------------------------------------------------------------------------------


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "n/a"


def call_rows(brief: Brief, figures: CallFigures, outlook: CallOutlook | None = None) -> list[dict[str, Any]]:
    """One table row for a call: figure recall (all and core), field precision, outlook recall."""
    rec, prec = figure_recall(brief, figures), field_precision(brief, figures)
    row: dict[str, Any] = {
        "call": figures.call,
        "figure labels found": _ratio(len(rec.found), rec.total),
        "core labels found": _ratio(rec.core_found, rec.core_total),
        "YoY/QoQ right (found levels)": _ratio(rec.changes_right, rec.changes_stated),
        "KPIs": prec.kpis,
        "fields right (KPIs matching a label)": _ratio(prec.right, prec.matched),
    }
    if outlook is not None:
        out = outlook_recall(brief, outlook)
        row["outlook labels found"] = _ratio(len(out.found), out.total)
        row["guidance items without statement"] = f"{out.without_statement}/{out.items}"
    return [row]


def bullet_row(scores: Iterable[BulletScore]) -> dict[str, Any]:
    """One row over several ECTSum samples: guidance-bullet numbers and bullets found."""
    scores = list(scores)
    return {
        "samples": ", ".join(s.sample for s in scores),
        "guidance bullets": sum(s.bullets for s in scores),
        "bullets found": _ratio(sum(s.bullets_found for s in scores), sum(s.bullets for s in scores)),
        "bullet numbers found": _ratio(sum(s.numbers_found for s in scores), sum(s.numbers for s in scores)),
    }


def main(argv: list[str] | None = None) -> int:
    """``python bench/score.py BRIEF.json --call agora`` (or ``--ectsum NX_q1_2022``): print the rows,
    then the labels missed and the KPIs with a wrong field."""
    import argparse

    from report import table

    parser = argparse.ArgumentParser(description="Score a saved brief against the labels in tests/data.")
    parser.add_argument("brief", type=Path, help="a brief's JSON file")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--call", choices=sorted(load_figures()), help="a shared call")
    which.add_argument("--ectsum", help="an ECTSum sample name, e.g. NX_q1_2022")
    args = parser.parse_args(argv)
    brief = as_brief(args.brief)
    if args.ectsum:
        print(table([bullet_row([bullet_recall(brief, load_outlook()[1][args.ectsum])])]))
        return 0
    figures, outlook = load_figures()[args.call], load_outlook()[0][args.call]
    print(table(call_rows(brief, figures, outlook)))
    print("\nfigure labels missed:", ", ".join(figure_recall(brief, figures).missing) or "none")
    print("outlook labels missed:", ", ".join(outlook_recall(brief, outlook).missing) or "none")
    for kpi, fields in field_precision(brief, figures).wrong.items():
        print(f"wrong {'/'.join(fields)}: {kpi}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
