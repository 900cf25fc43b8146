"""Benchmark one long article, without line breaks, at growing lengths: is the pipeline linear?

The text is the Government Work Reports (``../shared/bench``; never copied into
the repository) with their line breaks removed, cut to each length.  For each
length the script reports the seconds of each stage of
:func:`czlib.pipeline.analyse_article` and the seconds per 100,000 characters:
a linear pipeline keeps that last figure flat.

    python benchmarks/bench_long_articles.py [--lengths 100000,200000,400000,800000]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO.parent / "shared" / "bench" / "government_work_reports.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", default="100000,200000,400000,800000,1100000")
    args = parser.parse_args(argv)
    if not BENCH.is_file():
        print(f"SKIP: {BENCH} is absent (the benchmark text lives in ../shared/bench, never in the repository)")
        return 0
    from czlib.analysis.actors import actors
    from czlib.analysis.claims import quantities
    from czlib.analysis.voice import quotes
    from czlib.corpus.reading.decoding import normalize_text, to_simplified
    from czlib.pipeline import Resources
    from czlib.text.segmentation import token_table

    with BENCH.open(encoding="utf-8") as fh:
        whole = "".join(json.loads(line)["content"].replace("\n", "") for line in fh)
    whole = to_simplified(normalize_text(whole))
    resources = Resources()
    token_table.segment_article(resources.segmenter, "预热")  # load the dictionary outside the timings
    print(f"{'chars':>9} {'segment':>8} {'actors':>8} {'numbers':>8} {'quotes':>8} {'total':>8} {'s/100k':>7}")
    for n in (int(x) for x in args.lengths.split(",")):
        text = whole[:n]
        t0 = time.perf_counter()
        tokens, _ = token_table.segment_article(resources.segmenter, text)
        t1 = time.perf_counter()
        mentions = actors.find_actors(text, tokens)
        t2 = time.perf_counter()
        quantities.numeric_mentions(text)
        t3 = time.perf_counter()
        quotes.find_quotes(text, mentions)
        t4 = time.perf_counter()
        total = t4 - t0
        print(f"{len(text):>9} {t1 - t0:8.2f} {t2 - t1:8.2f} {t3 - t2:8.2f} {t4 - t3:8.2f} {total:8.2f} "
              f"{total / len(text) * 1e5:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
