"""The record types the extractors return: one frozen dataclass per extractor.

Every record carries offsets into the text it came from (``text[start:end]``
is the span the record is about; a quotation has two spans, its words and its
speaker) and ``as_dict()``, whose keys are columns of the record's table.
``SPANS`` names each record's offsets and the text they delimit, so
:mod:`czlib.analysis.doc` can map them back to the caller's string.  Tokens are :class:`czlib.text.segmentation.segment.Token` (a named tuple: there are
millions of them, and tuples are what makes building them cheap).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

#: (start field, end field or None, field holding ``text[start:end]`` or None); an end of None with a
#: text field means ``start + len(text field)``.
Spans = tuple[tuple[str, str | None, str | None], ...]


def require_text(text: object, function: str) -> None:
    """Every extractor takes a str: say which one was called with what, at the call the user made."""
    if not isinstance(text, str):
        raise TypeError(f"{function} needs a str, got {type(text).__name__}")


def _row(record) -> dict:
    """A record's fields by name, in order: every field is a str, number, bool or None, so this equals
    ``dataclasses.asdict`` without its deep copy (which cost more than building the table rows)."""
    return dict(vars(record))


@dataclass(frozen=True)
class Mention:
    """A person, organisation or place named in a text (``czlib.extract_actors``)."""

    kind: str            # person | org | place
    start: int
    end: int
    name: str
    canonical: str = ""
    type: str = ""       # org type, place level, or person role type
    role: str = ""
    role_type: str = ""
    role_types: str = ""  # every role type the text gives ("; "), when it gives several roles
    affiliation: str = ""
    affiliations: str = ""
    based_in: str = ""
    inside_changzhi: bool | None = None  # inside the corpus's home city (name kept for the seed tables)
    parent: str = ""
    english: str = ""
    source: str = ""     # gazetteer | pattern | jieba | propagated

    SPANS: ClassVar[Spans] = (("start", "end", "name"),)

    def as_dict(self) -> dict:
        return _row(self)


@dataclass(frozen=True)
class Quote:
    """A quotation or paraphrase attributed to a named person (``czlib.extract_quotes``).

    ``quote_start``/``quote_end`` delimit the quoted words; ``speaker_start``/``speaker_end``
    the person mention it is attributed to (the columns of the quotes table).
    """

    speaker: str
    speaker_start: int
    speaker_end: int
    quote: str
    quote_start: int
    quote_end: int
    cue: str
    kind: str            # direct (in quotation marks “” 「」) | indirect (paraphrase after a cue: 指出, 表示 …)
    via: str             # name | pronoun | 作为
    cue_type: str = ""   # statement | assertion | emphasis | explanation | emotive (czlib/data/speech_verbs.csv)
    invoked: bool = False  # the speaker is an invoked authority (习近平总书记指出…): cited guidance, not a source

    SPANS: ClassVar[Spans] = (("speaker_start", "speaker_end", "speaker"), ("quote_start", "quote_end", "quote"))

    def as_dict(self) -> dict:
        return _row(self)


@dataclass(frozen=True)
class Claim:
    """A quantity the text asserts, normalised (``czlib.extract_claims``)."""

    raw: str
    start: int
    end: int
    value: float | None
    value_max: float | None
    unit: str | None
    measure: str | None
    qualifier: str | None
    hedge: str | None
    category: str | None
    subject: str | None
    sentence: str | None
    sentence_start: int | None
    std_value: float | None = None       # value in the standard unit of its quantity (平方米, 公斤, 千瓦 …)
    std_value_max: float | None = None
    std_unit: str | None = None
    modality: str = "reported"           # reported | target | plan | forecast
    modality_cue: str = ""               # the cue word (力争, 将, 计划, 预计 …), "" when reported
    source: str = "narrator"             # narrator, or the speaker of the quotation the figure sits in
    quote_start: int | None = None       # start of that quotation (quotes.csv quote_start), None for the narrator

    SPANS: ClassVar[Spans] = (("start", "end", "raw"), ("sentence_start", None, "sentence"), ("quote_start", None, None))

    def as_dict(self) -> dict:
        return _row(self)


@dataclass(frozen=True)
class Superlative:
    """A superlative or a first the text claims (``czlib.extract_superlatives``): 全省首家, 填补国内空白.

    ``phrase`` is ``text[start:end]``, scope included (全国唯一); ``kind`` is first,
    only, superlative, top, gap_filled or record; ``scope`` the field written
    (全国, 全省, 国内 …, "" when none) and ``scope_level`` its level.
    """

    kind: str
    phrase: str
    scope: str
    scope_level: str     # world | national | province | city | county | region | industry | record | ""
    subject: str
    start: int
    end: int
    sentence: str
    sentence_start: int

    SPANS: ClassVar[Spans] = (("start", "end", "phrase"), ("sentence_start", None, "sentence"))

    def as_dict(self) -> dict:
        return _row(self)


@dataclass(frozen=True)
class DateMention:
    """A date or period written in a text (``czlib.extract_dates``); ``resolved`` needs the article's date."""

    raw: str
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    relative: str | None
    part: str | None
    precision: str

    SPANS: ClassVar[Spans] = (("start", "end", "raw"),)

    def as_dict(self) -> dict:
        return _row(self)


@dataclass(frozen=True)
class NumericMention:
    """Any number written in a text, with what kind of mention it is (the numeric_mentions table).

    ``kind`` is claim, date, time, cohort, ordinal, name, slogan, code or number
    (:func:`czlib.analysis.claims.quantities.numeric_mentions`); ``sentence`` the sentence it sits in.
    """

    kind: str
    raw: str
    start: int
    end: int
    sentence: str

    SPANS: ClassVar[Spans] = (("start", "end", "raw"),)

    def as_dict(self) -> dict:
        return _row(self)
