"""Segmentation, stopwords and the token-table cache, checked on sentences of the four seed documents."""
from __future__ import annotations

import logging
import shutil
import unicodedata
from pathlib import Path

import jieba
import numpy as np
import pytest

from czlib import config
from czlib.text.segmentation.segment import (DEFAULT_USERDICT, Segmenter, Token, get_segmenter, read_userdict,
                                sentence_index, split_sentences, tokenize)
from czlib.text.segmentation.token_table import token_table
from czlib.text.stopwords import STOPWORDS, is_content_token, is_number, load_stopwords

WEB = "002_1b1a24af7ea58fae"          # 2022 web article on province–university cooperation
TECH_DAY = "000_ce4198fb15dabd0b"     # 2025 Sci-Tech Workers' Day page
BEIJING = "001_2f84ace74cf710cc"      # 2024 Beijing–Changzhi cooperation page
FRONT = "003_3bf8bbf292258e31"        # January 2026 front page


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


# Each domain term of the issue, with the seed sentence it comes from.
DOMAIN_TERMS = [
    ("京长对口合作", BEIJING, "如何做好京长对口合作文章，借得东风谋求科技创新发展？"),
    ("省校合作", WEB, "省委、省政府作出关于深化省校合作的战略决策部署以来,长治进一步强化党管人才"),
    ("潞党参", WEB, "长治古称“上党”,是潞党参的发源地。"),
    ("深紫外LED", BEIJING, "积极开展深紫外LED半导体外延和芯片关键技术攻关，产品应用开发。"),
    ("新质生产力", FRONT, "锚定新质生产力培育目标,以“研究院经济”破解科技成果转化瓶颈"),
    ("科技特派员", BEIJING, "从北京8所高校、科研院所选拔两批次共10名专家作为企业科技特派员到长治10家企业开展技术服务。"),
    # people and organisations of the corpus
    ("胡文庆", TECH_DAY, "长治市人民医院党委书记\n胡文庆"),
    ("长治市人民医院", TECH_DAY, "长治市人民医院党委书记\n胡文庆"),
    ("刘乃鑫", BEIJING, "中科院半导体研究所刘乃鑫博士驻山西中科潞安紫外光电科技公司"),
    ("中科潞安", WEB, "在长治市创办中科潞安公司,实现了全球最大规模的深紫外LED芯片技术产业化"),
    ("曹华", WEB, "在光伏玻璃行业深耕多年的曹华深有感触。"),
    ("长治经开区", FRONT, "长治经开区“转化、链接、集聚”三措并举"),
    # slogans, so that formulas and keywords see them whole
    ("四梁八柱", WEB, "到构筑人才工作“四梁八柱”体系"),
    ("十五五", FRONT, "为全省“十五五”良好开局贡献更多力量。"),
]


@pytest.mark.parametrize("term,doc_id,sentence", DOMAIN_TERMS, ids=[t for t, _, _ in DOMAIN_TERMS])
def test_domain_term_is_one_token_in_its_seed_sentence(term, doc_id, sentence):
    sentence = nfkc(sentence)
    # the sentence really is in that seed document (so the test checks corpus text)
    raw = nfkc((config.RAW_DIR / f"{doc_id}.txt").read_text(encoding="utf-8"))
    assert sentence in raw
    words = [t.word for t in tokenize(sentence)]
    assert term in words, f"{term} cut apart: {'/'.join(words)}"


def test_user_dictionary_tags_people_places_and_organisations():
    # the actors notebook reads jieba POS: nr person, ns place, nt organisation
    tags = {t.word: t.pos for t in tokenize(nfkc("清华大学张建胜教授驻天脊煤化工集团公司期间,长治、平顺县"))}
    assert tags["张建胜"] == "nr"
    assert tags["天脊煤化工集团公司"] == "nt"
    assert tags["长治"] == "ns"          # jieba's own dictionary says n
    assert tags["平顺县"] == "ns"        # jieba's own dictionary says nr


def test_tokens_carry_offsets_into_the_article_text(articles):
    for text in articles["text"]:
        tokens = tokenize(text)
        assert all(isinstance(t, Token) for t in tokens)
        assert all(text[t.start:t.end] == t.word for t in tokens)
        assert all(not t.word.isspace() for t in tokens)
        # tokens cover every non-whitespace character, in order, without overlap
        covered = "".join(t.word for t in tokens)
        assert covered == "".join(ch for ch in text if not ch.isspace())
        assert all(a.end <= b.start for a, b in zip(tokens, tokens[1:]))


def test_fast_path_equals_jieba_posseg_on_every_article(articles):
    """czlib's jieba-rs path gives exactly jieba.posseg's tokens and tags (same dictionary)."""
    seg = get_segmenter()
    for article_id, text in zip(articles["article_id"], articles["text"]):
        assert seg.tag(text) == seg.reference_tag(text), article_id


def test_fast_path_equals_jieba_posseg_on_awkward_input():
    seg = get_segmenter()
    # digits, %, Latin letters, \r\n, a NUL, full stops, out-of-vocabulary names
    text = "工程审批时限压减85%以上,2×1000TD光伏玻璃,LED光电\r\n工业 4.0 学习工厂\x00 A.B 陈耳东赵店村"
    assert seg.tag(text) == seg.reference_tag(text)
    assert seg.tag("") == []


def test_compiled_viterbi_equals_jieba_posseg_viterbi(articles):
    """PossegViterbi reproduces jieba.posseg.viterbi: every Chinese run of the corpus, plus random strings
    (with characters the model has never seen, e.g. 璿 of the byline 徐璿, and characters it has no
    state list for, which make every state a candidate)."""
    import random
    import re

    import jieba.posseg as ps

    from czlib.text.segmentation.segment import PossegViterbi

    fast = PossegViterbi(ps.char_state_tab_P, ps.start_P, ps.trans_P, ps.emit_P)
    text = "\n".join(articles["text"])
    runs = [r[:30] for r in re.findall("[\u4e00-\u9fd5]+", text)]
    rng = random.Random(3)
    unlisted = [ch for ch in map(chr, range(0x4E00, 0x9FD6)) if ch not in ps.char_state_tab_P]
    alphabet = sorted(set("".join(runs))) + ["璿", "龘", "\u4e02"] + unlisted[::400]
    runs += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10))) for _ in range(300)]
    runs += ["".join(rng.choice(unlisted) for _ in range(n)) for n in (1, 2, 17)]
    for run in runs:
        expected = ps.viterbi(run, ps.char_state_tab_P, ps.start_P, ps.trans_P, ps.emit_P)
        assert fast(run) == expected, run
    # many stretches in one kernel call give what one call each gives
    states, bounds, probs = fast.run(runs)
    batched = [(float(p), [fast.order[i] for i in st])
               for p, st in zip(probs, np.split(states, bounds[1:-1]))]
    assert batched == [fast(run) for run in runs]


# Texts written for these tests, heavy in what the word graph does not know:
# unknown names, rare and Traditional characters, digits and Latin letters
# glued to Chinese, characters only jieba-rs counts as Chinese, odd whitespace.
OOV_TEXTS = [
    # people and places the dictionary does not have
    "郜晓瑜、尉迟璿和甪直镇的蔺相如、覃塘区的韦拔群一同出席了会议。",
    "欧阳娜娜与司马懿、诸葛亮、上官婉儿在濮阳县庆祝丰收节。",
    # long runs of unknown characters, with and without the model knowing them
    "龘靐齉爩鱻麤㸚龘靐齉爩鱻麤龘靐齉爩鱻麤靐齉爩鱻麤。",
    "國務院總理在第十三屆全國人民代表大會上作政府工作報告，強調堅持穩中求進工作總基調。",
    "鍾鐵錚鑫瀚灝瀅煒熠燁璟瑋琦瑾璐瑤",
    # digits and Latin letters mixed with Chinese
    "iPhone15Pro与华为Mate60在5G+工业互联网展上亮相，GDP增长5.2%，CPI上涨0.2个百分点。",
    "COVID-19疫情期间B超、U盘和X光机需求增长3C认证A股上涨卡拉OK",
    "2×1000TD光伏玻璃、1.5万kW·h电量、No.1、C++编程、AT&T、a_b、x#y、3.14.15",
    "a b c 1 2 3 Q5 5Q Ab1Cd2 中A国B人C民",
    # characters jieba-rs puts in Chinese blocks and posseg does not
    "增长85%以上-中国㐀人鿖年豈面𠀀𪜀字，中-国，%%--",
    # whitespace and control characters
    "第一行\r\n第二行\r\r\n\n\n第三行\u3000全角空格\t制表\x1c分隔\x85下一行\xa0不换行\x00空字符 ",
    # a run of single characters that spells a dictionary word stays single
    "的的的的了了了吗吗吗呢呢",
    "",
    "。",
    "龘",
    "A",
]


@pytest.mark.parametrize("text", OOV_TEXTS, ids=range(len(OOV_TEXTS)))
def test_tag_equals_jieba_posseg_on_out_of_vocabulary_text(text):
    from czlib.text.segmentation.segment import posseg_hmm

    seg = get_segmenter()
    expected = seg.reference_tag(text)
    posseg_hmm.cache_clear()
    assert seg.tag(text) == expected            # cold
    assert seg.tag(text) == expected            # memo warm
    tokens = seg.tokenize(text)
    assert all(text[t.start:t.end] == t.word for t in tokens)
    assert [(t.word, t.pos) for t in tokens] == [(w, p) for w, p in expected if not w.isspace()]


def test_tag_equals_jieba_posseg_with_ascii_and_punctuation_dictionary_words(tmp_path):
    """User entries that jieba's dictionary never has: all-ASCII words (so a joined ASCII run can be a
    dictionary word), a punctuation mark and a full-width digit (posseg still tags them x outside blocks),
    a word with a masked character."""
    userdict = tmp_path / "userdict.txt"
    userdict.write_text("GDP 100 nz\n5G 50 nz\nAB12 20 eng\n， 1000 w\n１ 10 m\n中%国 10 n\n龘靐 10 nr\n",
                        encoding="utf-8")
    seg = Segmenter(userdict, cache_dir=tmp_path)
    for text in ["GDP增长5G网络GDPX与AB12和AB123，ab12", "GDP，５G１号中%国龘靐龘", "G D P 5 G"]:
        assert seg.tag(text) == seg.reference_tag(text), text


def test_tag_equals_jieba_posseg_on_random_text():
    """Random mixtures of common, rare and unknown characters, ASCII, punctuation and whitespace."""
    import random

    from czlib.text.segmentation.segment import posseg_hmm

    rng = random.Random(10)
    pieces = list("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
                  "也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小"
                  "物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形")
    pieces += list("龘靐齉爩鱻麤㸚璿郜尉甪覃蔺鍾鐵錚鑫瀚灝瀅國務會議") + ["㐀", "鿖", "豈", "𠀀"]
    pieces += list("abcXYZ0123456789.+#&_%-") + ["GDP", "5G", "B超", "A股"]
    pieces += list("，。、；：？！“”（）《》—…·") + [" ", "\n", "\r\n", "\u3000", "\t"]
    seg = get_segmenter()
    for _ in range(40):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 120)))
        posseg_hmm.cache_clear()
        assert seg.tag(text) == seg.reference_tag(text), repr(text)


def test_posseg_hmm_equals_jieba_on_mixed_stretches():
    """posseg_hmm(buf) is posseg's __cut_detail: Chinese runs through the HMM, digits m, Latin eng."""
    from czlib.text.segmentation.segment import posseg_hmm

    seg = get_segmenter()
    seg.jieba_tokenizer()
    cut_detail = seg._reference[1]._POSTokenizer__cut_detail
    for buf in ["郜晓瑜", "尉迟璿12号", "abc龘靐3.5x", "A股B超", "..1a2b"]:
        posseg_hmm.cache_clear()
        expected = tuple((p.word, p.flag) for p in cut_detail(buf))
        assert posseg_hmm(buf) == expected
        assert posseg_hmm(buf) == expected   # from the memo


def test_masked_code_points_are_jieba_rs_chinese_blocks():
    """czlib masks exactly the characters that jieba-rs puts in Chinese blocks and posseg does not.

    jieba-rs cuts a dictionary word 甲?乙 as one word only if ? is in its Chinese blocks; checked
    at both ends of each masked range, their neighbours and a sample of all code points.
    """
    import random
    import re

    import rjieba

    from czlib.text.segmentation.posseg import _ALNUM, _HAN, _JIEBA_RS_ONLY_HAN, _MASK, char_classes

    classes = char_classes()
    posseg_han = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&\\._]")
    points = {cp + d for a, b in _JIEBA_RS_ONLY_HAN for cp in (a, b) for d in (-1, 0, 1)}
    points |= {0x4DFF, 0x4E00, 0x9FD5, 0x9FD6, 0x10FFFF}
    points |= set(random.Random(0).sample(range(0x110000), 3000))
    points = sorted(cp for cp in points if not 0xD800 <= cp <= 0xDFFF)
    rj = rjieba.Jieba.empty()
    for cp in points:
        rj.add_word(f"甲{chr(cp)}乙", 10, "n")
    for cp in points:
        in_rs_block = rj.cut(f"甲{chr(cp)}乙", False) == [f"甲{chr(cp)}乙"]
        in_posseg_block = bool(posseg_han.match(chr(cp)))
        assert in_posseg_block == (classes[cp] in (_HAN, _ALNUM)), hex(cp)
        assert in_rs_block == (classes[cp] in (_HAN, _ALNUM, _MASK)), hex(cp)


# Beside the checkout, not in it (see ../shared/bench/README.md).
GWR = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "government_work_reports.jsonl"


def test_tag_equals_jieba_posseg_on_government_work_reports():
    """Identity on text czlib has never seen: slices of the newest and a middle report (Simplified) and of
    the oldest (Traditional: long out-of-vocabulary stretches; posseg needs ~5 ms a character there)."""
    import json

    if not GWR.is_file():
        pytest.skip(f"{GWR} is absent (the shared benchmark folder is not beside this checkout)")
    from czlib.text.segmentation.segment import posseg_hmm

    reports = [json.loads(line)["content"] for line in GWR.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    reports = [r for r in reports if len(r) > 20000]       # the reports, not the resolutions
    seg = get_segmenter()
    for text in (reports[0][5000:15000], reports[len(reports) // 2][5000:15000], reports[-1][5000:5600]):
        posseg_hmm.cache_clear()
        assert seg.tag(text) == seg.reference_tag(text)


def test_jieba_global_tokenizer_is_left_alone():
    tokenize(nfkc("京长对口合作"))
    assert "京长对口合作" not in jieba.dt.FREQ
    assert "京长对口合作" not in jieba.dt.user_word_tag_tab


def test_jieba_reference_cache_file_lives_under_the_cache_dir_quietly(tmp_path, caplog):
    seg = Segmenter(cache_dir=tmp_path)
    level_before = logging.getLogger("jieba").level
    with caplog.at_level(logging.DEBUG):
        seg.jieba_tokenizer()
    assert (tmp_path / "jieba" / "jieba.cache").is_file()
    assert not [r for r in caplog.records if r.name == "jieba"], "jieba's 'Building prefix dict' chatter"
    assert logging.getLogger("jieba").level == level_before   # silenced for the build only


def test_read_userdict_names_file_and_line_of_a_bad_entry(tmp_path):
    bad = tmp_path / "userdict.txt"
    bad.write_text("省校合作 nz\n京长 对口 合作 nz\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"userdict.txt, line 2"):
        read_userdict(bad)
    entries = read_userdict(DEFAULT_USERDICT)
    assert ("京长对口合作", "nz") in {(e.word, e.tag) for e in entries}


def test_sentences_split_on_terminators_semicolons_and_newlines():
    # from the 2025 page: "科技之光,照亮前行之路;奋斗之魂,铸就时代丰碑。" then a new paragraph
    text = nfkc("科技之光,照亮前行之路;奋斗之魂,铸就时代丰碑。\n在长治这片充满活力的热土上。“好!”他说")
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["科技之光,照亮前行之路;", "奋斗之魂,铸就时代丰碑。",
                                             "在长治这片充满活力的热土上。", "“好!”", "他说"]
    assert list(sentence_index(text, [0, 11, 12, 25])) == [0, 0, 1, 2]


# -- stopwords -----------------------------------------------------------------------


def test_stopword_list_names_its_sources_and_versions():
    assert any("stopwordsiso" in d and "0." in d for d in STOPWORDS.sources.values())
    assert "czlib project" in STOPWORDS.sources
    # the general list holds hedges and numerals: why stopwords never run before claims
    assert {"多", "以上", "一"} <= STOPWORDS.words
    # project list: newspaper apparatus and "our city" (从 the 2026 front page: 本报记者, 我市)
    assert {"本报记者", "我市", "近年来"} <= STOPWORDS.words
    # NFKC-normalised: stopwords-iso ships full-width ％
    assert "％" not in STOPWORDS.words and "%" in STOPWORDS.words


def test_project_stopword_file_is_read_without_comments(tmp_path):
    path = tmp_path / "stop.txt"
    path.write_text("# comment\n本报\n\n我市  # our city\n", encoding="utf-8")
    words = load_stopwords(path, standard=False).words
    assert words == {"本报", "我市"}


@pytest.mark.parametrize("token,pos,expected", [
    ("科技创新", "vn", True),
    ("十五五", "j", True),          # 15th Five-Year Plan: a slogan, not a number
    ("2023", "m", False),
    ("96%", "x", False),
    ("3.59", "m", False),
    ("第九个", "m", False),          # the ninth (Sci-Tech Workers' Day)
    ("余项", "m", False),
    ("。", "x", False),
    ("“", "x", False),
    ("长", "a", False),             # single character
    ("我市", "r", False),           # pronoun / project stopword
    ("进一步", "d", False),         # stock adverb (project list)
    ("的", "uj", False),
])
def test_content_token_rules(token, pos, expected):
    assert is_content_token(token, pos) is expected


def test_is_number_on_seed_numbers():
    # 2023年度,长治市引进北京市科技成果82项,技术合同交易额50527.94万元
    assert is_number("50527.94") and is_number("82") and is_number("2×1000")
    assert not is_number("12大基地", "j")


# -- token table and cache ----------------------------------------------------------


def test_token_table_columns_and_offsets(articles, tmp_path):
    table = token_table(articles, cache_dir=tmp_path)
    assert list(table.columns) == ["doc_id", "article_id", "sentence", "token", "pos", "start", "end",
                                   "content"]
    texts = dict(zip(articles["article_id"], articles["text"]))
    assert all(texts[a][s:e] == w for a, s, e, w in
               zip(table["article_id"], table["start"], table["end"], table["token"]))
    assert set(table["doc_id"]) == {WEB, TECH_DAY, BEIJING, FRONT}
    # the content flag follows is_content_token
    sample = table.sample(500, random_state=0)
    assert all(is_content_token(w, p) == c for w, p, c in
               zip(sample["token"], sample["pos"], sample["content"]))


class _Counter:
    def __init__(self, monkeypatch):
        self.calls = 0
        original = Segmenter.tag

        def counting(seg, text):
            self.calls += 1
            return original(seg, text)

        monkeypatch.setattr(Segmenter, "tag", counting)


def test_cache_is_reused_on_second_run(articles, tmp_path, monkeypatch):
    first = token_table(articles, cache_dir=tmp_path)
    counter = _Counter(monkeypatch)
    second = token_table(articles, cache_dir=tmp_path)
    assert counter.calls == 0, "a second run re-segmented unchanged text"
    assert second.equals(first)
    # one article changed: only that article is segmented again
    changed = articles.copy()
    changed.loc[changed.index[0], "text"] = changed.loc[changed.index[0], "text"] + "新增一句。"
    third = token_table(changed, cache_dir=tmp_path)
    assert counter.calls == 1
    assert len(third) == len(first) + 3


def test_cache_is_invalidated_by_a_dictionary_change(articles, tmp_path, monkeypatch):
    userdict = tmp_path / "userdict.txt"
    shutil.copy(DEFAULT_USERDICT, userdict)
    cache = tmp_path / "cache"
    web = articles[articles.doc_id == WEB]
    before = token_table(web, cache_dir=cache, userdict=userdict)
    assert "人才链" in set(before["token"])
    # the curator decides 人才链与创新链 ("talent chain and innovation chain") is one term
    with open(userdict, "a", encoding="utf-8") as fh:
        fh.write("人才链与创新链 nz\n")
    counter = _Counter(monkeypatch)
    after = token_table(web, cache_dir=cache, userdict=userdict)
    assert counter.calls == len(web), "the changed dictionary did not invalidate the cache"
    assert "人才链与创新链" in set(after["token"])
    assert "人才链与创新链" not in set(before["token"])
