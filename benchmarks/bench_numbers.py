"""Benchmark the numbers step of the pipeline: ``quantities.numeric_mentions`` per article, against ``jieba.lcut``.

Article text comes from ``../shared/bench/government_work_reports.jsonl`` (never
copied into the repository), cut into articles by the rule of
:mod:`bench_scale` (its ``articles_from_reports``), NFKC-normalised as the
pipeline does.  The script times ``numeric_mentions`` over the first N articles
and ``jieba.lcut`` over the same texts in the same process, and prints the
milliseconds per article of each and their ratio: the ratio is the figure
that holds on a noisy machine (issue 20's budget is for the whole analysis).

    python benchmarks/bench_numbers.py [--articles 5000]
"""
from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import BENCH, articles_from_reports, lcut_seconds  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    args = parser.parse_args(argv)
    if not BENCH.is_file():
        print(f"SKIP: {BENCH} is absent (the benchmark text lives in ../shared/bench, never in the repository; "
              "from a worktree outside the main clone set CZLIB_SHARED to the shared folder)")
        return 0
    from czlib.analysis.claims.quantities import numeric_mentions

    texts = [unicodedata.normalize("NFKC", t) for t in articles_from_reports(BENCH, args.articles)]
    numeric_mentions("预热:2023年新增3家企业,投资5亿元。")  # load the segmenter outside the timing
    started = time.perf_counter()
    mentions = sum(len(numeric_mentions(text)) for text in texts)
    numbers = time.perf_counter() - started
    lcut = lcut_seconds(texts)
    n = len(texts)
    print(f"{n} articles, {sum(map(len, texts))} characters, {mentions} numeric mentions")
    print(f"numeric_mentions {numbers / n * 1e3:6.3f} ms/article")
    print(f"jieba.lcut       {lcut / n * 1e3:6.3f} ms/article")
    print(f"ratio            {numbers / lcut:6.2f} x lcut")
    return 0


if __name__ == "__main__":
    sys.exit(main())
