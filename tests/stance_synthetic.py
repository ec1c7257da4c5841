"""Synthetic, fictional headline–body pairs and target sentences for stance tests (no corpus text).

Each claim is about an invented place and thing; agree bodies confirm it, disagree bodies call it a hoax
and deny it, discuss bodies report it with hedges, unrelated pairs join a headline with another claim's body.
"""

from __future__ import annotations

import random

import pandas as pd

_PLACES = ["Arvenia", "Belmora", "Costrava", "Drovania", "Galvora", "Lunmarra", "Sorvenne", "Port Wenna", "Keldor",
           "Ostrel", "Varnmoor", "Tessaly", "Brenholt", "Quillon", "Marrowby", "Fenwick"]
_ADJ = ["golden", "giant", "silver", "talking", "floating", "ancient", "purple", "singing", "glass", "lost", "iron",
        "secret", "frozen", "burning", "wooden", "marble", "velvet", "copper", "hollow", "crystal", "painted",
        "sleeping", "dancing", "stone"]
_NOUN = ["owl", "turnip", "comet", "parrot", "bridge", "clock", "lake", "whale", "tower", "crown", "robot", "tunnel",
         "violin", "lantern", "carousel", "statue", "glove", "kettle", "oak", "meteor", "wagon", "dragon", "goat",
         "fountain"]
_THINGS = [f"{a} {n}" for a, n in zip(_ADJ, _NOUN)]
_VERBS = ["found in", "spotted over", "unveiled in", "stolen from", "discovered near", "built in"]


def fnc_pairs(n_claims: int = 24, bodies_per_claim: int = 4, heads_per_claim: int = 3,
              seed: int = 0) -> pd.DataFrame:
    """Columns ``headline, body_id, body, label`` with planted agree / disagree / discuss / unrelated."""
    rng = random.Random(seed)
    claims = []
    for c in range(n_claims):
        thing, place, verb = _THINGS[c % len(_THINGS)], _PLACES[c % len(_PLACES)], _VERBS[c % len(_VERBS)]
        claims.append((thing, place, verb))
    rows, bid = [], 0
    bodies = []
    for c, (thing, place, verb) in enumerate(claims):
        heads = [f"{thing.title()} {verb} {place}", f"Residents say a {thing} was {verb} {place}",
                 f"Report: {thing} {verb} {place} this week"][:heads_per_claim]
        for k in range(bodies_per_claim):
            label = ["agree", "disagree", "discuss", "agree", "discuss"][k % 5]
            if label == "agree":
                text = (f"Officials confirmed on Monday that a {thing} was {verb} {place}. The mayor of {place} "
                        f"announced the news and showed footage of the {thing}. Experts verified it.")
            elif label == "disagree":
                text = (f"Claims that a {thing} was {verb} {place} are a hoax. Officials in {place} denied the "
                        f"story and said it was fake. No {thing} exists, the police said, debunking the rumor.")
            else:
                text = (f"A {thing} was reportedly {verb} {place}, according to unverified social media posts. "
                        f"It is unclear whether the {thing} is real; officials could not confirm the claims.")
            text += f" Filler sentence {rng.randint(0, 999)} about the weather in {place}."
            bodies.append((bid, c, text))
            for h in heads:
                rows.append({"headline": h, "body_id": str(bid), "body": text, "label": label, "claim": c})
            bid += 1
    for c in range(n_claims):
        heads = {r["headline"] for r in rows if r["claim"] == c}
        others = [b for b in bodies if b[1] != c]
        for h in sorted(heads):
            for b in rng.sample(others, 4):
                rows.append({"headline": h, "body_id": str(b[0]), "body": b[2], "label": "unrelated", "claim": -1})
    return pd.DataFrame(rows).drop(columns="claim")


_NAMES = ["Aurel Vantos", "Teodor Halk", "Livia Sarn", "Matthias Orrin", "Nadia Quell", "Hollis Penrow"]
_POS = ["praised", "thanked", "applauded", "celebrated the courage of", "warmly welcomed"]
_NEG = ["slammed", "condemned", "mocked", "accused", "harshly criticised"]
_NEU = ["met", "spoke with", "travelled with", "phoned", "visited"]


def target_sentences(n: int = 240, seed: int = 0) -> pd.DataFrame:
    """``sentence, start, end, label``: the object of a praising / condemning / neutral verb is the target."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        a, b = rng.sample(_NAMES, 2)
        label = ["positive", "negative", "neutral"][i % 3]
        verb = rng.choice({"positive": _POS, "negative": _NEG, "neutral": _NEU}[label])
        sentence = f"On {rng.choice(['Monday', 'Friday', 'Sunday'])}, {a} {verb} {b} in {rng.choice(_PLACES)}."
        start = sentence.index(b, sentence.index(verb))
        rows.append({"sentence": sentence, "start": start, "end": start + len(b), "label": label})
    return pd.DataFrame(rows)
