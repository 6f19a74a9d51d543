"""The facts-v1 projection: the document-level summary that evaluation reads.

Defined in the project's architecture notes: one JSON object per document with fixed fields, each a
list of normalised items (empty when nothing was found). It is a pure function of the full Facts.
"""

from __future__ import annotations

from typing import Any

from qorgau.model import Facts

FIELDS = (
    "language",
    "articles",
    "regions",
    "penalties",
    "stats",
    "figures",
    "counts",
    "money_tenge",
    "dates",
    "months",
    "ages",
    "identifiers",
)

PENALTY_KINDS = frozenset(
    {
        "fine_mci",
        "fine_tenge",
        "community_service_hours",
        "arrest_days",
        "imprisonment_months",
        "restriction_of_freedom_months",
        "admin_arrest_days",
        "contact_ban",
        "compensation",
    }
)


def _unique(items: list[Any]) -> list[Any]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = repr(sorted(item.items())) if isinstance(item, dict) else repr(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _is_full_iso_date(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 10 and value[:4].isdigit() and value[4] == "-"


def project(facts: Facts) -> dict[str, Any]:
    """Project full Facts onto the facts-v1 record."""
    explicit: list[str] = []
    implied: list[str] = []
    for f in facts.of_kind("article"):
        v = f.value
        if v.get("negated"):
            continue
        # Criminal Code articles, written or implied; Administrative Code articles only as
        # written, under their "AC-" prefix (an earlier fine or arrest the text cites).
        if v.get("code_book", "CC") == "CC":
            (implied if v.get("implied") else explicit).append(v["code"])
        elif v.get("code_book") == "AC" and not v.get("implied"):
            explicit.append(v["code"])
    # An article implied by the subject adds nothing when the text cites it, or one of its parts
    # ("190" is already said by "190-2").
    articles = explicit + [
        code for code in implied if not any(e == code or e.startswith(code + "-") and
                                            e.count("-") > code.count("-") for e in explicit)
    ]
    penalties = [
        {"kind": f.value["kind"], "value": f.value["value"]}
        for f in facts.of_kind("penalty")
        if f.value.get("kind") in PENALTY_KINDS
    ]
    identifiers = [
        {"kind": f.value["kind"], "value": f.value["value"]}
        for f in facts.of_kind("identifier")
        if f.value.get("valid", True) and f.value.get("kind") in {
            "phone", "iin", "card", "iban", "email", "handle"
        }
    ]
    return {
        "id": facts.id,
        "language": facts.language,
        "articles": _unique(articles),
        "regions": _unique([f.value for f in facts.of_kind("region")]),
        "penalties": _unique(penalties),
        "stats": _unique(
            [
                {"article": f.value["article"], "region": f.value["region"], "count": f.value["count"]}
                for f in facts.of_kind("stat")
            ]
        ),
        "figures": _unique(
            [{"metric": f.value["metric"], "value": f.value["value"]} for f in facts.of_kind("figure")]
        ),
        "counts": _unique(
            [{"what": f.value["what"], "value": f.value["value"]} for f in facts.of_kind("count")]
        ),
        "money_tenge": _unique([int(f.value) for f in facts.of_kind("money")]),
        "dates": _unique([f.value for f in facts.of_kind("date") if _is_full_iso_date(f.value)]),
        "months": _unique([f.value for f in facts.of_kind("month")]),
        # ages the text states; one worked out from a birth year or date stays in the full facts
        "ages": _unique([int(f.value) for f in facts.of_kind("age")
                         if "birth_year" not in f.extra]),
        "identifiers": _unique(identifiers),
    }
