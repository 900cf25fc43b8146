"""Authors and editors of a saved news page, read from the lines around its article.

Chinese news pages name their writers in a handful of forms (``记者 X``,
``本报记者 X Y``, ``【文/某网专栏作者 X】``, ``（文/图 X Y）``, ``作者：X``,
``执笔/X``, ``X/某报``, ``来源：X 作者：Y``) in the info bar under the headline,
the first or the last paragraph, or ``<meta name="author">``.  Editors of
record (责任编辑, 编辑, 校对) are kept apart: an editor is never an author.
:mod:`czlib.corpus.web.webpage` finds the lines; this module reads the names.
"""
from __future__ import annotations

import re

from .webclean import SENTENCE_END

_HAN = r"\u4e00-\u9fff"
_NAME = rf"[{_HAN}]{{2,4}}(?:·[{_HAN}]{{1,8}})?"
# what follows a label: names separated by 、，,/ or spaces
_NAMES = rf"([{_HAN}·](?:[{_HAN}·、，,/ ]*[{_HAN}·])?)"
# editors of record: credited, never authors (校对, 审核 and the like are not recorded)
_EDITOR_LABEL = re.compile(rf"(?:责任编辑|责编|值班编辑|编辑)\s*[:：/／]\s*{_NAMES}")
_AUTHOR_LABEL = re.compile(rf"(?:作者|撰稿人|撰稿|撰文|执笔)\s*[:：]?\s*{_NAMES}")
_AUTHOR_COLON = re.compile(rf"(?:作者|撰稿人|撰稿|撰文|执笔)\s*[:：]\s*{_NAMES}")
_SLASH_LABEL = re.compile(
    rf"(?:^|[\s(（\[【|｜])(?:文|图文|文/图|文图|撰文|撰稿|作者|原创|编译|采写|执笔)\s*[/／|｜:：]\s*{_NAMES}")
# （记者王五）, （本报记者 张三 李四）, （职工通讯员 赵六 钱七）
_DATELINE_REPORTER = re.compile(rf"[(（\[【]\s*[{_HAN}]{{0,6}}?(?:记者|通讯员)\s*{_NAMES}")
# a byline on a line of its own: [outlet]记者 NAME NAME (names separated by spaces or 、 only)
_BYLINE_LINE = re.compile(
    rf"^(?:[^，。！？,!?\s]{{0,20}}?(?:报|网|社|台|视|新闻|频道|中心|本报|本台|本网|特约|见习|实习|首席)\s*)?"
    rf"(?:记者|通讯员|发言人)\s*([{_HAN}·](?:[{_HAN}· 、]*[{_HAN}·])?)$"
)
_CREDIT_LINE = re.compile(rf"^(?:由|经过?)\s*([{_HAN}]{{2,4}}?)\s*(?:重新)?(?:编排|整理|编辑|编译)(?:而成)?[。.]?$")
_CLOSING_NAME = re.compile(rf"[(（]\s*([{_HAN}]{{2,3}})\s*[)）]$")
# Words that end a name list or are not names.
_ROLE_WORDS = {
    "记者", "通讯员", "实习生", "编辑", "责编", "责任编辑", "校对", "审核", "审校", "监制", "主编", "终审",
    "初审", "复审", "签发", "美编", "统筹", "策划", "出品", "来源", "摄影", "摄像", "制图", "设计", "作者",
    "整合", "整理", "综合", "报道", "采写", "编译", "撰文", "发自", "联合", "实习", "供稿", "视频", "图片",
}
_NOT_NAMES = {"系统管理员", "管理员", "本网", "本报", "本台", "佚名", "网友", "小编", "新华社", "中新网", "人民网",
              "未知", "匿名", "admin", "编辑部", "网络", "网络整理", "综合", "本站", "原创", "来源网络",
              # verbs that follow 记者 in prose (记者发现, 记者了解到)
              "发现", "表示", "获悉", "了解到", "注意到", "看到", "采访", "调查", "走访", "观察到"}
_NAME_SUFFIXES = ("编译", "整理", "报道", "采写", "综合", "撰文", "供稿", "发自")
# A photo credit (记者 张三 摄, （李四摄）) names a photographer, not an author.
_PHOTO_CREDIT = ("摄", "摄影", "摄像", "图")
# Common surnames: a loose pattern (closing （X）, 由X整理) takes a name only when it starts with one.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍"
    "涂苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍喻祁蒲房滕屈饶解牟艾尤穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜"
    "冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝封谈匡鞠惠荆冀郁"
    "胥班储栗燕楚鄢劳谌奚皮粟冼蔺楼盘闻厉伊仝区郜阚权帅屠朴盖练廉禹井祖漆巴丰支卿狄计索宣晋芮扈晁阙浦"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "司徒", "夏侯", "尉迟", "公孙")


def _names(run: str) -> list[str]:
    """Names at the start of the text after a byline label; stop at the first non-name."""
    names = []
    for token in re.split(r"[、，,/ ]+", run):
        if token in _PHOTO_CREDIT or token.endswith(_PHOTO_CREDIT[:3]):
            return []
        if token.endswith(("记者", "通讯员", "实习生", "作者")) and not names:
            continue  # 采写：某报记者 张三

        for suffix in _NAME_SUFFIXES:
            if token.endswith(suffix) and len(token) - len(suffix) >= 2:
                token, suffix_found = token[: -len(suffix)], True
                break
        else:
            suffix_found = False
        if not token or token in _ROLE_WORDS or token in _NOT_NAMES or not re.fullmatch(_NAME, token):
            break
        names.append(token)
        if suffix_found or len(names) == 4:
            break
    return names


def _has_surname(name: str) -> bool:
    return name[0] in _SURNAMES or name.startswith(_COMPOUND_SURNAMES)


# 文/图 X Y, 图/文 X
_PHOTO_TEXT_LABEL = re.compile(rf"(?:文/图|图/文|文图|图文)\s*[/／:：]?\s*{_NAMES}")
# X/某报, X Y/某网: a name before a slash and an outlet
_NAME_OUTLET = re.compile(
    rf"(?:^|[\s(（【\[])({_NAME}(?:[ 、]{_NAME}){{0,3}})\s*[/／]\s*[{_HAN}]{{1,10}}(?:报|网|社|台|刊|杂志|周刊)(?:$|[\s)）】\]])")
# an info bar: 来源：某网 记者 X, 本报记者 X Y 通讯员 Z (a short line that is not a sentence)
_INFO_REPORTER = re.compile(rf"(?:^|[\s|｜])[{_HAN}]{{0,8}}?(?:记者|通讯员)\s*{_NAMES}")
MAX_INFO_LINE = 60
# 作者：kingname, 文/John Smith (a Latin user or pen name in an info bar)
_LATIN_AUTHOR = re.compile(r"(?:作者|文|[Bb]y)\s*[:：/]\s*([A-Za-z][A-Za-z0-9_.\-]{1,30}(?: [A-Z][a-zA-Z.\-]+)*)")


def _byline_names(line: str, closing: bool = False) -> list[tuple[str, bool]]:
    """(name, is an editor) in the byline patterns of one line (``closing``: also a final （X） credit)."""
    found: list[tuple[int, str, bool]] = []
    info_bar = len(line) <= MAX_INFO_LINE and not SENTENCE_END.search(line)
    patterns = [(_EDITOR_LABEL, True, False), (_PHOTO_TEXT_LABEL, False, False), (_SLASH_LABEL, False, False),
                (_DATELINE_REPORTER, False, False)]
    patterns.append((_AUTHOR_COLON, False, False))
    if info_bar or len(line) <= 30:
        # loose forms (作者 X, 记者 X, X/某报): a name must start with a common surname
        patterns += [(_AUTHOR_LABEL, False, True), (_INFO_REPORTER, False, True), (_NAME_OUTLET, False, True)]
        for match in _LATIN_AUTHOR.finditer(line):
            found.append((match.start(1), match.group(1).strip(), False))
    for pattern, editor, loose in patterns:
        for match in pattern.finditer(line):
            found.extend((match.start(1), name, editor) for name in _names(match.group(1))
                         if not loose or (_has_surname(name) and not _INSTITUTION_END.search(name)))
    if len(line) <= 30:
        match = _BYLINE_LINE.match(line)
        if match:
            found.extend((match.start(1), name, False) for name in _names(match.group(1)))
    if len(line) <= 20:
        match = _CREDIT_LINE.match(line)
        if match and _has_surname(match.group(1)) and match.group(1) not in _NOT_NAMES:
            found.append((match.start(1), match.group(1), False))
    if closing:
        match = _CLOSING_NAME.search(line)
        name = match.group(1) if match else ""
        if (name and _has_surname(name) and name not in _NOT_NAMES and name not in _ROLE_WORDS
                and not name.endswith(_PHOTO_CREDIT)):
            found.append((match.start(1), name, False))
    found.sort(key=lambda item: item[0])  # stable: names after one label keep their order
    return [(name, editor) for _, name, editor in found]


def byline_window(visible: list[str], body: list[str], before: int = 300, after: int = 600) -> list[str]:
    """Visible lines from a little before the article's first line to a little after its last."""
    joined = "\n".join(visible)
    if not body:
        return []
    first = joined.find(body[0][:12])
    last_line = body[-1]
    last = joined.find(last_line[-12:], max(first, 0))
    if first < 0 or last < 0:
        return []
    return joined[max(0, first - before): last + len(last_line[-12:]) + after].split("\n")


def _join_labels(lines: list[str]) -> list[str]:
    """Join a line ending in a label colon (``责任编辑：``) with the next line, the name."""
    joined: list[str] = []
    for line in lines:
        if joined and re.search(r"[:：]$", joined[-1]) and len(line) <= 10:
            joined[-1] += line
        else:
            joined.append(line)
    return joined


def page_authors(extracted_author: str | None, region: list[str], body: list[str], window: list[str],
             meta_author: str = "") -> tuple[list[str], list[str]]:
    """(authors, editors of record) named in the article and around it; an editor is never an author."""
    authors: list[str] = []
    editors: list[str] = []

    def add(found):
        for name, editor in found:
            if name not in authors and name not in editors:
                (editors if editor else authors).append(name)

    tail = set(body[-2:])
    for line in _join_labels(region):
        add(_byline_names(line, closing=line in tail))
    for line in _join_labels(window):
        add(_byline_names(line))
    region_text = "".join(region) + "".join(window)
    for source, anywhere in ((meta_author, True), (extracted_author, False)):
        for name in re.split(r"\s*[;；,，、]\s*|\s+and\s+", source or ""):
            name = name.strip()
            if (name and (anywhere or name in region_text) and name not in authors and name not in editors
                    and (_looks_like_a_user(name) if anywhere else _looks_like_a_person(name))):
                authors.append(name)
    return authors, editors


# Outlets and bodies that trafilatura sometimes reports as authors (某某之家, 某市警方, 新华社).
_INSTITUTION_END = re.compile(r"(?:网|报|社|台|刊|站|之家|警方|公司|集团|中心|局|部|委|会|院|所|队|办|厅|号)$")


def _looks_like_a_person(name: str) -> bool:
    """A Chinese personal name (2-4 Han characters, or with ·), or a Latin one; not an outlet."""
    if name in _NOT_NAMES or name in _ROLE_WORDS:
        return False
    if re.fullmatch(_NAME, name):
        return not _INSTITUTION_END.search(name) and (_has_surname(name) or "·" in name)
    return bool(re.fullmatch(r"[A-Z][a-zA-Z.'-]+(?: [A-Z][a-zA-Z.'-]+)+", name))


def _looks_like_a_user(name: str) -> bool:
    """A person's name, or a Latin user name (``<meta name="author" content="kingname">``)."""
    return _looks_like_a_person(name) or bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9_.\-]{2,30}", name)) and \
        name.lower() not in {"admin", "administrator", "editor", "webmaster", "null", "none", "unknown"}
