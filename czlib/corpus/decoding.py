"""Load raw corpus files into clean Unicode text, failing loudly on bad input.

Decoding order: a byte-order mark decides (UTF-8, UTF-16, UTF-32); otherwise
strict UTF-8; otherwise UTF-16 without a mark when the NUL pattern says so;
otherwise the charset-normalizer detector, whose GB2312/GBK answers are read
as GB18030 (their superset).  Then line endings and Unicode are normalised,
inline pinyin glosses (集團(tuán)) are removed (see ``czlib.text.glosses``), and
Traditional-script documents are converted to Simplified with OpenCC for
analysis while the original is kept.  Japanese, Korean and other non-Chinese
texts are recognised first (``czlib.text.scripts``) and never converted.
"""
from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import opencc

from ..text.glosses import Gloss, strip_glosses
from ..text.scripts import detect_script


class CorpusFileError(ValueError):
    """A corpus file that cannot be loaded; the message names the file and the problem."""

    def __init__(self, path: Path | str, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Detector answers that are all read as GB18030, which is a superset of each.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936"}
# Share of CJK characters that OpenCC t2s changes above which a text is Traditional.
TRADITIONAL_THRESHOLD = 0.05


@dataclass(frozen=True)
class Document:
    """One raw file, decoded and normalised.

    ``text`` is what analysis uses (Simplified script, pinyin glosses removed);
    ``original`` is the decoded, normalised text before any gloss removal or
    script conversion.  ``glosses`` lists the removed glosses with their raw
    line numbers (lines are never joined or split, so numbers stay valid).
    """

    path: Path
    encoding: str
    text: str
    original: str
    script: str  # "simplified", "traditional" (converted for analysis), "japanese", "korean", "non_chinese"
    sha256: str
    notes: tuple[str, ...] = field(default_factory=tuple)
    glosses: tuple[Gloss, ...] = field(default_factory=tuple)

    @property
    def doc_id(self) -> str:
        return self.path.stem


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of raw bytes (the corpus integrity checksum)."""
    return hashlib.sha256(data).hexdigest()


def _looks_like_utf16(data: bytes) -> str | None:
    """Return 'utf-16-le'/'utf-16-be' when NULs sit on one parity, as in UTF-16 text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    half = len(data) // 2
    # Chinese UTF-16 has few NULs; ASCII-heavy text has many on one side.  Either
    # way, decoding must succeed and yield mostly printable characters.
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible_text_share(text) > 0.9 and (even + odd) < half * 1.2:
            if (enc == "utf-16-le" and odd >= even) or (enc == "utf-16-be" and even >= odd):
                return enc
    return None


def decode_bytes(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Decode raw bytes; return (text, encoding name). Raise CorpusFileError on failure."""
    if not data or not data.strip(b" \t\r\n\x00"):
        raise CorpusFileError(path, "file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise CorpusFileError(path, f"has a {enc} byte-order mark but does not decode: {exc}") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _looks_like_utf16(data)
    if utf16:
        return data.decode(utf16), utf16
    if b"\x00" in data:
        raise CorpusFileError(path, "looks binary (contains NUL bytes and is not UTF-16 text)")
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise CorpusFileError(path, "cannot detect a text encoding (binary or corrupt file?)")
    enc = best.encoding.lower().replace("_", "")
    if enc in _GB_FAMILY or enc.startswith("gb"):
        enc = "gb18030"
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError) as exc:
        raise CorpusFileError(path, f"detected encoding {enc!r} but decoding failed: {exc}") from None
    if _control_share(text) > 0.01:
        raise CorpusFileError(path, f"decodes as {enc!r} only to control characters: binary file?")
    return text, enc


def _plausible_text_share(text: str) -> float:
    """Share of characters that Chinese news text is made of (ASCII, CJK, CJK and full-width punctuation)."""
    def plausible(ch: str) -> bool:
        o = ord(ch)
        return (0x20 <= o < 0x7F or ch in "\r\n\t\ufeff" or 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F
                or 0xFF00 <= o <= 0xFFEF or 0x2000 <= o <= 0x206F or 0x3400 <= o <= 0x4DBF or o == 0xA0)
    return sum(map(plausible, text)) / max(len(text), 1)


def _control_share(text: str) -> float:
    bad = sum(unicodedata.category(ch) == "Cc" and ch not in "\r\n\t" for ch in text)
    return bad / max(len(text), 1)


_SPACE_ONLY_LINE = re.compile(r"^[ \t\u3000]+$", re.MULTILINE)


def normalize_text(text: str) -> str:
    """Normalise line endings (CRLF/CR -> LF), a stray BOM, Unicode (NFKC) and blank lines.

    NFKC folds full-width ASCII (，：（）％２) to half-width, so that every seed,
    whichever punctuation its typesetter used, is matched by the same patterns.
    Lines holding only spaces become empty; trailing spaces are dropped.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = unicodedata.normalize("NFKC", text)
    text = _SPACE_ONLY_LINE.sub("", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


_T2S = None


def _t2s() -> opencc.OpenCC:
    global _T2S
    if _T2S is None:
        _T2S = opencc.OpenCC("t2s")
    return _T2S


def traditional_share(text: str) -> float:
    """Share of CJK characters that a Traditional-to-Simplified conversion changes."""
    converted = _t2s().convert(text)
    cjk = [i for i, ch in enumerate(text) if "\u4e00" <= ch <= "\u9fff"]
    if not cjk or len(converted) != len(text):
        changed = sum(a != b for a, b in zip(text, converted))
        return changed / max(len(cjk), 1)
    return sum(text[i] != converted[i] for i in cjk) / len(cjk)


def to_simplified(text: str) -> str:
    """Convert Traditional script to Simplified with OpenCC (t2s)."""
    return _t2s().convert(text)


def read_raw(path: Path | str) -> bytes:
    """The bytes of a corpus file; CorpusFileError naming the file when it cannot be read."""
    path = Path(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CorpusFileError(path, f"cannot be read: {exc.strerror or exc}") from None


def document_from_text(path: Path | str, data: bytes, text: str, encoding: str) -> Document:
    """Normalise decoded text into a Document: NFKC and line ends, pinyin glosses out, script detected.

    ``data`` are the raw bytes the text came from (their checksum is kept).
    """
    path = Path(path)
    text = normalize_text(text)
    if not text.strip():
        raise CorpusFileError(path, "contains no text after decoding")
    notes = []
    analysed, glosses = strip_glosses(text)
    if glosses:
        notes.append(f"{len(glosses)} inline pinyin glosses removed, e.g. {glosses[0].context}{glosses[0].gloss}")
    script = detect_script(analysed)
    if script != "chinese":
        notes.append(f"{script.replace('_', '-')} text: not converted by OpenCC")
    else:
        script = "simplified"
        share = traditional_share(analysed)
        if share >= TRADITIONAL_THRESHOLD:
            script = "traditional"
            analysed = to_simplified(analysed)
            notes.append(f"Traditional script ({share:.0%} of CJK characters change); converted with OpenCC t2s")
    return Document(path=path, encoding=encoding, text=analysed, original=text,
                    script=script, sha256=sha256_bytes(data), notes=tuple(notes), glosses=tuple(glosses))


def load_document(path: Path | str) -> Document:
    """Read, decode and normalise one plain-text corpus file. Raise CorpusFileError naming the file.

    Saved web pages go through :func:`czlib.corpus.reading.read_document`.
    """
    data = read_raw(path)
    text, encoding = decode_bytes(data, path)
    return document_from_text(path, data, text, encoding)
