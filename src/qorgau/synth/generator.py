"""Generator of synthetic reports with hidden truth: stalking, coercion to marriage, internet fraud.

Offenders call from several changing numbers and appear in one to several reports; fraud rings
share mule cards, IBANs and phones across many victims; some victims report more than once; some
reports name the offender without any identifier (so only name matching can link them). Texts come
from the project's own templates (``data/synth``) in kk, ru and en, first-person and police voices,
with occasional typos and Latin look-alike letters. Each record carries ``truth`` that intake
ignores and link evaluation reads.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources

import yaml

from qorgau.synth import identifiers as ids

MONTHS = {
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"],
    "ru_since": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                 "сентября", "октября", "ноября", "декабря"],
    "kk": ["қаңтарда", "ақпанда", "наурызда", "сәуірде", "мамырда", "маусымда", "шілдеде",
           "тамызда", "қыркүйекте", "қазанда", "қарашада", "желтоқсанда"],
    "kk_since": ["қаңтардан", "ақпаннан", "наурыздан", "сәуірден", "мамырдан", "маусымнан",
                 "шілдеден", "тамыздан", "қыркүйектен", "қазаннан", "қарашадан", "желтоқсаннан"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}
LOOKALIKE = str.maketrans({"а": "a", "о": "o", "е": "e", "с": "c", "р": "p", "х": "x"})
NO_PHONE = {"ru": "скрытых номеров", "kk": "жасырын", "en": "hidden numbers"}
NO_HANDLE = {"ru": "неизвестного аккаунта", "kk": "белгісіз", "en": "an unknown account"}
LATEST = date(2026, 11, 20)
PLATFORMS = {"instagram": "Instagram", "telegram": "Telegram", "tiktok": "TikTok"}
CHANNELS = ["e_otinish", "102", "walk_in"]


@cache
def _data(name: str) -> dict:
    text = resources.files("qorgau.data").joinpath("synth", name).read_text("utf-8")
    return yaml.safe_load(text)


@dataclass
class Person:
    first: dict[str, str]
    last: dict[str, str]
    male: bool
    birth: date

    def name(self, lang: str) -> str:
        last = self.last[lang]
        if not self.male and last.endswith(("ов", "ев", "ин", "ov", "ev", "in", "yev")):
            last += "а" if lang != "en" else "a"
        return f"{self.first[lang]} {last}"


@dataclass
class Offender:
    id: str
    person: Person
    iin: str | None
    phones: list[str]
    handles: list[str]
    offence: str
    region: str


@dataclass
class Network:
    id: str
    cards: list[str]
    ibans: list[str]
    phones: list[str]
    scheme: str
    region: str
    reports: int = 0


@dataclass
class _State:
    rng: random.Random
    offenders: list[Offender] = field(default_factory=list)
    networks: list[Network] = field(default_factory=list)
    # kept up to date as records are made, so choosing one costs no scan of all of them
    by_offence: dict[str, list[Offender]] = field(default_factory=dict)
    open_networks: list[Network] = field(default_factory=list)
    victims: list[Person] = field(default_factory=list)


def _person(rng: random.Random, male: bool, born_from: int, born_to: int) -> Person:
    names = _data("names.yaml")
    first = rng.choice(names["male_first"] if male else names["female_first"])
    last = rng.choice(names["surnames"])
    birth = date(rng.randint(born_from, born_to), rng.randint(1, 12), rng.randint(1, 28))
    return Person(first, last, male, birth)


def _region(rng: random.Random) -> str:
    places = _data("places.yaml")
    codes = list(places)
    return rng.choices(codes, weights=[places[c]["weight"] for c in codes])[0]


def _place(code: str, lang: str, rng: random.Random) -> str:
    p = _data("places.yaml")[code]
    return p[lang] if rng.random() < 0.6 else p[f"city_{lang}"]


def _fmt_date(d: date, lang: str) -> str:
    if lang == "ru":
        return f"{d.day} {MONTHS['ru'][d.month - 1]} {d.year} года"
    if lang == "kk":
        return f"{d.year} жылғы {d.day} {MONTHS['kk'][d.month - 1]}"
    return f"{MONTHS['en'][d.month - 1]} {d.day}, {d.year}"


def _fmt_since(d: date, lang: str) -> str:
    if lang == "ru":
        return f"{MONTHS['ru_since'][d.month - 1]} {d.year} года"
    if lang == "kk":
        return f"{d.year} жылғы {MONTHS['kk_since'][d.month - 1]}"
    return f"{MONTHS['en'][d.month - 1]} {d.year}"


def _new_offender(st: _State, offence: str) -> Offender:
    rng = st.rng
    person = _person(rng, True, 1965, 2003)
    phones = [ids.phone(rng) for _ in range(rng.choice([1, 1, 2, 3, 4, 6, 8]))]
    handles = []
    if rng.random() < 0.5:
        platform = rng.choice(list(PLATFORMS))
        handles.append(f"{platform}:{person.first['en'].lower()}_{rng.randint(10, 9999)}")
    off = Offender(
        id=f"off-{len(st.offenders) + 1:06d}",
        person=person,
        iin=ids.iin(person.birth, True, rng) if rng.random() < 0.4 else None,
        phones=phones,
        handles=handles,
        offence=offence,
        region=_region(rng),
    )
    st.offenders.append(off)
    st.by_offence.setdefault(offence, []).append(off)
    return off


def _new_network(st: _State) -> Network:
    rng = st.rng
    net = Network(
        id=f"net-{len(st.networks) + 1:06d}",
        cards=[ids.card(rng) for _ in range(rng.randint(1, 4))],
        ibans=[ids.iban(rng) for _ in range(rng.randint(0, 2))],
        phones=[ids.phone(rng) for _ in range(rng.randint(1, 5))],
        scheme=rng.choices(
            ["impersonation", "prepayment_ad", "investment", "account_takeover"],
            weights=[31, 30, 11, 10],
        )[0],
        region=_region(rng),
    )
    st.networks.append(net)
    st.open_networks.append(net)
    return net


def _victim(st: _State, older: bool) -> Person:
    rng = st.rng
    if st.victims and rng.random() < 0.08:
        return rng.choice(st.victims)  # a repeat victim
    born = (1944, 1966) if older else (1970, 2006)
    v = _person(rng, False, *born)
    st.victims.append(v)
    return v


def _noise(text: str, rng: random.Random, protected: list[str]) -> str:
    """Typos and Latin look-alike letters in words that hold no identifier."""
    words = text.split(" ")
    safe = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha() and not any(p in w for p in protected)]
    if safe and rng.random() < 0.25:
        i = rng.choice(safe)
        w = words[i]
        j = rng.randint(1, len(w) - 2)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    if safe and rng.random() < 0.15:
        i = rng.choice(safe)
        words[i] = words[i][:2] + words[i][2:].translate(LOOKALIKE)
    return " ".join(words)


def _stalking_like(st: _State, offence: str, lang: str) -> dict:
    rng = st.rng
    pool = st.by_offence.get(offence, [])
    off = rng.choice(pool) if pool and rng.random() < 0.45 else _new_offender(st, offence)
    victim = _victim(st, older=False)
    since = date(2025, 9, 16) + timedelta(days=rng.randint(0, 330))
    report = min(LATEST, since + timedelta(days=rng.randint(10, 120)))
    named_only = rng.random() < 0.2
    phones = [] if named_only else rng.sample(off.phones, k=min(len(off.phones), rng.randint(1, 3)))
    tpl_group = _data("templates.yaml")[offence][lang]
    voice = rng.choice(list(tpl_group))
    template = rng.choice(tpl_group[voice])
    handle = None
    if off.handles and not named_only and "{handle}" in template and rng.random() < 0.7:
        handle = off.handles[0]
    rel = rng.choice(list(_data("templates.yaml")["relationship"]))
    platform = handle.split(":")[0] if handle else "instagram"
    handle_text = f"@{handle.split(':')[1]}" if handle else NO_HANDLE[lang]
    region = off.region if rng.random() < 0.85 else _region(rng)
    text = template.format(
        suspect=off.person.name(lang),
        victim=victim.name(lang),
        rel=_data("templates.yaml")["relationship"][rel][lang],
        since=_fmt_since(since, lang),
        phones=", ".join(ids.spell_phone(p, rng) for p in phones) if phones else NO_PHONE[lang],
        n_calls=rng.choice([30, 50, 80, 100, 150, 200, 300, 450]),
        platform=PLATFORMS[platform],
        handle=handle_text,
        place=_place(region, lang, rng),
        report_date=_fmt_date(report, lang),
        age=report.year - victim.birth.year,
    )
    used = phones + ([handle] if handle else [])
    suspect = {"name": off.person.name(lang)}
    if rng.random() < 0.5:
        suspect["birth_date"] = off.person.birth.isoformat()
    if off.iin and rng.random() < 0.5:
        suspect["iin"] = off.iin
        used.append(f"iin:{off.iin}")
    return {
        "text": text,
        "language": lang,
        "received_at": datetime.combine(report, datetime.min.time()).replace(hour=rng.randint(8, 19)).isoformat(),
        "region": region,
        "article": "115-1" if offence == "stalking" else "125-1",
        "victim": {"name": victim.name(lang), "age": report.year - victim.birth.year},
        "suspect": suspect,
        "truth": {
            "offender": off.id,
            "network": None,
            "offence": offence,
            "region": region,
            "identifiers": sorted(used),
            "name_only": named_only,
        },
    }


def _fraud(st: _State, lang: str) -> dict:
    rng = st.rng
    open_nets = st.open_networks
    net = rng.choice(open_nets) if open_nets and rng.random() < 0.8 else _new_network(st)
    net.reports += 1
    if net.reports >= 40:
        open_nets.remove(net)  # full: rare, so the linear removal costs little
    older = net.scheme == "impersonation" and rng.random() < 0.7
    victim = _victim(st, older=older)
    loss = date(2025, 9, 1) + timedelta(days=rng.randint(0, 410))
    delay = rng.choice([0, 1, 2, 3, 5, 7, 10, 14, 21, 30])
    report = loss + timedelta(days=delay)
    if report > LATEST:
        loss, report = LATEST - timedelta(days=delay), LATEST
    cards = rng.sample(net.cards, k=1)
    ibans = rng.sample(net.ibans, k=1) if net.ibans else []
    phone = rng.choice(net.phones)
    amount = int(round(rng.lognormvariate(12.8, 1.2), -3))
    tpl_group = _data("templates.yaml")["fraud"][lang]
    voice = rng.choice(list(tpl_group))
    template = rng.choice(tpl_group[voice])
    schemes = _data("templates.yaml")["fraud"]["schemes"][net.scheme]
    if not ibans:
        template = template.replace(" и на счёт {ibans}", "").replace(" and to account {ibans}", "")
    scheme_text = schemes[f"{lang}_first"] if voice == "first" else schemes[lang]
    region = _region(rng)
    text = template.format(
        victim=victim.name(lang),
        age=report.year - victim.birth.year,
        place=_place(region, lang, rng),
        loss_date=_fmt_date(loss, lang),
        report_date=_fmt_date(report, lang),
        scheme=scheme_text,
        amount=f"{amount:,}".replace(",", " "),
        cards=ids.spell_card(cards[0], rng),
        ibans=ids.spell_iban(ibans[0], rng) if ibans else "—",
        phones=ids.spell_phone(phone, rng),
    )
    used = [f"card:{c}" for c in cards] + [f"phone:{phone}"]
    if ibans and "{ibans}" in template:
        used.append(f"iban:{ibans[0]}")
    return {
        "text": text,
        "language": lang,
        "received_at": datetime.combine(report, datetime.min.time()).replace(hour=rng.randint(8, 19)).isoformat(),
        "region": region,
        "article": "190",
        "victim": {"name": victim.name(lang), "age": report.year - victim.birth.year},
        "suspect": None,
        "truth": {
            "offender": None,
            "network": net.id,
            "offence": "internet_fraud",
            "scheme": net.scheme,
            "region": region,
            "identifiers": sorted(used),
            "damage_tenge": amount,
            "loss_date": loss.isoformat(),
            "report_delay_days": delay,
            "victim_age": report.year - victim.birth.year,
        },
    }


def generate(n: int, seed: int = 1) -> Iterator[dict]:
    """Yield ``n`` synthetic records (dicts ready for JSON Lines) for a given seed."""
    if n < 0:
        raise ValueError("n: must be zero or more")
    st = _State(rng=random.Random(seed))
    rng = st.rng
    for i in range(n):
        lang = rng.choices(["ru", "kk", "en"], weights=[5, 4, 1])[0]
        kind = rng.choices(["stalking", "coercion", "fraud"], weights=[35, 10, 55])[0]
        if kind == "fraud":
            rec = _fraud(st, lang)
        else:
            rec = _stalking_like(st, kind, lang)
        phones = [p.split(":", 1)[-1] for p in rec["truth"]["identifiers"]]
        if not phones or rng.random() < 0.5:
            rec["text"] = _noise(rec["text"], rng, protected=["@", "KZ"])
        rec["channel"] = rng.choice(CHANNELS)
        rec["id"] = f"syn-{seed}-{i + 1:07d}"
        if rng.random() < 0.5:
            rec.pop("region")  # not every form supplies the region
        yield {"id": rec.pop("id"), **rec}
