"""The regional table as the sentence officials write, in kk, ru and en, rendered from counts.

``Шымкент – 23, Астана – 16, Алматы қаласы – 8, Қызылорда және Павлодар – 7, ...,
Қостанай және Шығыс Қазақстан облыстары – 1.``

Rules (the words come from ``data/stats/words.yaml``):

* Units with the same count form one group, written once: ``Қызылорда және Павлодар – 7``
  (Russian ``– по 7``, English ``– 7 each``). Groups go from the largest count down; inside a
  group the cities of republican significance come first, then the regions in the official
  order (ISO code). Units with no cases are left out.
* Kazakh, ``list`` style (the letters' regional notes): names stand bare and one region word
  after the last region of the sentence covers them all (``облыстары``, or ``облысы`` when the
  sentence names one region). Almaty is the only name that is both a city and a region, so it
  is written out where a bare name could be misread: the city as ``Алматы қаласы`` when the
  sentence names any region, the region as ``Алматы облысы`` unless it stands in the group the
  closing region word follows.
* Kazakh, ``full`` style: every group carries its own words (``Шымкент қаласы – 15, Алматы
  және Қызылорда облыстары – 2, Алматы қаласы және Жамбыл облысы – 1``), in the nominative or,
  with ``case="loc"``, the locative (``Түркістан облысында – 10``).
* Russian: ``г. Шымкент – 23, Кызылординская и Павлодарская области – по 7, область Абай и
  Туркестанская область – по 3``: adjectival names share the plural ``области``, the names of
  the 2022 regions keep ``область`` before them.
* English: ``Shymkent – 23, Kyzylorda and Pavlodar regions – 7 each``.

Cases with no region close the sentence (``өңірі көрсетілмеген – 2``), so the counts in the
sentence always add up to the table's total.
"""

from __future__ import annotations

from collections.abc import Mapping

from qorgau import geo
from qorgau.stats import vocab
from qorgau.stats.tables import CITIES, Table, official_key

ALMATY_CITY = "KZ-75"
ALMATY_REGION = "KZ-19"
STYLES = ("list", "full")
CASES = ("nom", "loc")


def groups(counts: Mapping[str | None, int]) -> list[tuple[int, list[str]]]:
    """Units with equal counts grouped, largest count first, official order inside a group;
    zero counts and cases with no region are left out."""
    by_count: dict[int, list[str]] = {}
    for code, n in counts.items():
        if code and n > 0:
            by_count.setdefault(n, []).append(code)
    return [(n, sorted(by_count[n], key=official_key)) for n in sorted(by_count, reverse=True)]


def _is_city(code: str) -> bool:
    return code in CITIES


def _is_region(code: str) -> bool:
    try:
        return geo.region(code).type == "region"
    except KeyError:
        return False


def _strip(name: str, words: tuple[str, ...]) -> str:
    for w in words:
        if name.endswith(" " + w):
            return name[: -len(w) - 1]
        if name.startswith(w + " "):
            return name[len(w) + 1 :]
    return name


def bare_name(code: str, lang: str) -> str:
    """A unit's name without its region or city word: ``Павлодар``, ``Шымкент``, ``Abai``.

    Russian adjectival names keep the adjective (``Павлодарская``); the 2022 regions named with
    a noun keep it (``Абай``). Codes outside the reference stay as they are."""
    try:
        name = geo.name(code, lang)
    except KeyError:
        return code
    return _strip(name, ("облысы", "қаласы", "область", "город", "Region", "City"))


def _join(names: list[str], conj: str, *, oxford: bool = False) -> str:
    """``A``, ``A және B``, and three or more as ``A, B, C`` (Kazakh, as the letters write
    them) or ``A, B и C`` (``oxford`` joins the last with the conjunction)."""
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} {conj} {names[1]}"
    if oxford:
        return f"{', '.join(names[:-1])} {conj} {names[-1]}"
    return ", ".join(names)


def _join_pieces(pieces: list[str], conj: str) -> str:
    """Join the parts of a group (cities, regions): with the conjunction when the parts have
    none inside them, with commas otherwise (``области Абай и Ұлытау, Актюбинская и
    Костанайская области``)."""
    if len(pieces) == 2 and not any(f" {conj} " in p for p in pieces):
        return f"{pieces[0]} {conj} {pieces[1]}"
    return ", ".join(pieces)


def _unknown(counts: Mapping[str | None, int]) -> int:
    return sum(n for code, n in counts.items() if not code and n > 0)


def _close(parts: list[str], counts: Mapping[str | None, int], lang: str, dash: str) -> str:
    missing = _unknown(counts)
    if missing:
        parts.append(f"{vocab.data()['sentence'][lang]['unknown']}{dash}{missing}")
    return ", ".join(parts) + "." if parts else ""


def _kk_list(counts: Mapping[str | None, int]) -> str:
    w = vocab.data()["sentence"]["kk"]
    grouped = groups(counts)
    codes = [c for _, cs in grouped for c in cs]
    any_region = any(_is_region(c) for c in codes)
    last_group = max(
        (i for i, (_, cs) in enumerate(grouped) if any(_is_region(c) for c in cs)), default=-1
    )
    explicit_region = ALMATY_REGION in codes and not (
        last_group >= 0 and ALMATY_REGION in grouped[last_group][1]
    )
    bare_regions = [c for c in codes if _is_region(c) and not (
        c == ALMATY_REGION and explicit_region)]
    region_word = w["region"]["nom"][1 if len(bare_regions) > 1 else 0]
    parts = []
    for i, (n, cs) in enumerate(grouped):
        names = []
        for c in cs:
            name = bare_name(c, "kk")
            if c == ALMATY_CITY and any_region:
                name = f"{name} {w['city']['nom'][0]}"
            elif c == ALMATY_REGION and explicit_region:
                name = f"{name} {w['region']['nom'][0]}"
            names.append(name)
        text = _join(names, w["and"])
        if i == last_group and bare_regions:
            text = f"{text} {region_word}"
        parts.append(f"{text}{w['dash']}{n}")
    return _close(parts, counts, "kk", w["dash"])


def _kk_full(counts: Mapping[str | None, int], case: str) -> str:
    w = vocab.data()["sentence"]["kk"]
    parts = []
    for n, cs in groups(counts):
        pieces = []
        for kind, test in (("city", _is_city), ("region", _is_region)):
            names = [bare_name(c, "kk") for c in cs if test(c)]
            if names:
                word = w[kind][case][1 if len(names) > 1 else 0]
                pieces.append(f"{_join(names, w['and'])} {word}")
        others = [bare_name(c, "kk") for c in cs if not _is_city(c) and not _is_region(c)]
        pieces.extend(others)
        parts.append(f"{_join_pieces(pieces, w['and'])}{w['dash']}{n}")
    return _close(parts, counts, "kk", w["dash"])


def _ru(counts: Mapping[str | None, int]) -> str:
    w = vocab.data()["sentence"]["ru"]
    parts = []
    for n, cs in groups(counts):
        pieces = []
        cities = [bare_name(c, "ru") for c in cs if _is_city(c)]
        if cities:
            prefix = w["city_prefix"][len(cities) > 1]
            pieces.append(f"{prefix} {_join(cities, w['and'], oxford=True)}")
        adjectival = [c for c in cs if _is_region(c) and geo.name(c, "ru").endswith("область")]
        nominal = [c for c in cs if _is_region(c) and c not in adjectival]
        regional = []  # (official key of the first unit, text), so the order stays official
        if adjectival:
            names = [bare_name(c, "ru") for c in adjectival]
            word = w["region"][len(names) > 1]
            text = f"{_join(names, w['and'], oxford=True)} {word}"
            regional.append((official_key(adjectival[0]), text))
        if nominal:
            names = [bare_name(c, "ru") for c in nominal]
            word = w["region"][len(names) > 1]
            regional.append((official_key(nominal[0]), f"{word} {_join(names, w['and'], oxford=True)}"))
        pieces.extend(text for _, text in sorted(regional))
        pieces.extend(bare_name(c, "ru") for c in cs if not _is_city(c) and not _is_region(c))
        each = w["each"] if len(cs) > 1 else ""
        parts.append(f"{_join_pieces(pieces, w['and'])}{w['dash']}{each}{n}")
    return _close(parts, counts, "ru", w["dash"])


def _en(counts: Mapping[str | None, int]) -> str:
    w = vocab.data()["sentence"]["en"]
    grouped = groups(counts)
    codes = {c for _, cs in grouped for c in cs}
    parts = []
    for n, cs in grouped:
        pieces = []
        for c in cs:
            if _is_city(c):
                name = bare_name(c, "en")
                if c == ALMATY_CITY and ALMATY_REGION in codes:
                    name = f"{name} {w['city'][0]}"
                pieces.append(name)
        regions = [bare_name(c, "en") for c in cs if _is_region(c)]
        if regions:
            word = w["region"][len(regions) > 1]
            pieces.append(f"{_join(regions, w['and'], oxford=True)} {word}")
        pieces.extend(bare_name(c, "en") for c in cs if not _is_city(c) and not _is_region(c))
        each = w["each"] if len(cs) > 1 else ""
        parts.append(f"{_join_pieces(pieces, w['and'])}{w['dash']}{n}{each}")
    return _close(parts, counts, "en", w["dash"])


def render(
    counts: Mapping[str | None, int], lang: str = "kk", *, style: str = "list", case: str = "nom"
) -> str:
    """The sentence for ``counts`` (region code → cases; None or ``""`` for no region).

    ``style`` (``list`` or ``full``) and ``case`` (``nom`` or ``loc``) apply to Kazakh."""
    vocab.check_lang(lang)
    if style not in STYLES:
        raise ValueError(f"style: expected list or full, got {style!r}")
    if case not in CASES:
        raise ValueError(f"case: expected nom or loc, got {case!r}")
    if lang == "kk":
        return _kk_list(counts) if style == "list" else _kk_full(counts, case)
    return _ru(counts) if lang == "ru" else _en(counts)


def from_table(table: Table, *, style: str = "list", case: str = "nom") -> list[str]:
    """The sentence of a regional table: one line per article asked for (each led by the
    article) when the table has a column per article, one line otherwise."""
    if table.name != "region":
        raise ValueError("sentence: only the table by region reads as a sentence (--by region)")
    specs = [c for c in table.columns if c not in ("region", "region_name", "count")]
    if not specs:
        counts = {r["region"] or None: r["count"] for r in table.rows}
        return [render(counts, table.lang, style=style, case=case)]
    lead = vocab.data()["sentence"][table.lang]["lead"]
    lines = []
    for spec in specs:
        counts = {r["region"] or None: r[spec] for r in table.rows}
        text = render(counts, table.lang, style=style, case=case)
        lines.append(f"{lead.format(article=spec)}: {text}")
    return lines
