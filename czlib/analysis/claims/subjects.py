"""What a number counts: the noun phrase next to it, read with jieba's own dictionary.

Used by :mod:`czlib.analysis.claims.quantities` (the subject of a claim) and
:mod:`czlib.analysis.claims.superlatives` (the subject of a superlative).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .numeric_patterns import CLAUSE_BOUNDARY

#: Where the phrase after a number ends (compiled once: it is split for every claim).
_PHRASE_END_RE = re.compile(r"[,。;:!?、\n()《》]")


def clause_text_before(text: str, start: int, floor: int = 0) -> str:
    """Text from the last clause boundary (or the end of the previous numeric
    mention, ``floor``) up to ``start``."""
    i = start
    while i > floor and text[i - 1] not in CLAUSE_BOUNDARY:
        i -= 1
    return text[i:start]


@lru_cache(maxsize=4096)
def tag_plain(fragment: str) -> tuple[tuple[str, str], ...]:
    """POS-tag a clause with jieba's own dictionary only (czlib.text.segmentation.segment, userdict=False).

    The corpus user dictionary is left out on purpose, so that curating names for
    the actors does not change which noun phrase a number counts.  The pairs are
    the segmenter's tags less whitespace, i.e. tokenize's tokens without their
    offsets, which are not needed here and cost a third of a short fragment's cut.
    """
    from ...text.segmentation.segment import get_segmenter

    return tuple(pair for pair in get_segmenter(False).tag(fragment) if not pair[0].isspace())


#: POS tags that may sit inside a noun phrase.
NOUN_TAGS = ("n", "nr", "ns", "nt", "nz", "nrt", "nrfg", "ng", "vn", "an", "j", "l", "eng", "s", "b")
#: Verbs jieba tags as verbs that also form compound nouns (种植基地, 技术需求, 研发平台).
NOUNY_WORDS = {
    "需求", "合同", "活动", "成果", "项目", "投资", "服务", "研发", "开发", "转让", "咨询", "培训",
    "种植", "栽培", "交易", "消毒", "建设", "转化", "合作", "检测", "生产", "管理", "创新", "降解",
    "实训", "就业", "创业", "展陈", "参观", "驻华", "教育", "在读", "派驻", "组织", "审批", "亩",
    "包裹", "再生", "实习", "知名", "袋",
}
#: Tokens jieba sometimes tags as nouns that never head a counted noun phrase.
NEVER_NOUN = {"共", "其中", "等", "各", "每", "约", "近", "超", "达", "逾", "余", "多", "以上", "左右",
              "以及", "其", "该", "这", "此", "均", "全部", "分别", "全力", "提质"}
#: Words skipped between a subject and the number that follows it (交易额达 50527.94万元).
LINK_WORDS = {
    "达", "达到", "为", "是", "共", "共计", "累计", "总计", "合计", "在", "有", "约", "增加", "增加到",
    "提高", "提高到", "提升", "提升到", "降至", "增至", "压缩", "压缩至", "压减", "降低", "减少",
    "增长", "至", "到", "由", "从", "占", "占到", "突破", "仅", "只有", "就", "都", "已", "将", "超",
    "高达", "多达", "已有", "拥有", "的", "了", "保持", "保持在", "连续", "多年", "实现", "近", " ",
}


def noun_phrase(tokens: list[tuple[str, str]], direction: int) -> str:
    """Longest run of noun-like tokens, read from the number outwards."""
    picked: list[str] = []
    seq = tokens if direction > 0 else list(reversed(tokens))
    for i, (word, tag) in enumerate(seq):
        nounish = (tag in NOUN_TAGS or word in NOUNY_WORDS) and word not in NEVER_NOUN
        if direction > 0 and word not in NOUNY_WORDS:
            following = seq[i + 1] if i + 1 < len(seq) else None
            if tag in ("l", "i", "nz") and len(word) == 4 and picked:
                nounish = False  # 代表齐聚一堂: an idiom after the head noun ends the phrase
            if tag == "vn" and not (following and (following[1] in NOUN_TAGS or following[0] in NOUNY_WORDS)):
                nounish = False  # 24个小时运转: a verbal noun alone after the number is the verb
        if not nounish and tag in ("a", "c", "t") and word not in ("但", "而", "并", "或"):
            # Adjectives and 和/与 stay only between two noun-like tokens.
            nxt = seq[i + 1] if i + 1 < len(seq) else None
            prev_ok = bool(picked)
            next_ok = nxt is not None and (nxt[1] in NOUN_TAGS or nxt[0] in NOUNY_WORDS)
            if direction > 0:
                nounish = next_ok and (tag in ("a", "t") or prev_ok)
            else:
                nounish = prev_ok and next_ok
        if not nounish:
            break
        picked.append(word)
    if direction < 0:
        picked.reverse()
    phrase = "".join(picked).strip()
    return phrase


def counted_subject(text: str, start: int, end: int, mention: dict, floor: int = 0) -> str:
    """What the number counts: the noun phrase after it, else the one before it."""
    after = text[end:end + 24]
    after = _PHRASE_END_RE.split(after, maxsplit=1)[0]
    if after.startswith(("“", "的“")):
        # 规模超30家的“研究院联盟”: the quoted name is what is counted.
        quoted = re.match(r"的?“([^”]{1,20})”", text[end:end + 26])
        if quoted:
            return quoted.group(1)
    after = after.lstrip()
    if after and not after.startswith("的"):
        forward = noun_phrase(list(tag_plain(after)), +1)
        if forward:
            return forward
    clause = clause_text_before(text, start, floor)
    tokens = list(tag_plain(clause[-24:])) if clause else []
    skipped: list[str] = []
    while tokens and (tokens[-1][0] in LINK_WORDS or tokens[-1][0].strip() == ""):
        skipped.append(tokens.pop()[0])
    backward = noun_phrase(tokens, -1)
    if backward:
        # 占全省的90%: the share is "of the province".
        rest = "".join(w for w, _ in tokens)[: -len(backward)]
        if mention.get("unit") == "%" and re.search(r"占(到|据)?$", rest):
            return "占" + backward
        return backward
    if clause:
        return noun_phrase(list(tag_plain(clause.lstrip()[:16])), +1)
    return ""
