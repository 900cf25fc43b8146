"""Actors on text the extractor was not written against: names by position, organisations in lists,
national bodies by their short names, development zones, name boundaries.

Every sentence here is made up for the test (none is copied from a corpus or a
development-set page); each test names the rule it checks (issue 13).  The
corpus gazetteer is switched off where a test is about the package's own rules.
"""
from __future__ import annotations

import pytest

from czlib import extract_actors


def persons(text: str, **options) -> dict[str, dict]:
    return {m.name: m.as_dict() for m in extract_actors(text, **options) if m.kind == "person"}


def orgs(text: str, **options) -> dict[str, dict]:
    return {m.name: m.as_dict() for m in extract_actors(text, **options) if m.kind == "org"}


# --- person names by position --------------------------------------------------------------

@pytest.mark.parametrize("sentence, name", [
    ("县委书记李建国在调研时指出,要抓好秋粮收购。", "李建国"),          # after a title
    ("副县长张国庆主持召开专题会议。", "张国庆"),
    ("区委副书记、区长陈文明出席签约仪式。", "陈文明"),                 # after a chain of titles
    ("党组书记刘建华作工作报告。", "刘建华"),                           # no truncation to 刘建
    ("副市长刘卫东一行察看了施工现场。", "刘卫东"),                      # no truncation to 卫东
    ("陈文明说,明年还要再建两个大棚。", "陈文明"),                       # before a speech verb
    ("王秀兰表示,合作社会继续扩大规模。", "王秀兰"),
    ("李和平同志在会上作了发言。", "李和平"),                            # with an honorific
    ("演出由李娜女士主持。", "李娜"),
    ("周立新教授带领团队驻村指导。", "周立新"),                          # a title after the name
    ("责任编辑:赵孝蕾", "赵孝蕾"),                                     # a credit line
])
def test_name_positions(sentence, name):
    assert name in persons(sentence, use_gazetteer=False)


def test_a_list_of_names_after_one_title():
    text = "县领导高建军、孙丽、马春生、张和平参加活动。"
    assert {"高建军", "孙丽", "马春生", "张和平"} <= set(persons(text, use_gazetteer=False))


def test_a_list_of_names_after_a_named_person():
    text = "副总经理吴海涛、刘斌、黄巍陪同考察。"
    assert {"吴海涛", "刘斌", "黄巍"} <= set(persons(text, use_gazetteer=False))


def test_a_name_right_after_an_organisation():
    text = "获奖者为山西晋丰新材料有限公司罗明坤、晋东南职业学院谭铮。"
    found = persons(text, use_gazetteer=False)
    assert {"罗明坤", "谭铮"} <= set(found)
    assert found["罗明坤"]["affiliation"] == "山西晋丰新材料有限公司"


@pytest.mark.parametrize("sentence", [
    "相关专家表示,前景很好。",          # 关专家 is no name: 相关 is one word
    "书记和市长一同出席。",              # 和 + a title
    "市委书记强调,要高度重视。",         # 强调 is a verb
    "公司高度重视安全生产。",            # 高度 is a word
    "江汉理工大学党委副书记到访。",      # a title after an organisation
    "把技术送进农民钱袋里。",            # 钱袋里 after 农民
    "青云智能装备产业园项目总投资8亿元。",  # 项目总 after an organisation
])
def test_no_name_where_there_is_none(sentence):
    assert persons(sentence, use_gazetteer=False) == {}
