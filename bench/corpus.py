"""A mixed Kazakh/Russian/English benchmark corpus built from the project's own texts.

The corpus repeats the bundled demo documents and template sentences with varied numbers, names,
dates, phones, cards and places, so that every extractor has work to do. It is deterministic for a
given seed and size.
"""

from __future__ import annotations

import random

from qorgau.demo import demo_documents

TEMPLATES = {
    "ru": [
        "{d} {mon_ru} {y} года в ОП {city_ru} обратилась {age}-летняя женщина с заявлением о преследовании.",
        "Подозреваемый совершил более {n} звонков с разных номеров, последний раз с номера 8 70{a} {b} {c} {e}.",
        "Потерпевшая перевела {m} тенге на карту {card} по указанию лжесотрудника банка.",
        "По ч. 2 ст. 190 УК РК начато досудебное расследование, ущерб составил {mm} млн тенге.",
        "Суд назначил наказание в виде {h} часов общественных работ и запрет на контакт с потерпевшей.",
        "С октября {y0} года он приходил к ней домой и на работу, вынесено защитное предписание.",
    ],
    "kk": [
        "{y} жылғы {d} {mon_kk} {city_kk} тұратын {age} жастағы әйел полицияға жүгінді.",
        "Күдікті {n}-ден астам рет қоңырау шалып, жұмыс орнына келген.",
        "Жәбірленуші {m} теңгені {card} картасына аударған.",
        "ҚК-нің 115-1-бабы бойынша {n2} қылмыстық іс тіркелді: Шымкент – {s1}, Астана – {s2}, Алматы – {s3}.",
        "Оған {h} сағат қоғамдық жұмыс тағайындалды, бұрын қорғау нұсқамасы шығарылған.",
    ],
    "en": [
        "On {mon_en} {d}, {y}, a {age}-year-old woman in {city_en} reported her former partner to the police.",
        "He made more than {n} calls and sent messages from the account instagram.com/user_{a}{b}.",
        "The victim transferred {m} tenge to card {card} after a call from a fake bank employee.",
        "Under Article 115-1 of the Criminal Code, stalking is punishable by a fine of up to 200 MCI.",
        "The court imposed {h} hours of community service and banned contact with the victim.",
    ],
}

MONTHS = {
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
           "октября", "ноября", "декабря"],
    "kk": ["қаңтарда", "ақпанда", "наурызда", "сәуірде", "мамырда", "маусымда", "шілдеде",
           "тамызда", "қыркүйекте", "қазанда", "қарашада", "желтоқсанда"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}
CITIES = {
    "ru": ["Актау", "Шымкента", "Караганды", "Петропавловска", "Уральска", "Тараза"],
    "kk": ["Шымкентте", "Астанада", "Ақтөбеде", "Орал қаласында", "Түркістан облысында"],
    "en": ["Aktau", "Shymkent", "Karaganda", "Petropavl", "Oral", "Taraz"],
}
CARDS = ["4400 4301 2345 6789", "5376 1309 9876 5432", "4400 43** **** 1234"]


def _sentence(rng: random.Random, lang: str) -> str:
    tpl = rng.choice(TEMPLATES[lang])
    return tpl.format(
        d=rng.randint(1, 28),
        y=rng.choice([2024, 2025, 2026]),
        y0=rng.choice([2023, 2024, 2025]),
        mon_ru=rng.choice(MONTHS["ru"]),
        mon_kk=rng.choice(MONTHS["kk"]),
        mon_en=rng.choice(MONTHS["en"]),
        city_ru=rng.choice(CITIES["ru"]),
        city_kk=rng.choice(CITIES["kk"]),
        city_en=rng.choice(CITIES["en"]),
        age=rng.randint(18, 80),
        n=rng.randint(20, 500),
        n2=rng.randint(10, 90),
        a=rng.randint(0, 9),
        b=rng.randint(100, 999),
        c=rng.randint(10, 99),
        e=rng.randint(10, 99),
        m=f"{rng.randint(10, 999)} {rng.randint(0, 999):03d}",
        mm=rng.randint(1, 60),
        h=rng.choice([50, 100, 150, 200]),
        card=rng.choice(CARDS),
        s1=rng.randint(5, 30),
        s2=rng.randint(5, 30),
        s3=rng.randint(1, 10),
    )


def build_corpus(target_bytes: int, seed: int = 7) -> list[str]:
    """Documents of 2-6 KB each until the corpus reaches ``target_bytes`` of UTF-8."""
    rng = random.Random(seed)
    demos = [text for _id, text in demo_documents()]
    docs: list[str] = []
    total = 0
    while total < target_bytes:
        if rng.random() < 0.2:
            doc = rng.choice(demos)
        else:
            lang = rng.choice(["ru", "kk", "en"])
            parts = []
            while sum(len(p) for p in parts) < rng.randint(2000, 6000):
                parts.append(_sentence(rng, lang))
                if rng.random() < 0.15:
                    parts.append("\n\n")
            doc = " ".join(parts)
        docs.append(doc)
        total += len(doc.encode("utf-8"))
    return docs
