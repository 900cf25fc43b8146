"""Keyness (χ², G²) and collocations (G², PMI) on small hand-made token lists, checked against hand arithmetic."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from czlib.analysis.stats.keyness import (chi2_p_value, collocation_counts, collocations, keyness, keyness_counts)


def _token_table(sentences_by_doc: dict[str, list[list[str]]]) -> pd.DataFrame:
    """A token table from lists of words; "。" is a punctuation token (not content), one article per document."""
    rows = []
    for doc, sentences in sentences_by_doc.items():
        start = 0
        for s, words in enumerate(sentences):
            for w in words + ["。"]:
                rows.append({"doc_id": doc, "article_id": f"{doc}-01", "sentence": s, "token": w,
                             "pos": "x" if w == "。" else "n", "start": start, "end": start + len(w),
                             "content": w != "。" and w != "的"})
                start += len(w)
    return pd.DataFrame(rows)


def test_keyness_chi2_and_g2_by_hand():
    """创新: 10 of 20 target tokens, 5 of 30 reference tokens.

    2×2 table a=10, b=5, c=10, d=25, N=50; E11 = 15·20/50 = 6, so 创新 is key to the target (+).
    χ² with Yates = N(|ad − bc| − N/2)² / ((a+b)(c+d)(a+c)(b+d)) = 50·(200 − 25)² / (15·35·20·30)
                  = 1531250 / 315000 = 4.861111;  without: 50·200² / 315000 = 6.349206.
    G² = 2[10 ln(10/6) + 5 ln(5/9) + 10 ln(10/14) + 25 ln(25/21)] = 6.326870.
    p = erfc(√(x/2)): 0.027469 for χ² = 4.861111.
    """
    table = keyness_counts({"创新": 10, "其他": 10}, {"创新": 5, "其他": 25}).set_index("token")
    assert table.loc["创新", "chi2"] == pytest.approx(4.861111, abs=1e-6)
    assert table.loc["创新", "G2"] == pytest.approx(6.326870, abs=1e-6)
    assert table.loc["创新", "p_chi2"] == pytest.approx(0.027469, abs=1e-6)
    assert table.loc["其他", "chi2"] == pytest.approx(-4.861111, abs=1e-6)  # signed: the target avoids it
    plain = keyness_counts({"创新": 10, "其他": 10}, {"创新": 5, "其他": 25}, correction="none")
    assert plain.set_index("token").loc["创新", "chi2"] == pytest.approx(6.349206, abs=1e-6)
    assert list(table.index) == ["创新", "其他"]


def test_chi2_p_value_at_the_5_percent_point():
    """χ²₁ = 3.841459 is the 95 % point: p = 0.05."""
    assert chi2_p_value([3.841459])[0] == pytest.approx(0.05, abs=1e-6)


def test_keyness_from_a_token_table_uses_target_units_against_the_rest():
    """Document A: 科技 ×3, 人才 ×1; B: 科技 ×1, 农业 ×3 (的 is not content).  a=3, b=1, c=1, d=3, N=8.

    χ² (Yates) = 8·(|9 − 1| − 4)² / (4·4·4·4) = 128/256 = 0.5;  G² = 2[2·3 ln(3/2) + 2·1 ln(1/2)] = 2.091674.
    """
    tokens = _token_table({"A": [["科技", "的", "科技", "科技", "人才"]], "B": [["科技", "农业", "农业", "农业"]]})
    table = keyness(tokens, "A").set_index("token")
    assert table.loc["科技", ["n_target", "n_reference"]].tolist() == [3, 1]
    assert table.loc["科技", "chi2"] == pytest.approx(0.5)
    assert table.loc["科技", "G2"] == pytest.approx(2 * (6 * math.log(1.5) + 2 * math.log(0.5)))
    assert "的" not in table.index
    with pytest.raises(ValueError, match="whole corpus"):
        keyness(tokens, ["A", "B"])


def test_collocations_g2_and_pmi_by_hand():
    """Ten adjacent pairs: 科技 创新 ×4, 科技 人才, 产业 集群 ×3, 产业 创新, 人才 集群.

    科技 创新: a = 4, c1 = 5 (科技 first), c2 = 5 (创新 second), N = 10, E11 = 2.5;
    PMI = log2(4·10 / 25) = 0.678072; cells 4, 1, 1, 4 against E = 2.5 each:
    G² = 2[2·4 ln(4/2.5) + 2·1 ln(1/2.5)] = 3.854895, p = erfc(√(G²/2)) = 0.049601.
    Pairs seen once fall below min_count = 2.
    """
    pairs = pd.DataFrame([("科技", "创新")] * 4 + [("科技", "人才")] + [("产业", "集群")] * 3
                         + [("产业", "创新"), ("人才", "集群")], columns=["w1", "w2"])
    table = collocation_counts(pairs, min_count=2).set_index("collocation")
    assert list(table.index) == ["科技 创新", "产业 集群"]
    row = table.loc["科技 创新"]
    assert (row["count"], row["count_w1"], row["count_w2"], row["expected"]) == (4, 5, 5, 2.5)
    assert row["pmi"] == pytest.approx(0.678072, abs=1e-6)
    assert row["G2"] == pytest.approx(3.854895, abs=1e-6)
    assert row["p"] == pytest.approx(0.049601, abs=1e-6)
    assert table.loc["产业 集群", "pmi"] == pytest.approx(math.log2(30 / 16))


def test_collocations_need_adjacent_content_tokens_in_one_sentence():
    """科技 的 创新: 的 breaks adjacency; 创新 。 科技: the sentence end breaks it too."""
    tokens = _token_table({"A": [["科技", "创新"], ["科技", "创新"], ["科技", "的", "创新"]]})
    table = collocations(tokens, min_count=1)
    assert table["collocation"].tolist() == []  # 科技 创新 is every pair: nothing is more than expected
    tokens = _token_table({"A": [["科技", "创新"], ["科技", "创新"], ["产业", "集群"], ["科技", "的", "创新"]]})
    table = collocations(tokens, min_count=2).set_index("collocation")
    assert table.loc["科技 创新", "count"] == 2 and table.loc["科技 创新", "count_w1"] == 2
