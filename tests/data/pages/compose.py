# ruff: noqa: E501  (the page templates are HTML lines as the sites print them)
"""Compose the page fixtures: real news paragraphs in the page furniture of Chinese news sites.

Run by hand (``python tests/data/pages/compose.py [path/to/wmt22-zh-en-news-dev.jsonl]``);
the files it writes are committed, so no test needs the bench data.

The article text is real: sentences of Chinese-original news from the WMT22 zh-en test set
(``../shared/bench/news/``), grouped into paragraphs here (the same breaks on both
sides). The page furniture around it is written from what each site prints on its
article pages: navigation, breadcrumbs, datelines and source lines, font-size and print
widgets, share and QR prompts, editor and correction lines, related-news blocks, app
prompts, copyright and licence lines. Each site has its own text scrape (what copying
the page or a simple scraper gives, blank lines and glued lines included) and its own
saved HTML page (some in GBK/GB18030, declared in ``<meta charset>``).

Writes, for each fixture ``<id>``: ``<id>.zh.txt``, ``<id>.zh.html``, ``<id>.en.txt``
(English paragraphs, one a line, the title first), and ``expected.json`` for all.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parents[3] / "shared" / "bench" / "news" / "wmt22-zh-en-news-dev.jsonl"
if not DEFAULT_SOURCE.exists():
    DEFAULT_SOURCE = Path("/work/shared/bench/news/wmt22-zh-en-news-dev.jsonl")

# fixture id -> (WMT document, paragraph groups of sentence indexes after the title,
#                split, date, time, reporters)
ARTICLES = {
    "xinhuanet-yangtze": (
        "xinhua-zh-01.103893",
        [[1, 2], [3, 4], [5, 6]],
        "dev",
    ),
    "people-abduction": (
        "xinhua-zh-01.104266",
        [
            [1],
            [2, 3],
            [4, 5],
            [6, 7, 8, 9],
            [10],
            [11, 12, 13],
            [14, 15],
            [16, 17, 18, 19],
            [20, 21],
            [22, 23, 24, 25, 26],
            [27, 28, 29],
        ],
        "dev",
    ),
    "cctv-greater-bay": (
        "xinhua-zh-01.103922",
        [[1], [2], [3, 4], [5]],
        "dev",
    ),
    "chinanews-ivy": (
        "xinhua-zh-01.103967",
        [[1], [2, 3], [4], [5, 6], [7, 8], [9], [10, 11]],
        "dev",
    ),
    "thepaper-omicron": (
        "xinhua-zh-01.104086",
        [[1], [2, 3, 4], [5, 6], [7, 8, 9], [10, 11]],
        "dev",
    ),
    "sina-qinghai-carp": (
        "xinhua-zh-01.103896",
        [[1], [2], [3, 4], [5, 6], [7], [8, 9]],
        "dev",
    ),
    "sohu-bosnia-olympics": (
        "xinhua-zh-01.103859",
        [[1], [2, 3], [4, 5, 6], [7, 8]],
        "dev",
    ),
    "hunan-yang-haodong": (
        "hunan_ribao-zh.7750",
        [[1], [2], [3], [4], [5]],
        "dev",
    ),
    "guangming-apprentice": (
        "xinhua-zh-01.104238",
        [[1], [2, 3], [4, 5], [6, 7], [8, 9]],
        "dev",
    ),
    "netease-starting-line": (
        "xinhua-zh-01.104255",
        [[1], [2, 3], [4], [5, 6], [7, 8], [9], [10], [11, 12, 13], [14, 15], [16]],
        "heldout",
    ),
    "yngov-public-posts": (
        "xinhua-zh-01.104104",
        [[1], [2], [3], [4, 5], [6]],
        "heldout",
    ),
    "rednet-talent-summit": (
        "hunan_ribao-zh.7749",
        [[1, 2], [3, 4, 5], [6, 7]],
        "heldout",
    ),
}

ZH_TITLE_SUFFIXES = ("-新华网", " - 新华网", " - 滚动新闻 - 湖南日报网 - 华声在线")
EN_TITLE_SUFFIXES = (
    " - Xinhuanet",
    " - Xinhua News",
    " - Rolling News - Hunan Daily Online - Huasheng Online",
)


def _strip_suffix(text: str, suffixes) -> str:
    for s in suffixes:
        if text.endswith(s):
            return text[: -len(s)]
    return text


def load(source: Path) -> dict[str, dict]:
    docs = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        docs[d["id"]] = d
    return docs


def article(doc: dict, groups: list[list[int]]) -> tuple[str, list[str], str, list[str]]:
    zh_title = _strip_suffix(doc["zh"][0], ZH_TITLE_SUFFIXES)
    en_title = _strip_suffix(doc["en"][0], EN_TITLE_SUFFIXES)
    zh = ["".join(doc["zh"][i] for i in g) for g in groups]
    en = [" ".join(doc["en"][i] for i in g) for g in groups]
    return zh_title, zh, en_title, en


def e(text: str) -> str:
    return html.escape(text, quote=False)


def ps(paragraphs, indent="  ", attrs="") -> str:
    return "\n".join(f"{indent}<p{attrs}>{e(p)}</p>" for p in paragraphs)


# --- the sites -------------------------------------------------------------------------
# Each returns (text scrape, html page, html encoding, metadata the page gives).


def xinhuanet(title, paras):
    meta = {
        "outlet": "新华网",
        "date": "2021-12-11",
        "time": "16:41:08",
        "editors": ["刘阳"],
        "reporters": ["王贤"],
    }
    text = "\n".join(
        [
            "新华网",
            "首页 | 时政 | 国际 | 财经 | 思客 | 图片 | 视频 | 国内 | 体育 | 健康 | 教育 | 科技",
            "客户端",
            "",
            title,
            "2021-12-11 16:41:08 来源: 新华网",
            "字号：大 中 小",
            "分享到：",
            "",
            *[x for p in paras for x in (p, "")],
            "【纠错】 责任编辑： 刘阳",
            "",
            "扫一扫，用手机看新闻！",
            "用微信扫描还可以",
            "分享至好友和朋友圈",
            "",
            "推荐阅读",
            "长江经济带生态环境保护取得明显成效",
            "交通运输部：推动长江航运高质量发展",
            "",
            "Copyright © 2000-2021 XINHUANET.com　All Rights Reserved.",
            "制作单位：新华网股份有限公司　版权所有：新华通讯社",
            "",
        ]
    )
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{e(title)}-新华网</title>
<meta name="keywords" content="长江,服务区">
<meta name="description" content="{e(title)}">
<meta name="publishdate" content="2021-12-11">
</head>
<body>
<div class="header">
 <div class="logo"><a href="http://www.news.cn/">新华网</a></div>
 <ul class="nav">
  <li><a href="/">首页</a></li><li><a href="/politics/">时政</a></li>
  <li><a href="/world/">国际</a></li><li><a href="/fortune/">财经</a></li>
  <li><a href="/sike/">思客</a></li><li><a href="/photo/">图片</a></li>
  <li><a href="/video/">视频</a></li><li><a href="/local/">国内</a></li>
  <li><a href="/sports/">体育</a></li><li><a href="/health/">健康</a></li>
 </ul>
 <a class="app" href="/app/">客户端</a>
</div>
<div class="header-cont">
 <div class="h-title">{e(title)}</div>
 <div class="h-info">
  <span class="h-time">2021-12-11 16:41:08</span>
  <span>来源: 新华网</span>
 </div>
 <div class="fontSize">字号：<a>大</a> <a>中</a> <a>小</a></div>
 <div class="share">分享到：<a>微信</a><a>微博</a><a>QQ空间</a></div>
</div>
<div class="main">
 <div id="detail">
{ps(paras)}
 </div>
 <div class="p-jc"><a>【纠错】</a></div>
 <div class="editor">责任编辑： 刘阳</div>
 <div class="ewm">
  <img src="qr.png" alt="">
  <p>扫一扫，用手机看新闻！</p>
  <p>用微信扫描还可以</p><p>分享至好友和朋友圈</p>
 </div>
 <div class="tjyd">
  <h3>推荐阅读</h3>
  <ul>
   <li><a href="/a1.htm">长江经济带生态环境保护取得明显成效</a></li>
   <li><a href="/a2.htm">交通运输部：推动长江航运高质量发展</a></li>
  </ul>
 </div>
</div>
<div class="foot">
 <p>Copyright © 2000-2021 XINHUANET.com　All Rights Reserved.</p>
 <p>制作单位：新华网股份有限公司　版权所有：新华通讯社</p>
</div>
</body>
</html>
"""
    return text, page, "utf-8", meta


def people(title, paras):
    meta = {
        "outlet": "新华网",
        "date": "2016-05-20",
        "time": "08:23",
        "editors": ["张婷婷", "熊旭"],
    }
    text = "\n".join(
        [
            "人民网首页|频道首页|网站地图",
            "人民网>>教育>>滚动",
            "",
            title,
            "2016年05月20日08:23  来源：新华网",
            "分享到：",
            "",
            *[x for p in paras for x in ("　　" + p, "")],
            "(责编：张婷婷、熊旭)",
            "",
            "分享让更多人看到",
            "推荐阅读",
            "教育部：严禁以任何形式公布高考状元",
            "公安部“团圆”系统上线 已找回十余名失踪儿童",
            "热门排行",
            "返回顶部",
            "",
            "人 民 网 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用",
            "Copyright © 1997-2016 by www.people.com.cn. all rights reserved",
            "",
        ]
    )
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="content-type" content="text/html;charset=GB2312"/>
<title>{e(title)}--教育--人民网 </title>
<meta name="publishdate" content="2016-05-20" />
<meta name="source" content="来源：新华网" />
</head>
<body>
<div class="top"><a href="http://www.people.com.cn/">人民网首页</a>|<a href="/">频道首页</a>|<a href="/map.html">网站地图</a></div>
<div class="clearfix w1000_320 text_title">
 <div class="fl"><a href="http://www.people.com.cn/">人民网</a>&gt;&gt;<a href="http://edu.people.com.cn/">教育</a>&gt;&gt;<a href="/GB/204387/">滚动</a></div>
 <h1>{e(title)}</h1>
 <div class="box01">
  <div class="fl">2016年05月20日08:23&nbsp;&nbsp;来源：<a href="http://www.xinhuanet.com/">新华网</a></div>
  <div class="fr">分享到：</div>
 </div>
</div>
<div class="clearfix w1000_320 text_con">
 <div class="fl text_con_left">
  <div class="box_con">
{ps(paras, indent="   ")}
  </div>
  <div class="edit clearfix">(责编：张婷婷、熊旭)</div>
  <div class="box_share">分享让更多人看到</div>
 </div>
 <div class="fr">
  <h2>推荐阅读</h2>
  <ul><li><a href="/n1/2016/0519/c1053-1.html">教育部：严禁以任何形式公布高考状元</a></li>
  <li><a href="/n1/2016/0519/c1053-2.html">公安部“团圆”系统上线 已找回十余名失踪儿童</a></li></ul>
  <h2>热门排行</h2>
 </div>
</div>
<div class="gotop">返回顶部</div>
<div class="copyright">人 民 网 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用<br />Copyright &copy; 1997-2016 by www.people.com.cn. all rights reserved</div>
</body>
</html>
"""
    return text, page, "gb18030", meta


def cctv(title, paras):
    meta = {"outlet": "新华社", "date": "2021-12-11", "time": "21:27", "editors": ["唐煜", "刘亮"]}
    text = "\n".join(
        [
            "央视网 | 首页 | 新闻 | 体育 | 综艺 | 文艺 | 纪录 | 影视 | 少儿 | 熊猫 | 直播",
            "登录",
            "首页 > 新闻频道 > 正文",
            title,
            "来源：新华社 | 2021年12月11日 21:27",
            "打开“央视新闻”客户端",
            "分享到：",
            "",
            *paras,
            "",
            "编辑：唐煜 责任编辑：刘亮",
            "",
            "相关新闻",
            "习近平向2021年大湾区科学论坛致贺信",
            "2021年大湾区科学论坛在广州开幕",
            "",
            "热点推荐",
            "央视网 版权所有 Copyright © 1996-2021 China Central Television. All Rights Reserved",
            "京ICP证060535号 京公网安备11000002000017号",
            "",
        ]
    )
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{e(title)}_新闻频道_央视网(cctv.com)</title>
<meta name="contentid" content="ARTI1639229228541134">
<meta name="spm-id" content="C94212.P4YnMod9m2uD">
</head>
<body>
<div class="nav_wrap">
 <a class="logo" href="https://www.cctv.com/">央视网</a>
 <ul><li><a href="https://www.cctv.com/">首页</a></li><li><a href="https://news.cctv.com/">新闻</a></li>
 <li><a href="https://sports.cctv.com/">体育</a></li><li><a href="https://tv.cctv.com/">综艺</a></li>
 <li><a href="https://arts.cctv.com/">文艺</a></li><li><a href="https://jishi.cctv.com/">纪录</a></li>
 <li><a href="https://tv.cctv.com/yxg/">影视</a></li><li><a href="https://kids.cctv.com/">少儿</a></li>
 <li><a href="https://www.ipanda.com/">熊猫</a></li><li><a href="https://tv.cctv.com/live/">直播</a></li></ul>
 <a class="login">登录</a>
</div>
<div class="column_wrapper">
 <div class="crumbs"><a href="https://www.cctv.com/">首页</a> &gt; <a href="https://news.cctv.com/">新闻频道</a> &gt; 正文</div>
 <div class="title_area">
  <h1>{e(title)}</h1>
  <div class="info1">来源：新华社 | 2021年12月11日 21:27</div>
  <div class="app">打开“央视新闻”客户端</div>
  <div class="fx">分享到：</div>
 </div>
 <div class="content_area" id="content_area">
{ps(paras, attrs=' style="text-indent: 2em;"')}
 </div>
 <div class="zebian"><span>编辑：唐煜</span> <span>责任编辑：刘亮</span></div>
 <div class="xgxw">
  <h3>相关新闻</h3>
  <ul><li><a href="/2021/12/11/a.shtml">习近平向2021年大湾区科学论坛致贺信</a></li>
  <li><a href="/2021/12/11/b.shtml">2021年大湾区科学论坛在广州开幕</a></li></ul>
 </div>
 <div class="rdtj"><h3>热点推荐</h3></div>
</div>
<div class="footer">
 <p>央视网 版权所有 Copyright © 1996-2021 China Central Television. All Rights Reserved</p>
 <p>京ICP证060535号 京公网安备11000002000017号</p>
</div>
</body>
</html>
"""
    return text, page, "utf-8", meta


def chinanews(title, paras):
    meta = {
        "outlet": "新华网",
        "date": "2016-05-24",
        "time": "09:47",
        "editors": ["黄钰涵"],
        "reporters": ["徐剑梅"],
    }
    text = "\n".join(
        [
            "首页 | 新闻 | 财经 | 视频 | 图片 | 华人 | 港澳 | 台湾 | 国际 | 社会",
            "您当前的位置 ：首页 → 国际新闻",
            "",
            title,
            "2016年05月24日 09:47 来源：新华网 参与互动",
            "",
            *paras,
            "　　【编辑:黄钰涵】",
            "",
            "更多精彩内容请进入国际新闻频道",
            "关于我们 | About us | 联系我们 | 广告服务 | 供稿服务 | 法律声明 | 招聘信息 | 网站地图",
            "【本网站所刊载信息，不代表中新社和中新网观点。 刊用本网站稿件，务经书面授权。】",
            "未经授权禁止转载、摘编、复制及建立镜像，违者将依法追究法律责任。",
            "[网上传播视听节目许可证（0106168)] [京ICP证040655号] [京公网安备：110102003042-1]",
            "Copyright ©1999-2016 chinanews.com. All Rights Reserved",
            "",
        ]
    )
    body = "\n".join(f"<p>　　{e(p)}</p>" for p in paras)
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{e(title)}-中新网</title>
<meta name="keywords" content="亚裔,常春藤,招生" />
</head>
<body>
<div id="nav"><a href="/">首页</a> | <a href="/scroll-news/news1.html">新闻</a> | <a href="/finance/">财经</a> | <a href="/shipin/">视频</a> | <a href="/tp/">图片</a> | <a href="/huaren/">华人</a> | <a href="/gangao/">港澳</a> | <a href="/taiwan/">台湾</a> | <a href="/world/">国际</a> | <a href="/society/">社会</a></div>
<div id="BodyLabel">您当前的位置 ：<a href="/">首页</a> → <a href="/world/">国际新闻</a></div>
<div class="content">
 <div id="cont_1_1_2">
  <h1 style="display:block; margin:0 auto;">{e(title)}</h1>
  <div class="left-time"><div class="left-t">2016年05月24日 09:47 来源：新华网 <a href="#pl">参与互动</a></div></div>
  <div class="left_zw" style="position:relative">
{body}
  </div>
  <div class="left_name"><div class="left_name">　　【编辑:黄钰涵】</div></div>
 </div>
 <div class="more">更多精彩内容请进入<a href="/world/">国际新闻</a>频道</div>
</div>
<div id="bottom">
 <div class="bottom_link"><a>关于我们</a> | <a>About us</a> | <a>联系我们</a> | <a>广告服务</a> | <a>供稿服务</a> | <a>法律声明</a> | <a>招聘信息</a> | <a>网站地图</a></div>
 <p>【本网站所刊载信息，不代表中新社和中新网观点。 刊用本网站稿件，务经书面授权。】</p>
 <p>未经授权禁止转载、摘编、复制及建立镜像，违者将依法追究法律责任。</p>
 <p>[网上传播视听节目许可证（0106168)] [京ICP证040655号] [京公网安备：110102003042-1]</p>
 <p>Copyright ©1999-2016 chinanews.com. All Rights Reserved</p>
</div>
</body>
</html>
"""
    return text, page, "gb18030", meta


def thepaper(title, paras):
    meta = {"outlet": "新华社", "date": "2021-12-12", "time": "10:43", "editors": ["李跃群"]}
    text = "\n".join(
        [
            "澎湃新闻",
            "要闻 深度 视频 财经 思想 生活 问吧",
            "下载客户端",
            "登录",
            "",
            title,
            "",
            "来源：新华社",
            "2021-12-12 10:43",
            "字号",
            "",
            *[x for p in paras for x in (p, "")],
            "责任编辑：李跃群　图片编辑：蒋立冬",
            "校对：施鋆",
            "澎湃新闻报料：021-962866",
            "澎湃新闻，未经授权不得转载",
            "+1",
            "收藏",
            "我要举报",
            "#奥密克戎",
            "查看更多",
            "扫码下载澎湃新闻客户端",
            "沪ICP备14003370号",
            "沪公网安备31010602000299号",
            "互联网新闻信息服务许可证：31120170006",
            "增值电信业务经营许可证：沪B2-2017116",
            "© 2014-2021 上海东方报业有限公司",
            "",
        ]
    )
    page = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charSet="utf-8"/>
<title>{e(title)}_澎湃号·政务_澎湃新闻-The Paper</title>
<meta name="Keywords" content="奥密克戎"/>
<meta property="og:title" content="{e(title)}"/>
</head><body>
<div id="__next"><header class="header_top"><a class="logo">澎湃新闻</a>
<nav><a>要闻</a> <a>深度</a> <a>视频</a> <a>财经</a> <a>思想</a> <a>生活</a> <a>问吧</a></nav>
<a class="download">下载客户端</a><a class="login">登录</a></header>
<main><div class="index_wrapper">
<h1 class="index_title">{e(title)}</h1>
<div class="index_left"><div class="ant-space"><span>来源：新华社</span></div>
<div class="ant-space"><span>2021-12-12 10:43</span></div></div>
<div class="index_fontsize">字号</div>
<div class="index_cententWrap">
{ps(paras, indent="")}
</div>
<div class="index_editor"><p>责任编辑：李跃群　图片编辑：蒋立冬</p><p>校对：施鋆</p></div>
<div class="index_baoliao">澎湃新闻报料：021-962866</div>
<div class="index_copyright">澎湃新闻，未经授权不得转载</div>
<div class="index_praise"><span>+1</span><span>收藏</span><span>我要举报</span></div>
<div class="index_tags"><a>#奥密克戎</a></div>
<a class="more">查看更多</a>
</div></main>
<footer><p>扫码下载澎湃新闻客户端</p><p>沪ICP备14003370号</p><p>沪公网安备31010602000299号</p>
<p>互联网新闻信息服务许可证：31120170006</p><p>增值电信业务经营许可证：沪B2-2017116</p>
<p>© 2014-2021 上海东方报业有限公司</p></footer></div>
</body></html>
"""
    return text, page, "utf-8", meta


def sina(title, paras):
    meta = {
        "outlet": "新华网",
        "date": "2021-12-11",
        "time": "15:19",
        "editors": ["张玉"],
        "reporters": ["骆晓飞", "张宏祥"],
    }
    text = "\n".join(
        [
            "新浪首页 新闻 体育 财经 娱乐 科技 博客 图片 专栏 更多",
            "移动客户端",
            "新闻中心 > 国内新闻 > 正文",
            title,
            "2021年12月11日 15:19 新华网",
            "微博 微信 更多",
            "新浪新闻客户端",
            "打开APP",
            "",
            *paras,
            "",
            "责任编辑：张玉 SN240",
            "",
            "新浪新闻公众号",
            "更多猛料！欢迎扫描左方二维码关注新浪新闻官方微信（xinlang-xinwen）",
            "",
            "分享到：",
            "",
            "相关新闻",
            "加载中",
            "点击加载更多",
            "热门推荐",
            "收起",
            "新浪新闻意见反馈留言板　电话：4006900000 提示音后按1键（按当地市话标准计费）　欢迎批评指正",
            "新浪简介 | About Sina | 广告服务 | 联系我们 | 招聘信息 | 网站律师 | SINA English | 产品答疑",
            "Copyright © 1996-2021 SINA Corporation",
            "All Rights Reserved 新浪公司 版权所有",
            "",
        ]
    )
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8"/>
<title>{e(title)}|青海湖|裸鲤_新浪新闻</title>
<meta property="article:published_time" content="2021-12-11T15:19:00+08:00" />
<meta property="article:author" content="新华网" />
<meta name="mediaid" content="新华网" />
</head>
<body>
<div class="top-nav"><a>新浪首页</a> <a>新闻</a> <a>体育</a> <a>财经</a> <a>娱乐</a> <a>科技</a> <a>博客</a> <a>图片</a> <a>专栏</a> <a>更多</a> <a>移动客户端</a></div>
<div class="channel-path"><a>新闻中心</a> &gt; <a>国内新闻</a> &gt; <span>正文</span></div>
<h1 class="main-title">{e(title)}</h1>
<div class="top-bar-wrap">
 <div class="date-source"><span class="date">2021年12月11日 15:19</span> <a class="source" href="http://www.news.cn/">新华网</a></div>
 <div class="share">微博 微信 更多</div>
 <div class="app-kxb">新浪新闻客户端</div><div class="app-open">打开APP</div>
</div>
<div class="article" id="article">
{ps(paras, attrs=' cms-style="font-L"')}
 <p class="show_author">责任编辑：张玉 SN240</p>
</div>
<div class="article-bottom">
 <div class="wx-qr"><p>新浪新闻公众号</p><p>更多猛料！欢迎扫描左方二维码关注新浪新闻官方微信（xinlang-xinwen）</p></div>
 <div class="bshare">分享到：</div>
</div>
<div class="feed-card"><h2>相关新闻</h2><p>加载中</p><a>点击加载更多</a></div>
<div class="hot"><h2>热门推荐</h2><a>收起</a></div>
<div class="footer">
 <p>新浪新闻意见反馈留言板　电话：4006900000 提示音后按1键（按当地市话标准计费）　欢迎批评指正</p>
 <p><a>新浪简介</a> | <a>About Sina</a> | <a>广告服务</a> | <a>联系我们</a> | <a>招聘信息</a> | <a>网站律师</a> | <a>SINA English</a> | <a>产品答疑</a></p>
 <p>Copyright © 1996-2021 SINA Corporation</p><p>All Rights Reserved 新浪公司 版权所有</p>
</div>
</body>
</html>
"""
    return text, page, "utf-8", meta


def sohu(title, paras):
    meta = {"outlet": "新华网", "date": "2021-12-11", "time": "15:40", "editors": []}
    # A scrape where the page printed the article twice (the mobile and the
    # desktop body) and glued the publication line to the source.
    body = "\n".join(paras)
    text = "\n".join(
        [
            "搜狐首页 新闻 体育 汽车 房产 旅游 教育 时尚 科技 财经 娱乐 更多",
            "",
            title,
            "2021-12-11 15:40来源: 新华网",
            "原标题：" + title,
            body,
            "返回搜狐，查看更多",
            "",
            "平台声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。",
            "阅读 (1203)",
            "",
            title,
            body,
            "",
            "推荐阅读",
            "北京冬奥会倒计时50天 一起向未来",
            "搜狐 | 我要发布 | 意见反馈 | 不良信息举报 | 用户协议",
            "Copyright © 2021 Sohu All Rights Reserved. 搜狐公司 版权所有",
            "",
        ]
    )
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="UTF-8">
<title>{e(title)}_新华网</title>
<meta property="og:type" content="news"/>
<meta property="og:title" content="{e(title)}"/>
<meta itemprop="datePublished" content="2021-12-11 15:40"/>
<meta name="mediaid" content="新华网"/>
</head>
<body>
<div class="head-nav"><a>搜狐首页</a> <a>新闻</a> <a>体育</a> <a>汽车</a> <a>房产</a> <a>旅游</a> <a>教育</a> <a>时尚</a> <a>科技</a> <a>财经</a> <a>娱乐</a> <a>更多</a></div>
<div class="article-page">
 <div class="text-title"><h1>{e(title)}</h1>
  <div class="article-info"><span class="time" id="news-time">2021-12-11 15:40</span><span>来源: <a>新华网</a></span></div>
 </div>
 <article class="article" id="mp-editor">
  <p>原标题：{e(title)}</p>
{ps(paras, indent="  ")}
  <a href="//www.sohu.com/?strategyid=00001" id="backsohucom">返回搜狐，查看更多</a>
 </article>
 <div class="statement">平台声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。</div>
 <div class="read-num">阅读 (1203)</div>
</div>
<div class="recommend"><h3>推荐阅读</h3><ul><li><a>北京冬奥会倒计时50天 一起向未来</a></li></ul></div>
<div class="footer"><a>搜狐</a> | <a>我要发布</a> | <a>意见反馈</a> | <a>不良信息举报</a> | <a>用户协议</a>
<p>Copyright © 2021 Sohu All Rights Reserved. 搜狐公司 版权所有</p></div>
</body>
</html>
"""
    return text, page, "utf-8", meta


def hunan(title, paras):
    # The page prints the subtitle (paras[0]) under the headline.
    meta = {
        "outlet": "湖南日报",
        "date": "2021-12-10",
        "time": "21:49:17",
        "editors": ["王晗"],
        "reporters": ["龚柏威"],
    }
    text = "\n".join(
        [
            "华声在线首页 | 湖南日报网 | 湖南频道 | 新闻 | 评论 | 视频 | 专题",
            "您的位置：首页 > 湖南日报网 > 滚动新闻",
            "",
            title,
            *paras[:1],
            "来源：湖南日报 作者：龚柏威 编辑：王晗 2021-12-10 21:49:17",
            "时间：2021-12-10 21:49:17",
            "【字体：大 中 小】",
            "",
            *paras[1:],
            "",
            "[责任编辑：王晗]",
            "打印本页  关闭窗口",
            "相关稿件",
            "湖南日报社版权所有 未经授权禁止复制或建立镜像",
            "湘ICP备05002128号　互联网新闻信息服务许可证：43120170001",
            "",
        ]
    )
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk" />
<title>{e(title)} - 滚动新闻 - 湖南日报网 - 华声在线</title>
</head>
<body>
<div class="topnav"><a>华声在线首页</a> | <a>湖南日报网</a> | <a>湖南频道</a> | <a>新闻</a> | <a>评论</a> | <a>视频</a> | <a>专题</a></div>
<div class="crumb">您的位置：<a>首页</a> &gt; <a>湖南日报网</a> &gt; <a>滚动新闻</a></div>
<div class="main">
 <h1>{e(title)}</h1>
 <h2 class="subtitle">{e(paras[0])}</h2>
 <div class="info">来源：湖南日报 作者：龚柏威 编辑：王晗 2021-12-10 21:49:17</div>
 <div class="time">时间：2021-12-10 21:49:17</div>
 <div class="fontsize">【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
 <div class="content" id="content">
{ps(paras[1:])}
 </div>
 <div class="editor">[责任编辑：王晗]</div>
 <div class="tools"><a>打印本页</a>  <a>关闭窗口</a></div>
 <div class="related"><h3>相关稿件</h3></div>
</div>
<div class="footer"><p>湖南日报社版权所有 未经授权禁止复制或建立镜像</p>
<p>湘ICP备05002128号　互联网新闻信息服务许可证：43120170001</p></div>
</body>
</html>
"""
    return text, page, "gb18030", meta


def guangming(title, paras):
    meta = {"outlet": "新华网", "date": "2016-04-27", "time": "08:35", "editors": ["刘梦"]}
    # Hard-wrapped body (a scrape of the print view), a glued dateline.
    wrapped = []
    for p in paras:
        for i in range(0, len(p), 40):
            wrapped.append(p[i : i + 40])
        wrapped.append("")
    text = "\n".join(
        [
            "光明网首页 | 时政 | 国际 | 军事 | 教育 | 文化 | 理论 | 光明日报",
            "首页>教育频道>",
            "",
            title,
            "2016-04-27 08:35来源：新华网",
            "【字号 大 中 小】 打印本页 关闭窗口",
            "",
            *wrapped,
            "[责任编辑:刘梦]",
            "",
            "光明网版权所有",
            "",
        ]
    )
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{e(title)}_光明网</title>
<meta name="publishdate" content="2016-04-27">
<meta name="source" content="新华网">
</head>
<body>
<div class="g-header"><a>光明网首页</a> | <a>时政</a> | <a>国际</a> | <a>军事</a> | <a>教育</a> | <a>文化</a> | <a>理论</a> | <a>光明日报</a></div>
<div class="m-breadcrumb"><a>首页</a>&gt;<a>教育频道</a>&gt;</div>
<div class="u-title"><h1>{e(title)}</h1></div>
<div class="m-con-info"><span class="m-con-time">2016-04-27 08:35</span><span class="m-con-source">来源：<a>新华网</a></span></div>
<div class="m-tool">【字号 <a>大</a> <a>中</a> <a>小</a>】 <a>打印本页</a> <a>关闭窗口</a></div>
<div class="u-mainText">
{ps(paras)}
</div>
<div class="m-editor">[责任编辑:刘梦]</div>
<div class="g-footer"><p>光明网版权所有</p></div>
</body>
</html>
"""
    return text, page, "utf-8", meta


def netease(title, paras):
    meta = {"outlet": "新华网", "date": "2016-05-30", "time": "08:50:27", "editors": ["钟齐鸣"]}
    text = "\n".join(
        [
            "网易首页 > 新闻中心 > 新闻 > 正文",
            "",
            title,
            "2016-05-30 08:50:27　来源: 新华网举报",
            "0",
            "分享至",
            "",
            *[x for p in paras for x in ("　　" + p, "")],
            "本文来源：新华网 责任编辑：钟齐鸣_NBJ11279",
            "",
            "打开网易新闻 查看精彩图片",
            "跟贴 0 参与 0",
            "发贴",
            "网友评论仅供其表达个人看法，并不表明网易立场。",
            "热点新闻",
            "阅读下一篇",
            "返回网易首页 下载网易新闻客户端",
            "©1997-2016 网易公司版权所有 About NetEase | 公司简介 | 联系方法 | 招聘信息 | 客户服务 | 隐私政策",
            "",
        ]
    )
    page = f"""<!DOCTYPE HTML>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk" />
<title>{e(title)}_网易新闻</title>
<meta property="article:published_time" content="2016-05-30T08:50:27+08:00" />
</head>
<body>
<div class="N-nav-channel"><a>网易首页</a> &gt; <a>新闻中心</a> &gt; <a>新闻</a> &gt; <span>正文</span></div>
<div class="post_content_main" id="epContentLeft">
 <h1>{e(title)}</h1>
 <div class="post_time_source">2016-05-30 08:50:27　来源: <a id="ne_article_source">新华网</a><a class="post_jubao">举报</a></div>
 <div class="post_comment_tiecount"><a>0</a></div>
 <div class="post_share">分享至</div>
 <div class="post_text" id="endText">
{ps(paras, attrs="", indent="  ")}
  <div class="ep-source cDGray"><span class="left">本文来源：新华网</span> <span class="ep-editor">责任编辑：钟齐鸣_NBJ11279</span></div>
 </div>
 <div class="post_next"><p>打开网易新闻 查看精彩图片</p></div>
 <div class="tie-area"><span>跟贴 0 参与 0</span><a>发贴</a><p>网友评论仅供其表达个人看法，并不表明网易立场。</p></div>
</div>
<div class="post_side"><h2>热点新闻</h2></div>
<div class="post_recommend"><h3>阅读下一篇</h3></div>
<div class="N-nav-bottom"><a>返回网易首页</a> <a>下载网易新闻客户端</a></div>
<div class="footer">©1997-2016 网易公司版权所有 <a>About NetEase</a> | <a>公司简介</a> | <a>联系方法</a> | <a>招聘信息</a> | <a>客户服务</a> | <a>隐私政策</a></div>
</body>
</html>
"""
    return text, page, "gb18030", meta


def yngov(title, paras):
    meta = {
        "outlet": "新华网",
        "date": "2021-12-13",
        "time": "09:15",
        "editors": ["李婧"],
        "reporters": ["林碧锋"],
    }
    text = "\n".join(
        [
            "云南省人民政府门户网站",
            "无障碍 | 长者模式 | 繁体 | English",
            "首页 政务公开 政务服务 互动交流 走进云南 专题专栏",
            "您现在的位置：首页 > 新闻中心 > 云南要闻",
            "",
            title,
            "发布时间：2021-12-13 09:15    信息来源：新华网",
            "【字体：大 中 小】【打印此页】【关闭窗口】",
            "",
            *paras,
            "",
            "编辑：李婧",
            "分享到：",
            "相关文章",
            "云南省乡村公益性岗位开发管理办法（试行）",
            "网站地图 | 联系我们 | 使用帮助 | 隐私声明",
            "主办：云南省人民政府办公厅  承办：云南省人民政府发展研究中心",
            "网站标识码：5300000036　滇ICP备05002137号　滇公网安备 53010202000221号",
            "政府网站找错",
            "",
        ]
    )
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="SiteName" content="云南省人民政府门户网站">
<meta name="SiteDomain" content="www.yn.gov.cn">
<meta name="ColumnName" content="云南要闻">
<meta name="ArticleTitle" content="{e(title)}">
<meta name="PubDate" content="2021-12-13 09:15">
<meta name="ContentSource" content="新华网">
<title>{e(title)}_云南省人民政府门户网站</title>
</head>
<body>
<div class="top"><span>云南省人民政府门户网站</span><div class="tool"><a>无障碍</a> | <a>长者模式</a> | <a>繁体</a> | <a>English</a></div></div>
<div class="nav"><a>首页</a> <a>政务公开</a> <a>政务服务</a> <a>互动交流</a> <a>走进云南</a> <a>专题专栏</a></div>
<div class="position">您现在的位置：<a>首页</a> &gt; <a>新闻中心</a> &gt; <a>云南要闻</a></div>
<div class="arti">
 <div class="arti_title">{e(title)}</div>
 <div class="arti_info">发布时间：2021-12-13 09:15    信息来源：新华网</div>
 <div class="arti_tool">【字体：<a>大</a> <a>中</a> <a>小</a>】【<a>打印此页</a>】【<a>关闭窗口</a>】</div>
 <div class="arti_con TRS_Editor">
{ps(paras, attrs=' style="text-indent:2em"')}
 </div>
 <div class="arti_editor">编辑：李婧</div>
 <div class="share">分享到：</div>
 <div class="xgwz"><h4>相关文章</h4><ul><li><a>云南省乡村公益性岗位开发管理办法（试行）</a></li></ul></div>
</div>
<div class="foot"><p><a>网站地图</a> | <a>联系我们</a> | <a>使用帮助</a> | <a>隐私声明</a></p>
<p>主办：云南省人民政府办公厅  承办：云南省人民政府发展研究中心</p>
<p>网站标识码：5300000036　滇ICP备05002137号　滇公网安备 53010202000221号</p>
<p>政府网站找错</p></div>
</body>
</html>
"""
    return text, page, "utf-8", meta


def rednet(title, paras):
    meta = {
        "outlet": "湖南日报",
        "date": "2021-12-10",
        "time": "07:52:08",
        "editors": ["易蓉"],
        "reporters": ["周帙恒"],
    }
    text = "\n".join(
        [
            "红网首页 | 新闻 | 时刻 | 论坛 | 视频 | 问政 | 湖南 | 百姓呼声",
            "当前位置：红网 > 新闻频道 > 湖南 > 正文",
            "",
            title,
            "来源：湖南日报 | 作者：周帙恒 | 编辑：易蓉 | 2021-12-10 07:52:08",
            "原标题：" + title,
            "",
            *[x for p in paras for x in (p, "")],
            "",
            "来源：湖南日报",
            "作者：周帙恒",
            "编辑：易蓉",
            "",
            "本文为红网原创稿件，转载请注明出处",
            "下载红网客户端",
            "我要投稿",
            "延伸阅读",
            "株洲：打造中国动力谷 建设轨道交通城",
            "湘ICP备13000843号　互联网新闻信息服务许可证：43120180002",
            "红网版权所有，未经许可不得转载或镜像",
            "",
        ]
    )
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb18030">
<title>{e(title)}_湖南频道_红网</title>
</head>
<body>
<div class="topbar"><a>红网首页</a> | <a>新闻</a> | <a>时刻</a> | <a>论坛</a> | <a>视频</a> | <a>问政</a> | <a>湖南</a> | <a>百姓呼声</a></div>
<div class="position">当前位置：<a>红网</a> &gt; <a>新闻频道</a> &gt; <a>湖南</a> &gt; 正文</div>
<div class="detail">
 <h1>{e(title)}</h1>
 <div class="info">来源：湖南日报 | 作者：周帙恒 | 编辑：易蓉 | 2021-12-10 07:52:08</div>
 <div class="content">
  <p>原标题：{e(title)}</p>
{ps(paras)}
 </div>
 <div class="bottom-info"><p>来源：湖南日报</p><p>作者：周帙恒</p><p>编辑：易蓉</p></div>
 <div class="claim">本文为红网原创稿件，转载请注明出处</div>
 <div class="app">下载红网客户端</div><div class="tougao">我要投稿</div>
 <div class="related"><h3>延伸阅读</h3><ul><li><a>株洲：打造中国动力谷 建设轨道交通城</a></li></ul></div>
</div>
<div class="footer"><p>湘ICP备13000843号　互联网新闻信息服务许可证：43120180002</p>
<p>红网版权所有，未经许可不得转载或镜像</p></div>
</body>
</html>
"""
    return text, page, "gb18030", meta


SITES = {
    "xinhuanet-yangtze": ("Xinhuanet (新华网)", xinhuanet),
    "people-abduction": ("People's Daily Online (人民网)", people),
    "cctv-greater-bay": ("CCTV.com (央视网)", cctv),
    "chinanews-ivy": ("China News Service (中新网)", chinanews),
    "thepaper-omicron": ("The Paper (澎湃新闻)", thepaper),
    "sina-qinghai-carp": ("Sina News (新浪新闻)", sina),
    "sohu-bosnia-olympics": ("Sohu (搜狐)", sohu),
    "hunan-yang-haodong": ("Hunan Daily / voc.com.cn (华声在线)", hunan),
    "guangming-apprentice": ("Guangming Online (光明网)", guangming),
    "netease-starting-line": ("NetEase News (网易新闻)", netease),
    "yngov-public-posts": ("Yunnan provincial government (云南省人民政府)", yngov),
    "rednet-talent-summit": ("Rednet (红网)", rednet),
}

ROLE_FIELDS = (
    "reporters",
    "correspondents",
    "interns",
    "special_correspondents",
    "photographers",
    "editors",
)


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else DEFAULT_SOURCE
    docs = load(source)
    expected = {}
    for fid, (doc_id, groups, split) in ARTICLES.items():
        zh_title, zh, en_title, en = article(docs[doc_id], groups)
        site, make = SITES[fid]
        text, page, encoding, meta = make(zh_title, zh)
        (HERE / f"{fid}.zh.txt").write_text(text, encoding="utf-8")
        (HERE / f"{fid}.zh.html").write_bytes(page.encode(encoding, "xmlcharrefreplace"))
        (HERE / f"{fid}.en.txt").write_text(
            "\n".join(p + "\n" for p in [en_title, *en]), encoding="utf-8"
        )
        expected[fid] = {
            "site": site,
            "source_doc": doc_id,
            "split": split,
            "html_encoding": encoding,
            "title": zh_title,
            "paragraphs": [zh_title, *zh],
            "outlet": meta["outlet"],
            "date": meta["date"],
            "time": meta["time"],
            **{f: meta.get(f, []) for f in ROLE_FIELDS},
        }
    (HERE / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
