"""Offence classification: is the text about stalking, coercion to marriage or internet fraud?

Runs last. Emits, per document:

* ``offence`` facts (``stalking`` | ``coercion_to_marriage`` | ``internet_fraud``) when the text is
  plainly about the offence, even without an article number. The span is the strongest cue;
  ``extra`` holds ``{"score": float, "cues": [{"id", "text", "start", "end", "w"}, ...]}``.
* an implied ``article`` fact (``{"code": "115-1" | "125-1" | "190", "implied": True ...}``) for
  each offence found, unless law_refs already found an explicit reference to that article (any
  part of it).
* ``scheme`` facts for internet fraud (impersonation, prepayment_ad, investment, account_takeover,
  malware, phishing, credit_in_victim_name, dropper, housing_sale; ``other`` when none shows).

Cues are weighted (``data/lexicons/offences.yaml``). A strong term ("сталкинг", "некеге тұруға
мәжбүрлеу", "интернет-мошенничество", "forced marriage") decides alone; otherwise the text needs
core cues worth 1.5 or more and, with context cues, a total at the offence threshold. Context cues
(calls, a protective order, a bank transfer ...) never decide on their own, and neutral phrases
("уголовное преследование", "election fraud") consume their words so that no cue fires inside.

The scan is one pass over the words: every cue starts with literal letters, so cues are indexed by
the first three letters of a word and only a handful of anchored regexes run per matching word.
Where the lower-cased copy stands in for case-insensitive matching, the lower-case cues run on it
without IGNORECASE and a word is keyed by the whole stem a cue opens with (fewer words tried).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from qorgau.extract.story import WORD_MARKS, WordStarts
from qorgau.model import Document, Fact
from qorgau.text.casefold import lower_stands_in
from qorgau.text.patterns import split_top_level, trie_pattern

_STRONG = 3.0  # a cue this heavy decides alone
_MIN_CORE = 1.5  # core-cue weight a text needs when no strong cue is present
_CTX_CAP = 1.5  # context cues add at most this much
_SCHEME_BONUS_CAP = 1.5  # fraud-scheme cues add at most this much to internet_fraud
_REPEAT_BONUS = 0.1  # each repeat of a core cue adds 10% of its weight (up to 5 repeats)
_MAX_CUES_SHOWN = 12


@dataclass(frozen=True)
class _Cue:
    id: str
    kind: str  # "neutral" | "offence" | "scheme"
    weights: dict[str, float]  # offence or scheme label -> weight
    ctx: bool
    src: str  # the cue regex as written in the lexicon
    rx: re.Pattern[str]  # case-insensitive, for the normalised text
    rx_low: re.Pattern[str]  # the same without IGNORECASE, for the lower-cased copy


@dataclass(frozen=True)
class _Lexicon:
    offences: dict[str, dict[str, Any]]
    article_cues: dict[str, tuple[str, float]]
    scheme_threshold: float
    schemes: tuple[str, ...]
    index: dict[str, tuple[_Cue, ...]]  # 3-letter keys (2-letter cues merged in) and 2-letter keys
    keys: WordStarts  # finds, in lower-cased text, a word starting with an index key
    long_index: dict[str, tuple[_Cue, ...]]  # word stems (3 letters or more) -> cues to try
    long_keys: WordStarts  # finds a word starting with a long_index key


def _literal_prefixes(p: str) -> set[str]:
    """The possible first letters (2 or 3, lower case) of any text the cue regex can match."""
    if p.startswith("(?:"):
        depth, j = 0, 0
        for i, ch in enumerate(p):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0:
                j = i
                break
        alts, cur, depth = [], "", 0
        for ch in p[3:j]:
            if ch == "|" and depth == 0:
                alts.append(cur)
                cur = ""
                continue
            depth += ch == "("
            depth -= ch == ")"
            cur += ch
        alts.append(cur)
        out: set[str] = set()
        for a in alts:
            out |= _literal_prefixes(a)
        rest = p[j + 1 :]
        if rest.startswith("?"):
            out |= _literal_prefixes(rest[1:])
        return out
    lit = ""
    for ch in p:
        if not ch.isalpha():
            break
        lit += ch
    if len(lit) < 2:
        raise ValueError(f"offence cue must start with at least two literal letters: {p!r}")
    return {lit[:3].lower()}


_STEM = 8  # longest stem a long key takes from a cue


def _long_prefixes(p: str) -> set[str]:
    """Stems (up to :data:`_STEM` letters, lower case) one of which every match of the cue regex
    starts with: the plain letters each branch opens with, where every branch's own 2- or
    3-letter key is part of them (the letters are not optional); otherwise the keys."""
    keys = _literal_prefixes(p)
    if p.startswith("(?:"):
        depth, j = 0, 0
        for i, ch in enumerate(p):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0:
                j = i
                break
        if not j or p[j + 1 : j + 2] in ("?", "*", "{", "+"):
            return keys
        branches = split_top_level(p[3:j])
        after = p[j + 1 : j + 2]
    else:
        branches = [p]
        after = ""
    if len(split_top_level(p)) > 1 and not p.startswith("(?:"):
        return keys
    stems = set()
    for b in branches:
        lit = ""
        for ch in b:
            if not ch.isalpha():
                break
            lit += ch
        key = lit[:3].lower()
        nxt = b[len(lit) : len(lit) + 1] or after
        if nxt in ("?", "*", "{"):
            lit = lit[:-1]  # the last letter may be left out
        stem = lit[:_STEM].lower()
        if key not in keys or not stem.startswith(key):
            return keys
        stems.add(stem)
    return stems


def _compile(p: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    src = rf"(?:{p})(?![^\W\d_])"
    return re.compile(src, re.IGNORECASE), re.compile(src)


@cache
def _lexicon() -> _Lexicon:
    path = resources.files("qorgau.data").joinpath("lexicons/offences.yaml")
    lex = yaml.safe_load(path.read_text("utf-8"))
    cues: list[_Cue] = []
    for i, p in enumerate(lex.get("neutral", [])):
        cues.append(_Cue(f"neutral_{i}", "neutral", {}, False, p, *_compile(p)))
    for c in lex["cues"]:
        o = c["o"]
        if isinstance(o, dict):
            weights = {str(k): float(v) for k, v in o.items()}
        else:
            weights = {str(o): float(c["w"])}
        ctx = bool(c.get("ctx"))
        cues.append(_Cue(c["id"], "offence", weights, ctx, c["re"], *_compile(c["re"])))
    for label, items in lex["schemes"].items():
        for c in items:
            w = {label: float(c["w"])}
            cues.append(_Cue(c["id"], "scheme", w, False, c["re"], *_compile(c["re"])))

    def order(c: _Cue) -> tuple[int, float]:
        rank = {"neutral": 0, "offence": 1, "scheme": 2}[c.kind]
        return (rank, -max(c.weights.values(), default=0.0))

    by_key: dict[str, list[_Cue]] = {}
    for c in cues:
        for key in _literal_prefixes(c.src):
            by_key.setdefault(key, []).append(c)
    # a 3-letter key also gets the cues of its 2-letter prefix
    for key in [k for k in by_key if len(k) == 3]:
        by_key[key] = by_key[key] + by_key.get(key[:2], [])
    index = {k: tuple(sorted(v, key=order)) for k, v in by_key.items()}
    # Longer keys for the lower-cased copy: a cue that starts with a plain word stem is tried only
    # where the word starts with the whole stem. The cues tried at a key are those the 3-letter
    # key would try there, in the same order, less those whose stem the word does not start with.
    stems = {c.id: _long_prefixes(c.src) for c in cues}
    long_index: dict[str, tuple[_Cue, ...]] = {}
    for key in set().union(*stems.values()):
        base = index[key[:3]] if len(key) >= 3 and key[:3] in index else index[key[:2]]
        long_index[key] = tuple(c for c in base if any(key.startswith(s) for s in stems[c.id]))
    return _Lexicon(
        offences={k: dict(v) for k, v in lex["offences"].items()},
        article_cues={str(k): (v["o"], float(v["w"])) for k, v in lex["article_cues"].items()},
        scheme_threshold=float(lex["scheme_threshold"]),
        schemes=tuple(lex["schemes"]),
        index=index,
        # every key starts with a letter, so a word start is what ``\b`` says before it
        keys=WordStarts(trie_pattern(sorted(index)), joiners="", word_first=True),
        long_index=long_index,
        long_keys=WordStarts(trie_pattern(sorted(long_index)), joiners="", word_first=True),
    )


@dataclass(slots=True)
class _Hit:
    cue_id: str
    w: float
    ctx: bool
    start: int
    end: int


@dataclass
class _Tally:
    hits: dict[str, list[_Hit]] = field(default_factory=dict)  # cue id -> hits

    def add(self, h: _Hit) -> None:
        self.hits.setdefault(h.cue_id, []).append(h)


def _lower_stands_in(doc: Document, low: str) -> bool:
    """:func:`qorgau.text.casefold.lower_stands_in` for the document, worked out once per
    lower-cased copy (kept in ``doc._shared``)."""
    hit = doc._shared.get("lower_stands_in")
    if hit is not None and hit[0] is low:
        return hit[1]
    ok = lower_stands_in(doc.norm, low)
    doc._shared["lower_stands_in"] = (low, ok)
    return ok


_DOTTED_I = "\u0130"  # capital I with dot above: its lower case is two characters long


def _lowered(doc: Document) -> tuple[str, bool]:
    """A lower-cased copy of ``doc.norm`` of the same length, and whether it stands in for
    case-insensitive matching.

    That is ``doc.lower``, except in a text holding U+0130 (Turkish, Kazakh Latin script), whose
    lower case is "i" plus a combining dot: there the copy is made with U+0130 lowered to a plain
    "i", so offsets stay exact and upper-case words are found as in any other text. Case-insensitive
    ``re`` matching reads U+0130 as "i" too (its simple lower case), so the question whether the
    copy stands in is asked of the text with that one letter replaced.
    """
    low = doc.lower
    if _DOTTED_I not in doc.norm:
        return low, _lower_stands_in(doc, low)
    plain_i = doc.norm.replace(_DOTTED_I, "i")
    low = plain_i.lower()
    return low, lower_stands_in(plain_i, low)


def _scan(doc: Document, lex: _Lexicon) -> tuple[dict[str, _Tally], dict[str, _Tally]]:
    """One pass over the words: cue hits per offence and per scheme."""
    offences: dict[str, _Tally] = {}
    schemes: dict[str, _Tally] = {}
    skip: dict[str, int] = {}  # label -> end of its last hit (no overlapping hits per label)
    consumed = 0  # end of the last neutral phrase
    index = lex.index
    norm = doc.norm
    # The words are found on a lower-cased copy (the index keys are lower case). The cues are
    # written in lower case too: where the copy stands in for case-insensitive matching, they run
    # without IGNORECASE on it (much faster in ``re``), and only the cues whose whole stem starts
    # the word are tried (long keys).
    low, plain = _lowered(doc)
    text = low if plain else norm
    keys = lex.keys
    if plain:
        keys, index = lex.long_keys, lex.long_index
    # the word starts after punctuation, when story already found them in this copy
    shared = doc._shared.get(WORD_MARKS)
    marks = shared[1] if shared is not None and shared[0] is low else None
    for km in keys.all(low, marks=marks):
        # keys are letters at word starts: no two of them overlap
        pos = km.start(1)
        if pos < consumed:
            continue
        for cue in index[km.group(1)]:
            m = cue.rx_low.match(text, pos) if plain else cue.rx.match(text, pos)
            if m is None:
                continue
            end = m.end()
            if cue.kind == "neutral":
                consumed = end
                break
            table = offences if cue.kind == "offence" else schemes
            for label, w in cue.weights.items():
                if pos < skip.get(label, 0):
                    continue
                skip[label] = end
                tally = table.get(label)
                if tally is None:
                    tally = table[label] = _Tally()
                hits = tally.hits.get(cue.id)
                if hits is None:
                    tally.hits[cue.id] = [_Hit(cue.id, w, cue.ctx, pos, end)]
                else:
                    hits.append(_Hit(cue.id, w, cue.ctx, pos, end))
    return offences, schemes


def _root(value: dict[str, Any]) -> str:
    code = str(value.get("code", ""))
    part = value.get("part")
    if part is not None and code.endswith(f"-{part}"):
        return code[: -len(f"-{part}")]
    return code


def _explicit_articles(doc: Document) -> list[Fact]:
    return [
        f
        for f in doc.facts
        if f.kind == "article"
        and isinstance(f.value, dict)
        and f.value.get("code_book") == "CC"
        and not f.value.get("implied")
    ]


@dataclass
class _Verdict:
    score: float
    best: _Hit
    cues: list[_Hit]


def _judge(t: _Tally, threshold: float, scheme_bonus: float) -> _Verdict | None:
    core = ctx = 0.0
    strongest = 0.0
    firsts: list[_Hit] = []
    for hits in t.hits.values():
        h = hits[0]
        firsts.append(h)
        if h.ctx:
            ctx += h.w
        else:
            core += h.w * (1 + _REPEAT_BONUS * min(len(hits) - 1, 5))
            strongest = max(strongest, h.w)
    if strongest == 0:
        return None
    total = core + min(ctx, _CTX_CAP) + min(scheme_bonus, _SCHEME_BONUS_CAP)
    if strongest < _STRONG and (core < _MIN_CORE or total < threshold):
        return None
    firsts.sort(key=lambda h: (h.ctx, -h.w, h.start))
    return _Verdict(round(total, 2), firsts[0], firsts)


def _cue_list(doc: Document, hits: list[_Hit]) -> list[dict[str, Any]]:
    return [
        {"id": h.cue_id, "text": doc.original[h.start : h.end], "start": h.start, "end": h.end,
         "w": h.w}
        for h in hits[:_MAX_CUES_SHOWN]
    ]


def extract(doc: Document) -> list[Fact]:
    """Offence labels, implied articles and fraud schemes of the document."""
    lex = _lexicon()
    offence_hits, scheme_hits = _scan(doc, lex)
    explicit = _explicit_articles(doc)
    for f in explicit:
        spec = lex.article_cues.get(_root(f.value))
        if spec:
            label, w = spec
            offence_hits.setdefault(label, _Tally()).add(
                _Hit(f"article_{_root(f.value)}", w, False, f.start, f.end)
            )
    explicit_roots = {_root(f.value) for f in explicit}

    scheme_scores: dict[str, tuple[float, list[_Hit]]] = {}
    for label, t in scheme_hits.items():
        firsts = sorted((hs[0] for hs in t.hits.values()), key=lambda h: (-h.w, h.start))
        scheme_scores[label] = (sum(h.w for h in firsts), firsts)
    scheme_bonus = 0.5 * sum(s for s, _ in scheme_scores.values())

    facts: list[Fact] = []
    for label, spec in lex.offences.items():
        t = offence_hits.get(label)
        if t is None:
            continue
        bonus = scheme_bonus if label == "internet_fraud" else 0.0
        v = _judge(t, float(spec["threshold"]), bonus)
        if v is None:
            continue
        b = v.best
        facts.append(
            Fact(
                kind="offence",
                value=label,
                start=b.start,
                end=b.end,
                text=doc.original[b.start : b.end],
                rule="classify:offence",
                extra={"score": v.score, "cues": _cue_list(doc, v.cues)},
            )
        )
        article = str(spec["article"])
        if article not in explicit_roots:
            facts.append(
                Fact(
                    kind="article",
                    value={"code": article, "code_book": "CC", "implied": True, "part": None,
                           "item": None},
                    start=b.start,
                    end=b.end,
                    text=doc.original[b.start : b.end],
                    rule="classify:implied_article",
                    extra={"offence": label},
                )
            )
        if label == "internet_fraud":
            facts.extend(_scheme_facts(doc, lex, scheme_scores, b))
    return facts


def _scheme_facts(
    doc: Document,
    lex: _Lexicon,
    scores: dict[str, tuple[float, list[_Hit]]],
    offence_cue: _Hit,
) -> list[Fact]:
    out: list[Fact] = []
    for label in lex.schemes:
        if label not in scores:
            continue
        score, firsts = scores[label]
        if score < lex.scheme_threshold:
            continue
        b = firsts[0]
        out.append(
            Fact(
                kind="scheme",
                value=label,
                start=b.start,
                end=b.end,
                text=doc.original[b.start : b.end],
                rule="classify:scheme",
                extra={"score": round(score, 2), "cues": _cue_list(doc, firsts)},
            )
        )
    if not out:
        b = offence_cue
        out.append(
            Fact(
                kind="scheme",
                value="other",
                start=b.start,
                end=b.end,
                text=doc.original[b.start : b.end],
                rule="classify:scheme_other",
                extra={"score": 0.0, "cues": []},
            )
        )
    return out
