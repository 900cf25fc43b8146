"""Keywords, distinctive words, themes, formulas and word clouds on the four seed documents."""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from czlib.text.segmentation.token_table import token_table
from czlib.text.stopwords import is_number, is_punctuation
from czlib.analysis.stats.formulas import find_formulas, formula_counts
from czlib.analysis.glossary import add_gloss, load_glossary
from czlib.analysis.stats.keywords import (distinctive_words, log_odds_dirichlet, pagerank, textrank_keywords,
                                     tfidf_keywords, token_counts)
from czlib.analysis.stats.themes import load_theme_dictionary, theme_shares
from czlib.publish.theme_plots import word_cloud

WEB = "002_1b1a24af7ea58fae"          # 2022 web article on province–university cooperation
TECH_DAY = "000_ce4198fb15dabd0b"     # 2025 Sci-Tech Workers' Day page
BEIJING = "001_2f84ace74cf710cc"      # 2024 Beijing–Changzhi cooperation page
FRONT = "003_3bf8bbf292258e31"        # January 2026 front page
DOCS = [TECH_DAY, BEIJING, WEB, FRONT]

_DIGIT = re.compile(r"[0-9]")


@pytest.fixture(scope="module")
def tokens(articles, tmp_path_factory):
    return token_table(articles, cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def formulas(articles):
    return find_formulas(articles, use_lexicon=False)


# -- keywords -------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["tfidf", "textrank", "distinctive"])
def test_no_number_or_punctuation_in_top_30_keywords_of_any_document(tokens, method):
    fn = {"tfidf": tfidf_keywords, "textrank": textrank_keywords, "distinctive": distinctive_words}[method]
    top = fn(tokens, by="doc_id", top_n=30)
    assert set(top["doc_id"]) == set(DOCS)
    assert (top.groupby("doc_id").size() == 30).all()
    for word in top["token"]:
        assert not is_punctuation(word) and not any(is_punctuation(ch) for ch in word), word
        assert not _DIGIT.search(word) or word in {"12大基地"}, word
        assert not is_number(word), word
        assert len(word) >= 2, word


def test_tfidf_keywords_name_each_documents_subject(tokens):
    top = tfidf_keywords(tokens, top_n=10)
    words = {doc: set(top.loc[top.doc_id == doc, "token"]) for doc in DOCS}
    assert "京长对口合作" in words[BEIJING]          # Beijing–Changzhi paired cooperation
    assert "省校合作" in words[WEB]                  # province–university cooperation
    assert "长治经开区" in words[FRONT]              # the development zone of the front-page story
    # every unit's ranks run 1..n; a word found in all four documents has idf 1
    everywhere = tfidf_keywords(tokens, top_n=None)
    assert np.allclose(everywhere.loc[everywhere["df"] == 4, "idf"], 1.0)


def test_textrank_never_links_across_sentences():
    # two one-word sentences: no edge, so both keep the teleport score only
    table = pd.DataFrame({"doc_id": ["d"] * 4, "article_id": ["a"] * 4, "sentence": [0, 0, 1, 1],
                          "token": ["人才", "。", "项目", "。"], "pos": ["n", "x", "n", "x"],
                          "start": [0, 2, 3, 5], "end": [2, 3, 5, 6],
                          "content": [True, False, True, False]})
    result = textrank_keywords(table)
    assert result["score"].tolist() == pytest.approx([0.5, 0.5])


def test_pagerank_on_a_path_graph():
    scores = pagerank(["a", "b", "c"], {("a", "b"): 1, ("b", "c"): 1})
    assert sum(scores.values()) == pytest.approx(1.0)
    assert scores["b"] > scores["a"] == pytest.approx(scores["c"])


# -- log-odds ---------------------------------------------------------------------------


def test_log_odds_dirichlet_matches_the_formula_by_hand():
    a = {"人才": 10, "项目": 2}
    b = {"人才": 3, "项目": 9}
    prior = {"人才": 1.0, "项目": 1.0}
    result = log_odds_dirichlet(a, b, prior)
    n_a, n_b, a0 = 12, 12, 2.0
    delta = math.log(11 / (n_a + a0 - 11)) - math.log(4 / (n_b + a0 - 4))
    z = delta / math.sqrt(1 / 11 + 1 / 4)
    assert result.loc["人才", "delta"] == pytest.approx(delta)
    assert result.loc["人才", "z"] == pytest.approx(z)
    assert result.index[0] == "人才"       # sorted by z
    swapped = log_odds_dirichlet(b, a, prior)
    assert swapped.loc["人才", "z"] == pytest.approx(-z)


def test_log_odds_dirichlet_rejects_an_incomplete_prior():
    with pytest.raises(ValueError, match="prior lacks"):
        log_odds_dirichlet({"人才": 1}, {"项目": 1}, {"人才": 1.0})


def test_distinctive_words_of_the_beijing_page(tokens):
    top = distinctive_words(tokens, top_n=5)
    beijing = top[top.doc_id == BEIJING]
    assert beijing.iloc[0]["token"] == "京长对口合作"
    assert (beijing["z"] > 1.96).all()
    # negative z for words a document avoids: 省校合作 is absent from the 2024 page
    full = distinctive_words(tokens, top_n=None)
    row = full[(full.doc_id == BEIJING) & (full.token == "省校合作")].iloc[0]
    assert row["count"] == 0 and row["z"] < 0


# -- themes ------------------------------------------------------------------------------


def test_theme_dictionary_is_well_formed():
    themes = load_theme_dictionary()
    assert {"talent", "innovation", "industry", "universities", "beijing", "transformation", "green",
            "health", "agriculture", "party"} <= set(themes["theme"])
    assert (themes["term"].str.len() >= 2).all()
    assert not themes.duplicated(["theme", "term"]).any()


def test_theme_shares_follow_each_documents_subject(tokens):
    shares = theme_shares(tokens, by="doc_id")
    assert len(shares) == 4 * shares["theme"].nunique()
    assert shares["share"].between(0, 1).all()
    wide = shares.pivot(index="doc_id", columns="theme", values="share")
    assert wide["beijing"].idxmax() == BEIJING          # the Beijing–Changzhi page
    assert wide["universities"].idxmax() == WEB         # province–university cooperation
    assert wide["culture"].idxmax() == FRONT            # the memorial-hall story of the front page
    per_article = theme_shares(tokens, by="article_id")
    assert per_article["article_id"].nunique() == tokens["article_id"].nunique()


# -- formulas ----------------------------------------------------------------------------


def _found(formulas, formula):
    return formulas[formulas["formula"] == formula]


def test_formulas_include_talent_plus_projects_with_its_sentences(formulas):
    rows = _found(formulas, "人才+项目")
    assert (rows["kind"] == "plus").all() and (rows["found_by"] == "plus").all()
    assert set(rows["doc_id"]) == {WEB}
    contexts = rows["context"].tolist()
    assert any("突出“人才+项目”导向" in c for c in contexts)        # the lead paragraph
    assert "人才+项目 导向突出注入转型升级源动力" in contexts           # the section head


def test_formulas_include_four_beams_eight_pillars_with_its_sentences(formulas, articles):
    rows = _found(formulas, "四梁八柱")
    assert len(rows) == 4 and set(rows["doc_id"]) == {WEB}
    assert rows["found_by"].str.contains("numeral_pair").all()
    assert any("构筑人才工作“四梁八柱”体系" in c for c in rows["context"])
    texts = dict(zip(articles["article_id"], articles["text"]))
    for r in rows.itertuples():
        assert texts[r.article_id][r.start:r.end] == "四梁八柱"
        assert "四梁八柱" in r.context


@pytest.mark.parametrize("formula,doc_id", [
    ("公司+合作社+农户", WEB), ("承诺制+标准地+全代办", FRONT), ("12大基地", WEB),
    ("双联双引", BEIJING), ("十五五", FRONT), ("两区两城两高地", FRONT), ("第一资源", BEIJING),
])
def test_other_formulas_found_by_pattern(formulas, formula, doc_id):
    rows = _found(formulas, formula)
    assert doc_id in set(rows["doc_id"]), f"{formula} not found in {doc_id}"


def test_formula_patterns_skip_repetitions_and_names(formulas):
    found = set(formulas["formula"])
    assert "一代又一代" not in found          # 一代又一代科技工作者: repetition, not a slogan
    assert "小小八路讲解员培训" not in found    # 八路 is the Eighth Route Army
    assert "1+1" not in found                 # arithmetic inside “1+1>2”


def test_lexicon_adds_glosses_and_unpatterned_formulas(articles):
    with_lexicon = find_formulas(articles)
    sancuo = _found(with_lexicon, "三措并举")       # 2026 front page: "three measures together"
    assert not sancuo.empty and (sancuo["found_by"] == "lexicon").all()
    counts = formula_counts(with_lexicon)
    row = counts[counts.formula == "四梁八柱"].iloc[0]
    assert row["count"] == 4 and row["n_docs"] == 1 and row["gloss_en"]


# -- glosses and word clouds ----------------------------------------------------------------


def test_top_keywords_are_glossed(tokens):
    glossary = load_glossary()
    top = add_gloss(tfidf_keywords(tokens, top_n=30), glossary=glossary)
    assert (top["gloss_en"] != "").all(), top.loc[top["gloss_en"] == "", "token"].tolist()


def test_word_cloud_is_deterministic(tokens):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    counts = token_counts(tokens)
    freqs = dict(zip(*counts.loc[counts.doc_id == WEB, ["token", "count"]].T.values))

    def render():
        fig = word_cloud(freqs, width=400, height=300, max_words=40)
        fig.canvas.draw()
        image = np.asarray(fig.canvas.buffer_rgba()).copy()
        plt.close(fig)
        return image

    first, second = render(), render()
    assert np.array_equal(first, second)
    assert first.std() > 0       # something was drawn
