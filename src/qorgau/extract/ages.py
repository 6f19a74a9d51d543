"""Ages of people in Kazakh, Russian and English texts.

Fact kinds:

* ``age`` int years: ``39-летняя``, ``в возрасте 45 лет``, ``45 жастағы``, ``37-year-old``,
  ``aged 62``; one fact each for ages that share an age word (``19 және 23 жастағы``,
  ``мужчин 27 и 33 лет``, ``aged 19 and 24``); an English age in apposition after a person
  noun or a full name (``the mother, 48,``, ``Aliya Serikova, 29,``); a birth year
  (``1958 года рождения``, ``1985 жылы туған``) gives ``ref_date.year - birth_year`` with
  ``extra["birth_year"]`` when the document date is known; a full date of birth that the dates
  extractor marked (``12.03.1987 г.р.``, ``born on 12 March 1987``) gives the exact age on the
  document date, with ``extra["birth_date"]``;
* ``birth_year`` int, for a birth year when the document date is unknown;
* ``age_threshold`` ``{"op": over|under|from|up_to|between, "years": n[, "years_max": m]}``: a
  bound on a group (``60 жастан асқан жәбірленушілер``, ``лиц старше 60 лет``, ``under 18``),
  which is not the age of anyone.

Patterns are tried only near numbers (``dates.match_near``); appositions are looked for with
one scan for ", N," that the regex engine runs on its literal prefix.

Lengths of time (``на 5 лет``, ``в течение 3 лет``, ``18 months``, ``5-летний срок``) are not ages.
Words live in ``data/lexicons/ages.yaml``.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from qorgau.extract import dates, places
from qorgau.model import Document, Fact
from qorgau.text import numbers

AGE_MAX = 120

_SP = r"[ \t\u00a0\u202f]"
_S1 = _SP + "{1,3}"
_S0 = _SP + "{0,3}"
_DASH = r"[-\u2010\u2011\u2012\u2013\u2014\u2212]"
_LET = r"[^\W\d_]"
_YEAR = r"(?<![\d.,])(?:19|20)\d\d(?!\d)"


@cache
def lexicon() -> dict[str, Any]:
    """The ages lexicon (``data/lexicons/ages.yaml``)."""
    raw = resources.files("qorgau.data.lexicons").joinpath("ages.yaml").read_text("utf-8")
    return yaml.safe_load(raw)


def _alt(words: Any) -> str:
    items = sorted({str(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", _S1) for w in items)


def _num(n: str, lang: str | None = None) -> str:
    """A number in digits, or number words of ``lang`` (all three languages when None)."""
    langs = (lang,) if lang else ("ru", "kk", "en")
    words = "|".join(f"(?:{numbers.word_number_src(x)})" for x in langs)
    return rf"(?P<{n}>(?<![\d.,])\d{{1,3}}(?![\d]|[.,]\d)|{words})"


def _pair(n: str) -> str:
    """Two or more ages in digits that share one age word: "19 және 23", "31, 35 and 40",
    "33- и 41-"; the numbers are read back by :data:`_DIGITS`."""
    one = rf"\d{{1,3}}(?:{_S0}{_DASH}(?:ти|х)?)?"
    lex = lexicon()
    joiners = _alt(lex["ru"]["joiners"] + lex["kk"]["joiners"] + lex["en"]["joiners"])
    return (
        rf"(?P<{n}>(?<![\d.,]){one}(?:{_S0},{_S0}{one}){{0,3}}{_S0}"
        rf"(?:{joiners}){_S1}\d{{1,3}}(?![\d]|[.,]\d))"
    )


_DIGITS = re.compile(r"\d+")


@cache
def _age_re() -> re.Pattern[str]:
    ru, kk, en = lexicon()["ru"], lexicon()["kk"], lexicon()["en"]
    birth = lexicon()["birth"]
    years_ru = rf"(?:{_alt(ru['years'])})(?!\w)"
    adj_end = _alt(ru["adj_endings"])
    adj = rf"(?:{_S0}{_DASH}?{_S0}(?:ти|х)?){_S0}{_DASH}?{_S0}летн(?:{adj_end})(?!\w)"
    # ей было 45 лет, ему исполнилось 37 лет; a plain predicate "мне 34 года", "сыну 5 лет",
    # "самой старшей — 17 лет" (checked in extract(): it must end its clause)
    whom = rf"(?:(?:самому|самой){_S1})?(?:{_alt(ru['to_whom'] + ru['to_whom_nouns'])})"
    isp = (
        rf"(?:{whom}(?:{_S1}(?:{_alt(ru['to_whom_fillers'])}))?"
        rf"(?:{_S1}(?P<a_isp_was>{_alt(ru['was'])}))?(?:{_S1}{_DASH})?|(?P<a_isp_is>исполнилось))"
    )
    alts = [
        # --- thresholds first: at the same position they win over an age ---
        # в возрасте от 18 до 25 лет, в возрасте до 18 лет, в возрасте старше 60 лет
        rf"(?P<t_vr>(?<!\w)в{_S1}возрасте{_S1}(?P<t_vr_w>{_alt(ru['age_bound_words'])}){_S1}"
        rf"{_num('t_vr_n', 'ru')}(?:{_S0}(?:{_DASH}|до){_S0}{_num('t_vr_m', 'ru')})?{_S1}"
        rf"{years_ru})",
        # в возрасте 18-25 лет
        rf"(?P<t_vrr>(?<!\w)в{_S1}возрасте{_S1}{_num('t_vrr_n', 'ru')}{_S0}{_DASH}{_S0}"
        rf"{_num('t_vrr_m', 'ru')}{_S1}{years_ru})",
        # старше 60 лет, моложе 18 лет
        rf"(?P<t_cmp>(?<!\w)(?P<t_cmp_w>{_alt(ru['over'] + ru['under'])}){_S1}"
        rf"{_num('t_cmp_n', 'ru')}(?:-?(?:ти|х))?{_S1}{years_ru})",
        # до 18-летнего возраста, с 16-летнего возраста
        rf"(?P<t_adj>(?<!\w)(?P<t_adj_w>{_alt(ru['bound_before_adj'])}){_S1}"
        rf"{_num('t_adj_n', 'ru')}{adj}{_S1}возраст{_LET}{{0,2}})",
        # не достигшие 18 лет, достигших 16-летнего возраста, по достижении 18 лет
        rf"(?P<t_dost>(?<!\w)(?P<t_dost_neg>не{_S1})?дости[гж]{_LET}{{0,6}}{_S1}"
        rf"(?:возраста{_S1})?{_num('t_dost_n', 'ru')}(?:-?(?:ти|х))?"
        rf"(?:{_S1}{years_ru}|{adj}(?:{_S1}возраст{_LET}{{0,2}})?))",
        # 60 лет и старше
        rf"(?P<t_andru>{_num('t_andru_n', 'ru')}{_S1}{years_ru}{_S1}и{_S1}"
        rf"(?:{_alt(ru['and_over'])})(?!\w))",
        # 60 жастан асқан, 18 жасқа толмаған, 30-40 жастағы
        rf"(?P<t_kkr>{_num('t_kkr_n', 'kk')}{_S0}{_DASH}{_S0}{_num('t_kkr_m', 'kk')}{_S0}{_DASH}?"
        rf"{_S0}жас{_LET}{{0,6}}(?!\w))",
        rf"(?P<t_kk>{_num('t_kk_n', 'kk')}{_S0}{_DASH}?{_S0}"
        rf"(?P<t_kk_w>{_alt(kk['threshold_forms'])})(?!\w))",
        # aged over 60, aged 60 and over, aged 18-25, aged between 18 and 25
        rf"(?P<t_aged>(?<!\w)aged{_S1}(?P<t_aged_w>{_alt(en['comparatives'])}){_S1}"
        rf"{_num('t_aged_n', 'en')})",
        # aged 65+
        rf"(?P<t_agedp>(?<!\w)aged{_S1}{_num('t_agedp_n', 'en')}{_S0}\+)",
        rf"(?P<t_agedand>(?<!\w)aged{_S1}{_num('t_agedand_n', 'en')}(?:{_S1}years?)?{_S1}"
        rf"(?:and|or){_S1}(?P<t_agedand_w>{_alt(en['and_over'])})(?!\w))",
        # (not "aged 19 and 24": two ages, read below)
        rf"(?P<t_agedr>(?<!\w)aged{_S1}(?:between{_S1}|(?!\S+{_S1}and(?!\w))){_num('t_agedr_n', 'en')}{_S0}"
        rf"(?:{_DASH}|to|and){_S0}{_num('t_agedr_m', 'en')}(?!\w))",
        # over the age of 60, under 18 years of age, older than 65 years old
        rf"(?P<t_cmpen>(?<!\w)(?P<t_cmpen_w>{_alt(en['comparatives'])}){_S1}(?:(?:the{_S1})?age"
        rf"{_S1}of{_S1}{_num('t_cmpen_n', 'en')}|{_num('t_cmpen_m', 'en')}{_S1}years?{_S1}"
        rf"(?:old|of{_S1}age)(?!\w)))",
        # 60 years and older
        rf"(?P<t_yand>{_num('t_yand_n', 'en')}{_S1}years?(?:{_S1}of{_S1}age)?{_S1}(?:and|or)"
        rf"{_S1}(?P<t_yand_w>{_alt(en['and_over'])})(?!\w))",
        # victims over 60, the over-60s
        rf"(?P<t_grp>(?<!\w)(?:{_alt(en['group_nouns'])}){_S1}"
        rf"(?P<t_grp_w>{_alt(en['comparatives'])}){_S1}{_num('t_grp_n', 'en')}"
        rf"(?!{_S0}(?:%|[.,]?\d|percent|per{_S1}cent)))",
        rf"(?P<t_s>(?<!\w)(?P<t_s_w>over|under){_DASH}(?P<t_s_n>\d{{2}})s(?!\w))",
        # --- birth years ---
        rf"(?P<b_ru>(?P<b_ru_y>{_YEAR}){_S0}(?:{_alt(birth['ru'])})(?!\w))",
        rf"(?P<b_kk>(?P<b_kk_y>{_YEAR}){_S0}(?:{_alt(birth['kk'])})(?!\w))",
        rf"(?P<b_en>(?<!\w)born{_S1}(?:in{_S1})?(?P<b_en_y>{_YEAR}))",
        # --- ages of people ---
        # two ages with one age word: 33- и 41-летние, мужчины 27 и 33 лет, 19 және 23 жастағы,
        # 19 and 24 years old ("в возрасте 16 и 19 лет", "им было 27 и 33 лет", "aged 19 and 24"
        # are read by the alternatives of one age below: each alternative costs every try)
        # (one alternative: the numbers are tried once, then the age words after them; the
        # look-ahead wants a comma or a joiner's first letter after the first number)
        rf"(?P<c>(?=\d{{1,3}}{_S0}(?:{_DASH}(?:ти|х)?)?{_S0}[,иaoжмбпн]){_pair('c_n')}(?:(?P<c_adj>{adj})|(?P<c_ru>{_S1}{years_ru})"
        rf"|(?P<c_kk>{_S0}{_DASH}?{_S0}(?:{_alt(kk['age_forms'])})(?!\w)(?!{_S1}аралы))"
        rf"|(?P<c_en>{_S0}{_DASH}?{_S0}years?{_S0}{_DASH}?{_S0}old(?!\w))))",
        # 39-летняя, 37-летнего
        rf"(?P<a_adj>{_num('a_adj_n', 'ru')}{adj})",
        # в возрасте 45 лет, в возрасте 16 и 19 лет
        rf"(?P<a_vr>(?<!\w)в{_S1}возрасте{_S1}(?:{_pair('a_vr_p')}|{_num('a_vr_n', 'ru')}){_S1}"
        rf"{years_ru})",
        # ей было 45 лет, ему исполнилось 37 лет
        rf"(?P<a_isp>(?<!\w){isp}{_S1}(?:{_pair('a_isp_p')}|{_num('a_isp_n', 'ru')}){_S1}"
        rf"{years_ru})",
        # (45 лет), (45 жаста), (45 years)
        rf"(?P<a_par>(?<=\(){_num('a_par_n')}{_S1}"
        rf"(?:{years_ru}|жаста|жас|years?(?:{_S1}old)?)(?={_S0}\)))",
        # жительница Актау, 45 лет,
        rf"(?P<a_com>(?:(?<=,)|(?<=, )){_num('a_com_n', 'ru')}{_S1}{years_ru}(?={_S0}[,)]))",
        # 45 жастағы, 45 жаста, 18 жасқа толған
        rf"(?P<a_kk>{_num('a_kk_n', 'kk')}{_S0}{_DASH}?{_S0}(?:{_alt(kk['age_forms'])})(?!\w))",
        # жасы 45-те
        rf"(?P<a_kkj>(?<!\w)жасы{_S1}(?P<a_kkj_n>\d{{1,3}}){_S0}{_DASH}?{_S0}"
        rf"(?:те|та|де|да)(?!\w))",
        # 37-year-old, 62 years old, thirty-seven-year-old
        rf"(?P<a_en>{_num('a_en_n', 'en')}{_S0}{_DASH}?{_S0}years?{_S0}{_DASH}?{_S0}old(?!\w))",
        # aged 62, at the age of 45, at age 45, aged 19 and 24
        rf"(?P<a_aged>(?<!\w)(?:aged|(?:at{_S1})?(?:the{_S1})?age{_S1}of|at{_S1}age){_S1}"
        rf"(?:{_pair('a_aged_p')}|{_num('a_aged_n', 'en')})(?!{_S0}(?:{_DASH}|%|\+)|\w))",
    ]
    return re.compile("|".join(alts))


# Words that end an age written with number words ("thirty-seven-year-old", "қырық бес жастағы").
_WORD_ANCHOR = re.compile(r"year|жас")


@cache
def _heads() -> frozenset[str]:
    """Words that may open an age phrase before its number."""
    lex = lexicon()
    heads = set(lex["anchors"]["heads"])
    heads |= {w.split()[0] for w in lex["ru"]["over"] + lex["ru"]["under"]}
    heads |= {w.split()[0] for w in lex["en"]["comparatives"]}
    heads |= set(lex["en"]["group_nouns"])
    heads |= set(lex["ru"]["to_whom_nouns"])
    for lang in ("ru", "kk", "en"):
        heads |= set(numbers.word_numbers(lang))
    return frozenset(heads)


@cache
def _tail_heads() -> frozenset[str]:
    """Words right before a number that ends an age phrase: "aged 62", "victims over 60"."""
    return frozenset(lexicon()["anchors"]["tail_heads"])


@cache
def _gate() -> re.Pattern[str]:
    """What may follow the number of an age: a years word, an age suffix, a range dash."""
    lex = lexicon()
    words = _alt(lex["anchors"]["after_number"])
    joiners = _alt(lex["ru"]["joiners"] + lex["kk"]["joiners"] + lex["en"]["joiners"])
    one = rf"(?:{_S0}{_DASH}(?:ти|х)?)?"
    return re.compile(
        rf"{_S0}(?:{_DASH}{_S0})?(?:ти|х)?{_S0}(?:{_DASH}{_S0})?(?:{words})"
        # a range or two ages with one age word: "18-25 лет", "19 және 23 жастағы", "31, 35 and 40"
        rf"|(?=[ \t\u00a0\u202f]{{0,3}}[-\u2010-\u2014\u2212,иaoжмбпндt])"
        rf"{one}(?:{_S0},{_S0}\d{{1,3}}{one}){{0,3}}{_S0}(?:{_DASH}|до|to|{joiners}){_S0}"
        rf"\d{{1,3}}{_S0}(?:{_DASH}{_S0})?(?:{words})"
    )


@cache
def _aux_res() -> dict[str, re.Pattern[str]]:
    ru = lexicon()["ru"]
    return {
        "not_person": re.compile(rf"{_S1}(?:{_alt(ru['not_person_after'])})"),
        "age_noun": re.compile(rf"{_S1}возраст"),
        "adj_in_age": re.compile(rf"(?<!\w)(?:в|на){_S1}$"),
        "person_before": re.compile(
            rf"(?:(?<!\w)(?:{_alt(ru['person_stems'])}){_LET}{{0,4}}|(?<!\w)[А-ЯЁӘҒҚҢӨҰҮҺІA-Z]"
            rf"{_LET}{{0,20}}|(?<!\w)[А-ЯЁA-Z]\.){_S0}$"
        ),
        "after_time": re.compile(rf"{_S1}(?:назад|спустя|подряд)(?!\w)"),
        "term_after": re.compile(rf"{_S1}(?:{_alt(ru['term_after'])})"),
        "clause_end": re.compile(
            rf"{_S0}(?:[,.;:!?)\u2013\u2014]|$)|{_S1}(?:{_alt(ru['clause_joiners'])})(?!\w)"
        ),
        "term_verb": re.compile(rf"(?<!\w)(?:{_alt(ru['term_verbs'])}){_S1}$"),
        "person_word": re.compile(
            rf"(?<!\w)(?:{_alt(ru['person_stems'])}){_LET}{{0,4}}{_S1}$"
        ),
    }


def _penalty_before(text: str, pos: int) -> bool:
    """A punishment is named just before: "лишение свободы (5 лет)" is a term, not an age."""
    lo = max(0, pos - 60)
    cut = max(text.rfind(".", lo, pos), text.rfind("\n", lo, pos))
    return dates.penalty_context_re().search(text, max(lo, cut + 1), pos) is not None


def _value(m: re.Match[str], name: str) -> int | None:
    text = m.group(name)
    if text is None:
        return None
    t = text.strip()
    if t[:1].isdigit():
        v = numbers.parse_number(t)
    else:
        v = next(
            (x for x in (numbers.parse_word_number(t, lg) for lg in ("ru", "kk", "en")) if x),
            None,
        )
    if not isinstance(v, int) or not 0 < v <= AGE_MAX:
        return None
    return v


def _key(table: dict[str, Any], written: str) -> Any:
    w = " ".join(written.lower().split())
    return table.get(w, next((v for k, v in table.items() if k.lower() == w), None))


def _fact(doc: Document, kind: str, value: Any, s: int, e: int, rule: str, **extra: Any) -> Fact:
    return Fact(kind, value, s, e, doc.original[s:e], rule, dict(extra))


def _threshold(m: re.Match[str], kind: str) -> dict[str, Any] | None:
    lex = lexicon()
    ru, kk, en = lex["ru"], lex["kk"], lex["en"]
    n = _value(m, f"{kind}_n")
    if n is None and kind in ("t_cmpen",):
        n = _value(m, "t_cmpen_m")
    if n is None:
        return None
    top = None
    if kind == "t_vr":
        op = _key(ru["age_bound_words"], m.group("t_vr_w"))
        top = _value(m, "t_vr_m")
        if top is not None:
            op = "between"
    elif kind in ("t_vrr", "t_kkr", "t_agedr"):
        op, top = "between", _value(m, f"{kind}_m")
        if top is None or top <= n:
            return None
    elif kind == "t_cmp":
        w = " ".join(m.group("t_cmp_w").lower().split())
        op = "over" if w in ru["over"] else "under"
    elif kind == "t_adj":
        op = _key(ru["bound_before_adj"], m.group("t_adj_w"))
    elif kind == "t_dost":
        op = "under" if m.group("t_dost_neg") else "from"
    elif kind == "t_andru":
        op = "from"
    elif kind == "t_kk":
        op = _key(kk["threshold_forms"], m.group("t_kk_w"))
    elif kind in ("t_aged", "t_cmpen", "t_grp"):
        op = _key(en["comparatives"], m.group(f"{kind}_w"))
    elif kind in ("t_agedand", "t_yand"):
        op = _key(en["and_over"], m.group(f"{kind}_w"))
    elif kind == "t_s":
        op = "over" if m.group("t_s_w").lower() == "over" else "under"
    elif kind == "t_agedp":
        op = "from"
    else:
        return None
    if op is None:
        return None
    value: dict[str, Any] = {"op": op, "years": n}
    if top is not None:
        value["years_max"] = top
    return value


def extract(doc: Document) -> list[Fact]:
    """Find ages, birth years and age thresholds."""
    norm = doc.norm
    text = doc.lower
    aux = _aux_res()
    ref = doc.ref_date
    out: list[Fact] = []
    words = [(m.start(), m.end(), False) for m in _WORD_ANCHOR.finditer(text)]
    anchors = sorted(dates.shared_digit_runs(doc, text) + words)
    found = dates.match_near(text, anchors, _heads(), _age_re(), 4, _gate(), _tail_heads())
    for m in found:
        kind = m.lastgroup or ""
        s, e = m.span()
        if kind.startswith("t_"):
            value = _threshold(m, kind)
            if value is not None:
                out.append(_fact(doc, "age_threshold", value, s, e, f"age:threshold_{kind[2:]}"))
            continue
        if kind.startswith("b_"):
            by = int(m.group(f"{kind}_y"))
            if ref is not None and by <= ref.year and ref.year - by <= AGE_MAX:
                age = ref.year - by
                out.append(
                    _fact(doc, "age", age, s, e, "age:birth_year", birth_year=by, approximate=True)
                )
            else:
                out.append(_fact(doc, "birth_year", by, s, e, "age:birth_year"))
            continue
        if kind == "a_isp" and not _predicate_ok(m, text, aux):
            continue
        if kind == "c" or (kind in _PAIRED and m.group(f"{kind}_p") is not None):
            if kind == "c":
                kind = next(k for k in ("c_adj", "c_ru", "c_kk", "c_en") if m.group(k) is not None)
            if _pair_ok(m, kind, norm, text, aux):
                out.extend(_pair_facts(doc, m, kind))
            continue
        n = _value(m, f"{kind}_n")
        if n is None:
            continue
        if kind == "a_adj":
            if aux["not_person"].match(text, e):
                continue  # "5-летний срок": a length of time
            if aux["age_noun"].match(text, e) and not aux["adj_in_age"].search(
                text, max(0, s - 6), s
            ):
                continue
        elif kind == "a_com":
            comma = norm.rfind(",", max(0, s - 3), s)
            if comma < 0 or not aux["person_before"].search(norm, max(0, comma - 40), comma):
                continue
        if kind in ("a_com", "a_par"):
            if aux["after_time"].match(text, e) or _penalty_before(text, s):
                continue
        out.append(_fact(doc, "age", n, s, e, f"age:{kind[2:]}"))
    out.extend(_predicates(doc, text, out))
    out.extend(_appositions(doc, norm, out))
    out.extend(_birth_dates(doc))
    return out


@cache
def _is_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """"she is", "he was now", "i'm" right before a number; the number and the end of its
    clause after it."""
    en = lexicon()["en"]
    before = re.compile(
        rf"(?<!\w)(?:{_alt(en['pronouns'])})(?:{_S1}(?:{_alt(en['be'])})|['\u2019][sm])"
        rf"(?:{_S1}now)?{_S1}$"
    )
    number = re.compile(
        rf"\d{{1,3}}(?![\d]|[.,]\d)(?={_S0}(?:[,.;:!?)]|$)"
        rf"|{_S1}(?:{_alt(en['clause_joiners'])})(?!\w))"
    )
    return before, number


# Quick finds for the pronouns of en.pronouns with a verb and a digit ("s" + "he" is "she"):
# each pattern starts with a literal, which the regex engine looks for fast.
_IS_HINTS = (
    re.compile(r"he(?: is| was|['\u2019]s) (?:now )?\d"),
    re.compile(r"i(?:['\u2019]m| am| was) (?:now )?\d"),
)


def _predicates(doc: Document, text: str, found: list[Fact]) -> list[Fact]:
    """English ages told as a predicate: "she is 34.", "he was 19 when ...", "I'm 29"."""
    out: list[Fact] = []
    if doc.language != "en" and all(x.language != "en" for x in doc.sentences):
        return out
    before, number = _is_res()
    hits = sorted(m.end() - 1 for hint in _IS_HINTS for m in hint.finditer(text))
    for pos in hits:
        b = before.search(text, max(0, pos - 16), pos)
        if b is None:
            continue
        n = number.match(text, pos)
        if n is None or not 0 < int(n.group()) <= AGE_MAX:
            continue
        s, e = b.start(), n.end()
        if any(f.start < e and s < f.end for f in found):
            continue
        out.append(_fact(doc, "age", int(n.group()), s, e, "age:is"))
    return out


def _predicate_ok(m: re.Match[str], text: str, aux: dict) -> bool:
    """Whether "мне 34 года" is an age: with "было"/"исполнилось" it is; a plain "мне N лет"
    must end its clause ("мне 5 лет назад сказали" is a time) and follow no verb that gives a
    term ("суд дал ему 5 лет")."""
    s, e = m.span()
    if aux["term_verb"].search(text, max(0, s - 24), s):
        return False
    if m.group("a_isp_was") or m.group("a_isp_is"):
        return True
    return aux["clause_end"].match(text, e) is not None and not _penalty_before(text, s)


def _birth_dates(doc: Document) -> list[Fact]:
    """Ages from the full dates of birth the dates extractor found (``extra["birth"]``): the
    years completed on the document date, birthday included; without a document date (or with
    a birth after it), the birth year alone."""
    ref = doc.ref_date
    out = []
    for f in doc.facts:
        if f.kind != "date" or not f.extra.get("birth"):
            continue
        y, m, d = (int(x) for x in f.value.split("-"))
        age = None
        if ref is not None and (y, m, d) <= (ref.year, ref.month, ref.day):
            age = ref.year - y - ((ref.month, ref.day) < (m, d))
        if age is not None and age <= AGE_MAX:
            extra = {"birth_year": y, "birth_date": f.value}
            out.append(_fact(doc, "age", age, f.start, f.end, "age:birth_date", **extra))
        else:
            out.append(_fact(doc, "birth_year", y, f.start, f.end, "age:birth_date"))
    return out


def _pair_ok(m: re.Match[str], kind: str, norm: str, text: str, aux: dict) -> bool:
    """Whether two ages sharing one age word are ages of people, not terms or group bounds."""
    s, e = m.span()
    prev = dates.prev_word(text, s)
    if prev in _RANGE_WORDS:
        return False  # "between 19 and 24 years old", "от 27 и ...": a range, not two people
    if kind == "c_adj":
        return aux["not_person"].match(text, e) is None and (
            aux["age_noun"].match(text, e) is None
            or aux["adj_in_age"].search(text, max(0, s - 6), s) is not None
        )
    if kind != "c_ru":
        return True
    # bare "27 и 33 лет": right after a person noun, or in apposition after a comma or bracket
    if aux["after_time"].match(text, e) or aux["term_after"].match(text, e):
        return False
    if _penalty_before(text, s):
        return False
    if aux["person_word"].search(text, max(0, s - 30), s):
        return True
    if s and norm[s - 1] == "(":
        return norm[e : e + 1] == ")"
    comma = norm.rfind(",", max(0, s - 3), s)
    return (
        comma >= 0
        and norm[e : e + 1] in (",", ")")
        and aux["person_before"].search(norm, max(0, comma - 40), comma) is not None
    )


# Alternatives of one age that also read two ("в возрасте 16 и 19 лет") in a group named "_p".
_PAIRED = frozenset({"a_vr", "a_isp", "a_aged"})


def _pair_facts(doc: Document, m: re.Match[str], kind: str) -> list[Fact]:
    e = m.end()
    group = "c_n" if m.group("c") is not None else f"{kind}_p"  # the numbers
    g = m.start(group)
    out = []
    for d in _DIGITS.finditer(m.group(group)):
        n = int(d.group())
        if not 0 < n <= AGE_MAX:
            return []
        out.append(_fact(doc, "age", n, g + d.start(), e, f"age:pair_{kind[2:]}"))
    return out


# Words before two numbers that make them a range: "between 19 and 24 years old".
_RANGE_WORDS = frozenset({"between", "from", "от", "с", "со", "между", "из"})


@cache
def _appos_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    en = lexicon()["en"]
    return (
        frozenset(en["person_nouns"]),
        frozenset(en["not_name_words"]) | frozenset(en["not_first_names"]),
        frozenset(en["honorifics"]),
    )


# An age in apposition in English news style: "Aliya Serikova, 29, said", "the mother, 48."
# The number (or "19 and 24") stands between commas, or before a full stop, a semicolon or a
# bracket; a list of numbers ("12, 15, 18") is no age.
_APPOS = re.compile(r", (\d{1,3}(?: (?:and|or) \d{1,3})?)(?=[,;)]|\.(?!\d)|$)")
_APPOS_LIST = re.compile(r"[,;] ?\d")
_NAME = re.compile(r"[A-Z][a-z]+(?:['\u2019-][A-Za-z][a-z]+)?")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*$")


def _appositions(doc: Document, norm: str, found: list[Fact]) -> list[Fact]:
    """Ages after a person noun or a person's full name: "the mother, 48,", "Mr Smith, 34,"."""
    out: list[Fact] = []
    for m in _APPOS.finditer(norm):
        s, e = m.span(1)
        if _APPOS_LIST.match(norm, e):
            continue
        if not _person_before(norm, m.start()) and not _lone_name_before(norm, m.start(), e):
            continue
        if any(f.start < e and s < f.end for f in found):
            continue
        digits = list(_DIGITS.finditer(m.group(1)))
        if all(0 < int(d.group()) <= AGE_MAX for d in digits):
            out.extend(
                _fact(doc, "age", int(d.group()), s + d.start(), e, "age:apposition") for d in digits
            )
    return out


# A first name alone that opens a sentence, then ", 31, " and a lower-case word: "Dinara, 27,
# works as a nurse".
_LONE_NAME = re.compile(r"(?:^|(?<=[.!?:;] )|(?<=\n))[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?$")
_LOWER_AFTER = re.compile(r", [a-z]")


def _lone_name_before(norm: str, comma: int, end: int) -> bool:
    """A single first name at the start of a sentence ends at ``comma`` and a lower-case word
    follows the age ("Dinara, 27, works as a nurse"); not a place, a month or a linking word."""
    if not _LOWER_AFTER.match(norm, end):
        return False
    lo = max(0, comma - 30)
    m = _LONE_NAME.search(norm, lo, comma)
    if m is None or (m.start() == lo and lo > 0):
        return False
    word = m.group()
    _, not_name, _ = _appos_words()
    return word.lower() not in not_name and not places.find_places(word)


def _person_before(norm: str, comma: int) -> bool:
    """A person noun ("husband", "defendants") or a full name ("Aliya Serikova", "Mr Smith")
    ends right before ``comma``; never a place, a month, a street or a single capitalised word."""
    nouns, not_name, honorifics = _appos_words()
    toks = norm[max(0, comma - 60) : comma].split()
    if not toks or not _LATIN_WORD.match(toks[-1]):
        return False
    last = toks[-1]
    if last.lower() in nouns:
        return True
    names = 0
    for t in reversed(toks):
        word = t.rstrip(".")
        low = word.lower()
        if low in honorifics and names:
            return True
        if not _NAME.fullmatch(t) or low in not_name or low in nouns:
            break
        if places.find_places(t):
            return False  # "Almaty, 12," or a surname that is also a town: not sure, skip
        names += 1
    return names >= 2
