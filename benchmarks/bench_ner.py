"""Measure ``czlib.extract_actors`` on public NER gold (People's Daily dev, MSRA conventions), with jieba as a baseline.

Each sentence of the gold file goes to ``czlib.extract_actors`` alone (one call per sentence); czlib's kinds
map to the gold's types (person -> PER, org -> ORG, place -> LOC).  The same sentences go through plain
``jieba.posseg`` (nr* -> PER, ns -> LOC, nt -> ORG) as a baseline.  Predictions are written as JSON lines
and scored by the gold's own scorer (``../shared/ner/score_ner.py``: exact span and type, micro P/R/F1 per
type, relaxed recall).

czlib's definitions differ from the gold's in one documented place (README, "Actors on public NER gold"):
czlib calls ``北京市政府`` / ``长治市人民政府`` an organisation, the gold tags the place (``北京市`` LOC)
and leaves ``政府`` outside any entity.  czlib is therefore scored twice: as it is, and with that one
mapping (``X(人民)政府`` org -> ``X`` place, a bare ``(人民)政府`` dropped).

    python benchmarks/bench_ner.py [--gold PATH] [--out DIR] [--limit N] [--no-jieba] [--errors]

The gold defaults to ``<repo>/../shared/ner/peoples-daily-dev/pd.dev`` (or ``$CZLIB_SHARED/ner/...``); when
it is absent the script says so and exits 0.  Nothing of the gold is copied into the repository.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KIND_TO_TYPE = {"person": "PER", "org": "ORG", "place": "LOC"}
_GOVERNMENT_RE = re.compile(r"(?:人民)?政府$")


def shared_dir() -> Path:
    """``<repo>/../shared``, else ``$CZLIB_SHARED`` (a worktree may live elsewhere than the main clone)."""
    here = REPO.parent / "shared"
    if (here / "ner").is_dir() or not os.environ.get("CZLIB_SHARED"):
        return here
    return Path(os.environ["CZLIB_SHARED"])


def sentences(scorer: Path, gold: Path) -> list[str]:
    """The gold sentences' text, as the scorer reads them (``score_ner.py GOLD --text``)."""
    out = subprocess.run([sys.executable, str(scorer), str(gold), "--text"], check=True, capture_output=True,
                         text=True, encoding="utf-8").stdout
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    return [r["text"] for r in sorted(rows, key=lambda r: r["sent"])]


def msra_convention(spans: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """czlib's spans under the gold's convention: ``X政府`` (an org for czlib) is the place ``X`` and no org."""
    out = []
    for s, e, t in spans:
        m = _GOVERNMENT_RE.search(text, s, e) if t == "ORG" else None
        if m is not None and m.end() == e:
            if m.start() - s >= 2:  # 北京市|政府 -> 北京市; a bare 市政府 is no place
                out.append((s, m.start(), "LOC"))
            continue
        out.append((s, e, t))
    return out


def czlib_spans(texts: list[str]) -> tuple[list[list[tuple[int, int, str]]], Counter, float]:
    """czlib's spans per sentence, a count of the deciding ``source`` per type, and the seconds taken."""
    import czlib

    czlib.extract_actors("预热")  # load dictionaries and models outside the timing
    sources: Counter = Counter()
    out = []
    started = time.perf_counter()
    for text in texts:
        spans = []
        for m in czlib.extract_actors(text):
            t = KIND_TO_TYPE.get(m.kind)
            if t is not None:
                spans.append((m.start, m.end, t))
                sources[(t, m.source)] += 1
        out.append(spans)
    return out, sources, time.perf_counter() - started


def model_spans(texts: list[str]) -> tuple[list[list[tuple[int, int, str]]], float] | None:
    """The entity model alone (``czlib.analysis.actors.ner.entity_spans``), None when this czlib has no model."""
    try:
        from czlib.analysis.actors.ner import entity_spans
    except ImportError:
        return None
    entity_spans("预热")
    started = time.perf_counter()
    out = [[(s.start, s.end, s.label) for s in entity_spans(text)] for text in texts]
    return out, time.perf_counter() - started


def model_header() -> str:
    """Which entity model czlib ships (its build command and checksum), 'none' without one."""
    try:
        from czlib.analysis.actors.ner import HEADER_PATH
    except ImportError:
        return "none"
    h = json.loads(HEADER_PATH.read_text(encoding="utf-8"))
    return f"{h.get('built_by', '?')} (sha256 {h.get('model_sha256', '?')[:12]})"


def jieba_spans(texts: list[str]) -> tuple[list[list[tuple[int, int, str]]], float]:
    """Plain ``jieba.posseg`` tags as entities: nr* -> PER, ns -> LOC, nt -> ORG."""
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    jieba.initialize()
    out = []
    started = time.perf_counter()
    for text in texts:
        pos, spans = 0, []
        for w in pseg.cut(text):
            s = text.find(w.word, pos)
            e = s + len(w.word)
            pos = e
            t = "PER" if w.flag.startswith("nr") else {"ns": "LOC", "nt": "ORG"}.get(w.flag)
            if t is not None:
                spans.append((s, e, t))
        out.append(spans)
    return out, time.perf_counter() - started


def write_pred(path: Path, spans: list[list[tuple[int, int, str]]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i, ss in enumerate(spans):
            fh.write(json.dumps({"sent": i, "spans": [list(x) for x in sorted(set(ss))]}, ensure_ascii=False) + "\n")


def score(scorer: Path, gold: Path, pred: Path) -> dict:
    out = subprocess.run([sys.executable, str(scorer), str(gold), str(pred), "--json"], check=True,
                         capture_output=True, text=True, encoding="utf-8").stdout
    return json.loads(out.splitlines()[-1])["scores"]


def print_table(name: str, res: dict, seconds: float | None = None) -> None:
    extra = f"  ({seconds:.1f} s)" if seconds is not None else ""
    print(f"## {name}{extra}")
    print(f"{'type':8} {'gold':>6} {'pred':>6} {'tp':>6} {'P':>7} {'R':>7} {'F1':>7} {'relaxR':>7}")
    for t, d in res.items():
        print(f"{t:8} {d['gold']:6d} {d['pred']:6d} {d['tp']:6d} {100 * d['P']:7.2f} {100 * d['R']:7.2f} "
              f"{100 * d['F1']:7.2f} {100 * d['relaxed_R']:7.2f}")
    print()


def write_errors(path: Path, texts: list[str], gold_spans: list[set], pred: list[list[tuple[int, int, str]]]) -> None:
    """Missed and spurious entities per sentence, for reading (written outside the repository)."""
    with path.open("w", encoding="utf-8") as fh:
        for i, (text, g, p) in enumerate(zip(texts, gold_spans, pred)):
            p = set(p)
            miss = sorted(g - p)
            extra = sorted(p - g)
            if miss or extra:
                fh.write(f"[{i}] {text}\n")
                for s, e, t in miss:
                    fh.write(f"  MISS {t} {text[s:e]}\n")
                for s, e, t in extra:
                    fh.write(f"  FALSE {t} {text[s:e]}\n")


def gold_spans(scorer: Path, gold: Path) -> list[set]:
    sys.path.insert(0, str(scorer.parent))
    try:
        import score_ner  # the scorer's own reader, so the error list agrees with its counts
    finally:
        sys.path.pop(0)
    return score_ner.load_gold(str(gold))[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=None, help="BIO gold file (default: pd.dev under ../shared/ner)")
    parser.add_argument("--out", type=Path, default=None, help="folder for the predictions (default: a temporary one)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N sentences (a quick look)")
    parser.add_argument("--no-jieba", action="store_true", help="skip the jieba baseline")
    parser.add_argument("--errors", action="store_true", help="also write missed/false entities to OUT/errors.txt")
    args = parser.parse_args(argv)
    ner = shared_dir() / "ner"
    gold = args.gold or ner / "peoples-daily-dev" / "pd.dev"
    scorer = ner / "score_ner.py"
    if not gold.is_file() or not scorer.is_file():
        print(f"SKIP: {gold.name if not gold.is_file() else scorer.name} is absent; the NER gold lives in "
              "../shared/ner (or set CZLIB_SHARED), never in the repository")
        return 0
    texts = sentences(scorer, gold)
    gspans = gold_spans(scorer, gold)
    if args.limit:
        texts, gspans = texts[:args.limit], gspans[:args.limit]
        tmp_gold = tempfile.NamedTemporaryFile("w", suffix=".bio", delete=False, encoding="utf-8")
        with open(gold, encoding="utf-8") as fh:
            blocks = [b for b in fh.read().split("\n\n") if b.strip()]
        tmp_gold.write("\n\n".join(b.strip("\n") for b in blocks[:args.limit]) + "\n\n")
        tmp_gold.close()
        gold = Path(tmp_gold.name)
    out = args.out or Path(tempfile.mkdtemp(prefix="bench_ner-"))
    out.mkdir(parents=True, exist_ok=True)
    print(f"{len(texts)} sentences, {sum(map(len, texts))} characters, one extract_actors call per sentence")
    print(f"entity model: {model_header()}\n")

    pred, sources, seconds = czlib_spans(texts)
    write_pred(out / "czlib.jsonl", pred)
    print_table("czlib.extract_actors (czlib's conventions)", score(scorer, gold, out / "czlib.jsonl"), seconds)
    mapped = [msra_convention(p, t) for p, t in zip(pred, texts)]
    write_pred(out / "czlib_msra.jsonl", mapped)
    res = score(scorer, gold, out / "czlib_msra.jsonl")
    print_table("czlib.extract_actors, X政府 org -> X place (the gold's convention)", res)
    if args.errors:
        write_errors(out / "errors.txt", texts, gspans, mapped)
    print("deciding source of czlib's entities: "
          + ", ".join(f"{t}/{s or '-'} {n}" for (t, s), n in sorted(sources.items())) + "\n")

    alone = model_spans(texts)
    if alone is not None:
        write_pred(out / "model.jsonl", alone[0])
        print_table("the entity model alone (czlib.analysis.actors.ner.entity_spans)", score(scorer, gold, out / "model.jsonl"),
                    alone[1])
    if not args.no_jieba:
        jpred, jseconds = jieba_spans(texts)
        write_pred(out / "jieba.jsonl", jpred)
        print_table("jieba.posseg (nr -> PER, ns -> LOC, nt -> ORG)", score(scorer, gold, out / "jieba.jsonl"),
                    jseconds)
    print("exact span and type, micro; relaxR = a gold entity overlapped by a predicted entity of its type "
          "(relaxed recall)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
