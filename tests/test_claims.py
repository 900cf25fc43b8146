"""Tests for czlib.analysis.claims.claims and czlib.text.numerals.

Seed examples are sentences copied from the four corpus documents (NFKC-normalised
the way czlib.corpus.reading.articles normalises them); each test names the document it checks.
"""
from __future__ import annotations

import unicodedata
from collections import Counter

import pandas as pd
import pytest

from czlib import claims_table, dates_table, extract_claims, quotes_table
from czlib.analysis.claims import consistency
from czlib.analysis.claims.dates import parse_date_mention, resolve_date
from czlib.analysis.claims.quantities import numeric_mentions
from czlib.text.numerals import (
    NumeralError,
    parse_arabic,
    parse_chinese_numeral,
    parse_number,
    parse_vague_numeral,
)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def claim_dicts(text: str) -> list[dict]:
    """The Claim records of ``text`` as dicts."""
    return [c.as_dict() for c in extract_claims(text)]


def only(text: str) -> dict:
    """The single claim in a seed sentence."""
    found = claim_dicts(nfkc(text))
    assert len(found) == 1, found
    return found[0]


def by_raw(text: str) -> dict[str, dict]:
    return {q["raw"]: q for q in claim_dicts(nfkc(text))}


# ---------------------------------------------------------------------------
# numerals
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("三", 3), ("十五", 15), ("二十一", 21), ("两", 2), ("十", 10), ("一百零五", 105),
    ("三千", 3000), ("两万", 20000), ("一亿二千万", 120_000_000), ("二〇二二", 2022), ("十七", 17),
])
def test_parse_chinese_numeral(text, value):
    assert parse_chinese_numeral(text) == value


@pytest.mark.parametrize("bad", ["", "三七a", "万山", "两两"])
def test_parse_chinese_numeral_rejects_non_numerals(bad):
    with pytest.raises(NumeralError):
        parse_chinese_numeral(bad)


def test_parse_number_arabic_with_separators_and_multipliers():
    # 001 技术合同交易额50527.94万元; 002 潞党参栽培面积3.59万亩; 001 19.3亿元
    assert parse_arabic("50,527.94") == 50527.94
    assert parse_number("50527.94万") == 505_279_400
    assert parse_number("3.59万") == 35_900
    assert parse_number("19.3亿") == 1_930_000_000
    assert parse_number("二十一") == 21


def test_parse_vague_numeral():
    # 002 未来科技估值达数十亿元
    assert parse_vague_numeral("数十") == (20, 90)
    assert parse_vague_numeral("数十亿") == (2e9, 9e9)
    assert parse_vague_numeral("上百") == (100, 200)
    with pytest.raises(NumeralError):
        parse_vague_numeral("三十")


# ---------------------------------------------------------------------------
# The issue's examples, one by one
# ---------------------------------------------------------------------------

def test_issue_example_106_universities_and_500_plus_results():
    # 002: 与省内外106所高校达成500余项合作成果
    q = by_raw("持续深化与国内知名高校、科研院所的合作,与省内外106所高校达成500余项合作成果,集聚了一大批人才。")
    assert set(q) == {"106所", "500余项"}
    assert (q["106所"]["value"], q["106所"]["unit"], q["106所"]["qualifier"]) == (106, "所", "exact")
    assert q["106所"]["subject"] == "高校"
    assert q["106所"]["category"] == "institutions"
    assert (q["500余项"]["value"], q["500余项"]["unit"], q["500余项"]["qualifier"]) == (500, "项", "more_than")
    assert q["500余项"]["subject"] == "合作成果"
    assert q["500余项"]["hedge"] == "余"


def test_issue_example_contract_turnover_in_wan_yuan():
    # 001: 技术合同交易额50527.94万元
    q = by_raw("2023年度,长治市引进北京市科技成果82项,技术合同交易额50527.94万元。")["50527.94万元"]
    assert q["raw"] == "50527.94万元"
    assert q["value"] == 505_279_400 and q["unit"] == "元" and q["measure"] == "万元"
    assert q["category"] == "money" and q["subject"] == "技术合同交易额"


def test_issue_example_investment_in_yi_yuan():
    # 001: 合作项目投资金额达19.3亿元
    q = only("合作项目投资金额达19.3亿元,一个个成长性好的高精尖项目在长治落地开花。")
    assert (q["value"], q["unit"], q["qualifier"]) == (1_930_000_000, "元", "exact")
    assert q["subject"] == "合作项目投资金额"


def test_issue_example_area_share_and_fraction():
    # 002: 潞党参栽培面积3.59万亩,占全省的90%,但却不到甘肃定西市的1/10
    q = by_raw("近年来,全市潞党参栽培面积3.59万亩,占全省的90%,但却不到甘肃定西市的1/10。")
    assert (q["3.59万亩"]["value"], q["3.59万亩"]["unit"]) == (35_900, "亩")
    assert q["3.59万亩"]["category"] == "area"
    assert (q["90%"]["value"], q["90%"]["unit"], q["90%"]["category"]) == (90, "%", "share")
    # The hedge 不到 is separated from the fraction by a noun phrase: it is
    # recorded, but the raw span stays the number itself.
    assert (q["1/10"]["value"], q["1/10"]["unit"], q["1/10"]["qualifier"]) == (10, "%", "less_than")
    assert q["1/10"]["hedge"] == "不到"


def test_issue_example_ranges_with_multiplier_on_both_ends():
    # 002: 亩效益由8000—10000元,增加到5—10万元
    q = by_raw("实现潞党参由“论斤卖”变为“论根卖”,亩效益由8000—10000元,增加到5—10万元,实现发展愿景。")
    low = q["8000—10000元"]
    assert (low["value"], low["value_max"], low["unit"], low["qualifier"]) == (8000, 10000, "元", "range")
    high = q["5—10万元"]
    assert (high["value"], high["value_max"], high["unit"], high["qualifier"]) == (50_000, 100_000, "元", "range")
    assert low["subject"] == high["subject"] == "亩效益"


def test_issue_example_visitors_more_than():
    # 003: 接待观众超103万人次 … 覆盖各类群体逾18万人次
    q = by_raw("2025年,该馆接待观众超103万人次,举办各类特色文化活动500余场,覆盖各类群体逾18万人次。")
    assert (q["超103万人次"]["value"], q["超103万人次"]["unit"], q["超103万人次"]["qualifier"]) == (
        1_030_000, "人次", "more_than")
    assert q["超103万人次"]["subject"] == "观众"
    assert (q["逾18万人次"]["value"], q["逾18万人次"]["qualifier"]) == (180_000, "more_than")
    assert (q["500余场"]["value"], q["500余场"]["unit"]) == (500, "场")
    assert "2025年" not in q


@pytest.mark.parametrize("sentence, raw, value, value_max, unit, qualifier", [
    ("厂房里机器轰鸣,三条生产线平稳运行。", "三条", 3, None, "条", "exact"),                       # 003
    ("北京冬奥会上供应了十五台空气消毒机。", "十五台", 15, None, "台", "exact"),
    ("共有二十一个项目入选。", "二十一个", 21, None, "个", "exact"),
    ("长治市委要求敢于给这两位青年博士“压担子”。", "两位", 2, None, "位", "exact"),              # 002
    ("未来科技估值达数十亿元。", "数十亿元", 2e9, 9e9, "元", "range"),                            # 002
    ("年产量达2200万平方米,产品畅销国内外。", "2200万平方米", 22_000_000, None, "平方米", "output"),  # 002
    ("线上线下参观动物标本馆人数达 30 多万人次。", "30 多万人次", 300_000, None, "人次", "more_than"),  # 000
    ("集团近年来累计投入近15亿元进行绿色低碳改造。", "近15亿元", 1.5e9, None, "元", "less_than"),  # 003
    ("工程审批时限压减85%以上,为科技项目落地提供支撑。", "85%以上", 85, None, "%", "at_least"),     # 003
    ("2025年产值在4000万元左右。", "4000万元左右", 4e7, None, "元", "approx"),                    # 003
    ("企业开办时限压缩至2小时内。", "2小时内", 2, None, "小时", "at_most"),                        # 003
    ("正积极组建规模超30家的“研究院联盟”。", "超30家", 30, None, "家", "more_than"),              # 003
    ("年产值超过500万元。", "超过500万元", 5e6, None, "元", "more_than"),
    ("厂区每天包装约24吨颗粒。", "约24吨", 24, None, "吨", "approx"),
    ("产品厚度从行业通用的4毫米开始一路降低。", "4毫米", 4, None, "毫米", "exact"),                # 002
    ("馆内珍藏抗战文物8745件(套)。", "8745件(套)", 8745, None, "件(套)", "exact"),              # 003
    ("培育种植苦参、连翘等 100 余种中药材。", "100 余种", 100, None, "种", "more_than"),          # 000
    ("选拔10名专家到长治10家企业开展技术服务。", "10名", 10, None, "名", "exact"),               # 001
    ("累计开展多形式科技服务100余次。", "100余次", 100, None, "次", "more_than"),                  # 001
    ("毕业生就业率连续多年保持在 96% 以上。", "96% 以上", 96, None, "%", "at_least"),            # 000
    ("项目数量为3-5个。", "3-5个", 3, 5, "个", "range"),
    ("项目数量为3~5个。", "3~5个", 3, 5, "个", "range"),
    ("项目数量为3至5个。", "3至5个", 3, 5, "个", "range"),
    ("项目数量为3到5个。", "3到5个", 3, 5, "个", "range"),
    ("百分之九十的企业参与。", "百分之九十", 90, None, "%", "exact"),
    ("产值突破1,200万元。", "突破1,200万元", 12_000_000, None, "元", "more_than"),    # issue 13: 突破 is a hedge
    ("成功入选并位列榜单第73位。", "第73位", 73, None, "rank", "exact"),                          # 003
])
def test_quantity_forms(sentence, raw, value, value_max, unit, qualifier):
    found = {q["raw"]: q for q in claim_dicts(nfkc(sentence))}
    assert raw in found, found
    q = found[raw]
    assert q["value"] == pytest.approx(value)
    assert (q["value_max"] is None) if value_max is None else q["value_max"] == pytest.approx(value_max)
    assert q["unit"] == unit
    expected_qualifier = "exact" if qualifier == "output" else qualifier
    assert q["qualifier"] == expected_qualifier
    if qualifier == "output":
        assert q["category"] == "output"


@pytest.mark.parametrize("sentence, expected_unit", [
    ("与省内外106所高校", "所"), ("长治10家企业", "家"), ("214项需求", "项"), ("47个项目", "个"),
    ("10名专家", "名"), ("3位院士", "位"), ("103万人次", "人次"), ("3000 亩", "亩"), ("1万吨", "吨"),
    ("15台空气消毒机", "台"), ("500余场活动", "场"), ("两次到村里", "次"), ("100 余种中药材", "种"),
])
def test_measure_words_become_units(sentence, expected_unit):
    assert only(sentence)["unit"] == expected_unit


def test_raw_is_the_exact_span_with_adjacent_hedges():
    text = nfkc("集团累计投入近15亿元,工程审批时限压减85%以上,接待观众超103万人次,达成500余项合作成果。")
    for q in claim_dicts(text):
        assert text[q["start"]:q["end"]] == q["raw"]
    assert [q["raw"] for q in claim_dicts(text)] == ["近15亿元", "85%以上", "超103万人次", "500余项"]


def test_jin_before_years_is_a_time_frame_not_a_hedge():
    # 000: 近 3 年开展 140 余项新技术项目 — "in the past three years"
    q = by_raw("近 3 年开展 140 余项新技术项目,其中 80 项填补区域空白。")
    assert q["3 年"]["qualifier"] == "exact" and q["3 年"]["category"] == "duration"
    assert q["140 余项"]["qualifier"] == "more_than"


def test_the_article_yi_is_not_a_count():
    # 002: 他培养的…高鹏…将和当地一位女孩喜结良缘; 一个个, 一间间 are reduplication.
    assert claim_dicts("近期将和当地一位女孩喜结良缘。一个个成长性好的项目。") == []


# ---------------------------------------------------------------------------
# Not quantities
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, raw, kind", [
    ("2022年,集团与上海大学共建基地。", "2022年", "date"),                        # 003
    ("4月19日,在长治市潞州区首次核酸检测之后。", "4月19日", "date"),             # 002
    ("今年 5 月 30 日,我们迎来第九个“全国科技工作者日”。", "今年 5 月 30 日", "date"),  # 000
    ("今年 5 月 30 日,我们迎来第九个“全国科技工作者日”。", "第九个", "ordinal"),   # 000
    ("刘立新博士是一位“60后”湖南籍杰出人才。", "60后", "cohort"),               # 002
    ("武汉理工大学2020届材料科学与工程系硕士研究生高鹏。", "2020届", "cohort"),    # 002
    ("联系电话:0355-2113499", "0355-2113499", "code"),                          # 002 web chrome
    ("晋ICP备06001850号", "ICP备06001850", "code"),                              # 002 web chrome
    ("山西日盛达2×1000TD光伏玻璃生产线。", "2×1000TD", "code"),                  # 002
    ("已经开展了特种钢材料、3D打印等多项研究。", "3D", "code"),                  # 003
    ("为全省“十五五”良好开局贡献更多力量。", "十五五", "name"),                   # 003
    ("学习贯彻党的二十届四中全会精神。", "四中全会", "name"),                     # 003
    ("清晨7时30分,壶关经济开发区。", "7时30分", "time"),                         # 003
    ("认真落实省委“五个先行”要求。", "五个", "slogan"),                          # 002
    ("制定《长治市检验检测助力产业优化升级十条措施》等。", "十条", "name"),          # 000
    ("科技成果的“实验田”......2023年,在科技领域。", "2023年", "date"),            # 001, after an ellipsis
])
def test_non_quantities_are_classified_apart(text, raw, kind):
    text = nfkc(text)
    mentions = {m["raw"]: m for m in numeric_mentions(text)}
    assert raw in mentions, mentions
    assert mentions[raw]["kind"] == kind
    assert raw not in {q["raw"] for q in claim_dicts(text)}


def test_ordinal_that_counts_is_a_claim():
    # 002: 这是…该校与长治市开展的第11个合作项目
    q = only("这是国内顶尖高校清华大学在长治市建设的又一处基地,也是该校与长治市开展的第11个合作项目。")
    assert (q["raw"], q["value"], q["category"], q["subject"]) == ("第11个", 11, "ordinal", "合作项目")


def test_ranking_is_a_claim():
    # 003: 成功入选并位列榜单第73位
    q = only("成功入选并位列榜单第73位,彰显了其重要地位。")
    assert q["category"] == "ranking" and q["value"] == 73


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

def test_parse_and_resolve_dates():
    m = parse_date_mention("今年 5 月 30 日")
    assert (m["relative"], m["month"], m["day"], m["precision"]) == ("今年", 5, 30, "day")
    assert resolve_date(m, "2025-05") == "2025-05-30"                       # 000
    assert resolve_date(parse_date_mention("去年10月份"), "2022-04-27") == "2021-10"  # 002
    assert resolve_date(parse_date_mention("2025年12月初"), "2026-01") == "2025-12"   # 003
    # A month later than the document's month is last year's.
    assert resolve_date(parse_date_mention("12月"), "2026-01") == "2025-12"
    assert resolve_date(parse_date_mention("4月19日"), None) == ""
    assert parse_date_mention("2023年度")["year"] == 2023


# ---------------------------------------------------------------------------
# Tables and checks on a small articles table built from seed sentences
# ---------------------------------------------------------------------------

def seed_articles(*texts: str, date: str = "2024-06") -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["seed"] * len(texts),
        "article_id": [f"seed-{i:02d}" for i in range(1, len(texts) + 1)],
        "title": [""] * len(texts),
        "date": [date] * len(texts),
        "text": [nfkc(t) for t in texts],
    })


SUM_SENTENCE = ("2023年度,长治市引进北京市科技成果82项,技术合同交易额50527.94万元。其中,技术服务合同30项,"
                "技术开发合同38项,技术转让合同3项,技术咨询合同11项。")


def test_check_sums_contracts_add_up_to_82():
    # 001: 引进北京市科技成果82项 = 30 + 38 + 3 + 11
    sums = consistency.check_sums(claims_table(seed_articles(SUM_SENTENCE)))
    row = sums[sums["total_raw"] == "82项"].iloc[0]
    assert row["parts_raw"] == "30项 + 38项 + 3项 + 11项"
    assert row["status"] == "adds_up" and row["difference"] == 0


def test_check_sums_flags_a_total_that_does_not_add_up():
    sums = consistency.check_sums(claims_table(seed_articles(SUM_SENTENCE.replace("82项", "83项"))))
    row = sums[sums["total_raw"] == "83项"].iloc[0]
    assert row["status"] == "does_not_add_up" and row["difference"] == 1


def test_check_sums_in_all_list_against_people_total():
    # 001: 3位…、2位…、6位…、70多家…等共95个国家和地区的500余名代表
    text = ("3位国内外院士、2位驻华使节、6位国际组织代表、70多家国内外高端智库单位等共95个国家和地区的"
            "500余名代表齐聚一堂。")
    row = consistency.check_sums(claims_table(seed_articles(text))).iloc[0]
    assert (row["rule"], row["total_raw"], row["parts_sum"], row["status"]) == (
        "共 (in all)", "500余名", 11, "within_total")
    assert "70多家" in row["note"]


def test_check_sums_list_matching_a_nearby_total():
    # invented: 3个…、2个…基地 then a count of 5个 bases in the next sentence (a total, not a label)
    text = "学院已在县里建成3个实习实训基地、2个就业创业基地。目前全县共有高校基地5个。"
    rows = consistency.check_sums(claims_table(seed_articles(text)))
    row = rows[rows["rule"] == "list"].iloc[0]
    assert (row["total_raw"], row["parts_sum"], row["status"]) == ("5个", 5, "adds_up")


FOUR_BEAMS = ("着力构筑“四梁八柱”一站式人才服务体系,即“四梁”:抓队伍强化工作支撑、抓投入强化经费支撑、抓阵地强化平台支撑、"
              "抓网络强化体系支撑;“八柱”:配齐配强市县深化省校合作工作力量、组建长治人才集团、设立长治人才发展基金会、"
              "制定人才硬核政策、推进人力资源产业园建设、实施人才安居工程、完善高层次人才和高技能人才发展工作联盟机制、"
              "建立深化省校合作专项考核机制。")


def test_check_enumerations_four_beams_eight_pillars():
    # 002: 四梁八柱 names four 梁 and eight 柱
    enum = consistency.check_enumerations(seed_articles(FOUR_BEAMS)).set_index("label")
    assert (enum.loc["四梁", "listed"], enum.loc["四梁", "status"]) == (4, "matches")
    assert (enum.loc["八柱", "listed"], enum.loc["八柱", "status"]) == (8, "matches")
    assert (enum.loc["四梁八柱", "announced"], enum.loc["四梁八柱", "status"]) == (12, "matches")


def test_check_enumerations_detects_a_mismatch_and_a_partial_list():
    # 003: 聚焦新材料、节能环保、生物医药三大战略性新兴产业 (three named: matches)
    enum = consistency.check_enumerations(seed_articles(
        "同时,聚焦新材料、节能环保、生物医药三大战略性新兴产业。",
        "同时,聚焦新材料、生物医药三大战略性新兴产业。",
        "项目涉及新能源与高效节能、生物医药和医疗器械、电子信息等10个领域。",  # 001
    ))
    assert list(enum["status"]) == ["matches", "mismatch", "partial"]
    assert list(enum["listed"]) == [3, 2, 3]


def test_check_shares_flags_out_of_range_and_implies_the_whole():
    claims = claims_table(seed_articles(
        "全市潞党参栽培面积3.59万亩,占全省的90%,但却不到甘肃定西市的1/10。",   # 002
        "产值已占到全省的120%。",
    ))
    shares = consistency.check_shares(claims).set_index("raw")
    assert shares.loc["90%", "status"] == "ok"
    assert shares.loc["90%", "implied_whole"] == pytest.approx(35_900 / 0.9)
    assert (shares.loc["1/10", "implied_whole"], shares.loc["1/10", "implied_whole_qualifier"]) == (
        359_000, "more_than")
    assert shares.loc["120%", "status"] == "out_of_range"


def test_repeated_figures_groups_same_value_and_unit():
    claims = claims_table(seed_articles("选拔10名专家。", "为10名企业科技特派员提供条件。", "合作开展5项。"))
    rep = consistency.repeated_figures(claims)
    assert set(rep["raw"]) == {"10名"}
    assert rep["n_articles"].iloc[0] == 2 and not rep["same_subject"].iloc[0]


def test_claims_table_rejects_text_that_is_not_nfkc():
    bad = pd.DataFrame({"doc_id": ["d"], "article_id": ["d-01"], "text": ["占全省的90％"]})
    with pytest.raises(ValueError, match="d-01"):
        claims_table(bad)


def test_claims_table_names_missing_columns():
    with pytest.raises(ValueError, match="text"):
        claims_table(pd.DataFrame({"doc_id": ["d"], "article_id": ["d-01"]}))


# ---------------------------------------------------------------------------
# The real articles table
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def claims(articles) -> pd.DataFrame:
    return claims_table(articles)


def test_offsets_index_the_article_text(articles, claims):
    texts = articles.set_index("article_id")["text"]
    for row in claims.itertuples():
        assert texts[row.article_id][row.start:row.end] == row.raw
        assert texts[row.article_id][row.sentence_start:].startswith(row.sentence)
    assert claims["claim_id"].is_unique


def test_duplicated_web_article_figures_appear_once(claims):
    # 002 carries the whole article twice; 106所 and 500余项 must appear once.
    doc = claims[claims["doc_id"].str.startswith("002")]
    assert (doc["raw"] == "106所").sum() == 1
    assert (doc["raw"] == "500余项").sum() == 1


def test_years_and_dates_are_not_claims(articles, claims):
    assert not claims["raw"].str.contains(r"(?:19|20)\d\d\s*年").any()
    assert not claims["raw"].str.contains(r"\d+\s*月\s*\d+\s*日").any()
    dates = dates_table(articles)
    assert {"2022年度", "4月19日", "2023年11月", "今年 5 月 30 日", "1月21日"} <= set(dates["raw"])
    resolved = dict(zip(dates["raw"], dates["resolved"]))
    assert resolved["4月19日"] == "2022-04-19"
    assert resolved["1月21日"] == "2026-01-21"


#: Every claim the extractor finds in the seed corpus, checked by hand
#: (value, value_max, unit, qualifier): document prefix, raw, value, value_max, unit, qualifier.
HAND_CHECKED = [
    ("000", '3 年', 3, None, '年', 'exact'),
    ("000", '140 余项', 140, None, '项', 'more_than'),
    ("000", '80 项', 80, None, '项', 'exact'),
    ("000", '67 载', 67, None, '年', 'exact'),
    ("000", '30 多万人次', 300000, None, '人次', 'more_than'),
    ("000", '30 余载', 30, None, '年', 'more_than'),
    ("000", '四大', 4, None, '大', 'exact'),
    ("000", '140 余个', 140, None, '个', 'more_than'),
    ("000", '300 余项', 300, None, '项', 'more_than'),
    ("000", '100 余项', 100, None, '项', 'more_than'),
    ("000", '50 万亩', 500000, None, '亩', 'exact'),
    ("000", '100 余种', 100, None, '种', 'more_than'),
    ("000", '96% 以上', 96, None, '%', 'at_least'),
    ("000", '10 年', 10, None, '年', 'exact'),
    ("000", '3000 亩', 3000, None, '亩', 'exact'),
    ("000", '30%', 30, None, '%', 'exact'),
    ("000", '140 亩', 140, None, '亩', 'exact'),
    ("001", '14个', 14, None, '个', 'exact'),
    ("001", '214项', 214, None, '项', 'exact'),
    ("001", '8所', 8, None, '所', 'exact'),
    ("001", '两批次', 2, None, '批次', 'exact'),
    ("001", '10名', 10, None, '名', 'exact'),
    ("001", '10家', 10, None, '家', 'exact'),
    ("001", '40%', 40, None, '%', 'exact'),
    ("001", '100余次', 100, None, '次', 'more_than'),
    ("001", '5项', 5, None, '项', 'exact'),
    ("001", '5项', 5, None, '项', 'exact'),
    ("001", '10余项', 10, None, '项', 'more_than'),
    ("001", '82项', 82, None, '项', 'exact'),
    ("001", '50527.94万元', 505279400, None, '元', 'exact'),
    ("001", '30项', 30, None, '项', 'exact'),
    ("001", '38项', 38, None, '项', 'exact'),
    ("001", '3项', 3, None, '项', 'exact'),
    ("001", '11项', 11, None, '项', 'exact'),
    ("001", '10个', 10, None, '个', 'exact'),
    ("001", '10名', 10, None, '名', 'exact'),
    ("001", '14个', 14, None, '个', 'exact'),
    ("001", '3位', 3, None, '位', 'exact'),
    ("001", '2位', 2, None, '位', 'exact'),
    ("001", '6位', 6, None, '位', 'exact'),
    ("001", '70多家', 70, None, '家', 'more_than'),
    ("001", '95个', 95, None, '个', 'exact'),
    ("001", '500余名', 500, None, '名', 'more_than'),
    ("001", '11个', 11, None, '个', 'exact'),
    ("001", '3个', 3, None, '个', 'exact'),
    ("001", '47个', 47, None, '个', 'exact'),
    ("001", '19.3亿元', 1930000000, None, '元', 'exact'),
    ("001", '两座', 2, None, '座', 'exact'),
    ("002", '106所', 106, None, '所', 'exact'),
    ("002", '500余项', 500, None, '项', 'more_than'),
    ("002", '两件', 2, None, '件', 'exact'),
    ("002", '1万吨', 10000, None, '吨', 'exact'),
    ("002", '四次', 4, None, '次', 'exact'),
    ("002", '3台', 3, None, '台', 'exact'),
    ("002", '8台', 8, None, '台', 'exact'),
    ("002", '15台', 15, None, '台', 'exact'),
    ("002", '12个', 12, None, '个', 'exact'),
    ("002", '两次', 2, None, '次', 'exact'),
    ("002", '3.59万亩', 35900, None, '亩', 'exact'),
    ("002", '90%', 90, None, '%', 'exact'),
    ("002", '1/10', 10, None, '%', 'less_than'),
    ("002", '8000—10000元', 8000, 10000, '元', 'range'),
    ("002", '5—10万元', 50000, 100000, '元', 'range'),
    ("002", '4毫米', 4, None, '毫米', 'exact'),
    ("002", '94%以上', 94, None, '%', 'at_least'),
    ("002", '2200万平方米', 22000000, None, '平方米', 'exact'),
    ("002", '第11个', 11, None, '个', 'exact'),
    ("002", '3个', 3, None, '个', 'exact'),
    ("002", '2个', 2, None, '个', 'exact'),
    ("002", '5个', 5, None, '个', 'exact'),
    ("002", '2个', 2, None, '个', 'exact'),
    ("002", '12大', 12, None, '大', 'exact'),
    ("002", '4名', 4, None, '名', 'exact'),
    ("002", '数十亿元', 2000000000, 9000000000, '元', 'range'),
    ("002", '95%', 95, None, '%', 'exact'),
    ("002", '两个', 2, None, '个', 'exact'),
    ("002", '两位', 2, None, '位', 'exact'),
    ("002", '3个', 3, None, '个', 'exact'),
    ("002", '12大', 12, None, '大', 'exact'),
    ("002", '12大', 12, None, '大', 'exact'),
    ("003", '千亿级', 100000000000, None, '', 'approx'),
    ("003", '三大', 3, None, '大', 'exact'),
    ("003", '超30家', 30, None, '家', 'more_than'),
    ("003", '2小时内', 2, None, '小时', 'at_most'),
    ("003", '85%以上', 85, None, '%', 'at_least'),
    ("003", '250余家', 250, None, '家', 'more_than'),
    ("003", '16项', 16, None, '项', 'exact'),
    ("003", '五大', 5, None, '大', 'exact'),
    ("003", '30余家', 30, None, '家', 'more_than'),
    ("003", '第73位', 73, None, 'rank', 'exact'),
    ("003", '8745件(套)', 8745, None, '件(套)', 'exact'),
    ("003", '134件(套)', 134, None, '件(套)', 'exact'),
    ("003", '超103万人次', 1030000, None, '人次', 'more_than'),
    ("003", '500余场', 500, None, '场', 'more_than'),
    ("003", '30场', 30, None, '场', 'exact'),
    ("003", '逾18万人次', 180000, None, '人次', 'more_than'),
    ("003", '三条', 3, None, '条', 'exact'),
    ("003", '4000万元左右', 40000000, None, '元', 'approx'),
    ("003", '近24吨', 24, None, '吨', 'less_than'),
    ("003", '24个小时', 24, None, '小时', 'exact'),
    ("003", '3条', 3, None, '条', 'exact'),
    ("003", '10000吨', 10000, None, '吨', 'exact'),
    ("003", '1000吨', 1000, None, '吨', 'exact'),
    ("003", '近15亿元', 1500000000, None, '元', 'less_than'),
    ("003", '七大', 7, None, '大', 'exact'),
]


def test_every_claim_in_the_corpus_matches_the_hand_check(claims):
    found = Counter(
        (d[:3], raw, float(v), None if pd.isna(m) else float(m), u, q)
        for d, raw, v, m, u, q in zip(claims["doc_id"], claims["raw"], claims["value"], claims["value_max"],
                                      claims["unit"], claims["qualifier"])
    )
    expected = Counter((d, raw, float(v), None if m is None else float(m), u, q)
                       for d, raw, v, m, u, q in HAND_CHECKED)
    assert found - expected == Counter(), "claims not in the hand check"
    assert expected - found == Counter(), "hand-checked claims no longer found"


def test_corpus_consistency_checks(articles, claims):
    sums = consistency.check_sums(claims)
    row = sums[(sums["total_raw"] == "82项")].iloc[0]
    assert row["status"] == "adds_up"                       # 001
    enum = consistency.check_enumerations(articles)
    beams = enum[enum["label"] == "四梁八柱"]
    assert len(beams) >= 1 and (beams["status"] == "matches").all()   # 002
    assert (consistency.check_shares(claims)["status"] == "ok").all()


# ---------------------------------------------------------------------------
# What a claim is (issue 13): modality, source, superlatives on named seed sentences
# ---------------------------------------------------------------------------

def _claim(claims: pd.DataFrame, doc: str, raw: str) -> pd.Series:
    rows = claims[claims["doc_id"].str.startswith(doc) & (claims["raw"] == raw)]
    assert len(rows) >= 1, (doc, raw)
    return rows.iloc[0]


def test_seed_modality_reported_and_planned(claims):
    # 001 (2024 Beijing page): 2023年度,长治市引进北京市科技成果82项 is an achievement;
    # 今年,我市将继续…为10名企业科技特派员提供… is a commitment for the year (将: plan)
    assert _claim(claims, "001", "82项")["modality"] == "reported"
    assert _claim(claims, "001", "50527.94万元")["modality"] == "reported"
    ten = claims[claims["doc_id"].str.startswith("001") & (claims["raw"] == "10名")
                 & claims["sentence"].str.contains("将继续")]
    assert list(ten["modality"]) == ["plan"] and list(ten["modality_cue"]) == ["将"]
    # the other figures not reported as done (issue 25): 应用成功后,…未来科技估值达数十亿元 (forecast);
    # 正积极组建规模超30家的“研究院联盟” (plan); 将强力推动…建设“12大基地” (plan); every other seed figure is a report
    not_done = claims[claims["modality"] != "reported"]
    assert sorted(zip(not_done["raw"], not_done["modality"])) == [
        ("10名", "plan"), ("12大", "plan"), ("数十亿元", "forecast"), ("超30家", "plan")]


def test_seed_source_is_the_quoted_speaker(articles, claims):
    # 002: 崔程远表示,…产值现在已占到全省的95% (paraphrase); 003: 郝四方介绍,“集团近年来累计投入近15亿元…”;
    # 003: 陶玉 …“厂区每天包装近24吨这样的‘绿色颗粒’…”
    assert _claim(claims, "002", "95%")["source"] == "崔程远"
    assert _claim(claims, "003", "近15亿元")["source"] == "郝四方"
    assert _claim(claims, "003", "近24吨")["source"] == "陶玉"
    assert _claim(claims, "001", "82项")["source"] == "narrator"
    quotes = quotes_table(articles)
    keyed = set(zip(quotes["article_id"], quotes["quote_start"]))
    quoted = claims[claims["source"] != "narrator"]
    assert len(quoted) == 5
    for row in quoted.itertuples():
        assert (row.article_id, row.quote_start) in keyed
    assert claims[claims["source"] == "narrator"]["quote_start"].isna().all()


def test_seed_superlatives(articles):
    from czlib import pipeline

    sup = pipeline.analyse_articles(articles)["superlatives"]
    got = set(zip(sup["doc_id"].str[:3], sup["kind"], sup["phrase"]))
    assert {("002", "superlative", "全球最大规模"),        # 实现了全球最大规模的深紫外LED芯片技术产业化
            ("002", "first", "全省首家"),                   # 长治市成功跻身国家创新型城市建设,系全省首家
            ("003", "only", "全国唯一"),                    # 全国唯一全面反映八路军抗战历史的大型革命纪念馆
            ("000", "gap_filled", "填补区域空白")} <= got   # 其中80项填补区域空白
    museum = sup[sup["phrase"] == "全国唯一"].iloc[0]
    assert museum["scope_level"] == "national" and museum["subject"] == "大型革命纪念馆"
    texts = dict(zip(articles.article_id, articles.text))
    for row in sup.itertuples():
        assert texts[row.article_id][row.start:row.end] == row.phrase


def test_quote_sources_answer_as_a_scan_of_the_quotes_does_with_nested_and_overlapping_quotes():
    """claims.QuoteSources (binary search, for the thousands of quotes of a long article) gives every
    position the speaker a scan of the quotes in their order gives: the first quote holding it,
    also where quotes nest (a paraphrase around a direct quote) or overlap, and the narrator elsewhere."""
    import random

    from czlib.analysis.claims.claims import QuoteSources
    from czlib.analysis.records import Quote

    def scan(pos, quotes):  # the rule, read literally: the first quote in the list holding pos
        return next(((q.speaker, q.quote_start) for q in quotes if q.quote_start <= pos < q.quote_end),
                    ("narrator", None))

    rng = random.Random(20)
    for trial in range(200):
        quotes = []
        for k in range(rng.randint(0, 8)):
            start = rng.randint(0, 60)
            quotes.append(Quote(f"说话人{k}", 0, 2, "……", start, start + rng.randint(1, 25), "说", "direct", ""))
        sources = QuoteSources(quotes)
        for pos in range(0, 90):
            assert sources.source_of(pos) == scan(pos, quotes), (trial, pos, quotes)
    nested = [Quote("王明", 0, 2, "", 10, 40, "表示", "indirect", ""), Quote("李红", 0, 2, "", 15, 20, "说", "direct", "")]
    assert QuoteSources(nested).source_of(17) == ("王明", 10)
    assert QuoteSources(nested).source_of(45) == ("narrator", None)


# numeric_mentions skips a pattern's scan when its hint (numeric_patterns) is absent; each sentence
# below is the smallest form of its kind, so a hint narrower than its pattern loses the mention.
@pytest.mark.parametrize("sentence, raw, kind", [
    ("会议于上午9 时30分开始。", "9 时30分", "time"),        # a space between the digit and 时
    ("会议8:30开始。", "8:30", "time"),
    ("八零后青年返乡创业。", "八零后", "cohort"),             # no Arabic digit in the text
    ("他是2020 级学生。", "2020 级", "cohort"),
    ("咨询电话0355-2113499。", "0355-2113499", "code"),
    ("谋划“十四五”发展。", "十四五", "name"),
    ("推进工业4.0建设。", "工业4.0", "name"),
    ("全市总人口35万。", "35万", "claim"),
    ("他身高一米八。", "一米八", "claim"),
    ("占全省的3/4。", "3/4", "claim"),
    ("打造千亿级产业集群。", "千亿级", "claim"),
    ("仅占三分之一。", "三分之一", "claim"),
])
def test_hinted_patterns_still_find_their_smallest_mentions(sentence, raw, kind):
    found = [(m["raw"], m["kind"]) for m in numeric_mentions(sentence)]
    assert found == [(raw, kind)]
