"""Language of each sentence (kk / ru / en) and of the whole document.

Cheap rules decide nearly every sentence: the script (Cyrillic or Latin) first, then, within
Cyrillic, the weight of Kazakh evidence (words with Kazakh-only letters, frequent Kazakh words and
endings) against Russian evidence (function words and endings); within Latin, Latin-alphabet Kazakh
cues against English function words. Only Cyrillic sentences the rules leave open go to the
statistical detector (lingua, restricted to Kazakh, Russian and English, built once). Sentences with
no letters inherit a neighbour's language. The cue lists live in ``data/lexicons/lang.yaml``.

A Russian sentence that quotes a Kazakh name («Е-өтініш») stays Russian because one Kazakh word
weighs less than the Russian function words around it; the same holds the other way round.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from qorgau.model import Sentence

LANGS = ("kk", "ru", "en")
DEFAULT_LANG = "ru"

# The detector sees at most this many characters of a sentence: enough for a reliable answer,
# and a giant one-line "sentence" cannot make it slow.
_DETECTOR_MAX_CHARS = 600


@cache
def _lexicon() -> dict[str, Any]:
    path = resources.files("qorgau.data").joinpath("lexicons/lang.yaml")
    return yaml.safe_load(path.read_text("utf-8"))


@dataclass(frozen=True)
class _Rules:
    kk_letters: frozenset[str]
    kk_words: frozenset[str]
    kk_suffixes: tuple[str, ...]
    ru_words: frozenset[str]
    ru_suffixes: tuple[str, ...]
    kk_latin_letters: frozenset[str]
    kk_latin_words: frozenset[str]
    kk_latin_suffixes: tuple[str, ...]
    en_words: frozenset[str]


@cache
def _rules() -> _Rules:
    lex = _lexicon()

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in lex[key])

    def suffixes(key: str) -> tuple[str, ...]:
        return tuple(sorted({s.lower() for s in lex[key]}, key=len, reverse=True))

    return _Rules(
        kk_letters=frozenset(lex["kk_letters"].lower()),
        kk_words=words("kk_words"),
        kk_suffixes=suffixes("kk_suffixes"),
        ru_words=words("ru_words"),
        ru_suffixes=suffixes("ru_suffixes"),
        kk_latin_letters=frozenset(lex["kk_latin_letters"].lower()),
        kk_latin_words=words("kk_latin_words"),
        kk_latin_suffixes=suffixes("kk_latin_suffixes"),
        en_words=words("en_words"),
    )


_TOKEN = re.compile(r"[^\W\d_]+")


class _Score:
    """The evidence of a sentence, read from the packed sum of its words' evidence (see below)
    field by field, only as the decision needs it."""

    __slots__ = ("_t",)

    def __init__(self, packed: int) -> None:
        self._t = packed

    def _half(self, i: int) -> float:
        return ((self._t >> (i * _SLOT)) & _MASK) / 2

    def _whole(self, i: int) -> int:
        return ((self._t >> (i * _SLOT)) & _MASK) >> 1

    cyr_letters = property(lambda self: self._whole(0))
    lat_letters = property(lambda self: self._whole(1))
    cyr_words = property(lambda self: self._whole(2))
    kk_letter_words = property(lambda self: self._whole(3))
    kk = property(lambda self: self._half(4) + self._half(3))
    ru = property(lambda self: self._half(5))
    kk_latin = property(lambda self: self._half(6))
    en = property(lambda self: self._half(7))


# Each distinct word's contribution is worked out once and memoised as one packed integer: every
# field of _DIMS, doubled so that halves become whole numbers, sits in its own 64-bit slot. The
# evidence of a sentence is then one tokenisation and one C-level sum of memo lookups, unpacked once.
# Slots cannot overflow into each other: no field of any text reaches 2**62. The memo is cleared
# when it grows past _MEMO_MAX words.
_MEMO_MAX = 200_000
_DIMS = 8  # cyr_letters, lat_letters, cyr_words, kk_letter_words, kk, ru, kk_latin, en
_SLOT = 64
_MASK = (1 << _SLOT) - 1


class _WordMemo(dict):
    """word -> packed evidence; a missing word is worked out on lookup."""

    def __missing__(self, w: str) -> int:
        packed = 0
        for i, x in enumerate(_word_vector(w, _rules())):
            packed |= int(x * 2) << (i * _SLOT)
        if len(self) >= _MEMO_MAX:
            self.clear()
        self[w] = packed
        return packed


_memo = _WordMemo()


def _word_vector(w: str, r: _Rules) -> tuple[float, ...]:
    """The evidence one word gives, in the order of _DIMS."""
    c = w[0]
    n = len(w)
    if "\u0400" <= c <= "\u04ff":
        kk_letter = 0
        kk = ru = 0.0
        if not r.kk_letters.isdisjoint(w):
            kk_letter = 1
        elif w in r.kk_words:
            kk = 1.0
        elif n >= 4 and w.endswith(r.kk_suffixes):
            kk = 0.5
        if w in r.ru_words:
            # one-letter words may be initials ("О. Бектенов"), so they count for less
            ru = 1.0 if n > 1 else 0.5
        elif n >= 4 and w.endswith(r.ru_suffixes):
            ru = 0.5
        return (n, 0, 1, kk_letter, kk, ru, 0.0, 0.0)
    if c <= "\u024f":
        kl = en = 0.0
        if w in r.en_words:
            en = 1.0
        elif not r.kk_latin_letters.isdisjoint(w) or w in r.kk_latin_words:
            kl = 1.0
        elif n >= 4 and w.endswith(r.kk_latin_suffixes):
            kl = 0.5
        return (0, n, 0, 0, 0.0, 0.0, kl, en)
    return (0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0)


def _score(s: str, r: _Rules) -> _Score:
    """Collect the evidence for each language over the words of a sentence."""
    del r  # the memo reads the rules itself
    return _Score(sum(map(_memo.__getitem__, _TOKEN.findall(s.lower()))))


_RU_BY_ABSENCE_WORDS = 5


def _decide_cyrillic(sc: _Score) -> str | None:
    """kk or ru from the rules, or None when the evidence is too thin or too balanced."""
    kk, ru = sc.kk, sc.ru
    if kk == 0:
        # Five or more Cyrillic words with no Kazakh-only letter, no frequent Kazakh word and no
        # Kazakh ending: Kazakh prose almost never reads like that, Russian prose always can.
        return "ru" if ru >= 1 or sc.cyr_words >= _RU_BY_ABSENCE_WORDS else None
    if ru == 0:
        # one Kazakh name inside an otherwise cue-less sentence is not enough
        if kk >= 2 or sc.kk_letter_words * 3 >= sc.cyr_words:
            return "kk"
        return None
    if kk >= 2 * ru and kk >= 2:
        return "kk"
    if ru >= 2 * kk and ru >= 1.5:
        return "ru"
    return None


def _decide_latin(sc: _Score) -> str:
    """kk (Latin-alphabet Kazakh) or en. The detector knows only Cyrillic Kazakh: rules decide."""
    if sc.kk_latin >= 1.5 and sc.kk_latin > sc.en:
        return "kk"
    return "en"


@cache
def _detector():  # type: ignore[no-untyped-def]
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.KAZAKH, Language.RUSSIAN, Language.ENGLISH
    ).build()


def load_detector() -> None:
    """Load the statistical detector and its Kazakh and Russian models (done lazily otherwise,
    on the first sentence the rules leave open)."""
    # Without Kazakh-only letters, so that the detector must load its models to answer.
    _detect_cyrillic("Полиция провела проверку")


def _detect_cyrillic(s: str) -> str | None:
    """kk or ru for a Cyrillic sentence the rules left open, from the statistical detector."""
    from lingua import Language

    det = _detector()
    sample = s[:_DETECTOR_MAX_CHARS]
    kk = ru = 0.0
    for cv in det.compute_language_confidence_values(sample):
        if cv.language == Language.KAZAKH:
            kk = cv.value
        elif cv.language == Language.RUSSIAN:
            ru = cv.value
    if kk == ru:
        return None
    return "kk" if kk > ru else "ru"


# Sentences with fewer letters than this and no cue at all (a name, a brand, a month in a calendar
# widget) take their language from the neighbours rather than from a guess.
_SHORT_LETTERS = 25

# How a sentence was decided.
_STRONG, _WEAK_CYR, _WEAK_LAT, _NONE = 0, 1, 2, 3


def _classify(s: str) -> tuple[str | None, int, int]:
    """(language or None, how it was decided, number of Cyrillic and Latin letters)."""
    sc = _score(s, _rules())
    letters = sc.cyr_letters + sc.lat_letters
    if letters == 0:
        return None, _NONE, 0
    if sc.lat_letters > sc.cyr_letters:
        if sc.kk_latin == 0 and sc.en == 0 and sc.lat_letters < _SHORT_LETTERS:
            return "en", _WEAK_LAT, letters
        return _decide_latin(sc), _STRONG, letters
    lang = _decide_cyrillic(sc)
    if lang is not None:
        return lang, _STRONG, letters
    if sc.kk == 0 and sc.ru < 1 and sc.cyr_letters < _SHORT_LETTERS:
        return None, _WEAK_CYR, letters
    return _detect_cyrillic(s), _STRONG, letters


def sentence_language(s: str) -> str | None:
    """Language of one piece of text on its own; None when it has no Cyrillic or Latin letters."""
    lang, how, _ = _classify(s)
    if how == _WEAK_CYR:
        return _detect_cyrillic(s)
    return lang


# label_sentences leaves the letter counts of the text it labelled here, so that
# document_language, called next on the same text, need not count them again.
_last = threading.local()


def label_sentences(text: str, sents: list[Sentence]) -> list[Sentence]:
    """Set each sentence's ``language`` (kk / ru / en) and return the list.

    Each sentence is labelled on its own evidence. Sentences with no letters (numbers, dates,
    table rules, calendar widgets) and short ones with no cue at all (a signature, a brand name)
    take the language of the nearest decided sentence before them, or after them at the start of
    the text; a short Cyrillic fragment takes only a Kazakh or Russian neighbour.
    """
    decided = [_classify(text[s.start : s.end]) for s in sents]
    n = len(decided)
    prev: list[str | None] = [None] * n
    nxt: list[str | None] = [None] * n
    last: str | None = None
    for i in range(n):
        prev[i] = last
        if decided[i][1] == _STRONG:
            last = decided[i][0]
    last = None
    for i in range(n - 1, -1, -1):
        nxt[i] = last
        if decided[i][1] == _STRONG:
            last = decided[i][0]
    for i, s in enumerate(sents):
        lang, how, _ = decided[i]
        if how == _WEAK_CYR:
            near = [x for x in (prev[i], nxt[i]) if x in ("kk", "ru")]
            lang = near[0] if near else _detect_cyrillic(text[s.start : s.end])
        elif how != _STRONG:
            lang = prev[i] or nxt[i] or lang
        s.language = lang or DEFAULT_LANG
    _last.text = text
    _last.letters = {(s.start, s.end): d[2] for s, d in zip(sents, decided, strict=True)}
    return sents


def document_language(text: str, sents: list[Sentence]) -> str:
    """Main language of the text: the language with most letters over the labelled sentences."""
    known: dict[tuple[int, int], int] = {}
    if getattr(_last, "text", None) is text:
        known = _last.letters
    _last.text = _last.letters = None  # do not keep the text alive
    weight = dict.fromkeys(LANGS, 0)
    for s in sents:
        if s.language in weight:
            letters = known.get((s.start, s.end))
            if letters is None:
                letters = sum(map(len, _TOKEN.findall(text, s.start, s.end)))
            weight[s.language] += letters
    best = max(LANGS, key=lambda lang: (weight[lang], lang == DEFAULT_LANG))
    return best if weight[best] > 0 else DEFAULT_LANG
