"""Words of the statistics outputs in kk/ru/en, and reading a report's free-text status.

Everything comes from ``data/stats/words.yaml`` (loaded once): labels of statuses, fraud schemes,
categories and figures, column headers, table titles, month names, and the words of the sentence
officials write. :func:`status_of` turns a status as a record gave it (``направлено в суд``,
``сотқа жолданды``, ``verdict``) into one of :data:`qorgau.stats.models.STATUSES`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from qorgau import geo

LANGS = ("kk", "ru", "en")


@cache
def data() -> dict[str, Any]:
    """The parsed ``data/stats/words.yaml``."""
    raw = resources.files("qorgau.data").joinpath("stats", "words.yaml").read_text("utf-8")
    return yaml.safe_load(raw)


def check_lang(lang: str) -> str:
    """``lang`` if it is kk, ru or en; ValueError naming the choices otherwise."""
    if lang not in LANGS:
        raise ValueError(f"lang: expected kk, ru or en, got {lang!r}")
    return lang


def _pick(entry: dict[str, str] | None, lang: str, default: str) -> str:
    if not entry:
        return default
    return entry.get(check_lang(lang)) or entry.get("en") or default


@cache
def _status_words() -> tuple[tuple[str, tuple[str, ...]], ...]:
    d = data()
    return tuple(
        (name, tuple(geo.fold(w) for w in d["statuses"][name]["words"]))
        for name in d["status_order"]
    )


@cache
def _pretrial() -> tuple[str, ...]:
    return tuple(geo.fold(w) for w in data()["status_pretrial"])


def status_of(text: str | None) -> str:
    """The status a free-text status reads as; ``registered`` when there is none.

    ``Направлено в суд`` → ``sent_to_court``, ``үкім шықты`` → ``verdict``, ``прекращено`` →
    ``terminated``; a text that names none of them is ``other`` (``registered`` when it speaks
    of the pre-trial stage: ``досудебное расследование``, ``сотқа дейінгі тергеу``).
    """
    if text is None or not text.strip():
        return "registered"
    folded = geo.fold(text.strip())
    key = folded.replace(" ", "_")
    if key in data()["statuses"]:
        return key
    stripped = folded
    for w in _pretrial():
        stripped = stripped.replace(w, " ")
    if stripped != folded and not stripped.strip(" .,;:-"):
        return "registered"
    for name, words in _status_words():
        if any(w in stripped for w in words):
            return name
    return "registered" if stripped != folded else "other"


def status_name(status: str, lang: str = "en") -> str:
    return _pick(data()["statuses"].get(status, {}).get("name"), lang, status)


def scheme_name(scheme: str | None, lang: str = "en") -> str:
    return _pick(data()["schemes"].get(scheme or "other"), lang, scheme or "other")


def category_name(category: str | None, lang: str = "en") -> str:
    return _pick(data()["categories"].get(category or ""), lang, category or "")


def fraud_label(name: str, lang: str = "en") -> str:
    return _pick(data()["fraud"].get(name), lang, name)


def column(name: str, lang: str = "en") -> str:
    """Header of a column (``region_name`` → ``Өңір`` / ``Регион`` / ``Region``)."""
    return _pick(data()["columns"].get(name), lang, name)


def title(name: str, lang: str = "en") -> str:
    return _pick(data()["titles"].get(name), lang, name)


def month_name(month: str, lang: str = "en", short: bool = False) -> str:
    """``2026-03`` → ``наурыз 2026`` / ``март 2026`` / ``March 2026`` (``short``: 3 letters)."""
    year, num = month.split("-")
    name = data()["months"][check_lang(lang)][int(num) - 1]
    if short:
        name = name[:3] + ("." if lang != "en" and len(name) > 3 else "")
    return f"{name} {year}"


def article_label(article: str, part: int | None = None, lang: str = "en") -> str:
    """``CC Article 190 part 2`` / ``ч. 2 ст. 190 УК`` / ``ҚК-нің 190-бабының 2-бөлігі``."""
    d = data()
    if part is None:
        return d["article_ref"][check_lang(lang)].format(article=article)
    return d["article_ref_part"][check_lang(lang)].format(article=article, part=part)


def article_topic(article: str, lang: str = "en") -> str | None:
    """What an article is about (``stalking``), for titles; None for articles not listed."""
    entry = data()["articles"].get(article)
    return _pick(entry, lang, article) if entry else None
