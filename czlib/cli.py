"""The ``czlib`` command line: check, add, tables, build."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import config


def _cmd_check(args: argparse.Namespace) -> int:
    from .corpus.registry import check_corpus

    problems = check_corpus(Path(args.corpus))
    for problem in problems:
        print(f"czlib check: {problem}", file=sys.stderr)
    if problems:
        print(f"czlib check: {len(problems)} problem(s) in {args.corpus}", file=sys.stderr)
        return 1
    print(f"czlib check: corpus OK ({args.corpus})")
    return 0


def _cmd_add(args: argparse.Namespace) -> int:
    from .corpus.registry import add_document

    row = add_document(Path(args.file), title=args.title, date=args.date, outlet=args.outlet,
                       url=args.url or "", corpus_dir=Path(args.corpus), title_en=args.title_en or "")
    print(f"czlib add: registered {row['doc_id']} ({row['file']})")
    return 0


def _cmd_tables(args: argparse.Namespace) -> int:
    from .runner import write_corpus_tables

    report = write_corpus_tables(Path(args.corpus), Path(args.out), jobs=args.jobs, scheduler=args.scheduler,
                                 cache_dir=Path(args.cache) if args.cache else None, use_cache=not args.no_cache,
                                 log=lambda line: print(f"czlib {line}", file=sys.stderr))
    print(f"czlib tables: wrote {len(report.paths)} files to {args.out} "
          f"({report.documents} documents, {report.articles} articles)")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from .publish.build import main as build_main

    return build_main(args)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``czlib`` command (subcommands check, add, tables, build)."""
    parser = argparse.ArgumentParser(prog="czlib", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="verify raw files against metadata.csv and their checksums")
    p.add_argument("--corpus", default=str(config.CORPUS_DIR))
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser("add", help="copy a new article into corpus/raw and register it")
    p.add_argument("file")
    p.add_argument("--title", default=None, help="headline (a saved web page: taken from the page if not given)")
    p.add_argument("--date", default=None,
                   help="ISO date: YYYY, YYYY-MM or YYYY-MM-DD (a web page: its publication date if not given)")
    p.add_argument("--outlet", default=None, help="newspaper or site (a web page: its site name if not given)")
    p.add_argument("--url", default="")
    p.add_argument("--title-en", default="", help="English gloss of the title, for readers of the HTML")
    p.add_argument("--corpus", default=str(config.CORPUS_DIR))
    p.set_defaults(func=_cmd_add)

    p = sub.add_parser("tables", help="write the analysis tables (articles.csv, ...)")
    p.add_argument("--corpus", default=str(config.CORPUS_DIR),
                   help="corpus folder (with raw/ and metadata.csv) or a bare folder of .txt files")
    p.add_argument("--out", default=str(config.TABLES_DIR),
                   help="output folder (new, empty or an earlier table set: it is replaced whole)")
    p.add_argument("--jobs", type=int, default=None, help="processes to use (default: the machine's cores)")
    p.add_argument("--scheduler", default=None,
                   help="address of a Dask distributed scheduler (tcp://host:8786) to run on instead")
    p.add_argument("--cache", default=None, help="per-document result cache (default: build/cache/tables)")
    p.add_argument("--no-cache", action="store_true", help="recompute every document; read and write no cache")
    p.set_defaults(func=_cmd_tables)

    p = sub.add_parser("build", help="check, write tables, execute notebooks, render HTML")
    try:
        from .publish.build import add_arguments  # the build module owns its options
    except ImportError:  # pragma: no cover - only while the build module is absent
        add_arguments = None
    if add_arguments is not None:
        add_arguments(p)
    p.set_defaults(func=_cmd_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``czlib`` command; return its exit code (0 ok, 1 problems found, 2 a file could not be used)."""
    args = build_parser().parse_args(argv)
    from .corpus.overrides import OverrideError
    from .corpus.decoding import CorpusFileError
    from .storage import TablesFolderError

    try:
        return int(args.func(args) or 0)
    except (CorpusFileError, OverrideError, TablesFolderError) as exc:
        print(f"czlib {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
