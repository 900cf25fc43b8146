"""Scale: the same tables whatever the processes or cluster, an incremental cache, Parquet output, progress.

The corpus here is written for the tests (short county news items in the style
of the seeds, in our own words); each test names the rule it checks.
"""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from czlib import runner, storage

COUNTIES = ["潞城区", "屯留区", "襄垣县", "平顺县", "黎城县", "壶关县", "长子县", "武乡县", "沁县", "沁源县"]
FIELDS = ["新材料", "光电", "中药材", "煤化工", "智能制造", "氢能"]
NAMES = ["王立强", "李秀梅", "赵文斌", "刘海燕", "陈志远", "孙建华"]


def county_item(i: int) -> str:
    """One short news item, different for each ``i``."""
    county, field, name = COUNTIES[i % len(COUNTIES)], FIELDS[i % len(FIELDS)], NAMES[i % len(NAMES)]
    return (f"{county}{field}产业项目集中开工\n\n"
            f"本报讯(记者{name})记者从{county}科技局获悉,今年以来全县新增高新技术企业{10 + i}家,"
            f"研发投入约{1 + i % 7}.{i % 10}亿元,同比增长{5 + i % 20}%以上。\n\n"
            f"“我们将继续加大{field}领域的科技创新力度。”{county}科技局局长{name}说。\n")


def write_corpus(folder: Path, n: int, start: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (folder / f"item{i:03d}.txt").write_text(county_item(i), encoding="utf-8")
    return folder


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    # enough documents that two workers are really started (runner.MIN_DOCUMENTS_FOR_WORKERS),
    # each task taking 3 of them (to_compute // (8 * jobs))
    return write_corpus(tmp_path_factory.mktemp("scale") / "corpus", max(runner.MIN_DOCUMENTS_FOR_WORKERS + 6, 48))


@pytest.fixture(scope="module")
def serial_tables(corpus, tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("serial") / "tables"
    report = runner.write_corpus_tables(corpus, out, jobs=1, use_cache=False)
    assert report.executor == "1 process"
    return digests(out)


def test_two_processes_give_byte_identical_tables(corpus, serial_tables, tmp_path):
    report = runner.write_corpus_tables(corpus, tmp_path / "tables", jobs=2, use_cache=False)
    assert report.executor == "2 processes"
    assert digests(tmp_path / "tables") == serial_tables


def test_a_dask_local_cluster_gives_byte_identical_tables(corpus, serial_tables, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  protocol="tcp", host="127.0.0.1") as cluster:
        report = runner.write_corpus_tables(corpus, tmp_path / "tables", scheduler=cluster.scheduler_address,
                                            use_cache=False)
    assert report.executor.startswith("the Dask cluster")
    assert digests(tmp_path / "tables") == serial_tables


def test_batched_tasks_keep_document_order_around_cache_hits():
    """Documents go to the workers in batches (runner.process_documents); a cache hit between two
    misses closes the batch, so results still come in document order, and each computed one is
    reported and cached under its own key."""

    class Batching:
        window, batch = 2, 3
        tasks: list[list[str]] = []

        def submit(self, fn, run, docs):
            self.tasks.append([d["doc_id"] for d in docs])
            return runner._done([{"articles": [d["doc_id"]], "cleaning_log": [], "analyses": []} for d in docs])

    class Cache:
        stored = {"k3": {"articles": ["d3 (cached)"], "cleaning_log": [], "analyses": []}}
        put_keys: list[str] = []

        def get(self, key):
            return self.stored.get(key)

        def put(self, key, result):
            self.put_keys.append(key)

    docs = [{"doc_id": f"d{i}"} for i in range(8)]
    keys = [f"k{i}" for i in range(8)]
    computed: list[str] = []
    executor, cache = Batching(), Cache()
    results = list(runner._ordered_results(None, docs, keys, cache, executor, computed.append))
    assert [r["articles"][0] for r in results] == ["d0", "d1", "d2", "d3 (cached)", "d4", "d5", "d6", "d7"]
    assert executor.tasks == [["d0", "d1", "d2"], ["d4", "d5", "d6"], ["d7"]]
    assert computed == ["d0", "d1", "d2", "d4", "d5", "d6", "d7"]
    assert cache.put_keys == ["k0", "k1", "k2", "k4", "k5", "k6", "k7"]


def test_adding_one_article_recomputes_only_that_document(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus", 8)
    cache = tmp_path / "cache"
    runner.write_corpus_tables(corpus, tmp_path / "t1", jobs=1, cache_dir=cache)
    computed: list[str] = []
    real = runner.process_document

    def counting(run, doc):
        computed.append(doc["doc_id"])
        return real(run, doc)

    monkeypatch.setattr(runner, "process_document", counting)
    write_corpus(corpus, 1, start=8)
    report = runner.write_corpus_tables(corpus, tmp_path / "t2", jobs=1, cache_dir=cache)
    assert computed == ["item008"]
    assert report.documents == 9 and report.computed == 1
    # the cached run writes exactly what a cold run writes
    runner.write_corpus_tables(corpus, tmp_path / "cold", jobs=1, use_cache=False)
    assert digests(tmp_path / "t2") == digests(tmp_path / "cold")


def test_a_bare_folder_is_decoded_once_per_file_and_a_warm_run_decodes_only_new_and_changed_files(
        tmp_path, monkeypatch):
    """A bare folder's file gives its title and date (from its text) and its analysis from one decode:
    a cold run of 5 files decodes 5 times (it was 10: once to describe, once to analyse), and a warm
    run after adding item005 and changing item002 decodes those two only."""
    from czlib.corpus.registry import registry

    decoded: list[str] = []

    def counting(real):
        def read(path, data=None):
            decoded.append(Path(path).name)
            return real(path, data)
        return read

    monkeypatch.setattr(registry, "read_document", counting(registry.read_document))
    monkeypatch.setattr(runner, "read_document", counting(runner.read_document))
    corpus = write_corpus(tmp_path / "corpus", 5)
    cache = tmp_path / "cache"
    runner.write_corpus_tables(corpus, tmp_path / "t1", jobs=1, cache_dir=cache)
    assert sorted(decoded) == [f"item{i:03d}.txt" for i in range(5)]
    decoded.clear()
    write_corpus(corpus, 1, start=5)                                  # a new file
    (corpus / "item002.txt").write_text("襄垣县新闻一则\n\n内容有变。\n", encoding="utf-8")  # a changed one
    runner.write_corpus_tables(corpus, tmp_path / "t2", jobs=1, cache_dir=cache)
    assert sorted(decoded) == ["item002.txt", "item005.txt"]
    titles = dict(zip(*storage.read_table("articles", ["doc_id", "title"], tables_dir=tmp_path / "t2")
                      .drop_duplicates("doc_id").T.values))
    assert titles["item002"] == "襄垣县新闻一则"
    # and the warm run writes what a cold one writes
    runner.write_corpus_tables(corpus, tmp_path / "cold", jobs=1, use_cache=False)
    assert digests(tmp_path / "t2") == digests(tmp_path / "cold")


def test_a_changed_curation_file_invalidates_the_cache(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus", 3)
    (corpus / "curation").mkdir()
    (corpus / "curation" / "userdict.txt").write_text("智能制造 20 n\n", encoding="utf-8")
    runner.write_corpus_tables(corpus, tmp_path / "t1", jobs=1, cache_dir=tmp_path / "cache")
    (corpus / "curation" / "userdict.txt").write_text("智能制造 20 n\n光电产业 20 n\n", encoding="utf-8")
    report = runner.write_corpus_tables(corpus, tmp_path / "t2", jobs=1, cache_dir=tmp_path / "cache")
    assert report.computed == 3


def test_tables_are_parquet_and_the_small_ones_csv_too(corpus, tmp_path):
    runner.write_corpus_tables(corpus, tmp_path / "tables", jobs=1, use_cache=False)
    names = {p.name for p in (tmp_path / "tables").iterdir()}
    assert "tokens.parquet" in names and "tokens.csv" not in names
    for small in ("articles", "actors", "people", "quotes", "claims", "dates"):
        assert {f"{small}.parquet", f"{small}.csv"} <= names


def test_read_table_selects_columns_documents_and_restores_token_ends(corpus, tmp_path):
    out = tmp_path / "tables"
    runner.write_corpus_tables(corpus, out, jobs=1, use_cache=False)
    articles = storage.read_table("articles", tables_dir=out)
    tokens = storage.read_table("tokens", ["doc_id", "article_id", "token", "start", "end"], tables_dir=out,
                                doc_ids=["item003"])
    assert set(tokens.doc_id) == {"item003"}
    text = articles.set_index("article_id").text
    for row in tokens.itertuples():
        assert text[row.article_id][row.start:row.end] == row.token
    claims = storage.read_table("claims", ["raw", "value"], tables_dir=out)
    assert list(claims.columns) == ["raw", "value"] and claims.value.dtype == float


def test_read_table_names_a_missing_table(tmp_path):
    with pytest.raises(FileNotFoundError, match="czlib tables"):
        storage.read_table("claims", tables_dir=tmp_path)


def test_progress_prints_rate_and_time_left_in_a_log_but_nothing_for_a_short_run():
    log = io.StringIO()
    progress = runner.Progress(10, "tables", stream=log, delay=0)
    for _ in range(10):
        progress.update()
    lines = log.getvalue().splitlines()
    assert lines and lines[-1].startswith("tables: 10/10 documents") and "min left" in lines[-1]
    assert len(lines) <= 11
    quiet = io.StringIO()
    short = runner.Progress(10, "tables", stream=quiet, delay=60)
    for _ in range(10):
        short.update()
    assert quiet.getvalue() == ""


@pytest.mark.slow  # minutes: a 2 MB article through every extractor
def test_a_two_megabyte_article_without_line_breaks_completes():
    # no time assertion: benchmarks/bench_long_articles.py reports the time
    from czlib import pipeline

    text = "".join(county_item(i).replace("\n", "") for i in range(4000))
    while len(text) < 2_000_000:
        text += text[: 2_000_000 - len(text)]
    assert "\n" not in text and len(text) >= 2_000_000
    result = pipeline.analyse_article({"doc_id": "long", "article_id": "long-01", "text": text})
    assert len(result["tokens"]["token"]) > 500_000
    people = {row["name"] for row in result["people"]}
    assert {"王立强", "李秀梅"} <= people
    assert len(result["claims"]) > 10_000
    for row in result["actors"][:2000]:
        assert text[row["start"]:row["end"]] == row["name"]


def test_the_word_starts_of_a_cut_are_not_recomputed_or_hashed_per_span():
    """reconcile asks where the words of the article's cut start once per model span; keyed by the
    cut's tuple, each ask hashed every token (quadratic on a long article: 2 MB took minutes), so the
    starts of the last cut are kept by identity.  A cut that cannot be hashed shows no hash is taken."""
    from czlib.analysis.actors import reconcile
    from czlib.text.segmentation.segment import Token

    class Unhashable(tuple):
        def __hash__(self):
            raise AssertionError("the cut was hashed")

    cut = Unhashable((Token("长治", "ns", 0, 2), Token("科技局", "n", 2, 5)))
    first = reconcile._word_starts(cut)
    assert first == (0, 2) and reconcile._word_starts(cut) is first
    other = (Token("中美", "j", 0, 2),)
    assert reconcile._word_starts(other) == (0,)
