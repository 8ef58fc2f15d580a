"""The rule tables of tmbrief.numbers.extract: how Chinese and English write numbers.

Every table is immutable data with an example per entry (tests/test_number_rules.py
has a test row for each): the Chinese numerals and their parser, the classifiers
that make a Chinese numeral a quantity, fixed phrases, English number words, and the
ordered :class:`Rule` patterns that :func:`tmbrief.numbers.extract.extract_numbers` applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from tmbrief.numbers.tables import (
    _CODE,
    _CODES,
    _CURRENCY_BEFORE,
    _PARTS,
    EN_CLOCK_WORDS,
    EN_FRACTIONS,
    EN_QUANTITY_WORDS,
    EN_WEEKDAYS,
    ZH_VAGUE,
    ZH_WEEKDAY,
)

# --- Chinese numerals -------------------------------------------------------------

ZH_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8,
    "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
ZH_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
ZH_BIG = {"万": 1e4, "亿": 1e8}
ZH_NUMERAL_CHARS = "".join(ZH_DIGITS) + "".join(ZH_UNITS) + "".join(ZH_BIG)
# 千 before 米 克 瓦 is the prefix kilo- (5千米 = 5 km), not a thousand.
ZHNUM = (
    f"(?:[{ZH_NUMERAL_CHARS.replace('千', '')}]|千(?![米克瓦卡焦]))+(?:点[{''.join(ZH_DIGITS)}]+)?"
)


def parse_zh_numeral(text: str) -> float | None:
    """The value of a Chinese numeral (两百 -> 200, 千亿 -> 1e11, 三点五 -> 3.5), else None.

    A run of bare digits of three or more (二〇二三) reads positionally, as years are
    written; two digits in a row otherwise (二三, 十四五) are not one number.
    """
    whole, _, frac = text.partition("点")
    if frac and not all(ch in ZH_DIGITS for ch in frac):
        return None
    value = _parse_zh_integer(whole)
    if value is None:
        return None
    if frac:
        value += float("0." + "".join(str(ZH_DIGITS[ch]) for ch in frac))
    return value


def _parse_zh_integer(text: str) -> float | None:
    if not text:
        return None
    if len(text) >= 3 and all(ch in ZH_DIGITS for ch in text):
        return float("".join(str(ZH_DIGITS[ch]) for ch in text))
    total = wan = section = 0.0
    number: float | None = None
    for ch in text:
        if ch in ZH_DIGITS:
            if number is not None and ZH_DIGITS[ch] != 0 and number != 0:
                return None  # 二三, 十四五: two digits with no unit between
            number = ZH_DIGITS[ch]
        elif ch in ZH_UNITS:
            section += (number if number else 1) * ZH_UNITS[ch]
            number = None
        elif ch == "万":
            wan += ((section + (number or 0)) or 1) * 1e4
            section, number = 0.0, None
        else:  # 亿
            total = ((total + wan + section + (number or 0)) or 1) * 1e8
            wan, section, number = 0.0, 0.0, None
    return total + wan + section + (number or 0)


# Words after a Chinese numeral that make it a quantity: (classifier, example, value).
ZH_CLASSIFIERS = (
    ("个", "四个方面", 4), ("户", "两户企业", 2), ("家", "十家企业", 10),
    ("条", "十一条产业链", 11), ("大", "四大产业集群", 4), ("项", "三项措施", 3),
    ("名", "五名代表", 5), ("位", "两位嘉宾", 2), ("次", "三次会议", 3), ("倍", "翻两倍", 2),
    ("年", "五年时间", 5), ("天", "用了三天", 3), ("周", "两周后", 2), ("岁", "十八岁", 18),
    ("人", "三人", 3), ("种", "两种产品", 2), ("类", "四类企业", 4), ("台", "五台设备", 5),
    ("辆", "十辆车", 10), ("座", "两座大桥", 2), ("所", "三所学校", 3),
    ("篇", "两篇大文章", 2), ("批", "两批项目", 2), ("届", "第三届", 3), ("期", "二期工程", 2),
    ("轮", "两轮", 2), ("场", "三场活动", 3), ("份", "两份文件", 2), ("件", "三件事", 3),
    ("张", "两张名片", 2), ("省", "三省一市", 3), ("强", "百强企业", 100),
    ("级", "千亿级", 1e11), ("元", "三千元", 3000), ("美元", "五百美元", 500),
    ("亩", "十亩", 10), ("吨", "两万吨", 2e4), ("公里", "五十公里", 50), ("千米", "三千米", 3),
    ("千克", "五千克", 5), ("米", "三百米", 300), ("平方", "十平方公里", 10),
    ("小时", "两小时", 2), ("分钟", "十五分钟", 15), ("方面", "三方面", 3),
    ("支", "两支队伍", 2), ("笔", "两笔", 2), ("起", "三起案件", 3), ("栋", "两栋楼", 2),
    ("片", "三片区域", 3),
)  # fmt: skip
CLASSIFIER_PATTERN = "|".join(sorted({c for c, *_ in ZH_CLASSIFIERS}, key=len, reverse=True))

# Fixed expressions: (phrase, value or None for "not a quantity", kind, English, example).
# Matched before any other rule, so their numerals are never read one by one.
ZH_SET_PHRASES = (
    ("十四五", 14, "ordinal", "the 14th Five-Year Plan", "“十四五”规划"),
    ("十三五", 13, "ordinal", "the 13th Five-Year Plan", "“十三五”时期"),
    ("十五五", 15, "ordinal", "the 15th Five-Year Plan", "“十五五”规划"),
    ("百分百", 100, "percent", "100 percent", "百分百满意"),
    ("一成不变", None, "", "unchanging", "并非一成不变"),
    ("亿万", None, "", "hundreds of millions (countless)", "亿万人民"),
    ("万一", None, "", "in case", "以防万一"),
    ("一大批", None, "", "a large number of", "一大批企业"),
    ("一大早", None, "", "early in the morning", "一大早出发"),
    ("一方面", None, "", "on the one hand", "一方面要发展"),
    ("十一黄金周", None, "", "the National Day Golden Week", "十一黄金周期间"),
    ("十一五", 11, "ordinal", "the 11th Five-Year Plan", "“十一五”期间"),
    ("十二五", 12, "ordinal", "the 12th Five-Year Plan", "“十二五”时期"),
    ("千家万户", None, "", "every household", "走进千家万户"),
    ("千千万万", None, "", "countless", "千千万万的劳动者"),
    ("三番五次", None, "", "time and again", "三番五次强调"),
)
# Per-item slogans 一X一Y ("one team per project") are policy names, not counts.
ZH_SLOGAN = r"一\p{Han}{1,2}一\p{Han}"

# --- English words ----------------------------------------------------------------

EN_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
EN_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
EN_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
EN_SCALE_ABBREVIATIONS = {"bn": 1e9, "tn": 1e12, "mn": 1e6, "mln": 1e6}
# Words that are counts: "the past decade" translates 近十年.
EN_PERIODS = {"decade": 10.0, "century": 100.0, "millennium": 1000.0, "dozen": 12.0}
EN_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
EN_TENS_ORDINALS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth"
EN_MONTHS = (
    "January February March April May June July August September October November December"
).split()
EN_MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
                          "Oct", "Nov", "Dec")  # fmt: skip
# "May" and "March" are also a verb; as months they stand next to a day or year number.
EN_AMBIGUOUS_MONTHS = ("May", "March")

WORD_VALUES = {w: float(i) for i, w in enumerate(EN_ONES)}
WORD_VALUES.update({w: float(20 + 10 * i) for i, w in enumerate(EN_TENS)})
ORDINAL_VALUES = {w: float(i + 1) for i, w in enumerate(EN_ORDINALS)}
ORDINAL_VALUES.update({w: float(20 + 10 * i) for i, w in enumerate(EN_TENS_ORDINALS.split())})
MONTH_VALUES = {m: i + 1 for i, m in enumerate(EN_MONTHS)}
MONTH_VALUES.update({a: MONTH_VALUES[next(m for m in EN_MONTHS if m.startswith(a[:3]))]
                      for a in EN_MONTH_ABBREVIATIONS})  # fmt: skip

_DIGITS_BODY = (
    r"(?:\d{1,3}(?:[,，]\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d|,\d)|\d+)"
    r"(?:[.．]\d+)?(?![\d])"
)
_DIGITS = r"(?<![\d\p{Latin}])" + _DIGITS_BODY
_WN = (
    r"(?:(?:"
    + "|".join(EN_TENS)
    + r")(?:-(?:"
    + "|".join(EN_ONES[1:10])
    + r"))?|"
    + "|".join(sorted(EN_ONES, key=len, reverse=True))
    + ")"
)
_SC = "(?:" + "|".join(EN_SCALES) + ")"
_MONTH = (
    "(?:"
    + "|".join(m for m in EN_MONTHS if m not in EN_AMBIGUOUS_MONTHS)
    + "|"
    + "|".join(a + r"\.?" for a in EN_MONTH_ABBREVIATIONS)
    + ")"
)
_ANY_MONTH = (
    "(?:" + "|".join(EN_MONTHS) + "|" + "|".join(a + r"\.?" for a in EN_MONTH_ABBREVIATIONS) + ")"
)
_ORD = (
    r"(?:(?:"
    + "|".join(EN_TENS)
    + r")-(?:"
    + "|".join(EN_ORDINALS[:9])
    + r")|"
    + "|".join(sorted(EN_ORDINALS + EN_TENS_ORDINALS.split(), key=len, reverse=True))
    + ")"
)


@dataclass(frozen=True)
class Rule:
    """One way of writing a number: name, pattern, the kind it gives, and an example.

    ``expected`` is what :func:`extract_numbers` returns for ``example`` as
    (value, kind) pairs, so every rule carries its own test row.
    """

    name: str
    pattern: str
    kind: str
    example: str
    expected: tuple[tuple[float, str], ...]


ZH_RULES = (
    Rule(
        "set-phrase",
        "|".join(p for p, *_ in ZH_SET_PHRASES),
        "",
        "“十四五”规划",
        ((14, "ordinal"),),
    ),
    Rule("slogan", ZH_SLOGAN, "", "建立一项目一专班闭环机制", ()),
    Rule(
        "percent-words",
        rf"百分之(?:{ZHNUM}|{_DIGITS})",
        "percent",
        "增长百分之三十",
        ((30, "percent"),),
    ),
    Rule(
        "tenths",
        r"(?:[一二三四五六七八九十]|(?<!\d)\d)成(?![为了本立功果员就长效绩])",
        "percent",
        "占总产值近六成",
        ((60, "percent"),),
    ),
    Rule("vague", "|".join(p for p, _ in ZH_VAGUE), "", "等几十项前沿科技体验", ()),
    Rule("code", _CODE, "", "新冠病毒COVID-19与5G网络", ()),
    Rule(
        "fraction",
        rf"(?:{_DIGITS}|{ZHNUM})分之(?:{_DIGITS}|{ZHNUM})|一半|半数",
        "plain",
        "三分之一的企业",
        ((1 / 3, "plain"),),
    ),
    Rule("ordinal", rf"第(?:{_DIGITS}|{ZHNUM})", "ordinal", "居全市区县第1", ((1, "ordinal"),)),
    Rule(
        "century",
        rf"(?:{_DIGITS}|{ZHNUM})(?=\s*世纪)",
        "century",
        "18世纪",
        ((18, "century"),),
    ),
    Rule(
        "clock",
        r"(?<![\d.．])(?:\d{1,2}[:：]\d{2}|(?:\d{1,2}|零)\s?[时点](?:\s?\d{1,2}\s?分|半)?)(?![\d%％])",
        "time",
        "上午10时30分开幕",
        ((630, "time"),),
    ),
    Rule(
        "weekday",
        ZH_WEEKDAY,
        "weekday",
        "12月20日（周三）",
        ((12, "month"), (20, "day"), (3, "weekday")),
    ),  # fmt: skip
    Rule(
        "mixed",
        rf"{_DIGITS}\s?[亿万]\d{{1,4}}(?:\s?万)?(?![\d.．%％])",
        "plain",
        "2万4801人",
        ((24801, "plain"),),
    ),
    Rule(
        "day-today",
        r"(?<=今\s*[(（]\s*)\d{1,2}(?=\s*[)）]\s*日)",
        "day",
        "今(20)日下午",
        ((20, "day"),),
    ),
    Rule(
        "year",
        rf"(?:{_DIGITS}|[{''.join(ZH_DIGITS)}]{{4}})(?=\s*年)",
        "year",
        "2022年,材料产业",
        ((2022, "year"),),
    ),
    Rule(
        "month",
        r"(?<!\d)(?:\d{1,2}|十[一二]?|[一二三四五六七八九])(?=\s*月)",
        "month",
        "12月20日",
        ((12, "month"), (20, "day")),
    ),
    Rule("day", r"(?<![\d.．])\d{1,2}(?=\s*[日号])", "day", "20日下午", ((20, "day"),)),
    Rule(
        "digits",
        rf"{_DIGITS}(?:[ \u00a0]?[余多]?(?:[十百万亿]|千(?![米克瓦卡焦]))+)?",
        "plain",
        "实现工业总产值537.8亿元,约1150 亿英镑,30余万人",
        ((5.378e10, "plain"), (1.15e11, "plain"), (3e5, "plain")),
    ),
    Rule("numeral", ZHNUM, "plain", "四大产业集群", ((4, "plain"),)),
)

EN_RULES = (
    Rule("code", _CODE, "", "COVID-19 vaccines on 5G networks", ()),
    Rule(
        "clock",
        r"\b\d{1,2}:\d{2}(?:\s?[ap]\.?m\b\.?)?|\b\d{1,2}\s?(?:[ap]\.m\.|[ap]m\b|o'clock\b)",
        "time",
        "opens at 10:30 am",
        ((630, "time"),),
    ),
    Rule(
        "clock-words",
        rf"\b(?i:{'|'.join(EN_CLOCK_WORDS)})\b",
        "time",
        "at midnight",
        ((0, "time"),),
    ),
    Rule(
        "decade",
        r"\b(?:1\d|20)\d0s\b",
        "decade",
        "in the 1700s",
        ((1700, "decade"),),
    ),
    Rule(
        "currency-code",
        rf"\b(?:{_CODES})\s?{_DIGITS_BODY}(?:(?:\s+|-)?(?i:{_SC}|bn|tn|mln|mn)\b|(?:m|k)\b)?",
        "plain",
        "RMB3,964.4 billion and GBP5m",
        ((3.9644e12, "plain"), (5e6, "plain")),
    ),
    Rule(
        "money-scale",
        rf"{_CURRENCY_BEFORE}{_DIGITS}(?:m|k|bn)\b|{_DIGITS}k\b",
        "plain",
        "£5m, £1.5bn and 300k",
        ((5e6, "plain"), (1.5e9, "plain"), (3e5, "plain")),
    ),
    Rule(
        "fraction-words",
        rf"\b(?i:(?:a|one|{'|'.join(EN_ONES[2:10])})[\s-](?:{_PARTS}))\b",
        "plain",
        "a third of the firms",
        ((1 / 3, "plain"),),
    ),
    Rule(
        "and-others",
        rf"\band\s+(?:{_WN}|\d+)(?=\s+others?\b)",
        "plain",
        "Yale and two other universities",
        ((3, "plain"),),
    ),
    Rule(
        "quantity-words",
        rf"\b(?i:{'|'.join(w for w, *_ in EN_QUANTITY_WORDS)})\b",
        "plain",
        "both patients",
        ((2, "plain"),),
    ),
    Rule(
        "weekday",
        rf"\b(?:{'|'.join(EN_WEEKDAYS)})\b",
        "weekday",
        "on Wednesday",
        ((3, "weekday"),),
    ),
    Rule(
        "ordinal-digits",
        r"(?<![\d\p{Latin}])\d+(?:st|nd|rd|th)\b",
        "ordinal",
        "the 20th",
        ((20, "ordinal"),),
    ),
    Rule("number-sign", r"\bNo\.\s?\d+\b", "ordinal", "ranks No. 1 in the city", ((1, "ordinal"),)),
    Rule(
        "day-after-month",
        rf"(?<=\b{_ANY_MONTH}\s)\d{{1,2}}\b(?!,\d)",
        "day",
        "December 20, 2023",
        ((12, "month"), (20, "day"), (2023, "year")),
    ),
    Rule(
        "day-before-month",
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?=\s+(?:of\s+)?{_ANY_MONTH}\b)",
        "day",
        "on 20 December",
        ((20, "day"), (12, "month")),
    ),
    Rule(
        "digits-scale",
        rf"{_DIGITS}(?:\s+|-)?(?i:{_SC}|bn|tn|mln|mn)\b",
        "plain",
        "53.78 billion yuan",
        ((5.378e10, "plain"),),
    ),
    Rule("digits", _DIGITS, "plain", "76 enterprises", ((76, "plain"),)),
    Rule(
        "words-scale",
        rf"\b(?i:{_WN}(?:[\s-]+{_SC})+(?:(?:\s+and)?[\s-]+{_WN}(?:[\s-]+{_SC})*)*)\b(?!-)",
        "plain",
        "two hundred billion",
        ((2e11, "plain"),),
    ),
    Rule("ordinal-words", rf"\b(?i:{_ORD})\b", "ordinal", "ranks first", ((1, "ordinal"),)),
    Rule("words", rf"\b(?i:{_WN})\b", "plain", "four major clusters", ((4, "plain"),)),
    Rule(
        "bare-scale",
        rf"\b(?i:{_SC}(?:[\s-]+{_SC})*)\b(?!s)",
        "plain",
        "hundred-billion-yuan",
        ((1e11, "plain"),),
    ),
    Rule(
        "period-words",
        r"\b(?i:decade|century|millennium|dozen)\b",
        "plain",
        "in the past decade",
        ((10, "plain"),),
    ),
    Rule(
        "month",
        rf"\b{_MONTH}(?!\w)|\b(?:May|March)(?=\s+\d)|(?<=\d\s)(?:May|March)\b",
        "month",
        "in December",
        ((12, "month"),),
    ),
)

# Written after a number, these make it a percentage: (pattern, example).
PERCENT_SUFFIXES = {
    "zh": ((r"\s*[%％]", "30%"), (r"个?百分点", "3个百分点")),
    "en": (
        (r"\s*[%％]", "30%"),
        (r"(?:\s+|-)(?i:per\s?cent)\b", "30 percent"),
        (r"\s+(?i:percentage\s+points?)\b", "3 percentage points"),
    ),
}


# What a text must contain for a rule to have a chance, tested before the rule's
# pattern runs (the patterns are the slow part): DIGIT, characters (zh, any of them),
# or lower-case words (en, any of them as a token). Only a speed-up: results are equal.
DIGIT = "digit"
ZH_NEEDS = {
    "set-phrase": "".join({p[0] for p, *_ in ZH_SET_PHRASES}),
    "vague": "几数上成十千",
    "code": DIGIT,
    "fraction": ("分之", "一半", "半数"),
    "century": ("世纪",),
    "clock": "时点:：",
    "weekday": ("星期", "礼拜", "周"),
    "mixed": "万亿",
    "slogan": "一",
    "percent-words": "百",
    "tenths": "成",
    "ordinal": "第",
    "day-today": "今",
    "year": "年",
    "month": "月",
    "day": "日号",
    "digits": DIGIT,
    "numeral": ZH_NUMERAL_CHARS,
}
EN_WORDS = frozenset(EN_ONES + EN_TENS)
EN_NEEDS = {
    "code": DIGIT,
    "clock": DIGIT,
    "clock-words": frozenset(EN_CLOCK_WORDS),
    "decade": DIGIT,
    "money-scale": DIGIT,
    "currency-code": DIGIT,
    "fraction-words": frozenset(w for w, _ in EN_FRACTIONS),
    "quantity-words": frozenset(w for w, *_ in EN_QUANTITY_WORDS),
    "and-others": frozenset(("other", "others")),
    "weekday": frozenset(w.lower() for w in EN_WEEKDAYS),
    "ordinal-digits": DIGIT,
    "number-sign": DIGIT,
    "day-after-month": DIGIT,
    "day-before-month": DIGIT,
    "digits-scale": DIGIT,
    "digits": DIGIT,
    "words-scale": EN_WORDS,
    "ordinal-words": frozenset(EN_ORDINALS + EN_TENS_ORDINALS.split()),
    "words": EN_WORDS,
    "bare-scale": frozenset(EN_SCALES),
    "period-words": frozenset(EN_PERIODS),
    "month": frozenset(m.lower() for m in EN_MONTHS + list(EN_MONTH_ABBREVIATIONS)),
}

# The prefilter tables in rule order (tests compare them with the rules).
ZH_NEEDS = {r.name: ZH_NEEDS[r.name] for r in ZH_RULES}
EN_NEEDS = {r.name: EN_NEEDS[r.name] for r in EN_RULES}
