"""Benchmark ``czlib tables`` on new text: N articles cut from the Government Work Reports.

Article text comes from ``../shared/bench/government_work_reports.jsonl`` (public
domain; never copied into the repository), cut by a fixed rule: every report's
``content`` is split at line breaks, paragraphs of 200 characters or more are
kept, and N of them are drawn with ``random.Random(0)``.  Each becomes one
``.txt`` file of a bare corpus folder (the loader converts the Traditional-script
reports to Simplified, as for any corpus).

Each checkout named with ``--repo`` (default: this one) runs ``czlib tables`` on
that folder in a fresh interpreter with its own code first on ``sys.path``;
runs alternate between checkouts so that machine noise hits them alike.  The
ratio between checkouts is the figure that holds on a noisy machine.

    python benchmarks/bench_tables.py --articles 400 --repo . --repo /path/to/old/checkout
"""
from __future__ import annotations

import argparse
import json
import random
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO.parent / "shared" / "bench" / "government_work_reports.jsonl"

RUN = """
import sys, time
sys.path.insert(0, sys.argv[1])
started = time.perf_counter()
try:
    from czlib.runner import write_tables
    options = {"jobs": 1, "use_cache": False}
except ImportError:                       # checkouts before the spine layout
    from czlib.tables import write_tables
    options = {}
write_tables(sys.argv[2], sys.argv[3], **options)
print(time.perf_counter() - started)
"""


def paragraphs(path: Path, n: int, min_chars: int = 200) -> list[str]:
    """N paragraphs of at least ``min_chars`` characters, drawn with a fixed seed."""
    pool = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            content = json.loads(line).get("content") or ""
            pool.extend(p.strip() for p in content.split("\n") if len(p.strip()) >= min_chars)
    if len(pool) < n:
        raise SystemExit(f"{path} has only {len(pool)} paragraphs of {min_chars}+ characters; asked for {n}")
    return random.Random(0).sample(pool, n)


def write_corpus(folder: Path, texts: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"gwr{i:06d}.txt").write_text(text + "\n", encoding="utf-8")


def run_tables(repo: Path, corpus: Path, root: Path) -> float:
    """Seconds inside ``write_tables`` for one cold run of ``repo``'s czlib.

    ``CZLIB_ROOT`` is a fresh folder holding a copy of the checkout's
    ``corpus/`` (its curation applies, as in the checkout) and an empty
    ``build/``: no cache is carried over from an earlier run.
    """
    shutil.copytree(repo / "corpus", root / "corpus")
    env = {**os.environ, "CZLIB_ROOT": str(root)}
    done = subprocess.run([sys.executable, "-c", RUN, str(repo), str(corpus), str(root / "tables")],
                          capture_output=True, text=True, env=env)
    if done.returncode:
        raise SystemExit(f"czlib tables failed in {repo}:\n{done.stderr[-2000:]}")
    return float(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--repo", action="append", type=Path, help="czlib checkout to run (repeatable)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    if not BENCH.is_file():
        print(f"SKIP: {BENCH} is absent (the benchmark text lives in ../shared/bench, never in the repository)")
        return 0
    repos = [r.resolve() for r in (args.repo or [REPO])]
    texts = paragraphs(BENCH, args.articles)
    print(f"{args.articles} articles, {sum(map(len, texts)):,} characters, from {BENCH.name}")
    times: dict[Path, list[float]] = {r: [] for r in repos}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(corpus, texts)
        for round_ in range(args.rounds):
            for repo in repos:
                seconds = run_tables(repo, corpus, Path(tmp) / f"root-{round_}-{repos.index(repo)}")
                times[repo].append(seconds)
                print(f"  round {round_ + 1}  {repo}: {seconds:6.1f} s  ({seconds / args.articles * 1000:.1f} ms/article)")
    best = {r: min(t) for r, t in times.items()}
    print("best of rounds:")
    for repo in repos:
        ratio = best[repo] / best[repos[0]]
        print(f"  {repo}: {best[repo]:.1f} s, {best[repo] / args.articles * 1000:.1f} ms/article, "
              f"{ratio:.2f}x the first checkout")
    return 0


if __name__ == "__main__":
    sys.exit(main())
