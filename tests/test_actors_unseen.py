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


# --- organisations: the package gazetteer ---------------------------------------------------

@pytest.mark.parametrize("sentence, name, canonical", [
    ("国家科技部和国家工信部联合印发通知。", "国家科技部", "中华人民共和国科学技术部"),
    ("国家科技部和国家工信部联合印发通知。", "国家工信部", "中华人民共和国工业和信息化部"),
    ("专家来自中科院山西煤化所。", "中科院山西煤化所", "中国科学院山西煤炭化学研究所"),
    ("国开行为项目提供贷款。", "国开行", "国家开发银行"),
    ("他毕业于山西农大。", "山西农大", "山西农业大学"),
    ("国家卫生健康委发布通知。", "国家卫生健康委", "国家卫生健康委员会"),
    ("全国政协委员在会上发言。", "全国政协", "中国人民政治协商会议全国委员会"),
])
def test_national_bodies_by_their_short_names(sentence, name, canonical):
    found = orgs(sentence, use_gazetteer=False)
    assert found[name]["canonical"] == canonical


def test_short_forms_only_as_whole_words():
    assert "潞安" not in orgs("潞安府城隍庙始建于元代。", use_gazetteer=False)
    assert orgs("潞安在煤炭转化上取得了成绩。", use_gazetteer=False)["潞安"]["type"] == "enterprise"


def test_a_unit_of_a_listed_group_keeps_its_parent():
    found = orgs("国网长治供电公司完成检修。", use_gazetteer=False)
    assert found["国网长治供电公司"]["parent"] == "国家电网有限公司"


# --- organisations: departments, platforms, brands, brackets ---------------------------------

@pytest.mark.parametrize("sentence, name, canonical", [
    ("奖项由省人力资源和社会保障厅颁发。", "省人力资源和社会保障厅", "省人力资源和社会保障厅"),
    ("平顺县农业农村局局长介绍了情况。", "平顺县农业农村局", "平顺县农业农村局"),
    ("市发改委牵头编制规划。", "市发改委", "市发展和改革委员会"),
    ("山西省卫健委组织专家评审。", "山西省卫健委", "山西省卫生健康委员会"),
])
def test_government_departments(sentence, name, canonical):
    found = orgs(sentence, use_gazetteer=False)
    assert found[name]["canonical"] == canonical and found[name]["type"] == "government"


def test_national_platform_with_ji_in_its_name():
    found = orgs("企业申报国家煤层气开发及利用工程技术研究中心。", use_gazetteer=False)
    assert "国家煤层气开发及利用工程技术研究中心" in found


def test_brand_in_quotation_marks_before_a_workshop():
    assert "金谷香" in orgs("村里的“金谷香”加工厂正在赶工。", use_gazetteer=False)


def test_brackets_inside_a_name():
    assert "山西晋禾小米(集团)有限公司" in orgs("山西晋禾小米(集团)有限公司扩大了种植基地。", use_gazetteer=False)


# --- organisations: lists ------------------------------------------------------------------

def test_list_with_a_type_head():
    found = orgs("县里与青禾农业、丰源食品、晋绿果业等企业签订了协议。", use_gazetteer=False)
    assert {"青禾农业", "丰源食品", "晋绿果业"} <= set(found)
    assert all(found[n]["type"] == "enterprise" for n in ("青禾农业", "丰源食品", "晋绿果业"))


def test_list_with_a_counted_head_and_a_predicate_head():
    text = "园区里,恒昌煤业、瑞丰焦化、广源焦化三大焦化企业产能最大,另有金岭热电、宏达树脂等为集团下属企业。"
    assert {"恒昌煤业", "瑞丰焦化", "广源焦化", "金岭热电", "宏达树脂"} <= set(orgs(text, use_gazetteer=False))


def test_list_of_hospitals_with_their_departments():
    text = "入选的有河东医科大学第一医院神经外科、晋南市第三人民医院心血管内科、东岳市中心医院普通外科。"
    found = orgs(text, use_gazetteer=False)
    assert found["河东医科大学第一医院神经外科"]["parent"] == "河东医科大学第一医院"
    assert {"晋南市第三人民医院心血管内科", "东岳市中心医院普通外科"} <= set(found)
    assert all(m["type"] == "hospital" for m in found.values())


def test_other_items_of_a_list_of_organisations():
    text = "由晋东职业技术学院、恒达衡器、德国KSB集团、汇锋文化共同组建的中心在恒达衡器揭牌。"
    found = [m for m in extract_actors(text, use_gazetteer=False) if m.kind == "org"]
    names = [m.name for m in found]
    assert {"恒达衡器", "汇锋文化"} <= set(names)
    assert names.count("恒达衡器") == 2     # the second mention is found from the first


def test_a_list_of_kinds_is_no_list_of_names():
    assert orgs("调查高新技术企业、规模以上工业企业等企业的需求。", use_gazetteer=False) == {}


# --- organisations: development zones and boundaries ----------------------------------------

def test_zone_named_by_its_place():
    found = orgs("长子经开区新签约项目3个。", use_gazetteer=False)
    assert found["长子经开区"]["canonical"] == "长子经济技术开发区"


def test_bare_zone_resolves_to_the_jurisdiction_named_before_it():
    text = "潞城区今年引进项目20个,其中经开区新落地项目12个。"
    zone = [m for m in extract_actors(text) if m.kind == "org" and m.name == "经开区"][0]
    assert zone.canonical == "潞城经济技术开发区" and zone.based_in == "潞城区"


def test_bare_zone_after_a_city_body_keeps_the_city_zone():
    text = "形成“市科技局+高新区+经开区”的工作机制。"
    zone = [m for m in extract_actors(text) if m.kind == "org" and m.name == "经开区"][0]
    assert zone.canonical == "长治经济技术开发区"     # the corpus gazetteer's city zone


@pytest.mark.parametrize("sentence, name", [
    ("届时屯留县经济技术开发区将成为试验田。", "屯留县经济技术开发区"),     # not 届时…
    ("县里积极筹划屯留经济技术开发区申报工作。", "屯留经济技术开发区"),     # not 筹划…
    ("园区内山西特瓦时能源科技有限公司的生产线全速运转。", "山西特瓦时能源科技有限公司"),   # not 内…
    ("2025年山西省科协年会在大同举办。", "山西省科协"),                  # not 年…
    ("在山西纳安健康科技有限公司的车间里。", "山西纳安健康科技有限公司"),  # 健康 inside the name
])
def test_boundaries_stop_at_verbs_measure_and_time_words(sentence, name):
    assert name in orgs(sentence)   # the corpus dictionary knows 屯留 as a place


@pytest.mark.parametrize("sentence", [
    "我市两个重点实验室和3个技术创新中心名列其中。",     # counted things
    "企业积极申报长治市重点实验室。",                  # a status, not an organisation
    "规划了占地很大的大型精细煤化工园区。",             # a description
])
def test_kinds_and_designations_are_no_organisations(sentence):
    assert orgs(sentence, use_gazetteer=False) == {}


# --- places ------------------------------------------------------------------------------

def places(text: str, **options) -> dict[str, dict]:
    return {m.name: m.as_dict() for m in extract_actors(text, **options) if m.kind == "place"}


def test_village_after_its_county():
    found = places("清晨的沁县西凹村,炊烟袅袅。")
    assert found["西凹村"]["type"] == "township_village"


def test_country_standing_alone_but_not_inside_an_organisation():
    found = places("企业引进德国技术,与德国KSB集团合作。", use_gazetteer=False)
    assert found["德国"]["type"] == "country" and found["德国"]["start"] == 4
    assert "德国KSB集团" in orgs("企业引进德国技术,与德国KSB集团合作。", use_gazetteer=False)


@pytest.mark.parametrize("sentence", ["这里曾是国家级贫困县。", "全县建成10个专业村。", "项目区内道路平整。"])
def test_kinds_of_counties_and_villages_are_no_places(sentence):
    assert places(sentence, use_gazetteer=False) == {}


def test_names_with_an_industry_word_and_no_company_suffix():
    found = orgs("潞宝焦化和宏源热电签约,余吾煤业完成改造。", use_gazetteer=False)
    assert {"潞宝焦化", "宏源热电", "余吾煤业"} <= set(found)
    assert orgs("发展现代煤化工和精细化工,独立焦化企业退出。", use_gazetteer=False) == {}
