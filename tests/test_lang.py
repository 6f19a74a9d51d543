"""Sentence and document language (kk / ru / en): cheap rules first, the detector when needed."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from qorgau.model import Sentence
from qorgau.text import lang

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _lines(text: str) -> list[Sentence]:
    """One sentence per line (the test does not depend on the sentence splitter)."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append(Sentence(pos, pos + len(line) + 1, ""))
        pos += len(line) + 1
    out[-1].end = len(text)
    return out


def _label(text: str) -> list[str]:
    return [s.language for s in lang.label_sentences(text, _lines(text))]


RU = [
    "Вчера вечером в Караганде сотрудники полиции задержали подозреваемого в краже велосипеда.",
    # a Kazakh name quoted in a Russian sentence does not make it Kazakh
    "Заявительница сообщила, что подала обращение через портал «Е-өтініш» ещё в марте.",
    "По словам жителя Шымкента, соседи жаловались на шум до поздней ночи.",
    "Суд назначил ему штраф и обязал возместить ущерб потерпевшей стороне.",
    "Бауыржан Әленов сообщил журналистам, что проверка продолжается.",
    "Ерболат Сейітқали работает водителем в Кызылорде и воспитывает двоих детей.",
    "Она боялась выходить из дома одна.",
    "Мы получили ответ от акимата только через месяц.",
    "Полиция Павлодара напоминает: не сообщайте коды из SMS посторонним людям.",
    "Жалоба поступила в отдел полиции Есильского района на прошлой неделе.",
    "Решение суда первой инстанции было обжаловано стороной защиты.",
    "Кроме того, он неоднократно писал ей с фейковых аккаунтов в Instagram.",
]

KK = [
    "Кеше кешке Қарағанды қаласында полиция қызметкерлері күдіктіні ұстады.",
    "Өтініш берушінің айтуынша, көршілері түнге дейін шу шығарған.",
    "Сот оған айыппұл тағайындап, зиянды өтеуге міндеттеді.",
    # a Russian name quoted in a Kazakh sentence does not make it Russian
    "Ол «Закон и Порядок» қосымшасы арқылы полицияға хабарласты.",
    # typed on a Russian keyboard: no Kazakh-only letters at all
    "Алматы каласында полиция кызметкерлери тексеру жургизди.",
    "Біз әкімдіктен жауапты бір айдан кейін ғана алдық.",
    "Ағымдағы жылы облыста жиырма бес қылмыстық іс тіркелді.",
    # Latin-alphabet Kazakh
    "Qaraǵandy oblysynda polısıa qyzmetkerleri kúdiktini ustady.",
    "Almaty qalasynda jol oqigasy boiynsha tergeu bastaldy.",
    "Жәбірленуші бұрынғы күйеуінің үнемі қоңырау шалатынын айтты.",
    "Павлодар облысы бойынша полиция департаменті ақпарат таратты.",
    "Құрметті депутаттар!",
]

EN = [
    "Police in Karaganda detained a suspect on Tuesday evening.",
    # about Kazakhstan, full of Kazakh place names, still English
    "Kazakhstan's Interior Ministry said the new article took effect in September.",
    "The court in Shymkent fined the man and ordered him to pay compensation.",
    "Residents of Aktobe can now report incidents through the Zakon i Poryadok tab.",
    "She said the messages kept coming from different numbers.",
    "Officers from the Almaty city police department visited the victim's home.",
    "According to the prosecutor, the Qazaqstan Temir Joly employee was not involved.",
    "The woman, 34, moved to Astana after the divorce.",
    "Mukhtar Zhaksylykov, a lawyer from Pavlodar, commented on the verdict.",
    "Fraudsters posing as bank staff called pensioners in Oskemen.",
    "Two men were detained in Turkistan region after the raid.",
    "Kyzylorda, Taraz and Oral reported the highest numbers.",
]


@pytest.mark.parametrize("sentence", RU)
def test_russian_sentences(sentence: str) -> None:
    assert _label(sentence) == ["ru"]


@pytest.mark.parametrize("sentence", KK)
def test_kazakh_sentences(sentence: str) -> None:
    assert _label(sentence) == ["kk"]


@pytest.mark.parametrize("sentence", EN)
def test_english_sentences(sentence: str) -> None:
    assert _label(sentence) == ["en"]


def test_mixed_document_labels_each_sentence() -> None:
    text = "\n".join([KK[0], RU[0], EN[0], KK[2]])
    assert _label(text) == ["kk", "ru", "en", "kk"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # numbers and dates take the language of the sentence before them
        (f"{RU[3]}\n12.03.2026\n{KK[1]}", ["ru", "ru", "kk"]),
        # at the start of the text they take the next one
        (f"1 2 3 4 5\n– 2025 –\n{EN[2]}", ["en", "en", "en"]),
        # a lone Cyrillic month in an English calendar widget stays Cyrillic (ru or kk), never en
        (f"{EN[0]}\nФевраль\n{EN[1]}", ["en", "ru", "en"]),
        # a short signature line with no cue follows the document around it
        (f"{KK[6]}\nО. Бектенов", ["kk", "kk"]),
        # a brand name on its own line follows the Russian text around it
        (f"{RU[0]}\nKAZINFORM\n{RU[2]}", ["ru", "ru", "ru"]),
    ],
)
def test_sentences_without_evidence_inherit(text: str, expected: list[str]) -> None:
    assert _label(text) == expected


def test_text_without_letters_gets_the_default() -> None:
    assert _label("2026 — 115 — 190") == ["ru"]
    assert lang.document_language("", []) == "ru"


def test_document_language_is_weighted_by_letters_not_sentences() -> None:
    long_ru = (
        "Согласно материалам дела, мужчина на протяжении нескольких месяцев звонил бывшей "
        "супруге с разных номеров, писал ей сообщения и приходил к её дому по вечерам."
    )
    text = "\n".join(["Іс тіркелді.", "Сот болды.", long_ru, "Тергеу жүріп жатыр."])
    sents = lang.label_sentences(text, _lines(text))
    assert [s.language for s in sents] == ["kk", "kk", "ru", "kk"]
    assert lang.document_language(text, sents) == "ru"


def test_detector_is_only_asked_about_undecided_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = lang._detect_cyrillic

    def spy(s: str) -> str | None:
        asked.append(s)
        return real(s)

    monkeypatch.setattr(lang, "_detect_cyrillic", spy)
    text = "\n".join(RU[:4] + KK[:4] + EN[:4])
    _label(text)
    assert asked == []
    # Cyrillic with neither Kazakh letters nor Russian function words is undecided
    _label("Алматы каласында полиция кызметкерлери тексеру жургизди.")
    assert len(asked) == 1


def test_sentence_language_on_its_own() -> None:
    assert lang.sentence_language("12:30, 14.02.2026") is None
    assert lang.sentence_language(KK[0]) == "kk"
    assert lang.sentence_language(RU[0]) == "ru"
    assert lang.sentence_language(EN[0]) == "en"


def test_labelling_is_fast_and_linear_on_large_and_adversarial_input() -> None:
    base = "\n".join(RU + KK + EN) + "\n"
    big = base * (1_000_000 // len(base.encode()) + 1)
    sents = _lines(big)
    t0 = time.perf_counter()
    lang.label_sentences(big, sents)
    lang.document_language(big, sents)
    assert time.perf_counter() - t0 < 3.0  # about 0.15 s on a laptop core
    for adversarial in ("7" * 1_000_000, "ә" * 1_000_000, "-. " * 300_000, "слово " * 150_000):
        one = [Sentence(0, len(adversarial), "")]
        t0 = time.perf_counter()
        lang.label_sentences(adversarial, one)
        assert time.perf_counter() - t0 < 2.0


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared seed documents are not checked out")
def test_seed_documents_language_matches_gold() -> None:
    from qorgau.extract.pipeline import prepare

    gold = [
        json.loads(x)
        for x in (SHARED / "eval" / "seeds.gold.jsonl").read_text("utf-8").splitlines()
        if x.strip()
    ]
    assert gold
    for g in gold:
        text = (SHARED / "seeds" / f"{g['id']}.txt").read_text("utf-8")
        assert prepare(text, g["id"]).language == g["language"], g["id"]
