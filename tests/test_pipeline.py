"""The spine: package layout, public API, record types, one pass per article, tables replaced as one set.

Each test names the seed example or the folder state it checks.
"""
from __future__ import annotations

import ast
import hashlib
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import czlib
from czlib import config, pipeline, runner, storage
from czlib.analysis.records import Claim, DateMention, Mention, Quote
from czlib.text.segmentation.segment import Segmenter, Token

PACKAGE = Path(czlib.__file__).resolve().parent
WEB = "002_1b1a24af7ea58fae"          # 2022 web article on province–university cooperation

# Layers, lowest first: a module may import only from its own layer or a lower one.
LAYERS = ["czlib.config", "czlib.cache_entry", "czlib.text", "czlib.corpus", "czlib.analysis", "czlib.pipeline",
          "czlib.manifest", "czlib.storage", "czlib.runner", "czlib.publish", "czlib.cli"]


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """czlib modules imported anywhere in a file (top level and inside functions)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("czlib"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("czlib"):
                continue
            for alias in node.names:  # ``from . import config`` names a module
                candidate = f"{target}.{alias.name}"
                found.add(candidate if _exists(candidate) else target)
    found.discard(name)
    return found


def _exists(module: str) -> bool:
    path = PACKAGE.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): {m for m in _imports(p) if m != "czlib"}
            for p in sorted(PACKAGE.rglob("*.py"))}


def _layer(module: str) -> int:
    return max(i for i, prefix in enumerate(LAYERS) if module == prefix or module.startswith(prefix + "."))


def test_import_graph_of_czlib_has_no_cycle():
    graph = _graph()
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, trail: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle.extend(trail[trail.index(nxt):] + [node, nxt] if nxt in trail else [node, nxt])
                return True
            if state.get(nxt) is None and visit(nxt, trail + [node]):
                return True
        state[node] = 2
        return False

    for node in sorted(graph):
        if state.get(node) is None and visit(node, []):
            break
    assert not cycle, f"import cycle: {' -> '.join(cycle)}"


def test_imports_run_downwards_through_the_stages():
    upward = [(m, i) for m, deps in _graph().items() if m != "czlib"
              for i in deps if _layer(i) > _layer(m)]
    assert not upward, f"modules importing a later stage: {upward}"


def test_no_module_much_over_600_lines():
    long = {p.relative_to(PACKAGE).as_posix(): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 650}
    assert not long, long


def _private_names_used(path: Path, name: str | None = None) -> list[str]:
    """``module._name`` that a file (module ``name``) takes from another czlib module: imported or read."""
    name = name or _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules, found = {}, []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update({a.asname or a.name: a.name for a in node.names if a.name.startswith("czlib")})
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            if not target.startswith("czlib"):
                continue
            for alias in node.names:
                if _exists(f"{target}.{alias.name}"):
                    modules[alias.asname or alias.name] = f"{target}.{alias.name}"
                elif alias.name.startswith("_") and not alias.name.startswith("__") and target != name:
                    found.append(f"{target}.{alias.name}")
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
                and node.attr.startswith("_") and not node.attr.startswith("__")):
            found.append(f"{modules[node.value.id]}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names():
    """A name a module shares is public; ``_names`` stay in their module (checked: imports and attribute reads)."""
    used = {str(p.relative_to(PACKAGE.parent)): names for p in sorted(PACKAGE.rglob("*.py"))
            if (names := _private_names_used(p))}
    assert used == {}


def test_the_private_name_check_sees_an_import_and_an_attribute(tmp_path):
    """The check above finds ``from .segment import _x`` and ``token_table._y`` in a module of czlib.text.segmentation."""
    probe = tmp_path / "probe.py"
    probe.write_text("from .segment import _x\nfrom . import token_table\nz = token_table._y\n", encoding="utf-8")
    assert _private_names_used(probe, "czlib.text.segmentation.probe") == \
        ["czlib.text.segmentation.segment._x", "czlib.text.segmentation.token_table._y"]


def test_no_folder_of_czlib_holds_more_than_12_modules():
    """Folders by concern: a reader finds a stage's modules at a glance (``__init__.py`` counted)."""
    sizes = {str(d.relative_to(PACKAGE.parent)): len(list(d.glob("*.py")))
             for d in [PACKAGE, *sorted(p for p in PACKAGE.rglob("*") if p.is_dir())] if list(d.glob("*.py"))}
    assert {d: n for d, n in sizes.items() if n > 12} == {}


def test_public_api_names_resolve_lazily():
    code = "import sys, czlib; print('czlib.analysis.actors.actors' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"], "import czlib must not import the extractors or pandas"
    for name in ("load_articles", "tokenize", "extract_actors", "extract_quotes", "extract_claims",
                 "extract_dates", "set_theme", "save_figure"):
        assert callable(getattr(czlib, name)), name


# --- record types ------------------------------------------------------------------------

SENTENCE = ("“山西省委、省政府和长治市委、市政府对我们企业的发展特别重视。”山西中科潞安紫外光电科技有限公司董事长李晋闽说。"
            "2022年4月,全市技术合同交易额达50527.94万元,与省内外106所高校达成500余项合作成果。")


def test_every_extractor_returns_its_record_type_with_offsets_into_the_text():
    checks = {
        czlib.tokenize: (Token, "word"),
        czlib.extract_actors: (Mention, "name"),
        czlib.extract_quotes: (Quote, "quote"),
        czlib.extract_claims: (Claim, "raw"),
        czlib.extract_dates: (DateMention, "raw"),
    }
    for extract, (record, field) in checks.items():
        found = extract(SENTENCE)
        assert found, extract.__name__
        for rec in found:
            assert type(rec) is record, (extract.__name__, type(rec))
            start, end = ("quote_start", "quote_end") if record is Quote else ("start", "end")
            assert SENTENCE[getattr(rec, start):getattr(rec, end)] == getattr(rec, field)
            if record is not Token:
                assert rec.as_dict()[field] == getattr(rec, field)


def test_as_dict_of_every_record_equals_dataclasses_asdict():
    """as_dict is a shallow copy (fast); on a sentence with a person, an organisation, a quotation, a claim,
    a date and a first, it gives what dataclasses.asdict gives, field for field and in order."""
    import dataclasses

    doc = czlib.annotate("2023年4月,长治市科技局局长王明说:“今年全市新增高新技术企业120余家,全省首家。”")
    records = [r for layer in ("mentions", "quotes", "numeric", "claims", "dates", "superlatives")
               for r in getattr(doc, layer)]
    assert {type(r).__name__ for r in records} >= {"Mention", "Quote", "NumericMention", "Claim", "DateMention",
                                                   "Superlative"}
    for r in records:
        assert list(r.as_dict().items()) == list(dataclasses.asdict(r).items())


def test_records_are_frozen():
    mention = czlib.extract_actors(SENTENCE)[0]
    with pytest.raises(AttributeError):
        mention.name = "x"


def test_extract_actors_reuses_tokens_it_is_given():
    tokens = czlib.tokenize(SENTENCE)
    assert czlib.extract_actors(SENTENCE, tokens) == czlib.extract_actors(SENTENCE)


def test_extract_quotes_on_a_plain_string_from_the_2022_web_article(articles):
    # 002: "……"山西中科潞安紫外光电科技有限公司董事长李晋闽说。
    text = articles[articles.doc_id == WEB].text.iloc[0]
    quotes = czlib.extract_quotes(text)
    li = [q for q in quotes if q.speaker == "李晋闽"]
    assert li and li[0].kind == "direct"
    assert li[0].quote.startswith("山西省委、省政府和长治市委、市政府对我们企业的发展特别重视")
    for q in quotes:
        assert text[q.quote_start:q.quote_end] == q.quote
        assert text[q.speaker_start:q.speaker_end] == q.speaker


# --- one pass per article ----------------------------------------------------------------

def test_each_article_is_segmented_once_and_its_mentions_extracted_once(monkeypatch, articles):
    from czlib.analysis.actors import actors
    from czlib.analysis.claims import quantities

    resources = pipeline.Resources.for_corpus(config.CORPUS_DIR)
    corpus_segmenter = resources.segmenter
    texts = set(articles.text)
    tagged, found, numbered = Counter(), Counter(), Counter()
    real_tag, real_find, real_numeric = Segmenter.tag, actors._find_drafts, quantities.numeric_mentions

    def tag(self, text):
        if self is corpus_segmenter and text in texts:
            tagged[text] += 1
        return real_tag(self, text)

    def find(text, *args, **kwargs):
        if text in texts:
            found[text] += 1
        return real_find(text, *args, **kwargs)

    def numeric(text):
        numbered[text] += 1
        return real_numeric(text)

    monkeypatch.setattr(Segmenter, "tag", tag)
    monkeypatch.setattr(actors, "_find_drafts", find)
    monkeypatch.setattr(quantities, "numeric_mentions", numeric)
    tables = pipeline.analyse_articles(articles, resources)
    assert set(tables) == set(pipeline.DERIVED)
    assert len(articles) == 31
    per_text = Counter(articles.text)  # identical texts (none in the seeds) would be counted together
    assert tagged == per_text
    assert found == per_text
    assert numbered == per_text


def test_analyse_article_returns_plain_picklable_data(articles):
    import pickle

    result = pipeline.analyse_article(articles.iloc[0].to_dict())
    assert pickle.loads(pickle.dumps(result)) .keys() == result.keys()
    assert set(result) == set(pipeline.DERIVED) | {"article"}  # "article": its st_relevance


# --- tables replaced as one set ----------------------------------------------------------

def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _small_corpus(tmp_path: Path, name: str, docs: dict[str, str]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for stem, text in docs.items():
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
    return folder


OLD_DOCS = {"a": "长治市科技局召开会议。\n\n会议指出,全市新增高新技术企业120家。\n"}
def test_tables_refuse_an_output_folder_with_other_files(tmp_path):
    corpus = _small_corpus(tmp_path, "c", OLD_DOCS)
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.docx").write_bytes(b"mine")
    with pytest.raises(storage.TablesFolderError, match="notes.docx"):
        runner.write_tables(corpus, out)
    assert (out / "notes.docx").read_bytes() == b"mine"
