"""Lexicons for the actor extractor: the corpus gazetteer and the package's role words and organisation suffixes.

The gazetteer (``corpus/curation/gazetteer_*.csv``) is corpus curation: canonical
organisation names with aliases, types and home places; places with their
administrative level; known people.  Role words (``czlib/data/role_words.csv``)
and organisation suffixes (``czlib/data/org_suffixes.csv``) are package data,
valid for any Chinese news.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence


from ... import config
from ...text.curation import CurationFileError
from ...text.wordregex import word_regex

ROLE_TYPES = ("official", "academic_expert", "entrepreneur_manager", "worker_farmer", "journalist", "correspondent")
#: Role types the extractor gives beyond the role-word file: a graduate (2020届…研究生) and a pen name (a byline
#: that is an ordinary word, 桑梓).
DERIVED_ROLE_TYPES = ("graduate", "pseudonym")
ORG_TYPES = ("university", "research_institute", "enterprise", "government", "development_zone",
             "hospital", "school", "association", "media", "cultural")
PLACE_LEVELS = ("country", "province", "city", "district_county", "township_village", "region")

# The role type a generic title (主任, 院长, 负责人 ...) takes from the kind of organisation it belongs to.
ORG_TYPE_ROLE = {
    "enterprise": "entrepreneur_manager",
    "university": "academic_expert", "research_institute": "academic_expert",
    "hospital": "academic_expert", "school": "academic_expert",
    "government": "official", "development_zone": "official", "association": "official",
    "cultural": "official", "media": "journalist",
}

_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def is_cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


# --------------------------------------------------------------------------------------
# Gazetteer
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OrgEntry:
    canonical: str
    type: str
    aliases: tuple[str, ...] = ()
    based_in: str = ""
    parent: str = ""
    english: str = ""


@dataclass(frozen=True)
class PlaceEntry:
    name: str
    level: str
    parent: str = ""
    inside_changzhi: bool = False
    aliases: tuple[str, ...] = ()
    english: str = ""


@dataclass(frozen=True)
class PersonEntry:
    name: str
    english: str = ""
    note: str = ""


@dataclass
class Gazetteer:
    """Curated names: organisations, places and people, with their aliases resolved."""

    orgs: dict[str, OrgEntry] = field(default_factory=dict)
    places: dict[str, PlaceEntry] = field(default_factory=dict)
    people: dict[str, PersonEntry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.org_alias: dict[str, str] = {}
        for e in self.orgs.values():
            for surface in (e.canonical, *e.aliases):
                self.org_alias[surface] = e.canonical
        self.place_alias: dict[str, str] = {}
        for p in self.places.values():
            for surface in (p.name, *p.aliases):
                self.place_alias[surface] = p.name
        self.org_regex = alternation(self.org_alias)
        self.place_regex = alternation(self.place_alias)
        self._place_memo: tuple[str, tuple[tuple[int, int, str], ...]] | None = None

    def place_matches(self, text: str) -> tuple[tuple[int, int, str], ...]:
        """(start, end, surface) of every place name of the gazetteer in ``text``, longest first at
        each position; the last text's are kept, since organisations and places both ask for them."""
        memo = self._place_memo
        if memo is not None and memo[0] == text:
            return memo[1]
        found = () if self.place_regex is None else tuple(
            (m.start(), m.end(), m.group()) for m in self.place_regex.finditer(text))
        self._place_memo = (text, found)
        return found

    @property
    def empty(self) -> bool:
        return not (self.orgs or self.places or self.people)

    def place_inside(self, name: str) -> bool | None:
        """Whether a place (canonical name) lies inside the corpus's home city; None when unknown."""
        entry = self.places.get(name)
        return None if entry is None else entry.inside_changzhi

    def english(self, canonical: str) -> str:
        """English gloss of an organisation, place or person, '' when not curated."""
        for table, attr in ((self.orgs, "english"), (self.places, "english"), (self.people, "english")):
            if canonical in table:
                return getattr(table[canonical], attr)
        return ""


def alternation(surfaces: Iterable[str]) -> re.Pattern | None:
    """The longest surface at each position; a trie (a country's places are thousands of names)."""
    return word_regex(surfaces)


def read_csv(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """Read a curated CSV (``#`` comment lines allowed), checking its header.

    Each row carries ``_line``, its line number in the file (comment and blank
    lines counted), so a message points at the line a person would open.
    """
    if not path.is_file():
        raise CurationFileError(f"gazetteer file missing: {path}")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CurationFileError(f"{path}: must be UTF-8 (byte offset {exc.start} is not); re-save it as UTF-8") \
            from None
    kept = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
            if line.strip() and not line.startswith("#")]
    reader = csv.DictReader([line for _, line in kept])
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as exc:
        raise CurationFileError(f"{path}: header is not valid CSV ({exc})") from None
    missing = [c for c in required if c not in fieldnames]
    if missing:
        raise CurationFileError(f"{path}: header lacks column(s) {missing}; has {fieldnames}")
    rows = []
    try:
        for row in reader:
            line = kept[reader.line_num - 1][0] if reader.line_num - 1 < len(kept) else kept[-1][0]
            if None in row:  # more fields than the header
                raise CurationFileError(f"{path} line {line}: {len(fieldnames) + len(row[None])} fields, "
                                        f"the header has {len(fieldnames)} (a comma inside a name needs quotes)")
            row = {k: (v or "").strip() for k, v in row.items() if k is not None}
            row["_line"] = str(line)
            rows.append(row)
    except csv.Error as exc:
        raise CurationFileError(f"{path}: not valid CSV near line {kept[min(reader.line_num, len(kept)) - 1][0]} "
                                f"({exc})") from None
    return rows


def _split_aliases(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in value.split("|") if a.strip())


def load_gazetteer(directory: Path | str | None = None) -> Gazetteer:
    """Load ``gazetteer_orgs.csv``, ``gazetteer_places.csv`` and ``gazetteer_people.csv``.

    Returns a :class:`Gazetteer`. ``directory`` defaults to ``corpus/curation``.
    Raises :class:`~czlib.text.curation.CurationFileError` (a ValueError) naming
    the file and line of the first bad row (unknown type or level, duplicate
    canonical name, an alias pointing at two entries); :func:`gazetteer_problems`
    lists them all.
    """
    problems: list[str] = []
    gazetteer = _load_gazetteer(directory, problems)
    if problems:
        raise CurationFileError(problems[0])
    return gazetteer


def gazetteer_problems(directory: Path | str | None = None) -> list[str]:
    """Every bad row of the gazetteer files in ``directory``, each naming file and line; [] when sound."""
    problems: list[str] = []
    _load_gazetteer(directory, problems)
    return problems


def _load_gazetteer(directory: Path | str | None, problems: list[str]) -> Gazetteer:
    """Load the gazetteer, skipping bad rows and appending a message for each to ``problems``."""
    directory = Path(directory) if directory is not None else config.CURATION_DIR

    unreadable: set[str] = set()

    def rows(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
        try:
            return read_csv(path, required)
        except CurationFileError as exc:
            problems.append(str(exc))
            unreadable.add(path.name)
            return []

    orgs: dict[str, OrgEntry] = {}
    org_lines: dict[str, str] = {}
    seen_alias: dict[str, str] = {}
    path = directory / "gazetteer_orgs.csv"
    for row in rows(path, ["canonical", "type", "aliases", "based_in", "parent", "english"]):
        where = f"{path} line {row['_line']}"
        if not row["canonical"]:
            problems.append(f"{where}: empty canonical name")
            continue
        if row["type"] not in ORG_TYPES:
            problems.append(f"{where}: type {row['type']!r} is not one of {ORG_TYPES}")
            continue
        if row["canonical"] in orgs:
            problems.append(f"{where}: duplicate organisation {row['canonical']!r}")
            continue
        entry = OrgEntry(row["canonical"], row["type"], _split_aliases(row["aliases"]),
                         row["based_in"], row["parent"], row["english"])
        clash = next((s for s in (entry.canonical, *entry.aliases)
                      if seen_alias.get(s, entry.canonical) != entry.canonical), None)
        if clash is not None:
            problems.append(f"{where}: alias {clash!r} already names {seen_alias[clash]!r}")
            continue
        for surface in (entry.canonical, *entry.aliases):
            seen_alias[surface] = entry.canonical
        orgs[entry.canonical] = entry
        org_lines[entry.canonical] = where
    places: dict[str, PlaceEntry] = {}
    path = directory / "gazetteer_places.csv"
    for row in rows(path, ["name", "level", "parent", "inside_changzhi", "aliases", "english"]):
        where = f"{path} line {row['_line']}"
        if row["level"] not in PLACE_LEVELS:
            problems.append(f"{where}: level {row['level']!r} is not one of {PLACE_LEVELS}")
            continue
        if row["inside_changzhi"] not in ("0", "1"):
            problems.append(f"{where}: inside_changzhi must be 0 or 1, got {row['inside_changzhi']!r}")
            continue
        if row["name"] in places:
            problems.append(f"{where}: duplicate place {row['name']!r}")
            continue
        places[row["name"]] = PlaceEntry(row["name"], row["level"], row["parent"],
                                         row["inside_changzhi"] == "1", _split_aliases(row["aliases"]),
                                         row["english"])
    for entry in orgs.values():
        if entry.based_in and entry.based_in not in places and "gazetteer_places.csv" not in unreadable:
            problems.append(f"{org_lines[entry.canonical]}: {entry.canonical!r} is based in "
                            f"{entry.based_in!r}, which gazetteer_places.csv does not list")
        if entry.parent and entry.parent not in orgs:
            problems.append(f"{org_lines[entry.canonical]}: parent {entry.parent!r} of "
                            f"{entry.canonical!r} is not listed")
    people: dict[str, PersonEntry] = {}
    path = directory / "gazetteer_people.csv"
    if path.is_file():
        for row in rows(path, ["name", "english"]):
            people[row["name"]] = PersonEntry(row["name"], row["english"], row.get("note", ""))
    return Gazetteer(orgs, places, people)


EMPTY_GAZETTEER = Gazetteer()


@lru_cache(maxsize=4)
def _cached_gazetteer(directory: str) -> Gazetteer:
    return load_gazetteer(directory)


# --- the general gazetteer at a corpus's home (czlib.corpus.registry.home) ---------------------------

def home_gazetteer(home: Home | None):
    """The general gazetteer for a corpus at ``home``: provinces, cities (inside = the home) and home bodies."""
    from ...corpus.registry.home import cities, counties, home_bodies, provinces

    places = {}
    for name, short in provinces():
        places[name] = PlaceEntry(name, "province", "", False, (short,) if short != name else ())
    for c in cities():
        inside = home is not None and c.name == home.city
        aliases = (c.short,) if c.alias and c.short != c.name else ()
        if c.level == "municipality":
            places[c.name] = PlaceEntry(c.name, "city", "", inside, aliases)
        else:
            places[c.name] = PlaceEntry(c.name, "city", c.province, inside, aliases)
    for name, (city, alias) in counties(home).items():
        places.setdefault(name, PlaceEntry(name, "district_county", city, home is not None and city == home.city,
                                           (alias,) if alias else ()))
    orgs = {}
    if home is not None:
        for canonical, kind, aliases, based_in, parent in home_bodies(home):
            orgs[canonical] = OrgEntry(canonical, kind, aliases, based_in, parent)
    return Gazetteer(orgs, places, {})


@lru_cache(maxsize=8)
def _gazetteer_at(city: str):
    from ...corpus.registry.home import home_of

    return home_gazetteer(home_of(city) if city else None)


def corpus_gazetteer(corpus_dir: Path | str, home: Home | None):
    """The gazetteer a corpus uses: its own curation's where it has one, else the general one at its home."""
    own = Path(corpus_dir) / "curation"
    if (own / "gazetteer_orgs.csv").is_file():
        return load_gazetteer(own)
    return _gazetteer_at(home.city if home is not None else "")


def default_gazetteer() -> Gazetteer:
    """The gazetteer of the corpus in use (``config.CORPUS_DIR``): its ``curation/`` one (loaded once),
    else the general one at its home (:func:`czlib.corpus.registry.home.corpus_gazetteer`), never another corpus's."""
    own = config.CORPUS_DIR / "curation"
    if (own / "gazetteer_orgs.csv").is_file():
        return _cached_gazetteer(str(own))
    from ...corpus.registry.home import current_home

    return corpus_gazetteer(config.CORPUS_DIR, current_home())


# --------------------------------------------------------------------------------------
# Package lexicons: national organisations, role words, organisation suffixes, surnames
# --------------------------------------------------------------------------------------

ORG_LEVELS = ("national", "provincial", "municipal", "")


@dataclass(frozen=True)
class Lexicon:
    """The package's generic organisation gazetteer (``czlib/data/orgs_cn.csv``), merged under a corpus one.

    ``alias`` maps every surface (canonical name and short forms) to its canonical
    name; ``entries`` holds the :class:`OrgEntry` of each canonical name and
    ``levels`` its level (national, provincial …).  Surfaces the corpus gazetteer
    already names are left to it.
    """

    entries: dict
    alias: dict
    levels: dict
    regex: re.Pattern | None


@lru_cache(maxsize=1)
def package_orgs() -> tuple[tuple[OrgEntry, str], ...]:
    """The rows of ``czlib/data/orgs_cn.csv`` as (entry, level), checked."""
    path = config.PACKAGE_DATA / "orgs_cn.csv"
    out, seen = [], {}
    for row in read_csv(path, ["canonical", "aliases", "type", "level", "based_in", "source"]):
        where = f"{path} line {row['_line']}"
        if row["type"] not in ORG_TYPES:
            raise ValueError(f"{where}: type {row['type']!r} is not one of {ORG_TYPES}")
        if row["level"] not in ORG_LEVELS:
            raise ValueError(f"{where}: level {row['level']!r} is not one of {ORG_LEVELS}")
        entry = OrgEntry(row["canonical"], row["type"], _split_aliases(row["aliases"]), row["based_in"])
        for surface in (entry.canonical, *entry.aliases):
            if seen.setdefault(surface, entry.canonical) != entry.canonical:
                raise ValueError(f"{where}: short form {surface!r} already names {seen[surface]!r}")
        out.append((entry, row["level"]))
    return tuple(out)


_LEXICONS: dict[int, Lexicon] = {}


def lexicon_for(gaz: Gazetteer) -> Lexicon:
    """The package organisations not shadowed by ``gaz`` (cached per gazetteer)."""
    key = id(gaz)
    if key in _LEXICONS and _LEXICONS[key].entries.get("__gaz__") is gaz:
        return _LEXICONS[key]
    entries: dict = {"__gaz__": gaz}
    alias: dict[str, str] = {}
    levels: dict[str, str] = {}
    for entry, level in package_orgs():
        # an organisation the corpus gazetteer names keeps its curated canonical name
        canonical = next((gaz.org_alias[s] for s in (entry.canonical, *entry.aliases) if s in gaz.org_alias),
                         entry.canonical)
        for surface in (entry.canonical, *entry.aliases):
            if surface not in gaz.org_alias:
                alias[surface] = canonical
        entries[canonical] = gaz.orgs.get(canonical, entry)
        levels[canonical] = level
    _LEXICONS[key] = Lexicon(entries, alias, levels, alternation(alias))
    return _LEXICONS[key]


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """Country names from ``czlib/data/countries.txt``."""
    text = (config.PACKAGE_DATA / "countries.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


@dataclass(frozen=True)
class RoleWord:
    word: str
    role_type: str
    generic: bool
    after: bool


@lru_cache(maxsize=1)
def role_words() -> dict[str, RoleWord]:
    """Titles and role words from ``czlib/data/role_words.csv``, by word."""
    path = config.PACKAGE_DATA / "role_words.csv"
    out = {}
    for row in read_csv(path, ["word", "role_type", "generic", "after"]):
        if row["role_type"] not in ROLE_TYPES:
            raise ValueError(f"{path} line {row['_line']}: role_type {row['role_type']!r} unknown")
        out[row["word"]] = RoleWord(row["word"], row["role_type"], row["generic"] == "1", row["after"] == "1")
    return out


@lru_cache(maxsize=1)
def org_suffixes() -> dict[str, tuple[str, bool]]:
    """Organisation suffixes from ``czlib/data/org_suffixes.csv``: suffix -> (type, standalone)."""
    path = config.PACKAGE_DATA / "org_suffixes.csv"
    out = {}
    for row in read_csv(path, ["suffix", "type", "standalone"]):
        if row["type"] not in ORG_TYPES:
            raise ValueError(f"{path} line {row['_line']}: type {row['type']!r} unknown")
        out[row["suffix"]] = (row["type"], row["standalone"] == "1")
    return out


# Surnames that are also very common function characters: accepted only in strong contexts.
RISKY_SURNAMES = set("由但那于和向平国相来都公利区海元干强时全成明南原文安常万应位门云初计支东西高新")
RISKY_SURNAMES -= {"高"}


@lru_cache(maxsize=1)
def regexes() -> dict[str, re.Pattern]:
    roles = sorted(role_words(), key=lambda w: (-len(w), w))
    sufs = sorted(org_suffixes(), key=lambda w: (-len(w), w))
    return {
        "role": re.compile("|".join(map(re.escape, roles))),
        "suffix": re.compile("|".join(map(re.escape, sufs))),
    }


