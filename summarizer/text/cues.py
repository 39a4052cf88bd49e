"""Cue words, in English and Chinese: what a sentence speaks of, besides its numbers.

- ``FORWARD``: the future (expect, guidance, outlook, plan to, 預計, 展望, 計劃, 力爭...); qualitative
  guidance must cite such a sentence. ``WILL``: the plain future tense (will, going to, 將, 會), a
  weaker cue that makes an outlook only with a later period or a change word beside a metric
  ("would" only as it states what a guided figure means: "this would represent growth of...").
  ``GUIDANCE_MOVE``: what a sentence says its guidance did (raised, lowered, narrowed, reaffirmed,
  withdrawn; 上調, 下調, 維持, 撤回...), as ``(pattern, direction)`` in the order to try them.
  ``DERIVED``: a sentence restating the outlook just stated as another figure (that implies,
  which means, 意味著, 即), outlook for as long as the sentence before it is.
  ``AI_TERMS``: AI (models, GPUs, inference, 大模型...).
- ``UP`` / ``DOWN``: the direction of a change (grew, declined, 增長, 下降...); ``CHANGE``: any word
  that makes an amount a change rather than a level; ``CHANGED``: the verbs of a change already
  made, before "X to Y" ("declined $100 million to $1.3 billion" is a change, not a range).
- ``YOY`` / ``QOQ``: the comparison a change is against (year-over-year, 同比; sequentially, 環比).
- ``COMPARISON``: a word that puts a period on the far side of a comparison (compared, 相比, 從).
- ``COMPONENT``: a word that opens a part of a figure just stated (which included, of which, 其中).
- ``CLAUSE_BREAK``: punctuation that ends a clause (a comma not inside "1,000", a semicolon, a
  colon, a full stop; their full-width forms).
- ``BASIS``: the accounting basis a sentence names, as ``(pattern, "GAAP" | "non-GAAP" | "IFRS" |
  "non-IFRS" | "pro forma")`` in the order to try them; ``ADJUSTED``: the words that make a metric
  the adjusted one (adjusted, non-GAAP, 經調整...), a regex fragment for longer patterns;
  ``ADJUSTED_LEAD``: that qualifier as it leads into the metric's name, restated or joined by 的.
  ``ADJUSTED_BASIS``: a clause that puts what follows on the adjusted basis ("On an adjusted
  basis, net income was...", 按經調整基準計算).
- ``AIM`` / ``AIM_NOUN``: what makes the amount after it a goal or an expectation rather than a
  result, beyond ``FORWARD`` ("a path to", "on track to", 有望; "expectations of", "our goal is");
  ``PAST_EXPECTATION``: an expectation already met ("as expected", 符合預期), not an outlook;
  ``ESTIMATE``: someone else's figure or a market's size (consensus, the Street's expectations,
  the addressable market, 市場規模).
- ``INJECTION``: text addressing a model instead of the call's audience. ``DIRECTIVE``: text telling
  its reader what to do with the figures (disregard the numbers above, report this one instead), a
  weaker cue that only decides between two statements of a figure that disagree.

Compiled patterns are case-insensitive; the ``*_ZH`` and upper-case fragments are alternations
(``"a|b"``) to build longer patterns from. Pure: no model, no I/O.
"""

from __future__ import annotations

import re

__all__ = [
    "ADJUSTED",
    "ADJUSTED_BASIS",
    "ADJUSTED_LEAD",
    "AIM",
    "AIM_NOUN",
    "AI_TERMS",
    "BASIS",
    "CHANGE",
    "CHANGED",
    "CHANGED_ZH",
    "CLAUSE_BREAK",
    "COMPARISON",
    "COMPONENT",
    "DERIVED",
    "DIRECTIVE",
    "DOWN",
    "ESTIMATE",
    "EXPECT_ZH",
    "FORWARD",
    "GUIDANCE_MOVE",
    "INJECTION",
    "PAST_EXPECTATION",
    "QOQ",
    "QUANTITY",
    "UP",
    "WILL",
    "YOY",
]

# --- the future and AI ---------------------------------------------------------------------------

# Chinese verbs of expectation: forward-looking, and never part of a metric's or a segment's name.
EXPECT_ZH = "預計|預期|预计|预期"

# Chinese verbs of a plan or an aim, only where they are verbs: "股東回報計劃" (a programme carried
# out) is a noun, "我們計劃增加" and "計劃在 2025 年" are plans.
_PLAN_ZH = r"(?:我們|我们|公司|並|并|還|还|也|將|将|仍|會|会)(?:計劃|计划)|(?:計劃|计划)(?=在|於|于|將|将|明年|今年|未來|未来|進一步|进一步|繼續|继续|增加|推出)|力爭|力争"

# What makes a sentence speak of the future: qualitative guidance must cite one.
FORWARD = re.compile(
    r"\b(?:expect(?:s|ed|ing)?|outlook|guidance|guide|anticipate[sd]?|forecast|target(?:s|ing)?|project(?:s|ed))\b"
    r"|\b(?:plan(?:s|ning)?|aim(?:s|ing)?|intend(?:s|ing)?)\s+to\b|\bgoals?\s+(?:is|are)\s+(?:\w+\s+)?to\b"
    rf"|{EXPECT_ZH}|指引|展望|目標|目标|{_PLAN_ZH}",
    re.IGNORECASE,
)

# The plain future tense: "revenue will grow", "我們將繼續增加投入", "將於明年到期" (將 and 會 only
# before a verb of the future or 於 of its time: "將研發重心轉向" uses 將 as a preposition). Weaker
# than FORWARD ("I will now turn to"), so an outlook rests on it only beside a metric with a later
# period or date, or a change word.
WILL = re.compile(
    r"\bwould\s+(?:represent|imply|mean|result\s+in|translate|equate)\b"
    r"|\b(?:will|shall|going\s+to)\b(?!\s+(?:now|then|also\s+now|take|turn|hand|walk|open|begin|start|discuss|cover|review|provide\s+(?:an?\s+)?(?:update|overview)))"
    r"|(?:將|将|會|会)(?:會|会|在|於|于|繼續|继续|持續|持续|進一步|进一步|保持|增加|提升|提高|降低|減少|减少|實現|实现|推出|成為|成为"
    r"|帶來|带来|有|達到|达到|逐步|加大|加快|加強|加强|迎來|迎来|不斷|不断|下降|增長|增长)",
    re.IGNORECASE,
)

# A sentence that restates the outlook just stated as another figure: "that implies a $3 million
# increase", "which means growth of 5%", 意味著, 也就是說, 即增加 (即 only right after a comma:
# 即使, 立即 and 即將 are other words).
DERIVED = re.compile(
    r"\b(?:that|this|which|it)\s+(?:implies|would\s+imply|means|would\s+mean)\b|\bimplying\b"
    r"|意味著|意味着|也就是說|也就是说|[,\uff0c]\s*即(?![使便將将刻時时])",
    re.IGNORECASE,
)

# What makes the amount after it a goal rather than a result, beyond FORWARD's words: "a path to
# grow to $1 billion", "we are on track to reach", 有望達到, 爭取實現.
AIM = re.compile(
    r"\b(?:path|on\s+track|aspir(?:e|es|ing)|poised)\s+to\b|有望|爭取|争取",
    re.IGNORECASE,
)
# Nouns that name an expected or aimed-for figure: they make an amount a goal only when the amount
# is theirs ("expectations of $58 million", "our goal is $5 billion", 目標為), not when a result is
# measured against them ("revenue exceeded expectations"). "Target" is as often the verb.
AIM_NOUN = re.compile(
    r"\b(?:guidance|outlook|forecasts?|goals?|objectives?|ambitions?|aspirations?|expectations?|estimates?"
    r"|projections?|consensus)\b|指引|展望|目標|目标|預測|预测|共識|共识",
    re.IGNORECASE,
)
# "As expected, sales fell", "better than we expected", 符合預期: a past expectation, not an outlook.
PAST_EXPECTATION = re.compile(
    r"\b(?:as|than)\s+(?:we\s+|had\s+|previously\s+|originally\s+|initially\s+)*(?:expected|anticipated|forecast|guided)\b"
    r"|(?:符合|超出?|低於|低于|高於|高于|不及)(?:市場)?(?:預期|预期)",
    re.IGNORECASE,
)
# Someone else's figure or a market's size, never the company's own result or guidance: "the
# Street's expectations of", "consensus revenue of", "a $40 billion addressable market",
# 市場一致預期, 市場規模.
ESTIMATE = re.compile(
    r"\bconsensus\b|\bstreet(?:'s|\u2019s)?\s+(?:expectations?|estimates?|forecasts?|numbers?)\b"
    r"|\banalysts?(?:'|\u2019)?s?\s+(?:expectations?|estimates?|forecasts?)\b|\baddressable\s+market|\bTAM\b"
    r"|\bmarket\s+(?:size|opportunity)\b|一致預期|一致预期|市場預期|市场预期|分析師預期|分析师预期|市場規模|市场规模",
    re.IGNORECASE,
)

# What a sentence says its guidance did, the guidance noun and the verb within a few words of each
# other either way round. Order matters: "withdraw" before the others ("withdrawing the raised
# guidance"), "narrow" before "raise" ("narrowed and raised the midpoint" reads as narrowed).
_GUIDE_NOUN = (
    r"(?:guidance|outlook|forecast|expectations?|estimates?|targets?|range|指引|預期|预期|目標|目标|展望|預測|预测)"
)


def _move(verbs: str, verbs_zh: str) -> re.Pattern[str]:
    return re.compile(
        rf"\b(?:{verbs})\w*\b(?:\W+\w+){{0,5}}?\W+{_GUIDE_NOUN}"
        rf"|{_GUIDE_NOUN}(?:\W+\w+){{0,3}}?\W+(?:(?:is|was|are|were|has\s+been|have\s+been|being)\s+)?(?:{verbs})\w*\b"
        rf"|(?:{verbs_zh})[^\uff0c\u3002,;\uff1b]{{0,12}}{_GUIDE_NOUN}|{_GUIDE_NOUN}[^\uff0c\u3002,;\uff1b]{{0,8}}(?:{verbs_zh})",
        re.IGNORECASE,
    )


GUIDANCE_MOVE: tuple[tuple[re.Pattern[str], str], ...] = (
    (_move(r"withdr[ae]w|suspend|pull(?:ed|ing)?\s+|rescind", r"撤回|暫停|暂停|取消|撤銷|撤销"), "withdrawn"),
    (_move(r"narrow|tighten", r"收窄|縮窄|缩窄"), "narrowed"),
    (_move(r"rais|increas|lift|upgrad", r"上調|上调|調高|调高|提高|上修"), "raised"),
    (_move(r"lower|reduc|cut|decreas|downgrad|trim", r"下調|下调|調低|调低|下修|降低"), "lowered"),
    (
        _move(
            r"reaffirm|reiterat|maintain|confirm|unchang|keep|kept|stand\s+by|remain",
            r"維持|维持|重申|確認|确认|保持|不變|不变",
        ),
        "maintained",
    ),
)

# What an AI strategy point's evidence must mention: small models label any product news as AI.
AI_TERMS = re.compile(
    r"\bA\.?I\b|artificial intelligence|machine learning|\bML\b|deep learning|neural|\bLLMs?\b"
    r"|language models?|foundation models?|\bmodels?\b|generative|\bGenAI\b|\bGPT|copilot|chatbot|\bagents?\b"
    r"|\bOpenAI\b|\bChatGPT\b|\bGemini\b|\bDeepSeek\b|\brobot(?:s|ics)?\b"
    r"|\bGPUs?\b|compute|inference|training|algorithm|智能|大模型|模型|算力|算法|推理|訓練|训练|AIGC|生成式|機器人|机器人",
    re.IGNORECASE,
)

# --- changes ---------------------------------------------------------------------------------------

# The direction words around an amount: unbounded stems, so "declining" and "下降了" count too.
DOWN = re.compile(
    r"decrease[sd]?|declin(?:e[sd]?|ing)|down|lower|fell|fall(?:ing|en)?|drop(?:ped)?|reduc(?:ed|tion)|contract(?:ed|ion)"
    r"|shr[au]nk|negative|narrow(?:ed)?|下降|減少|减少|下滑|下跌|降低|減|减|回落|收窄|負|负",
    re.IGNORECASE,
)
UP = re.compile(
    r"increase[sd]?|grew|grow(?:th|ing|n)?|up|higher|rose|rise|rising|gain(?:ed)?|expand(?:ed)?|improv(?:ed|ement)"
    r"|增長|增长|增加|上升|提升|提高|增|升",
    re.IGNORECASE,
)
# A word that makes the amount after it a change, in the few words between a metric and its
# amount. Whole words, and without "negative": there it is the amount's own sign ("net loss was
# negative $5 million" states a level).
CHANGE = re.compile(
    r"\b(?:increase[sd]?|decrease[sd]?|grew|growth|rose|fell|declined?|up|down|higher|lower|change|improv\w*)\b"
    r"|增長|增长|下降|減少|减少|提升|同比|環比|环比",
    re.IGNORECASE,
)
# Verbs of a change already made, as fragments: "grew 8.2% to $52.4 million", "增長 9%,達到".
CHANGED = (
    r"declined|decreased|increased|grew|rose|fell|dropped|improved|climbed|jumped|expanded|contracted"
    r"|gained|slipped|shrank|was\s+up|was\s+down|were\s+up|were\s+down"
)
CHANGED_ZH = "增長|增长|上升|下降|減少|减少"

YOY = re.compile(
    r"year[\s-]*over[\s-]*year|year[\s-]*on[\s-]*year|\byoy\b|\by/y\b|from\s+a\s+year\s+ago|year[\s-]+ago"
    r"|(?:same|prior[\s-]year)\s+(?:quarter|period)|over\s+year|同比|年減|年减|年增|較去年同期|较去年同期|比去年同期|去年同期",
    re.IGNORECASE,
)
QOQ = re.compile(
    r"quarter[\s-]*over[\s-]*quarter|quarter[\s-]*on[\s-]*quarter|\bqoq\b|\bq/q\b|sequential(?:ly)?|previous\s+quarter"
    r"|prior\s+quarter|last\s+quarter|環比|环比|季減|季减|季增|較上季|较上季|較上一季|上季",
    re.IGNORECASE,
)
# Words that put a period on the far side of a comparison ("$5 million, compared to $4 million in
# Q3 2023", "lower than last year", "低於去年同期的", "與去年同期持平"); 同比 and 環比 name a change,
# not a comparison period. 與 only right before a period: elsewhere it is "and".
CLAUSE_BREAK = re.compile(r",(?!\d{3})|[;:\uff0c\uff1b\uff1a\u3002]|\.(?=\s|$)")

COMPARISON = re.compile(
    r"compared|versus|\bvs\.?|\bfrom\b|\bagainst\b|\bthan\b|\bin\s+line\s+with\b|\brelative\s+to\b"
    r"|相比|相較|相较|(?<![同環环])比(?!例|重)|[較较與与跟](?=去年|上|同期)|[高低多少大小][於于](?![是此])"
    r"|從|从|由(?![於于])",
    re.IGNORECASE,
)

# Words that open a part of a figure just stated ("R&D was $9 million, which included severance of
# $1 million", "其中包括遣散費"): an amount after them is the part's, not the figure's.
COMPONENT = re.compile(
    r"\b(?:which|that)\s+(?:included|includes|include|comprised|reflected)\b|\bincluding\b|\bof\s+which\b"
    r"|\bexcluding\b|\b(?:if\s+)?we\s+exclude\b|\bnet\s+of\b|\bsuch\s+as\b"
    r"|其中|包括|包含|剔除|不包括|不含",
    re.IGNORECASE,
)

# --- accounting basis ------------------------------------------------------------------------------

# "non-GAAP" before "GAAP": the first pattern that matches names the basis. "gap" is how speech
# recognition writes GAAP.
BASIS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"non[\s-]?gaap|non[\s-]?gap\b", re.IGNORECASE), "non-GAAP"),
    (re.compile(r"non[\s-]?ifrs|非國際財務報告準則|非国际财务报告准则", re.IGNORECASE), "non-IFRS"),
    (re.compile(r"pro[\s-]?forma", re.IGNORECASE), "pro forma"),
    (re.compile(r"\bgaap\b|\bgap\s+(?:basis|net|operating|results?|measures?|terms|figures?)", re.IGNORECASE), "GAAP"),
    (re.compile(r"\bifrs\b|國際財務報告準則|国际财务报告准则", re.IGNORECASE), "IFRS"),
)
# A clause that states what follows on the adjusted basis: "On an adjusted basis, net income
# was...", "on an underlying basis", 按經調整基準計算.
ADJUSTED_BASIS = re.compile(
    r"\b(?:on|in)\s+an?\s+(?:adjusted|underlying|core)\s+basis\b"
    r"|(?:經調整|经调整|調整後|调整后)的?\s*(?:基準|基准|基礎|基础|口徑|口径)",
    re.IGNORECASE,
)
ADJUSTED = (
    r"(?:adjusted|non[\s-]?gaap|non[\s-]?gap|non[\s-]?ifrs|pro[\s-]?forma|underlying|core"
    r"|經調整|经调整|調整後|调整后|非國際財務報告準則|非国际财务报告准则)"
)
# The adjusted qualifier as it leads into a metric's name: restated once ("adjusted, or non-GAAP,
# net income", "adjusted (non-GAAP) EBITDA") and joined by the possessive particle ("調整後的淨利潤率").
ADJUSTED_LEAD = (
    rf"{ADJUSTED}(?:\s*[,\uff0c]?\s*(?:or\s+|i\.e\.,?\s+|即\s*)?[(\uff08]?\s*{ADJUSTED}\s*[)\uff09]?\s*[,\uff0c]?)?"
    r"\s*(?:[的之]\s*)?"
)

# Business quantities an outlook speaks of beyond the metric table's names (``metrics``): costs,
# spending, investment, profit, margins, compute, headcount, stores, orders. With an optional
# qualifier before it ("adjusted", "AI-related", "經調整"); a topic ("doctor visits") is none of these.
QUANTITY = re.compile(
    rf"(?:{ADJUSTED}\s*)?(?:\b(?:(?:capital|operating|marketing|content|personnel|labou?r|compute|inference)\s+)?"
    r"(?:costs?|spending|spend|expenses?|expenditures?|investments?|profit(?:ability)?|margins?|earnings|cash\s+flows?"
    r"|headcount|stores|orders|bookings|backlog|volumes?|shipments|prices|pricing|savings|bottom[\s-]line|break[\s-]?even"
    r"|tax\s+rate|dividends?|buybacks?|leverage|debt)\b"
    r"|利潤率|利润率|利潤|利润|成本|費用|费用|開支|开支|支出|投入|投資|投资|算力|收入|營收|营收|增速|增量|毛利率?|現金流|现金流"
    r"|員工|员工|門店|门店|訂單|订单|股息|回購|回购|盈虧平衡|盈亏平衡|扭虧|扭亏)",
    re.IGNORECASE,
)

# --- text addressing a model -------------------------------------------------------------------------

# Text in a transcript that addresses the model rather than the audience is not evidence.
INJECTION = re.compile(
    r"ignore\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|other)\s+(?:instructions|prompts?|rules)"
    r"|disregard\s+(?:all\s+|the\s+)?(?:previous|prior|above)|system\s+prompt|you\s+are\s+(?:an?\s+)?(?:ai|assistant|language\s+model)"
    r"|(?:as\s+an?\s+)?(?:ai|language\s+model|assistant|summari[sz]er)[,:]?\s+(?:you\s+)?(?:must|should)\s+(?:report|state|output|write)"
    r"|(?:when|if)\s+(?:you\s+)?summari[sz]ing|(?:note|instruction)s?\s+(?:to|for)\s+(?:the\s+)?(?:ai|model|assistant|summari[sz]er)"
    r"|(?:report|output|state|write)\s+(?:that\s+)?(?:the\s+)?(?:revenue|figure|number)s?\s+(?:as|is|was|=)"
    r"|<\|im_(?:start|end)\|>|<\|system\|>|\[/?INST\]|###\s*(?:instruction|system)|\bassistant\s*:"
    r"|the\s+(?:correct|real|true)\s+(?:revenue|figure|number|value)s?\s+(?:is|are|was|were)"
    r"|忽略(?:之前|以上|上述|前面)?的?(?:所有)?(?:指令|指示|提示)|請(?:你)?(?:報告|輸出)|请(?:你)?(?:报告|输出)|系統提示|系统提示",
    re.IGNORECASE,
)

# The figures a directive tells its reader to drop or to change, and the verbs that tell it to.
_FIGURES = r"(?:figures?|numbers?|amounts?|values?|totals?|results?|data|tables?|above|earlier|previous|prior)"
_TELL = r"(?:report|use|state|record|write|output|print|list|show|say|put)"
_FIGURES_ZH = r"(?:上述|以上|上面|前面|之前|先前|所有|表格|數字|数字|數據|数据|金額|金额|指令|指示)"

# Text telling its reader what to do with the figures: "please disregard the numbers above",
# "report this total instead", "make sure you state", "請忽略上述數字", "以此為準". Speech says such
# things too ("if you ignore the one-off items"), so a sentence is not rejected for it as for
# ``INJECTION``; a figure that rests only on such sentences gives way to another statement of the
# same figure that disagrees with it (``ground.consistency``).
DIRECTIVE = re.compile(
    rf"\b(?:disregard|ignore|forget|override|overwrite|discard)\b(?:\W+\w+){{0,4}}?\W+{_FIGURES}\b"
    r"|\b(?:replace|substitute|correct)\b(?:\W+\w+){0,3}?\W+(?:figures?|numbers?|values?|totals?)\b"
    rf"|\b{_TELL}\b(?:\W+\w+){{0,5}}?\W+instead\b(?!\s+of)|\binstead\W+{_TELL}\b"
    rf"|\b(?:make\s+sure|be\s+sure|remember)\s+(?:to|you|that\s+you)\s+(?:\w+\s+)?{_TELL}\b"
    rf"|\b(?:you|readers?|summar(?:y|ies)|briefs?)\s+(?:must|should|shall|need\s+to|are\s+to)\s+(?:\w+\s+)?{_TELL}\b"
    rf"|(?:忽略|無視|无视|不要理會|不要理会|不理會|不理会|忘記|忘记|覆蓋|覆盖)[^,;\u3002\uff0c\uff1b]{{0,4}}?{_FIGURES_ZH}"
    r"|以(?:此|下|本句|這個|这个|這一|这一)[^,;\u3002\uff0c\uff1b]{0,8}?(?:為準|为准)"
    r"|(?:請|请)(?:改為|改为|改用|改報|改报|記為|记为|填寫|填写|寫成|写成)|(?:應|应)(?:記為|记为|寫為|写为|填為|填为|報告為|报告为)",
    re.IGNORECASE,
)
