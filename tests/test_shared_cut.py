"""The work the pipeline shares instead of repeating: one jieba-dictionary cut per text, and name lists
matched as a trie.  Each shortcut must give exactly what the long way gives."""
from __future__ import annotations

import re

import pytest

from czlib.analysis.actors.gazetteer import home_gazetteer
from czlib.text.segmentation.segment import get_segmenter, main_tokens
from czlib.text.wordregex import word_regex

# A seed sentence (2024 Beijing–Changzhi page) with a name jieba's dictionary does not know.
SENTENCE = "中科院半导体研究所刘乃鑫博士驻山西中科潞安紫外光电科技公司"


def test_main_tokens_equal_jieba_posseg_on_the_seed_sentence():
    reference = tuple(get_segmenter(False).reference_tokenize(SENTENCE))  # jieba.posseg itself
    assert main_tokens(SENTENCE) == reference
    assert main_tokens(SENTENCE) == reference  # the kept cut, asked for again
    assert [t.word for t in reference][:2] == ["中科院", "半导体"]


def test_a_text_tagged_again_gets_a_fresh_list_with_the_same_tags():
    seg = get_segmenter(False)
    first = seg.tag(SENTENCE)
    first.append(("改", "x"))  # a caller changing its list must not change the next caller's
    again = seg.tag(SENTENCE)
    assert again is not first
    assert again == seg.reference_tag(SENTENCE)


def _alternation(words):
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))))


def _same_matches(words, texts):
    plain, trie = _alternation(words), word_regex(words)
    for text in texts:
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)], text
        for pos in range(len(text)):
            for a, b in ((plain.match(text, pos), trie.match(text, pos)),
                         (plain.search(text, pos, pos + 4), trie.search(text, pos, pos + 4))):
                assert (a and a.span()) == (b and b.span()), (text, pos)


def test_word_regex_finds_the_longest_name_where_several_start():
    words = ["长治", "长治市", "长子", "长子县", "潞城", "潞城区", "a.b", "c-d", "]"]
    text = "长治市长子县人，到潞城区、长治和长子；a.b c-d ] axb"
    assert [m.group() for m in word_regex(words).finditer(text)] == \
        ["长治市", "长子县", "潞城区", "长治", "长子", "a.b", "c-d", "]"]
    _same_matches(words, [text, "长", "长治长治市长", ""])


def test_word_regex_matches_the_alternation_on_a_country_of_place_names():
    words = home_gazetteer(None).place_alias  # provinces, cities and counties: thousands of first characters
    assert len(words) > 1000
    _same_matches(words, ["山西省长治市潞州区和晋城市泽州县的企业到北京市海淀区、上海浦东新区考察",
                          "内蒙古自治区呼和浩特市，新疆维吾尔自治区乌鲁木齐，长治县长子县沁县"])


def test_word_regex_of_no_words_is_none():
    assert word_regex([]) is None
