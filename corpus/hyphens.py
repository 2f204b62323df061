"""Put back the hyphens source 004 lost ("crossvalidation", "selfdriving", "100200 MBs").

The scrape behind 004 dropped every ASCII '-' (and '|'), so compounds were glued together. Most of
them are spelled with their hyphen somewhere in the other four sources: `learned_compounds` collects
those spellings, and `repair` rebuilds the glued form from them. The rest come from a short list read
by hand (`REVIEWED`), checked against the source lines it names. What neither covers and still looks
glued (two known words back to back, see `suspects`) is counted by `corpus lint`; words that only
look glued ("coexist", "overcome") are listed in `NOT_GLUED`.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

SOURCE = "004_1833474fad8a0caa.txt"
_SOURCES = Path(__file__).parent / "sources"

# Glued forms no other source spells with its hyphen, each checked in 004 (line numbers are 004's).
REVIEWED: dict[str, str] = {
    "autolabeling": "auto-labeling",
    "batchlevel": "batch-level",
    "chatgptlike": "ChatGPT-like",
    "computationwise": "computation-wise",
    "correlationbased": "correlation-based",
    "costsensitive": "cost-sensitive",
    "datagreedy": "data-greedy",  # 1088
    "datasetrelated": "dataset-related",
    "detailedoriented": "detailed-oriented",  # sic
    "downweighted": "down-weighted",
    "downweights": "down-weights",
    "equallysized": "equally-sized",
    "exploreexploit": "explore-exploit",
    "eyespecific": "eye-specific",  # 1182
    "hairspecific": "hair-specific",  # 1182
    "groupspecific": "group-specific",
    "growthoriented": "growth-oriented",
    "highlydimensional": "highly-dimensional",
    "inprocessing": "in-processing",
    "leastconfidence": "least-confidence",
    "leftskewed": "left-skewed",
    "locallyconnected": "locally-connected",
    "lowestconfidence": "lowest-confidence",
    "lowfrequency": "low-frequency",
    "mathoriented": "math-oriented",
    "metafeature": "meta-feature",
    "moviefeature": "movie-feature",
    "networkspecific": "network-specific",
    "nondiverse": "non-diverse",
    "nonequal": "non-equal",
    "nonguaranteed": "non-guaranteed",
    "nonrepresentative": "non-representative",
    "offlinetrained": "offline-trained",
    "oneclass": "one-class",
    "outlieraffected": "outlier-affected",
    "outlierinfluenced": "outlier-influenced",
    "postnormalization": "post-normalization",
    "predeep": "pre-deep",  # 1140 "preDeep Learning era"
    "preexisting": "pre-existing",
    "preproduction": "pre-production",
    "probabilitybased": "probability-based",
    "rankordered": "rank-ordered",
    "reallife": "real-life",
    "righthand": "right-hand",
    "lefthand": "left-hand",
    "runlength": "run-length",
    "selfevaluate": "self-evaluate",
    "semiautomated": "semi-automated",
    "sitewide": "site-wide",
    "timesensitive": "time-sensitive",
    "toprated": "top-rated",
    "trainingserving": "training-serving",  # 1397
    "uncertaintybased": "uncertainty-based",
    "userfeature": "user-feature",
    "wellknown": "well-known",
    "wellread": "well-read",
    "welltrained": "well-trained",
    "jsdivergence": "JS-divergence",
    "multilayer": "multi-layer",
    "firstpass": "first-pass",
    "readonly": "read-only",
    "subsegment": "sub-segment",
    "subsequentjoins": "subsequent joins",  # 935: a lost space, not a hyphen
    "usingmap": "using map",
    "dataaugmentation": "data augmentation",
    "intercluster": "inter-cluster",
    "underrepresentation": "under-representation",
    "dropoff": "drop-off",
    "pubsub": "pub-sub",  # 1347
    "tsne": "t-sne",  # 1175 "tSNE" -> "t-SNE" (the letter case is kept)
}
# Number ranges that lost their dash; a bare number cannot be repaired without reading it.
REVIEWED_PHRASES: dict[str, str] = {
    "100200 MBs": "100-200 MBs",  # 790
    "8020 rule": "80-20 rule",  # 1245
    "such as 46 layers": "such as 4-6 layers",  # 211
    "usingMAP_SHARED": "using MAP_SHARED",  # 1310: a lost space before an identifier
}
# Words that look like two words glued but are ordinary words or names.
NOT_GLUED = frozenset(
    """appraise backpropagate coexist convnet dependable drawback fasttext inappropriate infrequent insufficient
    invalidates itertools keyspace moreover offset overcome oversimplify pageviews pairwise predictability
    preferable recurrently redeployment repeatable rescaling resolved restoring restrict somehow subsamples
    subword truncatedsvd underperforming viewpoints chisquare""".split()
)
# SQL keywords glued to the words around them where code spans lost their spacing (935-947).
_SQL_KEYWORDS = "SELECT|FROM|WHERE|GROUP BY|HAVING|ORDER BY|LIMIT|OFFSET|DISTINCT"
_SQL_BEFORE = re.compile(rf"([a-z])({_SQL_KEYWORDS}|JOIN)")
_SQL_AFTER = re.compile(rf"\b({_SQL_KEYWORDS})([a-z])")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_HYPHENATED = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z][A-Za-z0-9]*)+\b")


@lru_cache(maxsize=1)
def _other_sources() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(_SOURCES.glob("*.txt")) if p.name != SOURCE)


@lru_cache(maxsize=1)
def vocabulary() -> Counter[str]:
    """Lower-cased words of the four sources that kept their hyphens."""
    return Counter(w.lower() for w in re.findall(r"[A-Za-z]+", _other_sources()))


@lru_cache(maxsize=1)
def learned_compounds() -> dict[str, str]:
    """glued form -> hyphenated form, for every hyphenated compound the other sources spell.

    A glued form that is itself a word elsewhere ("online", "dataset") is left alone.
    """
    words = vocabulary()
    found: dict[str, Counter[str]] = {}
    for match in _HYPHENATED.findall(_other_sources()):
        glued = match.replace("-", "").lower()
        if glued not in words:
            found.setdefault(glued, Counter())[match.lower()] += 1
    return {glued: spellings.most_common(1)[0][0] for glued, spellings in sorted(found.items())}


def _table() -> dict[str, str]:
    return {**learned_compounds(), **REVIEWED}


_GLUED_WORD = re.compile(r"\b[A-Za-z][A-Za-z0-9]*\b")


def _recase(original: str, repaired: str) -> str:
    """Put the repair's hyphens and spaces into the original word, keeping its own letter case."""
    letters = iter(original)
    return "".join(ch if ch in "- " else next(letters) for ch in repaired)


def repair(text: str) -> str:
    """The text with glued compounds, number ranges and glued SQL keywords spaced or hyphenated again."""
    table = _table()
    for glued, fixed in REVIEWED_PHRASES.items():
        text = text.replace(glued, fixed)
    text = _SQL_BEFORE.sub(r"\1 \2", text)
    text = _SQL_AFTER.sub(r"\1 \2", text)

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        fixed = table.get(word.lower())
        return _recase(word, fixed) if fixed else word

    return _GLUED_WORD.sub(fix, text)


# Short prefixes that glue onto a word without being words of their own.
_PREFIXES = frozenset("self non pre multi semi post sub inter intra anti meta auto".split())  # not re-, co-: "redirect"


def suspects(text: str) -> list[str]:
    """Words that still look like two words glued together (each part a known word of 3+ letters)."""
    words = vocabulary()
    found = []
    for word in _WORD.findall(text):
        low = word.lower()
        if low in _table():  # a known glued form: `repair` would have fixed it
            found.append(word)
            continue
        if len(low) < 6 or words[low] or low in NOT_GLUED or not low.isalpha():
            continue
        for cut in range(2, len(low) - 2):
            head, tail = low[:cut], low[cut:]
            if (head in _PREFIXES or (len(head) >= 3 and words[head] >= 3)) and len(tail) >= 3 and words[tail] >= 3:
                found.append(word)
                break
    for phrase in REVIEWED_PHRASES:
        if phrase in text:
            found.append(phrase)
    return found
