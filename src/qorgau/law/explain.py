"""Explanations in Kazakh, Russian and English: messages, amounts, dates, periods, and text reports.

Texts live in ``data/law/messages.yaml``. A :class:`Msg` is a message key with its parameters;
it is rendered in a language only when shown, so one result can be explained in kk, ru and en.
Dates are ISO in English and DD.MM.YYYY in Kazakh and Russian; tenge amounts are grouped by
comma (en) or space (kk, ru).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from qorgau.law.data import load
from qorgau.law.errors import LawInputError
from qorgau.law.statutes import category_info, code_info, element

LANGS = ("kk", "ru", "en")


class _Safe(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Msg:
    """A message key (``section.name``) and its parameters, rendered per language on demand."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    then: tuple[Msg, ...] = ()

    def render(self, lang: str = "en") -> str:
        text = text_of(self.key, lang, **self.params)
        return text + "".join(m.render(lang) for m in self.then)


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ValueError naming the choices."""
    if lang not in LANGS:
        raise LawInputError(f"unknown language {lang!r}: choose kk, ru or en")
    return lang


def fmt_date(d: date | None, lang: str = "en") -> str:
    if d is None:
        return "—"
    return d.isoformat() if lang == "en" else d.strftime("%d.%m.%Y")


def fmt_int(n: float | int | None, lang: str = "en") -> str:
    if n is None:
        return "—"
    if isinstance(n, float) and not n.is_integer():
        s = f"{n:,.2f}"
        return s if lang == "en" else s.replace(",", " ").replace(".", ",")
    s = f"{int(n):,}"
    return s if lang == "en" else s.replace(",", " ")


def fmt_tenge(n: int | None, lang: str = "en") -> str:
    return "—" if n is None else f"{fmt_int(n, lang)} ₸"


def fmt_period(period: dict[str, int] | None, lang: str = "en") -> str:
    """``{"years": 2}`` → "2 years" / "2 года" / "2 жыл"."""
    if not period:
        return "—"
    if "years" in period:
        n, unit = int(period["years"]), "years"
    else:
        n, unit = int(period.get("months", 0)), "months"
    if lang == "kk":
        return f"{n} {'жыл' if unit == 'years' else 'ай'}"
    if lang == "ru":
        forms = ("год", "года", "лет") if unit == "years" else ("месяц", "месяца", "месяцев")
        return f"{n} {_ru_plural(n, forms)}"
    word = unit[:-1] if n == 1 else unit
    return f"{n} {word}"


def _ru_plural(n: int, forms: tuple[str, str, str]) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


def _fmt_param(value: Any, lang: str) -> str:
    if isinstance(value, date):
        return fmt_date(value, lang)
    if isinstance(value, Msg):
        return value.render(lang)
    if isinstance(value, dict) and set(value) <= set(LANGS) and value:
        return str(value.get(lang) or value.get("en") or next(iter(value.values())))
    if isinstance(value, list | tuple):
        return ", ".join(_fmt_param(v, lang) for v in value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return fmt_int(value, lang)
    return str(value)


def text_of(key: str, lang: str = "en", **params: Any) -> str:
    """The text of ``section.name`` in ``lang`` with parameters filled in."""
    section, _, name = key.partition(".")
    try:
        entry = load("messages")[section][name]
    except KeyError:
        return key
    template = entry.get(lang) or entry["en"]
    return template.format_map(_Safe({k: _fmt_param(v, lang) for k, v in params.items()}))


def word(section: str, name: str, lang: str = "en") -> str:
    """A single word from a messages section (sanction kinds, units, levels)."""
    entry = load("messages").get(section, {}).get(name)
    if not entry:
        return name
    return entry.get(lang) or entry["en"]


def article_ref(code: str, article: str, part: int | None, lang: str = "en") -> str:
    """``CC art. 190 part 2`` / ``УК РК ст. 190 ч. 2`` / ``ҚК 190-бап 2-бөлік``."""
    short = code_info(code)["short"][lang]
    p = text_of("words.part", lang, part=part) if part is not None else ""
    return text_of("words.article_ref", lang, code=short, article=article, part=p)


def sanction_text(s: Any, lang: str = "en") -> str:
    """One sanction as a line: kind, limits in its unit, and tenge for MCI amounts."""
    kind = word("sanctions", s.kind, lang)
    unit = word("units", s.unit, lang) if s.unit else ""
    lo, hi = s.min, s.max
    if s.unit == "lifetime":
        limits = unit
    elif hi is None and lo is None:
        limits = "" if s.unit is None else text_of("words.limits_unknown", lang)
    elif lo is None:
        limits = text_of("words.up_to", lang, max=f"{fmt_int(hi, lang)} {unit}")
    elif lo == hi:
        limits = f"{fmt_int(hi, lang)} {unit}"
    else:
        limits = text_of(
            "words.range", lang, min=fmt_int(lo, lang), max=f"{fmt_int(hi, lang)} {unit}"
        )
    line = f"{kind}: {limits}" if limits else kind
    min_t, max_t = getattr(s, "min_tenge", None), getattr(s, "max_tenge", None)
    if max_t is not None:
        if min_t is not None and min_t != max_t:
            line += f" ({fmt_tenge(min_t, lang)} – {fmt_tenge(max_t, lang)})"
        else:
            line += f" ({fmt_tenge(max_t, lang)})"
    extras = []
    if s.additional:
        extras.append(text_of("words.additional", lang))
    if not s.confirmed:
        extras.append(text_of("words.unconfirmed_mark", lang))
    if extras:
        line += f" [{', '.join(extras)}]"
    if s.note:
        line += f" — {s.note}"
    return line


# --------------------------------------------------------------------------- reports


def _header(code: str, article: str, part: int | None, title: str, lang: str) -> str:
    p = text_of("words.part", lang, part=part) if part is not None else ""
    return text_of(
        "words.header",
        lang,
        code=code_info(code)["short"][lang],
        article=article,
        part=p,
        title=title,
    )


def _record_lines(
    r: Any, pr: Any, lang: str, indent: str = "", with_elements: bool = True
) -> list[str]:
    """Lines for one statute record at a date: category, Fund, sanctions, elements."""
    lines = []
    cat = category_info(r.category)
    if cat:
        lines.append(
            indent
            + text_of(
                "show.category",
                lang,
                name=cat["name"][lang],
                period=fmt_period(cat["limitation"], lang),
            )
        )
    else:
        lines.append(indent + text_of("show.category_unknown", lang))
    if pr.fund_payment is not None:
        fund_name = load("fund")["fund"]["name"][lang]
        lines.append(
            indent
            + text_of(
                "show.fund",
                lang,
                fund=fund_name,
                mci=pr.fund_payment.mci,
                tenge=fmt_tenge(pr.fund_payment.tenge, lang),
            )
        )
    if pr.sanctions:
        lines.append(indent + text_of("show.sanctions", lang))
        lines += [f"{indent}  - {sanction_text(s, lang)}" for s in pr.sanctions]
    else:
        lines.append(indent + text_of("show.no_sanctions", lang))
    if not with_elements:
        return lines
    if r.elements:
        lines.append(indent + text_of("show.elements", lang))
        for eid in r.elements:
            spec = element(eid)
            mark = (
                ""
                if spec.get("confirmed", True)
                else f" [{text_of('words.unconfirmed_mark', lang)}]"
            )
            lines.append(f"{indent}  - {spec['label'][lang]}{mark}")
    if r.features:
        lines.append(indent + text_of("show.features", lang))
        for eid in r.features:
            lines.append(f"{indent}  - {element(eid)['label'][lang]}")
    return lines


def render_statute(view: Any, lang: str = "en") -> str:
    """A readable ``law show`` answer for an :class:`~qorgau.law.show.ArticleView`."""
    check_lang(lang)
    ref, on = view.ref, view.on
    first = view.records[0] if view.records else view.all_versions[0]
    title = first.title[lang]
    if not first.raw.get("title_confirmed", False):
        title += f" ({text_of('words.title_unconfirmed', lang)})"
    lines = [_header(ref.code, ref.article, ref.part, title, lang)]
    if not view.records:
        if on < view.first_from:
            lines.append(text_of("show.not_yet", lang, on=on, since=view.first_from))
        else:
            lines.append(text_of("show.ended", lang, on=on, to=view.last_to))
        return "\n".join(lines)
    since = min(r.valid_from for r in view.records)
    tos = [r.valid_to for r in view.records]
    until = "" if any(t is None for t in tos) else text_of("show.in_force_until", lang, to=min(tos))
    lines.append(text_of("show.in_force", lang, on=on, since=since, until=until))
    if first.raw.get("enacted_by"):
        lines.append(text_of("show.enacted", lang, law=first.raw["enacted_by"]))
    if view.mci.tenge is None:
        lines.append(text_of("show.mci_unknown", lang, on=on))
    else:
        lines.append(text_of("show.mci", lang, on=on, tenge=fmt_tenge(view.mci.tenge, lang)))
        if view.mci.assumed:
            lines.append(text_of("show.assumed", lang, year=str(on.year)))
    if len(view.records) == 1:
        lines += _record_lines(view.records[0], view.ranges[0], lang)
    else:
        for r, pr in zip(view.records, view.ranges, strict=True):
            lines.append("")
            lines.append(_header(r.code, r.article, r.part, r.title[lang], lang))
            lines += _record_lines(r, pr, lang, indent="  ")
    notes = []
    for note in view.notes:
        notes.append(note)
    for r in view.records:
        for n in r.notes:
            if n not in notes:
                notes.append(n)
    if notes:
        lines.append(text_of("show.notes", lang))
        lines += [f"  - {n}" for n in notes]
    sources = []
    for r in view.records:
        for s in r.sources:
            if s not in sources:
                sources.append(s)
    lines.append(text_of("show.sources", lang))
    lines += [f"  - {s}" for s in sources]
    return "\n".join(lines)


def _act_line(d: Any, lang: str) -> str:
    w = d.when
    if w is None:
        when = text_of("words.date_unknown", lang)
    elif w.precision == "before_document":
        when = text_of("words.no_later_than", lang, date=w.end)
    elif w.start is None:
        when = text_of("words.until", lang, b=w.end)
    elif w.end is None:
        when = text_of("words.since", lang, a=w.start)
    elif w.start == w.end:
        when = fmt_date(w.start, lang)
    else:
        when = text_of("words.from_to", lang, a=w.start, b=w.end)
    value = d.fact.value
    if isinstance(value, dict):
        value = value.get("kind") or value.get("what") or value.get("code")
    return f"{when}: {value} «{d.fact.text}»"


def render_qualification(result: Any, lang: str = "en") -> str:
    """A readable report of a :class:`~qorgau.law.qualify.Qualification`."""
    check_lang(lang)
    lines = [text_of("q.header", lang, id=result.id, on=result.on)]
    if result.problems:
        lines.append(text_of("q.problems", lang))
        lines += [f"  ! {p.render(lang)}" for p in result.problems]
    if not result.candidates:
        lines.append(text_of("q.none", lang))
    else:
        lines.append(text_of("q.candidates", lang))
    for c in result.candidates:
        s = c.statute
        flag = text_of("words.applicable" if c.applicable else "words.not_applicable", lang)
        lines.append(f"* {_header(s.code, s.article, s.part, s.title[lang], lang)} — {flag}")
        lines.append(f"    {c.reason.render(lang)}")
        found = [e for e in c.elements if e.found] + c.features_found
        if found:
            lines.append("    " + text_of("q.found", lang))
            for e in found:
                quotes = "; ".join(f"«{d.fact.text}»" for d in e.evidence[:3])
                lines.append(f"      + {element(e.id)['label'][lang]}: {quotes}")
        missing = [e for e in c.elements if not e.found]
        if missing:
            lines.append("    " + text_of("q.missing", lang))
            for e in missing:
                spec = element(e.id)
                lines.append(f"      - {spec['label'][lang]} → {spec['hint'][lang]}")
        if c.features_missing:
            lines.append("    " + text_of("q.features_missing", lang))
            for e in c.features_missing:
                part = text_of("words.part", lang, part=e.part).strip()
                lines.append(f"      - {part}: {element(e.id)['label'][lang]}")
        if c.counted:
            lines.append("    " + text_of("q.counted", lang))
            lines += [f"      {_act_line(d, lang)}" for d in c.counted]
        if c.history:
            lines.append("    " + text_of("q.history", lang, since=c.valid_from))
            lines += [f"      {_act_line(d, lang)}" for d in c.history]
        if c.undated:
            lines.append("    " + text_of("q.undated", lang))
            lines += [f"      {_act_line(d, lang)}" for d in c.undated]
    if result.penalties:
        lines.append(text_of("q.penalties", lang))
        for pr in result.penalties:
            s = pr.statute
            ref = article_ref(s.code, s.article, s.part, lang)
            lines.append(
                "  "
                + text_of(
                    "q.penalty_line", lang, article=ref, on=pr.on, mci=fmt_tenge(pr.mci.tenge, lang)
                )
            )
            lines += _record_lines(s, pr, lang, indent="    ", with_elements=False)
    if result.fund_payment is not None and len(result.penalties) > 1:
        fp = result.fund_payment
        lines.append(text_of("q.fund_total", lang, mci=fp.mci, tenge=fmt_tenge(fp.tenge, lang)))
    esc = result.escalation
    if esc.steps or esc.messages:
        lines.append(text_of("q.escalation", lang))
        lines += [f"  {_act_line(d, lang)}" for d in esc.steps]
        lines += [f"  → {m.render(lang)}" for m in esc.messages]
    risk = result.risk
    if not risk.assessed:
        lines.append(text_of("q.risk_not_assessed", lang))
    else:
        lines.append(
            text_of("q.risk", lang, level=word("levels", risk.level, lang), score=risk.score)
        )
        for f in risk.factors:
            quotes = "; ".join(f"«{d.fact.text}»" for d in f.evidence[:2])
            lines.append(
                f"  + {text_of('q.risk_factor', lang, label=f.label[lang], weight=f.weight)}"
                f": {quotes}"
            )
        for c in risk.combinations:
            labels = [
                next(f.label[lang] for f in risk.factors if f.id == i) for i in c["indicators"]
            ]
            lines.append("  " + text_of("q.risk_combo", lang, labels=" + ".join(labels)))
    return "\n".join(lines)
