"""Claims on text the extractor was not written against: units, hedges and their scope, ranges, name-ordinals.

Every sentence here is made up for the test (none is copied from a corpus or a
development-set page); each test names the rule it checks (issue 13).
"""
from __future__ import annotations

import pytest

from czlib import extract_claims
from czlib.analysis.claims.quantities import numeric_mentions


def claims_of(text: str) -> dict[str, dict]:
    return {c.raw: c.as_dict() for c in extract_claims(text)}


def one(text: str) -> dict:
    found = list(claims_of(text).values())
    assert len(found) == 1, found
    return found[0]


# --- units, with their standard conversion ------------------------------------------------

@pytest.mark.parametrize("sentence, raw, value, unit, std_value, std_unit", [
    ("新园区规划用地12平方公里。", "12平方公里", 12, "平方公里", 12_000_000, "平方米"),
    ("示范林场新增造林80公顷。", "80公顷", 80, "公顷", 800_000, "平方米"),
    ("湿地保护面积约为3.5km2。", "3.5km2", 3.5, "平方公里", 3_500_000, "平方米"),   # km² after NFKC
    ("试验田面积达到40hm2。", "40hm2", 40, "公顷", 400_000, "平方米"),
    ("合作社流转土地600亩。", "600亩", 600, "亩", 400_000, "平方米"),
    ("新厂房建筑面积2.4万平方米。", "2.4万平方米", 24_000, "平方米", 24_000, "平方米"),
    ("屋顶电站装机8.6MW。", "8.6MW", 8.6, "兆瓦", 8_600, "千瓦"),
    ("每台充电桩功率120kW。", "120kW", 120, "千瓦", 120, "千瓦"),
    ("风电场总装机容量达30万千瓦。", "30万千瓦", 300_000, "千瓦", 300_000, "千瓦"),
    ("光伏电站一年发电1.6亿度。", "1.6亿度", 160_000_000, "千瓦时", 160_000_000, "千瓦时"),
    ("储能站单次放电4000千瓦时。", "4000千瓦时", 4000, "千瓦时", 4000, "千瓦时"),
    ("园区年用电量降低了900kWh。", "900kWh", 900, "千瓦时", 900, "千瓦时"),
    ("每袋杂粮净重250g。", "250g", 250, "克", 0.25, "公斤"),
    ("礼盒装每盒重1.5kg。", "1.5kg", 1.5, "公斤", 1.5, "公斤"),
    ("每份样品取样20克。", "20克", 20, "克", 0.02, "公斤"),
    ("亩产鲜果3000斤。", "3000斤", 3000, "斤", 1500, "公斤"),
    ("村民一天能晾晒5千斤红枣。", "5千斤", 5000, "斤", 2500, "公斤"),
    ("一次装运3千克种子。", "3千克", 3, "公斤", 3, "公斤"),
    ("冷库年周转鲜菜2万吨。", "2万吨", 20_000, "吨", 20_000_000, "公斤"),
    ("新修产业路4.5公里。", "4.5公里", 4.5, "公里", 4500, "米"),
    ("跑道全长800米。", "800米", 800, "米", 800, "米"),
    ("输送管线总长12km。", "12km", 12, "公里", 12_000, "米"),
    ("养殖场存栏肉牛1200头。", "1200头", 1200, "头", 1200, "头"),
    ("基地年出栏蛋鸡8万只。", "8万只", 80_000, "只", 80_000, "只"),
    ("沿河栽种垂柳600棵。", "600棵", 600, "棵", 600, "棵"),
])
def test_units_and_standard_values(sentence, raw, value, unit, std_value, std_unit):
    c = claims_of(sentence)[raw]
    assert (c["value"], c["unit"]) == (value, unit)
    assert c["std_value"] == pytest.approx(std_value) and c["std_unit"] == std_unit


def test_degree_is_electricity_only_when_the_clause_speaks_of_it():
    assert one("该项目每年可发电3000万度。")["unit"] == "千瓦时"
    assert claims_of("室外气温低至零下15度。") == {}


def test_latin_letters_that_are_no_unit_stay_codes():
    assert claims_of("变电站电压等级为220kV,全面覆盖5G信号。") == {}


def test_population_without_a_measure_word():
    c = one("该县总人口约26万,以农业为主。")
    assert (c["value"], c["unit"], c["qualifier"]) == (260_000, "人", "approx")
    assert one("全镇人口1.8万。")["value"] == 18_000


def test_colloquial_height():
    c = one("老农笑着说,这棵向日葵比我一米七五的个子还高。")
    assert (c["value"], c["unit"]) == (1.75, "米")


# --- hedges and their scope ---------------------------------------------------------------

@pytest.mark.parametrize("sentence, raw, qualifier", [
    ("今年全县粮食产量突破5万吨。", "突破5万吨", "more_than"),
    ("全市科技型企业超过600家。", "超过600家", "more_than"),
    ("新增就业岗位逾2000个。", "逾2000个", "more_than"),
    ("良种覆盖率达到95%以上。", "95%以上", "at_least"),
    ("每户年收入在3万元以下。", "3万元以下", "at_most"),
    ("合格率不足60%。", "不足60%", "less_than"),
    ("展会吸引观众近5万人次。", "近5万人次", "less_than"),
    ("项目投资约8亿元。", "约8亿元", "approx"),
    ("每亩增收1500元左右。", "1500元左右", "approx"),
])
def test_hedges(sentence, raw, qualifier):
    assert claims_of(sentence)[raw]["qualifier"] == qualifier


def test_hedge_after_a_list_covers_the_list():
    found = claims_of("两个基地的出苗率分别为92%、96%以上。")
    assert found["92%"]["qualifier"] == "at_least"
    assert found["96%以上"]["qualifier"] == "at_least"


def test_hedge_after_a_list_stops_at_another_unit_or_a_hedged_figure():
    found = claims_of("建成温室20座、冷库6000吨以上。")
    assert found["20座"]["qualifier"] == "exact"
    found = claims_of("成活率约85%、90%以上。")
    assert found["约85%"]["qualifier"] == "approx"


def test_highest_and_lowest_are_exact_extremes():
    found = claims_of("这里海拔最高2100米,最低640米。")
    assert found["2100米"]["qualifier"] == "exact"
    assert found["640米"]["qualifier"] == "exact"
    assert one("单个项目补贴最高50万元。")["qualifier"] == "at_most"


# --- ranges -------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, raw, value, value_max", [
    ("每名学员培训3-5天。", "3-5天", 3, 5),
    ("单笔贷款额度为10--30万元。", "10--30万元", 100_000, 300_000),
    ("预计工期为6—8个月。", "6—8个月", 6, 8),
    ("一期用地30——50亩。", "30——50亩", 30, 50),
    ("每天接待游客2000～3000人。", "2000~3000人", 2000, 3000),       # ～ becomes ~ under NFKC
    ("每个村配备2至4名技术员。", "2至4名", 2, 4),
    ("每棵树挂果20到30斤。", "20到30斤", 20, 30),
    ("村里新办了五六个合作社。", "五六个", 5, 6),
    ("再过三四年就能见效。", "三四年", 3, 4),
    ("请来了七八位专家。", "七八位", 7, 8),
    ("每天有二三十人来务工。", "二三十人", 20, 30),
    ("村口种了一两棵老槐树。", "一两棵", 1, 2),
])
def test_ranges(sentence, raw, value, value_max):
    import unicodedata

    c = claims_of(unicodedata.normalize("NFKC", sentence))[raw]
    assert (c["value"], c["value_max"], c["qualifier"]) == (value, value_max, "range")


def test_adjacent_digit_range_does_not_crash_the_table():
    # the TypeError of issue 13: m.group("sep") is None for 五六个
    assert numeric_mentions("他们走访了五六个乡镇、三四个园区。")


def test_hundred_billion_without_a_digit():
    c = one("打造一个百亿元以上的产业集群。")
    assert (c["value"], c["unit"], c["qualifier"]) == (1e10, "元", "at_least")


# --- numbers inside names -----------------------------------------------------------------

@pytest.mark.parametrize("sentence, raw", [
    ("全县上下深入学习党的二十大精神。", "党的二十大"),
    ("十九大以来,乡村面貌焕然一新。", "十九大"),
    ("这是“十四五”期间的重点工程。", "十四五"),
    ("第二十六届农民丰收节在县城开幕。", "第二十六届"),
])
def test_numbers_inside_names_are_name_ordinals(sentence, raw):
    at = sentence.index(raw)
    kinds = [m["kind"] for m in numeric_mentions(sentence) if m["start"] < at + len(raw) and at < m["end"]]
    assert kinds and set(kinds) <= {"name", "ordinal"}, kinds
    assert claims_of(sentence) == {}


def test_ten_big_chains_stays_a_count():
    assert one("围绕四大产业布局新项目。")["value"] == 4


# --- what a claim is: modality, source -----------------------------------------------------

@pytest.mark.parametrize("sentence, raw, modality, cue", [
    ("去年全县新建冷库12座。", "12座", "reported", ""),
    ("力争明年新增规上企业30家。", "30家", "target", "力争"),
    ("争取年底前建成标准化厂房5栋。", "5栋", "target", "争取"),
    ("确保全年完成造林2万亩。", "2万亩", "target", "确保"),
    ("目标是让农民人均增收800元。", "800元", "target", "目标是"),
    ("到2030年,全市新能源装机达到600万千瓦。", "600万千瓦", "target", "到2030年"),
    ("园区计划投资3亿元建设孵化楼。", "3亿元", "plan", "计划"),
    ("该企业拟新上4条生产线。", "4条", "plan", "拟"),
    ("下一步,县里将培训致富带头人200名。", "200名", "plan", "将"),
    ("新馆即将迎来10万名观众。", "10万名", "plan", "即将"),
    ("预计今年销售收入达到9000万元。", "9000万元", "forecast", "预计"),
    ("这项技术有望使成本下降15%。", "15%", "forecast", "有望"),
    ("大棚建成后,每年可产蔬菜500吨。", "500吨", "forecast", "建成后"),
])
def test_modality_cues(sentence, raw, modality, cue):
    c = claims_of(sentence)[raw]
    assert (c["modality"], c["modality_cue"]) == (modality, cue)


def test_a_forecast_frames_the_clauses_after_it():
    found = claims_of("预计到2028年,园区入驻企业60家,年产值80亿元。")
    assert found["60家"]["modality"] == found["80亿元"]["modality"] == "forecast"


def test_a_past_marker_ends_the_frame_and_cues_after_the_figure_do_not_count():
    found = claims_of("计划总投资12亿元,目前已完成投资4亿元。")
    assert found["12亿元"]["modality"] == "plan"
    assert found["4亿元"]["modality"] == "reported"
    assert one("去年引进人才40名,今后还将继续引进。")["modality"] == "reported"


def test_jiang_before_a_noun_marks_the_object_not_the_future():
    assert one("合作社将8台旧设备全部更新。")["modality"] == "reported"


def test_plan_words_used_as_nouns_do_not_frame_a_report():
    c = one("省里公布了科技计划拟支持名单,我县有6个项目入选。")
    assert c["modality"] == "reported"


def test_source_is_the_quoted_speaker_or_the_narrator():
    from czlib import extract_quotes

    text = "全镇今年种植辣椒3000亩。“我们合作社去年卖了80万元。”理事长王秀英笑着说。"
    quotes = extract_quotes(text)
    found = {c.raw: c for c in extract_claims(text, quotes=quotes)}
    assert found["3000亩"].source == "narrator" and found["3000亩"].quote_start is None
    assert found["80万元"].source == "王秀英"
    assert found["80万元"].quote_start == next(q.quote_start for q in quotes if q.speaker == "王秀英")
    # without quotes given, extract_claims finds them itself
    assert {c.raw: c.source for c in extract_claims(text)}["80万元"] == "王秀英"


def test_paraphrase_gives_the_speaker_too():
    text = "县农业农村局局长赵立新介绍,全县已建成高标准农田8.5万亩。"
    assert one(text)["source"] == "赵立新"


# --- superlatives and firsts --------------------------------------------------------------

@pytest.mark.parametrize("sentence, kind, phrase, scope_level, subject", [
    ("该基地是全省首家数字化育苗工厂。", "first", "全省首家", "province", "数字化育苗工厂"),
    ("这是全国唯一的高寒谷子种质资源库。", "only", "全国唯一", "national", "高寒谷子种质资源库"),
    ("企业研制的传感器填补了国内空白。", "gap_filled", "填补了国内空白", "national", "传感器"),
    ("新建的储能电站是亚洲最大规模的液流电池项目。", "superlative", "亚洲最大规模", "region", "液流电池项目"),
    ("我国第一台此类设备在这里下线。", "first", "我国第一台", "national", "设备"),
    ("该县粮食单产位居全省前列。", "top", "全省前列", "province", "粮食单产"),
    ("今年的游客人数创历史新高。", "record", "创历史新高", "", "游客人数"),
])
def test_superlatives(sentence, kind, phrase, scope_level, subject):
    from czlib import extract_superlatives

    found = extract_superlatives(sentence)
    assert len(found) == 1, found
    s = found[0]
    assert (s.kind, s.phrase, s.scope_level) == (kind, phrase, scope_level)
    assert subject in s.subject
    assert sentence[s.start:s.end] == s.phrase and s.sentence == sentence


@pytest.mark.parametrize("sentence", [
    "人才是第一资源,要最大限度激发活力。",
    "他第一次来到这个村。",
    "大家坚守在抗洪第一线。",
    "首批学员已经结业。",
])
def test_ordinary_sentences_have_no_superlative(sentence):
    from czlib import extract_superlatives

    assert extract_superlatives(sentence) == []
