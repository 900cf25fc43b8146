"""czlib.concordance: keyword in context with offsets into the article text, and its escaped display."""
from __future__ import annotations

import re

import pandas as pd
import pytest

import czlib
from czlib.analysis.stats.concordance import concordance_at, evidence_sentences


def _texts(articles):
    return dict(zip(articles["article_id"], articles["text"]))


def _check_offsets(lines, articles, width):
    texts = _texts(articles)
    for r in lines.itertuples():
        text = texts[r.article_id]
        assert text[r.start:r.end] == r.match
        assert r.left == text[max(0, r.start - width):r.start]
        assert r.right == text[r.end:r.end + width]


def test_concordance_of_keji_tepaiyuan_indexes_into_the_text(articles):
    """科技特派员 (science and technology commissioner) is a seed term of the talent theme."""
    lines = czlib.concordance(articles, "科技特派员", width=15)
    assert list(lines.columns) == ["doc_id", "article_id", "left", "match", "right", "start", "end"]
    assert len(lines) >= 3 and set(lines["match"]) == {"科技特派员"}
    _check_offsets(lines, articles, 15)
    expected = sum(t.count("科技特派员") for t in articles["text"])
    assert len(lines) == expected


def test_concordance_of_silian_bazhu_and_a_list_takes_the_longest_term(articles):
    """四梁八柱 (four beams, eight pillars): a list with 四梁 and 八柱 finds 四梁八柱 once, not its parts."""
    whole = czlib.concordance(articles, "四梁八柱")
    assert len(whole) >= 2
    _check_offsets(whole, articles, 20)
    listed = czlib.concordance(articles, ["四梁", "八柱", "四梁八柱"])
    _check_offsets(listed, articles, 20)
    full = listed[listed["match"] == "四梁八柱"]
    assert full[["article_id", "start"]].values.tolist() == whole[["article_id", "start"]].values.tolist()
    # no part is reported inside a whole match
    for r in listed[listed["match"] != "四梁八柱"].itertuples():
        assert not ((full["article_id"] == r.article_id) & (full["start"] <= r.start)
                    & (full["end"] >= r.end)).any()


def test_concordance_of_a_regular_expression_string_and_compiled(articles):
    """A str is literal unless regex=True; a compiled pattern is always a regular expression (万元 figures)."""
    expr = r"\d+(?:\.\d+)?万元"
    as_regex = czlib.concordance(articles, expr, regex=True, width=8)
    compiled = czlib.concordance(articles, re.compile(expr), width=8)
    assert len(as_regex) >= 1 and as_regex.equals(compiled)
    assert all(re.fullmatch(expr, m) for m in as_regex["match"])
    _check_offsets(as_regex, articles, 8)
    assert czlib.concordance(articles, expr).empty  # the literal string "\d+..." is not in any text


def test_concordance_on_a_hand_made_article():
    """Offsets, non-overlap and the edges of the text, on invented text."""
    art = pd.DataFrame({"doc_id": ["d1"], "article_id": ["d1-01"],
                        "text": ["科技特派员下乡。科技特派员进村，帮助农户。"]})
    lines = czlib.concordance(art, ["科技特派员", "特派员"], width=3)
    assert lines[["left", "match", "right", "start", "end"]].values.tolist() == [
        ["", "科技特派员", "下乡。", 0, 5], ["下乡。", "科技特派员", "进村，", 8, 13]]
    with pytest.raises(ValueError, match="width"):
        czlib.concordance(art, "科技", width=-1)
    with pytest.raises(TypeError, match="pattern"):
        czlib.concordance(art, 5)


def test_concordance_at_and_evidence_sentences_use_given_spans():
    """Evidence for an actor mention: its concordance line and its whole sentence."""
    art = pd.DataFrame({"doc_id": ["d1"], "article_id": ["d1-01"],
                        "text": ["市科技局召开座谈会。长治学院教授王明作了发言。"]})
    spans = pd.DataFrame({"article_id": ["d1-01"], "start": [10], "end": [14]})
    at = concordance_at(art, spans, width=2)
    assert at[["left", "match", "right"]].values.tolist() == [["会。", "长治学院", "教授"]]
    ev = evidence_sentences(art, spans)
    assert ev.loc[0, "sentence"] == "长治学院教授王明作了发言。"
    with pytest.raises(ValueError, match="outside"):
        concordance_at(art, pd.DataFrame({"article_id": ["d1-01"], "start": [30], "end": [40]}))


def test_show_concordance_escapes_markup_and_aligns_the_match():
    """Corpus text is shown as text: a <script> in the context is escaped, the left context right-aligned."""
    lines = pd.DataFrame({"doc_id": ["d"], "article_id": ["d-01"], "left": ["<script>x</script>"],
                          "match": ["科技"], "right": ["创新\n发展"], "start": [18], "end": [20]})
    view = czlib.show_concordance(lines)
    page = view._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'text-align: right' in page and 'font-weight: bold">科技</td>' in page
    assert "[科技] 创新 发展" in repr(view)
    # the HTML export's sanitiser keeps the alignment and escapes nothing more (no <b>: it would show as typed)
    from czlib.publish.build.html import sanitize_output_html

    clean = sanitize_output_html(page)
    assert "text-align: right" in clean and "font-weight: bold" in clean and "&lt;b&gt;" not in clean
    assert "&lt;script&gt;" in clean and "<script>" not in clean


def test_spread_takes_evidence_from_every_article_in_turn():
    """Three lines of one article and one of another: spread(…, 2) gives one of each."""
    from czlib.analysis.stats.concordance import spread

    rows = pd.DataFrame({"article_id": ["a", "a", "a", "b"], "start": [1, 5, 9, 2]})
    assert spread(rows, 2)[["article_id", "start"]].values.tolist() == [["a", 1], ["b", 2]]
    assert spread(rows, 10)["start"].tolist() == [1, 2, 5, 9]
