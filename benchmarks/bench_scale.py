"""Benchmark ``czlib tables`` at scale: 1,000 / 10,000 / 30,000 articles, --jobs 1 and 2, cold and warm.

Article text comes from ``../shared/bench/government_work_reports.jsonl`` (never
copied into the repository) by a fixed rule: each report's ``content`` is split
at line breaks, paragraphs of 80 characters or more are kept, and each article
is a run of consecutive paragraphs of at least 300 characters, taken in order
(reports in file order); when a corpus needs more articles than that gives, the
list is cycled with a marker line ``(第N轮)`` prepended, so that every article
is a distinct text (the cache keys on the raw bytes).

For each size and each ``--jobs``: wall time of a cold ``czlib tables``
(``--no-cache``) and its CPU time (user + system of the whole process
tree: the figure a loaded machine inflates least), peak resident memory of
the whole process tree (sampled every 0.1 s with psutil), the size of the table folder; then, for the largest
jobs, a warm run after adding one article (with the cache).  Each time is
also given as a ratio to ``jieba.lcut`` over the same text in this process, the
figure that holds on a noisy machine.  The last lines extrapolate to 100,000
articles from the measured curve (linear fit through the two largest sizes).

    python benchmarks/bench_scale.py [--sizes 1000,10000,30000] [--jobs 1,2]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
if not SHARED.is_dir() and os.environ.get("CZLIB_SHARED"):  # a worktree outside the main clone
    SHARED = Path(os.environ["CZLIB_SHARED"])
BENCH = SHARED / "bench" / "government_work_reports.jsonl"


def articles_from_reports(path: Path, n: int, min_paragraph: int = 80, min_article: int = 300) -> list[str]:
    """N distinct article texts cut from the reports by the fixed rule of the module docstring."""
    base: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            current: list[str] = []
            for para in (json.loads(line).get("content") or "").split("\n"):
                para = para.strip()
                if len(para) < min_paragraph:
                    continue
                current.append(para)
                if sum(map(len, current)) >= min_article:
                    base.append("\n\n".join(current))
                    current = []
    out = []
    round_ = 0
    while len(out) < n:
        prefix = f"(第{round_ + 1}轮)\n\n" if round_ else ""
        out.extend(prefix + text for text in base[: n - len(out)])
        round_ += 1
    return out


def write_corpus(folder: Path, texts: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"a{i:06d}.txt").write_text(text + "\n", encoding="utf-8")


class PeakMemory:
    """Peak RSS of a process and all its children, sampled in a thread."""

    def __init__(self, pid: int):
        import psutil

        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.process] + self.process.children(recursive=True)
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            time.sleep(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_tables(corpus: Path, out: Path, cache: Path, jobs: int, use_cache: bool) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system of the whole process tree) and peak RSS of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cmd = [sys.executable, "-m", "czlib.cli", "tables", "--corpus", str(corpus), "--out", str(out),
           "--jobs", str(jobs), "--cache", str(cache)] + ([] if use_cache else ["--no-cache"])
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(proc.pid)
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    peak = memory.stop()
    if proc.returncode:
        raise SystemExit(f"czlib tables failed:\n{err[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, peak


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def lcut_seconds(texts: list[str]) -> float:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    started = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,30000")
    parser.add_argument("--jobs", default="1,2")
    args = parser.parse_args(argv)
    if not BENCH.is_file():
        print(f"SKIP: {BENCH} is absent (the benchmark text lives in ../shared/bench, never in the repository)")
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    jobs_list = [int(j) for j in args.jobs.split(",")]
    print(f"machine: {os.cpu_count()} cores")
    print(f"{'articles':>9} {'jobs':>4} {'seconds':>8} {'cpu s':>7} {'x lcut':>7} {'peak MiB':>9} {'out MiB':>8}  note")
    measured: dict[int, dict[int, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n in sizes:
            texts = articles_from_reports(BENCH, n + 1)
            corpus = tmp / f"corpus{n}"
            write_corpus(corpus, texts[:n])
            lcut = lcut_seconds(texts[:n])
            for jobs in jobs_list:
                out = tmp / f"out{n}-{jobs}"
                seconds, cpu, peak = run_tables(corpus, out, tmp / f"nocache{n}", jobs, use_cache=False)
                measured.setdefault(jobs, {})[n] = seconds
                print(f"{n:>9} {jobs:>4} {seconds:8.1f} {cpu:7.1f} {seconds / lcut:7.1f} {peak / 2**20:9.0f} "
                      f"{folder_size(out) / 2**20:8.1f}  cold", flush=True)
            jobs = max(jobs_list)
            cache = tmp / f"cache{n}"
            run_tables(corpus, tmp / f"warm{n}", cache, jobs, use_cache=True)
            write_corpus(corpus, texts)  # adds article n (the files before it are rewritten unchanged)
            seconds, cpu, peak = run_tables(corpus, tmp / f"warm{n}", cache, jobs, use_cache=True)
            print(f"{n + 1:>9} {jobs:>4} {seconds:8.1f} {cpu:7.1f} {seconds / lcut:7.1f} {peak / 2**20:9.0f} "
                  f"{folder_size(tmp / f'warm{n}') / 2**20:8.1f}  warm, one article added", flush=True)
    for jobs, by_size in measured.items():
        if len(by_size) >= 2:
            (n1, t1), (n2, t2) = sorted(by_size.items())[-2:]
            slope = (t2 - t1) / (n2 - n1)
            print(f"extrapolated to 100,000 articles with --jobs {jobs}: {t2 + slope * (100_000 - n2):.0f} s "
                  f"({slope * 1000:.1f} ms per article beyond {n2:,})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
