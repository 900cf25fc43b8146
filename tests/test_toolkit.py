"""The text-as-data toolkit: dfm, lookup, docvars, keyness targets, n-grams, kwic, reprints, topics.

Seed-table tests run on the four seed documents (token table built in a tmp
cache); the reprint tests on short news texts written for these tests (no
corpus text): an original report, a copy in web chrome, a Traditional-script
copy, a copy with pinyin glosses, and a different report of the same event.
"""
from __future__ import annotations

import opencc
import numpy as np
import pandas as pd
import pytest
from scipy import io as sio

import czlib
import czlib.cli
from czlib.analysis.docvars import docvars
from czlib.analysis.stats.lookup import load_dictionary, lookup_terms
from czlib.analysis.stats.themes import THEMES_FILE, theme_shares
from czlib.text.segmentation.token_table import token_table


@pytest.fixture(scope="module")
def tokens(articles, tmp_path_factory):
    return token_table(articles, cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def matrix(tokens, articles):
    return czlib.dfm(tokens, articles=articles)


# -- dfm -------------------------------------------------------------------------------


def test_dfm_has_one_row_per_article_with_its_content_token_counts(tokens, matrix):
    content = tokens[tokens["content"]]
    assert matrix.shape[0] == tokens["article_id"].nunique()
    assert matrix.docs["article_id"].tolist() == list(dict.fromkeys(tokens["article_id"]))
    per_article = content.groupby("article_id").size()
    sums = pd.Series(np.asarray(matrix.matrix.sum(axis=1)).ravel(), index=matrix.docs["article_id"])
    assert sums.to_dict() == per_article.reindex(sums.index, fill_value=0).to_dict()
    # one cell checked by hand: 科技 in the first article
    first = matrix.docs["article_id"].iloc[0]
    col = list(matrix.features).index("科技")
    assert matrix.matrix[0, col] == ((content["article_id"] == first) & (content["token"] == "科技")).sum()


def test_dfm_docvars_come_from_the_articles(matrix, articles):
    assert {"doc_id", "article_id", "date", "year", "month", "outlet", "kind"} <= set(matrix.docs.columns)
    by_article = articles.set_index("article_id")
    row = matrix.docs.iloc[-1]
    assert row["outlet"] == by_article.loc[row["article_id"], "outlet"]
    assert row["year"] == int(str(by_article.loc[row["article_id"], "date"])[:4])


def test_group_by_doc_id_gives_one_row_per_document_and_keeps_the_counts(matrix, tokens):
    grouped = matrix.group("doc_id")
    assert grouped.shape[0] == tokens["doc_id"].nunique() == 4
    assert grouped.matrix.sum() == matrix.matrix.sum()
    assert grouped.docs["n_docs"].sum() == matrix.shape[0]


def test_weight_prop_rows_sum_to_one_and_tfidf_zeroes_words_in_every_row(matrix):
    prop = matrix.group("doc_id").weight("prop")
    assert np.allclose(np.asarray(prop.matrix.sum(axis=1)).ravel(), 1.0)
    tfidf = matrix.group("doc_id").weight("tfidf")
    everywhere = np.flatnonzero(np.diff(matrix.group("doc_id").matrix.tocsc().indptr) == 4)
    assert len(everywhere) > 0 and tfidf.matrix[:, everywhere].sum() == 0


def test_trim_min_docs_2_drops_the_words_of_one_document(matrix, tokens):
    by_doc = matrix.group("doc_id")
    trimmed = by_doc.trim(min_docs=2)
    docs_per_word = tokens[tokens["content"]].groupby("token")["doc_id"].nunique()
    assert set(trimmed.features) == set(docs_per_word[docs_per_word >= 2].index)
    assert 0 < len(trimmed.features) < len(by_doc.features)


def test_top_to_frame_and_exports(matrix, tmp_path):
    top = matrix.top(3)
    assert list(top.values) == sorted(np.asarray(matrix.matrix.sum(axis=0)).ravel(), reverse=True)[:3]
    frame = matrix.to_frame()
    assert len(frame) == matrix.matrix.nnz and frame["count"].sum() == matrix.matrix.sum()
    matrix.to_parquet(tmp_path / "m.parquet")
    assert pd.read_parquet(tmp_path / "m.parquet")["count"].sum() == matrix.matrix.sum()
    matrix.to_mtx(tmp_path / "m.mtx")
    assert (sio.mmread(str(tmp_path / "m.mtx")) != matrix.matrix).nnz == 0
    assert (tmp_path / "m.features.txt").read_text(encoding="utf-8").splitlines() == list(matrix.features)


def test_cosine_similarity_of_documents():
    tokens = _token_table({"A": [["科技", "人才"]], "B": [["科技", "人才"]], "C": [["农业"]]})
    sim = czlib.dfm(tokens, by="doc_id", articles=_articles(tokens)).similarity()
    assert sim.loc["A", "B"] == pytest.approx(1.0) and sim.loc["A", "C"] == 0.0


def test_bigrams_join_adjacent_content_words_of_a_sentence():
    tokens = _token_table({"A": [["科技", "创新", "的", "人才"]]})
    grams = czlib.dfm(tokens, ngrams=2, articles=_articles(tokens))
    assert list(grams.features) == ["科技 创新"]  # 的 is not content: no 创新 人才 across it
    both = czlib.dfm(tokens, ngrams=[1, 2], articles=_articles(tokens))
    assert set(both.features) == {"科技", "创新", "人才", "科技 创新"}


# -- lookup ----------------------------------------------------------------------------


def test_lookup_talent_wildcard_equals_a_hand_count(matrix, tokens):
    result = czlib.lookup(matrix, {"talent": ["人才*"]})
    content = tokens[tokens["content"]]
    hand = content[content["token"].str.startswith("人才")].groupby("article_id").size()
    got = result.set_index("article_id")["count"]
    assert got.sum() == len(content[content["token"].str.startswith("人才")]) > 0
    assert got[got > 0].to_dict() == hand.to_dict()
    row = result.iloc[int(np.argmax(result["count"]))]
    assert row["per_1000"] == pytest.approx(row["count"] * 1000 / row["n_tokens"])


def test_lookup_by_group_wildcards_multiword_and_files(tmp_path):
    tokens = _token_table({"A": [["科技", "创新", "人才"], ["技术创新", "科技"]], "B": [["创新型", "科技"]]})
    m = czlib.dfm(tokens, articles=_articles(tokens))
    dictionary = {"innovation": ["*创新*"], "phrase": ["科技 创新"], "suffix": ["*创新"]}
    by_doc = czlib.lookup(m.group("doc_id"), dictionary).set_index(["doc_id", "category"])["count"]
    assert by_doc[("A", "innovation")] == 2 and by_doc[("B", "innovation")] == 1
    assert by_doc[("A", "phrase")] == 1 and by_doc[("B", "phrase")] == 0   # 创新型 科技: wrong order
    assert by_doc[("A", "suffix")] == 2 and by_doc[("B", "suffix")] == 0
    (tmp_path / "d.yaml").write_text("innovation:\n  - '*创新*'\n", encoding="utf-8")
    (tmp_path / "d.csv").write_text("category,term\ninnovation,*创新*\n", encoding="utf-8")
    assert load_dictionary(tmp_path / "d.yaml") == load_dictionary(tmp_path / "d.csv") == {"innovation": ["*创新*"]}
    terms = lookup_terms(m, {"x": ["科技", "科*"]})
    assert terms["count"].tolist() == [3, 0]  # 科技 is credited to its first term only


def test_theme_dictionary_is_a_lookup_dictionary(matrix, tokens):
    shares = theme_shares(tokens, by="article_id")
    counts = czlib.lookup(matrix, THEMES_FILE)
    assert counts.groupby("category")["count"].sum().to_dict() == shares.groupby("theme")["hits"].sum().to_dict()


def test_theme_shares_by_period_and_year(tokens, articles):
    by_year = theme_shares(tokens, by="year", articles=articles)
    by_article = theme_shares(tokens, by="article_id")
    assert sorted(by_year["year"].unique()) == [2022, 2024, 2025, 2026]
    assert by_year["hits"].sum() == by_article["hits"].sum()
    assert len(theme_shares(tokens, by="period", articles=articles)) > 0


# -- docvars and keyness -----------------------------------------------------------------


def test_docvars_of_mixed_precision_dates():
    articles = pd.DataFrame({"doc_id": list("abcd"), "article_id": ["a-1", "b-1", "c-1", "d-1"],
                             "date": ["2025-05-30", "2024-06", "2022", ""], "outlet": "o", "kind": "news"})
    dv = docvars(articles)
    assert dv["year"].tolist()[:3] == [2025, 2024, 2022] and pd.isna(dv["year"].iloc[3])
    assert dv["month"].tolist()[:2] == [5, 6] and dv["month"].isna().tolist()[2:] == [True, True]


def test_read_table_with_docvars_joins_each_rows_article(tokens, articles, tmp_path):
    from czlib.storage import read_table, write_table_set

    write_table_set({"articles": articles, "tokens": tokens[tokens["doc_id"] == tokens["doc_id"].iloc[0]]},
                    tmp_path / "tables")
    joined = read_table("tokens", tables_dir=tmp_path / "tables", with_docvars=True)
    article = articles.set_index("article_id").loc[joined["article_id"].iloc[-1]]
    assert joined[["date", "outlet", "kind"]].iloc[-1].tolist() == [article["date"], article["outlet"], article["kind"]]
    assert joined["year"].iloc[-1] == int(article["date"][:4])
    actors = pd.DataFrame({"article_id": [joined["article_id"].iloc[-1]], "kind": ["person"]})
    assert czlib.with_docvars(actors, articles).loc[0, ["kind", "article_kind"]].tolist() == ["person", article["kind"]]


def test_keyness_targets_a_group_against_a_group_or_another_dfm():
    tokens = _token_table({"A": [["科技", "科技", "科技", "人才"]], "B": [["科技", "农业", "农业", "农业"]],
                           "C": [["农业"]]})
    m = czlib.dfm(tokens, articles=_articles(tokens), by="doc_id")
    # A against B only: 科技 3 of 4 vs 1 of 4, as the by-hand table of test_keyness (a=3, b=1, c=1, d=3)
    against_b = czlib.keyness(m, "A", reference="B").set_index("token")
    assert against_b.loc["科技", ["n_target", "n_reference"]].tolist() == [3, 1]
    assert against_b.loc["科技", "chi2"] == pytest.approx(0.5)
    rest = czlib.keyness(m, "A").set_index("token")
    assert rest.loc["农业", "n_reference"] == 4
    other = czlib.dfm(_token_table({"Z": [["科技", "农业", "农业", "农业"]]}), by="doc_id",
                      articles=_articles(_token_table({"Z": [["科技"]]})))
    assert czlib.keyness(m, "A", reference=other).set_index("token").loc["科技", "chi2"] == pytest.approx(0.5)
    mask = (tokens["doc_id"] == "A").to_numpy()
    assert czlib.keyness(tokens, mask, reference=(tokens["doc_id"] == "B").to_numpy()) \
        .set_index("token").loc["科技", "chi2"] == pytest.approx(0.5)


def test_kwic_window_in_tokens():
    tokens = _token_table({"A": [["我们", "引进", "人才", "和", "技术"]]})
    lines = czlib.kwic(tokens, "人才*", window=2)
    assert lines[["pre", "keyword", "post"]].values.tolist() == [["我们 引进", "人才", "和 技术"]]
    assert czlib.kwic(tokens, "引进 人才", window=1)[["pre", "keyword", "post"]].values.tolist() == \
        [["我们", "引进 人才", "和"]]


# -- topics ------------------------------------------------------------------------------


def test_topics_with_the_same_seed_give_identical_terms(matrix):
    first = czlib.topics(matrix, 3, seed=1, iterations=50)
    second = czlib.topics(matrix, 3, seed=1, iterations=50)
    pd.testing.assert_frame_equal(first.terms(10), second.terms(10))
    assert np.allclose(first.doc_topics.sum(axis=1), 1.0)
    assert list(first.prevalence("year").index) == [2022, 2024, 2025, 2026]


# -- reprints ----------------------------------------------------------------------------

ORIGINAL = (
    "本报讯 3月12日，市科技局在高新区召开科技成果转化对接会，来自省内12所高校和科研院所的专家与本地企业代表面对面交流。"
    "会上，8个产学研合作项目现场签约，涉及新材料、现代农业和智能制造等领域，协议金额达1.6亿元。\n"
    "市科技局负责人介绍，近年来我市持续深化科技体制改革，建立技术经纪人队伍，完善成果转化激励机制，推动更多科研成果在本地落地。"
    "去年全市技术合同成交额同比增长百分之二十三，高新技术企业数量突破三百家。\n"
    "参会企业负责人表示，对接会为企业找到了合适的技术伙伴，希望今后能与高校共建研发平台，联合培养技术人才，让创新链和产业链更好衔接。\n")
CHROME = ("首页 > 新闻中心 > 本地要闻\n来源：某某新闻网　作者：记者　2024-03-13 09:15　浏览次数：1024\n" + ORIGINAL
          + "责任编辑：王某\n版权所有 某某新闻网 未经授权禁止转载\n相关阅读：\n我市召开新春茶话会\n")
GLOSSED = ORIGINAL.replace("科技成果转化", "科技成果转化（kējì chéngguǒ zhuǎnhuà）", 1).replace(
    "产学研", "产学研 (chǎn xué yán)", 1)
SAME_EVENT = (
    "12日上午，一场聚焦技术转移的洽谈活动在高新区举行。省城多所大学的教授带着实验室里的新技术来到现场，"
    "与长期受困于工艺难题的企业老板们围坐一桌。一家生产农用机械的公司当场与农业大学团队达成意向，计划共同开发丘陵山区适用的小型收获机。\n"
    "活动主办方称，此次共促成八项合作，合同总额一亿六千万元。不少企业家坦言，过去找技术像大海捞针，如今有了政府搭台，省去了很多中间环节。\n"
    "专家们则认为，成果能否真正转化，关键在于企业是否愿意持续投入，以及双方能否建立长期稳定的利益分配机制。\n")


def _reprint_articles() -> pd.DataFrame:
    traditional = opencc.OpenCC("s2t").convert(ORIGINAL)
    texts = {"orig": ORIGINAL, "chrome": CHROME, "trad": traditional, "gloss": GLOSSED, "other": SAME_EVENT}
    return pd.DataFrame({"doc_id": list(texts), "article_id": [f"{k}-01" for k in texts], "text": list(texts.values())})


def test_near_duplicates_finds_chrome_traditional_and_glossed_reprints_not_another_story():
    articles = _reprint_articles()
    assert articles.loc[2, "text"] != ORIGINAL  # the Traditional copy really differs
    pairs = czlib.near_duplicates(articles, threshold=0.8)
    found = pairs[pairs["reprint_of"] == "orig-01"].set_index("article_id")
    assert sorted(found.index) == ["chrome-01", "gloss-01", "trad-01"], pairs
    assert (found["similarity"] >= 0.8).all()
    assert found.loc["chrome-01", "containment"] > found.loc["chrome-01", "jaccard"]
    assert "other-01" not in set(pairs["article_id"]) | set(pairs["reprint_of"])
    assert czlib.drop_reprints(articles, pairs)["doc_id"].tolist() == ["orig", "other"]
    again = czlib.near_duplicates(articles, threshold=0.8)
    pd.testing.assert_frame_equal(pairs, again)  # seeded: the same figures every run


def test_lsh_candidates_find_the_same_pairs_as_scoring_every_pair(monkeypatch):
    from czlib.text import minhash

    articles = _reprint_articles()
    every_pair = czlib.near_duplicates(articles, threshold=0.8)
    monkeypatch.setattr(minhash, "EXHAUSTIVE", 0)  # the path large corpora take
    pd.testing.assert_frame_equal(czlib.near_duplicates(articles, threshold=0.8), every_pair)


def test_czlib_add_reports_and_records_a_reprint(tmp_path, capsys, monkeypatch):
    from czlib import config

    monkeypatch.setattr(config, "CACHE_DIR", tmp_path / "cache")
    corpus = tmp_path / "corpus"
    (tmp_path / "orig.txt").write_text(ORIGINAL, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(CHROME, encoding="utf-8")
    (tmp_path / "other.txt").write_text(SAME_EVENT, encoding="utf-8")
    common = ["--title", "对接会", "--date", "2024-03-13", "--outlet", "某报", "--corpus", str(corpus)]
    assert czlib.cli.main(["add", str(tmp_path / "orig.txt"), *common, "--init"]) == 0
    assert czlib.cli.main(["add", str(tmp_path / "other.txt"), *common]) == 0
    assert "reprints" not in capsys.readouterr().out
    assert czlib.cli.main(["add", str(tmp_path / "copy.txt"), *common]) == 0
    out = capsys.readouterr().out
    metadata = pd.read_csv(corpus / "metadata.csv", dtype=str, keep_default_na=False)
    original, other, copy = metadata["doc_id"].tolist()
    assert f"{copy} reprints {original}" in out
    assert metadata["reprint_of"].tolist() == ["", "", original]
    assert czlib.cli.main(["check", "--corpus", str(corpus)]) == 0
    checked = capsys.readouterr().out
    assert f"reprints {original}" in checked and "recorded in reprint_of" in checked and other not in checked


# -- helpers -----------------------------------------------------------------------------


def _token_table(sentences_by_doc: dict[str, list[list[str]]]) -> pd.DataFrame:
    """A token table from lists of words; "。" closes each sentence, 的/和/。 are not content; one article per doc."""
    rows = []
    for doc, sentences in sentences_by_doc.items():
        start = 0
        for s, words in enumerate(sentences):
            for w in words + ["。"]:
                rows.append({"doc_id": doc, "article_id": f"{doc}-01", "sentence": s, "token": w,
                             "pos": "x" if w == "。" else "n", "start": start, "end": start + len(w),
                             "content": w not in ("。", "的", "和")})
                start += len(w)
    return pd.DataFrame(rows)


def _articles(tokens: pd.DataFrame) -> pd.DataFrame:
    ids = tokens[["doc_id", "article_id"]].drop_duplicates()
    return ids.assign(date="2024-01", outlet="某报", kind="news")
