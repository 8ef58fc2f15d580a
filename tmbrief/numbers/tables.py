"""Rule tables for the ways translators write numbers (issue 13), used by tmbrief.numbers.rules.

Each table is data with an example per row (tests/test_qa_standard.py runs every
example through :func:`tmbrief.numbers.extract.extract_numbers`): currency codes,
vague Chinese quantities, weekdays, quantity and fraction words, clock words,
scale letters, and the pattern of names that contain digits.
"""

from __future__ import annotations

# Currency codes written glued to the amount (RMB3,964.4 billion): (code, example).
CURRENCY_CODES = (
    ("RMB", "RMB3,964.4 billion"), ("USD", "USD500"), ("CNY", "CNY100"), ("EUR", "EUR20"),
    ("GBP", "GBP5m"), ("JPY", "JPY300"), ("HKD", "HKD1,000"), ("AUD", "AUD50"),
)  # fmt: skip
_CODES = "|".join(c for c, _ in CURRENCY_CODES)
# Digits: groups of three after commas or (thin, no-break) spaces, as translators write
# 24,801 and 42 600; a Latin letter glued before makes a code (G20), except a currency.
# Vague Chinese quantities are not numbers: 几十 "dozens", 数百 "hundreds of", 上千
# "over a thousand", 十几 "a dozen or so". (pattern piece, example)
ZH_VAGUE = (
    ("[几数上成][十百千万亿]+", "几十项活动"),
    ("十几", "十几年"),
    ("千百", "千百年来"),
)
# Weekdays: (Chinese prefix, English names from Monday).
ZH_WEEKDAY = r"(?:星期|礼拜|周)[一二三四五六日天](?![次年])"
EN_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
# English words that are quantities without a numeral: (word, value, example).
# Spelled, so never reported as extra; they let 两 match "both", 百年 "centenary".
EN_QUANTITY_WORDS = (
    ("both", 2.0, "both patients"),
    ("twice", 2.0, "twice a year"),
    ("pair", 2.0, "a pair"),
    ("single", 1.0, "a single case"),
    ("centenary", 100.0, "the centenary of the Party"),
    ("centennial", 100.0, "the centennial of the Party"),
    ("half", 0.5, "half of them"),
)
# English fractions: (denominator word, value of one part). "a third", "two-thirds".
EN_FRACTIONS = (
    ("half", 2),
    ("halves", 2),
    ("third", 3),
    ("thirds", 3),
    ("quarter", 4),
    ("quarters", 4),
    ("fifth", 5),
    ("fifths", 5),
    ("tenth", 10),
    ("tenths", 10),
)
_PARTS = "|".join(w for w, _ in EN_FRACTIONS)
# Clock times: hours and minutes compare modulo 12 (下午3点 = "3 pm" = "15:00").
EN_CLOCK_WORDS = {"midnight": 0.0, "noon": 0.0, "midday": 0.0}
# Scale letters after an amount: "1.5bn", "300k"; "m" only after a currency ("£5m";
# "a 5m wall" is metres).
EN_MONEY_SCALE = {"m": 1e6, "k": 1e3, "bn": 1e9}
_CURRENCY_BEFORE = r"(?<=[£$€¥]\s?)"
# A name containing digits is not a quantity: COVID-19, MH-370, 5G, 4K.
_CODE = (
    r"\p{Lu}(?<!\p{Latin}\p{Lu})\p{Latin}*-\d+(?:\.\d+)?(?![\d.])"
    r"|\d+\p{Lu}(?![\p{Latin}\d])"
    r"|[-－](?<=\p{Han}[-－])\d+(?![\d.])"
)
