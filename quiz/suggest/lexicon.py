"""Word lists for the suggester: our own lists plus lexicons copied from two PyPI packages.

Everything is read from ``data/`` beside this module (its README.md says what
each file is, where it comes from and under which licence):

* ours: ``opinion.tsv`` (opinion-marker phrases) and ``loaded.tsv`` (loaded
  terms with a neutral alternative);
* from vaderSentiment 3.3.2: ``vader_lexicon.txt`` (valence of ~7,500 words,
  -4..4) and ``boosters.txt`` (the intensifiers of its ``BOOSTER_DICT``, such as
  *utterly*, *hugely*);
* from textblob 0.20.1: ``en-sentiment.xml`` (polarity and subjectivity of
  ~1,500 words, mostly adjectives, averaged over their senses) and
  ``en-lexicon.txt`` (Brill's part-of-speech lexicon).

Why copies rather than the packages: we use their word lists, not their
analysers. Through their APIs, VADER gives ``SentimentIntensityAnalyzer().lexicon``
(after also reading its emoji list) and ``BOOSTER_DICT``, but TextBlob keeps its
tables in undocumented internals of ``textblob.en`` whose import pulls in
``nltk``; this module used to find the installed files instead and scrape
``BOOSTER_DICT`` out of VADER's source with a regular expression, which breaks
silently when a release moves a file or reformats a line. Either way three
packages (``nltk`` alone is 14 MB) were installed for two megabytes of data.
The licences allow copying: VADER and TextBlob are MIT; TextBlob's files come
from Pattern (BSD) and state their own terms in their headers (PDDL; MIT and
CC BY 3.0). ``data/LICENCES.md`` has the texts. So the files ship here
unchanged, with their checksums in the data README, except ``boosters.txt``,
written once from ``BOOSTER_DICT`` through VADER's API. The tables built from
the copies are exactly those built from the packages, so the suggestions are
the same.

The four third-party files can be deleted (to ship without them, say):
:func:`read_lexicon` then leaves their tables empty and names them in
:attr:`Lexicon.missing`, and the suggester runs on our own lists alone, with a
lower score.
"""

from __future__ import annotations

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
    missing: tuple[str, ...] = ()  # third-party files not in the data folder

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


# The third-party files, relative to the data folder (see data/README.md).
VADER_LEXICON = "vaderSentiment/vader_lexicon.txt"
VADER_BOOSTERS = "vaderSentiment/boosters.txt"
TEXTBLOB_SENTIMENT = "textblob/en-sentiment.xml"
BRILL_LEXICON = "textblob/en-lexicon.txt"


@cache
def load_lexicon() -> Lexicon:
    """Every list in ``data/``, read once per process (about 0.2 s)."""
    return read_lexicon(DATA)


def read_lexicon(folder: Path) -> Lexicon:
    """The lists in ``folder``; a missing third-party file only leaves its tables empty.

    Raises:
        OSError: ``opinion.tsv`` or ``loaded.tsv`` cannot be read.
        ValueError: a line of ours is not ``phrase<TAB>value``.
    """
    missing = tuple(
        name
        for name in (VADER_LEXICON, VADER_BOOSTERS, TEXTBLOB_SENTIMENT, BRILL_LEXICON)
        if not (folder / name).is_file()
    )
    polarity: dict[str, float] = {}
    subjectivity: dict[str, float] = {}
    if TEXTBLOB_SENTIMENT not in missing:
        polarity, subjectivity = _textblob_sentiment(folder / TEXTBLOB_SENTIMENT)
    pos: dict[str, str] = {}
    base_verbs: frozenset[str] = frozenset()
    if BRILL_LEXICON not in missing:
        pos, base_verbs = _brill_tags(folder / BRILL_LEXICON)
    return Lexicon(
        opinion=_expand(_read_tsv(folder / "opinion.tsv")),
        loaded=_expand(_read_tsv(folder / "loaded.tsv")),
        valence={} if VADER_LEXICON in missing else _vader_valence(folder / VADER_LEXICON),
        boosters=(
            frozenset() if VADER_BOOSTERS in missing else _word_list(folder / VADER_BOOSTERS)
        ),
        polarity=polarity,
        subjectivity=subjectivity,
        pos=pos,
        base_verbs=base_verbs,
        missing=missing,
    )


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


def _word_list(path: Path) -> frozenset[str]:
    """One word or phrase a line; ``#`` starts a comment line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().casefold() for line in lines if line.strip() and not line.startswith("#")
    )


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
