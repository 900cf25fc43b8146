"""One annotated document per text: :func:`annotate` runs every analysis step once and returns a :class:`Doc`.

A :class:`Doc` holds the caller's text and one layer per analysis: sentences,
tokens, actor mentions, quotations, numeric mentions, claims, dates and
superlatives, each a tuple of the frozen records of
:mod:`czlib.analysis.records` (tokens are :class:`czlib.text.segmentation.segment.Token`).
The public extractors (``czlib.extract_claims`` …) are views of one layer of
it, and :mod:`czlib.pipeline` derives every table's rows from one Doc per
article, so no text is segmented or searched twice.

Each step is a function of the layers made so far that adds its own; a
:class:`Step` declares what it reads and what it adds, and :data:`STEPS` is the
one place that orders them (a test checks that every layer a step reads comes
from an earlier step).  Asked for some layers only, :func:`annotate` runs the
steps those need and leaves the others ``None``.

The steps read the text normalised as the corpus loader normalises a file
(:mod:`czlib.text.normalise`: NFKC, LF line ends); every offset of the Doc is
mapped back to the caller's string, and every field that holds the text of a
span (``name``, ``quote``, ``raw``, ``sentence`` …) holds the caller's
characters, so ``doc.text[r.start:r.end]`` is the record's span whatever
full-width punctuation or digits the text was written with.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Callable, Iterable, Mapping, Sequence

from ..text.normalise import Normalised, normalise
from ..text.segmentation.segment import Token
from ..text.sentences import sentence_bounds, sentence_spans
from .actors import actors
from .claims import claims, dates, quantities, superlatives
from .voice import quotes
from .actors.gazetteer import Gazetteer
from .records import Claim, DateMention, Mention, NumericMention, Quote, Superlative, require_text
from .resources import Resources


@dataclass(frozen=True)
class Doc:
    """A text and its analyses: every layer a tuple of records with offsets into ``text`` (None: not asked for)."""

    text: str
    sentences: tuple[tuple[int, int], ...] | None = None
    tokens: tuple[Token, ...] | None = None
    mentions: tuple[Mention, ...] | None = None       # persons, organisations and places
    quotes: tuple[Quote, ...] | None = None
    numeric: tuple[NumericMention, ...] | None = None  # every number, with its kind
    claims: tuple[Claim, ...] | None = None
    dates: tuple[DateMention, ...] | None = None
    superlatives: tuple[Superlative, ...] | None = None


#: The layers of a Doc, in the order STEPS makes them.
LAYERS = tuple(f.name for f in fields(Doc) if f.name != "text")


@dataclass(frozen=True)
class Options:
    """What one call of :func:`annotate` brings besides the text (read by the steps, never changed)."""

    resources: Resources
    tokens: Sequence[Token] | None = None
    known_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """One analysis step: reads layers ``reads`` of the document in progress and returns the layers ``adds``.

    ``run(layers, options)`` gets the layers made so far (a mapping; ``text`` is
    the normalised text) and returns a dict with exactly the keys in ``adds``.
    Layers whose name starts with ``_`` are internal: no field of the Doc.
    """

    name: str
    reads: tuple[str, ...]
    adds: tuple[str, ...]
    run: Callable[[Mapping[str, object], Options], dict]


def _sentences(layers, options):
    return {"sentences": sentence_spans(layers["text"])}


def _tokens(layers, options):
    text = layers["text"]
    given = options.tokens
    tokens = given if given is not None else options.resources.segmenter.tokenize(text)
    return {"tokens": tuple(tokens)}


def _mentions(layers, options):
    r = options.resources
    found = actors.find_actors(layers["text"], layers["tokens"], gazetteer=r.actor_gazetteer,
                               use_gazetteer=r.use_gazetteer, known_names=options.known_names,
                               use_model=r.use_model)
    return {"mentions": tuple(found)}


def _quotes(layers, options):
    return {"quotes": tuple(quotes.find_quotes(layers["text"], layers["mentions"]))}


def _numbers(layers, options):
    return {"_numbers": quantities.numeric_mentions(layers["text"])}


def _numeric(layers, options):
    text = layers["text"]
    out = []
    for m in layers["_numbers"]:
        s0, s1 = sentence_bounds(text, m["start"])
        out.append(NumericMention(m["kind"], m["raw"], m["start"], m["end"], text[s0:s1]))
    return {"numeric": tuple(out)}


def _claims(layers, options):
    return {"claims": tuple(claims.claims_from_mentions(layers["_numbers"], layers["quotes"]))}


def _dates(layers, options):
    return {"dates": tuple(dates.dates_from_mentions(layers["_numbers"]))}


def _superlatives(layers, options):
    return {"superlatives": tuple(superlatives.find_superlatives(layers["text"]))}


#: The analysis steps, in the order they run: the one place that orders them.
STEPS: tuple[Step, ...] = (
    Step("sentences", ("text",), ("sentences",), _sentences),
    Step("tokens", ("text",), ("tokens",), _tokens),
    Step("mentions", ("text", "tokens"), ("mentions",), _mentions),
    Step("quotes", ("text", "mentions"), ("quotes",), _quotes),
    Step("numbers", ("text",), ("_numbers",), _numbers),
    Step("numeric", ("text", "_numbers"), ("numeric",), _numeric),
    Step("claims", ("_numbers", "quotes"), ("claims",), _claims),
    Step("dates", ("_numbers",), ("dates",), _dates),
    Step("superlatives", ("text",), ("superlatives",), _superlatives),
)


def steps_for(layers: Iterable[str]) -> list[Step]:
    """The steps that make ``layers`` and what they read, in :data:`STEPS` order."""
    wanted = set(layers)
    unknown = wanted - set(LAYERS)
    if unknown:
        raise ValueError(f"annotate: no layer {sorted(unknown)}; the layers are {list(LAYERS)}")
    chosen = []
    for step in reversed(STEPS):
        if wanted & set(step.adds):
            chosen.append(step)
            wanted |= set(step.reads)
    return chosen[::-1]


def annotate(text: str, *, tokens: Sequence[Token] | None = None, resources: Resources | None = None,
             known_names: Iterable[str] = (), layers: Iterable[str] | None = None) -> Doc:
    """Analyse ``text`` once: its sentences, tokens, actors, quotations, numbers, claims, dates, superlatives.

    ``text`` is taken as the caller has it (full-width punctuation, CRLF …);
    every offset in the Doc indexes it.  ``tokens`` (:func:`czlib.tokenize` of
    the same text) are reused when given and the text needs no normalising.
    ``resources`` are the corpus's dictionary and gazetteer
    (:class:`~czlib.analysis.resources.Resources`; default: the project's);
    ``known_names`` personal names known from elsewhere (an interview header);
    ``layers`` the layers wanted (default: all; the others stay None).
    """
    require_text(text, "annotate")
    norm = normalise(text)
    options = Options(resources if resources is not None else Resources(),
                      tokens if tokens is not None and norm.identity else None, tuple(known_names))
    made: dict[str, object] = {"text": norm.text}
    for step in steps_for(LAYERS if layers is None else layers):
        missing = [r for r in step.reads if r not in made]
        if missing:
            raise RuntimeError(f"annotate: step {step.name!r} reads {missing}, which no earlier step adds")
        added = step.run(made, options)
        assert set(added) == set(step.adds), (step.name, set(added))
        made.update(added)
    out = {name: made[name] for name in LAYERS if name in made}
    if not norm.identity:
        out = {name: _to_raw(name, value, norm) for name, value in out.items()}
    return Doc(text=text, **out)


# --------------------------------------------------------------------------------------
# Offsets back to the caller's string
# --------------------------------------------------------------------------------------

def _to_raw(layer: str, records: tuple, norm: Normalised) -> tuple:
    if layer == "sentences":
        return tuple(norm.span(a, b) for a, b in records)
    if layer == "tokens":
        out = []
        for t in records:
            a, b = norm.span(t.start, t.end)
            out.append(t._replace(word=norm.raw[a:b], start=a, end=b))
        return tuple(out)
    return tuple(_record_to_raw(r, norm) for r in records)


def _record_to_raw(record, norm: Normalised):
    """A record with every span of ``SPANS`` mapped into ``norm.raw`` and its text fields read from there."""
    changes = {}
    for start_f, end_f, text_f in type(record).SPANS:
        start = getattr(record, start_f)
        if start is None:
            continue
        if end_f is None and text_f is None:
            changes[start_f] = norm.offset(start)
            continue
        end = getattr(record, end_f) if end_f is not None else start + len(getattr(record, text_f))
        a, b = norm.span(start, end)
        changes[start_f] = a
        if end_f is not None:
            changes[end_f] = b
        if text_f is not None:
            changes[text_f] = norm.raw[a:b]
    if "sentence" in {f.name for f in fields(record)} and not any(s[2] == "sentence" for s in record.SPANS):
        a, b = norm.span(*sentence_bounds(norm.text, record.start))
        changes["sentence"] = norm.raw[a:b]
    return replace(record, **changes)


def resources_for(gazetteer=None, use_gazetteer: bool = True, use_model: bool = True) -> Resources:
    """The resources the extractors' keyword arguments ask for (no corpus gazetteer: jieba's dictionary alone)."""
    return Resources(userdict=None if use_gazetteer else False, gazetteer=gazetteer, use_gazetteer=use_gazetteer,
                     use_model=use_model)


# --------------------------------------------------------------------------------------
# One public entry per layer: each extractor is a view of one layer of the Doc
# --------------------------------------------------------------------------------------

def extract_actors(text: str, tokens: Sequence[Token] | None = None, *, gazetteer: Gazetteer | None = None,
                   use_gazetteer: bool = True, known_names: Iterable[str] = (), use_model: bool = True) -> list[Mention]:
    """Find people, organisations and places in one text (the ``mentions`` of :func:`czlib.annotate`).

    Returns :class:`~czlib.analysis.records.Mention` records sorted by ``start``,
    with ``text[start:end] == name``.  ``tokens`` are the text's tokens if
    already computed (:func:`czlib.tokenize`); ``type`` is the organisation
    type, the place level or the person's role type.  ``gazetteer`` defaults to
    the corpus gazetteer; ``use_gazetteer=False`` runs the pattern and jieba
    layers alone.  ``known_names`` adds personal names known from elsewhere (an
    interview header).  ``use_model=False`` runs the rules without the entity model
    (:mod:`czlib.analysis.actors.ner`; how the two are reconciled: :mod:`czlib.analysis.actors.reconcile`).
    """
    require_text(text, "extract_actors")
    doc = annotate(text, tokens=tokens, resources=resources_for(gazetteer, use_gazetteer, use_model),
                   known_names=known_names, layers=("mentions",))
    return list(doc.mentions)


def extract_quotes(text: str, tokens: Sequence[Token] | None = None, *,
                   mentions: Sequence[Mention] | None = None, **actor_options) -> list[Quote]:
    """Quotations and paraphrases in a plain text, attributed to the people it names (``czlib.annotate``'s quotes).

    ``tokens`` (from :func:`czlib.tokenize`) are reused when given;
    ``actor_options`` (gazetteer, use_gazetteer, use_model, known_names) are
    :func:`czlib.extract_actors`'s.  With ``mentions`` (from
    :func:`czlib.extract_actors` of this very string) only the quotation rules run.
    """
    require_text(text, "extract_quotes")
    if mentions is not None:
        return quotes.find_quotes(text, mentions)
    options = dict(actor_options)
    resources = resources_for(options.pop("gazetteer", None), options.pop("use_gazetteer", True),
                              options.pop("use_model", True))
    known_names = options.pop("known_names", ())
    if options:
        raise TypeError(f"extract_quotes got unexpected keyword argument(s) {sorted(options)}")
    return list(annotate(text, tokens=tokens, resources=resources, known_names=known_names,
                         layers=("quotes",)).quotes)


def extract_claims(text: str, tokens: Sequence[Token] | None = None, *,
                   quotes: Sequence[Quote] | None = None) -> list[Claim]:
    """Return the quantitative claims in ``text`` as :class:`~czlib.analysis.records.Claim` records.

    Each has raw, start, end (``text[start:end] == raw``), value, value_max,
    unit, measure, qualifier, hedge, category, subject, sentence and
    sentence_start; the value in its standard unit (std_value, std_value_max,
    std_unit); its modality (reported, target, plan, forecast) with the cue
    word (:mod:`czlib.analysis.claims.modality`); and its source (``narrator``, or the
    speaker of the quotation it sits in, with quote_start).  Dates, codes,
    ordinals used as names and other non-claims are left out
    (:func:`czlib.analysis.claims.quantities.numeric_mentions` shows them).
    The ``claims`` of :func:`czlib.annotate`; ``quotes`` are the text's
    quotations if already found (then ``text`` is read as given), ``tokens``
    its tokens.
    """
    require_text(text, "extract_claims")
    if quotes is not None:
        return claims.claims_from_mentions(quantities.numeric_mentions(text), quotes)
    return list(annotate(text, tokens=tokens, layers=("claims",)).claims)


def extract_dates(text: str, tokens: Sequence[Token] | None = None) -> list[DateMention]:
    """Return the dates written in ``text`` (2022年4月, 今年5月30日, 去年) as DateMention records.

    The ``dates`` of :func:`czlib.annotate`; ``tokens`` is accepted for a uniform signature and not needed.
    """
    require_text(text, "extract_dates")
    return list(annotate(text, layers=("dates",)).dates)


def extract_superlatives(text: str) -> list[Superlative]:
    """Superlatives and firsts in ``text`` (:class:`~czlib.analysis.records.Superlative`), sorted by start.

    ``start``/``end`` delimit the phrase with its scope (``text[start:end] == phrase``); the
    ``superlatives`` of :func:`czlib.annotate`.
    """
    require_text(text, "extract_superlatives")
    return list(annotate(text, layers=("superlatives",)).superlatives)
