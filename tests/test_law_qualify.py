"""Qualification at a date over hand-built facts: validity, history, elements, parts, escalation."""

from __future__ import annotations

import json
from datetime import date

import pytest

from qorgau.law.errors import LawInputError
from qorgau.law.qualify import qualify
from qorgau.model import Fact, Facts, Sentence


class Doc:
    """Builds a list of facts laid out in text order, like the engine's output."""

    def __init__(self) -> None:
        self.facts: list[Fact] = []
        self.pos = 0

    def add(self, kind: str, value, text: str, gap: int = 2, **extra) -> Doc:
        start = self.pos + gap
        self.facts.append(Fact(kind, value, start, start + len(text), text, f"test:{kind}", extra))
        self.pos = start + len(text)
        return self

    def skip(self, n: int = 400) -> Doc:
        """Move far enough that the next facts are out of the date window."""
        self.pos += n
        return self


def stalking_case(*months: str, ref: date | None = None) -> list[Fact]:
    """Calls and following in each month, with fear; months far apart in the text."""
    d = Doc()
    d.add("relationship", "ex_partner", "бывший муж")
    for m in months:
        d.skip()
        d.add("month", m, f"в {m}")
        d.add("behaviour", "calls", "звонил ей десятки раз")
        d.add("behaviour", "following", "следил у подъезда")
    d.skip().add("harm", "fear", "она боится выходить из дома")
    return d.facts


# ------------------------------------------------------------------ entry into force of 115-1


@pytest.mark.parametrize(
    ("months", "applicable", "status", "counted", "history"),
    [
        (["2025-04", "2025-07"], False, "not_in_force", 0, 4),
        (["2025-08"], False, "not_in_force", 0, 2),
        (["2025-07", "2025-10"], True, "applicable", 2, 2),
        (["2025-05", "2025-07", "2025-11", "2026-01"], True, "applicable", 4, 4),
        (["2025-10"], True, "applicable", 2, 0),
        (["2026-01", "2026-02"], True, "applicable", 4, 0),
    ],
)
def test_stalking_only_counts_acts_from_16_september_2025(
    months, applicable, status, counted, history
):
    result = qualify(stalking_case(*months), on=date(2026, 3, 1))
    c = result.candidate("115-1")
    assert c is not None
    assert (c.applicable, c.status) == (applicable, status)
    assert len(c.counted) == counted
    assert len(c.history) == history
    assert all(d.when.end < date(2025, 9, 16) for d in c.history)
    assert all(d.when.end >= date(2025, 9, 16) for d in c.counted)


def test_acts_only_before_give_the_reason():
    c = qualify(stalking_case("2025-04", "2025-07"), on=date(2026, 3, 1)).candidate("115-1")
    for lang, needles in {
        "en": ("2025-09-16", "2025-07-31", "does not apply to earlier acts"),
        "ru": ("16.09.2025", "31.07.2025", "обратной силы не имеет"),
        "kk": ("16.09.2025", "31.07.2025", "кері күші жоқ"),
    }.items():
        text = c.reason.render(lang)
        assert all(n in text for n in needles), (lang, text)
    assert c.reason.key == "reason.before"


def test_continuing_acts_are_applicable_for_the_later_acts_only():
    result = qualify(stalking_case("2025-06", "2025-10"), on=date(2026, 3, 1))
    c = result.candidate("115-1")
    d = c.to_dict("en")
    assert d["applicable"] is True
    assert [a["when"]["from"] for a in d["acts_counted"]] == ["2025-10-01", "2025-10-01"]
    assert [a["when"]["from"] for a in d["history"]] == ["2025-06-01", "2025-06-01"]
    assert "2 earlier act(s) are history" in d["reason"]
    # penalties at the date of the later acts (2025 MCI)
    pr = next(p for p in result.penalties if p.statute.id == "115-1")
    assert pr.on == date(2025, 10, 31)
    assert next(s for s in pr.sanctions if s.kind == "fine").max_tenge == 786_400


def test_acts_in_2026_use_the_2026_mci():
    result = qualify(stalking_case("2026-01"), on=date(2026, 3, 1))
    pr = next(p for p in result.penalties if p.statute.id == "115-1")
    assert next(s for s in pr.sanctions if s.kind == "fine").max_tenge == 865_000
    assert pr.fund_payment.tenge == 21_625


@pytest.mark.parametrize(
    ("period", "status", "bucket"),
    [
        ({"start": "2025-06", "end": "2025-11"}, "applicable", "counted"),  # straddles
        ({"start": "2025-06-01", "end": "2025-09-15"}, "not_in_force", "history"),
        ({"start": "2025-09-16", "end": None}, "applicable", "counted"),  # "since", ongoing
        ({"start": None, "end": "2025-07"}, "not_in_force", "history"),  # "until July 2025"
        ({"start": None, "end": "2025-12"}, "applicable", "counted"),  # ran into the window
        ({"months": 3}, "undated", "undated"),  # a bare duration places nothing
    ],
)
def test_periods(period, status, bucket):
    d = Doc().add("period", period, "в этот период").add("behaviour", "messages", "писал сообщения")
    c = qualify(d.facts, on=date(2026, 3, 1)).candidate("115-1")
    assert c.status == status
    assert len(getattr(c, bucket)) == 1


def test_period_straddling_entry_into_force_counts():
    d = Doc().add("period", {"start": "2025-06", "end": "2025-11"}, "с июня по ноябрь 2025 года")
    d.add("behaviour", "calls", "звонил")
    result = qualify(d.facts, on=date(2026, 3, 1))
    c = result.candidate("115-1")
    assert c.status == "applicable" and c.acts_date == date(2025, 11, 30)
    # one fact dated by a period is continuing conduct: repetition is found
    assert any(e.id == "repetition" and e.found for e in c.elements)


# ------------------------------------------------------------------ no dates, bad input


def test_facts_with_no_dates_name_the_problem():
    d = Doc().add("behaviour", "calls", "звонил").add("behaviour", "following", "следил")
    result = qualify(d.facts, on=date(2026, 3, 1))
    c = result.candidate("115-1")
    assert (c.applicable, c.status) == (False, "undated")
    assert "Establish the dates" in c.reason.render("en")
    assert "prob.no_dates" in [p.key for p in result.problems]
    assert result.penalties == []


def test_undated_acts_in_a_document_dated_before_entry_into_force():
    d = Doc().add("behaviour", "calls", "звонил").add("behaviour", "visits_home", "приходил домой")
    facts = Facts("old", "ru", date(2025, 8, 1), [], d.facts, "test")
    c = qualify(facts, on=date(2026, 3, 1)).candidate("115-1")
    assert c.status == "not_in_force"
    assert all(a.how == "document" for a in c.history)


def test_undated_acts_in_a_later_document_need_dates():
    d = Doc().add("behaviour", "calls", "звонил")
    facts = Facts("new", "ru", date(2026, 2, 12), [], d.facts, "test")
    result = qualify(facts)
    assert result.on == date(2026, 2, 12)  # the document date by default
    c = result.candidate("115-1")
    assert c.status == "undated" and not c.applicable
    assert c.undated[0].when.end == date(2026, 2, 12)


def test_dated_history_plus_undated_acts_need_dates():
    d = Doc().add("month", "2025-05", "в мае 2025").add("behaviour", "calls", "звонил")
    d.skip().add("behaviour", "following", "следил")
    c = qualify(d.facts, on=date(2026, 3, 1)).candidate("115-1")
    assert c.status == "needs_dates" and not c.applicable
    assert "1 undated act(s) must be dated" in c.reason.render("en")


def test_no_facts():
    result = qualify([], on=date(2026, 1, 1))
    assert result.candidates == [] and result.penalties == []
    assert [p.key for p in result.problems] == ["prob.no_facts"]
    assert result.risk.assessed is False and result.risk.level is None


def test_bad_fact_values_are_skipped_not_raised():
    facts = [
        Fact("behaviour", {"oops": 1}, 0, 3, "abc", "x"),
        Fact("money", "many", 4, 8, "many", "x"),
        Fact("measure", "protective_order", 9, 12, "abc", "x"),
        "not a fact",
        Fact("month", "2025-10", 20, 30, "в октябре", "x"),
        Fact("behaviour", "calls", 32, 40, "звонил", "x"),
    ]
    result = qualify(facts, on=date(2026, 1, 1))
    assert [p.key for p in result.problems].count("prob.bad_fact") == 4
    assert result.candidate("115-1").applicable


@pytest.mark.parametrize(
    ("on", "needle"),
    [
        (date(2014, 6, 1), "before the Criminal Code"),
        (date(2040, 1, 1), "too far in the future"),
        ("2025-10-01", "must be a date"),
    ],
)
def test_bad_assessment_date(on, needle):
    with pytest.raises(LawInputError, match=needle):
        qualify(stalking_case("2025-10"), on=on)


def test_not_facts_at_all():
    with pytest.raises(LawInputError, match="qualify needs the facts"):
        qualify("some text", on=date(2026, 1, 1))


def test_acts_after_the_assessment_date_are_left_out():
    result = qualify(stalking_case("2025-10", "2026-02"), on=date(2025, 12, 1))
    c = result.candidate("115-1")
    assert len(c.counted) == 2
    assert "prob.future_acts" in [p.key for p in result.problems]


def test_acts_before_the_code_are_reported():
    result = qualify(stalking_case("2014-05"), on=date(2026, 1, 1))
    assert "prob.before_code" in [p.key for p in result.problems]
    assert result.candidate("115-1").status == "not_in_force"


def test_limitation_period_that_has_run_out():
    result = qualify(stalking_case("2025-10"), on=date(2026, 12, 1))
    keys = [p.key for p in result.problems]
    assert "prob.limitation" in keys
    text = next(p for p in result.problems if p.key == "prob.limitation").render("ru")
    assert "31.10.2026" in text and "1 год" in text


# ------------------------------------------------------------------ dating by sentence and explicit


def test_dates_attach_within_the_sentence_only():
    text_len = 200
    facts = [
        Fact("month", "2025-05", 5, 20, "в мае 2025 года", "t"),
        Fact("behaviour", "calls", 30, 37, "звонила", "t"),
        Fact("behaviour", "following", 120, 130, "преследует", "t"),
    ]
    sentences = [Sentence(0, 100, "ru"), Sentence(100, text_len, "ru")]
    doc = Facts("s", "ru", None, sentences, facts, "test")
    c = qualify(doc, on=date(2026, 1, 1)).candidate("115-1")
    assert [d.fact.value for d in c.history] == ["calls"]
    assert [d.fact.value for d in c.undated] == ["following"]
    assert c.status == "needs_dates"


def test_explicit_date_on_a_fact_wins():
    d = Doc().add("month", "2025-05", "в мае 2025")
    d.add("behaviour", "visits_work", "пришёл на работу", date="2025-12-03")
    c = qualify(d.facts, on=date(2026, 1, 1)).candidate("115-1")
    assert c.status == "applicable" and c.counted[0].how == "explicit"
    assert c.acts_date == date(2025, 12, 3)


def test_day_without_year_uses_the_document_date():
    d = Doc().add("date", "--10-13", "13 октября").add("behaviour", "calls", "звонил")
    facts = Facts("x", "ru", date(2026, 2, 3), [], d.facts, "test")
    c = qualify(facts).candidate("115-1")
    assert c.counted[0].when.start == date(2025, 10, 13)


# ------------------------------------------------------------------ elements


def test_elements_found_with_evidence_and_missing_with_hints():
    d = Doc().add("month", "2025-11", "в ноябре 2025").add("behaviour", "calls", "звонил")
    d.add("behaviour", "messages", "писал")
    c = qualify(d.facts, on=date(2026, 1, 1)).candidate("115-1")
    out = c.to_dict("en")
    found = {e["id"]: e for e in out["elements_found"]}
    missing = {e["id"]: e for e in out["elements_missing"]}
    assert set(found) == {"pursuit", "repetition"}
    assert set(missing) == {"against_will", "substantial_harm"}
    assert found["pursuit"]["evidence"][0]["text"] == "звонил"
    assert found["pursuit"]["evidence"][0]["when"]["from"] == "2025-11-01"
    assert "refused contact" in missing["against_will"]["hint"]
    ru = c.to_dict("ru")
    assert "вопреки воле" in next(
        e["label"] for e in ru["elements_missing"] if e["id"] == "against_will"
    )


def test_protective_order_shows_acts_against_the_will():
    d = Doc().add("month", "2025-10", "в октябре 2025")
    d.add("measure", {"kind": "protective_order", "violated": True}, "нарушил защитное предписание")
    d.add("behaviour", "visits_home", "приходил к дому").add("harm", "moved_home", "переехала")
    c = qualify(d.facts, on=date(2026, 1, 1)).candidate("115-1")
    found = {e.id for e in c.elements if e.found}
    assert {"pursuit", "against_will", "substantial_harm"} <= found


def test_single_act_lacks_repetition():
    d = Doc().add("date", "2025-10-02", "2 октября 2025").add("behaviour", "visits_work", "пришёл")
    c = qualify(d.facts, on=date(2026, 1, 1)).candidate("115-1")
    assert "repetition" in {e.id for e in c.elements if not e.found}


def test_count_of_calls_shows_repetition():
    d = Doc().add("date", "2025-10-02", "2 октября 2025").add("behaviour", "calls", "звонил")
    d.add("count", {"what": "calls", "value": 300}, "300 раз")
    c = qualify(d.facts, on=date(2026, 1, 1)).candidate("115-1")
    assert "repetition" in {e.id for e in c.elements if e.found}


# ------------------------------------------------------------------ other articles alongside


@pytest.mark.parametrize(
    ("behaviour", "articles"),
    [
        ("threats", {"115"}),
        ("blackmail", {"194"}),
        ("privacy_intrusion", {"147"}),
        ("violence", {"106", "107", "AC-73-1", "AC-73-2"}),
    ],
)
def test_threats_violence_blackmail_point_to_other_articles(behaviour, articles):
    d = Doc().add("month", "2025-10", "в октябре 2025").add("behaviour", "following", "следил")
    d.add("behaviour", behaviour, "x")
    result = qualify(d.facts, on=date(2026, 1, 1))
    ids = {c.statute.ref.article_id for c in result.candidates}
    assert articles <= ids
    assert "115-1" in ids
    for a in articles:
        c = result.candidate(a)
        assert c.applicable and c.statute.role == "concurrent"


def test_violence_leaves_the_degree_of_harm_to_establish():
    d = Doc().add("month", "2025-10", "в октябре 2025").add("behaviour", "violence", "избил")
    c = qualify(d.facts, on=date(2026, 1, 1)).candidate("107")
    assert [e.id for e in c.elements if not e.found] == ["harm_degree"]
    assert "forensic" in c.to_dict("en")["elements_missing"][0]["hint"]


# ------------------------------------------------------------------ fraud 190 parts


@pytest.mark.parametrize(
    ("when", "facts", "part", "features"),
    [
        ("2025-06", [("offence", "internet_fraud")], 2, {"information_system_user"}),
        (
            "2025-06",
            [("scheme", "impersonation"), ("money", 500_000)],
            2,
            {"information_system_user"},
        ),
        (
            "2025-06",
            [("offence", "internet_fraud"), ("money", 3_932_000)],
            2,
            {"information_system_user"},
        ),
        ("2025-06", [("offence", "internet_fraud"), ("money", 3_932_001)], 3, {"large_damage"}),
        (
            "2026-06",
            [("offence", "internet_fraud"), ("money", 4_000_000)],
            2,
            {"information_system_user"},
        ),
        ("2026-06", [("offence", "internet_fraud"), ("money", 4_325_001)], 3, {"large_damage"}),
        (
            "2025-06",
            [("offence", "internet_fraud"), ("money", 15_728_001)],
            4,
            {"especially_large_damage"},
        ),
        ("2026-06", [("offence", "internet_fraud"), ("money", 17_300_000)], 3, {"large_damage"}),
        (
            "2026-06",
            [("offence", "internet_fraud"), ("count", {"what": "victims", "value": 2})],
            3,
            {"two_or_more_victims"},
        ),
        (
            "2025-06",
            [("offence", "internet_fraud"), ("count", {"what": "episodes", "value": 3})],
            3,
            {"repeatedly"},
        ),
    ],
)
def test_fraud_part_by_damage_at_the_date_of_the_act(when, facts, part, features):
    d = Doc().add("month", when, f"в {when}")
    for kind, value in facts:
        d.add(kind, value, str(value))
    result = qualify(d.facts, on=date(2026, 12, 31))
    c = result.candidate("190")
    assert c.applicable and c.statute.part == part
    assert features <= {e.id for e in c.features_found}
    pr = next(p for p in result.penalties if p.statute.article == "190")
    assert pr.statute.part == part


def test_fraud_lists_what_would_raise_the_part():
    d = Doc().add("month", "2025-06", "в июне 2025").add("offence", "internet_fraud", "мошенники")
    c = qualify(d.facts, on=date(2026, 1, 1)).candidate("190")
    raising = {(e.part, e.id) for e in c.features_missing}
    assert (3, "large_damage") in raising and (4, "criminal_group") in raising
    assert {e.id for e in c.elements if not e.found} == {"property_handed_over", "profit_motive"}


def test_largest_amount_is_flagged_as_the_damage():
    d = Doc().add("month", "2025-06", "в июне 2025").add("offence", "internet_fraud", "мошенники")
    d.add("money", 60_000_000, "60 млн тенге")
    result = qualify(d.facts, on=date(2026, 1, 1))
    assert "prob.damage_largest" in [p.key for p in result.problems]
    assert "60 000 000 ₸" in next(
        p for p in result.problems if p.key == "prob.damage_largest"
    ).render("ru")


# ------------------------------------------------------------------ coercion to marry 125-1


@pytest.mark.parametrize(
    ("when", "extra", "applicable", "part"),
    [
        ("2025-10", [], True, 1),
        ("2025-10", [("age", 16)], True, 2),
        ("2025-10", [("behaviour", "violence")], True, 2),
        ("2025-08", [], False, 1),
    ],
)
def test_coercion_to_marry(when, extra, applicable, part):
    d = (
        Doc()
        .add("month", when, f"в {when}")
        .add("offence", "coercion_to_marriage", "похитили невесту")
    )
    d.add("behaviour", "threats", "угрожали")
    for kind, value in extra:
        d.add(kind, value, str(value))
    result = qualify(d.facts, on=date(2026, 1, 1))
    c = result.candidate("125-1")
    assert (c.applicable, c.statute.part) == (applicable, part)
    assert {e.id for e in c.elements if e.found} >= (
        {"coercion", "marriage_aim"} if applicable else set()
    )


def test_fund_payment_once_at_the_most_serious_category():
    d = (
        Doc()
        .add("month", "2025-10", "в октябре 2025")
        .add("offence", "coercion_to_marriage", "принуждали")
    )
    d.add("behaviour", "threats", "угрожали").add("age", 16, "16-летнюю")
    result = qualify(d.facts, on=date(2026, 1, 1))
    cats = {p.statute.id: p.category for p in result.penalties}
    assert cats["125-1/2"] == "grave" and cats["115"] == "criminal_misdemeanour"
    assert (result.fund_payment.what, result.fund_payment.mci) == ("grave", 20)


# ------------------------------------------------------------------ escalation ladder


def ladder(last_month: str) -> list[Fact]:
    d = Doc().add("relationship", "ex_partner", "бывший сожитель")
    d.skip().add("month", "2025-04", "в апреле 2025").add(
        "measure", {"kind": "admin_penalty"}, "оштрафован"
    )
    d.add("article", {"code": "AC-434", "code_book": "AC", "implied": False}, "ст. 434 КоАП")
    d.skip().add("month", "2025-05", "в мае 2025").add(
        "measure", {"kind": "protective_order"}, "вынесено защитное предписание"
    )
    d.skip().add("month", "2025-06", "в июне 2025")
    d.add("measure", {"kind": "protective_order", "violated": True}, "нарушил предписание")
    d.skip().add("month", last_month, f"в {last_month}").add(
        "behaviour", "visits_work", "приходил на работу"
    )
    d.add("behaviour", "calls", "звонил")
    return d.facts


def test_failed_measures_and_conduct_after_entry_into_force_are_the_path_to_115_1():
    result = qualify(ladder("2025-11"), on=date(2026, 1, 1))
    esc = result.escalation
    assert esc.path_to_115_1
    assert [s.fact.text for s in esc.steps][:2] == ["оштрафован", "ст. 434 КоАП"]
    summary = esc.to_dict("en")["summary"]
    assert any("path to CC art. 115-1" in s for s in summary)
    assert any("AC art. 461" in s for s in summary)
    assert result.candidate("AC-461").applicable


def test_measures_before_entry_into_force_without_later_conduct():
    result = qualify(ladder("2025-07"), on=date(2026, 1, 1))
    assert not result.escalation.path_to_115_1
    summary = result.escalation.to_dict("ru")["summary"]
    assert any("действий после 16.09.2025 не установлено" in s for s in summary)


def test_article_mentioned_without_acts():
    d = Doc().add("article", {"code": "115-1", "code_book": "CC", "implied": False}, "ст. 115-1 УК")
    c = qualify(d.facts, on=date(2026, 1, 1)).candidate("115-1")
    assert (c.applicable, c.status) == (False, "no_acts")
    assert "article:115-1" in c.triggered_by


# ------------------------------------------------------------------ JSON shape and languages


def test_json_shape_is_stable():
    result = qualify(ladder("2025-11"), on=date(2026, 1, 1))
    for lang in ("kk", "ru", "en"):
        out = result.to_dict(lang)
        json.dumps(out, ensure_ascii=False)
        assert {"id", "candidates", "penalties", "risk"} <= set(out)
        for c in out["candidates"]:
            assert {"article", "applicable", "reason", "elements_found", "elements_missing"} <= set(
                c
            )
            assert "{" not in c["reason"]
        assert {"level", "factors"} <= set(out["risk"])
        for p in out["penalties"]:
            for s in p["sanctions"]:
                assert {"kind", "min", "max", "unit", "max_tenge"} <= set(s)
    reasons = {lang: result.to_dict(lang)["candidates"][0]["reason"] for lang in ("kk", "ru", "en")}
    assert len(set(reasons.values())) == 3


@pytest.mark.parametrize(
    ("value", "expired"),
    [
        # "in March an order was issued, which he violated": the breach date is not known
        ({"kind": "protective_order", "violated": True}, False),
        # the extractor knows the breach date: the 2-month limitation ran out in June 2025
        ({"kind": "protective_order", "violated": True, "violated_on": "2025-04-02"}, True),
    ],
)
def test_breach_of_an_order_is_on_or_after_the_order_date(value, expired):
    d = Doc().add("month", "2025-03", "в марте 2025").add("measure", value, "предписание нарушил")
    result = qualify(d.facts, on=date(2026, 1, 12))
    c = result.candidate("AC-461")
    assert c.applicable
    assert c.counted[0].when.start >= date(2025, 3, 1)
    assert ("prob.limitation" in [p.key for p in result.problems]) is expired


def test_statistics_documents_are_flagged():
    d = Doc().add("offence", "internet_fraud", "интернет-мошенничество")
    for i, metric in enumerate(("crimes_registered", "crimes_solved", "solve_rate_pct")):
        d.add("figure", {"metric": metric, "value": 100 + i}, str(100 + i))
    result = qualify(d.facts, on=date(2026, 1, 16))
    assert "prob.statistics" in [p.key for p in result.problems]
    one = qualify(d.facts[:3], on=date(2026, 1, 16))
    assert "prob.statistics" not in [p.key for p in one.problems]


def _many(n: int) -> list[Fact]:
    facts, pos = [], 0
    for i in range(n):
        month = f"20{25 + i % 2}-{i % 12 + 1:02d}"
        facts.append(Fact("month", month, pos, pos + 10, "x" * 10, "t"))
        facts.append(Fact("behaviour", "calls", pos + 12, pos + 18, "звонил", "t"))
        pos += 20
    return facts


@pytest.mark.parametrize("one_sentence", [False, True])
def test_time_grows_linearly_with_the_number_of_facts(one_sentence):
    import time

    def run(n: int) -> float:
        facts = _many(n)
        doc = facts
        if one_sentence:  # one giant sentence holding every date and act
            doc = Facts("big", "ru", None, [Sentence(0, facts[-1].end, "ru")], facts, "t")
        t = time.process_time()
        result = qualify(doc, on=date(2026, 12, 31))
        assert result.candidate("115-1").applicable
        return time.process_time() - t

    run(50)  # warm the data caches
    small, large = run(1500), run(6000)
    assert large < 10 * small + 0.5  # linear: about 4x; quadratic would be about 16x
