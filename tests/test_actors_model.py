"""The entity model under the actor rules.

Part 1: one sentence per class of name the rules alone miss, run through the shipped model.  Every
sentence is written for this test (none comes from a benchmark); each test checks the span
(``text[start:end]``), the kind and that the model took part in the decision (``source``).

Part 2: how disagreements are decided, with the model's proposals given (``entity_spans`` replaced by a
fixed list), so the rules' side is checked whatever model is shipped.
"""
from __future__ import annotations

import json

import pytest

import czlib
from czlib import config
from czlib.analysis.actors import actors
from czlib.analysis.actors.ner import EntitySpan


def _interim_model() -> bool:
    header = json.loads((config.PACKAGE_DATA / "ner" / "model.json").read_text(encoding="utf-8"))
    return "--limit" in header.get("built_by", "")


#: Classes the quick interim model (trained on 2,000 sentences) misses; the full model is to find them.
_WEAK = pytest.mark.xfail(_interim_model(), reason="the interim model (2,000 training sentences) misses this class",
                          strict=False)

CASES = [
    # (class, sentence, name, kind)
    pytest.param("foreign transliterated name", "在昨天的记者招待会上，施罗德回答了各国记者的提问。", "施罗德", "person",
                 marks=_WEAK, id="foreign"),
    pytest.param("famous name that is a dictionary word", "老师们组织学生认真学习周恩来的光辉事迹。", "周恩来", "person",
                 marks=_WEAK, id="famous"),
    pytest.param("two-character name", "著名诗人艾青的故居今年对外开放。", "艾青", "person", marks=_WEAK, id="two-char"),
    pytest.param("name list with 、", "会上，张建国、李淑芬、王海涛三位同志先后发言。", "张建国", "person", id="list"),
    pytest.param("name before 等N名", "刘振华等3名技术骨干被评为先进个人。", "刘振华", "person", id="deng-n"),
    pytest.param("place without suffix", "考察团先后到了西双版纳和大理。", "西双版纳", "place", id="place"),
    pytest.param("short-form organisation", "据新华社报道，会议将于下月召开。", "新华社", "org", id="short-org"),
    pytest.param("sports team", "在昨晚的决赛中，山东队以二比一战胜对手。", "山东队", "org", marks=_WEAK, id="team"),
    pytest.param("company in an enumeration", "开发区今年引进了华兴电子、中科芯源等8个项目。", "华兴电子", "org",
                 marks=_WEAK, id="enumeration"),
]


def _found(text: str, **kw) -> dict[tuple[str, str], str]:
    out = {}
    for m in czlib.extract_actors(text, **kw):
        assert text[m.start:m.end] == m.name
        out[(m.name, m.kind)] = m.source
    return out


@pytest.mark.parametrize("cls,text,name,kind", CASES)
def test_model_finds_name_the_rules_miss(cls, text, name, kind):
    found = _found(text)
    assert (name, kind) in found, f"{cls}: {name} ({kind}) not in {sorted(found)}"
    assert "model" in found[(name, kind)].split("+"), found[(name, kind)]


def test_rules_alone_miss_these():
    # without the model the rules find none of these names (the gain is the model's)
    hits = [(name, kind) for _, text, name, kind in (c.values for c in CASES) if (name, kind) in
            _found(text, use_model=False)]
    assert hits == []


# ---- part 2: decisions, with the model's proposals fixed --------------------------------------


def _propose(monkeypatch, *spans: tuple[str, str, str, float]):
    """Make the model propose (surface, label, score) spans: the first occurrence of each surface."""
    def fake(text):
        out = []
        for surface, label, score in spans:
            i = text.find(surface)
            if i >= 0:
                out.append(EntitySpan(i, i + len(surface), label, score, surface))
        return tuple(sorted(out, key=lambda s: s.start))
    monkeypatch.setattr(actors, "entity_spans", fake)


def test_title_gives_the_role_of_a_name_both_find(monkeypatch):
    text = "山西华阳新材料公司总经理韩卫东介绍，新生产线年内投产。"
    _propose(monkeypatch, ("韩卫东", "PER", 0.95))
    person = next(m for m in czlib.extract_actors(text) if m.kind == "person")
    assert (person.name, person.source) == ("韩卫东", "pattern+model")
    assert "总经理" in person.role and person.role_type == "entrepreneur_manager"


def test_model_gives_the_start_of_a_pattern_org_that_ran_over_a_verb(monkeypatch):
    text = "他应中国人民外交学会邀请来访。"
    assert "应中国人民外交学会" in {m.name for m in czlib.extract_actors(text, use_model=False)}
    _propose(monkeypatch, ("中国人民外交学会", "ORG", 0.9))
    org = next(m for m in czlib.extract_actors(text) if m.kind == "org")
    assert (org.name, org.source) == ("中国人民外交学会", "pattern+model")


def test_pattern_org_keeps_a_start_the_model_would_cut_off(monkeypatch):
    # 潞|宝兴海…: the model's later start would cut a proper name, not a common word
    text = "潞宝兴海新材料有限公司聚合车间工艺主任高全伟介绍道。"
    _propose(monkeypatch, ("宝兴海新材料有限公司", "ORG", 0.9))
    assert "潞宝兴海新材料有限公司" in {m.name for m in czlib.extract_actors(text) if m.kind == "org"}


def test_curated_org_keeps_its_name_against_a_short_tail(monkeypatch):
    text = "长治市人民医院党委书记 胡文庆"
    _propose(monkeypatch, ("长治市人民医院党委", "ORG", 0.9))
    names = {m.name for m in czlib.extract_actors(text) if m.kind == "org"}
    assert "长治市人民医院" in names and "长治市人民医院党委" not in names


def test_model_place_after_a_title_is_left_to_the_person_rules(monkeypatch):
    text = "长治学院生命科学系教授 焦海华"
    _propose(monkeypatch, ("焦海华", "LOC", 0.9))
    found = _found(text, known_names=["焦海华"])
    assert ("焦海华", "person") in found and ("焦海华", "place") not in found


def test_model_only_names_that_read_as_common_words_need_a_sure_model(monkeypatch):
    # a product (蓝宝石晶体 "sapphire crystal", 黄小米 "yellow millet") is no person without a title or cue
    # unless the model is very sure; a name whose given name is a common word needs 0.9
    text = "园区生产蓝宝石晶体和黄小米。"
    _propose(monkeypatch, ("蓝宝石晶体", "PER", 0.99), ("黄小米", "PER", 0.85))
    assert not [m for m in czlib.extract_actors(text) if m.kind == "person"]
    _propose(monkeypatch, ("黄小米", "PER", 0.95))
    assert [m.name for m in czlib.extract_actors(text) if m.kind == "person"] == ["黄小米"]


def test_middle_dot_joins_a_foreign_name(monkeypatch):
    text = "南京大屠杀见证人约翰·马吉的儿子来到纪念馆。"
    _propose(monkeypatch, ("约翰", "PER", 0.9))
    assert ("约翰·马吉", "person") in _found(text)


def test_single_character_abbreviations_only_where_the_model_says_so(monkeypatch):
    text = "中美两国签署了协议。"
    _propose(monkeypatch, ("中", "LOC", 0.9), ("美", "LOC", 0.9))
    places = sorted(m.name for m in czlib.extract_actors(text) if m.kind == "place")
    assert places == ["中", "美"]
    monkeypatch.setattr(actors, "entity_spans", lambda text: ())
    assert not [m for m in czlib.extract_actors(text) if m.name in ("中", "美")]


def test_model_org_without_an_org_ending_leaves_a_curated_place(monkeypatch):
    # 北京冬奥会 is an event: the gazetteer place stays a place; 新华社 (no place in it) is taken
    text = "北京冬奥会期间，据新华社报道，场馆运行平稳。"
    _propose(monkeypatch, ("北京冬奥会", "ORG", 0.9), ("新华社", "ORG", 0.9))
    found = _found(text)
    assert ("北京", "place") in found and ("北京冬奥会", "org") not in found
    assert found[("新华社", "org")] == "model"


def test_model_only_name_before_a_title_and_a_name_is_an_employer(monkeypatch):
    # 高科|老总|李建明: 老总 belongs to 李建明, so 高科 is where he works, not a second person
    text = "全国政协委员、高科老总李建明说，前景广阔。"
    _propose(monkeypatch, ("高科", "PER", 0.95), ("李建明", "PER", 0.99))
    people = [m for m in czlib.extract_actors(text) if m.kind == "person"]
    assert [m.name for m in people] == ["李建明"] and "老总" in people[0].role


# ---- model-only spans the words around them speak against (reconcile.model_only_refused) ----------


def test_one_character_place_inside_a_word_is_refused(monkeypatch):
    # 中 opening 中医药 is no abbreviation of China; 京 as a word of its own (京|长) still stands
    text = "全县大力发展中医药产业。"
    _propose(monkeypatch, ("中", "LOC", 0.99))
    assert not [m for m in czlib.extract_actors(text) if m.kind == "place"]
    text = "京长两地合作不断深化。"
    _propose(monkeypatch, ("京", "LOC", 0.97))
    assert ("京", "place") in _found(text)


def test_lone_surname_from_the_model_needs_a_confident_model(monkeypatch):
    # 陈 ends 展陈 (an exhibition): a surname alone, with no title or cue beside it, needs a score of 0.8
    text = "参观展陈后，游客们纷纷点赞。"
    _propose(monkeypatch, ("陈", "PER", 0.75))
    assert not [m for m in czlib.extract_actors(text) if m.kind == "person"]


def test_model_only_name_opening_a_couplet_is_refused(monkeypatch):
    # 柳绿莺啼早，花红蝶舞忙: a line of verse, not 柳绿莺 the person; a name opening a plain clause stays
    text = "柳绿莺啼早，花红蝶舞忙。"
    _propose(monkeypatch, ("柳绿莺", "PER", 0.99))
    assert not [m for m in czlib.extract_actors(text) if m.kind == "person"]
    text = "王海涛带队检查，工作人员全程陪同。"
    _propose(monkeypatch, ("王海涛", "PER", 0.99))
    assert ("王海涛", "person") in _found(text)


def test_model_only_place_opening_a_couplet_is_refused(monkeypatch):
    # 众山拱卫，群峰朝宗: 众山 ("the many mountains") opens a line, it is no place name
    text = "众山拱卫，群峰朝宗。"
    _propose(monkeypatch, ("众山", "LOC", 0.9))
    assert not [m for m in czlib.extract_actors(text) if m.kind == "place"]


def test_model_only_name_longer_than_a_chinese_name_needs_a_confident_model(monkeypatch):
    # 王叶朱石|科技奖, an award named after four donors (as 何梁何利): surname + three more characters is no
    # Chinese name; at a doubtful score it is words, not a person
    text = "王叶朱石科技奖颁给了他。"
    _propose(monkeypatch, ("王叶朱石", "PER", 0.6))
    assert "王叶朱石" not in {m.name for m in czlib.extract_actors(text)}


def test_model_only_org_does_not_start_with_a_word_glued_to_an_abbreviation(monkeypatch):
    # 贡献|科协: 贡献 ("contribute") is no part of the association's name
    text = "广大科技工作者要为乡村振兴贡献科协智慧。"
    _propose(monkeypatch, ("贡献科协", "ORG", 0.8))
    assert "贡献科协" not in {m.name for m in czlib.extract_actors(text) if m.kind == "org"}
