"""Web pages read from their HTML structure, one failure class each (pages in tests/fixtures/html/structure/).

The pages were written for these tests in the style of Chinese news and
government sites.  Most tests read the page the way a researcher does, as a
bare corpus folder (``czlib tables --corpus DIR``), because that is where the
text page model used to re-read the extracted text and undo what the HTML
showed: a headline left in the body, a page split at subheads or code lines.
"""
from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest

from czlib import load_articles
from czlib.corpus.registry.registry import add_document
from czlib.corpus.web.webpage import WebPage, extract_webpage

PAGES = Path(__file__).parent / "fixtures" / "html" / "structure"


def _page(name: str) -> WebPage:
    return extract_webpage((PAGES / name).read_bytes(), PAGES / name)


def _articles(name: str, tmp_path: Path) -> list[dict]:
    folder = tmp_path / "bare"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(PAGES / name, folder / name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a bare folder is read unverified
        return load_articles(folder).fillna("").to_dict("records")


def _one_article(name: str, tmp_path: Path) -> dict:
    articles = _articles(name, tmp_path)
    assert len(articles) == 1, [(a["kind"], a["title"]) for a in articles]
    return articles[0]


def test_h1_and_og_title_give_the_title_and_the_headline_leaves_the_body(tmp_path):
    # h1_og_title.html: <title> is only the site name; og:title and <h1> hold the headline (a comma in it)
    art = _one_article("h1_og_title.html", tmp_path)
    assert art["title"] == "壶关县旱地谷子测产,亩产突破六百斤"  # NFKC: ， -> ,
    assert art["date"] == "2023-10-09"
    assert "亩产突破六百斤" not in art["text"]
    assert art["text"].startswith("10月8日,壶关县农业农村局")


def test_a_title_that_is_only_the_site_name_loses_to_the_h1_though_the_logo_shows_it():
    # site_only_title.html: <title>上党晚报网</title>, a logo and the footer show 上党晚报网, <h1> the headline
    assert _page("site_only_title.html").title == "长治市图书馆夜间开放时间延长至晚九点"


def test_a_promo_line_is_not_the_headline_and_the_story_is_not_a_banner(tmp_path):
    # promo_line.html: a 点击进入“科技周刊”专题… link heads the body, then a three-paragraph story
    art = _one_article("promo_line.html", tmp_path)
    assert art["title"] == "沁源县建成首座光伏农业大棚"
    assert art["kind"] != "banner"
    assert "点击进入" not in art["text"] + art["title"] + art["subtitle"]
    for fragment in ("郭道镇建成投用", "一棚两用", "每年可为村集体增收8万元"):
        assert fragment in art["text"]


def test_code_lines_in_pre_do_not_split_the_page(tmp_path):
    # pre_code.html: a <pre> block of Python between the paragraphs
    art = _one_article("pre_code.html", tmp_path)
    assert art["title"] == "用Python统计气象站降水数据"
    assert "气象站每天导出的降水记录" in art["text"]
    assert "否则转换成数字时程序会报错" in art["text"]


def test_strong_subheads_do_not_split_the_page(tmp_path):
    # strong_subheads.html: three short subheads in <p><strong>, one paragraph under each
    art = _one_article("strong_subheads.html", tmp_path)
    assert art["title"] == "黎城县三项举措推动中药材产业提质"
    assert art["date"] == "2023-06-20"
    for fragment in ("今年以来,黎城县", "标准种植 技术进村入户", "就近就能卖上好价钱"):
        assert fragment in art["text"]


def test_a_lead_paragraph_above_the_body_container_is_read_as_body():
    # lead_outside_body.html: the first paragraph sits in div.summary above div.TRS_Editor; trafilatura
    # alone starts the body at the second paragraph
    page = _page("lead_outside_body.html")
    assert page.text.startswith("5月5日，沁县小米全产业链数字平台正式上线")
    assert page.text.endswith("增加金融和保险服务。")
    assert "热点新闻" not in page.text and "沁县召开春耕生产推进会" not in page.text


def test_display_none_menu_hidden_block_login_and_share_bars_are_dropped():
    page = _page("hidden_menu.html")
    assert page.title == "长子县青年创业孵化园新入驻企业12家"
    assert page.text.startswith("记者从长子县人社局获悉")
    for chrome in ("频道导航", "请登录", "手机扫码", "分享到"):
        assert chrome not in page.text and chrome not in page.title, chrome


def test_a_hidden_container_holding_most_of_the_text_is_the_article_a_script_reveals():
    data = (PAGES / "lead_outside_body.html").read_bytes().replace(
        b'<div class="TRS_Editor">', b'<div class="TRS_Editor" style="display:none">')
    text = extract_webpage(data).text
    assert "平台接入全县286个种植合作社" in text and text.endswith("增加金融和保险服务。")


def test_a_stray_early_html_end_tag_does_not_end_the_page(tmp_path):
    # early_html_end.html: </body></html> after the header, the article follows
    art = _one_article("early_html_end.html", tmp_path)
    assert art["title"] == "武乡县小米获评国家地理标志产品"
    assert art["date"] == "2020-11-03"
    assert "近日,武乡小米" in art["text"] and "提高武乡小米的市场竞争力" in art["text"]


def test_the_date_shown_under_the_headline_wins_over_a_generator_metadata_date():
    # generator_date.html: <meta name="publishdate" content="2019-01-01"> from the site builder (its footer
    # prints it too), 发布日期：2023-04-21 in the info bar
    assert _page("generator_date.html").date == "2023-04-21"


def test_the_info_bar_date_wins_over_a_date_the_page_never_shows():
    # promo_line.html shows 2022年05月17日 10:20; trafilatura alone guesses 2022-01-01, shown nowhere
    assert _page("promo_line.html").date == "2022-05-17"


def test_an_authors_recent_articles_and_the_columnist_list_are_not_body(tmp_path):
    art = _one_article("sidebar_list.html", tmp_path)
    assert art["text"].endswith("提高产品附加值。")
    for sidebar in ("作者最近文章", "沁县小米为何能卖出好价钱", "专栏作者", "秦晓东"):
        assert sidebar not in art["text"], sidebar
    assert art["byline"] == "韩立新"


def test_last_updated_is_not_glued_to_the_headline(tmp_path):
    # updated_title.html: <h1>标题<span>最后更新: 2021-08-30 17:05</span></h1>
    art = _one_article("updated_title.html", tmp_path)
    assert art["title"] == "平顺县旅游公路全线贯通"
    assert art["date"] == "2021-08-30"


def test_script_text_inside_h1_is_not_part_of_the_title():
    # script_h1.html: <h1><script>var adSlot = …</script>潞州区新开通三条公交线路</h1>, <title> is the site
    page = _page("script_h1.html")
    assert page.title == "潞州区新开通三条公交线路"


def test_add_registers_the_title_and_date_the_bare_folder_gives(tmp_path):
    for name in ("h1_og_title.html", "updated_title.html", "script_h1.html"):
        art = _one_article(name, tmp_path / name)
        row = add_document(PAGES / name, title=None, date=None, outlet="某网", corpus_dir=tmp_path / "corpus",
                           fingerprint_dir=tmp_path / "fp")
        assert (row["title"], row["date"]) == (art["title"], art["date"]), name


def test_a_page_stating_no_headline_does_not_leave_its_heading_line_in_the_body(tmp_path):
    # no <title>, <h1> or meta title: the first line of the main text, a heading, is the title
    page = ("<html><body><div class='c'><p>屯留区今年新建农村公路38公里</p>"
            "<p>今年以来，屯留区新建和改造农村公路38公里，全区所有行政村都通上了硬化路。</p>"
            "<p>区交通运输局表示，明年将重点实施农村公路安全防护工程，提升道路通行条件。</p></div></body></html>")
    (tmp_path / "bare").mkdir()
    (tmp_path / "bare" / "road.html").write_text(page, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        art = load_articles(tmp_path / "bare").iloc[0]
    assert art.title == "屯留区今年新建农村公路38公里"
    assert art.text.startswith("今年以来,屯留区")


# --------------------------------------------------------------------------- authors

def _byline_page(info: str, last: str = "") -> bytes:
    """A small page whose info bar is ``info`` and whose body ends with ``last``."""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>高平市黄梨喜获丰收_高平新闻网</title></head>
<body><div class="nav"><a href="/">首页</a></div><div class="art"><h1>高平市黄梨喜获丰收</h1>
<div class="info">2023-09-12 {info}</div><div class="con">
<p>9月上旬，高平市陈区镇千亩黄梨园迎来采摘季，今年黄梨平均亩产达到4000斤，比去年增产一成多。</p>
<p>种植户介绍，今年园区推广了疏花疏果和套袋技术，黄梨个头更大、口感更甜，收购价格也比往年高。</p>
<p>镇里正在筹建冷库和分拣中心，帮助果农错峰销售，延长黄梨的上市时间。</p>
{f"<p>{last}</p>" if last else ""}</div></div><div class="foot">高平新闻网 版权所有</div></body></html>""".encode()


@pytest.mark.parametrize("info, last, authors", [
    ("【文/高平新闻网专栏作者 牛建平】", "", ("牛建平",)),
    ("（文/图 郭丽娜 秦海涛）", "", ("郭丽娜", "秦海涛")),
    ("《乡村振兴观察》作者 赵卫东", "", ("赵卫东",)),
    ("执笔/段晓峰", "", ("段晓峰",)),
    ("作者 崔文静", "", ("崔文静",)),
    ("申海燕/高平日报", "", ("申海燕",)),
    ("记者 王浩然", "", ("王浩然",)),
    ("本报记者 李雪梅 杜志刚", "", ("李雪梅", "杜志刚")),
    ("来源：高平日报 作者：常红霞", "", ("常红霞",)),
    ("", "（本报记者 武建军 通讯员 郜鹏飞）", ("武建军", "郜鹏飞")),
    ("作者：kingname", "", ("kingname",)),
])
def test_common_author_forms_are_read(info, last, authors):
    assert extract_webpage(_byline_page(info, last)).authors == authors


def test_meta_author_is_an_author_but_an_outlet_there_is_not():
    page = _byline_page("来源：高平日报").replace(b"</title>", "</title><meta name=\"author\" content=\"宋文杰\">".encode())
    assert extract_webpage(page).authors == ("宋文杰",)
    outlet = _byline_page("来源：高平日报").replace(b"</title>", "</title><meta name=\"author\" content=\"网易\">".encode())
    assert extract_webpage(outlet).authors == ()


def test_an_editor_is_credited_but_never_an_author(tmp_path):
    page = extract_webpage(_byline_page("作者：常红霞", "（责任编辑：焦玉兰 校对：李永刚）"))
    assert page.authors == ("常红霞",)
    assert page.editors == ("焦玉兰",)
    path = tmp_path / "bare" / "pear.html"
    path.parent.mkdir()
    path.write_bytes(_byline_page("作者：常红霞", "（责任编辑：焦玉兰 校对：李永刚）"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        art = load_articles(path.parent).iloc[0]
    assert art.byline == "常红霞" and "焦玉兰" in art.credit and "焦玉兰" not in art.byline
