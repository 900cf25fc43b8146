"""Train czlib's named-entity model (a character CRF, python-crfsuite) and score it.

    python scripts/train_ner.py                 # train the shipped model, score it, write czlib/data/ner/
    python scripts/train_ner.py --eval          # score the shipped model on pd.dev and the held-out MSRA slice
    python scripts/train_ner.py --out /tmp/m --extra cluener --c1 0.2   # a candidate elsewhere

Data: ``<repo>/../shared/ner`` (or ``$CZLIB_SHARED/ner``), described in its README.md.
``msra_train_decontam`` is the training set, less every 20th sentence (index % 20 == 19),
held out for a score nobody selected on.  ``peoples-daily-dev/pd.dev`` is never trained on:
it is for choosing among a handful of settings and for the report.  CLUENER2020 and Weibo
can be added (``--extra``), mapped to PER/LOC/ORG; their conventions differ from MSRA's.

The model header (model.json) records the training files and their sha256, sentence counts,
feature and crfsuite settings, library versions, the model's sha256 and its scores, so the
model can be rebuilt byte-identically (training is deterministic: fixed iteration count,
fixed data order).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from czlib.analysis.actors import ner_features as nf  # noqa: E402
from czlib.analysis.actors.ner import HEADER_PATH, MODEL_PATH, Recogniser, sha256_file  # noqa: E402

MSRA = "msra_train_decontam/msra_train_bio.decontam.txt"
CLUENER = "cluener2020/train.json"
WEIBO = "weibo/weiboNER_2nd_conll.train"
PD_DEV = "peoples-daily-dev/pd.dev"
SCORER = "score_ner.py"
HOLDOUT_EVERY = 20  # MSRA sentence i is held out when i % 20 == 19

# The selected settings (see model.json "selection" and README "Named-entity model").
DEFAULTS = {"c1": 0.1, "c2": 0.01, "max_iterations": 150, "feature.minfreq": 1}
CLUENER_MAP = {"name": "PER", "address": "LOC", "company": "ORG", "government": "ORG", "organization": "ORG"}


def shared_ner_dir() -> Path | None:
    """``<repo>/../shared/ner``, else ``$CZLIB_SHARED/ner``; None when neither exists."""
    for base in (REPO.parent / "shared", Path(os.environ["CZLIB_SHARED"]) if os.environ.get("CZLIB_SHARED") else None):
        if base is not None and (base / "ner" / MSRA).is_file():
            return base / "ner"
    return None


def read_bio(path: Path, strip_digit: bool = False, tag_map=None) -> list[tuple[str, list[str]]]:
    """[(sentence text, tags)] of a char<TAB>tag file with blank lines between sentences."""
    out, chars, tags = [], [], []
    for raw in path.read_text(encoding="utf-8").split("\n"):
        line = raw.rstrip("\r")
        if not line.strip():
            if chars:
                out.append(("".join(chars), tags))
                chars, tags = [], []
            continue
        cut = max(line.rfind("\t"), line.rfind(" "))
        ch, tag = line[:cut], line[cut + 1:]
        if strip_digit:
            ch = ch[:-1]
        if len(ch) != 1:
            continue
        if tag_map is not None:
            tag = tag_map(tag)
        chars.append(ch)
        tags.append(tag)
    if chars:
        out.append(("".join(chars), tags))
    return out


def weibo_tag(tag: str) -> str:
    """Weibo: names only (``*.NAM``); GPE is a place."""
    if tag == "O" or not tag.endswith(".NAM"):
        return "O"
    prefix, kind = tag[:1], tag[2:-4]
    return f"{prefix}-{'LOC' if kind == 'GPE' else kind}"


def read_cluener(path: Path) -> list[tuple[str, list[str]]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        text = rec["text"]
        tags = ["O"] * len(text)
        for kind, ents in rec["label"].items():
            label = CLUENER_MAP.get(kind)
            if label is None:
                continue
            for spans in ents.values():
                for s, e in spans:
                    if all(t == "O" for t in tags[s:e + 1]):
                        tags[s] = "B-" + label
                        for i in range(s + 1, e + 1):
                            tags[i] = "I-" + label
        out.append((text, tags))
    return out


def load_training(ner: Path, extra: list[str], limit: int | None) -> tuple[list, list, list[dict]]:
    """(training sentences, held-out MSRA sentences, file records for the header)."""
    msra = read_bio(ner / MSRA)
    if limit:
        msra = msra[:limit]
    train = [s for i, s in enumerate(msra) if i % HOLDOUT_EVERY != HOLDOUT_EVERY - 1]
    held = [s for i, s in enumerate(msra) if i % HOLDOUT_EVERY == HOLDOUT_EVERY - 1]
    files = [{"path": MSRA, "sha256": sha256_file(ner / MSRA), "sentences_read": len(msra),
              "sentences_trained": len(train), "held_out": f"sentence index % {HOLDOUT_EVERY} == {HOLDOUT_EVERY - 1}",
              "sentences_held_out": len(held)}]
    if "cluener" in extra:
        rows = read_cluener(ner / CLUENER)
        train += rows
        files.append({"path": CLUENER, "sha256": sha256_file(ner / CLUENER), "sentences_trained": len(rows),
                      "label_map": CLUENER_MAP})
    if "weibo" in extra:
        rows = read_bio(ner / WEIBO, strip_digit=True, tag_map=weibo_tag)
        train += rows
        files.append({"path": WEIBO, "sha256": sha256_file(ner / WEIBO), "sentences_trained": len(rows),
                      "label_map": "X.NAM -> X, GPE.NAM -> LOC, NOM -> O"})
    return train, held, files


def featurised(sentences):
    """Yield (items, tags) per tagging sentence, exactly as the tagger cuts and featurises text."""
    batch = 2000  # sentences per jieba call: whole-text keys, bounded memory
    for b in range(0, len(sentences), batch):
        chunk = sentences[b:b + batch]
        text = "\n".join(t for t, _ in chunk)
        tags = []
        for t, tg in chunk:
            tags.extend(tg)
            tags.append("O")
        norm, spans, keys = nf.prepare(text)
        for s, e in spans:
            yield nf.as_items(keys[s:e]), tags[s:e]


def train(sentences, model_path: Path, params: dict, log=print) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    t0 = time.time()
    n = 0
    for xseq, yseq in featurised(sentences):
        # an entity cut by a sentence break starts again with B- in the next piece
        if yseq and yseq[0].startswith("I-"):
            yseq = ["B-" + yseq[0][2:]] + yseq[1:]
        trainer.append(xseq, yseq)
        n += 1
    log(f"features for {n} sequences in {time.time() - t0:.0f} s")
    trainer.set_params({k: v for k, v in params.items()})
    t0 = time.time()
    trainer.train(str(model_path))
    log(f"trained in {time.time() - t0:.0f} s")


def score(rec: Recogniser, gold_path: Path, scorer: Path, pred_path: Path) -> dict:
    """Write predictions for every gold sentence (one entity_spans call per sentence) and run the scorer."""
    sys.path.insert(0, str(scorer.parent))
    import score_ner  # noqa: E402

    texts, _ = score_ner.load_gold(str(gold_path))
    with pred_path.open("w", encoding="utf-8") as f:
        for i, text in enumerate(texts):
            spans = [[s.start, s.end, s.label] for s in rec.spans(text)]
            f.write(json.dumps({"sent": i, "spans": spans}, ensure_ascii=False) + "\n")
    out = subprocess.run([sys.executable, str(scorer), str(gold_path), str(pred_path), "--json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["scores"]


def write_bio(sentences, path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for text, tags in sentences:
            f.write("".join(f"{c}\t{t}\n" for c, t in zip(nf.normalise(text), tags)) + "\n")


def summary(scores: dict) -> dict:
    keep = lambda d: {k: round(d[k], 4) for k in ("P", "R", "F1", "relaxed_R")}  # noqa: E731
    return {t: keep(scores[t]) for t in ("overall", "PER", "LOC", "ORG")}


def print_scores(name: str, scores: dict) -> None:
    print(f"## {name}")
    print(f"{'type':8} {'gold':>6} {'pred':>6} {'P':>7} {'R':>7} {'F1':>7} {'relaxR':>7}")
    for t in ("PER", "LOC", "ORG", "overall"):
        d = scores[t]
        print(f"{t:8} {d['gold']:6d} {d['pred']:6d} {100 * d['P']:7.2f} {100 * d['R']:7.2f} {100 * d['F1']:7.2f} "
              f"{100 * d['relaxed_R']:7.2f}")


def evaluate(rec: Recogniser, ner: Path, held) -> dict:
    with tempfile.TemporaryDirectory(prefix="czlib-ner-") as tmp:
        tmp = Path(tmp)
        res = {"pd.dev": score(rec, ner / PD_DEV, ner / SCORER, tmp / "pd.dev.jsonl")}
        if held:
            write_bio(held, tmp / "held.bio")
            res["msra_held_out"] = score(rec, tmp / "held.bio", ner / SCORER, tmp / "held.jsonl")
    return res


def speed(rec: Recogniser, ner: Path) -> tuple[float, float]:
    """Characters per second (wall clock, CPU time of this process) of Recogniser.spans on pd.dev's
    text cut into 2,000-character documents (CPU time is the fair figure on a shared machine)."""
    sys.path.insert(0, str(ner))
    import score_ner  # noqa: E402

    texts, _ = score_ner.load_gold(str(ner / PD_DEV))
    text = "".join(texts)
    docs = [text[i:i + 2000] for i in range(0, len(text), 2000)]
    rec.spans(docs[0])
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(3):
        for d in docs:
            rec.spans(d)
    return 3 * len(text) / (time.perf_counter() - wall), 3 * len(text) / (time.process_time() - cpu)


def library_versions() -> dict:
    return {name: metadata.version(name) for name in ("python-crfsuite", "jieba")}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", action="store_true", help="score the shipped model (no training)")
    ap.add_argument("--speed", action="store_true", help="with --eval: also measure characters per second")
    ap.add_argument("--out", type=Path, default=MODEL_PATH.parent, help="folder for model.crfsuite + model.json")
    ap.add_argument("--extra", default="", help="comma-separated extra sources: cluener, weibo")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N MSRA sentences (tests)")
    ap.add_argument("--no-eval", action="store_true", help="do not score the trained model")
    ap.add_argument("--c1", type=float, default=DEFAULTS["c1"])
    ap.add_argument("--c2", type=float, default=DEFAULTS["c2"])
    ap.add_argument("--iterations", type=int, default=DEFAULTS["max_iterations"])
    ap.add_argument("--minfreq", type=float, default=DEFAULTS["feature.minfreq"])
    a = ap.parse_args(argv)

    ner = shared_ner_dir()
    if ner is None:
        print("train_ner: NER data not found at <repo>/../shared/ner or $CZLIB_SHARED/ner "
              "(see that folder's README.md)", file=sys.stderr)
        return 2
    extra = [x for x in a.extra.split(",") if x]
    unknown = set(extra) - {"cluener", "weibo"}
    if unknown:
        print(f"train_ner: unknown --extra {sorted(unknown)} (use cluener, weibo)", file=sys.stderr)
        return 2

    if a.eval:
        rec = Recogniser(MODEL_PATH, HEADER_PATH)
        _, held, _ = load_training(ner, [], None)
        res = evaluate(rec, ner, held)
        for name, sc in res.items():
            print_scores(name, sc)
        if a.speed:
            wall, cpu = speed(rec, ner)
            print(f"speed: {wall:,.0f} chars/s wall clock, {cpu:,.0f} chars per CPU second")
        return 0

    params = {"c1": a.c1, "c2": a.c2, "max_iterations": a.iterations, "feature.minfreq": a.minfreq,
              "feature.possible_transitions": True}
    sentences, held, files = load_training(ner, extra, a.limit)
    a.out.mkdir(parents=True, exist_ok=True)
    model_path = a.out / "model.crfsuite"
    train(sentences, model_path, params)
    header = {
        "model": "character CRF (python-crfsuite, L-BFGS) tagging B-/I- PER, LOC, ORG and O",
        "built_by": (f"python scripts/train_ner.py --c1 {a.c1} --c2 {a.c2} --iterations {a.iterations} "
                     f"--minfreq {a.minfreq}" + (f" --extra {a.extra}" if extra else "")
                     + (f" --limit {a.limit}" if a.limit else "")),
        "training_files": files,
        "normalisation": "NFKC per character when it yields one character; A-Z lower-cased",
        "feature_version": nf.FEATURE_VERSION,
        "feature_lexicons_sha256": nf.lexicon_fingerprint(),
        "features": "chars c-2..c2, bigrams b-2..b1, char-class trigram, jieba word position + POS "
                    "(jieba's own dictionary), POS of neighbouring chars, word (2-6 chars), "
                    "surname, org-suffix and country marks",
        "crfsuite_params": params,
        "versions": library_versions(),
        "model_bytes": model_path.stat().st_size,
        "model_sha256": sha256_file(model_path),
    }
    if not a.no_eval:
        rec = Recogniser(model_path)
        res = evaluate(rec, ner, held)
        for name, sc in res.items():
            print_scores(name, sc)
        header["scores"] = {name: summary(sc) for name, sc in res.items()}
    (a.out / "model.json").write_text(json.dumps(header, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {model_path} ({header['model_bytes'] / 1e6:.1f} MB) and model.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
