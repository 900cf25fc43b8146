"""Corrected findings (issue 14, item 7) and the voice rules (item 3), each on the seed sentence it depends on.

Every seed test quotes its sentence (through NFKC, as ``articles.text`` does); every rule also has a fixture
written for this file, in the style of local news but naming no real case, so that the rule is shown to hold
on text it was not written on.
"""
from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

from czlib import extract_actors
from czlib.analysis.claims import consistency
from czlib.analysis.actors.actors import header_people
from czlib.analysis.doc import annotate, resources_for
from czlib.analysis.doc_rows import doc_rows, table_frame
from czlib.analysis.stats.formulas import find_formulas, formula_counts
from czlib.analysis.actors.gazetteer import EMPTY_GAZETTEER
from czlib.analysis.stats.partners import not_partner_because, partner_table
from czlib import extract_quotes
from czlib.analysis.voice.quotes import find_quotes, voice_by_role_type
from czlib.analysis.voice.speech import is_invoked, speech_type, speech_verbs
from czlib.pipeline import Resources, analyse_articles


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def person(text: str, name: str, **options):
    return next(m for m in extract_actors(text, **options) if m.kind == "person" and m.name == name)


@pytest.fixture(scope="module")
def seed_tables(articles):
    return analyse_articles(articles, Resources.for_corpus())


# --- 高鹏: a 2020 graduate now working in Changzhi ------------------------------------------------

GAO = nfkc("二是他培养的内蒙古籍学生、武汉理工大学2020届材料科学与工程系硕士研究生高鹏，去年留在长治市工作，"
           "而且近期将和当地一位女孩喜结良缘。")


def test_gao_peng_is_a_2020_graduate_not_a_current_student():
    gao = person(GAO, "高鹏")
    assert gao.role_type == "graduate"
    assert "2020届" in gao.role and gao.role.endswith("硕士研究生")


def test_a_class_year_before_a_student_title_makes_a_graduate_and_none_keeps_a_student():
    # fixture: a class of 2019 graduate, and a student with no class year
    grad = person("北方理工学院2019届化学系硕士研究生张海洋回到家乡创业。", "张海洋")
    student = person("北方理工学院化学系研究生刘晓燕正在实验室做试验。", "刘晓燕")
    assert grad.role_type == "graduate"
    assert student.role_type == "academic_expert"


# --- 马芳芳: 高级技师 at a technical college -------------------------------------------------------

def test_ma_fangfang_senior_technician_of_a_technical_college_is_not_a_worker():
    # the interview header of 000: "长治技师学院高级技师 马芳芳"
    ma = person("长治技师学院高级技师 马芳芳", "马芳芳")
    assert ma.role_type == "academic_expert" and ma.affiliation == "长治技师学院"


def test_a_skill_grade_is_a_worker_in_a_firm_and_a_teacher_in_a_school():
    # fixture
    firm = person("山西恒达机械有限公司高级技师王建国带着徒弟调试新设备。", "王建国")
    school = person("平安县职业技术学校高级技师李秀兰带领学生参加技能大赛。", "李秀兰")
    assert firm.role_type == "worker_farmer"
    assert school.role_type == "academic_expert"


# --- 18万 is not a subset of 103万 -----------------------------------------------------------------

MUSEUM = nfkc("2025年，该馆接待观众超103万人次，举办各类特色文化活动500余场，其中“小小八路讲解员培训”“太行·太行”"
              "红色宣讲思政课等30场精品社教活动，覆盖各类群体逾18万人次，让太行精神在互动体验中得到传承和弘扬。")


def _sums(text: str) -> pd.DataFrame:
    articles = pd.DataFrame([{"doc_id": "d", "article_id": "d-01", "text": text}])
    claims = analyse_articles(articles)["claims"]
    return consistency.check_sums(claims)


def test_museum_visitors_reached_by_30_events_are_not_part_of_the_103万_visitors():
    sums = _sums(MUSEUM)
    assert not (sums["total_raw"] == "超103万人次").any()
    events = sums[sums["total_raw"] == "500余场"].iloc[0]
    assert events["parts_raw"] == "30场" and events["status"] == "within_total"
    assert "逾18万人次" in events["note"]


def test_figures_of_the_subset_clause_stay_parts_and_a_later_clause_in_another_unit_does_not():
    # fixture: both parts sit in the 其中 clause; then a figure about the subset in a later clause
    both = _sums("全县共有企业120家、从业人员6000人,其中科技型企业30家、研发人员800人。")
    assert set(both["total_raw"]) == {"120家", "6000人"}
    reach = _sums("全年开展科普活动200场,其中进校园活动40场,惠及师生2万人次。")
    assert list(reach["total_raw"]) == ["200场"] and "2万人次" in reach["note"].iloc[0]


def test_of_which_parts_in_separate_clauses_of_one_unit_still_add_up(articles):
    # 001: 其中 30 + 38 + 3 + 11 项 against 82项 of the sentence before
    text = articles.loc[articles["article_id"] == "001_2f84ace74cf710cc-01", "text"].iloc[0]
    sums = _sums(text)
    row = sums[sums["total_raw"] == "82项"].iloc[0]
    assert (row["parts_raw"], row["status"]) == ("30项 + 38项 + 3项 + 11项", "adds_up")


# --- partners in Beijing ---------------------------------------------------------------------------

def test_seed_beijing_partners_leave_out_own_platforms_titles_events_and_committees(seed_tables, articles):
    table = partner_table(seed_tables["actors"], articles)
    why = dict(zip(table["canonical"] + "@" + table["article_id"], table["not_partner_because"]))
    # 000: 振东制药……构建起北京药物研究院等四大研发平台
    assert "own unit" in why["北京药物研究院@000_ce4198fb15dabd0b-06"]
    # 002: 中国工程院院士、云南农业大学名誉校长朱有勇
    assert "honorary title" in why["中国工程院@002_1b1a24af7ea58fae-01"]
    # 001: 中国科学院第二十一次院士大会、中国工程院第十七次院士大会
    assert "event" in why["中国工程院@001_2f84ace74cf710cc-04"]
    # 001: 长治市政府与北京市委、中关村管委会签订《加强科技创新合作战略框架协议》
    assert "administrative committee" in why["中关村科技园区管理委员会@001_2f84ace74cf710cc-01"]
    beijing = set(table.loc[table["partner_institution"] & (table["based_in"] == "北京市"), "institution"])
    assert not beijing & {"北京药物研究院", "中国工程院", "中关村科技园区管理委员会"}
    assert {"清华大学", "北京化工大学", "中国科学院"} <= beijing


@pytest.mark.parametrize("text,org,reason", [
    ("该公司在深圳设立研发中心,专攻芯片设计。", "研发中心", "own unit"),
    ("公司与南方大学共建研究院,推动成果转化。", "研究院", ""),                 # a co-founder: joint
    ("南方科学院院士王明远来我市考察。", "南方科学院", "honorary title"),
    ("南方科学院第五次学术大会在当地召开。", "南方科学院", "event"),
    ("双方与东湖高新区管委会签订协议。", "东湖高新区管委会", "administrative committee"),
])
def test_partner_rules_on_invented_sentences(text, org, reason):
    start = text.index(org)
    why = not_partner_because(text, start, start + len(org), org, "research_institute", False)
    assert (reason in why) if reason else why == ""


# --- formulas: cohorts and nested formulas ----------------------------------------------------------

def test_seed_cohorts_are_not_formulas_and_four_beams_is_counted_once(articles):
    # 002: 刘立新博士是一位“60后”湖南籍杰出人才; 作为“80后”青年博士;
    #      着力构筑“四梁八柱”一站式人才服务体系,即“四梁”:……;“八柱”:……
    formulas = find_formulas(articles)
    found = set(formulas["formula"])
    assert not found & {"60后", "80后", "四梁", "八柱"}
    assert "四梁八柱" in found


def test_cohorts_and_parts_of_a_compound_formula_on_an_invented_text():
    # fixture
    text = ("这支“90后”团队提出“三横两纵”工作法,即“三横”:抓规划、抓项目、抓服务;“两纵”:抓县区、抓园区。"
            "“00后”队员也加入其中。")
    articles = pd.DataFrame([{"doc_id": "x", "article_id": "x-01", "text": text}])
    counts = formula_counts(find_formulas(articles, use_lexicon=False))
    assert list(counts["formula"]) == ["三横两纵"]


# --- voice ------------------------------------------------------------------------------------------

def test_speech_verb_table_types_every_cue_the_finders_use():
    table = speech_verbs()
    assert dict(zip(table["verb"], table["type"]))["强调"] == "emphasis"
    assert speech_type("感慨地说") == "emotive" and speech_type("介绍") == "explanation"
    assert speech_type("指出") == "assertion" and speech_type("作为") == ""


def test_seed_quotes_keep_direct_and_indirect_apart_with_their_verb_type(seed_tables):
    q = seed_tables["quotes"]
    # 002: 刘立新感慨地说:“我要感谢山西……” (direct, emotive); 003: 赵红严指出,要深入学习贯彻…… (indirect, assertion)
    liu = q[q["speaker"] == "刘立新"].iloc[0]
    zhao = q[q["speaker"] == "赵红严"].iloc[0]
    assert (liu["kind"], liu["cue_type"]) == ("direct", "emotive")
    assert (zhao["kind"], zhao["cue_type"]) == ("indirect", "assertion")
    assert (q["n_chars"] == q["quote"].str.len()).all()


def test_direct_quote_in_corner_brackets_and_indirect_paraphrase_on_an_invented_text():
    # fixture
    text = "县农业局局长赵立新介绍:「今年全县新建大棚三百座,农户收入明显增加。」副局长孙晓梅强调,要抓好春耕备耕工作。"
    quotes = {q.speaker: q for q in extract_quotes(text)}
    assert (quotes["赵立新"].kind, quotes["赵立新"].cue_type) == ("direct", "explanation")
    assert quotes["赵立新"].quote.startswith("今年全县")
    assert (quotes["孙晓梅"].kind, quotes["孙晓梅"].cue_type) == ("indirect", "emphasis")


def test_seed_invoked_authority_is_apart_from_speaking(seed_tables):
    # 003: 要深入学习贯彻……习近平总书记关于做好新时代党的统一战线工作的重要思想
    people = seed_tables["people"]
    xi = people[people["name"] == "习近平"]
    assert len(xi) >= 1 and xi["invoked_authority"].all()
    zhao = people[people["name"] == "赵红严"].iloc[0]
    assert not zhao["invoked_authority"]


def test_invoked_authority_rules_on_invented_text():
    # fixture: guidance cited after a title, a speech studied, and a person who speaks
    text = "会议传达学习了王建华同志在全省工作会议上的重要讲话。李红表示,要认真学习重要讲话精神。"
    wang, li = text.index("王建华"), text.index("李红")
    assert is_invoked(text, wang, wang + 3)
    assert not is_invoked(text, li, li + 2)
    cited = "张伟总书记指出,要坚持创新驱动。"
    quote = find_quotes(cited, [m for m in extract_actors(cited) if m.kind == "person"])
    assert quote and quote[0].invoked


def test_voice_by_role_type_counts_length_and_share_of_quoted_characters():
    # fixture: an official paraphrased, a manager quoted
    text = "镇长陈立平表示,要把蔬菜基地建设好。“我们今年扩大了两百亩种植面积。”公司总经理吴海涛说。"
    article = {"doc_id": "t", "article_id": "t-01", "text": text, "kind": "news"}
    rows = doc_rows(article, annotate(text, resources=resources_for(use_gazetteer=False)), [], EMPTY_GAZETTEER)
    quotes = pd.DataFrame(rows["quotes"])
    table = voice_by_role_type(quotes, pd.DataFrame([article])).set_index("speaker_type")
    assert table.loc["official", "indirect"] == 1 and table.loc["entrepreneur_manager", "direct"] == 1
    assert table["quoted_chars"].sum() == quotes["quote"].str.len().sum()
    assert table["share_of_quoted_chars"].sum() == pytest.approx(1.0, abs=0.002)


def test_seed_shi_juntai_is_an_academic_and_a_deputy_bureau_chief(seed_tables):
    # 002: 中国石油大学(北京)石油工程学院副教授、煤层气研究中心主任石军太博士,中北大学机械工程学院教授王志坚博士
    #      一同来到长治市挂职,一个担任长治市科技局党组成员、副局长,一个担任长治经济技术开发区管委会副主任。
    people = seed_tables["people"].set_index("name")
    shi, wang = people.loc["石军太"], people.loc["王志坚"]
    assert "副教授" in shi["role"] and "长治市科技局党组成员、副局长" in shi["role"]
    assert shi["role_types"] == "academic_expert; official"
    assert "长治经济技术开发区管委会副主任" in wang["role"] and "长治市科技局" not in wang["role"]


def test_several_roles_on_an_invented_text():
    # fixture: an office taken (担任) after the name, and one each (一个担任…一个担任…) for two people
    one = person("东方大学教授周文博担任市农业农村局副局长,分管科技工作。", "周文博")
    assert one.role_types == "academic_expert; official" and "市农业农村局副局长" in one.role
    text = "南方大学副教授林海、北方大学讲师何静一同来到县里,一个担任县科技局副局长,一个担任园区管委会副主任。"
    lin, he = person(text, "林海"), person(text, "何静")
    assert "县科技局副局长" in lin.role and "园区管委会副主任" in he.role


def test_seed_page_credit_counts_once_and_correspondents_and_pseudonyms_are_typed(seed_tables):
    people = seed_tables["people"]
    # 000: "文字/王晶晶 图片/市科协提供" closes the page of eight articles
    wang = people[(people["name"] == "王晶晶")]
    assert len(wang) == 1 and wang["source"].iloc[0] == "page_credit"
    # 003: "本报记者 张瑞英 通讯员 杨亚男"; 001: the commentary signed 桑梓
    types = dict(zip(people["name"], people["role_type"]))
    assert (types["杨亚男"], types["张瑞英"], types["桑梓"]) == ("correspondent", "journalist", "pseudonym")


def test_page_credit_and_byline_types_on_invented_articles():
    # fixture: a page of two interviews sharing one credit; a correspondent; a commentary signed with a word
    rows = []
    for i in (1, 2):
        article = {"doc_id": "p", "article_id": f"p-0{i}", "text": "正文。", "kind": "interview",
                   "credit": "文字/赵明月 图片/县科协提供"}
        rows += doc_rows(article, annotate(article["text"]), header_people(article), EMPTY_GAZETTEER)["people"]
    table = table_frame("people", rows)
    assert list(table["article_id"]) == ["p-01"] and table["source"].iloc[0] == "page_credit"
    news = {"doc_id": "q", "article_id": "q-01", "text": "正文。", "kind": "news", "byline": "记者 王磊 通讯员 钱小红"}
    types = {h["name"]: h["role_type"] for h in header_people(news)}
    assert types == {"王磊": "journalist", "钱小红": "correspondent"}
    comment = {"doc_id": "c", "article_id": "c-01", "text": "正文。", "kind": "commentary", "byline": "钟声"}
    assert header_people(comment)[0]["role_type"] == "pseudonym"


# === issue 25: the wrong rules, each on its seed sentence (corpus/raw) ============================

from czlib import extract_superlatives  # noqa: E402
from czlib.analysis.claims.modality import claim_modality  # noqa: E402

LASER = nfkc("目前激光加工样机基本设计完成,应用成功后,该项技术能够有效填补特种加工领域的部分技术空白,"
             "未来科技估值达数十亿元。")                                                     # 002
ALLIANCE = nfkc("目前,长治经开区正积极组建规模超30家的“研究院联盟”,致力打造“上不封顶、后置评价”的开放式科创生态。")  # 003
TALENT_GROUP = nfkc("此次长治市人才集团和人才发展基金会的成立,是进一步夯实长治人才“四梁八柱”体系建设的关键举措,"
                    "将强力推动深化省校合作、建设“12大基地”提质增效。")                       # 002


def _modality(sentence: str, raw: str) -> tuple[str, str]:
    return claim_modality(sentence, sentence.index(raw), 0)


def test_a_valuation_after_success_is_a_forecast_not_a_reported_figure():
    # 002: "1 of 105 claims are not reported as done" counted 数十亿元 as done
    assert _modality(LASER, "数十亿元") == ("forecast", "估值")
    assert _modality("项目应用成功后,年产值可达2亿元。", "2亿元") == ("forecast", "成功后")   # fixture


def test_an_alliance_being_formed_is_a_plan():
    # 003: 正积极组建规模超30家的“研究院联盟”
    assert _modality(ALLIANCE, "超30家") == ("plan", "正积极组建")
    assert _modality("目前,县里正在筹建10家专家工作站。", "10家") == ("plan", "正在筹建")  # fixture
    assert _modality("目前,县里已组建10家专家工作站。", "10家") == ("reported", "")        # fixture


def test_jiang_before_an_adverb_is_a_plan():
    # 002: 将强力推动深化省校合作、建设“12大基地” (jieba tags 强力 a noun)
    assert _modality(TALENT_GROUP, "12大") == ("plan", "将")
    assert _modality("明年,市里将全力打造5个孵化器。", "5个") == ("plan", "将")                # fixture


def test_first_after_a_place_name_dates_an_event_and_is_no_superlative():
    # 002: 4月19日,在长治市潞州区首次核酸检测之后 ("after the district's first round of tests")
    text = nfkc("4月19日,在长治市潞州区首次核酸检测之后,位于长治高新区的山西华境清治环保科技有限公司正式运行。")
    assert extract_superlatives(text) == []
    first = extract_superlatives("该县在全省率先实现5G全覆盖。")                                # fixture
    assert [(s.kind, s.phrase) for s in first] == [("first", "全省率先")]


@pytest.mark.parametrize("sentence, phrase, scope", [
    ("其煤基油产品检验检测能力达到“省内先进、全国一流”。", "全国一流", "全国"),                        # 000
    ("是黎城县今年头号重点项目,也是本年度山西省重点工程项目。", "黎城县今年头号", "黎城县"),             # 002
    ("这可不只是上党经济技术开发区里的“明星”,放眼全国市场,它都是领先的佼佼者。", "领先的佼佼者", "全国"),  # 002
    ("这是国内顶尖高校清华大学在长治市建设的又一处科技成果转化基地。", "国内顶尖", "国内"),             # 002
])
def test_seed_rank_claims_that_were_missed(sentence, phrase, scope):
    found = [(s.kind, s.phrase, s.scope) for s in extract_superlatives(nfkc(sentence))]
    assert ("top", phrase, scope) in found


def test_a_ranking_word_without_a_scope_is_no_superlative():
    # 002: 李晋闽教授领衔的顶尖技术团队 (a top team, ranked against no named field)
    assert extract_superlatives(nfkc("中国科学院大学李晋闽教授领衔的顶尖技术团队,在长治市创办中科潞安公司。")) == []


def test_a_programme_label_is_never_a_total():
    # 002: 3个…、2个…、5个…、2个…基地。通过深化省校合作、建设“12大基地” — 12大基地 is the programme's name
    text = nfkc("清华大学已先后在长治市建成3个大学生实习实训基地、2个大学生就业创业基地、5个科研平台延伸和科技成果转化基地、"
                "2个智库合作基地。通过深化省校合作、建设“12大基地”,促进了校地校企在人才培养、科技创新、成果转化等方面互利共赢。")
    sums = _sums(text)
    assert "12大" not in set(sums["total_raw"])
    row = sums[sums["parts_raw"] == "3个 + 2个 + 5个 + 2个"].iloc[0]
    assert row["status"] == "no_stated_total" and "label" in row["note"]
    # fixture: X个一批 is a label too (a claim row as the claims table has it)
    row = pd.Series({"raw": "3个", "unit": "个", "sentence": "实施3个一批工程。", "sentence_start": 0, "end": 4})
    assert consistency.is_programme_label(row)
    assert not consistency.is_programme_label(row.replace({"实施3个一批工程。": "建成3个基地。"}))


def test_honours_and_techniques_are_not_policy_formulas(articles):
    # 000: 培养出了以“七一勋章”获得者、“时代楷模”黄文秀为代表的一大批杰出优秀人才;
    #      让 140 亩土地实现“一亩双收”; 推广“冬小麦+夏播谷”技术
    formulas = find_formulas(articles)
    category = dict(zip(formulas["formula"], formulas["category"]))
    assert category["七一勋章"] == "honour"
    assert category["一亩双收"] == category["冬小麦+夏播谷"] == "technique"
    assert category["四梁八柱"] == "formula"
    invented = pd.DataFrame([{"doc_id": "x", "article_id": "x-01", "text": "她荣获“五一劳动奖章”,推行“三级联动”机制。"}])
    found = find_formulas(invented, use_lexicon=False)
    assert dict(zip(found["formula"], found["category"])) == {"五一劳动奖章": "honour", "三级联动": "formula"}


def test_every_seed_formula_has_a_gloss(articles):
    # "seven formulas without gloss": 三大战略性新兴产业, 五大产业集群, 十年磨一剑 … now glossed
    counts = formula_counts(find_formulas(articles))
    assert (counts["gloss_en"].str.len() > 0).all(), counts.loc[counts["gloss_en"] == "", "formula"].tolist()


# === issue 25: validation as a feature ================================================================

from czlib import validation_report  # noqa: E402
from czlib.publish import validation  # noqa: E402
from czlib.config import CORPUS_DIR  # noqa: E402


def test_wilson_interval_of_36_correct_of_40():
    # the issue's [0.7695, 0.9605]; the exact upper bound is 0.96042, so compare to within 1e-4
    low, high = validation.wilson_interval(36, 40)
    assert (low, high) == (pytest.approx(0.7695, abs=1e-4), pytest.approx(0.9605, abs=1e-4))
    sheet = pd.DataFrame({"table": "claims", "kind": "money", "correct": ["1"] * 36 + ["0"] * 4})
    row = validation_report(sheet).iloc[0]
    assert (row["checked"], row["correct"], row["estimate"]) == (40, 36, 0.90)
    assert (row["ci_low"], row["ci_high"]) == (low, high)
    assert validation.wilson_interval(0, 10)[0] == 0.0 and validation.wilson_interval(10, 10)[1] == 1.0


def test_report_skips_blank_rows_and_refuses_other_marks(tmp_path):
    sheet = pd.DataFrame({"table": "actors", "kind": ["person", "person", "org"], "correct": ["1", "", "0"]})
    report = validation_report(sheet).set_index("kind")
    assert report.loc["person", "checked"] == 1 and report.loc["org", "correct"] == 0
    assert report.loc["all", "checked"] == 2
    path = tmp_path / "bad.csv"
    validation.write_sheet(sheet.assign(correct=["yes", "", "0"]), path)
    with pytest.raises(validation.ValidationSheetError, match="bad.csv"):
        validation_report(path)


def test_recall_from_a_filled_recall_sheet():
    # two sentences read: 3 found of which 1 wrong, 1 missed; 1 found, 2 missed -> 3 right of 6
    sheet = pd.DataFrame({"table": "claims", "n_found": ["3", "1", "2"], "checked": ["1", "1", ""],
                          "wrong": ["1", "", ""], "missed": ["5家", "3项 | 两次", ""]})
    row = validation_report(sheet).iloc[0]
    assert (row["measure"], row["checked"], row["correct"]) == ("recall", 6, 3)


def test_sample_draws_rows_with_their_sentences_reproducibly(tmp_path):
    # fixture: a bare corpus folder of one invented article
    import warnings

    from czlib import read_table
    from czlib.runner import write_tables

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("冷库建设\n\n全县建成冷库12座。去年引进人才40名,新增企业8家。\n",
                                               encoding="utf-8")
    tables = tmp_path / "tables"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        write_tables(tmp_path / "corpus", tables, use_cache=False, jobs=1, log=lambda line: None)
    text = read_table("articles", tables_dir=tables)["text"].iloc[0]
    one = validation.validation_sample("claims", 2, seed=3, tables_dir=tables)
    two = validation.validation_sample("claims", 2, seed=3, tables_dir=tables)
    assert one.equals(two) and len(one) == 2 and (one["correct"] == "").all()
    for row in one.itertuples():
        assert row.span in row.sentence and row.span == text[row.start:row.end]
    recall = validation.recall_sample("claims", 5, seed=3, tables_dir=tables)
    assert sorted(recall["n_found"]) == [1, 2]
    path = validation.write_sheet(one, tmp_path / "sheet.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese


def test_shipped_sheets_are_checked_and_match_the_seed_tables(seed_tables, articles):
    folder = CORPUS_DIR / "validation"
    texts = dict(zip(articles["article_id"], articles["text"]))
    sizes = {}
    for name in ("actors", "claims"):
        sheet = validation.read_sheet(folder / f"{name}_precision.csv")
        sizes[name] = len(sheet)
        assert set(sheet["correct"]) <= {"0", "1"}                      # every row judged
        assert (sheet.loc[sheet["correct"] == "0", "note"].str.len() > 0).all()  # every 0 says why
        for row in sheet.itertuples():                                  # the spans are the tables' spans
            assert texts[row.article_id][int(row.start):int(row.end)] == row.span
    assert sizes["actors"] >= 100 and sizes["claims"] >= 100
    claims = seed_tables["claims"]
    sheet = validation.read_sheet(folder / "claims_precision.csv")
    # the modality fixed in this issue is what the sheet judged (数十亿元: forecast)
    assert "modality=forecast" in sheet.loc[sheet["span"] == "数十亿元", "extracted"].iloc[0]
    assert set(zip(claims["article_id"], claims["start"])) >= {
        (a, int(s)) for a, s in zip(sheet["article_id"], sheet["start"])}


# === issue 25: documents described (genre, S&T relevance) ============================================

from czlib.analysis import genres  # noqa: E402


def test_seed_pages_have_their_genre(corpus, seed_tables):
    # 001: the banner 长治市科技局 长治日报社 联办 (a joint edition with the city science bureau);
    # 003: (下转第二版), a front page; 000: 编者按-like page introduction and seven 人物专访 interviews
    from czlib.pipeline import describe_articles

    articles, log = corpus
    tokens = seed_tables["tokens"]
    rows = []
    for doc_id, group in articles.groupby("doc_id", sort=True):
        records = group.to_dict("records")
        analyses = [{"article": {"st_relevance": genres.st_relevance(
            tokens.loc[tokens["article_id"] == r["article_id"], "token"],
            tokens.loc[tokens["article_id"] == r["article_id"], "content"])}} for r in records]
        rows += describe_articles(records, analyses, log[log["doc_id"] == doc_id].to_dict("records"))
    described = pd.DataFrame(rows)
    by_doc = described.groupby(described["doc_id"].str[:3])["genre"].agg(lambda s: sorted(set(s)))
    assert by_doc["001"] == ["joint_edition"]
    assert by_doc["003"] == ["front_page"]
    assert by_doc["000"] == ["interview_series", "themed_page"]
    # the red-tourism item of the front page (八路军太行纪念馆入选…百强榜单) is not about science and technology
    museum = described[described["title"].fillna("").str.startswith("八路军太行纪念馆")].iloc[0]
    feature = described[described["title"] == "借得东风行大船"].iloc[0]
    assert museum["st_relevance"] < genres.RELEVANT_FROM <= feature["st_relevance"]


def test_genre_cues_on_invented_pages():
    notice = [{"kind": "news", "title": "关于举办科技活动周的通知", "text": "各单位:现将有关事项通知如下。"}]
    assert genres.document_genres(notice) == ["notice"]
    sponsored = [{"kind": "feature", "title": "科普进社区", "text": "本版由县科协协办\n居民参加了活动。"}]
    assert genres.document_genres(sponsored) == ["joint_edition"]
    front = [{"kind": "news", "title": "全县召开大会", "text": "会议强调……"}]
    assert genres.document_genres(front, ["(下转第三版)"]) == ["front_page"]
    assert genres.document_genres(front) == ["news"]
    assert genres.st_relevance(["科技", "创新", "旅游", "游客"], [True, True, True, True]) == 0.5


def test_benjamini_hochberg_as_r_p_adjust():
    # R: p.adjust(c(0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205), "BH")
    from czlib.analysis.stats.keyness import bh_adjust

    got = bh_adjust([0.041, 0.001, 0.205, 0.008, 0.039, 0.042, 0.06, 0.074])
    assert list(got.round(5)) == [0.0672, 0.008, 0.205, 0.032, 0.0672, 0.0672, 0.08, 0.08457]


def test_seed_keyness_corrected_for_many_words(seed_tables):
    # "words at p < 0.05: 42" were uncorrected χ² tests over every word of a unit
    from czlib.analysis.stats.keyness import keyness

    tokens = seed_tables["tokens"]
    key = keyness(tokens, "001_2f84ace74cf710cc")
    raw = int(((key["chi2"] > 0) & (key["p_chi2"] < 0.05)).sum())
    adjusted = int(((key["chi2"] > 0) & (key["p_adjusted"] < 0.05)).sum())
    assert adjusted < raw and (key["p_adjusted"] >= key["p_chi2"]).all()


# === issue 25: claims only where the evidence carries them; glosses ===================================

def test_seed_years_are_single_documents_so_no_trend_is_drawn(articles):
    # "a Spearman rank correlation of theme shares with the year over four single documents (Talent −0.80)"
    from czlib.analysis.stats import comparisons as cmp

    described = cmp.with_groups(articles)
    assert (cmp.group_sizes(described, "year")["n_documents"] == 1).all()
    assert cmp.trend_periods(described, "year") == []
    # fixture: three years of three documents (five articles) each do carry a trend
    rows = [{"doc_id": f"{y}-{d}", "article_id": f"{y}-{d}-{a}", "date": f"{y}-01-01", "outlet": "x", "kind": "news"}
            for y in (2020, 2021, 2022) for d in range(3) for a in range(2)]
    assert cmp.trend_periods(cmp.with_groups(pd.DataFrame(rows)), "year") == ["2020", "2021", "2022"]


def test_seed_most_connected_actor_rests_on_one_list_paragraph(seed_tables, articles):
    # 001: 市委、市政府及市科技局主要负责人先后赴北京市委、中关村管委会、中关村科技园区、中国石油大学(北京)、… 考察
    from czlib.analysis.stats.network import node_links_by_unit

    links = node_links_by_unit(seed_tables["actors"], articles, "中共长治市委")
    top = links.iloc[0]
    assert top["article_id"] == "001_2f84ace74cf710cc-01"
    assert nfkc("市委、市政府及市科技局主要负责人先后赴北京市委") in top["text"]
    assert top["links"] >= 10 and top["links"] / links["links"].sum() >= 1 / 3


def test_every_label_the_seed_figures_show_is_glossed(seed_tables, articles):
    # "word clouds and collocations unglossed (· / ·)"; "the money figure's labels Chinese only (one is 集团)"
    from czlib.analysis.stats import comparisons as cmp, keywords
    from czlib.analysis.glossary import load_glossary
    from czlib.analysis.stats.keyness import collocations

    glossary = load_glossary()
    tokens = seed_tables["tokens"]
    units = cmp.comparison_units(cmp.with_groups(articles))
    tokens_u = tokens.assign(doc_id=tokens["article_id"].map(units.of_article)).dropna(subset=["doc_id"])
    cloud = keywords.token_counts(tokens_u, by="doc_id").groupby("doc_id").head(25)["token"]
    pairs = collocations(tokens, min_count=2).head(15)
    money = seed_tables["claims"].query("unit == '元'")["subject"].dropna()
    shown = set(cloud) | set(pairs["w1"]) | set(pairs["w2"]) | set(money)
    assert "集团" in shown
    assert sorted(w for w in shown if not glossary.get(w)) == []
