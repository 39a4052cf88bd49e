"""Canonical keys for headline metrics, from English and Chinese labels as stated in a call.

``canonical_key("Total revenues") == canonical_key("總收入") == "revenue"``. A segment's metric maps
to the base key ("Cloud revenues", "廣告服務收入" -> "revenue"); :func:`describe` also returns
the words left over as the segment, so "Cloud revenues" and "total revenues" are not mistaken for
two values of one figure. Net income and net loss share ``net_income`` (a loss is a negative
value); adjusted, non-GAAP, non-IFRS and pro forma variants of net income, operating income, EPS
and margins have their own ``adjusted_*`` keys because calls report both side by side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from summarizer.text.cues import ADJUSTED_LEAD, EXPECT_ZH
from summarizer.text.memo import per_text
from summarizer.text.periods import blank_periods
from summarizer.text.script import IDEOGRAPHS, fold

__all__ = [
    "BASE_BEFORE",
    "KEYS",
    "LABELS",
    "Mention",
    "SEGMENT_BACK",
    "canonical_key",
    "clean_segment",
    "describe",
    "family",
    "find_mentions",
    "implied",
    "key_label",
    "kpi_label",
    "segment_after",
    "segment_named",
]


# After 日活/月活: active merchants, sellers, hosts, creators and advertisers are not active users.
_NOT_USERS = r"(?![躍跃]?(?:商家|商户|商戶|賣家|卖家|主播|創作者|创作者|廣告主|广告主))"

# Order matters: the first pattern that matches wins, so specific phrases come before general ones.
_TABLE: list[tuple[str, str]] = [
    ("net_retention", r"net\s+(?:dollar\s+|revenue\s+)?(?:retention|expansion)(?:\s+rate)?|net\s+rotation\s+rate|\bnrr\b|\bndr\b|淨收入留存率|净收入留存率|淨留存率|净留存率"),
    ("arpu", r"\barpu\b|\barppu\b|average\s+revenue\s+per\s+(?:paying\s+)?user|每用戶平均收入|每用户平均收入|平均每用戶收入"),
    ("cost_of_revenue", r"cost\s+of\s+(?:revenues?|sales|goods\s+sold)|\bcogs\b|收入成本|營業成本|营业成本|銷售成本|销售成本"),
    ("adjusted_net_margin", rf"{ADJUSTED_LEAD}(?:net\s+(?:income\s+|profit\s+|loss\s+)?margin|淨利潤率|净利润率|淨利率|净利率|淨虧損率|净亏损率)"),
    ("net_margin", r"net\s+(?:income\s+|profit\s+|loss\s+)?margin|淨利潤率|净利润率|淨利率|净利率|淨虧損率|净亏损率"),
    ("adjusted_ebitda", rf"{ADJUSTED_LEAD}ebitda"),
    ("ebitda_margin", r"ebitda\s+margin|ebitda\s*利潤率|ebitda\s*利润率"),
    ("ebitda", r"\bebitda\b"),
    ("gross_margin", r"gross\s+(?:profit\s+)?margin|毛利率"),
    ("gross_profit", r"gross\s+(?:profit|income)|毛利(?:潤|润)?"),
    ("adjusted_operating_margin", rf"{ADJUSTED_LEAD}(?:operating\s+(?:profit\s+|income\s+)?margin|經營利潤率|经营利润率|營業利潤率|营业利润率)"),
    ("operating_margin", r"operating\s+(?:profit\s+|income\s+|loss\s+)?margin|經營利潤率|经营利润率|營業利潤率|营业利润率|營運利潤率"),
    ("adjusted_operating_income", rf"{ADJUSTED_LEAD}(?:operating\s+(?:income|profit|loss|earnings)|(?:income|loss|profit)\s+from\s+operations|經營利潤|经营利润|營業利潤|营业利润|經營虧損|经营亏损)"),
    ("operating_income", r"operating\s+(?:income|profit|loss|earnings)|(?:income|loss|profit)\s+from\s+operations|\bebit\b|經營利潤|经营利润|營業利潤|营业利润|營運利潤|經營虧損|经营亏损|營業虧損|营业亏损"),
    ("adjusted_eps", rf"{ADJUSTED_LEAD}(?:(?:diluted\s+|basic\s+)?(?:eps|earnings\s+per|(?:net\s+)?(?:income|loss|earnings|profit)\s+per)|每股(?:收益|盈利|虧損|亏损))"),
    ("eps", r"\beps\b|earnings\s+per|(?:net\s+)?(?:income|loss|earnings|profit)\s+per\s+(?:diluted\s+|basic\s+)?(?:ads|adr|share|american)|每股(?:收益|盈利|虧損|亏损|淨利|净利)|每\s*ads"),
    ("adjusted_net_income", rf"{ADJUSTED_LEAD}(?:net\s+(?:income|loss|profit|earnings)(?:\s+loss)?|淨利潤|净利润|淨利|净利|淨虧損|净亏损|淨收入|净收入)"),
    ("interest_income", r"(?:net\s+)?interest\s+income|利息收入"),
    ("net_income_attributable", r"(?:net\s+)?(?:income|profit|earnings|loss)\s+attributable(?:\s+to\s+(?:our\s+|the\s+)?(?:company's\s+)?(?:ordinary\s+|common\s+)?(?:shareholders|stockholders|equity\s+holders|owners)(?:\s+of\s+the\s+company)?)?|歸屬於[^,\uff0c]{0,10}?(?:淨利潤|淨利|利潤|淨虧損)|归属于[^,\uff0c]{0,10}?(?:净利润|净利|利润|净亏损)|歸母淨(?:利潤|利)?|归母净(?:利润|利)?|(?:股東|權益持有人)應佔(?:溢利|利潤|虧損)|(?:股东|权益持有人)应占(?:溢利|利润|亏损)"),
    ("net_income", r"net\s+(?:income|loss|profit|earnings)(?:\s+loss)?|profit\s+attributable|(?:income|loss)\s+attributable|淨利潤|净利润|淨利|净利|淨虧損|净亏损|淨收益|净收益|純利|纯利"),
    ("free_cash_flow", r"free\s+cash\s*flows?|\bfcf\b|自由現金流|自由现金流"),
    ("operating_cash_flow", r"operating\s+cash\s*flows?|cash\s*flows?\s+(?:from|provided\s+by|generated\s+from|used\s+in)\s+operati(?:ons|ng(?:\s+activities)?)|net\s+cash\s+(?:provided\s+by|from|generated\s+from|used\s+in)\s+operating(?:\s+activities)?|cash\s+(?:generated\s+|provided\s+)?(?:from|by)\s+operations|經營活動(?:所得|產生的)?(?:淨)?現金流|经营活动(?:所得|产生的)?(?:净)?现金流|經營現金流|经营现金流|營運現金流|营运现金流|經營性現金流|经营性现金流"),
    ("capex", r"\bcapex\b|capital\s+(?:expenditures?|spending|investments?)|資本開支|资本开支|資本支出|资本支出"),
    ("buyback", r"(?:buy[\s-]?backs?|(?:share|stock)s?\s+repurchas\w*|repurchas\w*)(?:\s+(?:program(?:me)?s?|plans?|authori[sz]ations?))?|(?:回購|回购)(?:計劃|计划|方案)?"),
    ("dividend", r"dividends?|股息|派息|分紅|分红"),
    ("cash", r"(?<!free\s)(?<!operating\s)(?:total\s+)?cash(?:\s+and\s+(?:cash\s+)?equivalents?|\s+equivalents?)?(?:,?\s+(?:cash\s+equivalents|bank\s+deposits|short[\s-]term\s+investments|restricted\s+cash|and\s+(?:short[\s-]term\s+)?investments|financial\s+products)[^;.$\u00a5€\u00a3\d(\uff08]*)?(?:\s+(?:position|balance|reserves?|on\s+hand|holdings))?(?!\s*(?:flows?|outflows?|inflows?|burn|pricing|price))|現金(?:及現金等價物|儲備|餘額)?|现金(?:及现金等价物|储备|余额)?"),
    ("dau", rf"\bdaus?\b|daily\s+active\s+(?:users|accounts|customers)|日活{_NOT_USERS}(?:躍|跃)?(?:用(?:戶|户))?|日均活(?:躍|跃)用(?:戶|户)"),
    ("mau", rf"\bmaus?\b|monthly\s+active\s+(?:users|accounts|customers)|月活{_NOT_USERS}(?:躍|跃)?(?:用(?:戶|户))?|月均活(?:躍|跃)用(?:戶|户)"),
    ("paying_users", r"paying\s+(?:users|customers|subscribers)|paid\s+(?:users|subscribers)|付費用(?:戶|户)|付费用户"),
    ("gmv", r"\bgmv\b|gross\s+merchandi[sz]e\s+(?:volume|value)|商品交易總額|商品交易总额"),
    ("rd_expense", r"\br\s*&\s*d\b|\brd\b|research\s+and\s+development|研發(?:費用|開支|支出|投入)?|研发(?:费用|开支|支出|投入)?"),
    ("sm_expense", r"\bs\s*&\s*m\b|(?:sales|selling)\s+and\s+marketing|銷售(?:及|和|與)?(?:營銷|市場|推廣)?(?:費用|開支)|销售(?:及|和|与)?(?:营销|市场|推广)?(?:费用|开支)|營銷費用|营销费用"),
    ("ga_expense", r"\bg\s*&\s*a\b|general\s+and\s+administrative|administrative\s+expenses?|管理費用|管理费用|行政(?:費用|開支)|行政(?:费用|开支)|一般及行政"),
    ("sbc", r"share[\s-]based\s+compensation|stock[\s-]based\s+compensation|equity[\s-]based\s+compensation|equity\s+awards?(?:\s+(?:cancell?ation|modification|acceleration))?(?:\s+(?:expenses?|costs?|charges?))?|\bsbc\b|股權激勵|股权激励|以股份為基礎的薪酬"),
    ("bookings", r"\bbookings\b|new\s+orders|訂單額|订单额|新簽訂單|新签订单|新簽合同|新签合同"),
    ("backlog", r"backlog|remaining\s+performance\s+obligations?|\brpo\b|未完成訂單|未完成订单|在手訂單|在手订单"),
    ("headcount", r"headcount|(?:full[\s-]time\s+)?employees|員工(?:人數|總數)|员工(?:人数|总数)"),
    ("opex", r"operating\s+(?:expenses?|costs?)|\bopex\b|經營開支|经营开支|營業費用|营业费用|經營費用|经营费用|營運開支|運營費用|运营费用"),
    ("revenue", r"revenues?|\bsales\b|net\s+sales|turnover|top[\s-]line|營收|营收|總收入|总收入|營業收入|营业收入|營業額|营业额|收入"),
]  # fmt: skip

KEYS: tuple[str, ...] = tuple(key for key, _ in _TABLE)

# The English label of each key: a KPI carries it, so a table of many calls, in either language,
# joins on one name per metric.
LABELS: dict[str, str] = {
    "net_retention": "Net retention rate", "arpu": "ARPU", "cost_of_revenue": "Cost of revenue",
    "adjusted_net_margin": "Adjusted net margin", "net_margin": "Net margin", "adjusted_ebitda": "Adjusted EBITDA",
    "ebitda_margin": "EBITDA margin", "ebitda": "EBITDA", "gross_margin": "Gross margin", "gross_profit": "Gross profit",
    "adjusted_operating_margin": "Adjusted operating margin", "operating_margin": "Operating margin",
    "adjusted_operating_income": "Adjusted operating income", "operating_income": "Operating income",
    "adjusted_eps": "Adjusted EPS", "eps": "EPS", "adjusted_net_income": "Adjusted net income",
    "interest_income": "Interest income", "net_income_attributable": "Net income attributable to shareholders",
    "net_income": "Net income", "free_cash_flow": "Free cash flow", "operating_cash_flow": "Operating cash flow",
    "capex": "Capital expenditure", "buyback": "Share repurchases", "dividend": "Dividends",
    "cash": "Cash and investments", "dau": "Daily active users", "mau": "Monthly active users",
    "paying_users": "Paying users", "gmv": "GMV", "rd_expense": "R&D expense", "sm_expense": "Sales and marketing expense",
    "ga_expense": "G&A expense", "sbc": "Share-based compensation", "bookings": "Bookings", "backlog": "Backlog",
    "headcount": "Headcount", "opex": "Operating expenses", "revenue": "Revenue",
}  # fmt: skip


# The business a metric is of by definition: its name alone says no more than the metric does
# ("e-commerce GMV" is the company's GMV), so it is not a segment. A narrower business is
# ("short video e-commerce GMV", "本地生活 GMV").
_IMPLIED_DOMAIN: dict[str, re.Pattern[str]] = {
    "gmv": re.compile(
        r"(?:e[\s-]?commerce|電子商務|电子商务|電商|电商)(?:\s*(?:platform|business|平台|平臺|業務|业务))?", re.I
    ),
}


def implied(key: str | None, segment: str | None) -> str | None:
    """``segment``, or None when it names only the business ``key`` implies."""
    domain = _IMPLIED_DOMAIN.get(key or "")
    if segment and domain is not None and domain.fullmatch(segment.strip()):
        return None
    return segment


def key_label(key: str | None) -> str | None:
    """The English label of a canonical key ("revenue" -> "Revenue"), None for no key."""
    return LABELS.get(key) if key else None


# The label of a key whose figure the call states as a loss: the key stays, so calls still join.
_LOSS_LABELS: dict[str, str] = {
    "net_income": "Net loss", "adjusted_net_income": "Adjusted net loss", "operating_income": "Operating loss",
    "adjusted_operating_income": "Adjusted operating loss",
    "net_income_attributable": "Net loss attributable to shareholders", "net_margin": "Net loss margin",
    "adjusted_net_margin": "Adjusted net loss margin", "operating_margin": "Operating loss margin",
    "adjusted_operating_margin": "Adjusted operating loss margin", "eps": "Loss per share",
    "adjusted_eps": "Adjusted loss per share",
}  # fmt: skip


def kpi_label(
    key: str | None, *, segment: str | None = None, loss: bool = False, share_of: str | None = None
) -> str | None:
    """A KPI's English label: the key's ("Revenue"), its loss form when the call states a loss
    ("Net loss"), the segment it is for ("Revenue (Cloud)": never the company's total), and the
    metric it is a share of ("R&D expense, % of revenue"). None for no key."""
    label = (_LOSS_LABELS.get(key) if loss and key else None) or key_label(key)
    if label is None:
        return None
    if segment:
        label = f"{label} ({segment})"
    base = key_label(share_of)
    if base and base[1:2].islower():
        base = base[:1].lower() + base[1:]  # "revenue", but "GMV" and "R&D expense" as they are
    return f"{label}, % of {base}" if base else label


# ASCII word boundaries: an acronym next to an ideograph ("電商GMV", "每DAU") is still a word.
_COMPILED = [(key, re.compile(pattern, re.I | re.ASCII)) for key, pattern in _TABLE]

# Words that qualify a metric without naming a segment of the business.
_NOT_SEGMENT = re.compile(
    r"\b(?:total|overall|consolidated|group|company|companies|quarterly|annual|full[\s-]year|gaap|non[\s-]?gaap|gap|"
    r"ifrs|non[\s-]?ifrs|adjusted|pro[\s-]?forma|reported|underlying|our|the|its|of|in|for|and|net|fiscal|year|"
    r"quarter|this|last|next|period|diluted|basic|expenses?|amount|level|growth|rate|dollar[\s-]based|average|"
    r"daily|monthly|weekly|avg|qtrly|q[1-4]?|h[12]|fy|sees|expects?|raises?|reports?|reported|posts?|announces?|rose|fell|grew|up|down|"
    r"increased?|decreased?|declined?|an?|increase|decrease|by|was|were|is|are|at|to|compname|shared?|shares|"
    r"guidance|outlook|forecast|targets?|expected|expectations?|estimates?|consensus|range|segments?|divisions?)\b|'s\b"
    r"|總|总|集團|集团|整體|整体|公司|我們的|我们的|的|按|計算|计算|基準|基准|口徑|口径|非?國際財務報告準則|非?国际财务报告准则|非?公認會計準則|非?公认会计准则|非?通用會計準則|非?通用会计准则|季度|全年|本季|經調整|经调整|調整後|调整后|同比|環比|环比|平均|日均|月均|每日|每月|每天|單日|单日|人數|人数|數|数|層面|层面|板塊|板块|業務|业务|分部|方面|累計|累计|超過|超过|逾|受限制|受限|該|该|此|這|这|年|展望|指引|預期|预期|指導|指导|目標|目标",
    re.I,
)


_PUNCT = r"[\s,.:;()\[\]/\-\u2013\u2014\u3001\uff0c\uff1a]"
_EDGE = re.compile(rf"^(?:{_PUNCT}|(?:{_NOT_SEGMENT.pattern}))+|(?:{_PUNCT}|(?:{_NOT_SEGMENT.pattern}))+$", re.I)


def _trim(rest: str) -> str:
    """Drop qualifier words and punctuation from both ends, keeping the segment's own wording.

    One ideograph left over is a qualifier ("正經營現金流": positive), never a business's name."""
    previous = None
    while previous != rest:
        previous, rest = rest, _EDGE.sub("", rest)
    rest = rest.strip()
    return "" if re.fullmatch(f"[{IDEOGRAPHS}]", rest) else rest


def clean_segment(segment: str | None) -> str | None:
    """A segment as a model wrote it, or None when it names none ("Total", "N/A", "集團", "-")."""
    if not segment or re.fullmatch(r"\s*(?:n/?a|none|null|nil|-+|\u2014|無|无)?\s*", segment, re.I):
        return None
    return _trim(re.sub(r"\s+", " ", fold(segment, punctuation=False))) or None


def _normalise(label: str) -> str:
    return re.sub(r"\s+", " ", fold(label, punctuation=False)).strip()


def canonical_key(label: str) -> str | None:
    """The canonical key of a metric label (English or Chinese), or None when none applies.

    "Total revenues", "營收", "online marketing services revenue" -> "revenue"; "毛利率" ->
    "gross_margin"; "net loss" -> "net_income"; "經調整淨利潤" -> "adjusted_net_income".
    """
    return describe(label)[0]


def describe(label: str) -> tuple[str | None, str | None]:
    """(canonical key, segment) of a label: "Cloud revenues" -> ("revenue", "Cloud").

    The segment is what the label says besides the metric, periods and words such as "total",
    "adjusted" or "GAAP"; None when nothing is left ("total revenues" -> ("revenue", None)).
    """
    return _describe(label or "")


@lru_cache(maxsize=4096)  # the same labels come back for every figure, section and call
def _describe(label: str) -> tuple[str | None, str | None]:
    text = _normalise(label)
    if not text:
        return None, None
    for key, pattern in _COMPILED:
        # "每DAU平均使用時長", "R&D as % of revenue": the metric divided by is not the label's
        m = next((m for m in pattern.finditer(text) if not BASE_BEFORE.search(text[: m.start()])), None)
        if m is None:
            continue
        tail = _SHARE_TAIL.sub("", text[m.end() :])  # "as a percentage of revenue" names the base, not a segment
        rest = re.sub(r"\s+", " ", blank_periods(text[: m.start()] + " " + tail))
        return key, implied(key, _trim(rest) or None)
    return None, None


@dataclass(frozen=True, slots=True)
class Mention:
    """A metric named in running text: its key, span, and the segment words just before it."""

    key: str
    start: int
    end: int
    segment: str | None


_STOP_BEFORE = re.compile(
    r"^(?:the|our|its|their|of|that|and|while|with|for|to|in|on|by|from|as|at|were|was|is|are|be|been|"
    r"had|has|have|we|so|now|moving|turning|let|me|us|if|excluding|including|on|a|an|which|this|these|"
    r"those|both|also|said|see|saw|then|but|or|total|overall|consolidated|will|would|should|could|may|might|can|"
    r"being|expect\w*|anticipat\w*|project\w*|guid\w*|estimat\w*|forecast\w*|report\w*|generat\w*|deliver\w*|"
    r"achiev\w*|record\w*|post\w*|grew|increas\w*|decreas\w*|declin\w*|rose|fell|\w+ly)$",
    re.I,
)
_CJK_LAST = re.compile(f"[{IDEOGRAPHS}]\\s*$")
_CJK_RUN = re.compile(f"[{IDEOGRAPHS}A-Za-z&0-9 ]+$")
# Words that end a Chinese segment name when scanning back from a metric: "我們預計全年" names none.
_CJK_STOPS = re.compile(
    rf"我們|我们|公司|{EXPECT_ZH}|期望|希望|將|将|會(?![員员])|会(?![員员])|實現|实现|達到|达到|錄得|录得|帶動|带动"
    r"|推動|推动|其中|包括|的|是|為|为|在(?![線线])|了|和|及|與|与|而|但|其(?!他)|佔|占|較|较|比|對|对|從|从|當|当|有|也|都|已"
    r"|該|该|此|這|这"
)


def _last_chars(words: str, count: int) -> str:
    """The last ``count`` characters of ``words``, widened to whole Latin words: "Orbix AI", not "rbix AI"."""
    start = max(len(words) - count, 0)
    while 0 < start and re.match(r"[A-Za-z0-9&]", words[start - 1]) and re.match(r"[A-Za-z0-9&]", words[start]):
        start -= 1
    return words[start:]


def _cjk_name(words: str) -> str:
    return _last_chars(re.sub(r"[\d ]+", " ", blank_periods(words)).strip(), 10)


def _segment_before(text: str, start: int) -> str | None:
    clause = re.split(r"[,;:.!?\uff0c\uff1b\uff1a\u3002\uff01\uff1f\n()\uff08\uff09]", text[:start])[-1]
    if not clause.strip():
        return None
    if _CJK_LAST.search(clause):
        run = _CJK_RUN.search(clause.rstrip())
        words = run.group() if run else ""
        while True:  # "在線營銷服務的收入": a trailing particle does not end the name
            trailing = [m for m in _CJK_STOPS.finditer(words) if m.end() == len(words.rstrip())]
            if not trailing:
                break
            words = words[: trailing[-1].start()]
        stops = list(_CJK_STOPS.finditer(words))
        name = _cjk_name(words[stops[-1].end() :] if stops else words)
        if not _trim(name) and stops and stops[-1].group() == "的":
            # "商城的日均付費用戶": the words after 的 only qualify the metric; the name is before it
            head = words[: stops[-1].start()]
            before = list(_CJK_STOPS.finditer(head))
            head = head[before[-1].end() :] if before else head
            name = "" if re.search(r"\d", head) else _cjk_name(head)  # "86 億元的正經營現金流" names none
        words = name
    else:
        kept: list[str] = []
        for word in reversed(clause.split()):
            if _STOP_BEFORE.match(word) or len(kept) == 3 or not re.search(r"[A-Za-z]", word):
                break
            kept.insert(0, word)
        words = " ".join(kept)
    return _trim(re.sub(r"\s+", " ", blank_periods(words))) or None


def find_mentions(text: str) -> list[Mention]:
    """Every metric named in ``text``, in order, non-overlapping; a more specific name wins."""
    return _mentions_cached(text)


# A loss or an income named with what an entry did to it is that entry, not the period's result:
# "$12 million in net losses reversed", "net operating loss carryforwards of", 經營虧損結轉.
_RESULTS = {"net_income", "adjusted_net_income", "operating_income", "adjusted_operating_income"}
_ENTRY_ON = re.compile(
    r"(?:es\s+(?:reversed|recovered)|(?:es)?\s*(?:reversals?|carr(?:y|ied)[\s-]*(?:forwards?|backs?)|carryovers?))\b"
    r"|\s*(?:轉回|转回|撥回|拨回|結轉|结转)",
    re.IGNORECASE,
)


def _find_mentions(text: str) -> list[Mention]:
    # The enumeration comma stays: folded to "," it would end the clause a segment is read from.
    folded = fold(text, punctuation=False)
    found: list[tuple[int, int, int, str]] = []
    for rank, (key, pattern) in enumerate(_COMPILED):
        for m in pattern.finditer(folded):
            if m.end() > m.start() and not (key in _RESULTS and _ENTRY_ON.match(folded, m.end())):
                found.append((rank, m.start(), m.end(), key))
    kept: list[tuple[int, int, str]] = []
    for _, start, end, key in sorted(found):
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, key))
    mentions: list[Mention] = []
    for start, end, key in sorted(kept):
        segment = None if _POINTED.search(folded[:start]) else _segment_before(folded, start)
        if segment and implied(key, segment) is None:
            # "電子商務 GMV": the words name the metric's own business, so they are part of its name
            at = folded.rfind(segment, 0, start)
            mentions.append(Mention(key, at if at >= 0 else start, end, None))
            continue
        mentions.append(Mention(key, start, end, segment))
    return mentions


_mentions_cached = per_text(_find_mentions)  # recall and grounding read every sentence again


def family(key: str | None) -> str | None:
    """The key without its ``adjusted_`` prefix: a reported and an adjusted figure are one family."""
    if key is None:
        return None
    return key.removeprefix("adjusted_")


# A segment named again by pointing back: "this segment", "the division", 該板塊, 这项业务.
SEGMENT_BACK = re.compile(
    r"\b(?:this|that|the|these|those)\s+(?:segments?|divisions?|business\s+units?)\b"
    r"|(?:該|该|此|這個|这个|這一|这一|這項|这项|這|这)\s*(?:板塊|板块|業務|业务|分部)"
    r"|(?:該|该)(?:項|项)?\s*(?:收入|營收|营收)",  # "該收入": the revenue just named
    re.IGNORECASE,
)
# A pointer back right before a metric: "this segment's operating income", "该板块的收入".
_POINTED = re.compile(rf"(?:{SEGMENT_BACK.pattern})(?:'s|\u2019s|的)?\s*$", re.IGNORECASE)
# A clause that names the business an amount belongs to: "<X> segment", "the <X> business",
# <X>板塊, <X>業務, <X>分部, 在<X>方面 ("一方面" is "on the one hand"); and "In <X>, ..." opening a clause.
_SEGMENT_MARK = re.compile(
    r"\b(?:segments?|business(?:es)?|divisions?|business\s+units?)\b|板塊|板块|業務|业务|分部|分類|分类|(?<![一])方面",
    re.IGNORECASE,
)
_IN_CLAUSE = re.compile(
    r"(?:^|[,;:\uff0c\uff1b\uff1a]\s*)(?i:in|for|within|across|at)\s+(?i:the\s+|our\s+)?"
    r"(?P<name>[A-Z][\w&'-]*(?:\s+(?:[A-Z&][\w&'-]*|and|of)){0,3})\s*(?:segments?|business(?:es)?|divisions?)?\s*[,\uff0c]"
)
# Openings of a clause that name no business: "In addition,", "In total,", "For example,".
_NOT_A_NAME = re.compile(
    r"^(?:addition|summary|total|particular|conclusion|short|fact|general|terms?|turn|contrast|comparison|aggregate"
    r"|other|closing|sum|response|line|light|order|practice|example|instance|that|this|these|those|each|both|all"
    r"|overall|aggregate|respect|fact|brief|detail|essence|effect|short|sum|fiscal|year|quarter|constant|cash|total"
    r"|january|february|march|april|may|june|july|august|september|october|november|december"
    r"|rmb|usd|us|hkd|eur|jpy|gbp|cny|dollars?|renminbi|terms)\b",
    re.IGNORECASE,
)
# Words that make the metric after them the base of a share or a rate, not what an amount measures:
# "41.5% of total revenue", "as a percentage of revenues", "佔總收入的 38%", "per DAU", "每 DAU".
BASE_BEFORE = re.compile(
    r"(?:%|\bpercent(?:age)?|\bshare|\bproportion|\bportion|\bfraction)\s+of\s+(?:the\s+|our\s+|its\s+)?"
    r"(?:total\s+|overall\s+|consolidated\s+|group\s+|net\s+)?$"
    r"|\bper\s+(?:the\s+)?$|(?:佔|占)\s*(?:了\s*)?(?:我們|我们|公司|集團|集团)?\s*(?:的\s*)?"
    r"(?:(?:該|该|本|當|当)(?:季度|季|期|年度|年)\s*(?:的\s*)?)?$|(?:每|平均每)\s*$",
    re.IGNORECASE,
)
# A label's tail that names the base of a share: "R&D as a percentage of revenue", "研發費用佔收入比例".
_SHARE_TAIL = re.compile(
    r"\s*(?:(?:as\s+)?(?:an?\s+)?(?:%|\bpercent(?:age)?|\bshare|\bproportion|\bportion|\bfraction|\bratio)\s+(?:of|to)\b"
    r"|(?:佔|占)).*$",
    re.IGNORECASE,
)
# The company as a whole named just before a metric: its amount is the total, whatever the clause.
TOTAL_BEFORE = re.compile(
    r"(?:\btotal|\boverall|\bconsolidated|\bgroup|\bcompany(?:'s)?)\s*$|(?:總|总|整體|整体|集團|集团|公司)$",
    re.IGNORECASE,
)


# A business named right after an amount: "94% for Agora", "$5.1 million from Marketplace".
_FOR_AFTER = re.compile(
    r"^\s*(?i:for|from|in|at)\s+(?i:the\s+|our\s+)?(?P<name>[A-Z][\w&'-]*(?:\s+[A-Z&][\w&'-]*){0,2})"
)


def segment_after(text: str, end: int) -> str | None:
    """The business named right after an amount ending at ``end`` ("78% for Shengwang"), or None."""
    m = _FOR_AFTER.match(blank_periods(text[end : end + 60]))
    if m is None:
        return None
    name = _trim(m["name"])
    return name if name and not _NOT_A_NAME.match(name) else None


def segment_named(text: str, start: int) -> str | None:
    """The business a clause before offset ``start`` names, or None.

    "In Cloud, revenue grew 20% to $5 million": "Cloud"; "the Devices segment posted...": "Devices";
    "在廣告業務方面\uff0c收入為 50 億元": "廣告". Basis words (GAAP, IFRS, 非國際財務報告準則...) and
    periods are never a name.
    """
    head = text[:start]
    candidates: list[tuple[int, str]] = []
    pointers = [m.span() for m in SEGMENT_BACK.finditer(head)]
    for mark in _SEGMENT_MARK.finditer(head):
        if any(a <= mark.start() < b for a, b in pointers):
            continue  # "該板塊": the business named before, not a name
        name = _segment_before(head, mark.start())
        while name and _SEGMENT_MARK.search(name[-2:]):  # "在廣告業務方面": the name is 廣告
            name = _trim(name[:-2])
        if name:
            candidates.append((mark.end(), name))
    for clause in _IN_CLAUSE.finditer(blank_periods(head)):
        name = _trim(clause["name"])
        if name and not _NOT_A_NAME.match(name):
            candidates.append((clause.end(), name))
    return max(candidates)[1] if candidates else None
