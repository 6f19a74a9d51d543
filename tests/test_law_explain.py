"""Explanations in kk, ru and en: complete message tables, formatting, readable reports."""

from __future__ import annotations

import re
import string
from datetime import date

import pytest

from qorgau.law.data import load
from qorgau.law.explain import (
    LANGS,
    Msg,
    article_ref,
    fmt_date,
    fmt_period,
    fmt_tenge,
    render_qualification,
    render_statute,
    text_of,
)
from qorgau.law.qualify import qualify
from qorgau.law.show import article_view
from qorgau.law.statutes import all_statutes
from qorgau.model import Fact

MESSAGES = [(s, k) for s, block in load("messages").items() for k in block]


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


@pytest.mark.parametrize(("section", "key"), MESSAGES, ids=lambda x: str(x))
def test_every_message_in_three_languages_with_the_same_placeholders(section, key):
    entry = load("messages")[section][key]
    assert set(entry) == set(LANGS)
    assert all(isinstance(entry[lang], str) and entry[lang].strip() for lang in LANGS)
    assert len({frozenset(_fields(entry[lang])) for lang in LANGS}) == 1


@pytest.mark.parametrize(
    ("fn", "arg", "expected"),
    [
        (fmt_tenge, 786_400, {"en": "786,400 ₸", "ru": "786 400 ₸", "kk": "786 400 ₸"}),
        (fmt_date, date(2025, 9, 16), {"en": "2025-09-16", "ru": "16.09.2025", "kk": "16.09.2025"}),
        (fmt_period, {"years": 1}, {"en": "1 year", "ru": "1 год", "kk": "1 жыл"}),
        (fmt_period, {"years": 2}, {"en": "2 years", "ru": "2 года", "kk": "2 жыл"}),
        (fmt_period, {"years": 5}, {"en": "5 years", "ru": "5 лет", "kk": "5 жыл"}),
        (fmt_period, {"years": 15}, {"en": "15 years", "ru": "15 лет", "kk": "15 жыл"}),
        (fmt_period, {"months": 2}, {"en": "2 months", "ru": "2 месяца", "kk": "2 ай"}),
    ],
)
def test_formatting(fn, arg, expected):
    assert {lang: fn(arg, lang) for lang in LANGS} == expected


@pytest.mark.parametrize(
    ("code", "article", "part", "expected"),
    [
        (
            "CC",
            "190",
            2,
            {"en": "CC art. 190 part 2", "ru": "УК РК ст. 190 ч. 2", "kk": "ҚК 190-бап 2-бөлік"},
        ),
        (
            "CC",
            "115-1",
            None,
            {"en": "CC art. 115-1", "ru": "УК РК ст. 115-1", "kk": "ҚК 115-1-бап"},
        ),
        ("AC", "461", None, {"en": "AC art. 461", "ru": "КоАП РК ст. 461", "kk": "ӘҚБтК 461-бап"}),
    ],
)
def test_article_ref(code, article, part, expected):
    assert {lang: article_ref(code, article, part, lang) for lang in LANGS} == expected


def test_msg_renders_chained_parts():
    m = Msg(
        "reason.applicable",
        {"n": 2, "since": date(2025, 9, 16)},
        (Msg("reason.applicable_history", {"h": 1}),),
    )
    assert m.render("en").startswith(
        "2 act(s) fall inside the article's validity (in force from 2025-09-16)"
    )
    assert "1 earlier act(s)" in m.render("en")
    assert "16.09.2025" in m.render("ru")


def test_unknown_message_key_falls_back_to_the_key():
    assert text_of("nope.none") == "nope.none"


LEFTOVER = re.compile(r"\{[a-z_]+\}")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("record", all_statutes(), ids=lambda s: f"{s.id}@{s.valid_from}")
def test_every_record_renders_in_every_language(record, lang):
    on = max(record.valid_from, date(2015, 1, 1))
    view = article_view(record.id, on)
    text = render_statute(view, lang)
    assert record.title[lang] in text
    assert not LEFTOVER.search(text)


@pytest.mark.parametrize("lang", LANGS)
def test_qualification_report_in_every_language(lang):
    facts = [
        Fact("relationship", "ex_spouse", 0, 10, "бывший муж", "t"),
        Fact("month", "2025-06", 20, 30, "в июне 2025", "t"),
        Fact("behaviour", "calls", 32, 40, "звонил", "t"),
        Fact("month", "2025-11", 400, 410, "в ноябре 2025", "t"),
        Fact("behaviour", "threats", 412, 420, "угрожал", "t"),
        Fact("behaviour", "visits_work", 422, 430, "приходил", "t"),
        Fact("measure", {"kind": "protective_order", "violated": True}, 432, 440, "нарушил", "t"),
        Fact("harm", "changed_job", 442, 450, "уволилась", "t"),
    ]
    text = render_qualification(qualify(facts, on=date(2026, 1, 1)), lang)
    assert not LEFTOVER.search(text)
    assert "«угрожал»" in text
    words = {
        "en": ("Candidate articles", "Risk level: high"),
        "ru": ("Возможные статьи", "высокий"),
        "kk": ("Ықтимал баптар", "жоғары"),
    }
    assert all(w in text for w in words[lang])


def _language_maps(node, path=""):
    if isinstance(node, dict):
        if "kk" in node or "ru" in node or "en" in node:
            yield path, node
        for k, v in node.items():
            yield from _language_maps(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _language_maps(v, f"{path}[{i}]")


@pytest.mark.parametrize("name", ["statutes", "categories", "fund", "risk", "messages"])
def test_every_translated_text_in_the_data_has_exactly_kk_ru_en(name):
    # a comma inside an unquoted YAML flow mapping would silently split a label
    for path, node in _language_maps(load(name)):
        assert set(node) == set(LANGS), (name, path, sorted(node))
        assert all(isinstance(v, str) and v.strip() for v in node.values()), (name, path)
