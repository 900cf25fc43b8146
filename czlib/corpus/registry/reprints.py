"""Reprints at registration: a new document whose text nearly repeats a registered one.

Why: a reprint in another outlet is research data, so ``czlib add`` accepts
it, but says so in one line naming both documents and records the original in
metadata.csv's optional ``reprint_of`` column (added to the header the first
time it is needed); ``czlib check`` lists every such pair as a note, not a
problem.  Similarity is :mod:`czlib.text.minhash`'s max(Jaccard, containment)
over the decoded documents' normalised text (threshold 0.8): a Traditional
copy, a copy in a site's chrome or one with pinyin glosses is found.  Exact
duplicates are :mod:`czlib.corpus.registry.duplicates`' business.
"""
from __future__ import annotations

from pathlib import Path

from ..reading.decoding import CorpusFileError
from ..reading.reading import read_document

#: The optional metadata column naming the registered document a new one reprints.
REPRINT_COLUMN = "reprint_of"


def _texts(rows, corpus_dir: Path) -> tuple[list[str], list[dict]]:
    texts, kept = [], []
    for row in rows:
        try:
            texts.append(read_document(corpus_dir / row["file"]).text)
            kept.append(row)
        except (CorpusFileError, OSError):
            continue  # unreadable: `czlib check` reports it
    return texts, kept


def find_reprint(doc, rows: list[dict[str, str]], corpus_dir: Path) -> tuple[dict, float] | None:
    """(registered metadata row, similarity) that the decoded document ``doc`` reprints, else None."""
    from ...text.minhash import best_match

    texts, kept = _texts(rows, Path(corpus_dir))
    match = best_match(doc.text, texts)
    return (kept[match[0]], match[1]) if match else None


def reprint_notices(corpus_dir: Path | str, metadata) -> list[str]:
    """One line per registered document whose text nearly repeats an earlier one (by doc_id order).

    ``metadata`` is the corpus's metadata table (``registry.read_metadata``).
    """
    from ...text.minhash import signatures, similar_pairs

    corpus_dir = Path(corpus_dir)
    rows = sorted(metadata.to_dict("records"), key=lambda r: r["doc_id"])
    texts, kept = _texts(rows, corpus_dir)
    sigs, sizes = signatures(texts)
    lines = []
    for i, j, similarity in similar_pairs(sigs, sizes)[["i", "j", "similarity"]].itertuples(index=False):
        later, earlier = kept[int(j)], kept[int(i)]
        if later["sha256"] == earlier["sha256"]:
            continue  # the same bytes: a duplicate, reported as such
        recorded = " (recorded in reprint_of)" if later.get(REPRINT_COLUMN) == earlier["doc_id"] else ""
        lines.append(f"{corpus_dir / later['file']}: reprints {earlier['doc_id']} ({earlier['file']}), "
                     f"similarity {similarity:.2f}{recorded}")
    return lines
