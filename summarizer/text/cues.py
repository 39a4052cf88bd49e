"""Cue words, in English and Chinese: what a sentence speaks of, besides its numbers.

- ``FORWARD``: the future (expect, guidance, outlook, 預計, 展望...); qualitative guidance must cite
  such a sentence. ``AI_TERMS``: AI (models, GPUs, inference, 大模型...).
- ``UP`` / ``DOWN``: the direction of a change (grew, declined, 增長, 下降...); ``CHANGE``: any word
  that makes an amount a change rather than a level; ``CHANGED``: the verbs of a change already
  made, before "X to Y" ("declined $100 million to $1.3 billion" is a change, not a range).
- ``YOY`` / ``QOQ``: the comparison a change is against (year-over-year, 同比; sequentially, 環比).
- ``COMPARISON``: a word that puts a period on the far side of a comparison (compared, 相比, 從).
- ``BASIS``: the accounting basis a sentence names, as ``(pattern, "GAAP" | "non-GAAP" | "IFRS" |
  "non-IFRS" | "pro forma")`` in the order to try them; ``ADJUSTED``: the words that make a metric
  the adjusted one (adjusted, non-GAAP, 經調整...), a regex fragment for longer patterns.
- ``INJECTION``: text addressing a model instead of the call's audience.

Compiled patterns are case-insensitive; the ``*_ZH`` and upper-case fragments are alternations
(``"a|b"``) to build longer patterns from. Pure: no model, no I/O.
"""

from __future__ import annotations

import re

__all__ = [
    "ADJUSTED",
    "AI_TERMS",
    "BASIS",
    "CHANGE",
    "CHANGED",
    "CHANGED_ZH",
    "COMPARISON",
    "DOWN",
    "EXPECT_ZH",
    "FORWARD",
    "INJECTION",
    "QOQ",
    "UP",
    "YOY",
]

# --- the future and AI ---------------------------------------------------------------------------

# Chinese verbs of expectation: forward-looking, and never part of a metric's or a segment's name.
EXPECT_ZH = "預計|預期|预计|预期"

# What makes a sentence speak of the future: qualitative guidance must cite one.
FORWARD = re.compile(
    r"\b(?:expect(?:s|ed|ing)?|outlook|guidance|guide|anticipate[sd]?|forecast|target(?:s|ing)?|project(?:s|ed))\b"
    rf"|{EXPECT_ZH}|指引|展望|目標|目标",
    re.IGNORECASE,
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
# Q3 2023"); 同比 and 環比 name a change, not a comparison period.
COMPARISON = re.compile(
    r"compared|versus|\bvs\.?|\bfrom\b|\bagainst\b|相比|相較|相较|(?<![同環环])比(?!例|重)|[較较](?=去年|上|同期)"
    r"|從|从|由(?![於于])",
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
ADJUSTED = (
    r"(?:adjusted|non[\s-]?gaap|non[\s-]?gap|non[\s-]?ifrs|pro[\s-]?forma|underlying|core"
    r"|經調整|经调整|調整後|调整后|非國際財務報告準則|非国际财务报告准则)"
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
