"""Whether a new name is probably a stakeholder the alliance already knows, and why.

People write the same organisation in many ways: "Ministry of Gender" in one sheet and "Ministry
of Gender, Community Development and Social Welfare" in another; "FAO" beside "Food and
Agriculture Organization of the United Nations (FAO)". Three reasons, each told to the person:

- `SIMILAR`: nearly the same words in any order (rapidfuzz token sort ratio of at least
  `SIMILAR_AT`), which catches typos, punctuation and letter case;
- `ACRONYM`: one name is an acronym (a word in capitals, alone or in brackets after the long
  name) and the other's long name has the same initials, or says the same acronym in brackets;
- `CONTAINS`: every meaningful word of one name is in the other (words like "of", "de", "la",
  "du", "and", "y", "et" do not count), and the shorter name is more than a single common word:
  at least two words, or one acronym.

Different words on both sides ("Ministry of Health" and "Ministry of Finance"; "Farmers Union of
Georgia" and "Women Farmers Union") are not a match: a probable duplicate is skipped unless the
person chooses otherwise, so a false match costs a row.

The known names are indexed once (`Index`), so a file of many rows against a large register stays
near linear: containment looks only at names filed under one of the row's rarer words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

SIMILAR, ACRONYM, CONTAINS = "similar", "acronym", "contains"
SIMILAR_AT = 88
# Containment looks at no more than this many known names per row (a word shared by thousands of
# names, such as "ministry", is never the only key).
MAX_CANDIDATES = 2_000

# Words that carry no meaning of their own in an organisation's name, in English, Spanish and
# French (articles, prepositions, conjunctions).
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "for",
        "and",
        "in",
        "on",
        "at",
        "to",
        "by",
        "with",
        "from",
        "de",
        "del",
        "la",
        "las",
        "los",
        "el",
        "y",
        "e",
        "en",
        "para",
        "por",
        "con",
        "al",
        "lo",
        "un",
        "una",
        "du",
        "des",
        "le",
        "les",
        "et",
        "d",
        "l",
        "au",
        "aux",
        "pour",
        "sur",
        "par",
        "un",
        "une",
        "en",
    ]
)

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_BRACKETS = re.compile(r"[(\[]([^)\]]{2,12})[)\]]")


def _fold(text: str) -> str:
    """Lower case without accents: "Ministère de la Santé" -> "ministere de la sante"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return 2 <= len(word) <= 10 and len(letters) >= 2 and all(c.isupper() for c in letters)


@dataclass(frozen=True)
class Name:
    """A name as the matcher sees it."""

    text: str
    words: tuple[str, ...]  # every word, folded, in order
    meaningful: frozenset[str]  # the words without stop words
    short: frozenset[str]  # acronyms the name goes by: itself if it is one, or one in brackets
    long: frozenset[str]  # initials of the long name, and its own acronyms
    sortable: str  # the folded words, for the similarity score

    @classmethod
    def of(cls, text: str) -> Name:
        bracketed = [b.strip() for b in _BRACKETS.findall(text)]
        outside = _BRACKETS.sub(" ", text)
        raw_words = _WORD.findall(outside)
        words = tuple(_fold(w) for w in _WORD.findall(text))
        short = {_fold(b) for b in bracketed if _is_acronym(b) and " " not in b}
        if len(raw_words) == 1 and _is_acronym(raw_words[0]):
            short.add(_fold(raw_words[0]))
        long_words = [_fold(w) for w in raw_words]
        long = set(short)
        if len(long_words) >= 2:
            long.add("".join(w[0] for w in long_words))
            content = [w for w in long_words if w not in STOP_WORDS]
            if len(content) >= 2:
                long.add("".join(w[0] for w in content))
        return cls(
            text=text,
            words=words,
            meaningful=frozenset(w for w in words if w not in STOP_WORDS) or frozenset(words),
            short=frozenset(short),
            long=frozenset(long),
            sortable=" ".join(words),
        )

    def distinctive(self) -> bool:
        """Enough to say on its own that another name containing it is the same actor."""
        return len(self.meaningful) >= 2 or bool(self.short)


@dataclass(frozen=True)
class Match:
    index: int  # which known name
    reason: str  # SIMILAR, ACRONYM or CONTAINS
    score: int  # similarity of the words, 0 to 100


def explain(a: str, b: str) -> Match | None:
    """Why two names probably name the same stakeholder, or None (for one pair; `Index` for many)."""
    return Index([b]).best(a)


@dataclass
class Index:
    """The known names, looked up by acronym and by word."""

    names: list[str]
    parsed: list[Name] = field(init=False)

    def __post_init__(self) -> None:
        self.parsed = [Name.of(n) for n in self.names]
        self.sortables = [p.sortable for p in self.parsed]
        self.by_short: dict[str, list[int]] = {}
        self.by_long: dict[str, list[int]] = {}
        self.by_word: dict[str, list[int]] = {}
        for i, p in enumerate(self.parsed):
            for key in p.short:
                self.by_short.setdefault(key, []).append(i)
            for key in p.long:
                self.by_long.setdefault(key, []).append(i)
            for w in p.meaningful:
                self.by_word.setdefault(w, []).append(i)
        frequency = Counter({w: len(ids) for w, ids in self.by_word.items()})
        self.frequency = frequency
        # Each known name filed once, under its rarest word: a known name whose words all appear
        # in a row is found from that word alone.
        self.by_rarest: dict[str, list[int]] = {}
        for i, p in enumerate(self.parsed):
            if p.meaningful:
                rarest = min(p.meaningful, key=lambda w: (frequency[w], w))
                self.by_rarest.setdefault(rarest, []).append(i)

    def best(self, text: str) -> Match | None:
        """The known name this one most probably is, with the reason; None when nothing is close."""
        from rapidfuzz import fuzz, process

        if not self.parsed:
            return None
        row = Name.of(text)
        found = process.extractOne(
            row.sortable, self.sortables, scorer=fuzz.token_sort_ratio, processor=None, score_cutoff=SIMILAR_AT
        )
        if found is not None:
            return Match(found[2], SIMILAR, round(found[1]))
        for mine, theirs in ((row.short, self.by_long), (row.long, self.by_short)):
            for key in sorted(mine):
                if key in theirs:
                    i = theirs[key][0]
                    return Match(i, ACRONYM, self._score(row, i))
        candidates = self._containing(row)
        if not candidates:
            return None
        i = max(candidates, key=lambda c: (self._score(row, c), -c))
        return Match(i, CONTAINS, self._score(row, i))

    def _score(self, row: Name, i: int) -> int:
        from rapidfuzz import fuzz

        return round(fuzz.token_set_ratio(row.sortable, self.sortables[i], processor=None))

    def _containing(self, row: Name) -> list[int]:
        """Known names that contain every meaningful word of the row, or whose every meaningful
        word the row contains; the shorter of the two must be distinctive."""
        words = row.meaningful
        if not words:
            return []
        out: list[int] = []
        if row.distinctive():
            rarest = min(words, key=lambda w: (self.frequency.get(w, 0), w))
            for i in self.by_word.get(rarest, [])[:MAX_CANDIDATES]:
                if words < self.parsed[i].meaningful:
                    out.append(i)
        for w in words:
            for i in self.by_rarest.get(w, [])[:MAX_CANDIDATES]:
                known = self.parsed[i]
                if known.meaningful < words and known.distinctive() and i not in out:
                    out.append(i)
        return out
