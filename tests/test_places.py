"""Places in kk/ru/en: regions, cities, centres, towns, districts, abbreviations, former names.

The sentences are written for these tests. Traps: a bare Алматы is the city, a list ending in a
plural region word makes it the region; Абай and Жамбыл are people unless a region word or other
units stand with them; Kazakhstan is not a region; streets, lakes and initials are not places.
"""


import pytest

from qorgau.extract import places
from qorgau.extract.pipeline import prepare
from timing import cpu_seconds


def codes(text: str) -> set[str]:
    return {f.value for f in places.extract(prepare(text))}


KK = [
    ("Шымкентте өткен кездесуде учаскелік инспекторлар есеп берді.", {"KZ-79"}),
    ("Астанада тұратын зейнеткер полицияға өтініш жазды.", {"KZ-71"}),
    ("Алматыда жаңа тірек пункті ашылды.", {"KZ-75"}),
    ("Алматы облысында екі күдікті ұсталды.", {"KZ-19"}),
    ("Түркістан облысының полиция департаменті ақпарат таратты.", {"KZ-61"}),
    ("Маңғыстау облысынан келген куәгер сотқа шақырылды.", {"KZ-47"}),
    ("Ақтауда тұратын ер адам әкімшілік жауапқа тартылды.", {"KZ-47"}),
    ("Оралда және Атырауда профилактикалық рейдтер өтті.", {"KZ-27", "KZ-23"}),
    ("Қарағанды облысының тұрғыны алаяқтарға ақша аударып жіберді.", {"KZ-35"}),
    ("Петропавлдағы аудандық сот үкім шығарды.", {"KZ-59"}),
    ("Семейде болған оқиғаны Абай облысы полициясы тексеріп жатыр.", {"KZ-10"}),
    ("Талдықорған қаласында қылмыстық іс қозғалды.", {"KZ-33"}),
    ("Жезқазғанда түсіндіру жұмысы жүргізілді.", {"KZ-62"}),
    ("Қонаев қаласының әкімдігі мәлімдеме жасады.", {"KZ-19"}),
    ("ШҚО мен БҚО полицейлері тәжірибе алмасты.", {"KZ-63", "KZ-27"}),
    ("СҚО-да жаңа бағдарлама іске қосылды.", {"KZ-59"}),
    ("Жамбыл облысындағы ауылда жанжал болды.", {"KZ-31"}),
    ("Алматы, Жамбыл және Түркістан облыстарында рейд өтті.", {"KZ-19", "KZ-31", "KZ-61"}),
    ("Алматы мен Астана қалаларында акция ұйымдастырылды.", {"KZ-75", "KZ-71"}),
    ("Мұнайлы ауданында тұратын әйел шағым түсірді.", {"KZ-47"}),
    ("Нұр-Сұлтан қаласында 2020 жылы тіркелген іс.", {"KZ-71"}),
    ("Qaraǵandy oblysynda jańa bólim ashyldy.", {"KZ-35"}),
    ("Қызылордадан келген қонақтар кездесуге қатысты.", {"KZ-43"}),
    ("ШЫМКЕНТ. KAZINFORM - Қалада жаңа жоба басталды.", {"KZ-79"}),
    # traps
    ("Абай Құнанбайұлының өлеңдері мектепте оқылады.", set()),
    ("Абай мен Шәкәрім туралы кеш өтті.", set()),
    ("Қазақстан Республикасы бойынша жағдай тұрақты.", set()),
    ("Жамбыл Жабаевтың шығармалары аударылды.", set()),
    ("Павлодарлық журналист сотқа шағым түсірді.", {"KZ-55"}),
    ("Жамбыл ауданында жаңа мектеп салынды.", set()),
    ("Абай, Жамбыл және Мұқағали туралы әңгіме болды.", set()),
    ("Балқаш көлінің жағасында демалыс орны бар.", set()),
    ("Сот ақтау үкімін шығарды.", set()),
    ("Академик Қаныш Сәтбаев туралы кітап шықты.", set()),
    ("Бұл көшеге Динмұхамед Қонаев есімі берілді.", set()),
]

RU = [
    ("В Мангистауской области возбуждено уголовное дело.", {"KZ-47"}),
    ("Житель Актау обратился в полицию с заявлением.", {"KZ-47"}),
    ("В Петропавловске задержан подозреваемый в мошенничестве.", {"KZ-59"}),
    ("Полиция Карагандинской области сообщила о задержании.", {"KZ-35"}),
    ("Сотрудники полиции Костанайской области провели рейд.", {"KZ-39"}),
    ("Павлодарский юрист прокомментировал приговор.", {"KZ-55"}),
    ("Дело вела шымкентская адвокат Мадина Т.", {"KZ-79"}),
    ("В области Абай открыт новый центр поддержки.", {"KZ-10"}),
    ("В Абайской области прошёл семинар.", {"KZ-10"}),
    ("В области Жетісу стартовала акция.", {"KZ-33"}),
    ("Жительница Алматинской области лишилась сбережений.", {"KZ-19"}),
    ("В Алматы прошла профилактическая акция.", {"KZ-75"}),
    ("Происшествие случилось в г. Шымкент.", {"KZ-79"}),
    ("В городе Астане открылся кризисный центр.", {"KZ-71"}),
    ("Полицейские ВКО и ЗКО провели совместный рейд.", {"KZ-63", "KZ-27"}),
    ("В Нур-Султане в 2021 году было возбуждено дело.", {"KZ-71"}),
    ("В Алма-Ате в девяностые годы жил его отец.", {"KZ-75"}),
    ("В Мунайлинском районе проверили сигнал.", {"KZ-47"}),
    ("Девушку удерживали в Сарыагашском районе Туркестанской области.", {"KZ-61"}),
    ("Жительница Экибастуза перевела деньги мошенникам.", {"KZ-55"}),
    ("В Семее открылся центр помощи.", {"KZ-10"}),
    ("В Усть-Каменогорске прошёл суд.", {"KZ-63"}),
    ("Карагандинские полицейские задержали подозреваемого.", {"KZ-35"}),
    ("Дело рассмотрел Западно-Казахстанский областной суд.", {"KZ-27"}),
    ("Жанаозен и Бейнеу получили новые патрульные машины.", {"KZ-47"}),
    ("На проспекте Абая в Алматы прошла акция.", {"KZ-75"}),
    ("Рейды прошли в Алматинской и Жамбылской областях.", {"KZ-19", "KZ-31"}),
    ("Живу в Акмолинской области, недалеко от столицы.", {"KZ-11"}),
    ("Уральский федеральный округ граничит с регионом.", set()),
    ("Жители Алматы и Алматинской области получили предупреждение.", {"KZ-75", "KZ-19"}),
    ("Мунайлинский и Бейнеуский районы проверены.", {"KZ-47"}),
    # traps
    ("В Казахстане и по республике в целом ситуация стабильна.", set()),
    ("Акция прошла на улице Абая.", set()),
    ("Д. Конаев руководил республикой много лет.", set()),
    ("Помощь получили десять многодетных семей.", set()),
    ("Петропавловск-Камчатский находится в России.", set()),
]

EN = [
    ("Police in Atyrau Region said a suspect was detained.", {"KZ-23"}),
    ("A man was sentenced in Petropavl last week.", {"KZ-59"}),
    ("Almaty police warned residents about fake bank calls.", {"KZ-75"}),
    ("The Almaty Region prosecutor opened a case.", {"KZ-19"}),
    ("Raids were held in the Almaty and Zhambyl regions.", {"KZ-19", "KZ-31"}),
    ("The case was registered in Nur-Sultan in 2020.", {"KZ-71"}),
    ("He grew up in Alma-Ata.", {"KZ-75"}),
    ("Old maps call the city Chimkent.", {"KZ-79"}),
    ("Shymkent city police launched a campaign.", {"KZ-79"}),
    ("The Abai Region police department confirmed it.", {"KZ-10"}),
    ("A court in Ust-Kamenogorsk heard the case.", {"KZ-63"}),
    ("Officers in Oskemen detained a suspect.", {"KZ-63"}),
    ("East Kazakhstan Region recorded fewer cases.", {"KZ-63"}),
    ("Volunteers from West Kazakhstan joined the campaign.", {"KZ-27"}),
    ("North Kazakhstan Region police issued a warning.", {"KZ-59"}),
    ("Cases were recorded in Kyzylorda and Turkestan.", {"KZ-43", "KZ-61"}),
    ("Taldykorgan hosted a seminar for inspectors.", {"KZ-33"}),
    ("Konaev, formerly Kapshagay, is the regional centre.", {"KZ-19"}),
    ("A victim from Zhezkazgan lost his savings.", {"KZ-62"}),
    ("ASTANA, March 3 - The ministry published new figures.", {"KZ-71"}),
    ("The Aktobe Region Police Department reported two cases.", {"KZ-15"}),
    ("A woman from Semey reported the calls.", {"KZ-10"}),
    ("Police in Kostanay and Pavlodar ran joint checks.", {"KZ-39", "KZ-55"}),
    ("Launches from Baikonur drew crowds.", {"KZ-43"}),
    ("Ekibastuz and Rudny are industrial towns.", {"KZ-55"}),
    ("The Pavlodar-based driver was fined.", {"KZ-55"}),
    ("An Aktau-born engineer now works abroad.", {"KZ-47"}),
    ("A Kyzylorda-registered car was stopped.", {"KZ-43"}),
    ("Police met the Shymkent-bound bus at dawn.", {"KZ-79"}),
    # traps
    ("She cooked plov Karaganda-style for the guests.", set()),
    ("An Abai-based charity helps poets.", set()),
    ("Abai Kunanbayev's poems are studied at school.", set()),
    ("Kazakhstan's Ministry of Internal Affairs issued a statement.", set()),
    ("Oral arguments were heard on Monday.", set()),
    ("The Republic adopted the law in 2025.", set()),
]


@pytest.mark.parametrize(("text", "expected"), KK)
def test_kazakh(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), RU)
def test_russian(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "expected"), EN)
def test_english(text, expected):
    assert codes(text) == expected


def _by_text(text: str) -> list[tuple[str, str, str]]:
    doc = prepare(text)
    return [(f.text, f.value, f.extra["via"]) for f in places.extract(doc)]


def test_bare_almaty_is_city_and_region_only_in_a_region_list():
    text = (
        "Шымкент – 9, Алматы – 6, Павлодар және Ақтөбе – 4, Алматы, Жамбыл, Маңғыстау – 2, "
        "Атырау және Қостанай облыстары – 1."
    )
    found = _by_text(text)
    almaty = [code for t, code, _ in found if t.startswith("Алматы")]
    assert almaty == ["KZ-75", "KZ-19"]
    assert ("Жамбыл", "KZ-31", "region") in found


def test_plural_head_shared_by_its_group():
    found = _by_text("Алматы және Қызылорда облыстарында, Алматы қаласында және Жамбыл облысында")
    assert [c for _, c, _ in found] == ["KZ-19", "KZ-43", "KZ-75", "KZ-31"]


@pytest.mark.parametrize(
    ("text", "via"),
    [
        ("Жанаозенде", "town"),
        ("в Актау", "centre"),
        ("Алматы облысы", "region"),
        ("Астанада", "city"),
        ("ЗКО", "abbrev"),
        ("Мунайлинский район", "district"),
    ],
)
def test_via(text, via):
    found = _by_text(text)
    assert found and found[0][2] == via


def test_dateline_is_flagged_and_spans_are_original_text():
    text = "АЛМАТЫ. KAZINFORM - Полиция Алматинской области сообщила."
    doc = prepare(text)
    facts = places.extract(doc)
    assert facts[0].extra.get("dateline") is True
    assert facts[0].value == "KZ-75"
    assert [f.text for f in facts] == ["АЛМАТЫ", "Алматинской области"]
    assert all(text[f.start : f.end] == f.text for f in facts)
    assert facts[1].value == "KZ-19"


def test_former_names_are_flagged():
    doc = prepare("Нур-Султан и Чимкент")
    assert all(f.extra.get("former") for f in places.extract(doc))


def _adversarial(size: int) -> str:
    parts = [
        "9" * 5000,
        " – – – – , , , ; ; ; " * 200,
        "Алматы, " * 3000,
        "ААААААААААААААААААААААААААААААА " * 300,
        "Астанаааааааааааааааааааааааааааааааааааааааааааааааааа",
        "карагандинскаякарагандинская " * 300,
        "облыс облыс облыс облыстары " * 300,
        "Шымкент – 1, " * 2000,
        "алматылықтарға шымкенттік " * 1000,
        "ықық ікік ққ іі лық дік " * 1000,
    ]
    text = "".join(parts)
    return (text * (size // len(text) + 1))[:size]


def test_adversarial_input_stays_linear():
    # Far denser in place names than any real text: every few characters a name or a count.
    small = _adversarial(200_000)
    big = _adversarial(800_000)
    places.lexicon()
    t_small, t_big = cpu_seconds(places.find_places, small), cpu_seconds(places.find_places, big)
    assert t_big < 8.0
    assert t_big < 4 * t_small * 2.5 + 0.1


def test_capital_prefilter_knows_every_capital():
    # The narrowed capital scan is built from this list of the characters _CAPITAL starts with.
    caps = {chr(c) for c in range(0x10000) if places._CAPITAL.fullmatch(chr(c))}
    assert caps == set(places._CAPITALS)


def test_capital_prefilter_keeps_every_candidate():
    lex = places.lexicon()
    text = "Алматы, ВКО, Qaraǵandy, АЛМАТЫ, Ақтөбе; Kz, Өскемен; x Астана"
    folded = places.geo.fold(text)
    narrowed = {m.start() for m in places._capital_re(lex.prefixes, lex.abbrev_prefixes).finditer(text)}
    for m in places._CAPITAL.finditer(text):
        i = m.start()
        if folded[i : i + 2] in lex.prefixes or text[i : i + 2] in lex.abbrev_prefixes:
            assert i in narrowed


# The Kazakh "of <city>" form (алматылық тұрғын, шымкенттік әйелге): capitalised after any name,
# in lower case for the closed list of cities in places.yaml only, each in the one form the suffix
# rule builds, with plural and case endings after it.
DEMONYMS = [
    ("Бір алматылық тұрғын алаяқтарға 2 млн теңге аударып жіберді.", {"KZ-75"}),
    ("Учаскелік инспектор шымкенттік әйелге қорғау нұсқамасын берді.", {"KZ-79"}),
    ("Өткен айда екі астаналық студент сталкингке шағымданды.", {"KZ-71"}),
    ("Алаяқтар бір қарағандылық зейнеткерді алдап кетті.", {"KZ-35"}),
    ("Полиция атыраулық кәсіпкердің арызын тіркеді.", {"KZ-23"}),
    ("Сот тараздық жігітке 200 сағат қоғамдық жұмыс тағайындады.", {"KZ-31"}),
    ("Өскемендіктер мен семейліктер жаңа алаяқтық түріне алданып жүр.", {"KZ-63", "KZ-10"}),
    ("Көптеген алматылықтар интернет-алаяқтардан зардап шекті.", {"KZ-75"}),
    ("Полиция шымкенттіктерге алаяқтардан сақ болуды ескертті.", {"KZ-79"}),
    ("Бұл жаңалықты павлодарлықтардың көбі естіген жоқ.", {"KZ-55"}),
    ("Петропавлдық және көкшетаулық полицейлер бірлескен рейд өткізді.", {"KZ-59", "KZ-11"}),
    # capitalised, as before
    ("Алматылық тұрғын алаяқтарға ақша аударды.", {"KZ-75"}),
    ("Шымкенттік әйел полицияға жүгінді.", {"KZ-79"}),
    # traps: ordinary words that start like a place, a verb, a form not on the list
    ("Екі ай аралығындағы деректер жарияланды.", set()),
    ("Халықаралық аралық сот шешім шығарды.", set()),
    ("Біз үйге кеш оралдық, ал ол бізді күтіп отырды.", set()),
    ("Сот ақтау үкімін шығарды.", set()),
    ("Жаңаалматылық деген сөз жоқ.", set()),
    ("Бұл аралдық балықшылардың мәселесі.", set()),
    # ru and en: the Kazakh form is not a word of theirs; the names read as before
    ("Жительница Шымкента перевела мошенникам 300 тысяч тенге.", {"KZ-79"}),
    ("Слово «аралық» в казахском означает промежуток.", set()),
    ("An Almaty resident lost 2 million tenge to fraudsters.", {"KZ-75"}),
]


@pytest.mark.parametrize(("text", "expected"), DEMONYMS)
def test_kazakh_of_city_forms(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(
    ("name", "form"),
    [("Алматы", "алматылық"), ("Шымкент", "шымкенттік"), ("Астана", "астаналық"),
     ("Қарағанды", "қарағандылық"), ("Атырау", "атыраулық"), ("Тараз", "тараздық"),
     ("Петропавл", "петропавлдық"), ("Семей", "семейлік"), ("Ақтөбе", "ақтөбелік"),
     ("Өскемен", "өскемендік"), ("Павлодар", "павлодарлық")],
)
def test_kk_demonym_follows_the_suffix_rule(name, form):
    assert places.kk_demonym(name) == form


def test_lower_case_demonym_reads_as_its_capitalised_form():
    # each listed city: its code in places.yaml is the one its name reads as, and the lower-case
    # form gives the same code, reading and span as the capitalised one
    for d in places.geo.places_data()["demonyms"]:
        form = places.kk_demonym(d["name"])
        assert form in places.lexicon().demonyms, d
        assert places.geo.lookup(d["name"]) == d["code"], d
        for word in (form + "тарға" if form.endswith("ық") else form + "терге", form):
            lower = [(p.code, p.via, p.end - p.start) for p in places.find_places(f"Бір {word} келді.")]
            upper = [(p.code, p.via, p.end - p.start)
                     for p in places.find_places(f"Бір {word[0].upper()}{word[1:]} келді.")]
            assert lower == upper == [(d["code"], lower[0][1], len(word))], word


def test_lower_case_demonyms_need_a_word_of_their_own():
    assert places.find_places("xалматылық") == []
    assert places.find_places("алматылықша") == []
    assert [p.code for p in places.find_places("алматылық")] == ["KZ-75"]


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        # a feminine adjective with no noun after it stands for the region ("область" left out)
        ("Карагандинская – 12, Алматинская – 6, Жамбылская – 3.", "Алматинская", "KZ-19"),
        ("Следом идут Костанайская (4) и Алматинская (3) области.", "Алматинская", "KZ-19"),
        ("по Алматинской — 2, по Акмолинской — 1", "Алматинской", "KZ-19"),
        ("запросы направлены в Павлодарскую и Алматинскую.", "Алматинскую", "KZ-19"),
        # with a noun after it, the adjective keeps the city
        ("Алматинская полиция предупреждает о мошенниках.", "Алматинская", "KZ-75"),
        ("Алматинская городская прокуратура", "Алматинская", "KZ-75"),
        ("Алматинский суд вынес приговор.", "Алматинский", "KZ-75"),
        ("Алматинское ДП сообщило", "Алматинское", "KZ-75"),
    ],
)
def test_feminine_adjective_alone_is_the_region(text: str, word: str, code: str) -> None:
    got = [f.value for f in places.extract(prepare(text)) if f.text.startswith(word)]
    assert got == [code]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Russian plural region words agree with adjectives only: a bare name stays itself
        ("Звонили из Шымкента, Алматы, Костанайской и Северо-Казахстанской областей.",
         ["KZ-79", "KZ-75", "KZ-39", "KZ-59"]),
        ("Обращения из Алматы и Жамбылской областей.", ["KZ-75", "KZ-31"]),
        ("В Акмолинской и Атырауской областях выросло число заявлений.", ["KZ-11", "KZ-23"]),
        ("по Туркестанской, Алматинской и Жамбылской областям", ["KZ-61", "KZ-19", "KZ-31"]),
        # Kazakh and English plural region words still reach bare names
        ("Алматы және Қостанай облыстарында тексеру жүрді.", ["KZ-19", "KZ-39"]),
        ("Checks were held in Almaty and Kostanay regions.", ["KZ-19", "KZ-39"]),
    ],
)
def test_plural_region_word_at_the_end_of_a_list(text, expected):
    assert [c for _, c, _ in _by_text(text)] == expected
