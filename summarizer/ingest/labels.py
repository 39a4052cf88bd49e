"""One speaker or role label read: who speaks, in which role, for which firm, under which number.

A label is the short text a transcript writes before a turn: before a colon of either width
("Q1", "分析師(中金公司)", "Jane Roe, CFO") or alone on its line ("Operator", "問題一").
``parse_label`` reads one such text without looking at the rest of the document; whether a short
prefix is a label at all (it carries a role word, or it recurs) is ``summarizer.ingest.layout``'s
decision, and which role a label without a role word plays is read from the turns around it.

Role words come in four families, each in both scripts: askers (question markers, analysts,
investors), answerers (answer markers, management, the company), the host (operator, moderator)
and executive titles (CEO, 董事長). A firm may stand before the role word ("華泰證券分析師"),
after it ("Analyst, Kestrel Capital"), inside parentheses of either width, or in a phrase around
it ("來自中金公司的分析師", "Question from Priya Nair of Granite Securities").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from summarizer.document import Role

__all__ = [
    "ANALYST_WORD",
    "CJK_CLASS",
    "CLOSES",
    "COLONS",
    "DIGITS",
    "ENDS",
    "FIRM_WORD",
    "OPENS",
    "QUESTION_CUE",
    "ZH_NUMERALS",
    "Family",
    "Label",
    "is_firm",
    "looks_like_name",
    "parse_label",
    "role_from_title",
]

# Both widths of each mark a label, heading or sentence is written with: the ASCII form and its
# full-width twin (U+FF01-FF5E). Patterns name these classes instead of spelling a twin, so an
# editor that turns full-width characters into ASCII cannot silently halve a class.
COLONS = ":\uff1a"
OPENS = "(\uff08"
CLOSES = ")\uff09"
DIGITS = "0-9\uff10-\uff19"  # the body of a character class
ENDS = "!?;\u3002\uff01\uff1f\uff1b"  # sentence ends other than the ASCII full stop
CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
ZH_NUMERALS = "\u3007\u96f6\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341"  # zero (two forms), one to ten

_CJK = re.compile(f"[{CJK_CLASS}]")
_SEPARATOR_MARKS = ",;/|\uff0c\u3001\uff1b\u00b7\u30fb"

# A question in either script: a question mark, or a cue that asks ("could you", "請問").
QUESTION_CUE = re.compile(
    r"[?\uff1f]|\b(?:could|can|would|will) you\b|\bhow (?:do|does|should|much|many)\b|\bwhat (?:is|are|was|were)\b|"
    r"\bwondering\b|\bmy question\b|\bfollow[- ]up\b|請問|请问|能否|是否|如何看待|怎麼看|怎么看|嗎|吗|呢",
    re.I,
)


class Family(StrEnum):
    asker = "asker"
    answerer = "answerer"
    host = "host"
    executive = "executive"


@dataclass(frozen=True, slots=True)
class Label:
    """What one label says. ``family`` is None when it carries no role word (a name only).

    ``marker`` is True for a bare question or answer marker (``Q1``, ``問``, ``A``, ``Answer``),
    which is structure only where the document pairs questions with answers. ``text`` is the
    label as written, without wrapping marks, colon and a trailing verb ("管理層表示" -> "管理層").
    """

    text: str
    family: Family | None
    marker: bool = False
    person: str | None = None
    firm: str | None = None
    title: str | None = None
    number: int | None = None
    followup: bool = False


# --- roles from titles -----------------------------------------------------------------------------

ANALYST_WORD = re.compile(r"\banalyst|\bresearch\b|\bstrategist\b|\bportfolio\b|\bassociate\b", re.I)
FIRM_WORD = re.compile(
    r"\b(securities|capital|bank|banc|sachs|morgan|stanley|lynch|barclays|citi(group)?|jefferies|"
    r"partners|llc|l\.p\.|advisors|advisers|investments?|asset management|equities|& co|"
    r"brokerage|fund|cowen|bernstein|ubs|cicc|macquarie|nomura|mizuho|hsbc|credit suisse|jp ?morgan|bofa|"
    r"deutsche|daiwa|clsa|haitong|citic|huatai|guotai|everbright|wells fargo|piper sandler|needham|oppenheimer|"
    r"keybanc|raymond james|stifel|baird|evercore|wolfe|truist|rbc|bmo|jefferies|goldman|barclays)\b",
    re.I,
)
_EXEC_WORD = re.compile(
    r"\b(ceo|cfo|coo|cto|cio|cmo|cao|cso|cro|chief|president|chair(man|woman|person)?|founder|"
    r"co-founder|officer|vp|svp|evp|vice|treasurer|controller|secretary|counsel|"
    r"investor relations|ir|executive|director|head|manager|management|spokes(person|man|woman))\b",
    re.I,
)
_ZH_EXEC = re.compile(
    r"管理[層层]|董事[長长]|董事會|董事会|[總总]裁|首席|[總总][經经]理|副[總总]|[財财][務务][長长总總]|"
    r"[財财][務务][總总][監监]|董秘|投[資资]者[關关][係系]|[創创]始人|高管|公司代表|公司回|CEO|CFO|COO|CTO|CIO"
)
_ZH_ANALYST = re.compile(r"分析[師师]|研究[員员]|投[資资]者|提[問问]者|基金[經经]理|[證证]券|券商")
_ZH_FIRM_SUFFIX = re.compile(
    r"([證证]券|[銀银]行|[資资]本|基金|[資资][管產产]|投[資资]|研究所|研究|公司|集[團团]|[國国][際际]|控股|"
    r"Securities|Capital|Bank|Research|Partners)$",
    re.I,
)


def role_from_title(title: str | None) -> Role:
    """Role implied by an English or Chinese title: analyst, executive, operator or unknown."""
    if not title:
        return Role.unknown
    if re.fullmatch(r"\s*(operator|moderator|conference operator|coordinator)\s*", title, re.I):
        return Role.operator
    if ANALYST_WORD.search(title) or _ZH_ANALYST.search(title):
        return Role.analyst
    if re.search(r"investor relations|\bIR\b", title, re.I):
        return Role.executive
    strong_exec = re.search(r"\b(ceo|cfo|coo|cto|chief|president|chair|founder|treasurer|controller)", title, re.I)
    if FIRM_WORD.search(title) and not strong_exec:
        return Role.analyst
    if _EXEC_WORD.search(title) or _ZH_EXEC.search(title):
        return Role.executive
    return Role.unknown


def is_firm(text: str) -> bool:
    """Whether ``text`` names a bank, broker or fund by a word firms carry."""
    return bool(FIRM_WORD.search(text) or _ZH_FIRM_SUFFIX.search(text))


# --- English names ------------------------------------------------------------------------------

_PARTICLES = {"de", "van", "von", "da", "di", "del", "der", "le", "la", "bin", "al", "du", "dos", "das", "y"}
_NOT_NAME = {
    "revenue", "revenues", "growth", "outlook", "guidance", "summary", "highlights", "note", "notes",
    "total", "net", "operating", "segment", "key", "financial", "results", "overview", "question",
    "questions", "answer", "answers", "risk", "disclaimer", "source", "date", "time", "title",
    "subject", "q1", "q2", "q3", "q4", "fy", "gross", "margin", "cash", "thank", "thanks", "yes",
    "no", "okay", "ok", "so", "well", "and", "but", "the", "we", "our", "i", "hi", "hello", "good",
    "sure", "great", "operator", "welcome", "agenda", "presentation", "participants", "executives",
    "analysts", "call", "conference", "earnings", "transcript", "remarks", "update", "business",
    "strategy", "first", "second", "third", "fourth", "next", "finally", "also", "in", "on", "at",
    "for", "to", "with", "from", "of", "as", "this", "that", "these", "it", "he", "she", "they",
    "you", "please", "now", "let", "turning", "moving", "looking", "lastly", "again", "fiscal",
}  # fmt: skip
_NAME_TOKEN = re.compile(r"[A-Z][\w'\u2019.\-]*|[A-Z]\.|[" + CJK_CLASS + r"]{1,4}")


def looks_like_name(name: str) -> bool:
    """Whether ``name`` reads as a person's name: one to five capitalised words, no digits."""
    tokens = name.split()
    if not 1 <= len(tokens) <= 5 or len(name) > 60:
        return False
    if re.search(r"\d|[,;:!?()]", name):
        return False
    capitals = 0
    for token in tokens:
        low = token.lower().strip(".")
        if low in _PARTICLES:
            continue
        if low in _NOT_NAME:
            return False
        if not _NAME_TOKEN.fullmatch(token):
            return False
        capitals += 1
    return capitals >= 1


# --- role words -----------------------------------------------------------------------------------

_NUM = rf"(?:[{DIGITS}]{{1,2}}|[{ZH_NUMERALS}]{{1,3}})"
_Q_MARK = (
    r"(?:Q(?![A-Za-z&])|\uff31|Questions?(?![A-Za-z])|[問问][題题](?![環环])|提[問问](?![環环者人])|[問问](?![答題题]))"
)
_A_MARK = r"(?:A(?![A-Za-z&])|\uff21|Answers?(?![A-Za-z])|Reply|Response|回答|回[覆复]|答[覆复]|解答|答(?![疑]))"
_FOLLOWUP = r"(?:追[問问]|follow[- ]?up(?:\s+question)?)"
_SPEAKER_N = re.compile(rf"(?:speaker|發言人|发言人|講者|讲者|嘉[賓宾])\s*(?P<n>[{DIGITS}]{{1,2}}|[A-Z])", re.I)
_COUNT = re.compile(rf"^\s*(?P<n>[{DIGITS}]{{1,2}})(?![{DIGITS}])")
_LEADING_NUMBER = re.compile(rf"^(?P<n>{_NUM})\s*[\u3001.\uff0e{CLOSES}]\s*")
_MARKER = re.compile(
    rf"^(?:(?P<f>{_FOLLOWUP})|(?P<o>\u7b2c(?P<on>{_NUM})(?:[個个])?(?:[問问][題题]|提[問问]))|(?P<q>{_Q_MARK})|(?P<a>{_A_MARK}))"
    rf"\s*(?:(?:no\.?|#)\s*)?(?P<n>{_NUM})?(?![{DIGITS}])",
    re.I,
)
_HOST = re.compile(
    r"\b(?:conference\s+(?:call\s+)?)?(?:operator|moderator|host|coordinator)\b|(?:[會会][議议])?主持人?|操作[員员]|接[線线][員员]|"
    r"[會会][議议](?:助理|[協协][調调]人)",
    re.I,
)
_ASKER = re.compile(
    r"\b(?:analysts?|investors?(?!\s+relations)|shareholders?|questioners?|askers?|callers?|participant)\b|"
    r"分析[師师]|研究[員员]|投[資资](?:者|人)(?![關关][係系])|提[問问](?:者|人)|股[東东]|基金[經经]理",
    re.I,
)
_MANAGEMENT = re.compile(
    r"\b(?:management|company|executives?|company representatives?)\b|管理[層层]|管理[團团][隊队]|高管|公司代表|公司$",
    re.I,
)
_TITLE = re.compile(
    r"\b(?:ceo|cfo|coo|cto|cio|cmo|chief\s+\w+(?:\s+\w+)?\s+officer|president|chair(?:man|woman|person)?|"
    r"founder|co-founder|(?:senior\s+|executive\s+)?vice\s+president|treasurer|controller|"
    r"head\s+of\s+investor\s+relations|investor\s+relations|ir)\b|"
    r"CEO|CFO|COO|CTO|CIO|董事[長长]|副?董事[長长]|[總总]裁|副[總总]裁|首席\w{1,6}?官|[總总][經经]理|[財财][務务][長长總总]|"
    r"[財财][務务][總总][監监]|董秘|投[資资]者[關关][係系](?:[總总][監监]|[負负][責责]人)?|[創创]始人|聯席|联席",
    re.I,
)
# A verb after a Chinese role word ("管理層表示", "分析師提問") is not part of the label.
_ROLE_TAIL = re.compile(r"(?:表示|回答|答[復复覆]?|回[復复覆]|[說说]|指出|[補补]充|提[問问]|[問问]|發言|发言)$")
_TOPIC = re.compile(r"^(?:關於|关于|(?:about|on|re|regarding)\b)", re.I)
_PHRASE = re.compile(r"^(?:from\s+the\s+line\s+of|from|of|with|at|by)\s+|^(?:來自|来自)|的$", re.I)
_SPLIT = re.compile(rf"\s*(?:[{_SEPARATOR_MARKS}]|\s[-\u2013\u2014]{{1,2}}\s|--|\u2014|\u2013|\s+and\s+(?=[A-Z]))\s*")
# "Priya Nair of Granite Securities": a name, then the firm it speaks for ("Bank of America" stays whole)
_NAME_OF = re.compile(rf"^(?P<name>.+?)\s+(?:of|from|with|at)\s+(?P<firm>[A-Z{CJK_CLASS}].+)$")
_PAREN = re.compile(rf"[{OPENS}]([^{OPENS}{CLOSES}]*)[{CLOSES}]")
_HONORIFIC = r"(?:[總总]|先生|女士|博士|老[師师])"
# A Chinese personal name begins with a family name; these are the common ones, in both scripts.
# A short word after a role word that does not begin with one ("分析師會議", "管理層指引") is no name.
_SURNAMES = (
    "王李張张劉刘陳陈楊杨黃黄趙赵吳吴周徐孫孙馬马朱胡郭何高林羅罗鄭郑梁謝谢宋唐許许韓韩馮冯鄧邓曹彭曾蕭萧肖"
    "田董袁潘於于蔣蒋蔡余杜葉叶程蘇苏魏呂吕丁任沈姚盧卢姜崔鍾钟譚谭陸陆汪范金石廖賈贾夏韋韦付方白鄒邹孟熊秦"
    "邱江尹薛閆闫段雷侯龍龙史陶黎賀贺顧顾毛郝龔龚邵萬万錢钱嚴严覃武戴莫孔向湯汤常溫温康施文牛樊葛邢安齊齐"
    "易喬乔伍龐庞顏颜倪莊庄聶聂章魯鲁岳翟殷詹申歐欧耿關关蘭兰焦俞左柳甘祝包寧宁尚符舒阮柯紀纪梅童凌畢毕單单"
    "季裴霍涂成苗谷盛曲翁冉駱骆藍蓝路游辛靳管柴蒙鮑鲍華华喻祁蒲房滕屈饒饶解牟艾尤陽阳時时穆農农司卓古吉繆缪"
    "簡简車车項项連连麥麦褚婁娄竇窦戚岑景黨党宮宫費费卜冷晏席衛卫米柏宗瞿桂全佟應应臧閔闵苟鄔邬邊边卞姬師师"
)
_ZH_NAME = re.compile(
    rf"(?:[{_SURNAMES}]|歐陽|欧阳|司馬|司马|諸葛|诸葛|上官|司徒)[{CJK_CLASS}]{{1,2}}{_HONORIFIC}?|[{_SURNAMES}]{_HONORIFIC}"
)
_ZH_PERSON = re.compile(rf"[{CJK_CLASS}]{{2,4}}{_HONORIFIC}?|[{CJK_CLASS}]{_HONORIFIC}")
_LATIN_WORDS = re.compile(r"[A-Za-z][\w&'\u2019.\-]*(?:\s+[A-Za-z&][\w&'\u2019.\-]*)*")


def _number(raw: str | None) -> int | None:
    """``"3"``, ``"\uff13"``, ``"三"``/``"十二"`` or a letter ("B" is 2) as an int."""
    if not raw:
        return None
    if raw.isascii() and raw.isalpha():
        return ord(raw.upper()) - ord("A") + 1
    if raw[0] in ZH_NUMERALS:
        values = {c: i for i, c in enumerate(ZH_NUMERALS[2:], start=1)} | {ZH_NUMERALS[0]: 0, ZH_NUMERALS[1]: 0}
        if "\u5341" in raw:  # 十
            tens, _, ones = raw.partition("\u5341")
            return (values.get(tens, 1) if tens else 1) * 10 + (values.get(ones, 0) if ones else 0)
        return values.get(raw[0])
    return int("".join(str(ord(c) - 0xFF10) if c >= "\uff10" else c for c in raw))


def _unwrap(text: str) -> str:
    """The label without Markdown bold, brackets, a trailing colon or surrounding space."""
    core = text.strip()
    for _ in range(3):
        before = core
        core = core.strip("*_").strip()  # Markdown bold or italics, closed or not
        core = re.sub(r"^[\u3010\[](.+)[\u3011\]]$", r"\1", core).strip()
        core = core.rstrip(COLONS).strip()
        if core == before:
            break
    return core


@dataclass(slots=True)
class _Parts:
    person: str | None = None
    firm: str | None = None
    title: str | None = None
    topic: str | None = None
    company: str | None = None


_LONGEST = 80  # "Northwind Robotics Vice President, Investor Relations Jane Roe" is about as long as labels get
_ROLE_MARK = "\u0000"  # stands for the role word while the pieces around it are cut
_GROUP_MARK = "\u0001"  # stands for a parenthesised group


def _pieces(text: str) -> list[tuple[str, str]]:
    """The pieces of ``text`` between separators, each with where it stands: before or after the
    role word (``_ROLE_MARK``), inside parentheses, or a topic ("關於AI", "on pricing")."""
    inners: list[str] = []

    def keep(m: re.Match[str]) -> str:
        inners.append(m.group(1).replace(_ROLE_MARK, " "))
        return _GROUP_MARK

    outside = _PAREN.sub(keep, text)
    out: list[tuple[str, str]] = []
    where = "before" if _ROLE_MARK in outside else "after"
    for chunk in re.split(f"([{_ROLE_MARK}{_GROUP_MARK}])", outside):
        if chunk == _ROLE_MARK:
            where = "after"
        elif chunk != _GROUP_MARK:
            out.extend((part, where) for part in _split(chunk))
    for inner in inners:
        parts = _split(inner)
        if _TOPIC.match(inner.strip()):
            out.append((inner.strip(), "topic"))
        elif len(parts) == 2:  # "(王磊, 華夏證券)", "(Sarah Lin, Eastbridge Research)": the person first
            out.extend([(parts[0], "inner-first"), (parts[1], "inner")])
        else:
            out.extend((part, "inner") for part in parts)
    return out


def _split(text: str) -> list[str]:
    out: list[str] = []
    for part in _SPLIT.split(text):
        part = _PHRASE.sub("", part.strip()).strip()
        named = _NAME_OF.match(part)
        if named and (_ZH_NAME.fullmatch(named["name"]) or (looks_like_name(named["name"]) and " " in named["name"])):
            out.extend([named["name"], named["firm"]])
        elif part:
            out.append(part)
    return out


def _is_role_word(piece: str) -> bool:
    return any(p.fullmatch(piece) for p in (_HOST, _ASKER, _MANAGEMENT)) or bool(_MARKER.fullmatch(piece))


def _title_and_name(piece: str) -> tuple[str, str | None] | None:
    """A title, alone or glued to a name ("CFO 李明", "首席財務官李明", "李明 CFO"): (title, name)."""
    piece = re.sub(r"^(?:兼|and\s+|&\s*)", "", piece)
    m = _TITLE.match(piece)
    if m and m.end() > 0:
        end = m.end()
        while True:  # "董事長兼CEO", "President and Chief Executive Officer"
            more = re.match(r"\s*(?:兼|and|&|/)\s*", piece[end:])
            nxt = _TITLE.match(piece, end + more.end()) if more else None
            if nxt is None or nxt.end() == end + more.end():
                break
            end = nxt.end()
        title, rest = piece[:end].strip(), piece[end:].strip()
        if not rest:
            return title, None
        if _ZH_NAME.fullmatch(rest) or looks_like_name(rest):
            return title, rest
        return None
    m = _TITLE.search(piece)
    if m and m.end() == len(piece):
        name = piece[: m.start()].strip()
        if _ZH_NAME.fullmatch(name) or looks_like_name(name):
            return piece[m.start() :].strip(), name
    return None


def _read_pieces(pieces: list[tuple[str, str]], family: Family | None) -> _Parts | None:
    """Person, firm and title from the pieces around a role word; None when a piece is none of them."""
    parts = _Parts()
    person_at = ""
    # A piece that names a firm by its word is read first, so that the other piece in the same
    # parentheses is the person: "問(王磊, 華夏證券)".
    for piece, where in sorted(pieces, key=lambda p: not is_firm(p[0])):
        if where == "topic":
            parts.topic = piece
            continue
        if _is_role_word(piece) or _ROLE_TAIL.fullmatch(piece):
            continue
        if re.search(rf"[{DIGITS}]|[{ENDS}]", piece) or len(piece) > 40:
            return None
        titled = _title_and_name(piece)
        if titled is not None:
            title, name = titled
            parts.title = f"{parts.title}, {title}" if parts.title else title
            kind, piece = ("person", name) if name else ("", "")
        else:
            kind = _piece_kind(piece, where, family, parts) or "none"
        if kind == "none":
            return None
        if (
            kind == "person"
            and parts.person
            and family in (Family.answerer, Family.executive)
            and parts.company is None
        ):
            # "Northwind Robotics CFO Jane Roe": of two names around a title, the first is the company
            first, second = (parts.person, piece) if person_at == "before" else (piece, parts.person)
            parts.company, parts.person = first, second
            continue
        if not kind:
            continue
        if getattr(parts, kind) is not None:
            return None
        setattr(parts, kind, piece)
        person_at = where if kind == "person" else person_at
    return parts


def _piece_kind(piece: str, where: str, family: Family | None, parts: _Parts) -> str | None:
    """``"person"``, ``"firm"`` or ``"company"`` (an answerer's own company) for one piece, else None."""
    asks = family in (Family.asker, None)
    if is_firm(piece):
        return "firm" if asks else "company"
    if not _CJK.search(piece):
        return _latin_kind(piece, where, asks, parts)
    if _ZH_PERSON.fullmatch(piece):
        if family is None and where == "inner":
            return "firm"  # "張三(高盛)"
        if family is Family.asker and (where == "before" or (where == "inner" and parts.firm is None)):
            return "firm"  # "中金分析師", "分析師(中金)", "分析師 張三(高盛)"
        if family is not Family.asker and family is not None and where == "before":
            return "company"  # "雲帆管理層"
        return "person" if _ZH_NAME.fullmatch(piece) else None
    if re.fullmatch(rf"[{CJK_CLASS}A-Za-z&\s]{{2,16}}", piece):
        if asks and where in ("before", "inner"):
            return "firm"
        if not asks and where == "before":
            return "company"
    return None


_CORPORATE = re.compile(r"\b(?:Inc|Corp|Corporation|Co|Ltd|Limited|Group|Holdings|PLC|LLC|AG|SE|N\.V|S\.A)\b\.?$")


def _latin_kind(piece: str, where: str, asks: bool, parts: _Parts) -> str | None:
    words = piece.split()
    if not asks and _CORPORATE.search(piece):
        return "company"
    if looks_like_name(piece) and 2 <= len(words) <= 4 and not (asks and parts.person):
        return "person"  # a first and a last name; one capitalised word beside a role word is rarely one
    capitalised = bool(_LATIN_WORDS.fullmatch(piece)) and all(w[0].isupper() or w in {"&", "and", "of"} for w in words)
    if asks and capitalised and len(words) >= 2:
        return "firm"
    if not asks and capitalised and (where in ("before", "inner") or _CORPORATE.search(piece)):
        return "company"
    return None


def _role(core: str) -> tuple[Family, bool, re.Match[str]] | None:
    """The label's role word: its family, whether it is a bare Q/A marker, and where it stands."""
    m = _MARKER.match(core)
    if m:
        if m["a"]:
            return Family.answerer, True, m
        return Family.asker, True, m
    for pattern, family in ((_HOST, Family.host), (_ASKER, Family.asker)):
        found = pattern.search(core)
        if found:
            return family, False, found
    found = _TITLE.search(core)
    if found and not (_MANAGEMENT.search(core) and not _TITLE.fullmatch(found.group())):
        return Family.executive, False, found
    found = _MANAGEMENT.search(core)
    if found:
        return Family.answerer, False, found
    found = re.search(rf"(?<=[{CJK_CLASS}]){_A_MARK}$|^{_A_MARK}(?=[{CJK_CLASS}])", core)  # "管理層回答", "公司答"
    if found:
        return Family.answerer, True, found
    return None


def _title_text(core: str, parts: _Parts) -> str:
    """An executive's title as written: the label without the person's name and the company."""
    rest = core
    for name in (parts.person, parts.company):
        if name:
            rest = rest.replace(name, " ")
    rest = re.sub(rf"[{OPENS}{CLOSES}]", " ", rest)
    return re.sub(rf"^[\s{_SEPARATOR_MARKS}\-\u2013\u2014]+|[\s{_SEPARATOR_MARKS}\-\u2013\u2014]+$", "", rest).strip()


def parse_label(text: str) -> Label | None:
    """Read one label (the text before a colon, or a short line on its own); None when it is not one.

    Not a label: text with a sentence end or a digit outside a question number, and text whose
    words around the role word are not a person's name, a firm or a title.
    """
    core = _unwrap(text)
    if not core or len(core) > _LONGEST or "\n" in core:
        return None
    number = None
    lead = _LEADING_NUMBER.match(core)
    if lead and _MARKER.match(core[lead.end() :]):
        number, core = _number(lead["n"]), core[lead.end() :]
    tail = _ROLE_TAIL.search(core)
    if tail and tail.start() > 0 and _role(core[: tail.start()].strip()):
        core = core[: tail.start()].strip()  # "管理層表示", "分析師提問"
    speaker = _SPEAKER_N.fullmatch(core)
    if speaker:
        return Label(core, None, person=core, number=_number(speaker["n"]))  # "Speaker 2": the turns tell who
    found = _role(core)
    if found is None:
        parts = _read_pieces(_pieces(core), None)
        if parts is None or parts.person is None:
            return None
        return Label(core, None, person=parts.person, firm=parts.firm, title=parts.title)
    family, marker, m = found
    after = core[m.end() :]
    counted = None if marker else _COUNT.match(after)  # "分析師1", "Analyst 2"
    if counted:
        number, after = _number(counted["n"]), after[counted.end() :]
    parts = _read_pieces(_pieces(core[: m.start()] + _ROLE_MARK + after), family)
    if parts is None or (family is Family.host and (parts.firm or parts.company)):
        return None  # "Thanks, Operator" is a sentence
    if marker:
        number = number if number is not None else _number(m["n"] or m["on"])
    title = parts.topic if marker and family is Family.asker else parts.title
    if family is Family.executive:
        title = _title_text(core, parts)
    return Label(
        core, family, marker=marker, person=parts.person, firm=parts.firm, title=title,
        number=number, followup=bool(marker and m["f"]),
    )  # fmt: skip
