"""When a lower-cased copy can stand in for case-insensitive matching.

Case-insensitive matching (``re.IGNORECASE``) of Cyrillic is slow in Python's ``re``. A pattern
written in lower case, run without the flag on a lower-cased copy of the same length, finds the
same spans, provided the text holds none of the characters that IGNORECASE treats as extra case
variants of a letter (dotless i, long s, old Cyrillic letter forms, Greek, ...) and no U+0130 (its
lower case is two characters long). :func:`lower_stands_in` tells whether that holds.
"""

from __future__ import annotations

import re

# Every character of the extra case-equivalence sets of ``re`` (beyond plain lower-casing), less
# ASCII and the basic Cyrillic letters, whose lower case is the common form; plus U+0130.
_ODD = re.compile(
    "[\u00b5\u0131\u017f\u0345\u0370-\u03ff\u0463\u1c80-\u1c88\u1e60\u1e61\u1e9b"
    "\u1fbe\u1fd3\u1fe3\ua64a\ua64b\ufb05\ufb06\u0130]"
)


def lower_stands_in(norm: str, low: str) -> bool:
    """True when lower-case patterns on ``low`` match exactly as IGNORECASE patterns on ``norm``.

    ``low`` must be a lower-cased copy of ``norm``.
    """
    global _last
    last = _last
    if last[0] is norm and last[1] is low:  # the extractors of one document ask in turn
        return last[2]
    ok = len(low) == len(norm) and "\u0130" not in norm and not _ODD.search(low)
    _last = (norm, low, ok)
    return ok


# The last answer, for the very same two string objects (not equal ones; holding them keeps their
# identity safe, at the cost of keeping the last document alive): one tuple, replaced
# whole, so threads never see a half-written entry.
_last: tuple[str | None, str | None, bool] = (None, None, False)
