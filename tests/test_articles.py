"""Cleaning and article splitting, checked on named examples from the four seed documents."""
from __future__ import annotations

import codecs
import shutil
from pathlib import Path

import opencc
import pytest

from czlib import config
from czlib.corpus.reading.articles import KINDS
from czlib.corpus.documents import clean_document, load_corpus
from czlib.corpus.reading.overrides import OverrideError
from czlib.corpus.reading.cleaning import (Block, Line, drop_duplicate_blocks, join_column_breaks, separate_headlines, split_blocks,
                            strip_web_chrome)
from czlib.corpus.reading.decoding import CorpusFileError, load_document
from czlib.runner import write_tables

WEB = "002_1b1a24af7ea58fae"          # 2022 web article carried twice, with web chrome
TECH_DAY = "000_ce4198fb15dabd0b"     # 2025 Sci-Tech Workers' Day page (interviews)
BEIJING = "001_2f84ace74cf710cc"      # 2024 Beijing–Changzhi cooperation page
FRONT = "003_3bf8bbf292258e31"        # January 2026 front page


@pytest.fixture(scope="module")
def log(corpus):
    return corpus[1]


def texts(articles, doc_id):
    return articles[articles.doc_id == doc_id]


# --- duplicated web article -------------------------------------------------

def test_duplicated_web_article_appears_once(articles):
    web = texts(articles, WEB)
    all_text = "\n".join(web.text)
    assert all_text.count("与省内外106所高校达成500余项合作成果") == 1
    assert all_text.count("周明凯一直在长治市工作生活") == 1
    assert (web.title == "长治让科技成果从“书架”走向“货架”").sum() == 1
    # the four photo captions of the page, once each
    assert (web.kind == "photo_caption").sum() == 4


def test_dedupe_is_logged_with_line_ranges(log):
    rows = log[(log.doc_id == WEB) & (log.step == "dedupe")]
    assert len(rows) == 1
    assert "repeat lines" in rows.iloc[0].detail


# --- web chrome ---------------------------------------------------------------

@pytest.mark.parametrize("chrome", ["ICP", "关于我们", "分享到", "相关链接", "版权所有", "公网安备",
                                    "投稿邮箱", "黄河新闻网 >", "[编辑", "发布时间", "原标题"])
def test_no_web_chrome_survives(articles, chrome):
    assert not articles.text.str.contains(chrome, regex=False).any()
    assert not articles.title.str.contains(chrome, regex=False).any()


def test_web_metadata_is_kept_not_lost(articles):
    main = texts(articles, WEB).iloc[0]
    assert main.byline == "李家鸣、崔笛洋"               # trailing "(李家鸣、崔笛洋)" lifted into the byline
    assert "编辑: 李倩" in main.credit                  # "[编辑:李倩]" kept as credit
    assert "原标题: 夯实全方位推动高质量发展的人才基石" in main.notes
    assert not main.text.endswith("(李家鸣、崔笛洋)")


def test_strip_web_chrome_keeps_body_sentences_that_mention_licences():
    blocks = [Block((Line(1, "企业办理排污许可证的时限压缩至2个工作日,服务效率明显提升,群众满意度进一步提高。"),)),
              Block((Line(3, "晋ICP备06001850号"),))]
    result = strip_web_chrome(blocks)
    assert [b.flat for b in result.blocks] == [blocks[0].flat]


# --- column breaks ----------------------------------------------------------------

@pytest.mark.parametrize("doc_id, joined", [
    (TECH_DAY, "食管胃结合部癌"),
    (TECH_DAY, "京长联合优质地理产品营养检测中心"),
    (TECH_DAY, "设立教授工作站"),
    (BEIJING, "邀请北京市委"),
    (BEIJING, "理念相互交流"),
    (FRONT, "为科技项目落地提供有力支撑"),
    (FRONT, "国家一级博物馆"),
    (FRONT, "“对环境友好”的环保产品"),
    (FRONT, "进一步强化服务保障"),
])
def test_broken_lines_are_joined(articles, doc_id, joined):
    assert texts(articles, doc_id).text.str.contains(joined, regex=False).sum() == 1


def test_headlines_stay_apart_from_their_first_paragraph(articles):
    # every title and section head is never glued to running text
    heads = set(articles.title[articles.title != ""]) | {
        "人才+项目 导向突出注入转型升级源动力", "平台+产业 同向发力畅通对接合作大通道",
        "精准招商 打通湾区协作链", "服务升级 打造营商新高地", "强统筹 建机制 推动科技合作“春潮”涌动——"}
    for row in articles.itertuples():
        lines = row.text.split("\n")
        assert lines[0] != row.title or row.kind == "banner", row.article_id
        for head in heads:
            for line in lines:
                if line == head or row.kind in ("banner", "photo_caption"):
                    continue
                # glued forms: headline + first paragraph, or paragraph + next headline
                assert not line.startswith(head), (row.article_id, line[:40])
                assert not (line.endswith(head) and line[: -len(head)][-1:] in "。!?！？”"), (row.article_id, line[-40:])


def test_paragraph_ending_in_an_ellipsis_is_not_joined(articles):
    # 001: "…3个重点项目开工建设……" ends its paragraph; the next one opens "2023年,在科技领域"
    feature = texts(articles, BEIJING).query("title == '借得东风行大船'").text.item()
    lines = feature.split("\n")
    end = next(i for i, line in enumerate(lines) if line.endswith("开工建设......"))
    assert lines[end + 1].startswith("2023年,在科技领域")


def test_join_does_not_glue_a_headline_to_the_next_paragraph():
    blocks = split_blocks("人才+项目 导向突出注入转型升级源动力\n\n山西立新硅材料科技有限公司首席科学家刘立新博士是一位“60后”湖南籍杰出人才。")
    assert len(join_column_breaks(blocks).blocks) == 2


def test_fragment_missing_its_start_is_flagged(log):
    rows = log[(log.doc_id == FRONT) & log.action.str.contains("mid-sentence")]
    assert rows.detail.str.contains("的重点抓手").any()


# --- splitting ----------------------------------------------------------------------

INTERVIEWS = [
    ("胡文庆", "长治市人民医院党委书记", "构建医教研生态打造区域医疗高地"),
    ("徐霞", "长治市屯留区科协主席", "推动基层科协工作向高质量迈进"),
    ("焦海华", "长治学院生命科学系教授", "让科研成果更好地服务社会"),
    ("杨红梅", "长治市综合检验检测中心 正高级工程师", "精准施“测”赋能高质量发展"),
    ("张永林", "山西振东制药股份有限公司 科技中心主任", "以科技支点撬动大健康产业新未来"),
    ("马芳芳", "长治技师学院高级技师", "强化校企合作推进产教协同育人"),
    ("贾双龙", "潞城区农技专家", "科技兴农助力乡村振兴"),
]


def test_seven_interviews_on_the_sci_tech_workers_day_page(articles):
    page = texts(articles, TECH_DAY)
    interviews = page[page.kind == "interview"]
    assert list(zip(interviews.interviewee, interviewees_roles := interviews.interviewee_role, interviews.title)) \
        == INTERVIEWS
    for name, role, _title in INTERVIEWS:
        assert interviews[interviews.interviewee == name].byline.item() == f"{role} {name}"
    # each interview holds only its own text: 徐霞 speaks in her own piece, not in 胡文庆's
    assert "徐霞表示" in interviews[interviews.interviewee == "徐霞"].text.item()
    assert "徐霞" not in interviews[interviews.interviewee == "胡文庆"].text.item()


def test_sci_tech_workers_day_page_intro_and_slogan(articles):
    page = texts(articles, TECH_DAY)
    assert page.iloc[0].title == "坚守初心使命 勇攀科技高峰"
    assert page.iloc[0].kind == "editor_note" and page.iloc[0].override   # set by the documented override
    banner = page[page.kind == "banner"].iloc[0]
    assert banner.title == "第 24 个全国“安全生产月”"
    assert "人人讲安全 个个会应急" in banner.text


def test_january_2026_front_page_yields_separate_stories(articles):
    page = texts(articles, FRONT).set_index("title")
    expected = {
        "长治经开区“转化、链接、集聚”三措并举 以创新生态激活产业向新力": ("feature", "本报记者 李茹"),
        "省委统战部调研组在我市调研": ("news", "本报讯(记者马慧荣)"),
        "八路军太行纪念馆入选2025年度 全国热门纪念馆百强榜单": ("news", "本报讯(记者李盼)"),
        "奋力冲刺 “开门红”": ("photo_caption", "本报记者 司敏 摄"),
        "以“智”升级 向“绿”而行": ("feature", "本报记者 张瑞英 通讯员 杨亚男"),
    }
    for title, (kind, byline) in expected.items():
        assert page.loc[title, "kind"] == kind
        assert page.loc[title, "byline"] == byline
    # stories do not bleed into each other
    assert "赵红严" not in page.loc["八路军太行纪念馆入选2025年度 全国热门纪念馆百强榜单", "text"]
    assert "高科华烨LED生产车间" not in page.loc["八路军太行纪念馆入选2025年度 全国热门纪念馆百强榜单", "text"]
    assert page.loc["省委统战部调研组在我市调研", "subtitle"] == "赵红严参加"
    assert page.loc["以“智”升级 向“绿”而行", "kicker"] == "奋力推进中国式现代化长治实践 狠抓项目建设"
    assert "continued: (下转第二版)" in page.loc["长治经开区“转化、链接、集聚”三措并举 以创新生态激活产业向新力", "notes"]


def test_beijing_page_feature_editor_note_commentary(articles):
    page = texts(articles, BEIJING).set_index("title")
    feature = page.loc["借得东风行大船"]
    assert feature.kicker == "京长对口合作"
    assert feature.subtitle == "我市以京长对口合作为契机推动科技创新发展"
    assert feature.byline == "文/本报记者 徐璿"
    # its third section, printed after the editor's note, is merged back by the override
    assert "搭平台 抓项目 推动产业发展“双联”共促——" in feature.text.split("\n")
    assert "merged" in feature.override
    assert page.loc["编者按", "kind"] == "editor_note"
    assert page.loc["在合作共赢中提升科技创新能力", "kind"] == "commentary"
    assert page.loc["在合作共赢中提升科技创新能力", "byline"] == "桑梓"
    captions = texts(articles, BEIJING).query("kind == 'photo_caption'").text.tolist()
    assert "长治高新区安赛拉弗光伏系统公司生产车间" in captions
    assert "新投产的高科视像COB高清显示项目" in captions
    assert "长治市科技局 长治日报社 联办" in set(page.index)


def test_every_article_has_a_known_kind_and_traceable_lines(articles):
    assert set(articles.kind) <= set(KINDS)
    assert (articles.line_start > 0).all() and (articles.line_end >= articles.line_start).all()
    assert articles.article_id.is_unique
    assert (articles.n_chars == articles.text.str.len()).all()


# --- encodings and script ---------------------------------------------------------------

def _variant_corpus(tmp_path: Path, doc_id: str, encode) -> Path:
    raw = (config.RAW_DIR / f"{doc_id}.txt").read_bytes()
    folder = tmp_path / "bare"
    folder.mkdir()
    (folder / f"{doc_id}.txt").write_bytes(encode(raw.decode("utf-8")))
    return folder


@pytest.mark.parametrize("variant, encode", [
    ("gb18030", lambda t: t.encode("gb18030")),
    ("utf-8 BOM", lambda t: codecs.BOM_UTF8 + t.encode("utf-8")),
    ("CRLF", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
    ("BOM+CRLF", lambda t: codecs.BOM_UTF8 + t.replace("\n", "\r\n").encode("utf-8")),
    ("utf-16", lambda t: t.encode("utf-16")),
])
@pytest.mark.parametrize("doc_id", [WEB, TECH_DAY])
def test_encoding_variants_give_the_same_articles(tmp_path, articles, doc_id, variant, encode):
    variant_articles, _ = load_corpus(_variant_corpus(tmp_path, doc_id, encode))
    original = texts(articles, doc_id)
    if doc_id == TECH_DAY:  # the bare folder has no override file: compare texts, not kinds
        assert variant_articles.text.tolist() == original.text.tolist()
    else:
        assert variant_articles[["title", "byline", "kind", "text"]].values.tolist() == \
            original[["title", "byline", "kind", "text"]].values.tolist()


def test_traditional_script_copy_is_converted_and_original_kept(tmp_path):
    text = (config.RAW_DIR / f"{WEB}.txt").read_text(encoding="utf-8")
    path = tmp_path / "trad.txt"
    path.write_text(opencc.OpenCC("s2t").convert(text), encoding="utf-8")
    doc = load_document(path)
    assert doc.script == "traditional"
    assert "長治讓科技成果" in doc.original
    assert "长治让科技成果" in doc.text


@pytest.mark.parametrize("content, problem", [(b"", "empty"), (b"\x00\x01\x02\xff\xfe\x00" * 200, "binary")])
def test_bad_files_fail_naming_the_file(tmp_path, content, problem):
    path = tmp_path / "bad_article.txt"
    path.write_bytes(content)
    with pytest.raises(CorpusFileError, match="bad_article.txt") as err:
        load_document(path)
    assert problem in str(err.value)


# --- overrides and tables ---------------------------------------------------------------

def test_stale_override_is_an_error(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(config.CORPUS_DIR, corpus)
    path = corpus / "curation" / "overrides.toml"
    path.write_text(path.read_text(encoding="utf-8") + """
[[override]]
doc_id = "003_3bf8bbf292258e31"
title = "这个标题不存在"
set = { kind = "news" }
reason = "test"
""", encoding="utf-8")
    with pytest.raises(OverrideError, match="overrides.toml.*matches 0 articles"):
        load_corpus(corpus)


def test_tables_are_byte_identical_across_runs(tmp_path):
    first = write_tables(config.CORPUS_DIR, tmp_path / "a")
    second = write_tables(config.CORPUS_DIR, tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_tables_on_a_bare_folder_without_metadata(tmp_path):
    bare = tmp_path / "bare"
    bare.mkdir()
    shutil.copy(config.RAW_DIR / f"{WEB}.txt", bare)
    written = write_tables(bare, tmp_path / "out")
    import pandas as pd
    assert tmp_path / "out" / "articles.csv" in written
    table = pd.read_csv(tmp_path / "out" / "articles.csv", dtype=str, keep_default_na=False)
    assert {"doc_id", "article_id", "title", "byline", "kind", "date", "text"} <= set(table.columns)
    assert set(table.date) == {"2022-04-27"}            # inferred from "发布时间: 2022-04-27"
    assert table.article_id.iloc[0] == f"{WEB}-01"


def test_pasted_text_without_blank_lines_keeps_its_headline(tmp_path):
    # The 统战部 story of the January 2026 front page as a user might paste it: no blank lines.
    page = (config.RAW_DIR / f"{FRONT}.txt").read_text(encoding="utf-8")
    start = page.index("省委统战部调研组在我市调研")
    end = page.index("打造全国知名文化旅游高地")
    pasted = "\n".join(line for line in page[start:end].splitlines() if line.strip())
    folder = tmp_path / "pasted"
    folder.mkdir()
    (folder / "tongzhanbu.txt").write_text(pasted, encoding="utf-8")
    arts, log = load_corpus(folder)
    story = arts.iloc[0]
    assert (story.title, story.subtitle, story.byline, story.kind) == \
        ("省委统战部调研组在我市调研", "赵红严参加", "本报讯(记者马慧荣)", "news")
    assert story.text.startswith("1月21日,省委常委、统战部部长赵红严")
    assert (log.step == "separate").sum() == 2


def test_separate_headlines_leaves_caption_and_interview_header_blocks_whole():
    caption = split_blocks("山西康宝生物制品股份有限公司加快\n科技创新,发展生命健康产业")
    header = split_blocks("长治市综合检验检测中心\n正高级工程师 杨红梅")
    for blocks in (caption, header):
        assert separate_headlines(blocks).blocks == blocks


def test_czlib_tables_reports_a_broken_override_file_by_name(tmp_path, capsys):
    from czlib.cli import main

    corpus = tmp_path / "corpus"
    shutil.copytree(config.CORPUS_DIR, corpus)
    (corpus / "curation" / "overrides.toml").write_text("[[override]\ndoc_id = ", encoding="utf-8")
    out = tmp_path / "tables"
    assert main(["tables", "--corpus", str(corpus), "--out", str(out)]) == 2
    assert "overrides.toml: not valid TOML" in capsys.readouterr().err
    assert not out.exists()   # nothing half-written
