"""czlib.annotate: one Doc per text, steps in one declared order, raw text in and offsets into it out."""
from __future__ import annotations

import dataclasses
import unicodedata

import pytest

import czlib
from czlib.analysis.actors import actors
from czlib.analysis.claims import claims, dates, superlatives
from czlib.analysis.voice import quotes
from czlib.analysis.doc import LAYERS, STEPS, Doc, annotate
from czlib.analysis.records import Claim, DateMention, Mention, NumericMention, Quote, Superlative
from czlib.corpus.reading.decoding import normalize_text
from czlib.text.normalise import normalise
from czlib.text.sentences import sentence_of

FULL_WIDTH_COLON = "长治市科技局局长王明说：“今年全市新增高新技术企业120余家。”"
# Full-width digits, letters and punctuation, a CRLF and trailing spaces: text as pasted from a web page.
RAW = ("２０２２年４月，长治市科技局局长王明说：“今年全市新增高新技术企业１２０余家，建成全省首家ＬＥＤ研究院。”  \r\n"
       "据介绍，全市技术合同交易额达５０５２７．９４万元（同比增长１５％）；与省内外１０６所高校达成５００余项合作成果！")


def test_every_step_reads_only_layers_that_an_earlier_step_adds():
    made = {"text"}
    for step in STEPS:
        assert set(step.reads) <= made, f"step {step.name} reads {set(step.reads) - made} before it is made"
        assert not set(step.adds) & made, f"step {step.name} adds a layer made before: {set(step.adds) & made}"
        made |= set(step.adds)
    assert set(LAYERS) <= made, "every layer of a Doc is added by some step"
    assert len({s.name for s in STEPS}) == len(STEPS)


def test_a_full_width_colon_before_a_quotation_still_attributes_it():
    doc = czlib.annotate(FULL_WIDTH_COLON)
    assert [(q.speaker, q.kind) for q in doc.quotes] == [("王明", "direct")]
    q = doc.quotes[0]
    assert FULL_WIDTH_COLON[q.quote_start:q.quote_end] == q.quote == "今年全市新增高新技术企业120余家。"
    assert czlib.extract_quotes(FULL_WIDTH_COLON) == list(doc.quotes)
    assert doc.claims[0].source == "王明"


@pytest.mark.parametrize("text", [FULL_WIDTH_COLON, RAW])
def test_each_extractor_is_one_layer_of_the_doc(text):
    doc = annotate(text)
    assert isinstance(doc, Doc) and doc.text == text
    assert czlib.extract_claims(text) == list(doc.claims)
    assert czlib.extract_actors(text) == list(doc.mentions)
    assert czlib.extract_dates(text) == list(doc.dates)
    assert czlib.extract_superlatives(text) == list(doc.superlatives)


def test_every_record_of_every_layer_indexes_the_raw_string():
    doc = annotate(RAW)
    assert all(getattr(doc, layer) for layer in LAYERS), [l for l in LAYERS if not getattr(doc, l)]
    for s0, s1 in doc.sentences:
        assert RAW[s0:s1].strip() == RAW[s0:s1] != ""
    for t in doc.tokens:
        assert RAW[t.start:t.end] == t.word
    checked = 0
    for layer in ("mentions", "quotes", "numeric", "claims", "dates", "superlatives"):
        for r in getattr(doc, layer):
            for start_f, end_f, text_f in type(r).SPANS:
                start = getattr(r, start_f)
                if text_f is None or start is None:
                    continue
                end = getattr(r, end_f) if end_f else start + len(getattr(r, text_f))
                assert RAW[start:end] == getattr(r, text_f), (layer, r)
                checked += 1
    assert checked >= 15
    claim = next(c for c in doc.claims if c.raw.startswith("５０５２７"))
    assert claim.value == 505279400 and claim.unit == "元" and claim.raw == "５０５２７．９４万元"
    assert claim.quote_start is None and claim.source == "narrator"
    quote = doc.quotes[0]
    assert quote.speaker == "王明" and RAW[quote.speaker_start:quote.speaker_end] == "王明"
    inside = [c for c in doc.claims if quote.quote_start <= c.start < quote.quote_end]
    assert inside and all(c.quote_start == quote.quote_start for c in inside)


def test_the_raw_text_gives_the_records_of_its_normalised_form():
    raw, norm = annotate(RAW), annotate(normalise(RAW).text)
    for layer in ("mentions", "quotes", "numeric", "claims", "dates", "superlatives"):
        assert len(getattr(raw, layer)) == len(getattr(norm, layer)), layer
    keep = lambda c: (c.value, c.unit, c.qualifier, c.category, c.modality, c.source)  # noqa: E731
    assert [keep(c) for c in raw.claims] == [keep(c) for c in norm.claims]


@pytest.mark.parametrize("raw", [RAW, "\ufeffＡ１　\r\n  \r\nｂ\u0301，½。 \n", "e\u0301\r说：“好”\r\n", ""])
def test_normalise_is_the_corpus_loaders_normalisation_with_offsets_back(raw):
    norm = normalise(raw)
    assert norm.text == normalize_text(raw)
    for i, ch in enumerate(norm.text):  # each normalised character comes from the raw stretch it maps to
        a, b = norm.span(i, i + 1)
        assert a < b and ch in unicodedata.normalize("NFKC", raw[a:b].replace("\r\n", "\n").replace("\r", "\n"))


def test_annotate_asked_for_one_layer_runs_only_the_steps_it_needs(monkeypatch):
    from czlib.analysis.claims import quantities

    def boom(text):
        raise AssertionError("the numbers step ran")

    monkeypatch.setattr(quantities, "numeric_mentions", boom)
    doc = annotate(FULL_WIDTH_COLON, layers=("quotes",))
    assert doc.quotes and doc.claims is None and doc.numeric is None
    with pytest.raises(ValueError, match="no layer"):
        annotate(FULL_WIDTH_COLON, layers=("claimz",))


TABLES = {
    Mention: ("actors", actors.ACTOR_COLUMNS),
    Quote: ("quotes", quotes.QUOTE_COLUMNS),
    Claim: ("claims", claims.CLAIM_COLUMNS),
    DateMention: ("dates", dates.DATE_COLUMNS),
    Superlative: ("superlatives", superlatives.SUPERLATIVE_COLUMNS),
    NumericMention: ("numeric_mentions", claims.NUMERIC_MENTION_COLUMNS),
}


@pytest.mark.parametrize("record", list(TABLES), ids=lambda r: r.__name__)
def test_a_records_fields_are_columns_of_its_table(record):
    table, columns = TABLES[record]
    fields = [f.name for f in dataclasses.fields(record)]
    assert set(fields) <= set(columns), f"{record.__name__} fields not in the {table} table: {set(fields) - set(columns)}"


# --- one sentence rule ----------------------------------------------------------------------

SENTENCES = ("王明表示,今年全市新增企业120余家;明年将再建3个园区。\n"
             "“我们要把成果转化做实!”李晋闽说。全县技术合同交易额达5亿元?2023年4月,该院获批全省首家重点实验室;"
             "赵红严指出,要在2025年前培育50家科技型企业;全国领先的研发平台已有12个。")


def _check_sentences_agree(text: str, doc: Doc) -> int:
    """Each claim, quote, date, superlative and numeric mention starts in the token table's sentence at its
    start, and (but for a direct quotation) ends in it; a record's sentence text is that sentence's."""
    from czlib.text.segmentation.token_table import ContentMemo, token_columns

    cols = token_columns(text, list(doc.tokens), ContentMemo(lambda w, p: True))
    by_start = dict(zip(cols["start"].tolist(), cols["sentence"].tolist()))
    extent: dict[int, list[int]] = {}
    for s, a, b in zip(cols["sentence"].tolist(), cols["start"].tolist(), cols["end"].tolist()):
        extent.setdefault(s, [a, b])[1] = b
    checked = 0
    spans = [(c.start, c.end, c.sentence_start, c.sentence) for c in doc.claims]
    spans += [(s.start, s.end, s.sentence_start, s.sentence) for s in doc.superlatives]
    # a direct quotation may hold several sentences: its start is checked; a paraphrase lies in one
    spans += [(q.quote_start, q.quote_end if q.kind == "indirect" else None, None, None) for q in doc.quotes]
    spans += [(d.start, d.end, None, None) for d in doc.dates]
    spans += [(n.start, n.end, None, n.sentence) for n in doc.numeric]
    for start, end, s_start, s_text in spans:
        sentence = by_start.get(start)
        if sentence is None:  # the record starts inside a token: the token that holds it
            sentence = max(s for a, s in by_start.items() if a <= start)
        assert sentence_of(text, start) == sentence
        lo, hi = extent[sentence]
        assert lo <= start and (end is None or end <= hi), (text[start:end], text[lo:hi])
        if s_start is not None:
            assert (s_start, s_start + len(s_text)) == (lo, hi)
        if s_text is not None:
            assert s_text == text[lo:hi]
        checked += 1
    return checked


def test_claims_quotes_dates_and_superlatives_are_in_the_token_tables_sentence():
    doc = annotate(SENTENCES)
    assert len(doc.quotes) == 3 and len(doc.claims) == 5 and len(doc.dates) == 4 and len(doc.superlatives) == 2
    assert _check_sentences_agree(SENTENCES, doc) >= 20
    # a paraphrase ends where its sentence ends, at ; as at 。
    assert [q.quote for q in doc.quotes if q.kind == "indirect"] == ["今年全市新增企业120余家", "要在2025年前培育50家科技型企业"]


@pytest.mark.slow
def test_seed_articles_sentences_agree_with_the_token_table():
    from czlib.analysis.resources import Resources

    articles = czlib.load_articles()
    resources = Resources.for_corpus()
    checked = sum(_check_sentences_agree(text, annotate(text, resources=resources)) for text in articles.text)
    assert checked > 300


def test_a_cue_after_a_closed_quotation_and_a_space_still_attributes_it_but_not_across_a_line_break():
    # fixture: the quotation's own full stop ends its sentence; the cue follows in the next one
    spaced = "“我们要把成果转化做实,让企业真正受益。” 李晋闽说。"
    assert [(q.speaker, q.kind) for q in annotate(spaced).quotes] == [("李晋闽", "direct")]
    broken = "“我们要把成果转化做实,让企业真正受益。”\n李晋闽说。"
    assert annotate(broken).quotes == ()
