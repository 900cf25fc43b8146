"""Benchmark the text-as-data toolkit at scale: ``czlib.dfm`` and ``czlib.near_duplicates`` over 10⁴–10⁵ articles.

Articles are cut from ``../shared/bench/government_work_reports.jsonl`` by
:func:`bench_scale.articles_from_reports` (the scale benchmark's rule; never
copied into the repository).  That rule cycles its ~2,200 distinct texts with a
marker line, so at 100,000 articles each text occurs about 45 times: a heavy
reprint load for ``near_duplicates`` (every cycled copy is a near-duplicate).

The token table for ``dfm`` is built by segmenting each distinct text once
(``czlib.token_table``) and repeating its rows for every copy under a new
article id: ``dfm`` is timed on a token table of the full size, without
paying for segmentation (measured by bench_scale).  Reported per size: wall
and CPU seconds and the peak resident memory of this process above its level
before the step (sampled every 0.05 s with psutil).

    python benchmarks/bench_toolkit.py [--sizes 10000,100000]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import BENCH, articles_from_reports  # noqa: E402

if not BENCH.is_file() and os.environ.get("CZLIB_SHARED"):  # a worktree has no ../shared beside it
    BENCH = Path(os.environ["CZLIB_SHARED"]) / "bench" / BENCH.name


class Peak:
    """Peak RSS of this process during a block, in MiB above the RSS at its start."""

    def __init__(self):
        import psutil

        self.process = psutil.Process()

    def __enter__(self):
        self.base = self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def _run(self):
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)
        self.mib = (self.peak - self.base) / 2 ** 20


def token_table_for(texts: list[str], base_tokens: pd.DataFrame, base_index: dict[str, int]) -> pd.DataFrame:
    """The token table of ``texts``: each text's rows from the distinct texts' table, under its own article id."""
    codes, _ = pd.factorize(base_tokens["article_id"], sort=False)
    starts = np.r_[0, np.flatnonzero(np.diff(codes)) + 1]
    lengths = np.diff(np.r_[starts, len(codes)])
    which = np.array([base_index[_strip(t)] for t in texts])
    n_rows = lengths[which]
    offsets = np.repeat(starts[which] - np.r_[0, np.cumsum(n_rows)[:-1]], n_rows)
    rows = np.arange(n_rows.sum()) + offsets
    tokens = base_tokens.iloc[rows].reset_index(drop=True)
    ids = np.array([f"a{i:06d}" for i in range(len(texts))], dtype=object)
    tokens["doc_id"] = np.repeat(ids, n_rows)
    tokens["article_id"] = np.repeat(ids + "-01", n_rows)
    return tokens


def _strip(text: str) -> str:
    return text.split(")\n\n", 1)[1] if text.startswith("(第") else text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--steps", default="dfm,near_duplicates", help="comma-separated: dfm, near_duplicates")
    args = parser.parse_args(argv)
    if not BENCH.is_file():
        print(f"bench_toolkit: skipped: {BENCH.name} is not in ../shared/bench nor $CZLIB_SHARED/bench "
              f"(the benchmark corpus is not in the repository)")
        return 0
    import czlib
    from czlib.text.segmentation.token_table import token_table

    sizes = [int(s) for s in args.sizes.split(",")]
    steps = set(args.steps.split(","))
    texts_max = articles_from_reports(BENCH, max(sizes))
    distinct = list(dict.fromkeys(_strip(t) for t in texts_max))
    base_index = {t: i for i, t in enumerate(distinct)}
    base = pd.DataFrame({"doc_id": [f"b{i:05d}" for i in range(len(distinct))],
                         "article_id": [f"b{i:05d}-01" for i in range(len(distinct))], "text": distinct})
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as cache:
        base_tokens = token_table(base, cache_dir=cache)
    print(f"# python benchmarks/bench_toolkit.py --sizes {args.sizes} --steps {args.steps}")
    print(f"distinct texts: {len(distinct)}, segmented once in {time.perf_counter() - t0:.1f} s")
    print(f"{'articles':>9} {'step':<16} {'seconds':>8} {'cpu s':>7} {'+peak MiB':>9} {'rss MiB':>8}  result")
    for n in sizes:
        texts = texts_max[:n]
        tokens = token_table_for(texts, base_tokens, base_index)
        articles = pd.DataFrame({"doc_id": [f"a{i:06d}" for i in range(n)],
                                 "article_id": [f"a{i:06d}-01" for i in range(n)], "text": texts,
                                 "date": "2024-01", "outlet": "bench", "kind": "news"})
        if "dfm" in steps:
            with Peak() as p:
                m = czlib.dfm(tokens, articles=articles)
            print(f"{n:>9} {'dfm':<16} {p.wall:>8.1f} {p.cpu:>7.1f} {p.mib:>9.0f} {p.peak / 2 ** 20:>8.0f}  "
                  f"{m.shape[0]} rows × {m.shape[1]} features, {m.matrix.nnz} non-zero ({len(tokens)} tokens)")
            with Peak() as p:
                g = m.group("doc_id").trim(min_docs=2).weight("prop")
            print(f"{n:>9} {'group+trim+prop':<16} {p.wall:>8.1f} {p.cpu:>7.1f} {p.mib:>9.0f} "
                  f"{p.peak / 2 ** 20:>8.0f}  {g.shape[0]} × {g.shape[1]}")
            del m, g
        del tokens
        if "near_duplicates" in steps:
            with Peak() as p:
                pairs = czlib.near_duplicates(articles)
            reprints = pairs["article_id"].nunique()
            print(f"{n:>9} {'near_duplicates':<16} {p.wall:>8.1f} {p.cpu:>7.1f} {p.mib:>9.0f} "
                  f"{p.peak / 2 ** 20:>8.0f}  {len(pairs)} pairs, {reprints} articles reprint an earlier one "
                  f"({n - reprints} stories; {len(set(map(_strip, texts)))} distinct texts)")
            del pairs
    return 0


if __name__ == "__main__":
    sys.exit(main())
