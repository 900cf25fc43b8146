"""The table set on disk: Parquet for every table, CSV beside the small ones, written as one set.

Why: a researcher's corpus has 10⁵–10⁶ articles, so rows are streamed to the
files batch by batch (memory does not grow with the corpus), and the set is
written into a staging folder beside the output folder and swapped in with
one atomic rename, so a failed or killed run leaves the previous set or the
new one, never a mix.  Parquet (pyarrow) keeps types and lets a notebook read
only the columns and documents it needs (:func:`read_table`); the CSV copies
are for opening the small tables directly, in a spreadsheet too: they are
UTF-8 with a byte-order mark (``utf-8-sig``), which Excel needs to show
Chinese instead of mojibake and which pandas (``read_csv``), R (readr) and
Python's ``csv`` module with ``encoding="utf-8-sig"`` read as plain UTF-8.
The token table is Parquet only,
one row group per batch of whole documents, sorted by document, with its ids
dictionary-encoded and without ``end`` (it is ``start`` + the token's length):
:func:`read_table` adds ``end`` back.

Files are deterministic: the same rows give byte-identical CSV and Parquet.

CSV cells are neutralised for spreadsheets (:func:`spreadsheet_safe`): corpus
text is scraped from the web, and a cell such as ``=HYPERLINK(...)`` or
``@SUM(1+1)*cmd|...`` would run as a formula in Excel or LibreOffice, so a text
cell starting with ``= + - @``, a tab or a carriage return gets a leading
single quote (OWASP's advice), and a carriage return inside a cell (which the
``csv`` module leaves unquoted, so it would end the row) is written as a line
break.  Numbers stay numbers, and the Parquet files keep every value as it is.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import pandas as pd

from . import config
from .manifest import MANIFEST, write_manifest

#: The tables of a set, in writing order: name -> what one row is.
TABLES = {
    "articles": "article",
    "cleaning_log": "cleaning decision",
    "tokens": "token",
    "actors": "mention of a person, organisation or place",
    "people": "person per article",
    "quotes": "quotation or paraphrase",
    "claims": "quantitative claim",
    "superlatives": "superlative or first (全省首家, 填补国内空白)",
    "dates": "date mention",
    "numeric_mentions": "numeric mention, with its kind",
}

#: Tables also written as CSV (UTF-8 with a byte-order mark, ``\n``), for opening directly (Excel too).
CSV_TABLES = ("articles", "cleaning_log", "actors", "people", "quotes", "claims", "superlatives", "dates",
              "numeric_mentions")

#: The CSV files' encoding: UTF-8 with a byte-order mark, so Excel opens the Chinese text as such.
CSV_ENCODING = "utf-8-sig"
#: What a spreadsheet reads as the start of a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Column types by name (everything else is a string).
_INT_COLUMNS = {"seq", "n_chars", "line_start", "line_end", "line", "start", "end",
                "speaker_start", "speaker_end", "quote_start", "quote_end", "sentence_start", "n_mentions",
                "first_start", "year", "month", "day"}
_FLOAT_COLUMNS = {"value", "value_max", "std_value", "std_value_max", "st_relevance"}
_BOOL_COLUMNS = {"content", "inside_changzhi", "invoked", "invoked_authority"}
_DICTIONARY_COLUMNS = {"tokens": {"doc_id", "article_id", "pos"}}
_DROPPED = {"tokens": ("end",)}


class TablesFolderError(ValueError):
    """The output folder holds files that are not czlib tables: replacing it would lose them."""


def _neutralised(values: pd.Series) -> pd.Series | None:
    """The text cells of a column with a quote before a formula start, or None when none needs one."""
    if not (pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(values.dtype)):
        return None  # numbers, booleans: a spreadsheet reads -5 as the number it is
    try:
        hostile = values.str.startswith(FORMULA_STARTS, na=False).astype(bool)
        returns = values.str.contains("\r", regex=False, na=False).astype(bool)
    except AttributeError:  # a column of no strings at all
        return None
    if not hostile.any() and not returns.any():
        return None
    fixed = values.where(~hostile, "'" + values[hostile].astype(str))
    # a bare carriage return is not quoted by the csv module and ends the row in every reader: a line break
    return fixed.where(~returns, fixed[returns].astype(str).str.replace("\r\n", "\n").str.replace("\r", "\n"))


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` for a CSV file: text cells (and index labels) that a spreadsheet would run as a formula get a
    leading single quote; the frame itself is not changed."""
    out = df
    for i, column in enumerate(df.columns):
        fixed = _neutralised(df.iloc[:, i])
        if fixed is not None:
            if out is df:
                out = df.copy()
            out.iloc[:, i] = fixed
    if not isinstance(df.index, pd.MultiIndex):
        index = _neutralised(df.index.to_series())
        if index is not None:
            out = out.copy() if out is df else out
            out.index = pd.Index(index, name=df.index.name)
    return out


def table_files(name: str) -> list[str]:
    """The file names a table is written to."""
    return [f"{name}.parquet"] + ([f"{name}.csv"] if name in CSV_TABLES else [])


def _known_files() -> set[str]:
    return {f for name in TABLES for f in table_files(name)}


def _arrow_type(column: str, table: str):
    import pyarrow as pa

    if column in _INT_COLUMNS or (table == "tokens" and column == "sentence"):  # elsewhere: the sentence text
        kind = pa.int32() if table == "tokens" else pa.int64()
    elif column in _FLOAT_COLUMNS:
        kind = pa.float64()
    elif column in _BOOL_COLUMNS:
        kind = pa.bool_()
    else:
        kind = pa.string()
    if column in _DICTIONARY_COLUMNS.get(table, ()):
        kind = pa.dictionary(pa.int32(), kind)
    return kind


def schema_for(table: str, columns: Sequence[str]):
    """The Arrow schema of a table from its column names (types by column name, see the module)."""
    import pyarrow as pa

    return pa.schema([pa.field(c, _arrow_type(c, table)) for c in columns if c not in _DROPPED.get(table, ())])


def _arrow_column(values: pd.Series, kind):
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        return _arrow_column(values, kind.value_type).dictionary_encode()
    if pa.types.is_integer(kind):
        return pa.array(pd.array(values, dtype="Int64"), type=kind)
    if pa.types.is_floating(kind):
        return pa.array(pd.to_numeric(values), type=kind, from_pandas=True)
    if pa.types.is_boolean(kind):
        return pa.array(pd.array(values, dtype="boolean"), type=kind)
    try:  # str columns (the usual case) convert in one C-level pass, missing values as null
        return pa.array(values, type=kind, from_pandas=True)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        pass
    objects = values.astype(object)  # a column holding other objects: each as its str()
    return pa.array([None if v is None or (isinstance(v, float) and v != v) else str(v) for v in objects],
                    type=kind)


def to_arrow(df: pd.DataFrame, schema):
    """A pandas batch of a table as an Arrow table with the table's fixed schema."""
    import pyarrow as pa

    arrays = [_arrow_column(df[field.name], field.type) for field in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


class TableSetWriter:
    """Stream batches of every table into a staging folder; :meth:`commit` swaps the set into place.

    Use as a context manager: leaving it with an exception removes the staging
    folder and leaves the previous set untouched.
    """

    def __init__(self, out_dir: Path | str, columns: Mapping[str, Sequence[str]]):
        self.out_dir = Path(out_dir)
        check_replaceable(self.out_dir)
        self.columns = {name: list(cols) for name, cols in columns.items()}
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.out_dir)
        self.staging = Path(tempfile.mkdtemp(prefix=f"{staging_prefix(self.out_dir)}{os.getpid()}-",
                                             dir=self.out_dir.parent))
        self._parquet: dict[str, object] = {}
        self._csv: dict[str, object] = {}
        self._schemas = {name: schema_for(name, cols) for name, cols in self.columns.items()}

    def __enter__(self) -> "TableSetWriter":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self.close()
        if kind is not None:
            shutil.rmtree(self.staging, ignore_errors=True)

    def write(self, name: str, df: pd.DataFrame) -> None:
        """Append one batch of rows (columns in the table's order) to table ``name``."""
        import pyarrow.parquet as pq

        if name in CSV_TABLES:
            handle = self._csv.get(name)
            if handle is None:
                handle = self._csv[name] = open(self.staging / f"{name}.csv", "w", encoding=CSV_ENCODING,
                                                          newline="")
                spreadsheet_safe(df).to_csv(handle, index=False, lineterminator="\n")
            elif not df.empty:
                spreadsheet_safe(df).to_csv(handle, index=False, header=False, lineterminator="\n")
        writer = self._parquet.get(name)
        if writer is None:
            writer = self._parquet[name] = pq.ParquetWriter(
                self.staging / f"{name}.parquet", self._schemas[name], compression="zstd",
                write_statistics=True, store_schema=True)
        if not df.empty:
            writer.write_table(to_arrow(df, self._schemas[name]))

    def close(self) -> None:
        for handle in self._csv.values():
            handle.close()
        for writer in self._parquet.values():
            writer.close()
        self._csv.clear()
        self._parquet.clear()

    def commit(self) -> list[Path]:
        """Close every file, make sure each table exists (empty ones too), and swap the set in."""
        for name, cols in self.columns.items():
            if name not in self._parquet:
                self.write(name, pd.DataFrame(columns=cols))
        self.close()
        write_manifest(self.staging, [f for name in self.columns for f in table_files(name)])
        os.chmod(self.staging, 0o755)
        replace_folder(self.staging, self.out_dir)
        return [self.out_dir / f for name in self.columns for f in table_files(name)]


def write_table_set(tables: Mapping[str, pd.DataFrame], out_dir: Path | str) -> list[Path]:
    """Write whole tables (name -> DataFrame) as one set replacing ``out_dir``; return the paths."""
    with TableSetWriter(out_dir, {name: list(df.columns) for name, df in tables.items()}) as writer:
        for name, df in tables.items():
            writer.write(name, df)
        return writer.commit()


# --- reading -------------------------------------------------------------------------

def read_table(name: str, columns: Sequence[str] | None = None, *, tables_dir: Path | str | None = None,
               doc_ids: Iterable[str] | None = None, with_docvars: bool = False) -> pd.DataFrame:
    """Read table ``name`` (articles, tokens, actors, …) from its Parquet file.

    ``columns`` selects columns (all by default; an unknown one is a
    ValueError listing the table's columns); ``doc_ids`` keeps the rows of
    these documents only (only their row groups are read; a str is one id).  ``tables_dir``
    defaults to build/tables.  The token table gets its ``end`` column back.
    ``with_docvars=True`` adds the document variables of each row's article
    from the articles table (date, year, month, period, outlet, kind:
    :mod:`czlib.analysis.docvars`; year and month NA where the date lacks them).
    """
    import pyarrow.parquet as pq

    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; the tables are {', '.join(TABLES)}")
    path = Path(tables_dir if tables_dir is not None else config.TABLES_DIR) / f"{name}.parquet"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such table; run `czlib tables` (or `make build`) first")
    if isinstance(columns, str):
        columns = [columns]
    if isinstance(doc_ids, str):  # one id, not its characters
        doc_ids = [doc_ids]
    wanted = list(columns) if columns is not None else None
    if wanted is not None:
        known = list(pq.read_schema(path).names) + (["end"] if name == "tokens" else [])
        unknown = [c for c in wanted if c not in known]
        if unknown:
            raise ValueError(f"table {name!r} has no column {', '.join(map(repr, unknown))}; "
                             f"its columns are: {', '.join(known)}")
    read_cols = wanted
    add_end = name == "tokens" and (wanted is None or "end" in wanted)
    if read_cols is not None and add_end:
        read_cols = list(dict.fromkeys([c for c in read_cols if c != "end"] + ["start", "token"]))
    filters = [("doc_id", "in", list(doc_ids))] if doc_ids is not None else None
    table = pq.read_table(path, columns=read_cols, filters=filters)
    df = table.to_pandas()
    for col in df.columns:
        if isinstance(df[col].dtype, pd.CategoricalDtype):
            df[col] = df[col].astype(object)
    if add_end:
        df.insert(df.columns.get_loc("start") + 1, "end", df["start"] + df["token"].str.len())
    df = df[wanted] if wanted is not None else df
    if with_docvars:
        df = _add_docvars(df, name, tables_dir, doc_ids)
    return df


def _add_docvars(df: pd.DataFrame, name: str, tables_dir, doc_ids) -> pd.DataFrame:
    """The table with its articles' document variables; rows without article_id get their document's."""
    from .analysis.docvars import DOCVARS, docvars, with_docvars

    source = df if name == "articles" else read_table(
        "articles", ["doc_id", "article_id", "date", "outlet", "kind"], tables_dir=tables_dir, doc_ids=doc_ids)
    if "article_id" in df.columns:
        return with_docvars(df, source)
    if "doc_id" not in df.columns:
        raise ValueError(f"read_table: {name} has neither article_id nor doc_id; no document variables to join")
    per_doc = docvars(source).drop_duplicates("doc_id").set_index("doc_id")
    add = [c for c in DOCVARS if c != "kind" and c not in df.columns]
    joined = per_doc[add].reindex(df["doc_id"].astype(str).to_numpy())
    out = df.copy()
    for col in add:
        out[col] = joined[col].to_numpy()
    return out


# --- the folder swap ------------------------------------------------------------------

_RENAME_EXCHANGE = 2  # linux/fs.h


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two existing folders (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0


def staging_prefix(out_dir: Path) -> str:
    return f".{out_dir.name}.staging-"


def remove_leftovers(out_dir: Path) -> None:
    """Remove staging folders that a killed earlier run left beside ``out_dir``.

    A staging folder is named after the process writing it; one whose process
    still runs (a second ``czlib tables`` on the same --out) is left alone.
    """
    if out_dir.parent.is_dir():
        for path in out_dir.parent.glob(staging_prefix(out_dir) + "*"):
            if not _writer_alive(path.name[len(staging_prefix(out_dir)):].split("-")[0]):
                shutil.rmtree(path, ignore_errors=True)


def _writer_alive(pid: str) -> bool:
    if not pid.isdigit():
        return False  # a staging folder of a czlib before 0.3: its run is over
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def check_replaceable(out_dir: Path) -> None:
    """Refuse an output folder that holds anything but czlib tables (the set replaces it whole).

    Refuse a read-only one too, or one whose parent folder cannot be written
    (the staging folder is made there): say so before any work, naming the folder.
    """
    parent = next((p for p in out_dir.absolute().parents if p.exists()), Path("/"))
    if not out_dir.exists() and parent.is_dir() and not os.access(parent, os.W_OK | os.X_OK):
        raise TablesFolderError(f"{parent}: read-only (permission denied): cannot create {out_dir} in it; "
                                "make the folder writable, or choose another --out")
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise TablesFolderError(f"{out_dir}: exists and is not a folder; choose another --out")
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise TablesFolderError(f"{out_dir}: read-only (permission denied); the table set replaces the whole "
                                "folder: make it writable, or choose another --out")
    if not os.access(out_dir.parent, os.W_OK | os.X_OK):
        raise TablesFolderError(f"{out_dir.parent}: read-only (permission denied): the new set is staged beside "
                                f"{out_dir.name}; make the folder writable, or choose another --out")
    known = _known_files() | {"tokens.csv", MANIFEST}  # tokens.csv: written by czlib before 0.2
    foreign = sorted(p.name for p in out_dir.iterdir() if p.name not in known)
    if foreign:
        raise TablesFolderError(
            f"{out_dir}: holds files that are not czlib tables ({', '.join(foreign[:3])}"
            f"{', …' if len(foreign) > 3 else ''}); the table set replaces the whole folder, "
            f"so choose an empty or new --out")


def replace_folder(staging: Path, out_dir: Path) -> None:
    """Put the complete folder ``staging`` in place of ``out_dir`` in one atomic step; remove the old set.

    Where the kernel cannot exchange two folders, the old folder is moved
    aside and the new one renamed in: two renames, the narrowest window this
    platform allows.
    """
    if out_dir.is_dir() and not out_dir.is_symlink():
        if _exchange(staging, out_dir):
            shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old set
            return
        old = staging.with_name(staging.name + "-old")
        os.replace(out_dir, old)
        os.replace(staging, out_dir)
        shutil.rmtree(old, ignore_errors=True)
        return
    os.replace(staging, out_dir)
