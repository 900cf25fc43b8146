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
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import opencc

from ... import config
from ...text.glosses import Gloss, strip_glosses
from ..registry.names import shown_path
from ...text.scripts import detect_script


class CorpusFileError(ValueError):
    """A corpus file that cannot be loaded; the message names the file and the problem."""

    def __init__(self, path: Path | str, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{shown_path(self.path)}: {problem}")

    def __reduce__(self):  # picklable (a worker process or a Dask worker raises it)
        return type(self), (self.path, self.problem)


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
    ``web`` is set for a saved web page: what its HTML states (title,
    authors, editors, sitename, head_lines), see :mod:`czlib.corpus.reading.reading`.
    """

    path: Path
    encoding: str
    text: str
    original: str
    script: str  # "simplified", "traditional" (converted for analysis), "japanese", "korean", "non_chinese"
    sha256: str
    notes: tuple[str, ...] = field(default_factory=tuple)
    glosses: tuple[Gloss, ...] = field(default_factory=tuple)
    web: dict[str, str] | None = None

    @property
    def doc_id(self) -> str:
        return self.path.stem


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of raw bytes (the corpus integrity checksum)."""
    return hashlib.sha256(data).hexdigest()


def _looks_like_utf16(data: bytes) -> str | None:
    """Return 'utf-16-le'/'utf-16-be' when the bytes read as plausible UTF-16 text without a byte-order mark.

    ASCII-heavy UTF-16 has its NULs on one parity; Chinese UTF-16 has few NULs.
    Either way the decoded text must be mostly characters of news text and
    hold a letter.  A short text may decode plausibly both ways: the reading
    with more common CJK and ASCII characters wins, little-endian on a tie.
    """
    if len(data) < 2 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    candidates = []
    for enc in ("utf-16-le", "utf-16-be"):
        if (enc == "utf-16-le" and odd < even) or (enc == "utf-16-be" and even < odd):
            continue  # the NULs sit on the other side
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" in text or not any(ch.isalpha() for ch in text):
            continue
        if _plausible_text_share(text) > 0.9:
            common = sum(ch.isascii() or _in_gb2312(ch) for ch in text) / len(text)
            candidates.append((common, enc == "utf-16-le", enc))
    return max(candidates)[2] if candidates else None


def _in_gb2312(ch: str) -> bool:
    """A character of GB2312, the 7,000 most common Chinese characters and symbols."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


# A well-formed UTF-8 multi-byte sequence, a run of ASCII, or any other (offending) byte.
_UTF8_SEQUENCE = re.compile(
    rb"(?P<multi>[\xC2-\xDF][\x80-\xBF]|\xE0[\xA0-\xBF][\x80-\xBF]|[\xE1-\xEC\xEE\xEF][\x80-\xBF]{2}"
    rb"|\xED[\x80-\x9F][\x80-\xBF]|\xF0[\x90-\xBF][\x80-\xBF]{2}|[\xF1-\xF3][\x80-\xBF]{3}"
    rb"|\xF4[\x80-\x8F][\x80-\xBF]{2})|(?P<ascii>[\x00-\x7F]+)|(?P<bad>.)", re.DOTALL)
# Mixed when at least this many well-formed UTF-8 characters make up this share of the non-ASCII bytes.
MIXED_MIN_UTF8_CHARS = 8
MIXED_MIN_UTF8_SHARE = 0.6


def _utf8_profile(data: bytes) -> tuple[int, int, int]:
    """(well-formed multi-byte UTF-8 characters, their bytes, offending bytes) of some bytes."""
    chars = good = bad = 0
    for match in _UTF8_SEQUENCE.finditer(data):
        if match.lastgroup == "multi":
            chars += 1
            good += match.end() - match.start()
        elif match.lastgroup == "bad":
            bad += 1
    return chars, good, bad


def _show_bytes(data: bytes, offset: int) -> str:
    return " ".join(f"0x{b:02X}" for b in data[offset:offset + 2])


def _nul_problem(text: str, data: bytes, encoding: str) -> str | None:
    """'contains a NUL byte at byte offset N' when the decoded text holds U+0000, else None."""
    index = text.find("\x00")
    if index < 0:
        return None
    bom = {"utf-8-sig": 3, "utf-16": 2, "utf-32": 4}.get(encoding, 0)
    codec = {"utf-8-sig": "utf-8", "utf-16": "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be",
             "utf-32": "utf-32-le" if data.startswith(codecs.BOM_UTF32_LE) else "utf-32-be"}.get(encoding, encoding)
    try:
        offset = bom + len(text[:index].encode(codec))
    except (LookupError, UnicodeEncodeError):
        offset = -1
    where = f"at byte offset {offset}" if offset >= 0 else f"at character {index}"
    return (f"contains a NUL byte {where} (read as {encoding}): not plain text; "
            "remove the NUL bytes or re-save the text from its source")


def decode_marked(data: bytes, path: Path | str, kind: str) -> tuple[str, str] | None:
    """The first steps of every reader: refuse an empty file, decode by a byte-order mark.

    Returns ``(text, encoding)`` for a file with a byte-order mark, None for one
    without; ``kind`` ("text", "page") words the empty-file message.
    """
    if not data or not data.strip(b" \t\r\n\x00"):
        raise CorpusFileError(path, f"file is empty (nothing to register: was the {kind} saved?)")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise CorpusFileError(path, f"has a {enc} byte-order mark but byte offset {exc.start} "
                                            f"({_show_bytes(data, exc.start)}) is not {enc}; "
                                            "re-save the file in one encoding (UTF-8)") from None
    return None


def decode_bytes(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Decode raw bytes; return (text, encoding name). Raise CorpusFileError on failure.

    Refused with the byte offset where it is known: NUL bytes in text,
    UTF-8 interrupted by bytes of another encoding (mixed encodings), bytes
    that no encoding tried reads.
    """
    marked = decode_marked(data, path, "text")
    if marked is not None:
        if problem := _nul_problem(marked[0], data, marked[1]):
            raise CorpusFileError(path, problem)
        return marked
    if b"\x00" in data:
        utf16 = _looks_like_utf16(data)
        if utf16:
            return data.decode(utf16), utf16
        text = data.decode("utf-8", errors="replace")
        offset = data.index(b"\x00")
        if _control_share(text) > 0.01 and not _mostly_text(data):
            raise CorpusFileError(path, f"looks binary (NUL bytes from byte offset {offset}; not UTF-16 text): "
                                        "only plain text or saved web pages can be read")
        raise CorpusFileError(path, f"contains a NUL byte at byte offset {offset}: not plain text; "
                                    "remove the NUL bytes or re-save the text from its source")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    utf16 = _looks_like_utf16(data)
    if utf16:
        return data.decode(utf16), utf16
    chars, good, bad = _utf8_profile(data)
    if chars >= MIXED_MIN_UTF8_CHARS and good >= MIXED_MIN_UTF8_SHARE * (good + bad):
        try:
            data.decode("gb18030")
            gb = "gb18030 would garble the UTF-8 part"
        except UnicodeDecodeError as exc:
            gb = f"gb18030 fails at byte offset {exc.start}"
        raise CorpusFileError(
            path, f"mixes encodings: UTF-8 up to byte offset {utf8_error}, where {_show_bytes(data, utf8_error)} "
                  f"is not UTF-8 ({bad} such byte(s) in all); tried utf-8, utf-16 (not UTF-16 text), {gb}; "
                  "re-save the whole text in one encoding (UTF-8)")
    tried = f"not UTF-8 from byte offset {utf8_error} ({_show_bytes(data, utf8_error)}), not UTF-16"
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise CorpusFileError(path, f"cannot detect a text encoding: {tried}, and the detector finds none "
                                    "(binary or corrupt file?)")
    try:
        enc = codecs.lookup(best.encoding).name
    except LookupError:
        enc = best.encoding.lower()
    if enc.replace("-", "").replace("_", "") in _GB_FAMILY or enc.startswith("gb"):
        enc = "gb18030"
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError) as exc:
        where = f" at byte offset {exc.start}" if isinstance(exc, UnicodeDecodeError) else ""
        raise CorpusFileError(path, f"{tried}, and the detected encoding {enc!r} fails{where}; "
                                    "re-save the text in one encoding (UTF-8)") from None
    if _control_share(text) > 0.01:
        raise CorpusFileError(path, f"decodes as {enc!r} only to control characters: binary file?")
    return text, enc


def _mostly_text(data: bytes) -> bool:
    """Bytes that are mostly printable ASCII or well-formed UTF-8 (text with a few NULs, not a binary file)."""
    chars, good, bad = _utf8_profile(data)
    printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in data)
    return (printable + good) >= 0.9 * len(data)


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
    if converted == text:
        return 0.0
    cjk = [i for i, ch in enumerate(text) if "\u4e00" <= ch <= "\u9fff"]
    if not cjk or len(converted) != len(text):
        changed = sum(a != b for a, b in zip(text, converted))
        return changed / max(len(cjk), 1)
    return sum(text[i] != converted[i] for i in cjk) / len(cjk)


def to_simplified(text: str) -> str:
    """Convert Traditional script to Simplified with OpenCC (t2s)."""
    return _t2s().convert(text)


def read_raw(path: Path | str) -> bytes:
    """The bytes of a corpus file; CorpusFileError naming the file when it cannot be read.

    A file over :data:`czlib.config.MAX_FILE_BYTES` is refused before it is
    read: memory stays bounded whatever lands in a corpus folder.
    """
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            limit = config.MAX_FILE_BYTES
            if size > limit:
                raise CorpusFileError(path, f"is {size:,} bytes, over the limit of {limit:,} bytes for one corpus "
                                            "file; split it into articles, or raise the limit with the environment "
                                            "variable CZLIB_MAX_FILE_BYTES")
            return handle.read()
    except OSError as exc:
        hint = "; check the file's permissions" if isinstance(exc, PermissionError) else ""
        raise CorpusFileError(path, f"cannot be read: {exc.strerror or exc}{hint}") from None


def document_from_text(path: Path | str, data: bytes, text: str, encoding: str) -> Document:
    """Normalise decoded text into a Document: NFKC and line ends, pinyin glosses out, script detected.

    ``data`` are the raw bytes the text came from (their checksum is kept).
    """
    path = Path(path)
    text = normalize_text(text)
    if not text.strip():
        raise CorpusFileError(path, "contains no text after decoding")
    if "\x00" in text:
        raise CorpusFileError(path, "contains a NUL character: not plain text; remove it or re-save the text")
    if not any(unicodedata.category(ch).startswith("L") for ch in text):
        raise CorpusFileError(path, "has no letters (only punctuation, digits or symbols): not an article; "
                                    "check that the right file was saved")
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

    Saved web pages go through :func:`czlib.corpus.reading.reading.read_document`.
    """
    data = read_raw(path)
    text, encoding = decode_bytes(data, path)
    return document_from_text(path, data, text, encoding)
