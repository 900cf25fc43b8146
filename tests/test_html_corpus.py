"""Saved web pages in a corpus: bare folders with .html files, HTML saved as .txt, and ``czlib add page.html``.

The pages are the fixtures written for the webpage tests (tests/fixtures/html/);
each test names the rule it checks.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from czlib import load_articles, runner
from czlib.corpus.reading.decoding import CorpusFileError
from czlib.corpus.registry.registry import add_document, check_corpus, read_metadata

FIXTURES = Path(__file__).parent / "fixtures" / "html"
PAGE = FIXTURES / "nav_footer.html"          # 长治市举办科技创新成果对接会, 2024-03-15, 记者 王晓明
CHROME = ("首页", "长治要闻", "分享到", "相关阅读", "版权所有", "晋ICP备", "上一篇", "责任编辑")


def test_a_bare_folder_with_an_html_page_gives_its_article(tmp_path):
    folder = tmp_path / "bare"
    folder.mkdir()
    shutil.copy(PAGE, folder / "duijiehui.html")
    articles = load_articles(folder)
    main = articles.iloc[0]
    assert main.title == "长治市举办科技创新成果对接会"
    assert main.date == "2024-03-15"
    assert "王晓明" in main.byline
    body = "\n".join(articles.text)
    assert "12项科技成果现场签约" in body
    for chrome in CHROME:
        assert chrome not in body, chrome
    assert "<" not in body and "</p>" not in body


def test_html_saved_as_txt_is_read_as_a_web_page(tmp_path):
    folder = tmp_path / "bare"
    folder.mkdir()
    shutil.copy(PAGE, folder / "page.txt")
    body = "\n".join(load_articles(folder).text)
    assert "<p>" not in body and "签约金额共计3.6亿元" in body


def test_add_takes_title_date_and_outlet_from_a_saved_page_and_keeps_its_bytes(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "raw").mkdir(parents=True)
    row = add_document(PAGE, title=None, date=None, outlet=None, corpus_dir=corpus)
    assert row["file"].endswith(".html")
    assert row["title"] == "长治市举办科技创新成果对接会" and row["date"] == "2024-03-15"
    assert row["outlet"]  # the page's site name
    assert (corpus / row["file"]).read_bytes() == PAGE.read_bytes()
    assert check_corpus(corpus) == []
    assert list(read_metadata(corpus).doc_id) == [row["doc_id"]]
    report = runner.write_corpus_tables(corpus, tmp_path / "tables", jobs=1, use_cache=False)
    assert report.articles >= 1


def test_add_of_a_text_file_without_metadata_names_what_is_missing(tmp_path):
    text = tmp_path / "item.txt"
    text.write_text("长治举办对接会\n\n12项成果签约。\n", encoding="utf-8")
    # the title is read from the first line (issue 21); no date and no outlet are stated in the text
    with pytest.raises(CorpusFileError, match="--date, --outlet needed"):
        add_document(text, title=None, date=None, outlet=None, corpus_dir=tmp_path / "corpus")
