"""Rule tables and settings of the briefing: immutable data, one example per entry.

Every table here is read by :mod:`tmbrief.brief.select` or :mod:`tmbrief.brief.facts`
and each entry has a test row in ``tests/test_brief.py``. The weights are chosen
a priori (see the README, "Briefings"), not fitted to any reference summary.
"""

from __future__ import annotations

from typing import NamedTuple

from tmbrief.core import rx


class Example(NamedTuple):
    """A rule table entry: the word or pattern, and a text it applies to."""

    value: str
    example: str


# Paragraph kinds whose sentences may enter the summary. Titles, standfirsts,
# headings and captions only restate or label the body (the standfirst of the seed
# repeats a body sentence word for word), so the summary is drawn from the body.
SUMMARY_KINDS = ("body",)

# Feature weights of a sentence's salience (they sum to 1). Lead position and
# centrality carry the most: news puts the gist first, and what the article keeps
# returning to is what it is about. Figures and names make a briefing useful;
# overlap with the headline ties the choice to what the editor chose to headline.
WEIGHTS = (
    ("lead", 0.25),
    ("centrality", 0.25),
    ("figures", 0.20),
    ("entities", 0.15),
    ("title", 0.15),
)

# Maximal marginal relevance (Carbonell & Goldstein 1998): salience against
# redundancy with the sentences already chosen. 0.7 is the usual news setting.
MMR_LAMBDA = 0.7

# Centrality and MMR are quadratic in the candidates: a document with more body
# passages than this (far beyond any news article) is shortlisted first by the
# linear features. 400 candidates are 80,000 similarities.
MAX_CANDIDATES = 400

# LexRank (Erkan & Radev 2004), continuous variant: damping and convergence.
DAMPING = 0.85
PAGERANK_ITERATIONS = 200
PAGERANK_TOLERANCE = 1e-12

# Form factors multiply a sentence's salience: (name, factor, example).
QUESTION_FACTOR = 0.3  # a question asks; the answer informs
FRAGMENT_FACTOR = 0.5  # a maxim or slogan of a few words carries no fact
# English words: sentences that state a fact run longer; shorter ones are maxims,
# transitions or slogans ("The business environment is the soil ...").
FRAGMENT_MAX_WORDS = 12
FORM_RULES = (
    (
        "question",
        QUESTION_FACTOR,
        "“How will Fuling make advanced materials, its leading industrial cluster, bigger and "
        "stronger?” a member of the audience asked.",
    ),
    (
        "fragment",
        FRAGMENT_FACTOR,
        "Attract one chain leader, and it will drive an entire industry.",
    ),
)
# A sentence that asks (or reports a question: “…？”现场观众提问) has a question mark.
QUESTION_MARK = rx.compile(r"[?？]")

# Chinese function words left out of the bag of words (single characters are left
# out anyway; these are the common two-character ones).
ZH_STOPWORDS = (
    Example("我们", "我们将继续推进"),
    Example("以及", "以及相关部门的负责人"),
    Example("其中", "其中国家单项冠军产品2个"),
    Example("通过", "通过延链成群"),
    Example("进行", "进行介绍"),
    Example("已经", "已经建成"),
    Example("目前", "截至目前"),
    Example("当前", "当前,涪陵正对标"),
    Example("同时", "同时涪陵产业基础雄厚"),
    Example("一个", "招引一个链主"),
    Example("表示", "夏涵表示"),
    Example("据了解", "据了解,通过延链成群"),
)

# jieba part-of-speech flags of proper names: person, place, organisation, other.
ENTITY_FLAGS = ("nr", "nrfg", "nrt", "ns", "nt", "nz")
# Glossary kinds that are named entities (the glossary's person, place, ... rows).
ENTITY_KINDS = ("person", "place", "organization", "programme")

# Verbs that attribute speech to the name before them: 刘忠表示, 傅云介绍了.
SPEECH_VERBS = (
    Example("表示", "夏涵表示,涪陵区将坚持"),
    Example("介绍", "傅云从四大方面介绍了涪陵的区位优势"),
    Example("说", "易先勇说"),
    Example("说道", "易先勇说道"),
    Example("指出", "刘忠指出"),
    Example("强调", "刘忠强调"),
    Example("认为", "傅云认为"),
    Example("称", "夏涵称"),
    Example("谈到", "刘忠谈到"),
    Example("回答", "刘忠回答道"),
    Example("提问", "记者王明提问"),
    Example("呼吁", "阮孟雄部长呼吁企业负起责任"),
    Example("透露", "负责人李强透露"),
    Example("坦言", "张伟坦言"),
    Example("告诉", "王芳告诉记者"),
)
# How far (characters) a speech verb may follow the name, within one sentence:
# 刘忠从四个方面对涪陵区发展先进材料主导产业集群作了清晰介绍 has 26 between.
SPEECH_WINDOW = 40
SENTENCE_END_ZH = "。！？!?"
# A quotation worth quoting: at least this many characters between the marks, so
# that names of events and slogans in quotation marks (“发言人来了”) are not quotes.
QUOTE_MIN_CHARS = 15
QUOTE = rx.compile(r"“[^”]+”|「[^」]+」|\"[^\"]+\"")

# Key figures: at most this many in the table (article order); money-sized values
# (at least 10,000) and percentages first, then counts written in digits, larger first.
MAX_FIGURES = 12
LARGE_VALUE = 1e4
FIGURE_KINDS = ("plain", "percent")
# A number in quotation marks is a name (“33618” system), not a quantity.
LABEL_BEFORE = '“"「‘'
LABEL_AFTER = '”"」’'
# Clause boundaries for a figure's context: a decimal point is not one, nor a comma
# between digits (1,000).
ZH_CLAUSE = rx.compile(r"(?<!\d)[,，]|[,，](?!\d)|[;；。!！?？:：、()（）“”\"]")
EN_CLAUSE = rx.compile(r"(?<!\d),|,(?!\d)|[;:!?()“”\"—]|\.(?=\s|$)")
CONTEXT_MAX_WORDS = 12
# The unit after an English figure, shown with it: "200-billion-yuan" -> 200 billion yuan.
FIGURE_UNITS = rx.compile(
    r"[-\s]?(?P<unit>(?:US\s)?dollars|yuan|RMB|euros?|pounds|yen|rupees|tonnes|tons|"
    r"kilometers|kilometres|km|meters|metres|square meters|hectares|mu|kilograms|kg|"
    r"percent|per cent)\b"
)
CONTEXT_MAX_CHARS = 24

# The English sentence ends a unit's target when it ends so; otherwise the next unit
# of the paragraph continues it, and both are quoted together.
SENTENCE_END_EN = rx.compile(r"[.!?…。！？][\"”’)\]]*\s*$")

# The roles of a byline, in the order a briefing lists them: (DocMeta field, label,
# the words before the names in the English byline, an English byline). The English
# is read only for names the glossary lacks.
_BYLINE = "Hualong Net (reporter Li Li, correspondent Wang Xiaoming, intern Chen Hongying)"
BYLINE_ROLES = (
    ("reporters", "Reporter", r"\breporters?\s+", _BYLINE),
    ("correspondents", "Correspondent", r"\bcorrespondents?\s+", _BYLINE),
    (
        "special_correspondents",
        "Special correspondent",
        r"\bspecial\s+correspondents?\s+",
        "Xinhua (special correspondent Wang Xiao)",
    ),
    ("interns", "Intern", r"\binterns?\s+", _BYLINE),
    ("photographers", "Photos", r"\bphotos?\s+by\s+|\bphotographers?\s+", "Photo by Sun Feng"),
    ("editors", "Editor", r"\beditors?\s*:?\s+", "Editor: Dong Xia"),
)
# A romanised name: one to three capitalised words (Li Li, Chen Hongying), several
# joined by commas or "and".
EN_NAME = r"\p{Lu}\p{Ll}+(?:[ -]\p{Lu}\p{Ll}+){0,2}"
EN_NAMES = rx.compile(rf"({EN_NAME}(?:(?:, | and ){EN_NAME})*)")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


# --- names ---------------------------------------------------------------------------


class Reading(NamedTuple):
    """A name part and its English: the Chinese, its reading, a name that has it."""

    value: str
    reading: str
    example: str


# Surnames whose reading as a name differs from the character's usual reading
# (pypinyin reads the common word: 单 dan, 曾 ceng, 解 jie, 区 qu).
SURNAME_READINGS = (
    Reading("单", "Shan", "单雄信"),
    Reading("曾", "Zeng", "曾国藩"),
    Reading("解", "Xie", "解振华"),
    Reading("区", "Ou", "区志航"),
    Reading("仇", "Qiu", "仇英"),
    Reading("查", "Zha", "查良镛"),
    Reading("朴", "Piao", "朴树"),
    Reading("盖", "Ge", "盖叫天"),
    Reading("乐", "Yue", "乐嘉"),
    Reading("缪", "Miao", "缪荃孙"),
    Reading("翟", "Zhai", "翟志刚"),
    Reading("覃", "Qin", "覃振"),
    Reading("种", "Chong", "种师道"),
    Reading("纪", "Ji", "纪晓岚"),
    Reading("秘", "Bi", "秘书华"),
    Reading("尉", "Yu", "尉缭"),
    Reading("员", "Yun", "员半千"),
    Reading("召", "Shao", "召忽"),
    Reading("宿", "Su", "宿华"),
    Reading("薄", "Bo", "薄一波"),
    Reading("繁", "Po", "繁钦"),
    Reading("长", "Chang", "长明"),
    Reading("沈", "Shen", "沈从文"),
    Reading("任", "Ren", "任正非"),
    Reading("华", "Hua", "华罗庚"),
    Reading("过", "Guo", "过常宝"),
    Reading("都", "Du", "都穆"),
    Reading("燕", "Yan", "燕妮"),
    Reading("葛", "Ge", "葛优"),
    Reading("柏", "Bai", "柏杨"),
    Reading("万", "Wan", "万钢"),
)
# Two-character surnames, romanised as one word (欧阳修 -> Ouyang Xiu).
COMPOUND_SURNAMES = (
    Reading("欧阳", "Ouyang", "欧阳修"),
    Reading("司马", "Sima", "司马迁"),
    Reading("诸葛", "Zhuge", "诸葛亮"),
    Reading("上官", "Shangguan", "上官婉儿"),
    Reading("东方", "Dongfang", "东方朔"),
    Reading("皇甫", "Huangfu", "皇甫谧"),
    Reading("尉迟", "Yuchi", "尉迟恭"),
    Reading("长孙", "Zhangsun", "长孙无忌"),
    Reading("令狐", "Linghu", "令狐冲"),
    Reading("慕容", "Murong", "慕容复"),
    Reading("司徒", "Situ", "司徒雷登"),
    Reading("夏侯", "Xiahou", "夏侯惇"),
    Reading("公孙", "Gongsun", "公孙胜"),
    Reading("端木", "Duanmu", "端木蕻良"),
    Reading("宇文", "Yuwen", "宇文泰"),
)
# Outlet and organisation endings and their English (the rest is romanised).
ORG_SUFFIXES = (
    Reading("日报", "Daily", "湖南日报"),
    Reading("晚报", "Evening News", "北京晚报"),
    Reading("晨报", "Morning Post", "北京晨报"),
    Reading("电视台", "TV", "湖南电视台"),
    Reading("广播电台", "Radio", "中央人民广播电台"),
    Reading("新闻网", "News Net", "中国新闻网"),
    Reading("中文网", "Chinese", "德国之声中文网"),
    Reading("网", "Net", "新华网"),
    Reading("社", "News Agency", "中新社"),
    Reading("报", "News", "南方周末报"),
)
# The commonest Chinese surnames: a span after a post that starts with one of these
# is read as a Chinese name (中国驻波黑大使季平 -> 季平) even when jieba does not tag it.
COMMON_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章"
    "鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉"
    "骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄"
    "丛仲虞敖巩明佘池查麻苑迟邝傅"
)


# --- speakers ------------------------------------------------------------------------

# Posts that stand right before (or, 范明正总理, right after) a name: a word ending so is
# a title, not part of the name. 中国驻波黑大使季平, 卫生部长凯莱什·贾古特帕尔.
POST_ENDINGS = (
    Example("主席", "波黑奥委会主席克韦西奇表示"),
    Example("总统", "伊朗总统莱希说"),
    Example("总理", "范明正总理强调"),
    Example("部长", "卫生部长昆比泽·奇蓬达说"),
    Example("局长", "卫生局副局长陈春明表示"),
    Example("厅长", "农业农村厅副厅长杨林介绍"),
    Example("主任", "中国儿童中心副主任李忠明介绍说"),
    Example("书记", "区委副书记刘忠表示"),
    Example("区长", "区政府区长刘忠表示"),
    Example("市长", "市长王明说"),
    Example("省长", "省长李强指出"),
    Example("县长", "县长张华说"),
    Example("委员", "常委委员王成指出"),
    Example("常委", "涪陵区委常委傅云介绍"),
    Example("执行官", "基金会首席执行官巴克利表示"),
    Example("大使", "中国驻波黑大使季平表示"),
    Example("发言人", "外交部发言人汪文斌说"),
    Example("负责人", "项目负责人王强介绍"),
    Example("院长", "医院院长张伟说"),
    Example("校长", "学校校长李明说"),
    Example("教授", "北京大学教授王林认为"),
    Example("研究员", "研究所研究员陈新称"),
    Example("专家", "卫生专家吴尊友表示"),
    Example("经理", "公司总经理刘洋说"),
    Example("董事长", "集团董事长王石表示"),
    Example("秘书长", "联合国秘书长古特雷斯说"),
    Example("会长", "协会会长赵亮说"),
    Example("组长", "协调组组长陈春明表示"),
    Example("队长", "队长周强说"),
    Example("参谋长", "后勤总局副主任兼参谋长阮雄胜说"),
    Example("主任委员", "主任委员王芳说"),
    Example("所长", "研究所所长李刚介绍"),
    Example("处长", "处长孙丽说"),
    Example("科长", "科长何平说"),
    Example("馆长", "博物馆馆长单霁翔介绍"),
    Example("记者", "本报记者王海说"),
    Example("代表", "人大代表李华说"),
    Example("策展人", "策展人田霏宇说"),
    Example("首相", "日本首相岸田文雄表示"),
    Example("外长", "俄罗斯外长拉夫罗夫说"),
    Example("议员", "国会议员史密斯称"),
    Example("创始人", "公司创始人雷军表示"),
    Example("总裁", "公司总裁李明表示"),
    Example("医生", "主治医生王丽说"),
)
# The English of a post ("Fu Yun, member of the Standing Committee ..."): a phrase
# after the name is taken as the post only with one of these words in it.
EN_POST = rx.compile(
    r"(?i)\b(?:minister|director|president|chair(?:man|woman|person)?|head|secretary|member|"
    r"spokes(?:man|woman|person)|chief|leader|governor|mayor|ambassador|professor|deputy|"
    r"CEO|officer|manager|commissioner|premier|curator|founder|researcher|expert|official|"
    r"general|commander|editor|reporter|representative|dean|principal|doctor)\b"
)
# Words of an English sentence that reports speech (for a speaker's reported words).
EN_SPEECH = rx.compile(
    r"(?i)\b(?:said|says|stated|noted|pointed out|stressed|emphasi[sz]ed|told|added|"
    r"according to|believes?|introduced|explained|called|asked|announced)\b"
)
# Words of a clause that make the name after them the one spoken to, not the
# speaker: 现场观众向区长刘忠提问 (the audience asks Liu Zhong).
ADDRESSEE_MARKERS = (
    Example("向", "现场观众向区长刘忠提问"),
    Example("对", "记者对刘忠说"),
    Example("问", "记者问刘忠"),
    Example("给", "他给刘忠介绍"),
    Example("请", "主持人请刘忠介绍"),
    Example("会见", "大使会见主席克韦西奇时说"),
    Example("陪同", "陪同刘忠的王明说"),
)
# A pronoun opening a clause before a speech verb: the speaker is the person last
# named in the paragraph (杨浩东……。他指出).
PRONOUNS = (
    Example("他", "杨浩东作宣讲。他指出，要结合起来学"),
    Example("她", "王芳出席。她表示"),
)
# A name longer than this (characters, ``·`` parts together) is no name.
NAME_MAX_CHARS = 12
# A Chinese name without ``·`` and without a jieba person tag has 2 or 3 characters.
PLAIN_NAME_CHARS = (2, 3)

# --- captions ------------------------------------------------------------------------

# A paragraph that labels a picture, whatever kind the cleaner gave it: it never
# enters the summary. (pattern over the Chinese, example)
CAPTION_ZH = (
    Example(
        r"^\s*[(（]?\s*(?:图为|图片为|上图|下图|左图|右图|资料图|图\s*[:：]|图片\s*[:：])",
        "图为活动现场。",
    ),
    Example(
        r"(?:摄|供图|新华社发|图片来源\s*[:：][^。]*|视觉中国|资料图片)\s*[)）]?\s*$",
        "图：相关场景（图片来源：视觉中国）",
    ),
    Example(r"^\s*资料图片\s*[:：]", "资料图片：会议现场。"),
)
# The same over the English, for a caption translated but not marked in Chinese.
CAPTION_EN = (
    Example(
        r"^\s*(?:Photo|Picture|Image|File photo)\s*(?:shows|taken|:|\b)", "Photo shows the scene."
    ),
    Example(r"\((?:Xinhua|Photo|Photo by|VCG|File)[^)]*\)\s*$", "The venue. (Xinhua/Li Hua)"),
)
