"""Places: the regions and cities of Kazakhstan a text names, as ISO 3166-2:KZ codes.

Reads the 17 regions, the 3 cities of republican significance, regional centres, other towns
and districts in Kazakh, Russian and English, with case endings (``Шымкентте``,
``Мангистауской области``, ``в Петропавловске``), Latin-script Kazakh (``Qaraǵandy``),
abbreviations (``ВКО``, ``ШҚО``) and former names (``Нур-Султан``, ``Alma-Ata``). Each mention
becomes a ``region`` fact whose value is the code of the top-level unit it lies in, with
``extra["via"]`` saying how it was read: ``region``, ``city``, ``centre``, ``town``,
``district`` or ``abbrev``.

How a name is read:

* a region word after it (``облысы``, ``области``, ``Region``) makes it the region, a city word
  (``қаласы``, ``город``, ``city``, or ``г.`` before it) the city, a district word (``ауданы``,
  ``район``) a district, looked up in the district table;
* names joined into one group (``Алматы және Қызылорда облыстарына``) share the word after the
  last of them; a list that ends in a plural region word (``облыстары``, ``regions``) makes
  every bare name after its first region-level name a region too, so a bare ``Алматы`` there is
  Almaty region while ``Алматы`` alone is the city; a Russian one (``областей``) reaches only
  the adjectives, which agree with it (``Алматы, Павлодарской и Костанайской областей``: the
  city);
* names that are also person names (``Абай``, ``Жамбыл``) and the Kazakh names of the three
  "Kazakhstan" regions count only with a region word or inside a list with other units;
* a name glued by a hyphen to a lower-case word is a compound, not the place, unless the word
  is one of ``reading.compound_after`` in ``regions.yaml`` (``Pavlodar-based``, ``Aktau-born``);
* proper nouns must start with a capital letter; streets, lakes, rivers and people named after
  a place (``улица Абая``, ``Балқаш көлі``, ``Абай Құнанбайұлы``) are skipped;
* a capitalised name at the start of a line followed by a full stop or comma is a dateline
  (``АСТАНА. KAZINFORM``): it counts, and is flagged ``extra["dateline"]``;
* the Kazakh "of <city>" form (``Алматылық``, ``шымкенттік әйелге``) is the city: capitalised
  after any name, like the other endings; in lower case only for the closed list of cities in
  ``places.yaml`` (``demonyms``), each with the one form the suffix rule builds
  (:func:`kk_demonym`), so ``аралығындағы`` or ``оралдық`` ("we returned") stay words.

The lexicon is built once from ``data/regions.yaml`` and ``data/places.yaml`` into one regex
(name tries, so the scan stays linear), matched over a folded copy of the normalised text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from qorgau import geo
from qorgau.model import Document, Fact
from qorgau.text.numbers import NUM_SRC, parse_number

CITIES = frozenset({"KZ-71", "KZ-75", "KZ-79"})

# Kazakh case and derivation endings after a name, on folded text (Kazakh letters folded to their
# Russian neighbours): -да/-та/-нда, -ға/-қа/-на, -ның/-дың, -нан/-дан, -ны/-ды, -мен, -дағы,
# -лық/-тік (inhabitant) with plural and case after it.
_KK_CASE = r"(?:н?[дт][ае](?:[гк][ыи])?|[гк][ае]|н[ае]|[ндт][ыи]н|н?[дт][ае]н|[ндт][ыи]|[мбп][ае]н)"
# what may follow the -лық/-тік of an inhabitant form: plural, then case (алматылықтарға)
_KK_DEMONYM_TAIL = rf"(?:[тдл][ае]р)?{_KK_CASE}?"
_KK_SUF = rf"(?:[лдт][ыи][кг]{_KK_DEMONYM_TAIL}|[лдт][ае]р{_KK_CASE}?|{_KK_CASE})"
# Russian noun endings after a name that ends in a consonant (Павлодаре, Шымкенту, Уральском).
_RU_NOUN = r"(?:а|у|е|ом|ой|ы|и|ам|ах|ами)"
# Endings after a stem whose last vowel or soft sign declines away (Астан-е, Костана-е, Семе-е).
_RU_STEM = r"(?:а|ы|и|е|у|ой|ою|я|ю|ем|ей|ом)"
_RU_ADJ = r"(?:ая|ой|ую|ою|ое|ого|ому|ом|ий|ый|ие|их|им|ими|ым|ых|ыми)"
# Latin-script Kazakh endings (Almatyda, Astanaga, Shymkentte) and the English possessive.
_LAT_SUF = r"(?:'s|[dt][ae](?:[gk][iy])?|[gk][ae]|n[ae]|[ndt][iy]n|n?[dt][ae]n|[dt][iy]|[ldt][iy][kq])"
_SUFFIX = rf"(?:{_KK_SUF}|{_RU_NOUN}|{_LAT_SUF}|-{_KK_CASE})"

_VIA = {"region": "region", "city": "city", "centre": "centre", "town": "town",
        "district": "district", "abbrev": "abbrev"}
# Which sense a bare name prefers when it has several with a code.
_BARE_ORDER = {"city": 0, "centre": 1, "region": 2, "town": 3, "district": 4}


@dataclass(frozen=True, slots=True)
class Sense:
    """One reading of a written name: the unit's code, what the name denotes, how it may stand."""

    code: str  # "" for a name known to be ambiguous (a district name of several units)
    kind: str  # region | city | centre | town | district
    bare: str  # always | context | head | district
    former: bool = False
    abbrev: bool = False


@dataclass(slots=True)
class Place:
    """A place mention resolved to a unit."""

    start: int
    end: int
    code: str
    via: str
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class _Mention:
    start: int
    end: int  # end of the name, or of its own head word
    senses: tuple[Sense, ...]
    head: str | None = None  # own word after: region | city | district
    plural: bool = False
    pre: str | None = None  # word before: region | city
    soft: str | None = None  # head shared from the group or the list
    by: str | None = None
    context_ok: bool = False
    dateline: bool = False
    adjective: bool = False
    head_word: str = ""


# ---------------------------------------------------------------------------------------------
# lexicon


def _trie_src(words: list[str]) -> str:
    """A regex matching any of ``words`` (folded), built as a trie so the scan stays cheap."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def esc(ch: str) -> str:
        if ch == " ":
            return r"\s{1,3}"
        return re.escape(ch)

    def ser(node: dict) -> str:
        end = "" in node
        alts = [esc(ch) + ser(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return f"(?:{body})?"
        return body

    return ser(trie) or r"(?!x)x"


def _key(s: str) -> str:
    return " ".join(geo.fold(s).split())


def _fkey(folded: str) -> str:
    """The lexicon key of a name matched in folded text (spaces inside it made single)."""
    if " " in folded or "\n" in folded or "\t" in folded:
        return " ".join(folded.split())
    return folded


@dataclass(slots=True)
class _Lexicon:
    full: dict[str, list[Sense]]
    stem: dict[str, list[Sense]]
    adj: dict[str, list[Sense]]
    abbrev: dict[str, list[Sense]]
    name_re: re.Pattern[str]
    abbrev_re: re.Pattern[str]
    head_re: re.Pattern[str]
    before: dict[str, str]  # a word before a name → city | region | not
    before_second: frozenset[str]  # last words of two-word entries of `before`
    after_not_re: re.Pattern[str]
    prefixes: frozenset[str]  # first two folded letters of every name
    abbrev_prefixes: frozenset[str]
    plural: dict[str, tuple[str, ...]]
    nationwide_re: re.Pattern[str]
    compound_re: re.Pattern[str]  # "-based", "-born" after a name: the compound names the place
    # lower-case Kazakh "of <city>" forms (алматылық) -> the senses of the city's name
    demonyms: dict[str, tuple[Sense, ...]]
    # find where one of them ends (in -ық or -ік): regex, letters of the form after its match
    demonym_res: tuple[tuple[re.Pattern[str], int], ...]


def _add(table: dict[str, list[Sense]], form: str, sense: Sense) -> None:
    key = _key(form)
    if key and sense not in table.setdefault(key, []):
        table[key].append(sense)


_KK_VOWELS = "аәеиоөуұүыіэюя"
_KK_BACK = "аоұыя"
_KK_FRONT = "әеөүіэ"


def kk_demonym(name: str) -> str:
    """The Kazakh "of <place>" form of a name, in lower case: -лық/-лік after a vowel, р or й,
    -дық/-дік after л, м, н, ң, з, ж, -тық/-тік after the other consonants; back or front by the
    last back or front vowel (``Алматы`` → ``алматылық``, ``Шымкент`` → ``шымкенттік``,
    ``Тараз`` → ``тараздық``, ``Семей`` → ``семейлік``)."""
    w = name.lower()
    last = w[-1]
    if last in _KK_VOWELS or last in "рй":
        cons = "л"
    elif last in "лмнңзж":
        cons = "д"
    else:
        cons = "т"
    front = next((ch in _KK_FRONT for ch in reversed(w) if ch in _KK_BACK + _KK_FRONT), False)
    return w + cons + ("ік" if front else "ық")


# Every form ends in -ық or -ік; each ending holds a letter Russian and English text lack (қ, і).
# (ending, the position of that letter in it)
_DEMONYM_ENDS = (("ық", 1), ("ік", 0))


def _demonym_res(forms: list[str]) -> tuple[tuple[re.Pattern[str], int], ...]:
    """For the back and the front ending, a regex that matches the Kazakh letter of the ending
    where one of ``forms`` ends there, and how many letters of the form follow the match. Led by
    that one literal letter, the regex is found by ``re``'s fast literal search; one look at the
    letter before the ending turns most other words in -ық/-ік away before the forms themselves
    are looked back for."""
    out = []
    for end, at in _DEMONYM_ENDS:
        fs = sorted({f for f in forms if f.endswith(end)})
        if not fs:
            continue
        rest = len(end) - at - 1  # letters after the lead letter
        before = "".join(sorted({f[-len(end) - 1] for f in fs}))
        looks = "|".join(f"(?<={re.escape(f[: len(f) - rest])})" for f in fs)
        ahead = f"(?={re.escape(end[at + 1 :])})" if rest else ""
        src = f"{re.escape(end[at])}{ahead}(?<=[{re.escape(before)}]{re.escape(end[: at + 1])})"
        out.append((re.compile(f"{src}(?:{looks})"), rest))
    return tuple(out)


def _adj_stem(word: str) -> str:
    w = _key(word)
    for end in ("ая", "ий", "ый", "ой"):
        if w.endswith(end):
            return w[: -len(end)]
    return w


def _words_src(words: list[str], stems: bool) -> str:
    alts = []
    for w in sorted({_key(x) for x in words}, key=len, reverse=True):
        src = re.escape(w).replace(r"\ ", r"\s{1,3}")
        if w.endswith("."):
            alts.append(src)
        elif stems:
            alts.append(src + r"\w{0,12}")
        else:
            alts.append(src + r"(?!\w)")
    return "|".join(alts)


@cache
def lexicon() -> _Lexicon:
    """The compiled place lexicon (built once)."""
    full: dict[str, list[Sense]] = {}
    adj: dict[str, list[Sense]] = {}
    abbrev: dict[str, list[Sense]] = {}

    for e in geo.unit_entries():
        code = e.get("code") or e.get("within")
        if not code:
            continue
        if e["type"] == "special_city":
            for f in (e.get("forms") or {}).get("cyr", []) + (e.get("forms") or {}).get("lat", []):
                _add(full, f, Sense(code, "town", "always"))
            continue
        kind = "city" if e["type"] == "city" else "region"
        forms = e.get("forms") or {}
        for f in forms.get("cyr", []) + forms.get("lat", []):
            _add(full, f, Sense(code, kind, e.get("bare", "always")))
        for f in (e.get("forms_bare") or {}).get("cyr", []) + (e.get("forms_bare") or {}).get(
            "lat", []
        ):
            _add(full, f, Sense(code, kind, "always"))
        for a in e.get("adj_ru") or []:
            _add(adj, _adj_stem(a), Sense(code, kind, e.get("adj_bare", "always")))
        for a in e.get("abbrev") or []:
            abbrev.setdefault(a, []).append(Sense(code, "region", "always", abbrev=True))
        former = e.get("former") or {}
        for f in former.get("forms") or []:
            _add(full, f, Sense(code, kind, "always", former=True))
        for f in former.get("forms_context") or []:
            _add(full, f, Sense(code, kind, "context", former=True))
        for a in former.get("adj_ru") or []:
            _add(adj, _adj_stem(a), Sense(code, kind, former.get("adj_bare", "always"), former=True))
        for a in former.get("abbrev") or []:
            abbrev.setdefault(a, []).append(Sense(code, "region", "always", True, True))
        centre = e.get("centre") or {}
        for f in list((centre.get("name") or {}).values()) + list(centre.get("forms") or []):
            _add(full, f, Sense(code, "centre", "always"))
        for f in centre.get("former") or []:
            _add(full, f, Sense(code, "centre", "always", former=True))
        for a in centre.get("adj_ru") or []:
            _add(adj, _adj_stem(a), Sense(code, "centre", "always"))

    pdata = geo.places_data()
    for t in list(pdata.get("towns") or []) + list(pdata.get("towns_extra") or []):
        for f in t.get("forms") or []:
            if _key(f) not in full:
                _add(full, f, Sense(t["code"], "town", "always"))
    for d in pdata.get("districts") or []:
        for f in d.get("kk") or []:
            _add(full, f, Sense(d["code"], "district", "district"))
        for a in d.get("ru") or []:
            _add(adj, _adj_stem(a), Sense(d["code"], "district", "district"))
    amb = pdata.get("ambiguous_districts") or {}
    for f in amb.get("kk") or []:
        _add(full, f, Sense("", "district", "district"))
    for a in amb.get("ru") or []:
        _add(adj, _adj_stem(a), Sense("", "district", "district"))

    # Russian declension stems: a Cyrillic one-word name ending in а/я/й/ь loses that letter.
    stem: dict[str, list[Sense]] = {}
    for key, senses in full.items():
        if " " in key or not re.fullmatch(r"[а-я-]{4,}", key) or key[-1] not in "аяйь":
            continue
        for s in senses:
            _add(stem, key[:-1], s)

    # Adjectives first: "Акмолинской" is the region's adjective, not the former city name
    # "Акмолинск" with a noun ending.
    name_src = (
        rf"(?<!\w)(?:(?P<adj>{_trie_src(list(adj))}){_RU_ADJ}"
        rf"|(?P<full>{_trie_src(list(full))})(?:{_SUFFIX})?"
        rf"|(?P<stem>{_trie_src(list(stem))}){_RU_STEM})(?!\w)"
    )
    abbrev_src = (
        r"(?<![\w-])(?P<ab>" + "|".join(sorted(map(re.escape, abbrev), key=len, reverse=True))
        + r")(?:-[а-яәғқңөұүһі]{1,6})?(?![\w])"
    )
    rd = geo._data()["reading"]
    head_src = (
        rf"\s{{1,3}}(?:(?P<region>{_words_src(rd['head_region'], True)})"
        rf"|(?P<city>{_words_src(rd['head_city'], True)})"
        rf"|(?P<district>{_words_src(rd['head_district'], True)}))"
    )
    before: dict[str, str] = {}
    for kind in ("not", "region", "city"):
        for w in rd[f"before_{kind}"]:
            before[_key(w)] = kind
    # Cyrillic words after a name are stems (they decline); Latin ones are whole words.
    cyr_after = [w for w in rd["after_not"] if not re.match("[A-Za-z]", w)]
    lat_after = [w for w in rd["after_not"] if re.match("[A-Za-z]", w)]
    after_src = rf"(?:\s{{1,3}}|-)(?:{_words_src(cyr_after, True)}|{_words_src(lat_after, False)})"
    prefixes = frozenset(k[:2] for table in (full, stem, adj) for k in table)
    plural = {
        k: tuple(sorted({_key(w) for w in rd[f"head_{k}_plural"]}, key=len, reverse=True))
        for k in ("region", "city", "district")
    }
    nation_src = rf"(?<!\w)(?:{_words_src(rd['nationwide'], False)})"
    demonyms: dict[str, tuple[Sense, ...]] = {}
    for d in pdata.get("demonyms") or []:
        senses = full.get(_key(d["name"]))
        if senses:
            demonyms[kk_demonym(d["name"])] = tuple(senses)
    return _Lexicon(
        full=full,
        stem=stem,
        adj=adj,
        abbrev=abbrev,
        name_re=re.compile(name_src),
        abbrev_re=re.compile(abbrev_src),
        head_re=re.compile(head_src),
        before=before,
        before_second=frozenset(k.split()[-1] for k in before if " " in k),
        after_not_re=re.compile(after_src),
        prefixes=prefixes,
        abbrev_prefixes=frozenset(a[:2] for a in abbrev),
        plural=plural,
        nationwide_re=re.compile(nation_src),
        compound_re=re.compile(rf"-(?:{_words_src(rd['compound_after'], False)})(?![\w-])"),
        demonyms=demonyms,
        demonym_res=_demonym_res(list(demonyms)),
    )


# ---------------------------------------------------------------------------------------------
# gaps between names in a list or table (folded text)

_JOINERS = r"(?:жане|мен|пен|бен|и|and|а\s+также|as\s+well\s+as|также)"
# what may stand right before a name in a list: a preposition, then "г." / "город" / "city of"
_LEAD = r"(?:(?:по|в|во|in|at)\s{1,3})?(?:г\.\s{0,2}|город\s{1,2}|city\s+of\s{1,2})?"
# what may stand right after a name before its count: "бойынша", "по"
_AFTER_NAME = r"(?:\s{1,3}(?:бойынша|boiynsha))?"
# a noun after a count: "Шымкент – 23 іс", "Astana (16 cases)"
_COUNT_NOUN = (
    r"(?:[ \t]{1,3}(?:іс|ис|дело|дела|дел|случа\w{0,3}|факт\w{0,3}|кылмыс\w{0,4}|cases?"
    r"|crimes?))?"
)
# names of one group: "Павлодар және Қызылорда", "Алматы, Батыс Қазақстан", "Astana and Almaty"
JOIN_GAP = re.compile(
    rf"[ \t]{{0,3}}(?:[,;/&][ \t]{{0,3}}|\n\s{{0,6}})?(?:{_JOINERS}\s{{1,3}})?{_LEAD}"
)
# a count that closes a group: " – 23, ", " (16), ", ": 7;", a count at the end of a table line
COUNT_GAP = re.compile(
    rf"{_AFTER_NAME}(?:\s{{0,3}}(?:[-:]\s{{0,3}}|\(\s{{0,2}})|[ \t]{{1,8}})(?P<n>{NUM_SRC})"
    rf"{_COUNT_NOUN}[ \t]{{0,2}}\)?(?:[ \t]{{0,3}}[,;.])?(?:\s{{0,6}}(?:{_JOINERS}\s{{1,3}})?{_LEAD})?"
)
# a count after the last name of a table
COUNT_TAIL = re.compile(
    rf"{_AFTER_NAME}\s{{0,3}}(?:[-:]\s{{0,3}}|\(\s{{0,2}})(?P<n>{NUM_SRC}){_COUNT_NOUN}"
    rf"[ \t]{{0,2}}\)?(?=[ \t]{{0,3}}(?:[,;.)]|\n|$))"
)
_MAX_GAP = 60
# Russian plural nominatives that are also singular genitives: plural only after adjectives.
_AMBIGUOUS_NUMBER = frozenset({"области", "района"})
# Russian region and district words: a name joins them only as an adjective that agrees.
_RU_HEADS = ("област", "район")
_SIMPLE_JOINS = frozenset({", ", " ", ",", " и ", " жане ", " and ", ", and ", " мен "})
_LINE_START = re.compile(r"(?:^|\n)[ \t\"'*>#-]{0,6}$")
_INITIAL = re.compile(r"(?:^|(?<=[\s(]))([A-ZА-ЯӘҒҚҢӨҰҮҺІ])\.\s?$")
# Towns named after people (Қонаев, Сәтбаев): after a capitalised word inside a sentence, the
# name is that person's surname.
_SURNAME_LIKE = re.compile(r"(?:ов|ев|ин|ova|eva|ov|ev|yev)(?:[а-яa-z]{0,4})$")
_FIRST_NAME_BEFORE = re.compile(
    r"[^\s.!?:;\n\"«(-][ \t]{1,3}[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі]{2,20}[ \t]{1,2}$"
)
_DATELINE_AFTER = re.compile(r"\s{0,2}[.,]|\s{1,2}-\s")


def gap_kind(folded: str, start: int, end: int) -> tuple[str, int | None]:
    """How the text between two names relates them: ``join``, ``count`` (with its value) or
    ``break``."""
    if end - start > _MAX_GAP:
        return "break", None
    gap = folded[start:end]
    if gap in _SIMPLE_JOINS or JOIN_GAP.fullmatch(gap):
        return "join", None
    m = COUNT_GAP.fullmatch(gap)
    if m:
        value = parse_number(m.group("n"))
        if isinstance(value, int):
            return "count", value
    return "break", None


# ---------------------------------------------------------------------------------------------
# matching


def _plural(lex: _Lexicon, kind: str, word: str) -> bool:
    return any(word.startswith(p) for p in lex.plural[kind])


# A capital letter that starts a word (the look-behind sees the letter before it).
_CAPITAL = re.compile(r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ](?<!\w\w)")
_ADJ_TAIL = re.compile(rf"ск{_RU_ADJ}(?!\w)")
_WORD_BEFORE = re.compile(r"[a-zа-я-]{1,40}$")
_PUNCT = "\"'«»()[]{}.,;:!?*"


@cache
def _all_folded() -> tuple[str, str]:
    """Every character of the Basic Multilingual Plane (no surrogates) and its folded form."""
    chars = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))
    folded = geo.fold(chars)
    assert len(folded) == len(chars)
    return chars, folded


@cache
def _written_as(folded_char: str) -> frozenset[str]:
    """The characters of a text that may fold to ``folded_char`` (U+0130 and the Greek capital
    sigma fold by their context: both ways are counted)."""
    chars, folded = _all_folded()
    out = set()
    i = folded.find(folded_char)
    while i >= 0:
        out.add(chars[i])
        i = folded.find(folded_char, i + 1)
    for c in ("\u0130", "\u03a3"):
        if folded_char in (geo.fold(c), geo.fold("a" + c)[1:], geo.fold(c + "a")[:1], c.lower()[:1]):
            out.add(c)
    return frozenset(out)


# The characters _CAPITAL starts with (tests/test_places.py checks that they are the same).
_CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЁӘҒҚҢӨҰҮҺІ"


@cache
def _capital_re(prefixes: frozenset[str], abbrev_prefixes: frozenset[str]) -> re.Pattern[str]:
    """:data:`_CAPITAL` narrowed to capitals whose next character may continue a name prefix
    (folded) or an abbreviation prefix (as written); the candidates loop checks them exactly."""
    if any(len(p) != 2 for p in prefixes | abbrev_prefixes):
        return _CAPITAL
    nexts: dict[str, set[str]] = {}  # capital as written -> characters that may follow it
    for cap in _CAPITALS:
        folded_cap = geo.fold(cap)
        for p in prefixes:
            if p[0] == folded_cap:
                nexts.setdefault(cap, set()).update(_written_as(p[1]))
    for p in abbrev_prefixes:
        nexts.setdefault(p[0], set()).add(p[1])

    def cls(chars: Iterable[str]) -> str:
        return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"

    # one branch per capital, each led by its letter: the engine skips in C to the next capital
    # that leads some branch and tries only that branch
    return re.compile(
        "|".join(
            rf"{re.escape(cap)}(?<!\w\w)(?={cls(follow)})" for cap, follow in sorted(nexts.items())
        )
    )


def _candidates(norm: str, folded: str, lex: _Lexicon) -> list[re.Match[str]]:
    """Name matches at word starts: capitalised words, and Russian adjectives in -ск- of any case.

    Proper nouns start with a capital letter, so the name regex is tried only where a word starts
    with one whose first two folded letters begin some name; that keeps the scan far cheaper
    than trying the regex at every position.
    """
    out: list[re.Match[str]] = []
    match_name = lex.name_re.match
    match_abbrev = lex.abbrev_re.match
    prefixes, abbrev_prefixes = lex.prefixes, lex.abbrev_prefixes
    for c in _capital_re(prefixes, abbrev_prefixes).finditer(norm):
        i = c.start()
        m = None
        if folded[i : i + 2] in prefixes:
            m = match_name(folded, i)
        if m is None and norm[i : i + 2] in abbrev_prefixes:
            m = match_abbrev(norm, i)
        if m is not None:
            out.append(m)
    for t in _ADJ_TAIL.finditer(folded):
        w = _WORD_BEFORE.search(folded, max(0, t.start() - 40), t.start())
        if w and folded[w.start() : w.start() + 2] in prefixes and not norm[w.start()].isupper():
            m = match_name(folded, w.start())
            if m and m.group("adj") is not None:
                out.append(m)
    return out


_DEMONYM_TAIL = re.compile(rf"{_KK_DEMONYM_TAIL}(?!\w)")


def _demonyms(norm: str, folded: str, lex: _Lexicon) -> list[_Mention]:
    """Lower-case Kazakh "of <city>" forms of the closed list (``алматылық тұрғын``,
    ``шымкенттіктерге``), with the plural and case endings a capitalised name takes after them.
    Capitalised ones are read with the names."""
    out: list[_Mention] = []
    if "қ" not in norm and "і" not in norm:
        return out  # no Kazakh letters, no such form (each ends in -ық or -ік)
    ends = [m.end() + rest for rx, rest in lex.demonym_res for m in rx.finditer(norm)]
    for end in ends:
        form = next(
            (f for f in lex.demonyms if end >= len(f) and norm.startswith(f, end - len(f))), None
        )
        if form is None:
            continue
        start = end - len(form)
        if start and (norm[start - 1].isalnum() or norm[start - 1] in "-_"):
            continue  # inside a longer word
        tail = _DEMONYM_TAIL.match(folded, end)
        if tail is None:
            continue  # another word goes on after the form
        out.append(_Mention(start, tail.end(), lex.demonyms[form]))
    return out


def _word_before(lex: _Lexicon, folded: str, start: int) -> str | None:
    """city | region | not, from the word (or two) right before a name; None for no such word."""
    if start == 0 or not (folded[start - 1].isspace() or folded[start - 1] == "."):
        return None
    seg = folded[max(0, start - 30) : start].rstrip()
    cut = max(seg.rfind(" "), seg.rfind("\n"), seg.rfind("\t"))
    last = seg[cut + 1 :].lstrip(_PUNCT)
    if not last:
        return None
    kind = lex.before.get(last)
    if kind is None and last in lex.before_second:
        words = seg.split()
        if len(words) > 1:
            kind = lex.before.get(words[-2].lstrip(_PUNCT) + " " + last)
    return kind


def _blocked_after(lex: _Lexicon, folded: str, end: int) -> bool:
    """Whether the word after a name makes it a street, lake, river or person, not a place."""
    nxt = folded[end : end + 1]
    if not (nxt.isspace() or nxt == "-"):
        return False
    return lex.after_not_re.match(folded, end) is not None


# Feminine singular endings of a Russian adjective: with no noun after it, the noun left out is
# "область" ("Карагандинская – 19, Алматинская – 14"), the one feminine head a place adjective
# takes on its own.
_FEMININE = ("ая", "ой", "ую", "ою")


def _bare_kind(mt: _Mention) -> str | None:
    sense = _bare_sense(mt.senses, False)
    return sense.kind if sense else None


def _elided_oblast(folded: str, stem_end: int, end: int) -> bool:
    """Whether an adjective ending at ``end`` is feminine singular with no word after it, so
    that it stands for a region ("Алматинская (8)", "по Алматинской – 5"), not a city
    ("Алматинская городская прокуратура")."""
    if folded[stem_end:end] not in _FEMININE:
        return False
    i = end
    while i < len(folded) and folded[i] in " \t":
        i += 1
    return i >= len(folded) or not folded[i].isalpha()


def _mentions(norm: str, folded: str, lex: _Lexicon) -> list[_Mention]:
    found: list[_Mention] = []
    for m in _candidates(norm, folded, lex):
        start, end = m.span()
        if m.re is lex.abbrev_re:
            found.append(_Mention(start, end, tuple(lex.abbrev[m.group("ab")])))
            continue
        group = m.lastgroup or "full"
        table = lex.full if group == "full" else lex.stem if group == "stem" else lex.adj
        senses = table.get(_fkey(m.group(group)))
        if not senses:
            continue
        if end < len(norm) - 1 and norm[end] == "-" and norm[end + 1].isalpha():
            if not norm[end + 1].isupper() and lex.compound_re.match(folded, end) is None:
                continue  # a compound word, not a name ("Pavlodar-based" names Pavlodar)
        mt = _Mention(start, end, tuple(senses), adjective=group == "adj")
        if mt.adjective and _elided_oblast(folded, m.end(group), end) and _bare_kind(mt) != "region":
            mt.soft, mt.by = "region", "elided"
        found.append(mt)
    found += _demonyms(norm, folded, lex)
    found.sort(key=lambda x: x.start)

    out: list[_Mention] = []
    last_end = -1
    for mt in found:
        if mt.start < last_end or _blocked_after(lex, folded, mt.end):
            continue
        before = _word_before(lex, folded, mt.start)
        if before == "not":
            continue
        mt.pre = before
        if "." in norm[max(0, mt.start - 3) : mt.start]:
            initial = _INITIAL.search(norm, max(0, mt.start - 4), mt.start)
            if initial and initial.group(1) != "Г":
                continue  # an initial before it: a person's surname (Д. Қонаев)
        if not before and _SURNAME_LIKE.search(folded, mt.start, mt.end):
            prev = _FIRST_NAME_BEFORE.search(norm, max(0, mt.start - 30), mt.start)
            if prev:
                continue  # a first name before a surname-like town: a person (Қаныш Сәтбаев)
        h = lex.head_re.match(folded, mt.end) if folded[mt.end : mt.end + 1].isspace() else None
        if h:
            kind = h.lastgroup or ""
            mt.head = kind
            mt.head_word = h.group(kind)
            mt.plural = _plural(lex, kind, mt.head_word)
            mt.end = h.end()
        if (
            mt.end - mt.start > 3
            and norm[mt.start : mt.end].isupper()
            and not any(s.abbrev for s in mt.senses)
            and _LINE_START.search(norm, max(0, mt.start - 8), mt.start)
            and _DATELINE_AFTER.match(norm, mt.end)
        ):
            mt.dateline = True
        out.append(mt)
        last_end = mt.end
    return out


@cache
def _choose(senses: tuple[Sense, ...], head: str) -> tuple[Sense | None, bool]:
    """The sense a head word selects, and whether the head decided it (else read it bare)."""
    if head == "district":
        ds = [s for s in senses if s.kind == "district"]
        if ds:
            return (ds[0] if ds[0].code else None), True
        return None, False
    if head == "region":
        rs = [s for s in senses if s.kind == "region"]
        return (rs[0], True) if rs else (None, False)
    cs = [s for s in senses if s.kind in ("city", "centre", "town")]
    if cs:
        return min(cs, key=lambda s: _BARE_ORDER[s.kind]), True
    return None, False


@cache
def _bare_sense(senses: tuple[Sense, ...], context: bool) -> Sense | None:
    ys = [s for s in senses if s.bare == "always" and s.code]
    if ys:
        return min(ys, key=lambda s: _BARE_ORDER[s.kind])
    if context:
        cs = [s for s in senses if s.bare == "context" and s.code]
        if cs:
            return cs[0]
    return None


def _bare(mt: _Mention, context: bool = True) -> Sense | None:
    return _bare_sense(mt.senses, context and mt.context_ok)


def _resolve(mt: _Mention) -> tuple[Sense | None, str | None]:
    """The sense a mention resolves to, and what decided it when it was not its own words."""
    own = mt.head or mt.pre
    if own:
        sense, decided = _choose(mt.senses, own)
        if decided:
            return sense, None
        if own == "region" and mt.pre:
            return None, None
        return _bare(mt, context=False), None
    if mt.soft:
        sense, decided = _choose(mt.senses, mt.soft)
        if decided:
            return sense, mt.by
    sense = _bare(mt, context=False)
    if sense is not None:
        return sense, None
    sense = _bare(mt)
    return sense, ("list" if sense is not None else None)


def _unconditional(mt: _Mention) -> bool:
    return bool(mt.head or mt.pre) or _bare(mt, context=False) is not None


def _lists(mentions: list[_Mention], folded: str) -> list[list[list[_Mention]]]:
    """Split mentions into lists of groups (names joined without a count between them)."""
    lists: list[list[list[_Mention]]] = []
    cur: list[list[_Mention]] = []
    prev: _Mention | None = None
    for mt in mentions:
        if prev is None:
            cur = [[mt]]
        else:
            kind, _ = gap_kind(folded, prev.end, mt.start)
            if kind == "join" and not prev.head:
                cur[-1].append(mt)
            elif kind in ("join", "count"):
                cur.append([mt])
            else:
                lists.append(cur)
                cur = [[mt]]
        prev = mt
    if cur:
        lists.append(cur)
    return lists


def _apply_lists(mentions: list[_Mention], folded: str) -> None:
    for groups in _lists(mentions, folded):
        members = [m for g in groups for m in g]
        # a plural head word after the last name of a group is shared by the whole group
        # ("Алматы және Қызылорда облыстарында"); a Russian one only by adjectives, as Russian
        # agrees the name with the word ("Павлодарская и Костанайская области", "Павлодарской и
        # Костанайской областей", but "Алматы и Алматинской области", "Алматы, Павлодарской и
        # Костанайской областей": Алматы stays the city)
        for g in groups:
            last = g[-1]
            if not last.head or len(g) < 2:
                continue
            shared = last.plural or (last.adjective and last.head_word in _AMBIGUOUS_NUMBER)
            agreeing = not last.plural or last.head_word.startswith(_RU_HEADS)
            for m in g[:-1]:
                if shared and not m.head and not m.pre and (m.adjective or not agreeing):
                    m.soft, m.by = last.head, "group"
        # a plural region word at the end of a list reaches back over the region part of it
        last = members[-1]
        if len(groups) > 1 and last.head == "region" and last.plural:
            seen_region = False
            agreeing = last.head_word.startswith(_RU_HEADS)
            for m in members:
                if m.head or m.pre:
                    seen_region = seen_region or m.head == "region"
                    continue
                if seen_region and not m.soft and (m.adjective or not agreeing):
                    m.soft, m.by = "region", "list"
                bare = _bare(m, context=False)
                if bare is not None and bare.code not in CITIES:
                    seen_region = True
        # names that need company count inside a list with other units
        if len(members) > 1:
            flags = [_unconditional(m) for m in members]
            total = sum(flags)
            for m, flag in zip(members, flags, strict=True):
                if total - flag > 0:
                    m.context_ok = True


def find_places(norm: str, folded: str | None = None) -> list[Place]:
    """Every place mention in ``norm`` (a normalised text) resolved to a unit code."""
    lex = lexicon()
    folded = geo.fold(norm) if folded is None else folded
    mentions = _mentions(norm, folded, lex)
    _apply_lists(mentions, folded)
    out: list[Place] = []
    for mt in mentions:
        sense, by = _resolve(mt)
        if sense is None or not sense.code:
            continue
        via = "abbrev" if sense.abbrev else _VIA[sense.kind]
        extra: dict[str, Any] = {"via": via}
        if sense.former:
            extra["former"] = True
        if mt.dateline:
            extra["dateline"] = True
        if by:
            extra["by"] = by
        out.append(Place(mt.start, mt.end, sense.code, via, extra))
    return out


def is_nationwide(folded: str, start: int, end: int) -> bool:
    """Whether the folded text between ``start`` and ``end`` says the scope is the whole country."""
    return lexicon().nationwide_re.search(folded, start, end) is not None


def folded_text(doc: Document) -> str:
    """:func:`geo.fold` of ``doc.norm``, computed once per document and shared by places, the
    statistics tables and the figures."""
    hit = doc._shared.get("folded")
    if hit is not None and hit[0] is doc.norm:
        return hit[1]
    folded = geo.fold(doc.norm)
    doc._shared["folded"] = (doc.norm, folded)
    return folded


def extract(doc: Document) -> list[Fact]:
    folded = folded_text(doc)
    facts = []
    for p in find_places(doc.norm, folded):
        facts.append(
            Fact(
                kind="region",
                value=p.code,
                start=p.start,
                end=p.end,
                text=doc.original[p.start : p.end],
                rule=f"place:{p.via}",
                extra=p.extra,
            )
        )
    return facts
