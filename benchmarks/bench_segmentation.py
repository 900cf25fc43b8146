"""Time czlib's tagged segmentation against jieba, and the token-table cache cold vs warm.

One run, one text: the seed articles (czlib.corpus.articles.load_articles) repeated
until the text reaches ~10 MB of UTF-8, each copy opened by a unique line so
that every synthetic article is a distinct cache entry.  Measured on it:

* jieba.lcut and jieba.posseg.lcut, both on a jieba.Tokenizer holding the
  same dictionary as czlib (jieba's dict.txt + corpus/curation/userdict.txt);
* czlib.text.segment.tokenize (jieba-rs word graph + posseg's rules and HMM), with
  its HMM memo empty at the start; and, because the repeated seed text makes
  that memo unusually effective, czlib on the seed corpus alone with the memo
  emptied before each pass (the "new text" figure);
* rjieba's own tag() (jieba-rs with its bundled dictionary), for reference;
* whether czlib's tokens and tags equal jieba.posseg's (they should: 0 diffs),
  and how far rjieba's own tag() is from jieba.posseg (why czlib does not use it);
* czlib.text.segment.token_table cold (empty cache), warm (same process) and warm
  in a fresh interpreter (what re-running a notebook costs).

Usage:  .venv/bin/python benchmarks/bench_segmentation.py [--mb 10] [--skip-posseg]
Targets (issue 3, 2-core reference machine): tagged segmentation >= 10x
jieba.posseg.lcut; warm cache >= 20x faster than cold.  Not part of the test
suite; takes about two minutes.
"""
from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from czlib import load_articles  # noqa: E402
from czlib.text.segment import get_segmenter, posseg_hmm, token_table  # noqa: E402


def build_corpus(target_bytes: int) -> pd.DataFrame:
    seeds = load_articles()
    rows = []
    size = 0
    copy = 0
    while size < target_bytes:
        for rec in seeds.itertuples():
            text = f"第{copy}轮\n{rec.text}"
            rows.append({"doc_id": rec.doc_id, "article_id": f"{rec.article_id}~{copy}", "text": text})
            size += len(text.encode("utf-8")) + 1
        copy += 1
    return pd.DataFrame(rows)


def timed(fn, *args):
    gc.collect()
    t0 = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - t0, result


def spans(pairs):
    out = set()
    pos = 0
    for word, tag in pairs:
        if not word.isspace():
            out.add((pos, pos + len(word), tag))
        pos += len(word)
    return out


FRESH_PROCESS = textwrap.dedent("""
    import pickle, sys, time
    from czlib.text.segment import token_table
    articles = pickle.load(open(sys.argv[1], "rb"))
    t0 = time.perf_counter()
    table = token_table(articles, cache_dir=sys.argv[2])
    print(time.perf_counter() - t0, len(table))
""")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=10.0, help="size of the text in MB (10^6 bytes)")
    parser.add_argument("--skip-posseg", action="store_true", help="skip jieba.posseg (about a minute)")
    args = parser.parse_args()

    print(f"load average before the run: {', '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs")
    articles = build_corpus(int(args.mb * 1e6))
    text = "\n".join(articles["text"])
    n_chars, n_bytes = len(text), len(text.encode("utf-8"))
    print(f"text: {len(articles)} synthetic articles from the seeds, {n_chars:,} characters, "
          f"{n_bytes / 1e6:.1f} MB UTF-8\n")

    t_init, seg = timed(get_segmenter)
    t_ref_init, jieba_tk = timed(seg.jieba_tokenizer)
    import jieba.posseg
    import rjieba

    posseg = jieba.posseg.POSTokenizer(jieba_tk)
    rows = []

    def record(name, seconds, note=""):
        rows.append((name, seconds, n_chars / seconds / 1e6, note))
        print(f"  {name:<44} {seconds:8.2f} s  {n_chars / seconds / 1e6:6.3f} M chars/s  {note}",
              flush=True)

    print(f"czlib segmenter built in {t_init:.2f} s; jieba reference tokenizer in {t_ref_init:.2f} s")
    print("segmentation of the whole text:")
    runs = []
    for _ in range(3):
        posseg_hmm.cache_clear()
        runs.append(timed(seg.tokenize, text)[0])
    t_czlib = statistics.median(runs)
    record("czlib tokenize (word, pos, start, end)", t_czlib,
           f"median of 3, HMM memo empty at start of each ({', '.join(f'{r:.2f}' for r in runs)} s)")
    t_czlib_pairs, czlib_pairs = timed(seg.tag, text)
    record("czlib tag ((word, pos) pairs)", t_czlib_pairs, "memo warm")
    t_lcut, _ = timed(jieba_tk.lcut, text)
    record("jieba.lcut (no POS)", t_lcut)
    raw_rjieba = rjieba.Jieba()
    t_rj, rj_pairs = timed(raw_rjieba.tag, text)
    record("rjieba tag (own dictionary, no user dict)", t_rj, "not posseg-compatible, see below")
    if not args.skip_posseg:
        t_posseg, posseg_pairs = timed(lambda s: [(p.word, p.flag) for p in posseg.cut(s)], text)
        record("jieba.posseg.lcut", t_posseg)

    print("\nnew text: the seed corpus once, czlib's HMM memo emptied before each pass (median of 5):")
    seed_text = "\n".join(load_articles()["text"])
    times = []
    for _ in range(5):
        posseg_hmm.cache_clear()
        times.append(timed(seg.tokenize, seed_text)[0])
    t_new = statistics.median(times)
    t_new_posseg = statistics.median(
        timed(lambda s: [(p.word, p.flag) for p in posseg.cut(s)], seed_text)[0] for _ in range(5))
    print(f"  {len(seed_text):,} characters: czlib tokenize {t_new * 1000:.0f} ms "
          f"({len(seed_text) / t_new / 1e6:.3f} M chars/s), jieba.posseg.lcut {t_new_posseg * 1000:.0f} ms "
          f"({len(seed_text) / t_new_posseg / 1e6:.3f} M chars/s): {t_new_posseg / t_new:.1f}x")

    if not args.skip_posseg:
        print("\nagreement with jieba.posseg on the whole text:")
        same = czlib_pairs == posseg_pairs
        print(f"  czlib (word, pos) sequence == jieba.posseg: {same} "
              f"({len(posseg_pairs):,} tokens incl. whitespace)")
        if not same:
            a, b = spans(czlib_pairs), spans(posseg_pairs)
            print(f"  differing tokens: {len(b - a):,} of {len(b):,} ({len(b - a) / len(b):.4%})")
        ref = spans(posseg_pairs)
        raw = spans(rj_pairs)
        bounds = {(s, e) for s, e, _ in raw}
        cut_diff = sum((s, e) not in bounds for s, e, _ in ref)
        tag_diff = sum((s, e) in bounds and (s, e, t) not in raw for s, e, t in ref)
        print(f"  rjieba's own tag(): {cut_diff:,} posseg tokens cut differently "
              f"({cut_diff / len(ref):.2%}), {tag_diff:,} tagged differently ({tag_diff / len(ref):.2%})")

    # free the ~6 M token objects above, so that they do not slow the next timings
    del rj_pairs, czlib_pairs
    if not args.skip_posseg:
        del posseg_pairs
    gc.collect()

    print("\ntoken table (czlib.text.segment.token_table) and its cache:")
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        posseg_hmm.cache_clear()
        t_cold, table = timed(token_table, articles, cache)
        n_rows = len(table)
        del table
        warm_runs = [timed(token_table, articles, cache)[0] for _ in range(3)]
        pickled = Path(tmp) / "articles.pkl"
        articles.to_pickle(pickled)
        fresh_runs = []
        for _ in range(3):
            out = subprocess.run([sys.executable, "-c", FRESH_PROCESS, str(pickled), str(cache)],
                                 capture_output=True, text=True, check=True, cwd=REPO)
            fresh_runs.append(float(out.stdout.split()[0]))
    t_warm, t_fresh = statistics.median(warm_runs), statistics.median(fresh_runs)
    runs = lambda xs: ", ".join(f"{x:.3f}" for x in xs)
    print(f"  {n_rows:,} rows")
    print(f"  cold (empty cache, segmenter already built)  {t_cold:8.2f} s")
    print(f"  warm, same process                           {t_warm:8.3f} s   {t_cold / t_warm:5.1f}x faster"
          f"   (median of {runs(warm_runs)})")
    print(f"  warm, fresh interpreter (re-run a notebook)  {t_fresh:8.3f} s   {t_cold / t_fresh:5.1f}x faster"
          f"   (median of {runs(fresh_runs)})")

    print("\ntargets:")
    if not args.skip_posseg:
        ratio = t_posseg / t_czlib
        print(f"  czlib tokenize vs jieba.posseg.lcut: {ratio:.1f}x (target >= 10x) "
              f"{'PASS' if ratio >= 10 else 'FAIL'}")
    print(f"  czlib vs jieba.posseg.lcut on new text (no memo reuse): {t_new_posseg / t_new:.1f}x")
    warm = max(t_warm, t_fresh)
    print(f"  warm cache vs cold: {t_cold / warm:.1f}x (slower of the two warm medians; target >= 20x) "
          f"{'PASS' if t_cold / warm >= 20 else 'FAIL'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
