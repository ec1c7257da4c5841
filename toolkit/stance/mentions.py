"""Find the mentions of a named actor in raw articles, so actor stance runs on any corpus.

An :class:`Actor` is a name plus its variants. From ``Actor("Mike Pompeo", titles=("Secretary",),
aliases=("the Secretary of State",))`` the matcher looks for (case-sensitive, whole words, possessive
``'s`` allowed) "Mike Pompeo", "Pompeo", "Secretary Pompeo", "Mr. Pompeo" and "the Secretary of State".
A bare surname preceded by another capitalised first name ("Ivanka Trump", "Eric Trump") or followed by
"Jr." belongs to someone else and is skipped; a surname after a title, a function word ("But Trump") or
nothing is kept.

>>> m = find_mentions("Ivanka Trump spoke. President Trump said Iran's leaders lied.", [ACTORS["trump"]])
>>> m[["target", "mention", "start", "end"]].values.tolist()
[['Donald Trump', 'President Trump', 0, 15]]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..text import STOPWORDS

_TITLES = ("President", "Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Dr.", "Secretary", "Senator", "Sen.", "Gov.",
           "Governor", "Minister", "Prime Minister", "Chancellor", "Leader", "Supreme Leader", "Vice President",
           "Speaker", "Rep.", "General", "Gen.", "King", "Prince", "Crown Prince", "Ayatollah", "Sheikh")
_COMMON_CAPS = frozenset("yesterday today tonight meanwhile still later now then so and but while when after before "
                         "as if because though although however instead also".split())
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’')]*\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
_ABBREV_END = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep|Gen|St|U\.S|U\.N|Jr|Sr|Lt|Col|No)\.$")


@dataclass(frozen=True)
class Actor:
    """A named actor and the ways news text names it.

    Parameters
    ----------
    name : str
        Canonical name ("Donald Trump", "Iran"). For a person, its last word is the surname.
    aliases : tuple of str
        Further exact variants ("the Secretary of State", "Tehran", "Kremlin").
    titles : tuple of str
        Titles that may precede the surname ("President"); the common ones are always allowed.
    person : bool, default True
        Persons also match their bare surname and "title + surname"; countries / organisations only
        ``name`` and ``aliases``.
    """

    name: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    titles: tuple[str, ...] = field(default_factory=tuple)
    person: bool = True

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    def variants(self) -> list[str]:
        """All literal variants, longest first (so "President Trump" wins over "Trump")."""
        out = {self.name, *self.aliases}
        if self.person:
            out |= {f"{t} {self.surname}" for t in (*_TITLES, *self.titles)}
            out.add(self.surname)
        return sorted(out, key=len, reverse=True)


#: A few actors used in the notebook and tests; extend with your own :class:`Actor`.
ACTORS: dict[str, Actor] = {
    "trump": Actor("Donald Trump", aliases=("Donald J. Trump",)),
    "biden": Actor("Joe Biden", aliases=("Joseph Biden",)),
    "putin": Actor("Vladimir Putin", aliases=("Kremlin",)),
    "zelensky": Actor("Volodymyr Zelensky", aliases=("Zelenskyy", "Volodymyr Zelenskyy", "Zelenskiy")),
    "pompeo": Actor("Mike Pompeo", aliases=("the Secretary of State", "Secretary of State Mike Pompeo")),
    "obama": Actor("Barack Obama"),
    "clinton": Actor("Hillary Clinton", aliases=("Hillary Rodham Clinton",)),
    "iran": Actor("Iran", aliases=("Tehran", "Islamic Republic"), person=False),
    "russia": Actor("Russia", aliases=("Moscow",), person=False),
    "china": Actor("China", aliases=("Beijing",), person=False),
}


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (a light splitter that keeps "Mr." / "U.S." inside)."""
    spans: list[tuple[int, int]] = []
    cuts = [0] + [m.end() for m in _BOUNDARY.finditer(text)] + [len(text)]
    for s, e in zip(cuts[:-1], cuts[1:]):
        if not text[s:e].strip():
            continue
        if spans and _ABBREV_END.search(text[spans[-1][0]:spans[-1][1]].rstrip()):
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return spans


def _pattern(actor: Actor) -> re.Pattern:
    alts = "|".join(re.escape(v) for v in actor.variants())
    return re.compile(rf"(?<![\w-])(?:{alts})(?=(?:['’]s)?(?![\w-]))")


def _other_person(text: str, start: int, end: int, actor: Actor) -> bool:
    """True when a bare surname belongs to someone else: "Ivanka Trump", "Trump Jr."."""
    if not actor.person:
        return False
    if re.match(r",?\s+(?:Jr|Sr)\b", text[end:end + 6]):
        return True
    if text[start:end] != actor.surname:
        return False
    prev = re.search(r"([A-Z][\w.'’-]*)\s+$", text[max(0, start - 40):start])
    if not prev:
        return False
    word = prev.group(1)
    allowed = {*(t.split()[-1] for t in (*_TITLES, *actor.titles)), *actor.name.split()[:-1]}
    common = word.lower().rstrip(".") in STOPWORDS or word.lower() in _COMMON_CAPS
    return word not in allowed and not common


def find_mentions(articles, actors: Sequence[Actor] | Actor, *, text: str = "text") -> pd.DataFrame:
    """Every mention of each actor, with its sentence, ready for :class:`ActorStanceClassifier`.

    Parameters
    ----------
    articles : DataFrame or str
        Canonical table (``doc_id`` and ``text``), or one text (``doc_id`` becomes ``"0"``).
    actors : Actor or sequence of Actor
    text : str, default "text"
        Column holding the text.

    Returns
    -------
    DataFrame
        ``doc_id, target, sentence_index, sentence, start, end, mention, further_mentions`` — one row per
        (article, sentence, actor) with the first mention as the span (offsets within ``sentence``) and the
        other mentions of the same actor in that sentence in ``further_mentions`` (list of
        ``{"from", "to"}``), as NewsMTSC marks them.
    """
    if isinstance(articles, str):
        articles = pd.DataFrame({"doc_id": ["0"], text: [articles]})
    if isinstance(actors, Actor):
        actors = [actors]
    if not actors:
        raise ValueError("find_mentions needs at least one Actor, e.g. ACTORS['trump'] or Actor('Iran', person=False).")
    missing = {"doc_id", text} - set(articles.columns)
    if missing:
        raise ValueError(f"find_mentions expects columns 'doc_id' and {text!r}; missing {sorted(missing)}.")
    patterns = [(a, _pattern(a)) for a in actors]
    rows = []
    for doc_id, body in zip(articles["doc_id"].astype(str), articles[text].fillna("").astype(str)):
        for si, (s, e) in enumerate(sentences(body)):
            sent = body[s:e]
            lstrip = len(sent) - len(sent.lstrip())
            sent = sent.strip()
            for actor, pat in patterns:
                spans = [(m.start() - lstrip, m.end() - lstrip) for m in pat.finditer(body[s:e])
                         if not _other_person(body, s + m.start(), s + m.end(), actor)]
                if not spans:
                    continue
                (fs, fe), rest = spans[0], spans[1:]
                rows.append({"doc_id": doc_id, "target": actor.name, "sentence_index": si, "sentence": sent,
                             "start": fs, "end": fe, "mention": sent[fs:fe],
                             "further_mentions": [{"from": a, "to": b} for a, b in rest]})
    cols = ["doc_id", "target", "sentence_index", "sentence", "start", "end", "mention", "further_mentions"]
    return pd.DataFrame(rows, columns=cols)


def actors_from_names(names: Iterable[str]) -> list[Actor]:
    """Look names up in :data:`ACTORS` (by key or canonical name); unknown names become a person Actor."""
    by_name = {a.name.lower(): a for a in ACTORS.values()}
    out = []
    for n in names:
        key = n.strip().lower()
        out.append(ACTORS.get(key) or by_name.get(key) or Actor(n.strip(), person=len(n.split()) > 1))
    return out
