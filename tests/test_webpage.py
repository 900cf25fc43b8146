"""czlib.webpage on small pages written for these tests (tests/fixtures/html/), one rule each.

The twelve real news pages with gold metadata are tested in test_webpage_samples.py.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from czlib import config
from czlib.corpus.web import html_decoding, webpage
from czlib.corpus.reading.decoding import CorpusFileError
from czlib.corpus.web.webpage import WebPage, clean_lines, decode_html, extract_webpage, looks_like_html

FIXTURES = Path(__file__).parent / "fixtures" / "html"
NAV_FOOTER = FIXTURES / "nav_footer.html"
SAVED_AS_TXT = FIXTURES / "saved_page.txt"
SECTIONS = FIXTURES / "section_paragraphs.html"


def _page(path: Path) -> WebPage:
    return extract_webpage(path.read_bytes(), path)


# --------------------------------------------------------------------------- chrome

NAV_FOOTER_BODY = [
    "本报讯（记者 王晓明）3月14日，长治市科技创新成果对接会在长治高新区举行，来自省内外的40余家高校、科研院所和120多家企业参加活动。",
    "对接会上，12项科技成果现场签约，涉及新材料、装备制造和现代农业等领域，签约金额共计3.6亿元。",
    "市科技局相关负责人介绍，今年全市将继续推行“揭榜挂帅”机制，力争全年转化科技成果100项以上，让更多实验室里的成果走进车间。",
    "参会企业代表说，面对面的对接让企业很快找到了合适的技术团队，下一步将与高校共建联合实验室。",
]


def test_nav_bar_footer_icp_and_editor_line_are_not_body_text():
    page = _page(NAV_FOOTER)
    assert page.text.split("\n") == NAV_FOOTER_BODY
    for chrome in ("长治要闻", "当前位置", "来源：长治新闻网", "责任编辑", "分享到", "上一篇", "相关阅读",
                   "我市新增三家省级重点实验室", "关于我们", "版权所有", "ICP备"):
        assert chrome not in page.text


def test_headline_wins_over_logo_h1_and_title_with_site_suffix():
    # <title> is 标题_长治要闻_长治新闻网 and the only <h1> is the site logo
    assert _page(NAV_FOOTER).title == "长治市举办科技创新成果对接会"


def test_the_reporter_is_the_author_and_the_editor_of_record_is_kept_apart():
    page = _page(NAV_FOOTER)
    assert page.authors == ("王晓明",) and page.author == "王晓明"
    assert page.editors == ("李华",) and page.editor == "李华"


def test_date_is_the_publication_day():
    page = _page(NAV_FOOTER)
    assert (page.date, page.date_precision) == ("2024-03-15", "day")


def test_as_dict_has_every_field_and_the_page_is_frozen():
    page = _page(NAV_FOOTER)
    assert list(page.as_dict()) == ["text", "title", "date", "date_precision", "author", "editor", "sitename", "url",
                                     "charset"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.title = "x"  # type: ignore[misc]


def test_extraction_is_deterministic_whatever_was_read_before():
    first = _page(NAV_FOOTER)
    _page(SAVED_AS_TXT)
    assert _page(NAV_FOOTER) == first


# --------------------------------------------------------------------------- encodings

# A page in GBK, composed for this test (synthetic).  赵镕 is outside GB2312: a page
# declaring GB2312 that uses it is really GBK, which GB18030 (a superset) reads.
GBK_PAGE = """<html><head>{meta}<title>屯留区举办农民丰收节_长治新闻网</title></head><body>
<h1>屯留区举办农民丰收节</h1><div class="info">2023-09-23</div>
<div class="content"><p>9月23日，屯留区在余吾镇举办农民丰收节，当地农户带来了小米、核桃和南瓜等农产品参加展销。</p>
<p>活动现场还举行了农机展示和农技咨询，农业专家为种植户讲解秋收秋种的注意事项。</p>
<p>据介绍，今年全区粮食播种面积保持稳定，谷子种植面积比去年有所增加。</p>
<p>责任编辑：赵镕</p></div></body></html>"""


def write_gbk_page(folder: Path, meta: str) -> Path:
    """Write GBK_PAGE with the given <meta> as GBK bytes (encoding='gb18030', all characters are in GBK)."""
    path = folder / "gbk_page.html"
    path.write_text(GBK_PAGE.format(meta=meta), encoding="gb18030")
    return path


@pytest.mark.parametrize("meta", [
    '<meta charset="gbk">',
    '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
])
def test_gbk_page_is_read_through_its_meta_charset(tmp_path, meta):
    path = write_gbk_page(tmp_path, meta)
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_html(data, path) == (GBK_PAGE.format(meta=meta), "gb18030")
    page = extract_webpage(data, path)
    assert (page.title, page.charset, page.editors) == ("屯留区举办农民丰收节", "gb18030", ("赵镕",))
    assert page.text.startswith("9月23日，屯留区在余吾镇举办农民丰收节")


def test_the_declared_charset_is_used_before_the_detector(tmp_path, monkeypatch):
    def no_detector(data, path):
        raise AssertionError("the detector was asked although the page declares its charset")

    monkeypatch.setattr(html_decoding, "decode_bytes", no_detector)
    path = write_gbk_page(tmp_path, '<meta charset="gbk">')
    assert decode_html(path.read_bytes(), path)[1] == "gb18030"


def test_gbk_page_without_a_declaration_goes_to_the_detector(tmp_path):
    path = write_gbk_page(tmp_path, "")
    assert decode_html(path.read_bytes(), path)[1] == "gb18030"


def test_utf8_wins_over_a_wrong_gb2312_declaration():
    text = GBK_PAGE.format(meta='<meta charset="gb2312">')
    assert decode_html(text.encode("utf-8")) == (text, "utf-8")
    assert extract_webpage(text.encode("utf-8")).title == "屯留区举办农民丰收节"


def test_a_byte_order_mark_decides():
    text = GBK_PAGE.format(meta='<meta charset="gbk">')
    assert decode_html(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8-sig")
    assert decode_html(text.encode("utf-16"))[1] == "utf-16"


@pytest.mark.parametrize("data, problem", [
    (b"", "empty"),
    (bytes(range(256)) * 8, "binary"),
])
def test_undecodable_pages_raise_an_error_naming_the_file(data, problem):
    with pytest.raises(CorpusFileError, match=rf"^some/page\.html: .*{problem}"):
        decode_html(data, "some/page.html")


def test_a_page_without_text_raises_an_error_naming_the_file():
    with pytest.raises(CorpusFileError, match=r"^empty\.html: no main text"):
        extract_webpage(b"<html><head><title>x</title></head><body></body></html>", "empty.html")


# --------------------------------------------------------------------------- HTML detection

def test_html_saved_as_txt_is_recognised_and_read():
    data = SAVED_AS_TXT.read_bytes()
    assert looks_like_html(data)
    page = extract_webpage(data, SAVED_AS_TXT)
    assert page.title == "潞州区新建口袋公园投入使用"
    assert page.date == "2023-10-08"
    assert len(page.text.split("\n")) == 3
    assert "发布时间" not in page.text


def test_a_fragment_with_many_tags_is_html():
    fragment = "".join(f"<div><p>第{i}段。</p><br></div>" for i in range(5)).encode("utf-8")
    assert looks_like_html(fragment)


def test_plain_text_is_not_html():
    assert not looks_like_html("长治市今年粮食产量<5%的增长，同比提高。\n第二段。".encode("utf-8"))
    assert not looks_like_html("長治市政府發佈通知。".encode("big5"))
    raw_files = sorted(config.RAW_DIR.glob("*.txt"))
    assert raw_files, "the project corpus has raw text files"
    for path in raw_files:
        assert not looks_like_html(path.read_bytes()), path.name


# --------------------------------------------------------------------------- paragraph rules

def test_section_paragraphs_become_lines():
    # WeChat-style editors write paragraphs as <section><span>, without <p>; trafilatura alone
    # reads only the <p> blocks of the page's tool area here.
    lines = _page(SECTIONS).text.split("\n")
    assert [line[:6] for line in lines[:3]] == ["长治市第一届", "展出的作品包", "科技节将持续"]


def test_an_editor_line_above_the_article_does_not_cut_it():
    lines = ["编辑：张三", "长治市发布新一轮稳岗扩就业政策措施，支持企业吸纳高校毕业生就业。", "政策自发布之日起施行。",
             "相关阅读", "我市举办春季招聘会"]
    assert clean_lines(lines)[0] == ["长治市发布新一轮稳岗扩就业政策措施，支持企业吸纳高校毕业生就业。", "政策自发布之日起施行。"]


def test_a_repeated_headline_goes_with_the_breadcrumbs_and_header_lines_above_the_article():
    lines = ["您所在的位置：", "首页 >", "长治要闻 >", "正文", "长治至太原城际列车增开两趟",
             "2024-05-06 10:12 来源：长治新闻网", "字号 大 中 小",
             "5月6日起，长治至太原城际列车每天增开两趟，早晚高峰各一趟，方便两地通勤旅客出行。"]
    assert clean_lines(lines, title="长治至太原城际列车增开两趟")[0] == [lines[-1]]


def test_live_stock_quotes_are_removed():
    html = ("<html><body><article><p>据悉，太行科技(12.35, 0.21, 1.73%)与潞安化工(-3.5, -0.12, -2.01%)"
            "已签署战略合作协议，双方将在新材料领域开展联合研发，推动成果在长治落地转化。</p></article></body></html>")
    text = extract_webpage(html.encode("utf-8")).text
    assert re.sub(r"\s", "", text).startswith("据悉，太行科技与潞安化工已签署战略合作协议")
