"""Do the numbers hold together?  Internal arithmetic checks over the claims table.

Sums (parts that should add up to a stated total), shares (percentages of one
whole), figures repeated across articles, and enumerations (三大产业: does the
text list three?).  These check a text against itself only, never against an
outside source.
"""
from __future__ import annotations

import re

import pandas as pd

from ...text.numerals import NumeralError, tidy
from .claims import article_texts, normalised_text
from .numeric_patterns import DECREASE_VERBS
from ...text.sentences import sentence_bounds
from .quantities import value_of, numeric_mentions

# ---------------------------------------------------------------------------
# Consistency checks
# ---------------------------------------------------------------------------

#: What each check compares.  All of them read the texts against themselves (internal arithmetic and logic);
#: none compares a figure with an outside source (a statistical yearbook, a government report).
CHECKS = (
    {"check": "parts and totals", "function": "check_sums",
     "compares": "parts with a total stated in the same or the next sentence", "outside_source": False},
    {"check": "lists announced by a number", "function": "check_enumerations",
     "compares": "a number (三大, 四梁八柱) with the items listed next to it", "outside_source": False},
    {"check": "shares", "function": "check_shares",
     "compares": "a percentage with the range 0–100 and with the part it is a share of", "outside_source": False},
    {"check": "repeated figures", "function": "repeated_figures",
     "compares": "a figure with the same figure elsewhere in the corpus", "outside_source": False},
)


def check_scope() -> pd.DataFrame:
    """The checks of this module, what each compares, and whether any uses an outside source (none does)."""
    return pd.DataFrame(list(CHECKS), columns=["check", "function", "compares", "outside_source"])


#: Units that count the same kind of thing, so parts in one may add up to a total in another.
PEOPLE_UNITS = {"人", "名", "位"}
COUNT_UNITS = {"个"}
#: A programme's label (12大基地, 三个一批): a number in a name, never a total or a part.
_LABEL_AFTER_RE = re.compile(r"^(?:个)?一批")


def is_programme_label(claim: pd.Series) -> bool:
    """Whether a claim is a programme's label: N大X (12大基地) or X个一批 (三个一批), a name not a count."""
    if claim["unit"] == "大":
        return True
    sentence, offset = claim.get("sentence"), claim.get("end", 0) - claim.get("sentence_start", 0)
    return isinstance(sentence, str) and bool(_LABEL_AFTER_RE.match(sentence[int(offset):]))


def _compatible(unit_a: str, unit_b: str) -> bool:
    return (unit_a == unit_b or (unit_a in PEOPLE_UNITS and unit_b in PEOPLE_UNITS)
            or (unit_a in COUNT_UNITS and unit_b in COUNT_UNITS))


def _fmt(value: float) -> str:
    return f"{value:,.10g}"


SUM_COLUMNS = ["doc_id", "article_id", "rule", "total_raw", "total_value", "unit", "parts_raw", "n_parts",
               "parts_sum", "difference", "status", "note", "sentence"]


def _sum_status(total: pd.Series, parts: list[pd.Series], exhaustive: bool) -> tuple[str, float]:
    parts_sum = tidy(sum(float(p["value"]) for p in parts))
    difference = tidy(float(total["value"]) - parts_sum)
    hedged = total["qualifier"] != "exact" or any(p["qualifier"] != "exact" for p in parts)
    if exhaustive and len(parts) >= 2:
        if difference == 0:
            return ("adds_up" if not hedged else "adds_up_within_hedges"), parts_sum
        if hedged and total["qualifier"] in ("more_than", "at_least", "approx") and difference > 0:
            return "adds_up_within_hedges", parts_sum
        return "does_not_add_up", parts_sum
    upper = float(total["value_max"]) if pd.notna(total["value_max"]) else float(total["value"])
    if total["qualifier"] in ("more_than", "at_least", "approx"):
        upper = float("inf")
    return ("within_total" if parts_sum <= upper else "exceeds_total"), parts_sum


def check_sums(claims: pd.DataFrame) -> pd.DataFrame:
    """Return one row per place where stated parts should add up to a stated total.

    Three rules, applied within an article:

    * ``其中`` (of which): parts after 其中 against the last claim in the same
      unit before it, in the same or the previous sentence
      (引进北京市科技成果82项 … 其中 30 + 38 + 3 + 11 项); a figure in a later
      clause of the 其中 part, in another unit than the figure just before
      其中, describes the subset and is no part (:func:`_of_which_parts`);
    * ``共`` (in all): a list of parts ending in 共/共计/合计/总计 against the
      first later claim in a compatible unit (3位…、2位…、6位…等共…500余名代表);
    * ``list``: a 、-separated list of claims in one unit with no stated total,
      checked against any claim of that value in the same or the next sentence
      (3个…、2个…、5个…、2个…基地 → “12大基地”).

    Programme labels (12大基地, 三个一批; :func:`is_programme_label`) are names:
    never a total or a part; a list whose sum equals a label nearby says so in
    its note and keeps status no_stated_total.

    Columns: doc_id, article_id, rule, total_raw, total_value, unit, parts_raw,
    n_parts, parts_sum, difference (total − parts), status (adds_up,
    adds_up_within_hedges, does_not_add_up, within_total, exceeds_total,
    no_stated_total), note, sentence.
    """
    rows: list[dict] = []
    if claims.empty:
        return pd.DataFrame(columns=SUM_COLUMNS)
    labelled = claims.apply(is_programme_label, axis=1).astype(bool)
    labels, claims = claims[labelled], claims[~labelled]
    for article_id, group in claims.groupby("article_id", sort=True):
        group = group.sort_values("start")
        sentences = list(dict.fromkeys(zip(group["sentence_start"], group["sentence"])))
        used: set[str] = set()
        for i, (s_start, sentence) in enumerate(sentences):
            in_sentence = group[group["sentence_start"] == s_start]
            # Rule 1: 其中
            marker = sentence.find("其中")
            if marker >= 0:
                parts = in_sentence[in_sentence["start"] - s_start > marker]
                before = in_sentence[in_sentence["start"] - s_start < marker]
                if before.empty and i > 0:
                    before = group[group["sentence_start"] == sentences[i - 1][0]]
                parts, described = _of_which_parts(parts, before, sentence, s_start)
                for unit in dict.fromkeys(parts["unit"]):
                    unit_parts = [p for _, p in parts.iterrows() if p["unit"] == unit]
                    totals = [t for _, t in before.iterrows() if _compatible(t["unit"], unit)]
                    if not totals:
                        continue
                    total = totals[-1]
                    status, parts_sum = _sum_status(total, unit_parts, exhaustive=len(unit_parts) >= 2)
                    note = ""
                    if described and unit == parts["unit"].iloc[0]:
                        note = ("not a part of an earlier total: " + ", ".join(described)
                                + " (a figure about the subset after 其中)")
                    rows.append(_sum_row(total, unit_parts, "其中 (of which)", status, parts_sum, note, sentence))
                    used.update(p["claim_id"] for p in unit_parts)
                    used.add(total["claim_id"])
            # Rule 2: … 等共 N
            for _, total in in_sentence.iterrows():
                offset = total["start"] - s_start
                lead = sentence[max(0, offset - 3):offset]
                if not re.search(r"(共|共计|合计|总计)$", lead.rstrip()):
                    continue
                cut = offset - len(lead) + lead.rfind("共" if "共" in lead else lead.rstrip()[-2:])
                earlier = in_sentence[(in_sentence["start"] - s_start) < cut]
                later = in_sentence[(in_sentence["start"] - s_start) >= offset]
                if earlier.empty:
                    continue
                non_exhaustive = "等" in sentence[max(0, cut - 2):cut + 1]
                for _, candidate in later.iterrows():
                    parts = [p for _, p in earlier.iterrows() if _compatible(p["unit"], candidate["unit"])]
                    if not parts:
                        continue
                    left_out = [p["raw"] for _, p in earlier.iterrows() if p["claim_id"] not in
                                {q["claim_id"] for q in parts}]
                    note = ("list ends in 等 (etc.): not exhaustive" if non_exhaustive else "")
                    if left_out:
                        note = "; ".join(filter(None, [note, "not comparable: " + ", ".join(left_out)]))
                    status, parts_sum = _sum_status(candidate, parts, exhaustive=not non_exhaustive)
                    rows.append(_sum_row(candidate, parts, "共 (in all)", status, parts_sum, note, sentence))
                    used.update(p["claim_id"] for _, p in earlier.iterrows())
                    used.add(candidate["claim_id"])
                    break
            # Rule 3: 、-separated lists in one unit
            run: list[pd.Series] = []
            for _, claim in list(in_sentence.iterrows()) + [(None, None)]:
                if claim is not None and claim["claim_id"] not in used and run and claim["unit"] == run[-1]["unit"] \
                        and "、" in sentence[run[-1]["end"] - s_start:claim["start"] - s_start] \
                        and not re.search(r"[,;:]", sentence[run[-1]["end"] - s_start:claim["start"] - s_start]):
                    run.append(claim)
                    continue
                if len(run) >= 2:
                    rows.append(_list_row(run, group, sentences, i, sentence,
                                          labels[labels["article_id"] == article_id]))
                run = [claim] if claim is not None and claim["claim_id"] not in used else []
    table = pd.DataFrame(rows, columns=SUM_COLUMNS)
    return table.sort_values(["doc_id", "article_id"], kind="stable").reset_index(drop=True)


def _of_which_parts(parts: pd.DataFrame, before: pd.DataFrame, sentence: str,
                    s_start: int) -> tuple[pd.DataFrame, list[str]]:
    """The figures after 其中 that are parts of an earlier total, and those that only describe the subset.

    其中 picks a subset of something counted before it, and its first figure says which (其中……30场: of
    the events).  The clause of that first figure (up to the next comma) holds parts (其中A 30家、B 800人);
    a later clause is a part only in the first figure's unit (其中,A 30项,B 38项).  In
    举办活动500余场,其中……30场精品活动,覆盖群体逾18万人次 the 18万 person-visits are what the 30 events
    reached, not a subset of the visitors counted earlier in that unit.
    """
    if parts.empty or before.empty:
        return parts, []
    first = parts.sort_values("start").iloc[0]
    first_unit = first["unit"]
    first_end = int(first["end"]) - s_start
    m = re.search(r"[,;]", sentence[first_end:])
    clause_end = first_end + m.start() if m else len(sentence)
    keep = [(p["start"] - s_start < clause_end) or _compatible(p["unit"], first_unit)
            for _, p in parts.iterrows()]
    keep = pd.Series(keep, index=parts.index)
    return parts[keep], list(parts.loc[~keep, "raw"])


def _sum_row(total: pd.Series, parts: list[pd.Series], rule: str, status: str, parts_sum: float,
             note: str, sentence: str) -> dict:
    return {
        "doc_id": total["doc_id"], "article_id": total["article_id"], "rule": rule,
        "total_raw": total["raw"], "total_value": total["value"], "unit": total["unit"],
        "parts_raw": " + ".join(p["raw"] for p in parts), "n_parts": len(parts), "parts_sum": parts_sum,
        "difference": tidy(float(total["value"]) - parts_sum), "status": status, "note": note,
        "sentence": sentence,
    }


def _list_row(run: list[pd.Series], group: pd.DataFrame, sentences: list, i: int, sentence: str,
              labels: pd.DataFrame) -> dict:
    parts_sum = tidy(sum(float(p["value"]) for p in run))
    nearby_starts = {sentences[i][0]} | ({sentences[i + 1][0]} if i + 1 < len(sentences) else set())
    run_ids = {p["claim_id"] for p in run}
    for _, candidate in group[group["sentence_start"].isin(nearby_starts)].iterrows():
        if candidate["claim_id"] in run_ids or candidate["start"] < run[-1]["end"]:
            continue
        if _compatible(candidate["unit"], run[0]["unit"]) and float(candidate["value"]) == parts_sum:
            row = _sum_row(candidate, run, "list", "adds_up", parts_sum,
                           "total stated nearby, not announced as a sum", sentence)
            return row
    first = run[0]
    s_start = sentences[i][0]
    near = labels[(labels["start"] >= run[-1]["end"]) & (labels["sentence_start"] <= s_start + len(sentence) + 2)]
    named = [lab["raw"] for _, lab in near.iterrows() if float(lab["value"]) == parts_sum]
    note = (f"the programme label {named[0]} nearby has this number: a name, not a stated total" if named else "")
    return {
        "doc_id": first["doc_id"], "article_id": first["article_id"], "rule": "list", "total_raw": "",
        "total_value": None, "unit": first["unit"], "parts_raw": " + ".join(p["raw"] for p in run),
        "n_parts": len(run), "parts_sum": parts_sum, "difference": None, "status": "no_stated_total",
        "note": note, "sentence": sentence,
    }


SHARE_COLUMNS = ["claim_id", "doc_id", "article_id", "raw", "value", "value_max", "qualifier", "category",
                 "subject", "in_range", "status", "implied_whole", "implied_whole_unit",
                 "implied_whole_qualifier", "sentence"]
_IMPLIED_QUALIFIER = {"exact": "approx", "approx": "approx", "less_than": "more_than",
                      "more_than": "less_than", "at_least": "at_most", "at_most": "at_least", "range": "range"}


def check_shares(claims: pd.DataFrame) -> pd.DataFrame:
    """Return one row per percentage claim, checked for range and, where the
    sentence gives the part, the whole it implies.

    A share (占全省的90%, 透光率94%) must lie in 0–100; a decrease (压减85%)
    cannot exceed 100; an increase may.  When a share follows a figure in the
    same sentence (潞党参栽培面积3.59万亩,占全省的90%), the implied whole is
    part ÷ share (≈ 39,889 亩 for the province); a hedged share turns the
    whole's bound around (不到…的1/10 → the whole is more than 359,000 亩).
    Columns: claim_id, doc_id, article_id, raw, value, value_max, qualifier,
    category, subject, in_range, status, implied_whole, implied_whole_unit,
    implied_whole_qualifier, sentence.
    """
    rows = []
    if claims.empty:
        return pd.DataFrame(columns=SHARE_COLUMNS)
    for _, claim in claims[claims["unit"] == "%"].iterrows():
        value = float(claim["value"])
        high = float(claim["value_max"]) if pd.notna(claim["value_max"]) else value
        decrease = claim["category"] == "change" and any(
            v in claim["sentence"][max(0, claim["start"] - claim["sentence_start"] - 6):
                                   claim["start"] - claim["sentence_start"]] for v in DECREASE_VERBS)
        if claim["category"] == "share" or decrease:
            in_range = 0 <= value and high <= 100
        else:
            in_range = value >= 0
        whole = whole_unit = whole_q = None
        same = claims[(claims["article_id"] == claim["article_id"])
                      & (claims["sentence_start"] == claim["sentence_start"])
                      & (claims["start"] < claim["start"]) & (claims["unit"] != "%")]
        offset = claim["start"] - claim["sentence_start"]
        if claim["category"] == "share" and not same.empty and value > 0 and (
                str(claim["subject"]).startswith("占") or claim["sentence"][max(0, offset - 1):offset] == "的"):
            part = same.iloc[-1]
            whole = tidy(float(part["value"]) * 100 / value)
            whole_unit = part["unit"]
            whole_q = _IMPLIED_QUALIFIER.get(claim["qualifier"], "approx")
        rows.append({
            "claim_id": claim["claim_id"], "doc_id": claim["doc_id"], "article_id": claim["article_id"],
            "raw": claim["raw"], "value": claim["value"], "value_max": claim["value_max"],
            "qualifier": claim["qualifier"], "category": claim["category"], "subject": claim["subject"],
            "in_range": bool(in_range), "status": "ok" if in_range else "out_of_range",
            "implied_whole": whole, "implied_whole_unit": whole_unit or "", "implied_whole_qualifier": whole_q or "",
            "sentence": claim["sentence"],
        })
    return pd.DataFrame(rows, columns=SHARE_COLUMNS)


REPEAT_COLUMNS = ["figure", "value", "value_max", "unit", "n_occurrences", "n_articles", "n_docs",
                  "same_subject", "claim_id", "doc_id", "article_id", "raw", "subject", "sentence"]


def repeated_figures(claims: pd.DataFrame, min_value: float = 10) -> pd.DataFrame:
    """Return the figures (value, range and unit) stated more than once.

    Small counts repeat by chance (3项, 5项), so figures below ``min_value``
    are left out.  A figure repeated with the same subject across articles is
    a talking point; with different subjects it may be two ways of counting
    one thing (10名专家 / 10名企业科技特派员).  One row per occurrence:
    figure, value, value_max, unit, n_occurrences, n_articles, n_docs,
    same_subject, claim_id, doc_id, article_id, raw, subject, sentence.
    Sorted by n_occurrences (descending), then value.
    """
    if claims.empty:
        return pd.DataFrame(columns=REPEAT_COLUMNS)
    table = claims[claims["value"].astype(float) >= min_value].copy()
    table["value_max_key"] = table["value_max"].astype(float).fillna(-1)
    keys = ["value", "value_max_key", "unit"]
    counts = table.groupby(keys, dropna=False)["claim_id"].transform("count")
    table = table[counts >= 2].copy()
    if table.empty:
        return pd.DataFrame(columns=REPEAT_COLUMNS)
    grouped = table.groupby(keys, dropna=False)
    table["n_occurrences"] = grouped["claim_id"].transform("count")
    table["n_articles"] = grouped["article_id"].transform("nunique")
    table["n_docs"] = grouped["doc_id"].transform("nunique")
    table["same_subject"] = grouped["subject"].transform("nunique") == 1
    table["figure"] = [
        (_fmt(v) + (f"–{_fmt(m)}" if pd.notna(m) else "") + f" {u}")
        for v, m, u in zip(table["value"], table["value_max"], table["unit"])
    ]
    table = table.sort_values(["n_occurrences", "value", "unit", "doc_id", "article_id", "start"],
                              ascending=[False, True, True, True, True, True], kind="stable")
    return table[REPEAT_COLUMNS].reset_index(drop=True)


ENUM_COLUMNS = ["doc_id", "article_id", "field", "label", "announced", "listed", "non_exhaustive", "status",
                "items", "context"]
_LABEL_NUMERAL = "两双三四五六七八九十"
#: Counting words whose small numbers may announce a list (三大产业, 10个领域, 三措并举).
ENUM_UNITS = {"大", "个", "项", "种", "类", "条", "家", "所", "位", "名"}


def _label_parts(content: str) -> list[tuple[int, str]]:
    """(number, item) pairs of a slogan label: 四梁八柱 → [(4, 梁), (8, 柱)]; [] if not a label."""
    if content.startswith("双向"):
        return []  # 双向奔赴 "two-way": an adverb, not a count
    pairs = re.findall(rf"([{_LABEL_NUMERAL}]+|\d+)([^{_LABEL_NUMERAL}\d一]+)", content)
    if not pairs or "".join(n + i for n, i in pairs) != content:
        return []
    result = []
    for number, item in pairs:
        if len(item) > 3 or re.search(r"(后|届|年|月|日)$", item):
            return []
        try:
            value = 2 if number == "双" else value_of(number)
        except NumeralError:
            return []
        result.append((int(value), item))
    return result


def _list_before(text: str, pos: int) -> tuple[list[str], bool] | None:
    """Items of a 、-list that ends right before ``pos`` (聚焦A、B、C三大…), if any."""
    j = pos
    opened = j > 0 and text[j - 1] == "“"
    if opened:
        j -= 1
    stripped = ""
    while j > 0 and text[j - 1] in "的等共 ":
        stripped += text[j - 1]
        j -= 1
    if opened and not stripped and not (j > 0 and text[j - 1] == "”"):
        return None  # 建设“12大基地”: a quotation opened after a verb, not a list
    non_exhaustive = "等" in stripped
    if j > 0 and text[j - 1] == "”":
        k = text.rfind("“", 0, j - 1)
        inner = text[k + 1:j - 1] if k >= 0 else ""
    else:
        k = j
        while k > 0 and text[k - 1] not in ",。;:!?\n“”《》":
            k -= 1
        inner = text[k:j]
    items = [item.strip() for item in inner.split("、") if item.strip()]
    if any(re.search(r"\d", item) for item in items):
        return None  # a list of figures is a sum, checked by check_sums
    if len(items) >= 2 or (non_exhaustive and len(items) == 1):
        return items, non_exhaustive
    return None


def _list_after(text: str, end: int) -> tuple[list[str], bool] | None:
    """Items of a list announced right after a label: “四梁”:A、B、C、D;"""
    m = re.match(r"”?\s*(?::|,?即)\s*", text[end:end + 6])
    if not m:
        return None
    start = end + m.end()
    stop = start
    while stop < len(text) and text[stop] not in ";。\n“":
        stop += 1
    items = [item.strip() for item in text[start:stop].split("、") if item.strip()]
    if len(items) >= 2 and not any(re.search(r"\d", item) for item in items):
        return items, False
    return None


def _enum_status(announced: int, listed: int | None, non_exhaustive: bool) -> str:
    if listed is None:
        return "not_enumerated"
    if listed == announced:
        return "matches"
    if non_exhaustive and listed < announced:
        return "partial"
    return "mismatch"


def check_enumerations(articles: pd.DataFrame) -> pd.DataFrame:
    """Return one row per number that announces a list, with the list it announces.

    Labels are small counts that name a set (聚焦新材料、节能环保、生物医药三大战略性
    新兴产业; “转化、链接、集聚”三措并举; 项目涉及…等10个领域) and slogans made of
    numbers (“四梁八柱” = four beams and eight pillars, “双联双引”).  The list is
    read right before the label, or after it when a colon or 即 follows
    (“四梁”:A、B、C、D).  A compound slogan matches when each of its parts is
    enumerated elsewhere in the article.  Columns: doc_id, article_id, field
    (text or title), label, announced, listed, non_exhaustive (the list ends in
    等), status (matches, mismatch, partial, not_enumerated), items (joined by
    " | "), context (the sentence).
    """
    article_texts(articles)  # validates the table
    rows: list[dict] = []
    fields = [f for f in ("title", "text") if f in articles.columns]
    for article in articles.itertuples(index=False):
        article_rows: list[dict] = []
        compounds: list[dict] = []
        for field in fields:
            text = getattr(article, field)
            if not isinstance(text, str) or not text:
                continue
            text = normalised_text(text, article.article_id)
            labels: list[tuple[int, int, str, int, bool, list]] = []  # start, end, label, announced, quoted, parts
            for m in re.finditer(r"“([^“”\n]{2,8})”", text):
                parts = _label_parts(m.group(1))
                if parts:
                    labels.append((m.start(), m.end(), m.group(1), sum(n for n, _ in parts), True, parts))
            quoted_spans = [(s, e) for s, e, *_ in labels]
            for m in re.finditer(rf"([{_LABEL_NUMERAL}]|\d+)措", text):
                labels.append((m.start(), m.end(), m.group(), int(value_of(m.group(1))), False, []))
            for mention in numeric_mentions(text):
                if mention["kind"] != "claim" or mention.get("measure") not in ENUM_UNITS:
                    continue
                if mention["qualifier"] != "exact" or not 2 <= float(mention["value"]) <= 30:
                    continue
                if any(s <= mention["start"] and mention["end"] <= e for s, e in quoted_spans):
                    continue
                labels.append((mention["start"], mention["end"], mention["raw"], int(mention["value"]), False, []))
            for start, end, label, announced, quoted, parts in sorted(labels, key=lambda t: t[0]):
                found = _list_after(text, end) if quoted else None
                found = found or _list_before(text, start + 1 if quoted else start)
                if found is None and not quoted and not label.endswith("大"):
                    continue
                items, non_exhaustive = found if found else ([], False)
                s_start, s_end = sentence_bounds(text, start)
                row = {
                    "doc_id": article.doc_id, "article_id": article.article_id, "field": field,
                    "label": label, "announced": announced, "listed": len(items) if found else None,
                    "non_exhaustive": non_exhaustive,
                    "status": _enum_status(announced, len(items) if found else None, non_exhaustive),
                    "items": " | ".join(items), "context": text[s_start:s_end],
                }
                article_rows.append(row)
                if quoted and len(parts) >= 2 and found is None:
                    compounds.append({"row": row, "parts": parts})
        # A compound slogan (四梁八柱) is enumerated when each part (四梁, 八柱) is.
        by_label = {r["label"]: r for r in article_rows if r["listed"] is not None}
        for compound in compounds:
            sub = [by_label.get(f"{_chinese_label_number(n, compound['row']['label'], item)}{item}")
                   for n, item in compound["parts"]]
            if all(sub):
                row = compound["row"]
                row["listed"] = sum(r["listed"] for r in sub)
                row["status"] = ("matches" if all(r["status"] == "matches" for r in sub) else "mismatch")
                row["items"] = " || ".join(f"{r['label']}: {r['items']}" for r in sub)
        rows.extend(article_rows)
    table = pd.DataFrame(rows, columns=ENUM_COLUMNS)
    table["listed"] = table["listed"].astype("Int64")
    return table.reset_index(drop=True)


def _chinese_label_number(number: int, label: str, item: str) -> str:
    """The numeral as written in ``label`` before ``item`` (四 in 四梁八柱)."""
    m = re.search(rf"([{_LABEL_NUMERAL}]+|\d+){re.escape(item)}", label)
    return m.group(1) if m else str(number)

