"""Render executed notebooks as self-contained HTML pages that are safe to share.

Why this module exists: the notebooks are shared as HTML with colleagues who
may be offline, may have no Chinese fonts, and should never be exposed to
markup smuggled into a scraped article.  nbconvert's stock templates load
MathJax and require.js from a CDN and insert an output's HTML verbatim, so
czlib renders with its own template (``czlib/publish/build/templates/czlib``, built on
nbconvert's "lab" template) and these rules:

* no ``<script>`` at all and nothing fetched from the network: every image is
  a ``data:`` URI, the stylesheet is inlined, the CJK font is embedded;
* Chinese renders everywhere: the page embeds a subset of the bundled Noto
  Sans CJK SC font holding exactly the CJK characters the pages use, behind
  the reader's own CJK fonts in the font stack;
* untrusted text stays text: every output's HTML goes through an allowlist
  sanitiser that escapes (shows as text) any tag outside plain tables and
  formatting -- ``<script>``, ``<a>``, ``<iframe>``, event handlers, external
  images -- and a Markdown output is shown as its source text, never
  rendered.  Markdown cells (written by the notebook authors) are sanitised
  too, with links allowed.
"""
from __future__ import annotations

import base64
import hashlib
import json
import html
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import bleach
from bleach.css_sanitizer import CSSSanitizer
from bleach.html5lib_shim import Filter

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "czlib"
FONT_PLACEHOLDER = "<!-- czlib:cjk-font -->"
FONT_FAMILY = "czlib CJK"

# Code points served by the embedded font: CJK ideographs, radicals, CJK
# punctuation, kana/bopomofo, enclosed CJK, compatibility forms and the
# full-width forms.  Latin text keeps the reader's own fonts.
CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3100, 0x312F),
    (0x3190, 0x31FF), (0x3200, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF), (0xFE10, 0xFE1F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
    (0x20000, 0x2FA1F),
)

# The embedded subset comes first in every font stack: its unicode-range
# limits it to CJK, so Latin text falls through to the next fonts.  (Listed
# after system-ui, Chromium drew the first CJK run as empty boxes.)  The
# reader's own CJK fonts follow, for characters outside the subset.
_CJK_SYSTEM_FONTS = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", '
                     '"Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei"')
PAGE_CSS = f"""
:root {{
  --jp-ui-font-family: "{FONT_FAMILY}", system-ui, -apple-system, "Segoe UI", helvetica, arial,
    {_CJK_SYSTEM_FONTS}, sans-serif;
  --jp-content-font-family: "{FONT_FAMILY}", system-ui, -apple-system, "Segoe UI", helvetica, arial,
    {_CJK_SYSTEM_FONTS}, sans-serif;
  --jp-code-font-family: "{FONT_FAMILY}", menlo, consolas, "DejaVu Sans Mono", {_CJK_SYSTEM_FONTS},
    monospace;
  --jp-code-font-family-default: var(--jp-code-font-family);
}}
body {{ font-family: var(--jp-content-font-family); }}
main {{ max-width: 1100px; margin: 0 auto; }}
.czlib-nav, .czlib-footer {{
  font-family: var(--jp-ui-font-family); font-size: 14px; color: #555;
  max-width: 1100px; margin: 0 auto; padding: 12px 16px;
}}
.czlib-nav {{ border-bottom: 1px solid #ddd; }}
.czlib-footer {{ border-top: 1px solid #ddd; margin-top: 24px; }}
.czlib-nav a, .czlib-footer a {{ color: #0b5cad; }}
.jp-RenderedHTMLCommon table.czlib-table td {{ text-align: left; }}
.czlib-caption {{ font-weight: 600; }}
.czlib-note {{ color: #555; font-size: 90%; }}
.czlib-markdown-source pre {{ white-space: pre-wrap; }}
figure.czlib-figure {{ margin: 0.6em 0 1.4em; }}
figure.czlib-figure img {{ max-width: 100%; height: auto; }}
figure.czlib-figure figcaption {{ font-size: 15px; line-height: 1.45; color: #333; margin-top: 0.4em;
  max-width: 900px; }}
.czlib-figure-number {{ font-weight: 600; }}
.jp-OutputArea-output pre {{ white-space: pre-wrap; word-break: break-word; }}
"""

# --- sanitising -----------------------------------------------------------

# Outputs may carry corpus text, so their allowlist is what pandas tables
# need and no more: an article's <b>, <a> or <script> shows as typed.
_TABLE_TAGS = {"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col"}
_LAYOUT_TAGS = {"div", "p", "span", "br"}
_TEXT_TAGS = {
    "hr", "pre", "code", "b", "i", "em", "strong", "small", "sub", "sup", "ul", "ol", "li",
    "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "kbd", "samp", "var",
    "mark", "del", "ins", "s", "u", "abbr", "q", "cite",
}
OUTPUT_TAGS = frozenset(_TABLE_TAGS | _LAYOUT_TAGS | {"img", "style"})
MARKDOWN_TAGS = frozenset(OUTPUT_TAGS | _TEXT_TAGS | {"a", "details", "summary", "figure", "figcaption"})
_COMMON_ATTRIBUTES = ["class", "id", "style", "title", "lang", "dir"]
OUTPUT_ATTRIBUTES = {
    "*": _COMMON_ATTRIBUTES,
    "td": [*_COMMON_ATTRIBUTES, "colspan", "rowspan", "align", "valign"],
    "th": [*_COMMON_ATTRIBUTES, "colspan", "rowspan", "align", "valign", "scope"],
    "table": [*_COMMON_ATTRIBUTES, "border", "cellpadding", "cellspacing"],
    "col": [*_COMMON_ATTRIBUTES, "span"],
    "img": [*_COMMON_ATTRIBUTES, "src", "alt", "width", "height"],
    "ol": [*_COMMON_ATTRIBUTES, "start"],
}
MARKDOWN_ATTRIBUTES = {**OUTPUT_ATTRIBUTES, "a": [*_COMMON_ATTRIBUTES, "href"]}
_UNSAFE_CSS = re.compile(r"url\(|@import|expression|javascript:|behavior|binding|\\|</", re.I)


class _DropUnsafeElements(Filter):
    """Drop ``<style>`` blocks that could fetch or run anything, and images without a source.

    Runs after bleach's sanitiser, so disallowed tags have already become
    text.  Style blocks are kept (pandas' Styler colours tables with them)
    only when their CSS has no ``url(``, ``@import``, escapes or the like.
    An ``<img>`` whose ``src`` the sanitiser removed (an external address)
    is dropped so the page shows no broken image.
    """

    def __iter__(self):
        style_tokens: list[dict] | None = None
        for token in super().__iter__():
            kind, name = token.get("type"), token.get("name")
            if style_tokens is not None:
                style_tokens.append(token)
                if kind == "EndTag" and name == "style":
                    css = "".join(t.get("data", "") for t in style_tokens
                                  if t.get("type") in ("Characters", "SpaceCharacters"))
                    if not _UNSAFE_CSS.search(css):
                        yield from style_tokens
                    style_tokens = None
                continue
            if kind == "StartTag" and name == "style":
                style_tokens = [token]
                continue
            if kind in ("StartTag", "EmptyTag") and name == "img":
                if not any(key[1] == "src" for key in token.get("data", {})):
                    continue
            yield token


def _cleaner(tags: frozenset[str], attributes: dict, protocols: set[str]) -> bleach.Cleaner:
    return bleach.Cleaner(tags=tags, attributes=attributes, protocols=protocols, strip=False,
                          strip_comments=True, css_sanitizer=CSSSanitizer(),
                          filters=[_DropUnsafeElements])


_OUTPUT_CLEANER = _cleaner(OUTPUT_TAGS, OUTPUT_ATTRIBUTES, {"data"})
_MARKDOWN_CLEANER = _cleaner(MARKDOWN_TAGS, MARKDOWN_ATTRIBUTES, {"http", "https", "mailto", "data"})


def sanitize_output_html(markup: str) -> str:
    """Return cell-output HTML with everything but tables, layout and data-URI images escaped.

    Tags outside the allowlist (table structure, div/p/span/br, style,
    ``<img>``) -- ``<script>``, ``<a>``, ``<b>``, ``<iframe>``, ``<svg>``,
    forms -- come back as visible text (``&lt;script&gt;``),
    attributes outside the allowlist (``onclick``, ``href``) are removed,
    images keep only ``data:`` sources, and inline CSS keeps only harmless
    properties.  This is for outputs, which may carry scraped corpus text.
    """
    return _OUTPUT_CLEANER.clean(str(markup))


def sanitize_markdown_html(markup: str) -> str:
    """Return HTML rendered from an author's Markdown cell, sanitised but with links kept.

    The allowlist of :func:`sanitize_output_html` plus text formatting
    (headings, emphasis, code, lists, quotes), ``<a href>`` with http(s),
    mailto or relative targets, and details/summary/figure.
    """
    return _MARKDOWN_CLEANER.clean(str(markup))


# --- titles and summaries ---------------------------------------------------

class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def _markdown_to_text(source: str) -> str:
    """Return the visible text of a Markdown fragment (formatting and link targets removed)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    extractor = _TextExtractor()
    extractor.feed(markdown2html_mistune(source))
    extractor.close()
    return re.sub(r"\s+", " ", "".join(extractor.parts)).strip()


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)(?<!\bcf)(?<!\bal)([.!?])\s+(?=[A-Z(\"“])|([。！？])")
_LABEL = re.compile(r"[A-Za-z]+[.:]")


def first_sentence(text: str) -> str:
    """Return the first sentence of ``text`` (English or Chinese punctuation), without trailing space.

    A leading one-word label such as "Question." is skipped, so a cell that
    opens with "**Question.** What ...?" is summarised by the question.
    """
    rest = " ".join(text.split())
    while True:
        match = _SENTENCE_END.search(rest)
        if not match:
            return rest
        end = match.end(1) if match.group(1) else match.end(2)
        sentence, after = rest[:end].strip(), rest[end:].strip()
        if _LABEL.fullmatch(sentence) and after:
            rest = after
            continue
        return sentence


def _markdown_sources(nb) -> list[str]:
    return [cell.source for cell in nb.cells if cell.cell_type == "markdown" and cell.source.strip()]


def notebook_title(nb, fallback: str = "") -> str:
    """Return the text of the notebook's first Markdown heading, or ``fallback`` when it has none."""
    for source in _markdown_sources(nb):
        for line in source.splitlines():
            match = _HEADING.match(line)
            if match:
                return _markdown_to_text(match.group(1))
    return fallback


def notebook_summary(nb) -> str:
    """Return the first sentence of the first Markdown paragraph after the first heading ('' if none)."""
    seen_heading = False
    for source in _markdown_sources(nb):
        paragraph: list[str] = []
        for line in source.splitlines() + [""]:
            if not seen_heading:
                seen_heading = bool(_HEADING.match(line))
                continue
            if _HEADING.match(line):
                if paragraph:
                    break
                continue
            if line.strip():
                paragraph.append(line)
            elif paragraph:
                break
        if paragraph:
            return first_sentence(_markdown_to_text("\n".join(paragraph)))
    return ""


# --- pages --------------------------------------------------------------------

@dataclass(frozen=True)
class PageLinks:
    """Where a notebook page links to: the index and its other version."""

    index: str = "index.html"
    other_version: str = ""
    other_label: str = ""
    source_name: str = ""


def _markdown_output_as_text(source) -> str:
    text = "".join(source) if isinstance(source, list) else str(source)
    return (f'<div class="czlib-markdown-source"><pre>{html.escape(text, quote=False)}</pre></div>')


def make_exporter(reader: bool):
    """Return a configured nbconvert HTMLExporter: czlib template, no code when ``reader``."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=reader,
        exclude_input_prompt=reader,
        exclude_output_prompt=reader,
        embed_images=True,
        sanitize_html=False,  # we sanitise ourselves (stricter), see the template
        require_js_url="",
        mathjax_url="",
        mermaid_js_url="",
        mermaid_layout_elk_js_url="",
        jquery_url="",
        jupyter_widgets_base_url="",
        widget_renderer_url="",
        theme="light",
        exclude_anchor_links=True,  # an empty anchor text makes nbconvert emit <a/>, which swallows the cell
    )
    exporter.register_filter("czlib_output_html", sanitize_output_html)
    exporter.register_filter("czlib_markdown_html", sanitize_markdown_html)
    exporter.register_filter("czlib_markdown_as_text", _markdown_output_as_text)
    return exporter


_DISPLAY_PRIORITY = ["text/html", "text/markdown", "image/png", "image/jpeg", "image/svg+xml",
                     "text/latex", "text/plain"]


FIGURE_KEY = "czlib_figure"  # output metadata written by czlib.publish.figures.show_figure


def number_figures(nb) -> int:
    """Number the captioned figures of ``nb`` in order (1, 2, ...) in their output metadata; return the count.

    A figure is an output carrying :data:`FIGURE_KEY` metadata (caption and
    alt text) from :func:`czlib.publish.figures.show_figure`; the template
    renders it as ``<figure>`` with ``<figcaption>Figure N. caption``.
    """
    number = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            figure = output.get("metadata", {}).get(FIGURE_KEY)
            if isinstance(figure, dict) and "image/png" in output.get("data", {}):
                number += 1
                figure["number"] = number
    return number


def _prepare_for_page(nb, title: str, reader: bool):
    """Return a copy of ``nb`` ready for rendering: title set, figures numbered, scripts and widgets dropped.

    JavaScript and widget outputs are removed (the pages run no script);
    the reader version also drops stderr streams (warnings, progress noise).
    """
    import copy

    nb = copy.deepcopy(nb)
    nb.metadata["title"] = title
    nb.metadata.pop("widgets", None)
    number_figures(nb)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            if reader and output.get("output_type") == "stream" and output.get("name") == "stderr":
                continue
            data = output.get("data")
            if data is not None:
                for mime in list(data):
                    if mime not in _DISPLAY_PRIORITY:
                        del data[mime]
                if not data:
                    continue
            kept.append(output)
        cell.outputs = kept
    return nb


def render_notebook_page(nb, *, name: str, notebook_dir: Path | str, reader: bool,
                         links: PageLinks) -> str:
    """Return one notebook as a self-contained HTML page (full or reader version).

    ``nb`` is an executed notebook; ``notebook_dir`` resolves images that
    Markdown cells reference (they are embedded).  The page holds the font
    placeholder :data:`FONT_PLACEHOLDER`, replaced by :func:`embed_font`.
    """
    from traitlets.config import Config

    title = notebook_title(nb, fallback=name)
    page_nb = _prepare_for_page(nb, title, reader)
    exporter = make_exporter(reader)
    exporter.config = Config({"NbConvertBase": {"display_data_priority": _DISPLAY_PRIORITY}})
    version = "Reader version (code hidden)" if reader else "Full version (with code)"
    nav = (f'<a href="{html.escape(links.index)}">All notebooks</a> · '
           f'<strong>{html.escape(title)}</strong> · {html.escape(version)}')
    if links.other_version:
        nav += (f' · <a href="{html.escape(links.other_version)}">'
                f'{html.escape(links.other_label)}</a>')
    footer = ("Rendered by <code>czlib build</code> from "
              f"<code>notebooks/{html.escape(links.source_name or name + '.ipynb')}</code>. "
              "Text from the corpus is shown as plain text; this page loads nothing from the network.")
    resources = {
        "metadata": {"name": title, "path": str(notebook_dir)},
        "czlib": {"css": PAGE_CSS, "nav": nav, "footer": footer,
                  "font_placeholder": FONT_PLACEHOLDER},
    }
    body, _ = exporter.from_notebook_node(page_nb, resources=resources)
    return body


def render_index(entries: Sequence[dict], *, heading: str = "czlib notebooks",
                 intro: str = "") -> str:
    """Return index.html listing the notebooks; each entry has name, title, summary, full, reader.

    All text is escaped.  The page holds :data:`FONT_PLACEHOLDER`.
    """
    items = []
    for entry in entries:
        items.append(
            "<li>"
            f'<h2><a href="{html.escape(entry["reader"])}">{html.escape(entry["title"])}</a></h2>'
            f'<p class="summary">{html.escape(entry["summary"])}</p>'
            f'<p class="links"><a href="{html.escape(entry["reader"])}">Read (code hidden)</a> · '
            f'<a href="{html.escape(entry["full"])}">Full notebook with code</a> · '
            f'<code>notebooks/{html.escape(entry["name"])}.ipynb</code></p>'
            "</li>"
        )
    intro_html = f"<p>{html.escape(intro)}</p>" if intro else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(heading)}</title>
<style type="text/css">
{PAGE_CSS}
body {{ margin: 0; color: #222; line-height: 1.5; }}
main {{ padding: 8px 16px 32px; }}
ol.notebooks {{ padding-left: 1.2em; }}
ol.notebooks li {{ margin-bottom: 1.4em; }}
ol.notebooks h2 {{ font-size: 1.25em; margin: 0 0 0.2em; }}
ol.notebooks p {{ margin: 0.2em 0; }}
p.summary {{ color: #333; }}
p.links {{ font-size: 90%; color: #555; }}
a {{ color: #0b5cad; }}
</style>
{FONT_PLACEHOLDER}
</head>
<body>
<main>
<h1>{html.escape(heading)}</h1>
{intro_html}
<ol class="notebooks">
{"".join(items)}
</ol>
<p class="links">Each page is self-contained: it works offline and can be shared as a single file.</p>
</main>
</body>
</html>
"""


# --- the embedded CJK font ------------------------------------------------------

def _is_cjk(codepoint: int) -> bool:
    return any(low <= codepoint <= high for low, high in CJK_RANGES)


def cjk_characters(texts: Iterable[str]) -> str:
    """Return the sorted distinct CJK characters (see :data:`CJK_RANGES`) used in ``texts``."""
    chars: set[str] = set()
    for text in texts:
        chars.update(ch for ch in set(text) if _is_cjk(ord(ch)))
    return "".join(sorted(chars))


def _unicode_range() -> str:
    return ", ".join(f"U+{low:04X}-{high:04X}" for low, high in CJK_RANGES)


def subset_font(font_path: Path | str, characters: str) -> bytes:
    """Return a WOFF font holding only ``characters`` from ``font_path`` (no hinting or layout features)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"
    options.hinting = False
    options.notdef_outline = True
    # Horizontal CJK text needs no OpenType layout features or vertical
    # metrics; leaving them out makes the subset smaller and faster to build.
    options.layout_features = []
    options.drop_tables += ["DSIG", "VORG", "vhea", "vmtx"]
    font = TTFont(str(font_path), lazy=True, recalcTimestamp=False)  # same bytes on every run
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    return buffer.getvalue()


def font_face_css(characters: str, font_path: Path | str, cache_dir: Path | str | None = None) -> str:
    """Return a ``<style>`` block with an @font-face embedding a subset font for ``characters``.

    The subset is cached in ``cache_dir`` under the hash of the font file
    name, size and the characters, since subsetting a 16 MB CJK font takes
    seconds.  Returns '' when there are no characters.
    """
    if not characters:
        return ""
    font_path = Path(font_path)
    stat = font_path.stat()
    key = hashlib.sha256(f"{font_path.name}\0{stat.st_size}\0{characters}".encode()).hexdigest()[:32]
    cached = Path(cache_dir) / f"cjk-{key}.woff" if cache_dir is not None else None
    data = _cached_font(cached, key) if cached is not None else None
    if data is None:
        data = subset_font(font_path, characters)
        if cached is not None:
            _write_entry(cached, data)
            _write_entry(cached.with_suffix(".json"), json.dumps(
                {"key": key, "sha256": hashlib.sha256(data).hexdigest()}).encode())
    encoded = base64.b64encode(data).decode("ascii")
    return ('<style type="text/css">\n'
            f'@font-face {{ font-family: "{FONT_FAMILY}"; font-style: normal; font-weight: 400; '
            f'font-display: block; src: url(data:font/woff;base64,{encoded}) format("woff"); '
            f"unicode-range: {_unicode_range()}; }}\n"
            "</style>")


def _write_entry(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)


def _cached_font(path: Path, key: str) -> bytes | None:
    """A cached font subset whose record names ``key`` and its sha256; None (with a notice if damaged)."""
    import warnings

    from ...cache_entry import CacheEntryWarning

    record = path.with_suffix(".json")
    if not path.is_file():
        return None
    try:
        data, sums = path.read_bytes(), json.loads(record.read_text(encoding="utf-8"))
        digest = hashlib.sha256(data).hexdigest()
        if isinstance(sums, dict) and sums.get("key") == key and sums.get("sha256") == digest:
            return data
    except (OSError, ValueError):
        pass
    warnings.warn(f"{path}: cached font does not match its checksum; made again", CacheEntryWarning, stacklevel=2)
    return None


def embed_font(page: str, font_css: str) -> str:
    """Return ``page`` with its font placeholder replaced by ``font_css`` (first occurrence only)."""
    if FONT_PLACEHOLDER not in page:
        raise ValueError("page has no czlib font placeholder; was it rendered by czlib.publish.build.html?")
    return page.replace(FONT_PLACEHOLDER, font_css, 1)
