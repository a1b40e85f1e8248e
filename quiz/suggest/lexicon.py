"""Word lists for the suggester: our own lists plus lexicons that ship with PyPI packages.

Our lists live in ``data/`` beside this module (``opinion.tsv``, ``loaded.tsv``).
Two packages add lexicons without downloading anything at run time:

* ``vaderSentiment`` ships ``vader_lexicon.txt`` (valence of ~7,500 words, -4..4)
  and ``BOOSTER_DICT`` (intensifiers such as *utterly*, *hugely*);
* ``textblob`` ships ``en/en-sentiment.xml`` (polarity and subjectivity of
  ~2,900 adjectives and adverbs) and ``en/en-lexicon.txt`` (Brill's part-of-speech
  lexicon).

Both are optional: without them :func:`load_lexicon` returns empty tables and
:attr:`Lexicon.missing` names what to install, so the suggester still runs on
its own lists, with a lower score.
"""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
# Endings a ``stem*`` entry may take: slam* -> slams, slammed, slamming.
_ENDINGS = (
    "",
    "s",
    "es",
    "ed",
    "d",
    "ing",
    "er",
    "ers",
    "ly",
    "ist",
    "ists",
    "ism",
    "ion",
    "ions",
    "ation",
    "ely",
    "e",
    "al",
    "ous",
)
Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    """Every table the rules and the features read; keys are normalised lower case."""

    opinion: dict[Phrase, str]  # phrase -> family
    loaded: dict[Phrase, str]  # phrase -> neutral alternative
    valence: dict[str, float] = field(default_factory=dict)  # VADER, -4..4
    boosters: frozenset[str] = frozenset()  # VADER's intensifiers
    polarity: dict[str, float] = field(default_factory=dict)  # TextBlob, -1..1
    subjectivity: dict[str, float] = field(default_factory=dict)  # TextBlob, 0..1
    pos: dict[str, str] = field(default_factory=dict)  # Brill's most likely tag
    base_verbs: frozenset[str] = frozenset()  # words Brill's lexicon allows as VB
    missing: tuple[str, ...] = ()  # optional packages that are not installed

    @property
    def longest(self) -> int:
        """Tokens in the longest listed phrase."""
        return max((len(p) for p in (*self.opinion, *self.loaded)), default=1)


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string, for short inline lists."""
    return frozenset(words.split())


def norm(word: str) -> str:
    """Lower case with straight apostrophes and hyphens, so lists match any typography."""
    return word.casefold().replace("’", "'").replace("‘", "'").replace("‐", "-").replace("‑", "-")


@cache
def load_lexicon() -> Lexicon:
    """Load every list once per process (about 0.2 s with both packages)."""
    missing: list[str] = []
    valence: dict[str, float] = {}
    boosters: frozenset[str] = frozenset()
    vader = _package_dir("vaderSentiment")
    if vader is None:
        missing.append("vaderSentiment==3.3.2")
    else:
        valence = _vader_valence(vader / "vader_lexicon.txt")
        boosters = _vader_boosters(vader / "vaderSentiment.py")
    polarity: dict[str, float] = {}
    subjectivity: dict[str, float] = {}
    pos: dict[str, str] = {}
    base_verbs: frozenset[str] = frozenset()
    blob = _package_dir("textblob")
    if blob is None:
        missing.append("textblob==0.20.1")
    else:
        polarity, subjectivity = _textblob_sentiment(blob / "en" / "en-sentiment.xml")
        pos, base_verbs = _brill_tags(blob / "en" / "en-lexicon.txt")
    return Lexicon(
        opinion=_expand(_read_tsv(DATA / "opinion.tsv")),
        loaded=_expand(_read_tsv(DATA / "loaded.tsv")),
        valence=valence,
        boosters=boosters,
        polarity=polarity,
        subjectivity=subjectivity,
        pos=pos,
        base_verbs=base_verbs,
        missing=tuple(missing),
    )


def _package_dir(name: str) -> Path | None:
    # find_spec locates the package without importing it: textblob's import
    # pulls in nltk, which costs a second we do not need.
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _read_tsv(path: Path) -> dict[str, str]:
    entries: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        key, sep, value = line.partition("\t")
        if not sep or not value.strip():
            raise ValueError(f"{path}:{number}: expected 'phrase<TAB>value', got {line!r}")
        entries[norm(key.strip())] = value.strip()
    return entries


def _expand(entries: dict[str, str]) -> dict[Phrase, str]:
    """Split phrases into token tuples and spell out ``stem*`` endings."""
    table: dict[Phrase, str] = {}
    for key, value in entries.items():
        words = tuple(key.split())
        if not words[-1].endswith("*"):
            table[words] = value
            continue
        stem = words[-1][:-1]
        stems = {stem, stem + stem[-1]}  # doubled consonant: slam -> slammed
        if stem.endswith("e"):
            stems.add(stem[:-1])  # dropped e: cave -> caving
        for base in stems:
            for ending in _ENDINGS:
                if base != stem and not ending:
                    continue
                table.setdefault((*words[:-1], base + ending), value)
    return table


def _vader_valence(path: Path) -> dict[str, float]:
    table: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isalpha():
            table[parts[0].casefold()] = float(parts[1])
    return table


def _vader_boosters(path: Path) -> frozenset[str]:
    # BOOSTER_DICT is read from the source instead of imported: the module
    # does file I/O at import time that we do not need.
    source = path.read_text(encoding="utf-8")
    block = re.search(r"BOOSTER_DICT\s*=\s*\\?\s*\{(.*?)\}", source, re.DOTALL)
    if block is None:
        return frozenset()
    return frozenset(w.casefold() for w in re.findall(r'"([^"]+)"\s*:\s*B_INCR', block.group(1)))


def _textblob_sentiment(path: Path) -> tuple[dict[str, float], dict[str, float]]:
    sums: dict[str, list[float]] = {}
    for word in ET.parse(path).getroot().iter("word"):
        form = word.get("form", "").casefold()
        if not form:
            continue
        entry = sums.setdefault(form, [0.0, 0.0, 0.0])
        entry[0] += float(word.get("polarity", "0"))
        entry[1] += float(word.get("subjectivity", "0"))
        entry[2] += 1
    polarity = {w: p / n for w, (p, _, n) in sums.items()}
    subjectivity = {w: s / n for w, (_, s, n) in sums.items()}
    return polarity, subjectivity


def _brill_tags(path: Path) -> tuple[dict[str, str], frozenset[str]]:
    tags: dict[str, str] = {}
    verbs: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(";"):
            continue
        parts = line.split()
        if len(parts) >= 2:
            word = parts[0].casefold()
            tags.setdefault(word, parts[1])
            if "VB" in parts[1:]:
                verbs.add(word)
    return tags, frozenset(verbs)
