"""Interface language: gettext catalogues (``locale/<lang>/LC_MESSAGES/messages.po``) read with
Babel when first needed; no compile step. English message ids are the fallback for anything not
translated.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LANGS = ("kk", "ru", "en")
DEFAULT = "ru"
LANG_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
LOCALE_DIR = Path(__file__).parent / "locale"


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Message id -> translation for ``lang`` (empty for English or a missing catalogue)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        cat = read_po(fh, locale=lang)
    return {m.id: m.string for m in cat if m.id and isinstance(m.id, str) and m.string
            and not m.fuzzy}


def gettext_for(lang: str) -> Callable[..., str]:
    """A ``_`` for templates: ``_("Case {id}", id=3)`` translates, then fills the fields."""
    table = catalogue(lang if lang in LANGS else DEFAULT)

    def _(message: str, **fields: object) -> str:
        text = table.get(message, message)
        return text.format(**fields) if fields else text

    return _


def pick(cookie: str | None, query: str | None, accept: str | None) -> str:
    """The language of a request: ``?lang=``, then the cookie, then Accept-Language."""
    for value in (query, cookie):
        if value in LANGS:
            return value
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return DEFAULT
