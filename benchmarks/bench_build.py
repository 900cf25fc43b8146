"""Time `czlib build` from a clean build folder, then again with nothing changed.

Runs on a temporary copy of the project (corpus/, notebooks/, figures/), so
the real build/ is left alone and the cold run really starts with no
build/ folder (no tables, no cached executions, no font subset, no token
caches).  Each run is the real command line in a fresh interpreter:

    python -m czlib.cli build --root <copy>

Usage:  .venv/bin/python benchmarks/bench_build.py [--repeat N] [--keep]
Targets on the 2-core reference machine: cold < 60 s, unchanged < 10 s.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COLD_TARGET_S = 60.0
UNCHANGED_TARGET_S = 10.0


def copy_project(dest: Path) -> Path:
    for name in ("corpus", "notebooks", "figures"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        else:
            (dest / name).mkdir(parents=True)
    return dest


def timed_build(root: Path, *extra: str) -> tuple[float, str]:
    env = {**os.environ, "CZLIB_ROOT": str(root)}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "czlib.cli", "build", "--root", str(root), *extra],
                            env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"czlib build failed (exit {result.returncode})")
    return seconds, result.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="cold/unchanged pairs to run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project")
    args = parser.parse_args()

    notebooks = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
    print(f"czlib build benchmark: {len(notebooks)} notebook(s): {', '.join(notebooks)}")
    print(f"machine: {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}")
    colds, unchanged = [], []
    for run in range(1, args.repeat + 1):
        tmp = Path(tempfile.mkdtemp(prefix="czlib-bench-"))
        try:
            root = copy_project(tmp / "project")
            cold, log = timed_build(root)
            if run == 1:
                print("--- cold build output ---")
                print(log.rstrip())
                print("---")
            warm, log_warm = timed_build(root)
            if "0 executed" not in log_warm:
                print("WARNING: the unchanged build executed notebooks:\n" + log_warm)
            colds.append(cold)
            unchanged.append(warm)
            print(f"run {run}: cold {cold:.1f} s, unchanged {warm:.1f} s")
        finally:
            if args.keep:
                print(f"kept {tmp}")
            else:
                shutil.rmtree(tmp, ignore_errors=True)
    cold_best, warm_best = min(colds), min(unchanged)
    print(f"cold build (clean build/):   {cold_best:6.1f} s   target < {COLD_TARGET_S:.0f} s   "
          f"{'OK' if cold_best < COLD_TARGET_S else 'OVER'}")
    print(f"unchanged rebuild:           {warm_best:6.1f} s   target < {UNCHANGED_TARGET_S:.0f} s   "
          f"{'OK' if warm_best < UNCHANGED_TARGET_S else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
