"""Benchmark one very large text file: does `czlib tables` stay within bounded memory, or refuse it clearly?

A tester's 200 MB text file took 563 s and 13.9 GB of memory (issue 23).  This
script writes a synthetic file of each size in a temporary folder (invented
sentences, repeated with changing numbers: no corpus text), runs
``czlib tables --corpus <folder> --no-cache --jobs 1`` on it in a child
process, and reports the exit code, the seconds, the child's peak resident
memory (``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``, measured in a fresh
wrapper process per run so one run's peak cannot hide another's) and the first
line czlib printed.  The target: at most 2 GB, or a clear refusal naming the
limit (``CZLIB_MAX_FILE_BYTES``).  The default sizes are the tester's 200 MB and
a file just under the default limit, the largest file czlib reads.

    python benchmarks/bench_big_file.py [--sizes-mb 200,10.4]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Invented news sentences (written for this benchmark); {n} varies so the text does not repeat exactly.
SENTENCES = [
    "本报讯 近日,某市科技局组织{n}家企业参加技术需求对接会,现场签订合作协议{m}项。",
    "据介绍,该项目总投资约{n}亿元,建成后预计年产值可达{m}亿元。",
    "市工信局负责人表示,下一步将重点扶持新材料和装备制造企业,力争年底前再改造{n}家。",
    "今年以来,全市新增高新技术企业{n}家,同比增长{m}%。",
    "专家组成员来自省内外{n}所高校和科研院所,围绕成果转化开展了{m}场讲座。",
    "园区负责人说:“我们将继续优化服务,让更多科技成果从书架走向货架。”",
]
HEADER = "某市举办科技成果对接活动\n\n发布时间: 2025-06-01\n\n"
# A headline every ARTICLE_SENTENCES sentences, so the file is a long run of articles (a newspaper dump).
HEADLINES = ["某县建成第{n}个智能育苗工厂", "某区推进第{n}批中小企业数字化改造", "某市举行第{n}届科技成果对接会"]
ARTICLE_SENTENCES = 30

# Runs the command given in argv and prints its exit code and the peak memory of that child (KB).
_WRAPPER = ("import resource, subprocess, sys\n"
            "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
            "sys.stderr.write(r.stderr)\n"
            "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")


def write_text(path: Path, size: int) -> None:
    """At most ``size`` bytes of synthetic news text: articles of 30 sentences, a paragraph every three."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEADER)
        written, i = len(HEADER.encode("utf-8")), 0
        chunk: list[str] = []
        while written < size:
            piece = SENTENCES[i % len(SENTENCES)].format(n=i % 97 + 3, m=i % 89 + 2) + ("\n\n" if i % 3 == 2 else "")
            if i % ARTICLE_SENTENCES == 0 and i:
                piece = "\n\n" + HEADLINES[i // ARTICLE_SENTENCES % 3].format(n=i // ARTICLE_SENTENCES) + "\n\n" + piece
            if written + len(piece.encode("utf-8")) > size:
                break
            chunk.append(piece)
            written += len(piece.encode("utf-8"))
            i += 1
            if len(chunk) >= 10_000:
                out.write("".join(chunk))
                chunk = []
        out.write("".join(chunk))


def run(size_mb: float, work: Path) -> tuple[int, float, float, str]:
    """(exit code, seconds, peak MB, first line of stderr) of `czlib tables` on one file of ``size_mb``."""
    corpus = work / f"corpus-{size_mb}"
    corpus.mkdir()
    write_text(corpus / "big.txt", int(size_mb * 1_000_000))
    command = [sys.executable, "-m", "czlib.cli", "tables", "--corpus", str(corpus),
               "--out", str(work / f"tables-{size_mb}"), "--no-cache", "--jobs", "1"]
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, *command], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    code, peak_kb = (int(x) for x in proc.stdout.split()[-2:])
    lines = [line for line in proc.stderr.splitlines() if ": note: " not in line]
    return code, seconds, peak_kb / 1024, (lines[0] if lines else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes-mb", default="200,10.4", help="file sizes in MB (10^6 bytes), comma-separated")
    args = parser.parse_args(argv)
    from czlib import config

    print(f"size limit: {config.MAX_FILE_BYTES:,} bytes (CZLIB_MAX_FILE_BYTES); target: peak <= 2048 MB")
    print(f"{'MB':>7} {'exit':>4} {'seconds':>8} {'peak MB':>8}  first line")
    with tempfile.TemporaryDirectory(prefix="czlib-bench-big-") as tmp:
        for size in (float(x) for x in args.sizes_mb.split(",")):
            code, seconds, peak, line = run(size, Path(tmp))
            shown = line.replace(tmp, "<tmp>")
            print(f"{size:7.1f} {code:4d} {seconds:8.1f} {peak:8.0f}  {shown}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
