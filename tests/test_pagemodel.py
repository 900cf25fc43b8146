"""The page model, bylines, publication dates, multi-item pages, pinyin glosses and scripts.

Every test names the page under tests/fixtures/pages/ it checks.  The pages are
written for these tests in the style of Changzhi news sites and reposts (none is
copied from a real page); each shows one rule.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from czlib.articles import clean_document, load_corpus
from czlib.bylines import lead_byline, trailing_credit
from czlib.corpus import infer_date
from czlib.glosses import strip_glosses
from czlib.loading import load_document
from czlib.pubdate import publication_date
from czlib.scripts import detect_script

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pages"


def page(name: str):
    """(document, articles, cleaning log, page metadata) of one fixture page."""
    doc = load_document(FIXTURES / f"{name}.txt")
    articles, log, meta = clean_document(doc)
    return doc, articles, log, meta


def removed_lines(log, step: str | None = None) -> set[int]:
    return {e.line for e in log if e.action.startswith("removed") and (step is None or e.step == step)}


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
    ("date_time_label", "2021-07-09", "labelled", 2),     # 时间:2021-07-09 14:02 | 来源:…
    ("date_day_label", "2023-09-14", "labelled", 2),      # 日期:2023-09-14  来源:…
    ("date_bare_line", "2022-03-21", "header", 3),        # 2022-03-21 06:44 来源:…
    ("date_split_lines", "2022-03-21", "split", 3),       # 2022 / 03/21 / 06:44
    ("date_chinese_line", "2025-11-28", "header", 1),     # 2025年11月28日 星期五
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
