"""The shipped named-entity model: checksum, offsets, determinism, agreement with crfsuite, rebuild."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from czlib.analysis.actors import ner_features as nf
from czlib.analysis.actors.ner import HEADER_PATH, MODEL_PATH, EntitySpan, NerModelError, Recogniser, entity_spans

REPO = Path(__file__).resolve().parents[1]


def _train_script():
    spec = importlib.util.spec_from_file_location("train_ner", REPO / "scripts" / "train_ner.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_model_checksum_matches_header():
    header = json.loads(HEADER_PATH.read_text(encoding="utf-8"))
    assert hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest() == header["model_sha256"]
    assert header["model_bytes"] == MODEL_PATH.stat().st_size <= 15_000_000


def test_header_matches_the_feature_code_and_lexicons():
    """A model trained on other features or other surname/suffix/country lists must be rebuilt."""
    header = json.loads(HEADER_PATH.read_text(encoding="utf-8"))
    assert header["feature_version"] == nf.FEATURE_VERSION
    assert header["feature_lexicons_sha256"] == nf.lexicon_fingerprint()


def test_tampered_model_is_refused_with_one_line(tmp_path):
    model = tmp_path / "model.crfsuite"
    shutil.copyfile(MODEL_PATH, model)
    shutil.copyfile(HEADER_PATH, tmp_path / "model.json")
    data = bytearray(model.read_bytes())
    data[len(data) // 2] ^= 0xFF
    model.write_bytes(bytes(data))
    with pytest.raises(NerModelError) as err:
        Recogniser(model, tmp_path / "model.json")
    message = str(err.value)
    assert "\n" not in message
    assert str(model) in message and "python scripts/train_ner.py" in message


def test_missing_model_is_one_line(tmp_path):
    with pytest.raises(NerModelError, match="missing.*python scripts/train_ner.py"):
        Recogniser(tmp_path / "none.crfsuite", HEADER_PATH)


def test_normalisation_keeps_length():
    raw = "２０２４年ＡＰＥＣ：ﬁ㈠"  # ﬁ and ㈠ have multi-character NFKC forms: kept as they are
    norm = nf.normalise(raw)
    assert len(norm) == len(raw)
    assert norm.startswith("2024年apec:")


def test_offsets_index_the_callers_string_with_full_width_digits_and_colon():
    raw = "２０２４年３月５日：国务院总理李鹏在北京会见了美国客人。"
    spans = entity_spans(raw)
    assert spans and all(isinstance(s, EntitySpan) for s in spans)
    for s in spans:
        assert raw[s.start:s.end] == s.text
        assert s.label in {"PER", "LOC", "ORG"} and 0.0 < s.score <= 1.0
    found = {(s.text, s.label, s.start) for s in spans}
    assert ("北京", "LOC", raw.index("北京")) in found
    assert ("李鹏", "PER", raw.index("李鹏")) in found


def test_long_text_is_tagged_sentence_by_sentence():
    one = "新华社记者在上海报道。"
    spans = entity_spans(one * 3 + "\n" + one)
    starts = [s.start for s in spans if s.text == "上海"]
    assert starts == [6, 17, 28, 40]


def test_tagging_is_deterministic():
    text = "江泽民主席今天在人民大会堂会见了来访的联合国秘书长安南。"
    assert entity_spans(text) == entity_spans(text)


def test_decoder_agrees_with_crfsuites_tagger():
    """The numba decoder reads crfsuite's weights; its chunks must equal crfsuite's own Viterbi."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_PATH))
    rec = Recogniser(MODEL_PATH, HEADER_PATH)
    texts = ["江泽民主席今天在人民大会堂会见了来访的联合国秘书长安南。",
             "克林顿说，美国和日本将在东京举行会谈；北京大学的学生也参加了。",
             "长治市科技局局长王建国表示，山西省今年引进了华光电子、中科芯源等8个项目。"]
    for text in texts:
        norm, spans, keys = nf.prepare(text)
        expected = []
        for s, e in spans:
            tags = tagger.tag(nf.as_items(keys[s:e]))
            i = 0
            while i < len(tags):
                if tags[i] == "O":
                    i += 1
                    continue
                j = i + 1
                while j < len(tags) and tags[j] == "I-" + tags[i][2:]:
                    j += 1
                expected.append((s + i, s + j, tags[i][2:]))
                i = j
        assert [(x.start, x.end, x.label) for x in rec.spans(text)] == expected, text


@pytest.mark.slow
def test_training_script_rebuilds_a_model_byte_identically(tmp_path):
    train_ner = _train_script()
    if train_ner.shared_ner_dir() is None:
        pytest.skip("NER training data not found at <repo>/../shared/ner or $CZLIB_SHARED/ner")
    args = ["--limit", "300", "--iterations", "15", "--no-eval"]
    assert train_ner.main(args + ["--out", str(tmp_path / "a")]) == 0
    assert train_ner.main(args + ["--out", str(tmp_path / "b")]) == 0
    a, b = (tmp_path / "a" / "model.crfsuite").read_bytes(), (tmp_path / "b" / "model.crfsuite").read_bytes()
    assert a == b
    header = json.loads((tmp_path / "a" / "model.json").read_text(encoding="utf-8"))
    assert header["training_files"][0]["sentences_trained"] == 285
    rec = Recogniser(tmp_path / "a" / "model.crfsuite", tmp_path / "a" / "model.json")
    text = "中国和美国的代表在北京举行了会谈。"
    spans = rec.spans(text)
    assert all(text[s.start:s.end] == s.text for s in spans)
    assert ("中国", "LOC") in {(s.text, s.label) for s in spans}


def test_model_ships_as_package_data():
    """A normal (non-editable) install contains only files matched by the package-data globs."""
    import tomllib
    from fnmatch import fnmatch

    globs = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]["czlib"]
    for name in ("data/ner/model.crfsuite", "data/ner/model.json"):
        assert any(fnmatch(name, g) for g in globs), name
