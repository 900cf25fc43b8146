"""What a figure is: a reported achievement, a target, a plan or a forecast, read from its cue words.

Chinese news marks the figures that are not yet facts with a small set of words
before them.  :func:`claim_modality` reads the sentence up to the figure and
returns ``(modality, cue)``:

==========  ===============================================================  ====================
modality    cue words (before the figure, in its sentence)                     example
==========  ===============================================================  ====================
target      力争, 争取, 确保, 力求, 努力实现, 目标 (是/为), 到 2025 年            力争年产值突破100亿元
plan        将 (before a verb), 即将, 计划, 拟, 规划, 准备, 打算                 将新建5个基地
plan        正 (在/积极/加快) 组建/筹建/创建: the figure sizes what is being   正积极组建规模超30家的联盟
            formed, not what exists
forecast    预计, 预期, 有望, 可望, 预测, 估值, 建成后/投产后/达产后/成功后 …     预计年产值30亿元, 应用成功后…估值达数十亿元
reported    none of them (the default)                                        2023年引进82项
==========  ===============================================================  ====================

Scope: a cue in the figure's own clause applies.  Cues that frame a whole
sentence (target and forecast words, 将, 到2025年) also apply to the figures of
the clauses after them (预计到2025年入园企业50家,规模以上企业35家), unless a
clause in between starts anew with a past or present marker (已, 累计, 截至,
目前, 正在 …) or a semicolon comes between.
计划, 拟, 规划, 目标 stay in their clause: they are often nouns (重点研发计划拟立项
名单,…有3个项目成功入选 is a report).  将 is a cue only before a verb, an adverb or a
preposition (将新建, 将于, 将以), or before an adverb jieba reads as a noun (将强力推动, 将全力打造):
before a noun it marks the object (将成果转化…).
When several cues apply, the nearest to the figure wins, and 到2025年 only when
no modal word applies.
"""
from __future__ import annotations

import re
from functools import lru_cache

MODALITIES = ("reported", "target", "plan", "forecast")

#: Cue word → modality.  Longest first when matching (即将 before 将, 预计 before 计划).
CUES: dict[str, str] = {
    "力争": "target", "争取": "target", "确保": "target", "力求": "target", "努力实现": "target",
    "目标是": "target", "目标为": "target", "目标": "target",
    "即将": "plan", "将要": "plan", "将": "plan", "计划": "plan", "拟": "plan", "规划": "plan",
    "准备": "plan", "打算": "plan",
    "预计": "forecast", "预期": "forecast", "有望": "forecast", "可望": "forecast", "预测": "forecast",
    "建成后": "forecast", "投产后": "forecast", "达产后": "forecast", "投运后": "forecast",
    "建成投产后": "forecast", "全部投产后": "forecast", "竣工后": "forecast", "完成后": "forecast",
    "成功后": "forecast", "估值": "forecast",
}
#: A present-progressive verb of forming (正积极组建, 正在筹建): the figure sizes what is not formed yet.
_FORMING_RE = re.compile(r"正(?:在)?(?:积极|加快|加紧|抓紧|全力|着力)?(?:组建|筹建|创建|谋划)")
#: Cues that stay in their own clause.
CLAUSE_ONLY = {"计划", "拟", "规划", "目标", "目标是", "目标为", "准备", "打算"}
#: Words that start a clause anew as a report: the frame of an earlier cue ends there.
PAST_MARKERS = ("已", "已经", "现已", "累计", "截至", "截止", "目前", "现有", "去年", "上年", "此前", "过去", "正在",
                "正")
#: 将 in words where it is no future marker.
#: Adverbs jieba tags as nouns or adjectives that still make 将 a future marker (将强力推动).
_JIANG_ADVERBS = ("强力", "全力", "大力", "着力", "进一步", "持续", "重点", "全面", "深入", "不断", "逐步", "努力")
_JIANG_WORDS = ("将近", "将军", "将领", "将士", "大将", "老将", "名将", "将来", "将其", "将之", "即将")
_CUE_RE = re.compile("|".join(sorted(map(re.escape, CUES), key=len, reverse=True)))
_BY_YEAR_RE = re.compile(r"(?<![截])(?:到|至)(?:20\d\d|二〇[一二三四五六七八九〇]{2})年(?:底|末)?")
_CLAUSE_SPLIT = re.compile(r"[,;:]")
#: What follows 计划/规划 used as a verb, where jieba tags the next word a noun (计划总投资12亿元).
_PLAN_VERBS = ("投资", "总投资", "用", "到", "今年", "明年", "年内", "在", "于", "新建", "建设", "实施", "完成",
               "新增", "引进", "安排", "面积", "总面积", "占地")


@lru_cache(maxsize=8192)
def _pos_after(fragment: str) -> str:
    """The part-of-speech tag of the first word of ``fragment`` (jieba's dictionary alone)."""
    from ...text.segmentation.segment import tokenize

    tokens = tokenize(fragment, userdict=False) if fragment else []
    return tokens[0].pos if tokens else ""


def _is_cue(text: str, i: int, word: str) -> bool:
    """Whether the cue word at ``text[i:]`` is used as a modal word here."""
    after = text[i + len(word):i + len(word) + 6]
    if word == "将":
        if text[i:i + 2] in _JIANG_WORDS or text[max(0, i - 1):i + 1] in _JIANG_WORDS:
            return False
        if after.startswith(_JIANG_ADVERBS):
            return True
        pos = _pos_after(re.split(r"[,。;:!?、\n]", after, maxsplit=1)[0])
        return pos[:1] in ("v", "d", "p", "c", "a")
    if word in ("计划", "规划"):
        pos = _pos_after(re.split(r"[,。;:!?、\n]", after, maxsplit=1)[0])
        if pos[:1] not in ("v", "p", "t", "m", "d") and not after.startswith(_PLAN_VERBS):
            return False
    if word == "拟" and after.startswith(("立项名单", "立项项目", "入选", "认定名单", "推荐")):
        return False  # 拟立项名单: a list of proposed items, announced now
    if word == "准备" and after.startswith(("工作", "阶段")):
        return False
    return True


def claim_modality(text: str, start: int, sentence_start: int) -> tuple[str, str]:
    """(modality, cue) of the figure at ``text[start]``; ``("reported", "")`` when no cue applies.

    ``sentence_start`` is where the figure's sentence begins (the cue must be in it).
    """
    before = text[sentence_start:start]
    cuts = [0] + [m.end() for m in _CLAUSE_SPLIT.finditer(before)]
    own_clause = cuts[-1]
    cues = []
    for m in _CUE_RE.finditer(before):
        if _is_cue(before, m.start(), m.group()):
            cues.append((m.start(), m.group(), CUES[m.group()]))
    cues += [(m.start(), m.group(), "plan") for m in _FORMING_RE.finditer(before)]
    years = [(m.start(), m.group(), "target") for m in _BY_YEAR_RE.finditer(before)]
    for found in (cues, years):
        for pos, word, modality in sorted(found, reverse=True):
            if pos < own_clause:
                if word in CLAUSE_ONLY or _FORMING_RE.fullmatch(word) or ";" in before[pos:]:
                    continue  # a semicolon ends the frame too
                later = [before[c:].lstrip() for c in cuts if c > pos]
                if any(clause.startswith(PAST_MARKERS) for clause in later):
                    continue
            elif any(mk in before[pos + len(word):] for mk in ("已经", "已", "累计", "截至")):
                continue  # 计划投资10亿元、已完成5亿元: the figure after 已 is done
            return modality, word
    return "reported", ""
