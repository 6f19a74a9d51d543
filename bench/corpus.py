"""Mixed Kazakh/Russian/English benchmark corpora built from the project's own texts.

Two kinds, both deterministic for a given seed and size:

- ``news`` (the default): documents shaped like the news items, police summaries and complaints
  the engine reads. Prose sentences written for this benchmark (context, quotes, advice, court and
  police routine, with the odd number, name and place) are mixed with the fact-bearing template
  sentences below, so that the corpus carries about as many facts per KB as real documents do
  (`bench_extract.py` prints the density next to the density of the seed documents when they are
  present).
- ``dense``: template sentences only, plus the bundled demo documents: every sentence carries
  several facts (about three times the density of real text). A stress figure for the extractors'
  per-match work.
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
# Sentences of the kind that surround the facts in real documents. Some carry a number, a name or
# a place, as real prose does; none is taken from any published text.
PROSE = {
    "ru": [
        "Как сообщили в пресс-службе департамента полиции, проверка по этому факту продолжается.",
        "Сотрудники полиции напоминают, что банк никогда не просит сообщить код из СМС.",
        "По словам матери девушки, семья долго не решалась обратиться за помощью.",
        "Соседи рассказали, что мужчину часто видели возле подъезда поздно вечером.",
        "В ведомстве отметили, что число подобных обращений за последний год заметно выросло.",
        "Эксперты советуют сохранять переписку, скриншоты и записи звонков.",
        "Заседание суда было закрытым по ходатайству стороны защиты.",
        "Адвокат подсудимого заявил, что его подзащитный вину не признаёт.",
        "Женщина пояснила, что боялась выходить из дома одна и сменила маршрут на работу.",
        "Участковый инспектор провёл с мужчиной профилактическую беседу.",
        "Подробности расследования в интересах следствия не раскрываются.",
        "Жителей {city_ru} просят не переходить по ссылкам из незнакомых сообщений.",
        "Депутаты обсуждали поправки в течение нескольких месяцев, прежде чем закон был принят.",
        "На брифинге в акимате представители полиции ответили на вопросы журналистов.",
        "Правозащитники считают, что новая норма поможет защитить пострадавших раньше.",
        "Родственники пытались уговорить девушку забрать заявление.",
        "По данным следствия, злоумышленники действовали по заранее подготовленному сценарию.",
        "Сейчас устанавливаются все обстоятельства произошедшего и круг причастных лиц.",
        "Психологи кризисного центра работают с потерпевшей уже несколько недель.",
        "Горячая линия принимает звонки круглосуточно, консультации бесплатные.",
        "Материалы дела направлены в суд, дата рассмотрения пока не назначена.",
        "В школе {n2} провели встречу с родителями о безопасности детей в интернете.",
    ],
    "kk": [
        "Полиция департаментінің баспасөз қызметі бұл дерек бойынша тексеру жүріп жатқанын хабарлады.",
        "Полиция қызметкерлері банк ешқашан СМС-тағы кодты сұрамайтынын еске салады.",
        "Қыздың анасының айтуынша, отбасы көмек сұрауға ұзақ уақыт батылы бармаған.",
        "Көршілердің айтуынша, ер адам кешке подъезд маңында жиі жүретін.",
        "Ведомство мұндай өтініштердің саны соңғы жылы айтарлықтай өскенін атап өтті.",
        "Сарапшылар хат алмасуды, скриншоттарды және қоңырау жазбаларын сақтауға кеңес береді.",
        "Сот отырысы қорғау тарапының өтініші бойынша жабық өтті.",
        "Сотталушының адвокаты қорғауындағы адам кінәсін мойындамайтынын мәлімдеді.",
        "Әйел жалғыз үйден шығуға қорқатынын және жұмысқа баратын жолын өзгерткенін айтты.",
        "Учаскелік полиция инспекторы ер адаммен профилактикалық әңгіме жүргізді.",
        "Тергеу мүддесі үшін іс мән-жайы жария етілмейді.",
        "Тұрғындарға бейтаныс хабарламалардағы сілтемелерге өтпеу ұсынылады.",
        "Депутаттар түзетулерді бірнеше ай талқылап, кейін заң қабылданды.",
        "Әкімдіктегі брифингте полиция өкілдері журналистердің сұрақтарына жауап берді.",
        "Құқық қорғаушылар жаңа норма зардап шеккендерді ертерек қорғауға көмектеседі деп санайды.",
        "Туыстары қызды арызын қайтарып алуға көндіруге тырысқан.",
        "Тергеу деректеріне сәйкес, алаяқтар алдын ала дайындалған сценарий бойынша әрекет еткен.",
        "Қазір оқиғаның барлық мән-жайы мен қатысы бар адамдар анықталуда.",
        "Дағдарыс орталығының психологтары жәбірленушімен бірнеше апта бойы жұмыс істеп жатыр.",
        "Сенім телефоны тәулік бойы жұмыс істейді, кеңес тегін беріледі.",
        "Іс материалдары сотқа жіберілді, қарау күні әлі белгіленген жоқ.",
    ],
    "en": [
        "A police spokesperson said the inquiry into the incident was still under way.",
        "Officers reminded residents that a bank will never ask for a code sent by text message.",
        "According to the young woman's mother, the family hesitated for a long time before asking for help.",
        "Neighbours said the man was often seen near the entrance of the building late at night.",
        "The ministry noted that the number of such complaints had grown markedly over the past year.",
        "Experts advise keeping messages, screenshots and call records as evidence.",
        "The hearing was held behind closed doors at the request of the defence.",
        "The defendant's lawyer said his client did not admit guilt.",
        "She explained that she was afraid to leave home alone and changed her route to work.",
        "The local police inspector held a preventive talk with the man.",
        "Details of the investigation are not being disclosed for now.",
        "Residents of {city_en} are asked not to follow links in messages from strangers.",
        "Members of parliament debated the amendments for several months before the law passed.",
        "At a briefing, police representatives answered questions from journalists.",
        "Human rights advocates believe the new provision will help protect victims earlier.",
        "Relatives tried to persuade the young woman to withdraw her complaint.",
        "Investigators say the fraudsters followed a script prepared in advance.",
        "All the circumstances of the incident and everyone involved are now being established.",
        "Psychologists at the crisis centre have been working with the victim for several weeks.",
        "The helpline answers calls around the clock and its advice is free.",
        "The case has been sent to court, and no hearing date has been set yet.",
    ],
}
# Share of sentences in a news-like document that come from the fact-bearing templates.
NEWS_FACT_SHARE = 0.3

CARDS = ["4400 4301 2345 6789", "5376 1309 9876 5432", "4400 43** **** 1234"]


def _sentence(rng: random.Random, lang: str, pool: dict[str, list[str]] = TEMPLATES) -> str:
    tpl = rng.choice(pool[lang])
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


def _news_document(rng: random.Random, lang: str) -> str:
    """A news-like document: a headline, then paragraphs of prose with fact-bearing sentences."""
    size = rng.randint(1500, 5000)
    paras: list[str] = [_sentence(rng, lang, PROSE).rstrip(".")]
    total = len(paras[0])
    while total < size:
        para = []
        for _ in range(rng.randint(2, 5)):
            pool = TEMPLATES if rng.random() < NEWS_FACT_SHARE else PROSE
            para.append(_sentence(rng, lang, pool))
        paras.append(" ".join(para))
        total += len(paras[-1]) + 2
    return "\n\n".join(paras)


def build_corpus(target_bytes: int, seed: int = 7, kind: str = "news") -> list[str]:
    """Documents until the corpus reaches ``target_bytes`` of UTF-8; ``kind`` is ``news``
    (realistic density of facts, the default) or ``dense`` (fact-bearing sentences only)."""
    if kind not in ("news", "dense"):
        raise ValueError(f"kind must be 'news' or 'dense', not {kind!r}")
    rng = random.Random(seed)
    demos = [text for _id, text in demo_documents()]
    docs: list[str] = []
    total = 0
    while total < target_bytes:
        if kind == "news":
            doc = _news_document(rng, rng.choice(["ru", "kk", "en"]))
        elif rng.random() < 0.2:
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
