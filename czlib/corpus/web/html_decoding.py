"""Is a file HTML, and in which charset: the byte-level half of reading saved web pages.

A page saved as ``.txt`` is still HTML (:func:`looks_like_html`); its charset
comes from the byte-order mark, else strict UTF-8, else its own ``<meta>``
declaration (GB2312/GBK read as GB18030), else the detector of
:mod:`czlib.corpus.reading.decoding` (:func:`decode_html`).  UTF-8 is tried before the
declaration because pages often declare a charset they are not in.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..reading.decoding import CorpusFileError, decode_bytes, decode_marked

# --------------------------------------------------------------------------- detection

_HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(
    rb"</?(?:p|div|span|a|br|img|table|tr|td|ul|ol|li|h[1-6]|strong|b|i|em|font|section|article|"
    rb"meta|link|script|style|title|iframe|form|input)(?:\s[^<>]{0,1000})?/?>",
    re.IGNORECASE,
)
MIN_TAGS = 10  # this many HTML tags make a file without <html>/<body> HTML


def _ascii_view(data: bytes, limit: int = 65536) -> bytes:
    """The first bytes, with UTF-16/32 re-encoded so that tags are ASCII bytes."""
    sample = data[: limit * 4]
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if sample.startswith(bom):
            return sample.decode(enc, errors="replace")[:limit].encode("utf-8", errors="replace")
    return sample[:limit]


def looks_like_html(data: bytes) -> bool:
    """True when the bytes are an HTML page, whatever the file is called (``.txt`` too).

    An HTML doctype, ``<html>``, ``<head>`` or ``<body>`` tag decides; without
    one, at least :data:`MIN_TAGS` common HTML tags of at least two kinds.
    """
    sample = _ascii_view(data)
    if _HTML_START.search(sample):
        return True
    tags = _HTML_TAG.findall(sample)
    if len(tags) < MIN_TAGS:
        return False
    kinds = {re.match(rb"</?([a-zA-Z0-9]+)", tag).group(1).lower() for tag in tags}
    return len(kinds) >= 2


# --------------------------------------------------------------------------- decoding

# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">;
# not <script charset>, which describes the script file, not the page.
_META_CHARSET = re.compile(rb"<meta\s[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml\s[^>]*encoding\s*=\s*[\"']([A-Za-z0-9_.\-]+)", re.IGNORECASE)
# Declared charsets read as a superset (what browsers do too).
_CHARSET_ALIASES = {
    **dict.fromkeys(("gb2312", "gbk", "gb18030", "cp936", "x-gbk", "gb-2312", "csgb2312", "euc-cn",
                     "gb2312-80", "windows-936", "ms936"), "gb18030"),
    **dict.fromkeys(("big5", "big5-hkscs", "big5hkscs", "cp950", "x-x-big5", "csbig5"), "big5hkscs"),
}
# Western single-byte charsets decode any bytes at all; declared on a Chinese page
# that is not UTF-8 they are wrong, so the detector decides instead.
_SINGLE_BYTE = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252"}


def declared_charset(data: bytes) -> str:
    """The charset the page declares (XML declaration or ``<meta>``), lower-case, or ''."""
    head = data[:65536]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else ""


def decode_html(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Decode a saved web page; return ``(text, codec name)``.

    Order: byte-order mark; strict UTF-8; the declared charset (GB2312/GBK as
    GB18030); the detector (:func:`czlib.corpus.reading.decoding.decode_bytes`).  Raise
    :class:`~czlib.corpus.reading.decoding.CorpusFileError` naming the file when none works.
    """
    marked = decode_marked(data, path, "page")
    if marked is not None:
        return marked
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared and declared not in _SINGLE_BYTE:
        enc = _CHARSET_ALIASES.get(declared.replace("_", "-"), declared)
        try:
            codecs.lookup(enc)
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass  # unknown or wrong declaration: let the detector decide
    try:
        return decode_bytes(data, path)
    except CorpusFileError as exc:
        note = f" (declared charset {declared!r} does not decode it either)" if declared else ""
        raise CorpusFileError(path, f"is not decodable HTML: {exc.problem}{note}") from None
