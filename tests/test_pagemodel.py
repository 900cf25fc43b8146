"""The page model, bylines, publication dates, multi-item pages, pinyin glosses and scripts.

Every test names the page under tests/fixtures/pages/ it checks.  The pages are
written for these tests in the style of Changzhi news sites and reposts (none is
copied from a real page); each shows one rule.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from czlib.corpus.documents import clean_document, load_corpus
from czlib.corpus.reading.bylines import lead_byline, trailing_credit
from czlib.corpus.registry.registry import infer_date
from czlib.text.glosses import strip_glosses
from czlib.corpus.reading.decoding import load_document
from czlib.corpus.web.pagemodel import clean_title, line_role
from czlib.corpus.web.pubdate import publication_date
from czlib.text.scripts import detect_script

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pages"


def page(name: str):
    """(document, articles, cleaning log, page metadata) of one fixture page."""
    doc = load_document(FIXTURES / f"{name}.txt")
    articles, log, meta = clean_document(doc)
    return doc, articles, log, meta


def removed_lines(log, step: str | None = None) -> set[int]:
    return {e.line for e in log if e.action.startswith("removed") and (step is None or e.step == step)}


# --- header zone ------------------------------------------------------------------------------

def test_header_lines_become_metadata_and_leave_the_text():
    # header_lines: site name, breadcrumb, headline, 发布时间|来源|浏览 line, 字号 and 分享 widgets, 责任编辑 line
    _doc, articles, log, meta = page("header_lines")
    assert len(articles) == 1
    art = articles[0]
    assert art.title == "长治一企业研发的矿用传感器通过鉴定"
    assert (meta["published"], meta["source"]) == ("2024-06-03", "上党晚报")
    for chrome in ("上党科技在线", "当前位置", "发布时间", "字号", "分享到", "责任编辑"):
        assert chrome not in art.text
    assert removed_lines(log) >= {1, 2, 4, 5, 6, 12}     # every header and footer line, by raw line
    assert art.byline == "" and "责任编辑: 韩雪" in art.credit


def test_nav_tag_and_slogan_bars_above_the_headline_are_removed():
    # nav_bars: a site bar with widgets, a nav bar, a tag bar, a slogan, a breadcrumb, then the headline;
    # 上一篇/下一篇, a footer nav bar, © and ICP lines at the end
    _doc, articles, log, meta = page("nav_bars")
    assert [a.title for a in articles] == ["壶关县建成首个数字化育苗基地"]
    text = articles[0].text
    for chrome in ("设为首页", "首页 本地", "智慧农业 光伏", "创新驱动发展", "您的位置", "128", "上一篇", "下一篇",
                   "关于我们", "Copyright", "ICP"):
        assert chrome not in text
    assert text.startswith("11月6日,壶关县") and text.endswith("免费接受技术指导。")
    actions = {e.line: e.action for e in log if e.step == "page_model"}
    assert actions[2] == "removed nav" and actions[3] == "removed nav"
    assert actions[4] == "removed above the headline"
    assert meta["source"] == "太行新闻网" and meta["time"] == "10:20"


def test_labels_and_values_on_separate_lines():
    # label_value_lines: 发布时间: / 2024-05-06 / | 来源: / 长治日报 / | 编辑: / … under a headline with a '!'
    doc, articles, log, meta = page("label_value_lines")
    art = articles[0]
    assert len(articles) == 1
    assert art.title == "长治高新区三个科技项目集中签约!总投资12亿元"
    assert art.byline == ""                                   # editors are not authors
    assert art.credit == "编辑: 郭晓燕; 责任编辑: 段文斌"
    assert meta["source"] == "长治日报"
    assert removed_lines(log) == set(range(2, 10))
    assert infer_date(doc.text)[:2] == ("2024-05-06", "day")


def test_headline_cleaning_drops_outlet_tag_series_and_category_word():
    # written inline: the shapes of a reposted headline
    title = clean_title(3, "【上党日报】谷子新品种亩产创新高||乡村振兴看长治")
    assert (title.text, title.outlet_tag, title.series) == ("谷子新品种亩产创新高", "上党日报", "乡村振兴看长治")
    assert clean_title(1, "高新区打造科技创新新引擎 综合").text == "高新区打造科技创新新引擎"


@pytest.mark.parametrize("line, role", [
    ("您的位置:首页 >科技 >", "breadcrumb"), ("首页 > > 文章详细", "breadcrumb"),
    ("20240603_ab12cd34ef56.jpg", "image_file"), ("2023-11-08 10:20 来源:太行新闻网", "meta"),
    ("核心提示:6月1日,某企业研发的传感器通过鉴定", "teaser"), ("免责声明:本网转载的文章不代表本网观点。", "footer_start"),
    ("相关新闻:", "footer_start"), ("热点 / Hot", "footer_start"), ("[编辑:韩雪]", "editor"),
    ("(来源:上党晚报", "source_credit"), ("Title", "placeholder"), ("第3版:县区新闻", "edition"),
    ("长治市科技局召开2024年度工作会议", None), ("本报记者 张晓峰", None),
])
def test_line_roles(line, role):
    # written inline: one line of each kind the page model knows
    assert line_role(line) == role


# --- bylines ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, byline", [
    ("byline_box_reporter", "本报记者 张晓峰"),                    # □本报记者 X
    ("byline_lead_paren", "本报讯(记者 刘佳 通讯员 王磊)"),        # 本报讯(记者X 通讯员Y)
    ("byline_lead_reported", "本报讯 记者孙明报道"),               # 本报讯 记者X报道:
    ("byline_outlet_reporter", "科技日报记者 李伟"),               # ◎科技日报记者 X
    ("byline_text_photo_credit", "文/张敏 图/李强"),               # 文/X 图/Y
    ("byline_trailing_parens", "赵丽、钱军"),                      # (X Y) closing the text
    ("byline_photo_credit", "记者 周涛摄"),                        # 记者X摄
    ("dateline_agency", "新华社太原1月12日电(记者 陈文 周洁)"),    # agency dateline with reporters
])
def test_each_byline_form(name, byline):
    _doc, articles, _log, _meta = page(name)
    assert articles[0].byline == byline
    assert byline not in articles[0].text                    # the credit left the running text


def test_lead_bylines_leave_the_paragraph_and_closing_offices_are_sources():
    # written inline
    assert lead_byline("本报讯(记者 刘佳 通讯员 王磊)5月20日,襄垣县…") == ("本报讯(记者 刘佳 通讯员 王磊)", "5月20日,襄垣县…")
    assert lead_byline("本报讯 近日,襄垣县…") is None          # no reporter named
    assert trailing_credit("…提供了人才保障。(长治市科技局)") == ("source", "长治市科技局", "…提供了人才保障。")
    assert trailing_credit("…提供了人才保障。(记者 周涛)") == ("byline", "记者 周涛", "…提供了人才保障。")
    assert trailing_credit("…由市科技局(牵头单位)负责") is None  # a bracket inside a sentence


# --- dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, iso, how, line", [
    ("header_lines", "2024-06-03", "labelled", 4),        # 发布时间:2024-06-03 09:15 | 来源:…
    ("date_time_label", "2021-07-09", "labelled", 2),     # 时间:2021-07-09 14:02 | 来源:…
    ("date_day_label", "2023-09-14", "labelled", 2),      # 日期:2023-09-14  来源:…
    ("date_bare_line", "2022-03-21", "header", 3),        # 2022-03-21 06:44 来源:…
    ("date_split_lines", "2022-03-21", "split", 3),       # 2022 / 03/21 / 06:44
    ("date_chinese_line", "2025-11-28", "header", 1),     # 2025年11月28日 星期五
    ("label_value_lines", "2024-05-06", "labelled", 3),   # 发布时间: / 2024-05-06
])
def test_each_date_form_with_its_raw_line(name, iso, how, line):
    found = publication_date(load_document(FIXTURES / f"{name}.txt").text)
    assert (found.iso, found.precision, found.how, found.line) == (iso, "day", how, line)
    assert f"line {line}" in infer_date(load_document(FIXTURES / f"{name}.txt").text)[2]


def test_times_are_kept_with_the_date():
    # date_bare_line and date_split_lines print the time of day
    assert publication_date(load_document(FIXTURES / "date_bare_line.txt").text).time == "06:44"
    assert publication_date(load_document(FIXTURES / "date_split_lines.txt").text).time == "06:44"


def test_dates_in_the_body_are_not_the_publication_date():
    # date_time_label: the body mentions 2020年3月1日 and 2021年6月28日; the 时间 line dates the page
    assert infer_date(load_document(FIXTURES / "date_time_label.txt").text)[0] == "2021-07-09"


@pytest.mark.parametrize("name, shown", [("dateline_agency", "新华社太原1月12日电"),   # 1月12日电
                                         ("dateline_benbao", "本报讯 3月15日")])     # 本报讯 3月15日
def test_datelines_without_a_year_give_the_day_but_no_date(name, shown):
    text = load_document(FIXTURES / f"{name}.txt").text
    found = publication_date(text)
    assert (found.how, found.iso, found.text) == ("dateline", "", shown)
    iso, precision, source = infer_date(text)
    assert (iso, precision) == ("", "") and "has no year" in source


# --- several items, reposts, notices ---------------------------------------------------------

def test_page_of_short_reports_splits_into_items():
    # multi_item: three reports, each a headline over a 本报讯 lead, one blank line apart
    _doc, articles, _log, _meta = page("multi_item")
    assert [(a.title, a.byline) for a in articles] == [
        ("长治县区农技推广站完成改造", "本报讯(记者 王芳)"),
        ("壶关县开展科普进校园活动", "本报讯 记者李强报道"),
        ("沁县建成谷子良种繁育基地", "牛华"),
    ]
    assert articles[0].kicker == "县区科技简讯"
    assert "壶关县" not in articles[0].text and "沁县" not in articles[1].text


def test_repost_with_its_headline_at_the_end():
    # repost_headline_at_end: two paragraphs, then the headline as the last line
    _doc, articles, log, _meta = page("repost_headline_at_end")
    assert len(articles) == 1
    assert articles[0].title == "长治一药企与高校共建疫苗研发平台"
    assert articles[0].title not in articles[0].text
    assert any(e.action == "headline printed after the text (repost)" and e.line == 3 for e in log)


def test_a_notice_is_one_item():
    # notice: a 公示 with numbered sections, a list of companies and the issuing office's signature
    _doc, articles, _log, _meta = page("notice")
    assert len(articles) == 1
    notice = articles[0]
    assert notice.kind == "notice"
    assert notice.title == "关于2024年度长治市科技创新示范企业拟认定名单的公示"
    assert "山西某某农业科技有限公司" in notice.text
    assert notice.text.endswith("长治市科学技术局\n2024年9月10日")


# --- glosses and scripts ----------------------------------------------------------------------

def test_pinyin_glosses_are_removed_before_anything_reads_the_text():
    # pinyin_repost: a Traditional repost with (zhǎng), (yè), (wàn) … glosses, one between 萬 and its unit
    doc, articles, log, _meta = page("pinyin_repost")
    assert doc.script == "traditional"
    assert "(" not in doc.text                                 # the page has no other brackets
    assert "建筑面积1.2万平方米" in doc.text and "5000万元" in doc.text and "王立新说," in doc.text
    assert "長(zhǎng)治" in doc.original                        # the decoded file is kept as it was
    glosses = [e for e in log if e.step == "glosses"]
    assert len(glosses) == len(doc.glosses) >= 10
    assert {e.line for e in glosses} == {1, 2}                # raw line numbers still valid
    assert articles[0].text.startswith("日前,长治市一家新材料企业")


def test_toneless_brackets_in_ordinary_text_are_not_glosses():
    # written inline: no toned gloss on the page, so (a), (de) and (kg) are left alone
    text = "方案(a)已通过。每袋5千克(kg)。我的(de)"
    assert strip_glosses(text) == (text, [])


def test_japanese_text_is_flagged_and_not_converted(tmp_path):
    # japanese: a short Japanese report; OpenCC would turn 開所 into 开所
    doc, articles, _log, _meta = page("japanese")
    assert doc.script == "japanese"
    assert "開所" in doc.text and "开所" not in doc.text
    assert any("not converted" in note for note in doc.notes)
    shutil.copy(FIXTURES / "japanese.txt", tmp_path)
    table, _ = load_corpus(tmp_path)
    assert set(table.script) == {"japanese"}


@pytest.mark.parametrize("text, script", [
    ("长治市召开科技创新大会,部署全年工作。", "chinese"),
    ("長治市召開科技創新大會,部署全年工作。", "chinese"),
    ("장치시는 새로운 연구센터를 열었다. 연구센터는 대학과 기업이 함께 운영한다.", "korean"),
    ("Changzhi opened a new research centre for materials science on Monday.", "non_chinese"),
])
def test_detect_script(text, script):
    # written inline: one sentence per writing system
    assert detect_script(text) == script
