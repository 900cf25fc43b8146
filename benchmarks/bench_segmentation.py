"""Time czlib's tagged segmentation against jieba.posseg on new text, and the token-table cache.

All timings are taken in one process, on a machine shared with nothing else
if the load average printed first is low.  Measured:

* **GWR**: the Government Work Reports of ``../shared/bench/`` (1.12 M
  characters of official prose czlib has never seen; joined with newlines
  into one text, or its first ``--gwr-chars`` characters);
* **seed**: the seed corpus (``corpus/raw``, cleaned: czlib.corpus.reading.articles.load_articles),
  joined into one text.

On each text: czlib ``Segmenter.tag`` ((word, pos) pairs, what posseg
returns) and ``Segmenter.tokenize`` (Tokens with offsets) *cold*: the
segmenter built, its one-time set-up done, and the memo of HMM results
emptied before every run (``posseg_hmm.cache_clear()``), so nothing learnt
from an earlier run is reused; against ``jieba.posseg`` and ``jieba.lcut``
on a ``jieba.Tokenizer`` holding the same dictionary (dict.txt + the corpus
user dictionary), and ``rjieba.tag`` (jieba-rs with its own bundled
dictionary and HMM; not posseg-compatible).  It checks that czlib's
(word, pos) sequence is identical to jieba.posseg's and exits 1 if not.

One-time costs are reported apart: building the segmenter (dictionary into
jieba-rs), and the first tagging call of the process (jieba.posseg's model
tables into arrays, plus, where czlib uses numba, importing numba and
compiling its kernels).  This script points ``NUMBA_CACHE_DIR`` at an empty
temporary folder, so that first call includes a real JIT compile; a fresh
interpreter then shows the first call with the kernels loaded from that
cache (what a user's second session costs).  The cold ratio on GWR is given
with and without that first-call cost.

Last, ``czlib.text.segmentation.token_table.token_table`` on ``--mb`` MB of synthetic articles (the
seeds repeated): cold (empty cache), warm in the same process and warm in a
fresh interpreter.

Usage:  .venv/bin/python benchmarks/bench_segmentation.py [--gwr-chars N] [--mb 10] [--skip-table]
Targets (issue 10, 2-core reference machine): czlib cold >= 30x jieba.posseg
on GWR with identical output; (issue 3) warm token-table cache >= 20x faster
than cold.  Not part of the test suite; takes about two minutes.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GWR = REPO.parent / "shared" / "bench" / "government_work_reports.jsonl"

# Before numba is imported anywhere: compile into an empty cache, so that the
# first call below really includes the JIT compile.
_NUMBA_CACHE = tempfile.TemporaryDirectory(prefix="czlib-bench-numba-")
os.environ.setdefault("NUMBA_CACHE_DIR", _NUMBA_CACHE.name)

sys.path.insert(0, str(REPO))

import pandas as pd  # noqa: E402

from czlib import load_articles  # noqa: E402
from czlib.text.segmentation.segment import get_segmenter, posseg_hmm  # noqa: E402
from czlib.text.segmentation.token_table import token_table  # noqa: E402

# One short sentence with an out-of-vocabulary name, for the first call.
FIRST_CALL_TEXT = "长治市召开科技创新大会，郜晓瑜、尉迟璿出席。"

FIRST_CALL_PROCESS = textwrap.dedent("""
    import sys, time
    from czlib.text.segmentation.segment import get_segmenter
    seg = get_segmenter()
    t0 = time.perf_counter()
    seg.tag(sys.argv[1])
    print(time.perf_counter() - t0)
""")

FRESH_PROCESS = textwrap.dedent("""
    import pickle, sys, time
    from czlib.text.segmentation.token_table import token_table
    articles = pickle.load(open(sys.argv[1], "rb"))
    t0 = time.perf_counter()
    table = token_table(articles, cache_dir=sys.argv[2])
    print(time.perf_counter() - t0, len(table))
""")


def timed(fn, *args):
    gc.collect()
    t0 = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - t0, result


def cold(fn, text, repeat):
    """Median time of ``fn(text)`` with czlib's HMM memo emptied before each run."""
    times = []
    for _ in range(repeat):
        posseg_hmm.cache_clear()
        t, result = timed(fn, text)
        times.append(t)
        del result
    return statistics.median(times), times


def gwr_text(limit: int | None) -> str | None:
    if not GWR.is_file():
        return None
    with open(GWR, encoding="utf-8") as fh:
        text = "\n".join(json.loads(line)["content"] for line in fh if line.strip())
    return text[:limit] if limit else text


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


def compare(name, text, seg, posseg, jieba_tk, rj, repeat, one_time=None):
    """Time everything on one text; return (identical, czlib tag cold ratio to posseg)."""
    n = len(text)
    print(f"\n{name}: {n:,} characters")

    def line(label, seconds, note=""):
        print(f"  {label:<42} {seconds:8.3f} s  {n / seconds / 1e6:6.3f} M chars/s  {note}", flush=True)

    t_tag, tag_runs = cold(seg.tag, text, repeat)
    line("czlib tag, cold", t_tag, f"median of {repeat}: {', '.join(f'{t:.3f}' for t in tag_runs)}")
    t_tok, tok_runs = cold(seg.tokenize, text, repeat)
    line("czlib tokenize (with offsets), cold", t_tok, f"median of {repeat}")
    posseg_hmm.cache_clear()
    ours = seg.tag(text)
    t_posseg, ref = timed(lambda s: [(p.word, p.flag) for p in posseg.cut(s)], text)
    line("jieba.posseg (same dictionary)", t_posseg, "1 run")
    t_lcut, _ = timed(jieba_tk.lcut, text)
    line("jieba.lcut (same dictionary, no POS)", t_lcut, "1 run")
    t_rj = statistics.median(timed(rj.tag, text)[0] for _ in range(repeat))
    line("rjieba.tag (own dictionary and HMM)", t_rj, f"median of {repeat}")

    identical = ours == ref
    print(f"  czlib (word, pos) sequence identical to jieba.posseg: {identical} ({len(ref):,} pairs)")
    if not identical:
        diff = next((i for i, (a, b) in enumerate(zip(ours, ref)) if a != b), min(len(ours), len(ref)))
        print(f"    first difference at pair {diff}: czlib {ours[diff:diff + 3]} posseg {ref[diff:diff + 3]}")
    print(f"  cold ratio czlib tag      / jieba.posseg: {t_posseg / t_tag:6.1f}x   "
          f"(tokenize: {t_posseg / t_tok:.1f}x)")
    if one_time is not None:
        print(f"  ... including the one-time first call ({one_time:.2f} s): "
              f"{t_posseg / (t_tag + one_time):6.1f}x   (tokenize: {t_posseg / (t_tok + one_time):.1f}x)")
    print(f"  czlib tag vs jieba.lcut: {t_lcut / t_tag:.1f}x faster; vs rjieba.tag: "
          f"{t_rj / t_tag:.2f}x the speed")
    return identical, t_posseg / t_tag


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gwr-chars", type=int, default=None,
                        help="use only the first N characters of the GWR text (default: all)")
    parser.add_argument("--mb", type=float, default=10.0, help="size of the token-table corpus in MB")
    parser.add_argument("--skip-table", action="store_true", help="skip the token-table cache timings")
    args = parser.parse_args()

    print(f"load average before the run: {', '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    try:
        import numba
        cache = "a new temporary folder" if os.environ["NUMBA_CACHE_DIR"] == _NUMBA_CACHE.name else "as set"
        print(f"numba {numba.__version__}, NUMBA_CACHE_DIR: {cache}")
    except ImportError:
        print("numba: not installed")

    t_init, seg = timed(get_segmenter)
    t_first, _ = timed(seg.tag, FIRST_CALL_TEXT)
    t_ref_init, jieba_tk = timed(seg.jieba_tokenizer)
    import jieba.posseg
    import rjieba

    posseg = jieba.posseg.POSTokenizer(jieba_tk)
    rj = rjieba.Jieba()
    rj.tag(FIRST_CALL_TEXT)
    out = subprocess.run([sys.executable, "-c", FIRST_CALL_PROCESS, FIRST_CALL_TEXT],
                         capture_output=True, text=True, check=True, cwd=REPO)
    t_first_fresh = float(out.stdout.split()[0])
    print("one-time costs (excluded from the cold timings below):")
    print(f"  czlib segmenter built                        {t_init:6.2f} s")
    print(f"  czlib first tag call, JIT compile included    {t_first:6.2f} s   (model tables, numba import "
          f"and compile)")
    print(f"  same, fresh interpreter, kernels from cache   {t_first_fresh:6.2f} s")
    print(f"  jieba reference tokenizer built              {t_ref_init:6.2f} s")

    ok = True
    text = gwr_text(args.gwr_chars)
    if text is None:
        print(f"\nGWR: skipped, {GWR} is absent (the shared benchmark folder ../shared/bench "
              "is not beside this worktree)")
    else:
        same, ratio = compare("GWR (Government Work Reports" +
                              (f", first {args.gwr_chars:,} characters)" if args.gwr_chars else ")"),
                              text, seg, posseg, jieba_tk, rj, repeat=3, one_time=t_first)
        ok &= same
        print(f"  target: czlib cold >= 30x jieba.posseg on GWR: {ratio:.1f}x "
              f"{'PASS' if ratio >= 30 and same else 'FAIL'}")
    del text
    seed = "\n".join(load_articles()["text"])
    same, _ = compare("seed corpus (corpus/raw, cleaned)", seed, seg, posseg, jieba_tk, rj, repeat=5)
    ok &= same

    if not args.skip_table:
        articles = build_corpus(int(args.mb * 1e6))
        n_chars = sum(map(len, articles["text"]))
        print(f"\ntoken table (czlib.text.segmentation.token_table.token_table) on {len(articles)} synthetic articles from the "
              f"seeds, {n_chars:,} characters:")
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
        print(f"  warm, same process                           {t_warm:8.3f} s   {t_cold / t_warm:5.1f}x "
              f"faster   (median of {runs(warm_runs)})")
        print(f"  warm, fresh interpreter (re-run a notebook)  {t_fresh:8.3f} s   {t_cold / t_fresh:5.1f}x "
              f"faster   (median of {runs(fresh_runs)})")
        warm = max(t_warm, t_fresh)
        print(f"  target: warm cache >= 20x faster than cold: {t_cold / warm:.1f}x "
              f"{'PASS' if t_cold / warm >= 20 else 'FAIL'}")

    print(f"\nidentical to jieba.posseg on every text: {ok}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
