"""Themes that measure what they say: whole words only, names of organisations and places set aside,
per-term contributions, and rates normalised for a theme's size."""
from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

import czlib
from czlib.analysis.stats import themes
from czlib.text.segmentation.token_table import token_table

# Invented local-news sentences (NFKC, as the articles table holds them).
TEXT = unicodedata.normalize("NFKC", "屯留区政府与沁县农业技术推广中心签约。黎城县人民政府、平顺县科学技术协会参加。"
                             "市科技局负责人表示，科技创新是关键，政府将加大支持。北京的专家到企业开展服务。"
                             "北京市科学技术研究院派出专家。")


@pytest.fixture(scope="module")
def invented(tmp_path_factory):
    art = pd.DataFrame({"doc_id": ["d"], "article_id": ["d-01"], "text": [TEXT]})
    tokens = token_table(art, cache_dir=tmp_path_factory.mktemp("cache"))
    return themes.flag_named_spans(tokens, czlib.actors_table(art))


@pytest.fixture(scope="module")
def seed(articles, tmp_path_factory):
    tokens = token_table(articles, cache_dir=tmp_path_factory.mktemp("cache"))
    return themes.flag_named_spans(tokens, czlib.actors_table(articles))


def _hits(tokens, theme):
    hits = themes.theme_hits(tokens)
    return hits[hits["theme"] == theme]


def test_shi_kejiju_and_beijing_academy_of_science_and_technology_are_not_innovation(invented, seed):
    """市科技局 (the municipal S&T bureau) and 北京市科学技术研究院 (an academy) are names, not the theme 科技."""
    for tokens in (invented, seed):
        innovation = _hits(tokens, "innovation")
        assert not innovation["token"].isin(["市科技局", "长治市科技局", "北京市科学技术研究院"]).any()
        assert (innovation["token"] == innovation["term"]).all()  # whole words only
    # 科学技术 inside 平顺县科学技术协会 (a named association) is set aside; 科技创新 counts
    invented_innovation = _hits(invented, "innovation")
    assert "科学技术" not in set(invented_innovation["token"])
    assert "科技创新" in set(invented_innovation["token"])


def test_zhengfu_inside_renmin_zhengfu_is_not_party(invented, seed):
    """政府 inside 人民政府 or 屯留区政府 is a government's name; 政府 on its own ("政府将加大支持") counts."""
    party = _hits(invented, "party")
    assert party["token"].tolist() == ["政府"]
    start = party["start"].iloc[0]
    assert TEXT[start - 1:start + 3] == ",政府将"   # the free-standing 政府, not 屯留区政府's
    seed_party = _hits(seed, "party")
    assert (seed_party["token"] == seed_party["term"]).all()
    assert not seed_party["token"].str.contains("人民政府").any()
    # the seed's own 政府 hits lie outside the names of governments
    assert not seed.loc[seed["token"].eq("政府") & seed["in_name"], "start"].isin(seed_party["start"]).any()


def test_a_token_that_is_the_whole_name_is_kept(invented):
    """北京 the place (the whole mention) still counts for the Beijing theme; 北京 inside an academy's name would not."""
    beijing = _hits(invented, "beijing")
    assert beijing["token"].tolist() == ["北京"]
    assert TEXT[beijing["start"].iloc[0]:beijing["start"].iloc[0] + 4] == "北京的专"


def test_term_contributions_add_up_to_the_theme_hits(seed):
    """Each theme's terms add up to its hits; per_1000_per_term = per_1000 / n_terms."""
    terms = themes.term_contributions(seed)
    shares = themes.theme_shares(seed.assign(doc_id="all"), by="doc_id")
    by_theme = terms.groupby("theme")["hits"].sum()
    for row in shares.itertuples():
        assert by_theme[row.theme] == row.hits
        assert row.per_1000 == pytest.approx(1000 * row.hits / row.n_content)
        assert row.per_1000_per_term == pytest.approx(row.per_1000 / row.n_terms)
    dictionary = themes.load_theme_dictionary()
    assert len(terms) == len(dictionary)          # every term listed, zeros included
    shares_of_theme = terms.groupby("theme")["share_of_theme"].sum()
    assert shares_of_theme[by_theme > 0].round(9).eq(1).all()
