"""Rule tables the aligner's lexical matching uses: immutable data, an example per entry.

English side: function words ignored when matching, irregular verb and noun
forms mapped to the base form the dictionary glosses use, and suffix-stripping
rules. Chinese side: function words. (Numbers come from tmbrief.numbers.extract.)
Every table's rows are their own examples or carry one, and tests/test_align.py
has a test row per entry.
"""

from __future__ import annotations

# English function words: never lexical evidence (CC-CEDICT glosses are full of
# "to", "of", "a"; pronouns and auxiliaries occur in nearly every sentence).
EN_STOPWORDS = frozenset(
    """
    a an the and or but nor so yet if then than as at by for from in into of off on onto
    out over to up with without within about above across after against along among around
    before behind below beneath beside between beyond down during except inside near past
    since through throughout till toward towards under underneath until upon via
    i me my mine myself we us our ours ourselves you your yours yourself yourselves he him
    his himself she her hers herself it its itself they them their theirs themselves
    this that these those who whom whose which what whatever whoever whichever
    am is are was were be been being have has had having do does did done doing
    will would shall should can could may might must ought
    not no s t d ll m re ve also just very too only even still there here
    oneself one etc something someone anything anyone thing things sb sth
    classifier particle variant abbr used expression indicate indicating suffix prefix
    all any some such each every other own when where while then now though although
    because whether how yes
    """.split()
)

# Chinese function words and pronouns: a jieba token in this set is not counted.
ZH_STOPWORDS = frozenset(
    """
    的 地 得 了 着 过 吗 呢 吧 啊 呀 哦 嘛 么 之 乎 者 也 矣 焉 哉 兮 而 且 与 及 和 跟 同
    把 被 将 让 给 对 向 从 在 于 以 为 因 所 则 即 便 就 才 都 又 还 也 亦 并 或 是 有 个
    我 你 您 他 她 它 我们 你们 他们 她们 它们 咱 咱们 自己 这 那 这个 那个 这些 那些 这里 那里
    这样 那样 什么 怎么 一 不 没 没有 很 太 更 最 已 已经 曾 会 能 可 可以 要 上 下 中 里
    """.split()
)

# Irregular English forms -> the base form CC-CEDICT glosses use. Each row is
# (form, base); the row is its own example.
EN_IRREGULAR = (
    ("can't", "can"),
    ("won't", "will"),
    ("shan't", "shall"),
    ("said", "say"),
    ("says", "say"),
    ("told", "tell"),
    ("saw", "see"),
    ("seen", "see"),
    ("came", "come"),
    ("went", "go"),
    ("gone", "go"),
    ("took", "take"),
    ("taken", "take"),
    ("thought", "think"),
    ("knew", "know"),
    ("known", "know"),
    ("got", "get"),
    ("gotten", "get"),
    ("gave", "give"),
    ("given", "give"),
    ("made", "make"),
    ("found", "find"),
    ("felt", "feel"),
    ("left", "leave"),
    ("kept", "keep"),
    ("held", "hold"),
    ("stood", "stand"),
    ("sat", "sit"),
    ("ran", "run"),
    ("began", "begin"),
    ("begun", "begin"),
    ("brought", "bring"),
    ("bought", "buy"),
    ("caught", "catch"),
    ("taught", "teach"),
    ("fought", "fight"),
    ("sought", "seek"),
    ("heard", "hear"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("wrote", "write"),
    ("written", "write"),
    ("ate", "eat"),
    ("eaten", "eat"),
    ("drank", "drink"),
    ("drunk", "drink"),
    ("slept", "sleep"),
    ("woke", "wake"),
    ("rose", "rise"),
    ("risen", "rise"),
    ("fell", "fall"),
    ("fallen", "fall"),
    ("struck", "strike"),
    ("hit", "hit"),
    ("lain", "lie"),
    ("laid", "lay"),
    ("led", "lead"),
    ("met", "meet"),
    ("paid", "pay"),
    ("sent", "send"),
    ("spent", "spend"),
    ("built", "build"),
    ("lost", "lose"),
    ("meant", "mean"),
    ("sold", "sell"),
    ("stole", "steal"),
    ("stolen", "steal"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("wore", "wear"),
    ("worn", "wear"),
    ("won", "win"),
    ("understood", "understand"),
    ("became", "become"),
    ("forgot", "forget"),
    ("forgotten", "forget"),
    ("grew", "grow"),
    ("grown", "grow"),
    ("drew", "draw"),
    ("drawn", "draw"),
    ("flew", "fly"),
    ("hid", "hide"),
    ("hidden", "hide"),
    ("broke", "break"),
    ("broken", "break"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("rode", "ride"),
    ("ridden", "ride"),
    ("shook", "shake"),
    ("sang", "sing"),
    ("swam", "swim"),
    ("bit", "bite"),
    ("fed", "feed"),
    ("fled", "flee"),
    ("dug", "dig"),
    ("hung", "hang"),
    ("bound", "bind"),
    ("wept", "weep"),
    ("swept", "sweep"),
    ("crept", "creep"),
    ("men", "man"),
    ("women", "woman"),
    ("children", "child"),
    ("feet", "foot"),
    ("teeth", "tooth"),
    ("mice", "mouse"),
    ("people", "person"),
    ("better", "good"),
    ("best", "good"),
    ("worse", "bad"),
    ("worst", "bad"),
)

# Suffix rules, tried in order; the first whose suffix ends the word (leaving a
# stem of at least MIN_STEM letters) applies. Rows: (suffix, replacement,
# example word, the word's stem after this rule and the clean-up below).
MIN_STEM = 3
EN_SUFFIX_RULES = (
    ("ies", "y", "studies", "studi"),
    ("ied", "y", "studied", "studi"),
    ("ying", "y", "studying", "studi"),
    ("ingly", "", "willingly", "wil"),
    ("edly", "", "markedly", "mark"),
    ("ing", "", "walking", "walk"),
    ("ed", "", "walked", "walk"),
    ("ly", "", "quickly", "quick"),
    ("es", "", "boxes", "box"),
    ("s", "", "cats", "cat"),
)
# After a suffix rule: drop a final "e", undouble a final consonant and write a
# final "y" as "i", so that "like", "liked" and "liking" share one key, "stopped"
# meets "stop" and "study" meets "studies" (only equality of keys matters).
EN_CLEANUP_EXAMPLES = (
    ("liked", "lik"),
    ("like", "lik"),
    ("stopped", "stop"),
    ("running", "run"),
    ("study", "studi"),
    ("played", "plai"),
)
