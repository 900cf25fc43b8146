"""The ``czlib`` command line: check, add, tables, build.

Every failure of check, add and tables is a message of one to three lines
that names the file (and line, where there is one), says what is wrong and
what to do; ``--debug`` adds the Python traceback.  Exit codes: 0 ok,
1 problems found (check), 2 a file or folder could not be used, 3 an
internal error (a bug), 130 interrupted (143 by SIGTERM).  Names in messages
are printed escaped (``\x1b``), so a file name cannot drive the terminal.
"""
from __future__ import annotations

import argparse
import errno
import os
import re
import signal
import sys
import traceback
import warnings
from pathlib import Path

from . import config
from .corpus.registry.names import shown


class UsageError(ValueError):
    """A command-line argument that cannot be used; the message names it and says what to give."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the command is, so that what it was doing is undone as for Ctrl-C."""


# A Dask scheduler address: tcp://host:port (or tls://, ucx://, ws://, wss://, inproc://), or host:port.
_SCHEDULER = re.compile(r"^(?:(?:tcp|tls|ucx|ws|wss)://)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):\d{1,5}$"
                        r"|^inproc://\S+$")


def _say(args: argparse.Namespace, kind: str, message: str) -> None:
    print(f"czlib {args.command}: {kind}{shown(message)}", file=sys.stderr, flush=True)


def _cmd_check(args: argparse.Namespace) -> int:
    from .corpus.registry.registry import check_corpus, read_metadata
    from .corpus.reading.decoding import CorpusFileError
    from .pipeline import curation_problems

    corpus = Path(args.corpus)
    problems = check_corpus(corpus)
    if corpus.is_dir():
        from .corpus.registry.reprints import reprint_notices

        try:
            metadata = read_metadata(corpus)
        except CorpusFileError:
            metadata = None  # already reported
        problems += curation_problems(corpus, set(metadata["doc_id"]) if metadata is not None else None)
        for notice in reprint_notices(corpus, metadata) if metadata is not None else []:
            print(f"czlib check: note: {notice}")
    for problem in problems:
        print(f"czlib check: {shown(problem)}", file=sys.stderr)
    if problems:
        print(f"czlib check: {len(problems)} problem(s) in {args.corpus}", file=sys.stderr)
        return 1
    print(f"czlib check: corpus OK ({args.corpus})")
    return 0


def _cmd_add(args: argparse.Namespace) -> int:
    from .corpus.registry.registry import DATE_YEARS, add_document

    years = (args.min_year if args.min_year is not None else DATE_YEARS[0],
             args.max_year if args.max_year is not None else DATE_YEARS[1])
    row = add_document(Path(args.file), title=args.title, date=args.date, outlet=args.outlet,
                       url=args.url or "", corpus_dir=Path(args.corpus), title_en=args.title_en or "",
                       allow_duplicate=args.allow_duplicate, init=args.init, years=years,
                       log=lambda line: _say(args, "", line))
    print(f"czlib add: registered {row['doc_id']} ({row['file']})")
    if row.get("reprint_of"):
        print(f"czlib add: note: {row['doc_id']} reprints {row['reprint_of']} (near-duplicate text); "
              f"recorded as reprint_of in metadata.csv")
    if args.home:
        from .corpus.registry.home import home_of, write_settings

        home = home_of(args.home)
        path = write_settings(Path(args.corpus), home)
        print(f"czlib add: home of the corpus: {home.describe()} (in {path.name})")
    return 0


def _check_tables_arguments(args: argparse.Namespace) -> None:
    """Refuse --jobs below 1 and a --scheduler that is not an address, before any work."""
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs {args.jobs}: give a number of processes, 1 or more "
                         "(leave it out to use every core)")
    if args.scheduler is not None and not _SCHEDULER.match(args.scheduler.strip()):
        raise UsageError(f"--scheduler {args.scheduler!r} is not a scheduler address; give the one "
                         "`dask scheduler` prints, such as tcp://127.0.0.1:8786")


def _cmd_tables(args: argparse.Namespace) -> int:
    from .runner import write_corpus_tables

    _check_tables_arguments(args)
    report = write_corpus_tables(Path(args.corpus), Path(args.out), jobs=args.jobs, scheduler=args.scheduler,
                                 cache_dir=Path(args.cache) if args.cache else None, use_cache=not args.no_cache,
                                 log=lambda line: print(f"czlib {line}", file=sys.stderr), home=args.home)
    print(f"czlib tables: wrote {len(report.paths)} files to {args.out} "
          f"({report.documents} documents, {report.articles} articles)")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from .publish.validation import run

    return run(args)


def _cmd_build(args: argparse.Namespace) -> int:
    from .publish.build.build import main as build_main

    if getattr(args, "home", None):  # the tables and the notebook kernels read it (czlib.corpus.registry.home)
        from .corpus.registry.home import home_of

        os.environ["CZLIB_HOME"] = home_of(args.home).city
    return build_main(args)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``czlib`` command (subcommands check, add, tables, build)."""
    parser = argparse.ArgumentParser(prog="czlib", description=__doc__.split("\n\n")[0])
    parser.add_argument("--debug", action="store_true", help="show the Python traceback of a failure")
    common = argparse.ArgumentParser(add_help=False)  # --debug after the subcommand too
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", parents=[common],
                       help="verify raw files against metadata.csv and their checksums, and the curation files")
    p.add_argument("--corpus", default=str(config.CORPUS_DIR))
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser("add", parents=[common], help="copy a new article into corpus/raw and register it")
    p.add_argument("file")
    p.add_argument("--title", default=None, help="headline (a saved web page: taken from the page if not given)")
    p.add_argument("--date", default=None,
                   help="ISO date: YYYY, YYYY-MM or YYYY-MM-DD (a web page: its publication date if not given)")
    p.add_argument("--outlet", default=None, help="newspaper or site (a web page: its site name if not given)")
    p.add_argument("--url", default="", help="the article's http:// or https:// address")
    p.add_argument("--title-en", default="", help="English gloss of the title, for readers of the HTML")
    p.add_argument("--corpus", default=str(config.CORPUS_DIR), help="an existing corpus folder (see --init)")
    p.add_argument("--init", action="store_true", help="start a new corpus in --corpus if it has none")
    p.add_argument("--home", default=None,
                   help="the corpus's home city (晋城市): written to czlib.toml; bare 市委/市科技局 are its bodies")
    p.add_argument("--allow-duplicate", action="store_true",
                   help="register a deliberate second copy of a registered text (a reprint); noted in metadata")
    p.add_argument("--min-year", type=int, default=None, help="earliest plausible --date year (default 1949)")
    p.add_argument("--max-year", type=int, default=None, help="latest plausible --date year (default: next year)")
    p.set_defaults(func=_cmd_add)

    p = sub.add_parser("tables", parents=[common], help="write the analysis tables (articles.csv, ...)")
    p.add_argument("--corpus", default=str(config.CORPUS_DIR),
                   help="corpus folder (with raw/ and metadata.csv) or a bare folder of .txt files")
    p.add_argument("--out", default=str(config.TABLES_DIR),
                   help="output folder (new, empty or an earlier table set: it is replaced whole)")
    p.add_argument("--jobs", type=int, default=None, help="processes to use (default: the machine's cores)")
    p.add_argument("--scheduler", default=None,
                   help="address of a Dask distributed scheduler (tcp://host:8786) to run on instead")
    p.add_argument("--cache", default=None, help="per-document result cache (default: build/cache/tables)")
    p.add_argument("--no-cache", action="store_true", help="recompute every document; read and write no cache")
    p.add_argument("--home", default=None,
                   help="the corpus's home city (default: its czlib.toml, else the city its texts name most)")
    p.set_defaults(func=_cmd_tables)

    p = sub.add_parser("validate", parents=[common], help="hand-check sheets: sample, recall, report")
    from .publish.validation import add_arguments as validate_arguments
    validate_arguments(p)
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("build", help="check, write tables, execute notebooks, render HTML")
    try:
        from .publish.build.build import add_arguments  # the build module owns its options
    except ImportError:  # pragma: no cover - only while the build module is absent
        add_arguments = None
    if add_arguments is not None:
        add_arguments(p)
    if "--home" not in p._option_string_actions:
        p.add_argument("--home", default=None,
                       help="the corpus's home city (default: its czlib.toml, else the city its texts name most)")
    if "--debug" not in p._option_string_actions:
        p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.set_defaults(func=_cmd_build)
    return parser


# --- failures as messages ----------------------------------------------------------------

def _unchanged(args: argparse.Namespace) -> str:
    """What a failed command left as it was (said after the error)."""
    if args.command == "add":
        return f"nothing was registered; {args.corpus} is unchanged" if Path(args.corpus).exists() \
            else "nothing was registered"
    if args.command == "tables":
        return f"no tables were written; {args.out} is as it was"
    return ""


def _os_error(args: argparse.Namespace, exc: OSError) -> str:
    """A file-system failure: which file, why, what to do."""
    name = exc.filename or {"tables": args.out if args.command == "tables" else None,
                            "add": getattr(args, "corpus", None)}.get(args.command) or "a file"
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        return f"{name}: cannot write: no space left on the device; free some space and run again"
    if exc.errno == errno.EDQUOT:
        return f"{name}: cannot write: disk quota exceeded; free some space and run again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{name}: {reason}; make the folder writable, or choose another one"
    return f"{name}: {reason}"


def _expected_errors() -> tuple[type[BaseException], ...]:
    from .corpus.reading.decoding import CorpusFileError
    from .storage import TablesFolderError
    from .text.curation import CurationFileError
    from .publish.validation import ValidationSheetError

    errors = (CorpusFileError, CurationFileError, TablesFolderError, UsageError, ValidationSheetError)
    if "czlib.runner" in sys.modules:
        errors += (sys.modules["czlib.runner"].SchedulerError,)
    return errors


def _terminate(signum, frame):
    raise Terminated()


def _show_warning(args: argparse.Namespace):
    def show(message, category, filename, lineno, file=None, line=None):
        from .cache_entry import CacheEntryWarning
        from .corpus.registry.integrity import UnverifiedCorpusWarning

        kind = "note: " if issubclass(category, (UnverifiedCorpusWarning, CacheEntryWarning)) else "warning: "
        _say(args, kind, str(message).splitlines()[0] if str(message) else category.__name__)
    return show


def main(argv: list[str] | None = None) -> int:
    """Run the ``czlib`` command; return its exit code (0 ok, 1 problems found, 2 a file could not be used)."""
    args = build_parser().parse_args(argv)
    debug = bool(getattr(args, "debug", False))
    if args.command == "build":  # the build reports its own failures
        from .corpus.reading.decoding import CorpusFileError
        from .storage import TablesFolderError
        from .text.curation import CurationFileError

        try:
            return int(args.func(args) or 0)
        except (CorpusFileError, CurationFileError, TablesFolderError) as exc:
            lines = str(exc).splitlines() or [type(exc).__name__]
            for n, line in enumerate(lines[:3]):
                _say(args, "error: " if n == 0 else "", line)
            return 2
    previous = warnings.showwarning
    if not debug:
        warnings.showwarning = _show_warning(args)
    previous_term = None
    if args.command in ("add", "tables", "check") and _in_main_thread():
        previous_term = signal.signal(signal.SIGTERM, _terminate)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt as exc:
        if debug:
            traceback.print_exc()
        _say(args, "", "interrupted; " + (_unchanged(args) or "nothing was changed"))
        return 143 if isinstance(exc, Terminated) else 130
    except Exception as exc:  # every failure becomes a message; --debug adds the traceback
        if debug:
            traceback.print_exc()
        if isinstance(exc, _expected_errors()):
            lines = str(exc).splitlines() or [type(exc).__name__]
            code = 2
        elif isinstance(exc, OSError):
            lines = [_os_error(args, exc)]
            code = 2
        else:
            lines = [f"internal error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
                     f"this is a bug in czlib: please report it with the output of `czlib --debug {args.command} ...`"]
            code = 3
        unchanged = _unchanged(args) if code == 2 else ""
        _say(args, "error: ", lines[0])
        for line in lines[1:2 if unchanged else 3]:
            _say(args, "", line)
        if unchanged:
            _say(args, "", unchanged)
        return code
    finally:
        warnings.showwarning = previous
        if previous_term is not None:
            signal.signal(signal.SIGTERM, previous_term)


def _in_main_thread() -> bool:
    """Signal handlers can be set only from the main thread (a test may run the command in another)."""
    import threading

    return threading.current_thread() is threading.main_thread()


if __name__ == "__main__":
    sys.exit(main())
