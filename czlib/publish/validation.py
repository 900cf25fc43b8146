"""Validation as a feature: draw extracted rows for hand-checking, and measure precision and recall from the sheets.

Why: the extractors are rules, and a reader of the notebooks will ask how often
they are right on *this* corpus.  The answer is a hand-checked sample, kept as a
sheet beside the corpus (``corpus/validation/``), from which the notebooks read
the precision with its uncertainty.

* :func:`validation_sample` draws ``n`` rows of the actors, quotes, claims or
  superlatives table (random with a fixed seed, optionally stratified by a
  column) with the sentence each comes from, and blank ``correct`` (1/0) and
  ``note`` columns for the checker.
* :func:`recall_sample` draws sentences of the articles, lists what the
  extractor found in each, and leaves columns for what it got wrong and what it
  missed (``wrong``, ``missed``: the missed spans, ``|``-separated).
* :func:`write_sheet` writes either as an Excel-ready CSV (UTF-8 with a
  byte-order mark, so Excel shows the Chinese); ``czlib validate sample|recall``
  does both from the command line.
* :func:`validation_report` reads filled sheets and gives precision per kind
  (and recall per table where a recall sheet is filled) with a Wilson 95 %
  score interval (:func:`wilson_interval`), the interval recommended for
  proportions from small samples (Brown, Cai & DasGupta 2001).  Rows whose
  ``correct`` is blank are not counted.

The two formulas (Wilson's interval here, Benjamini–Hochberg in
``czlib.analysis.stats.keyness``) are written out rather than taken from SciPy, which
czlib does not otherwise need; the tests check them against published values.
"""
from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Iterable

import pandas as pd

#: The tables a sample can be drawn from: the column that gives a row's kind, its span, and the fields shown.
TABLES = {
    "actors": {"kind": "kind", "span": ("start", "end"),
               "shown": ("name", "canonical", "type", "role", "role_type", "affiliation")},
    "claims": {"kind": "category", "span": ("start", "end"),
               "shown": ("raw", "value", "value_max", "unit", "qualifier", "subject", "modality")},
    "quotes": {"kind": "kind", "span": ("quote_start", "quote_end"),
               "shown": ("speaker", "speaker_role", "cue", "quote")},
    "superlatives": {"kind": "kind", "span": ("start", "end"), "shown": ("phrase", "scope", "scope_level", "subject")},
}
SHEET_COLUMNS = ["table", "row_id", "doc_id", "article_id", "kind", "span", "start", "end", "extracted", "sentence",
                 "correct", "note"]
RECALL_COLUMNS = ["table", "row_id", "doc_id", "article_id", "sentence_start", "sentence", "found", "n_found",
                  "checked", "wrong", "missed", "note"]
REPORT_COLUMNS = ["table", "measure", "kind", "checked", "correct", "estimate", "ci_low", "ci_high"]
#: The z of a two-sided 95 % interval (the normal quantile at 0.975).
Z95 = 1.959963984540054


class ValidationSheetError(ValueError):
    """A sheet that cannot be read as a validation sheet (the message names the file and what to do)."""


def wilson_interval(correct: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for ``correct`` successes of ``n`` (no continuity correction); (nan, nan) if n == 0."""
    if n <= 0:
        return math.nan, math.nan
    if not 0 <= correct <= n:
        raise ValueError(f"wilson_interval: correct must lie in 0..{n}, got {correct}")
    p = correct / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    low, high = max(0.0, centre - half), min(1.0, centre + half)
    return (0.0 if correct == 0 else low), (1.0 if correct == n else high)


def _table(table: str, tables_dir) -> tuple[pd.DataFrame, pd.DataFrame]:
    from ..storage import read_table

    if table not in TABLES:
        raise ValueError(f"validation: no sample from table {table!r}; choose one of {', '.join(TABLES)}")
    return (read_table(table, tables_dir=tables_dir),
            read_table("articles", columns=["doc_id", "article_id", "text"], tables_dir=tables_dir))


def _draw(rows: pd.DataFrame, n: int, seed: int, stratify: str | None) -> pd.DataFrame:
    """``n`` rows at random (all if fewer); stratified: each group's share of ``n``, at least one per group."""
    if n <= 0:
        raise ValueError(f"validation: n must be positive, got {n}")
    if len(rows) <= n:
        return rows
    if stratify is None:
        return rows.sample(n=n, random_state=seed)
    if stratify not in rows.columns:
        raise ValueError(f"validation: cannot stratify by {stratify!r}: the table has no such column")
    groups = rows.groupby(rows[stratify].fillna(""), sort=True)
    quota = {key: max(1, round(n * len(g) / len(rows))) for key, g in groups}
    return pd.concat([g.sample(n=min(len(g), quota[key]), random_state=seed) for key, g in groups])


def _fields(row: pd.Series, names: Iterable[str]) -> str:
    """'name=value; …' of the fields a checker judges (empty ones left out)."""
    out = []
    for name in names:
        value = row.get(name)
        if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        out.append(f"{name}={value}")
    return "; ".join(out)


def validation_sample(table: str, n: int, *, seed: int, stratify: str | None = None,
                      tables_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Draw ``n`` rows of ``table`` (actors, quotes, claims, superlatives) with their sentences, for hand-checking.

    Rows are drawn with ``DataFrame.sample(random_state=seed)`` (stratified by
    column ``stratify``: each group in proportion, at least one row) from the
    tables in ``tables_dir`` (default ``config.TABLES_DIR``), and listed in
    article order.  Columns (:data:`SHEET_COLUMNS`): table, row_id (article_id:start:end, stable across runs of
    the same tables), doc_id, article_id, kind, span (the text as extracted),
    start, end, extracted (the fields to judge), sentence (the sentence around
    the span, as ``evidence_sentences`` cuts it), and blank correct and note.
    """
    from ..analysis.stats.concordance import evidence_sentences

    rows, articles = _table(table, tables_dir)
    spec = TABLES[table]
    a, b = spec["span"]
    rows = rows.dropna(subset=[a, b])
    drawn = _draw(rows, n, seed, stratify).sort_values(["doc_id", "article_id", a], kind="stable")
    if drawn.empty:
        return pd.DataFrame(columns=SHEET_COLUMNS)
    spans = pd.DataFrame({"article_id": drawn["article_id"].to_numpy(), "start": drawn[a].astype(int).to_numpy(),
                          "end": drawn[b].astype(int).to_numpy()})
    evidence = evidence_sentences(articles, spans, max_chars=240)
    return pd.DataFrame({
        "table": table,
        "row_id": [f"{r.article_id}:{r.start}:{r.end}" for r in spans.itertuples()],
        "doc_id": drawn["doc_id"].to_numpy(), "article_id": spans["article_id"],
        "kind": drawn[spec["kind"]].fillna("").to_numpy(), "span": evidence["match"].to_numpy(),
        "start": spans["start"], "end": spans["end"],
        "extracted": [_fields(r, spec["shown"]) for _, r in drawn.iterrows()],
        "sentence": evidence["sentence"].to_numpy(), "correct": "", "note": ""}, columns=SHEET_COLUMNS)


def recall_sample(table: str, n: int, *, seed: int, tables_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Draw ``n`` sentences of the articles, each with what ``table`` found in it, for a recall check.

    The checker reads each sentence, sets ``checked`` to 1, counts the found
    spans that are wrong in ``wrong`` and writes each span the extractor missed
    in ``missed`` (``|``-separated).  Columns: :data:`RECALL_COLUMNS`.
    """
    from ..text.segmentation.segment import split_sentences

    rows, articles = _table(table, tables_dir)
    a, b = TABLES[table]["span"]
    sentences = [(r.doc_id, r.article_id, s, e, r.text[s:e]) for r in articles.itertuples()
                 for s, e in split_sentences(r.text) if r.text[s:e].strip()]
    frame = pd.DataFrame(sentences, columns=["doc_id", "article_id", "sentence_start", "end", "sentence"])
    drawn = _draw(frame, n, seed, None).sort_values(["doc_id", "article_id", "sentence_start"], kind="stable")
    found = []
    for r in drawn.itertuples():
        inside = rows[(rows["article_id"] == r.article_id) & (rows[a] >= r.sentence_start) & (rows[a] < r.end)]
        text = articles.loc[articles["article_id"] == r.article_id, "text"].iloc[0]
        found.append([text[int(x):int(y)] for x, y in zip(inside[a], inside[b])])
    return pd.DataFrame({
        "table": table, "row_id": [f"{r.article_id}:{r.sentence_start}" for r in drawn.itertuples()],
        "doc_id": drawn["doc_id"].to_numpy(), "article_id": drawn["article_id"].to_numpy(),
        "sentence_start": drawn["sentence_start"].to_numpy(), "sentence": drawn["sentence"].to_numpy(),
        "found": [" | ".join(f) for f in found], "n_found": [len(f) for f in found],
        "checked": "", "wrong": "", "missed": "", "note": ""}, columns=RECALL_COLUMNS)


def write_sheet(sheet: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write a sheet as CSV, UTF-8 with a byte-order mark (Excel shows the Chinese); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    return path


def read_sheet(path: str | os.PathLike) -> pd.DataFrame:
    """Read a sheet written by :func:`write_sheet` (and filled in by hand)."""
    path = Path(path)
    try:
        sheet = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValidationSheetError(f"{path}: no such sheet; write one with `czlib validate sample`") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ValidationSheetError(f"{path}: not a CSV sheet ({str(exc).splitlines()[0]}); "
                                   "save it from Excel as CSV UTF-8") from None
    if not ({"table", "correct"} <= set(sheet.columns) or {"table", "missed", "checked"} <= set(sheet.columns)):
        raise ValidationSheetError(f"{path}: not a validation sheet (it needs the columns table and correct, or "
                                   "table, checked and missed); write one with `czlib validate sample`")
    sheet.attrs["path"] = str(path)
    return sheet


def _flag(values: pd.Series, name: str, where: str) -> pd.Series:
    """0/1 of a filled column (blank → NA); anything else is an error naming the sheet."""
    text = values.fillna("").astype(str).str.strip()
    bad = sorted(set(text) - {"", "0", "1", "0.0", "1.0"})
    if bad:
        raise ValidationSheetError(f"{where}: column {name} holds {bad[:3]}; write 1 (right), 0 (wrong) "
                                   "or leave it blank (not checked)")
    return pd.to_numeric(text.replace("", pd.NA)).astype("Int64")


def _row(table: str, measure: str, kind: str, checked: int, correct: int) -> dict:
    low, high = wilson_interval(correct, checked)
    return {"table": table, "measure": measure, "kind": kind, "checked": checked, "correct": correct,
            "estimate": correct / checked if checked else math.nan, "ci_low": low, "ci_high": high}


def validation_report(sheet: pd.DataFrame | str | os.PathLike) -> pd.DataFrame:
    """Precision per kind (and over all kinds) from a filled sample sheet, or recall from a filled recall sheet.

    Precision: of the rows with ``correct`` filled, the share marked 1, per
    ``kind`` and for "all".  Recall: over the rows with ``checked`` = 1, the
    found spans that are right (n_found − wrong) out of those plus the spans
    written in ``missed``; the interval treats spans as independent, which
    spans of one sentence are not quite.  Columns: :data:`REPORT_COLUMNS`
    (estimate, ci_low and ci_high: the Wilson 95 % interval).
    """
    if not isinstance(sheet, pd.DataFrame):
        sheet = read_sheet(sheet)
    where = sheet.attrs.get("path", "the sheet")
    rows = []
    if "correct" in sheet.columns:
        flags = _flag(sheet["correct"], "correct", where)
        done = sheet.assign(correct=flags)[flags.notna()]
        for table, by_table in done.groupby("table", sort=True):
            for kind, group in by_table.groupby(by_table["kind"].fillna(""), sort=True):
                rows.append(_row(table, "precision", kind, len(group), int(group["correct"].sum())))
            if by_table["kind"].nunique() > 1:
                rows.append(_row(table, "precision", "all", len(by_table), int(by_table["correct"].sum())))
    if "missed" in sheet.columns:
        checked = _flag(sheet["checked"], "checked", where)
        done = sheet[checked.fillna(0).astype(int) == 1]
        wrong = pd.to_numeric(done["wrong"].replace("", "0"), errors="coerce")
        n_found = pd.to_numeric(done["n_found"], errors="coerce")
        if wrong.isna().any() or n_found.isna().any():
            raise ValidationSheetError(f"{where}: columns wrong and n_found must be whole numbers (blank wrong = 0)")
        missed = done["missed"].fillna("").map(lambda s: len([x for x in s.split("|") if x.strip()]))
        for table, idx in done.groupby("table", sort=True).groups.items():
            right = int((n_found[idx] - wrong[idx]).sum())
            rows.append(_row(table, "recall", "all", right + int(missed[idx].sum()), right))
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


def shipped_report(folder: str | os.PathLike) -> pd.DataFrame:
    """The report of every sheet (``*.csv``) in a corpus's validation folder; empty if it has none."""
    folder = Path(folder)
    sheets = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    reports = [validation_report(path) for path in sheets]
    reports = [r for r in reports if not r.empty]
    return pd.concat(reports, ignore_index=True) if reports else pd.DataFrame(columns=REPORT_COLUMNS)


def format_interval(row) -> str:
    """'0.90 [0.77, 0.96], 36 of 40 right' for a precision row ('… found' for recall)."""
    verb = "found" if row.get("measure") == "recall" else "right"
    return (f"{row['estimate']:.2f} [{row['ci_low']:.2f}, {row['ci_high']:.2f}], "
            f"{int(row['correct'])} of {int(row['checked'])} {verb}")


# --- the command line: czlib validate sample|recall|report ------------------------------------

def add_arguments(parser) -> None:
    """The options of ``czlib validate`` (the cli module calls this, as it does for build)."""
    sub = parser.add_subparsers(dest="action", required=True)
    for action, text in (("sample", "draw rows of a table with their sentences, for hand-checking precision"),
                         ("recall", "draw sentences with what a table found in them, for a recall check")):
        p = sub.add_parser(action, help=text)
        p.add_argument("table", choices=sorted(TABLES))
        p.add_argument("--n", type=int, default=100, help="rows (sentences) to draw (default 100)")
        p.add_argument("--seed", type=int, required=True, help="random seed (keep it with the sheet)")
        if action == "sample":
            p.add_argument("--stratify", default=None, help="a column to draw from in proportion (e.g. kind)")
        p.add_argument("--tables", default=None, help="the tables folder (default: build/tables)")
        p.add_argument("--out", required=True, help="the sheet to write (CSV, opens in Excel)")
    p = sub.add_parser("report", help="precision (and recall) with Wilson 95 %% intervals from filled sheets")
    p.add_argument("sheets", nargs="+")


def run(args) -> int:
    """Run ``czlib validate``; return the exit code."""
    if args.action == "report":
        report = pd.concat([validation_report(path) for path in args.sheets], ignore_index=True)
        if report.empty:
            print("czlib validate: no filled rows yet (fill correct with 1 or 0, or checked/missed)")
            return 0
        for _, row in report.iterrows():
            print(f"{row['table']}\t{row['measure']}\t{row['kind'] or '(none)'}\t{format_interval(row)}")
        return 0
    tables_dir = Path(args.tables) if args.tables else None
    if args.action == "sample":
        sheet = validation_sample(args.table, args.n, seed=args.seed, stratify=args.stratify, tables_dir=tables_dir)
    else:
        sheet = recall_sample(args.table, args.n, seed=args.seed, tables_dir=tables_dir)
    path = write_sheet(sheet, args.out)
    print(f"czlib validate: wrote {len(sheet)} rows to {path}; fill "
          + ("correct (1/0) and note" if args.action == "sample" else "checked, wrong and missed"))
    return 0
