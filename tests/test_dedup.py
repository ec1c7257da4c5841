"""Wire-copy / near-duplicate detection (toolkit.corpus.dedup) on a generated fictional corpus.

The fixture corpus: several fictional outlets reporting fictional diplomatic events. Every article
is built from one shared topic vocabulary and a pool of stock phrases, and articles about the same
event share a verbatim quote, so unrelated articles overlap in words and in a few word runs. Into
it we plant wire copies: an original re-published by other outlets with a new headline, a dropped
sentence, an added attribution line and a few changed words; plus one same-outlet re-publication.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from datasketch import MinHash

from toolkit.corpus.dedup import (
    PAIR_COLUMNS,
    REPORT_COLUMNS,
    _Sketcher,
    find_near_duplicates,
    flag_wire_copies,
    is_agency,
    normalize_text,
    shingle_hashes,
    wire_copy_report,
)
from toolkit.corpus.schema import CorpusError, empty_articles

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "corpora" / "demo"

OUTLETS = ["Meridian Wire", "Northgate Herald", "Riverside Courier", "Eastbay Tribune",
           "Harbor Daily", "Summit Post", "Velmora Times"]
PLACES = ["Veloria", "Marstan", "Qorvath", "Ostmark", "Tellaris", "Brunhold", "Kestrava", "Drovania"]
PEOPLE = ["Minister Aldren Voss", "President Ilsa Marek", "Envoy Teodor Kallin", "Chancellor Mira Sorvik",
          "Ambassador Juno Pell", "Secretary Orla Vantis"]
TOPIC = ("summit talks treaty delegation minister ministry ambassador envoy sanctions border ceasefire "
         "agreement negotiations statement officials spokesperson security trade grain corridor pipeline "
         "tariffs accord dispute troops observers mission council resolution vote parliament capital "
         "meeting visit proposal framework guarantees relations cooperation crisis region").split()
FUNCTION = ("the of and to in a on for with that at by from as after said would will has have was were "
            "not be its their this over new more than also but about into during under while").split()
STOCK = ["the foreign ministry said in a statement", "according to officials familiar with the talks",
         "speaking to reporters after the meeting", "the two sides agreed to meet again",
         "no date has been set for the next round", "a spokesperson declined to comment further",
         "the talks took place behind closed doors", "both delegations described the mood as constructive"]
ATTRIBUTION = ["This story was first published by Meridian Wire and is republished with permission.",
               "Reporting by Meridian Wire; additional reporting by our staff.",
               "(Meridian Wire) Copyright Meridian Wire, all rights reserved."]


def _sentence(rng: random.Random) -> str:
    words: list[str] = []
    for _ in range(rng.randint(12, 22)):
        r = rng.random()
        if r < 0.42:
            words.append(rng.choice(FUNCTION))
        elif r < 0.85:
            words.append(rng.choice(TOPIC))
        elif r < 0.95:
            words.append(rng.choice(PLACES))
        else:
            words.append(rng.choice(PEOPLE))
    if rng.random() < 0.3:  # a stock phrase shared by many unrelated articles
        at = rng.randint(0, len(words))
        words[at:at] = rng.choice(STOCK).split()
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _article(rng: random.Random, quote: str) -> list[str]:
    sentences = [_sentence(rng) for _ in range(rng.randint(10, 16))]
    sentences.insert(rng.randint(1, len(sentences)), quote)  # the event's verbatim quote
    return sentences


def _edit_copy(rng: random.Random, sentences: list[str]) -> list[str]:
    """A wire copy: one sentence dropped, an attribution line added, a few words changed."""
    out = list(sentences)
    del out[rng.randrange(1, len(out))]
    for _ in range(rng.randint(0, 3)):  # light copy-editing
        k = rng.randrange(len(out))
        words = out[k].split()
        words[rng.randrange(len(words))] = rng.choice(TOPIC)
        out[k] = " ".join(words)
    line = rng.choice(ATTRIBUTION)
    return [line] + out if rng.random() < 0.5 else out + [line]


def make_corpus(seed: int = 7, n_events: int = 12, per_event: int = 6, n_wire: int = 14):
    """Generate (articles, planted) where planted maps copy doc_id -> original doc_id."""
    rng = random.Random(seed)
    base = pd.Timestamp("2024-03-01T08:00:00Z")
    rows: list[dict] = []
    planted: dict[str, str] = {}
    counter = itertools.count(1)

    def add(outlet, when, title, sentences, event):
        doc_id = f"d{next(counter):04d}"
        rows.append({"doc_id": doc_id, "outlet": outlet, "published": when, "title": title,
                     "text": " ".join(sentences), "url": f"https://example.invalid/{doc_id}",
                     "event_id": f"ev{event:02d}", "lean": None, "language": "en"})
        return doc_id

    for event in range(n_events):
        quote = " ".join(_sentence(rng).split()[:-1] + ["today."]) if event % 2 else _sentence(rng)
        day = base + pd.Timedelta(days=3 * event)
        # independent reports of the same event: shared vocabulary, stock phrases and the quote
        for _ in range(per_event):
            outlet = rng.choice(OUTLETS)
            add(outlet, day + pd.Timedelta(hours=rng.randint(0, 30)), f"Talks in {rng.choice(PLACES)}",
                _article(rng, quote), event)
    for w in range(n_wire):
        event = w % n_events
        quote = _sentence(rng)
        outlet = OUTLETS[0] if w % 3 else rng.choice(OUTLETS[1:])
        when = base + pd.Timedelta(days=3 * event, hours=rng.randint(0, 6))
        sentences = _article(rng, quote)
        original = add(outlet, when, f"Envoys meet in {rng.choice(PLACES)}", sentences, event)
        others = [o for o in OUTLETS if o != outlet]
        for copy_outlet in rng.sample(others, rng.randint(1, 3)):
            copy_id = add(copy_outlet, when + pd.Timedelta(hours=rng.randint(1, 48)),
                          f"{rng.choice(PEOPLE)} holds talks on {rng.choice(TOPIC)}",  # new headline
                          _edit_copy(rng, sentences), event)
            planted[copy_id] = original
    articles = pd.DataFrame(rows)
    articles["published"] = pd.to_datetime(articles["published"], utc=True)
    # shuffle the rows so the table order says nothing about which article came first
    articles = articles.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    return articles, planted


def _planted_pairs(articles: pd.DataFrame, planted: dict[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, set[str]] = {}
    for copy, orig in planted.items():
        groups.setdefault(orig, {orig}).add(copy)
    outlet = dict(zip(articles["doc_id"], articles["outlet"]))
    pairs = set()
    for members in groups.values():
        for a, b in itertools.combinations(sorted(members), 2):
            if outlet[a] != outlet[b]:
                pairs.add((a, b))
    return pairs


def _precision_recall(found: set, truth: set) -> tuple[float, float]:
    tp = len(found & truth)
    return (tp / len(found) if found else 1.0), (tp / len(truth) if truth else 1.0)


@pytest.fixture(scope="module")
def corpus():
    return make_corpus()


@pytest.fixture(scope="module")
def pairs(corpus):
    articles, _ = corpus
    return find_near_duplicates(articles, progress=False)


# --- find_near_duplicates --------------------------------------------------------------------
def test_detects_planted_copies_with_high_precision_and_recall(corpus, pairs):
    articles, planted = corpus
    truth = _planted_pairs(articles, planted)
    found = set(zip(pairs["doc_id_a"], pairs["doc_id_b"]))
    precision, recall = _precision_recall(found, truth)
    assert len(truth) >= 20
    assert precision >= 0.95, (precision, sorted(found - truth)[:5])
    assert recall >= 0.95, (recall, sorted(truth - found)[:5])


def test_unrelated_same_event_articles_stay_far_below_threshold(corpus):
    articles, planted = corpus
    members = set(planted) | set(planted.values())
    independent = articles[~articles["doc_id"].isin(members)]
    low = find_near_duplicates(independent, threshold=0.2, progress=False)
    assert low.empty, low.head()


def test_pair_table_shape_order_and_exact_similarity(corpus, pairs):
    articles, _ = corpus
    assert list(pairs.columns) == list(PAIR_COLUMNS)
    assert (pairs["doc_id_a"] < pairs["doc_id_b"]).all()
    assert pairs.equals(pairs.sort_values(["doc_id_a", "doc_id_b"], ignore_index=True))
    assert (pairs["outlet_a"] != pairs["outlet_b"]).all()
    assert pairs["similarity"].between(0.5, 1.0).all()
    # exact Jaccard on word 5-shingles, recomputed independently with Python sets
    text = dict(zip(articles["doc_id"], articles["text"]))

    def shingles(t):
        w = normalize_text(t).split()
        return {tuple(w[i:i + 5]) for i in range(len(w) - 4)}

    for row in pairs.itertuples():
        sa, sb = shingles(text[row.doc_id_a]), shingles(text[row.doc_id_b])
        assert row.similarity == pytest.approx(len(sa & sb) / len(sa | sb), abs=1e-12)


def test_deterministic_and_independent_of_row_order(corpus, pairs):
    articles, _ = corpus
    again = find_near_duplicates(articles, progress=False)
    pd.testing.assert_frame_equal(pairs, again)
    shuffled = articles.sample(frac=1.0, random_state=3)
    pd.testing.assert_frame_equal(pairs, find_near_duplicates(shuffled, progress=False))


def test_cross_outlet_only_excludes_same_outlet_pairs(corpus):
    articles, _ = corpus
    extra = articles.iloc[[0]].copy()
    extra["doc_id"] = "z-republished"
    extra["text"] = extra["text"] + " Updated with a correction."
    table = pd.concat([articles, extra], ignore_index=True)
    cross = find_near_duplicates(table, progress=False)
    assert not ((cross["doc_id_b"] == "z-republished") & (cross["outlet_a"] == cross["outlet_b"])).any()
    assert (cross["outlet_a"] != cross["outlet_b"]).all()
    every = find_near_duplicates(table, cross_outlet_only=False, progress=False)
    same = every[every["outlet_a"] == every["outlet_b"]]
    assert set(zip(same["doc_id_a"], same["doc_id_b"])) == {(articles["doc_id"].iat[0], "z-republished")}
    assert set(zip(cross["doc_id_a"], cross["doc_id_b"])) < set(zip(every["doc_id_a"], every["doc_id_b"]))


def test_max_days_limits_the_publication_gap():
    text = " ".join(f"word{i}" for i in range(40))
    t = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "outlet": ["X", "Y", "Z", "W"],
                      "published": ["2024-01-01", "2024-01-02T12:00:00Z", "2024-02-01", None],
                      "title": "", "text": text})
    got = find_near_duplicates(t, max_days=2, progress=False)
    # c is 31 days from a and 29.5 days from b; d has no date, so its pairs are kept
    assert set(zip(got["doc_id_a"], got["doc_id_b"])) == {("a", "b"), ("a", "d"), ("b", "d"), ("c", "d")}
    assert len(find_near_duplicates(t, progress=False)) == 6


def test_normalisation_ignores_case_punctuation_and_spacing():
    a = "Envoys of Veloria met on Tuesday; the talks, officials said, were 'constructive'."
    b = "ENVOYS of veloria  met on tuesday - the talks officials said were constructive!!"
    assert normalize_text(a) == normalize_text(b)
    t = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["X", "Y"], "text": [a, b]})
    got = find_near_duplicates(t, progress=False)
    assert got["similarity"].tolist() == [1.0]


@pytest.mark.parametrize("text", [
    "Plain ASCII, with punctuation: (yes) -- and_underscores!", "Curly \u201cquotes\u201d \u2014 and \u2019apostrophes\u2019",
    "Accents: \u00e9lys\u00e9e CAF\u00c9 na\u00efve \u00fcber Stra\u00dfe", "\ufb01ne \uff21\uff22\uff23 \u2460 x\u00b2", "\u0412\u0435\u0441\u0442\u0438 \u2116 5; \u65b0\u95fb\u3002",
    "tabs\tand\nnew\r\nlines   ", "", "\u2026!!!", "It's O'Neill's `quote`",
])
def test_fast_normalisation_matches_normalize_text(text):
    from toolkit.corpus.dedup import _normalized_bytes
    assert [w.decode("utf-8") for w in _normalized_bytes(text).split()] == normalize_text(text).split()
    # the shingle hashes only see the normalised words
    assert np.array_equal(shingle_hashes(text, 3), shingle_hashes(normalize_text(text), 3))


def test_shingle_hashes_count_distinct_shingles():
    rng = random.Random(1)
    words = [rng.choice(["alpha", "beta", "gamma", "delta", "eps", "zeta"]) for _ in range(3000)]
    for k in (1, 2, 5, 8):
        expected = {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}
        got = shingle_hashes("  ,".join(words), k)
        assert len(got) == len(expected) and (got[1:] > got[:-1]).all()
    assert np.array_equal(shingle_hashes("a b c d e f"), shingle_hashes("A, b; c -- d\ne   f!"))
    assert not np.array_equal(shingle_hashes("ab c d e f"), shingle_hashes("a bc d e f"))


def test_short_and_empty_texts():
    t = pd.DataFrame({"doc_id": ["a", "b", "c", "d", "e"], "outlet": list("VWXYZ"),
                      "text": ["Talks end.", "talks END", "", None, "   "]})
    got = find_near_duplicates(t, progress=False)
    assert set(zip(got["doc_id_a"], got["doc_id_b"])) == {("a", "b")}  # empty texts never pair
    assert len(shingle_hashes("", 5)) == 0 and len(shingle_hashes("two words", 5)) == 1


def test_minhash_sketches_match_datasketch_update_batch():
    hashes = shingle_hashes(" ".join(f"w{i % 97} w{i % 13}" for i in range(500)), 5)
    reference = MinHash(num_perm=64, seed=5, hashfunc=int)
    reference.update_batch((hashes & np.uint64(0xFFFFFFFF)).astype(np.uint32).tolist())
    assert np.array_equal(_Sketcher(64, 5)(hashes).hashvalues, reference.hashvalues)


# --- flag_wire_copies ---------------------------------------------------------------------------
def test_flag_keeps_every_row_and_marks_copies(corpus, pairs):
    articles, planted = corpus
    before = articles.copy()
    flagged = flag_wire_copies(articles, pairs)
    pd.testing.assert_frame_equal(articles, before)  # input untouched
    assert len(flagged) == len(articles)
    assert flagged.index.equals(articles.index)
    pd.testing.assert_frame_equal(flagged[articles.columns], articles)
    assert flagged["is_wire_copy"].dtype == bool
    copies = dict(zip(flagged.loc[flagged["is_wire_copy"], "doc_id"], flagged.loc[flagged["is_wire_copy"], "dup_of"]))
    precision, recall = _precision_recall(set(copies.items()), set(planted.items()))
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)
    # originals carry a group but no dup_of; singletons carry neither
    grouped = flagged["dup_group"].notna()
    assert (flagged["dup_of"].notna() == flagged["is_wire_copy"]).all()
    assert (flagged.loc[~grouped, "is_wire_copy"] == False).all()  # noqa: E712
    assert flagged.loc[grouped].groupby("dup_group")["is_wire_copy"].apply(lambda s: (~s).sum()).eq(1).all()


def test_flag_without_pairs_computes_them(corpus, pairs):
    articles, _ = corpus
    pd.testing.assert_frame_equal(flag_wire_copies(articles, progress=False), flag_wire_copies(articles, pairs))


def test_dup_of_points_to_earliest_and_ties_are_undirected():
    text = " ".join(f"word{i}" for i in range(30))
    t = pd.DataFrame({
        "doc_id": ["c", "a", "b", "d", "e"], "outlet": ["X", "Z", "Y", "W", "V"],
        "published": pd.to_datetime(["2024-01-03", "2024-01-02", "2024-01-02", None, "2024-01-05"], utc=True),
        "title": "", "text": [text, text, text, text, "an unrelated text about something else entirely"]},
        index=[10, 11, 12, 13, 14])
    f = flag_wire_copies(t, progress=False)
    assert f.index.tolist() == [10, 11, 12, 13, 14]
    # a (Z) and b (Y) tie on a date without time: b is the representative by outlet name, not by doc_id
    assert f.loc[[10, 11, 13], "dup_of"].tolist() == ["b", "b", "b"]
    assert f.loc[[12, 14], "dup_of"].isna().all()
    assert f["is_wire_copy"].tolist() == [True, True, False, True, False]
    assert f["direction"].astype(object).tolist() == ["known", "undirected", pd.NA, "undirected", pd.NA]
    assert f["dup_group"].tolist()[:4] == ["dup00000"] * 4 and pd.isna(f["dup_group"].iat[4])


def _pair(outlets, published, doc_ids=("p", "q")):
    text = " ".join(f"word{i}" for i in range(30))
    t = pd.DataFrame({"doc_id": list(doc_ids), "outlet": list(outlets),
                      "published": pd.to_datetime(list(published), utc=True, format="mixed"), "text": text})
    f = flag_wire_copies(t, progress=False).set_index("doc_id")
    copy = f.index[f["is_wire_copy"]][0]
    return f.at[copy, "dup_of"], copy, f.at[copy, "direction"]


@pytest.mark.parametrize(("outlets", "published", "expected"), [
    # same day, no time of day: an agency is preferred, whatever the doc_ids
    (("Zeta Tabloid", "Reuters"), ("2024-01-02", "2024-01-02"), ("q", "p", "agency-tie")),
    (("Reuters", "Zeta Tabloid"), ("2024-01-02", "2024-01-02"), ("p", "q", "agency-tie")),
    (("The Associated Press", "Alpha Daily"), ("2024-01-02", "2024-01-02"), ("p", "q", "agency-tie")),
    # identical timestamps are a tie too; two agencies tie undirected
    (("Zeta Tabloid", "AFP"), ("2024-01-02T09:00Z", "2024-01-02T09:00Z"), ("q", "p", "agency-tie")),
    (("Reuters", "AFP"), ("2024-01-02", "2024-01-02"), ("q", "p", "undirected")),
    (("Beta Post", "Alpha Daily"), ("2024-01-02", "2024-01-02"), ("q", "p", "undirected")),
    # one date-only, one timed, same day: a tie
    (("Beta Post", "Alpha Daily"), ("2024-01-02T15:30Z", "2024-01-02"), ("q", "p", "undirected")),
    # times say who was first, even when the later one is an agency
    (("Zeta Tabloid", "Reuters"), ("2024-01-02T08:00Z", "2024-01-02T09:00Z"), ("p", "q", "known")),
    (("Zeta Tabloid", "Reuters"), ("2024-01-01", "2024-01-02"), ("p", "q", "known")),
    # a missing date decides nothing
    (("Zeta Tabloid", "Alpha Daily"), ("2024-01-01", None), ("p", "q", "undirected")),
    (("Zeta Tabloid", "Reuters"), (None, None), ("q", "p", "agency-tie")),
])
def test_direction_from_times_agencies_and_ties(outlets, published, expected):
    assert _pair(outlets, published) == expected
    # swapping the doc_ids changes nothing but the names
    swap = {"p": "q", "q": "p"}
    orig, copy, direction = _pair(outlets, published, doc_ids=("q", "p"))
    assert (swap[orig], swap[copy], direction) == expected


def test_group_original_is_among_members_no_one_is_known_to_precede():
    text = " ".join(f"word{i}" for i in range(30))
    t = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "outlet": ["Reuters", "Zeta Tabloid", "Mid Post", "Late Daily"],
                      "published": pd.to_datetime(["2024-01-02T10:00Z", "2024-01-02", "2024-01-02T09:00Z",
                                                   "2024-01-03T01:00Z"], utc=True, format="mixed"), "text": text})
    f = flag_wire_copies(t, progress=False).set_index("doc_id")
    # Reuters (10:00) is known to follow Mid Post (09:00); Mid Post and the date-only Zeta Tabloid tie
    assert f.loc[["a", "b", "d"], "dup_of"].tolist() == ["c", "c", "c"]
    assert f.loc[["a", "b", "d"], "direction"].tolist() == ["known", "undirected", "known"]
    # a custom agency list changes the preference on ties
    g = flag_wire_copies(t, progress=False, agencies=["Zeta Tabloid"]).set_index("doc_id")
    assert g.at["c", "dup_of"] == "b" and g.at["c", "direction"] == "agency-tie"


@pytest.mark.parametrize(("outlet", "expected"), [
    ("Reuters", True), ("Thomson Reuters", True), ("REUTERS", True), ("AP", True), ("AP Fact Check", True),
    ("Agence France-Presse", True), ("dpa", True), ("Xinhua News Agency", True), ("PA Media", True),
    ("Northwind Press Agency", True), ("Apex Daily", False), ("Capital Post", False), ("Taps Weekly", False),
    ("", False), (None, False),
])
def test_is_agency(outlet, expected):
    assert is_agency(outlet) is expected


def test_flag_validates_pairs(corpus):
    articles, _ = corpus
    with pytest.raises(CorpusError, match="not in the article table"):
        flag_wire_copies(articles, pd.DataFrame({"doc_id_a": ["nope"], "doc_id_b": [articles["doc_id"].iat[0]]}))
    with pytest.raises(CorpusError, match="doc_id_a"):
        flag_wire_copies(articles, pd.DataFrame({"a": [1]}))
    with pytest.raises(TypeError, match="threshold"):
        flag_wire_copies(articles, find_near_duplicates(articles.head(3), progress=False), threshold=0.3)


# --- wire_copy_report ----------------------------------------------------------------------------
def test_report_counts_and_shares(corpus, pairs):
    articles, _ = corpus
    flagged = flag_wire_copies(articles, pairs)
    report = wire_copy_report(flagged)
    assert list(report.columns) == list(REPORT_COLUMNS)
    assert report["n_copies"].sum() == flagged["is_wire_copy"].sum()
    outlet = dict(zip(flagged["doc_id"], flagged["outlet"]))
    copies = flagged[flagged["is_wire_copy"]]
    expected = pd.Series([(outlet[o], c) for o, c in zip(copies["dup_of"], copies["outlet"])]).value_counts()
    got = report.set_index(["outlet_original", "outlet_copy"])["n_copies"]
    assert {k: int(v) for k, v in got.items()} == {k: int(v) for k, v in expected.items()}
    totals = flagged["outlet"].value_counts()
    assert np.allclose(report["share"], report["n_copies"] / report["outlet_copy"].map(totals).astype(float))
    keys = list(zip(-report["n_copies"], -report["share"]))
    assert keys == sorted(keys)


def test_report_on_hand_made_table():
    flagged = pd.DataFrame({
        "doc_id": ["o1", "c1", "c2", "o2", "c3", "x"],
        "outlet": ["Wire", "A", "A", "B", "A", "B"],
        "dup_of": [None, "o1", "o1", None, "o2", None],
        "is_wire_copy": [False, True, True, False, True, False]})
    report = wire_copy_report(flagged)  # no direction column: nothing says who was first
    assert report.to_dict("list") == {"outlet_original": ["Wire", "B"], "outlet_copy": ["A", "A"],
                                      "direction": ["undirected", "undirected"],
                                      "n_copies": [2, 1], "share": [2 / 3, 1 / 3]}
    flagged["direction"] = [None, "known", "agency-tie", None, "known", None]
    report = wire_copy_report(flagged)
    assert report.to_dict("list") == {"outlet_original": ["B", "Wire", "Wire"], "outlet_copy": ["A", "A", "A"],
                                      "direction": ["known", "known", "agency-tie"],
                                      "n_copies": [1, 1, 1], "share": [1 / 3, 1 / 3, 1 / 3]}
    flagged["direction"] = [None, "sideways", "known", None, "known", None]
    with pytest.raises(CorpusError, match="direction"):
        wire_copy_report(flagged)


# --- edge cases and errors -------------------------------------------------------------------------
def test_empty_input():
    empty = empty_articles()
    pairs = find_near_duplicates(empty, progress=False)
    assert pairs.empty and list(pairs.columns) == list(PAIR_COLUMNS)
    flagged = flag_wire_copies(empty, progress=False)
    assert flagged.empty and {"dup_group", "dup_of", "is_wire_copy", "direction"} <= set(flagged.columns)
    report = wire_copy_report(flagged)
    assert report.empty and list(report.columns) == list(REPORT_COLUMNS)
    one = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "published": [None], "text": ["alone here"]})
    assert find_near_duplicates(one, progress=False).empty
    assert flag_wire_copies(one, progress=False)["is_wire_copy"].tolist() == [False]


def test_missing_column_error_names_expected_and_found(corpus):
    articles, _ = corpus
    with pytest.raises(CorpusError, match=r"lacks column\(s\) \['text'\].*found: doc_id, outlet"):
        find_near_duplicates(articles.drop(columns="text"))
    with pytest.raises(CorpusError, match="'published'"):
        flag_wire_copies(articles.drop(columns="published"))
    with pytest.raises(CorpusError, match="run flag_wire_copies first"):
        wire_copy_report(articles)
    with pytest.raises(CorpusError, match="unique"):
        find_near_duplicates(pd.concat([articles.head(2), articles.head(1)]))
    with pytest.raises(ValueError, match="threshold"):
        find_near_duplicates(articles, threshold=1.5)
    with pytest.raises(TypeError, match="DataFrame"):
        find_near_duplicates([{"doc_id": "a"}])


# --- the project's demo corpus ---------------------------------------------------------------------
def test_demo_corpus_planted_wire_copies():
    articles_path, truth_path = DEMO / "articles.jsonl", DEMO / "wire_copies.csv"
    if not (articles_path.exists() and truth_path.exists()):
        pytest.skip(f"demo corpus not generated: needs {articles_path.relative_to(REPO)} and "
                    f"{truth_path.relative_to(REPO)} (run `make demo`)")
    articles = pd.read_json(articles_path, lines=True, dtype={"doc_id": str})
    truth = pd.read_csv(truth_path, dtype=str)
    flagged = flag_wire_copies(articles, progress=False)
    assert len(flagged) == len(articles)
    copies = flagged[flagged["is_wire_copy"]]
    precision, recall = _precision_recall(set(copies["doc_id"]), set(truth["doc_id"]))
    assert precision >= 0.95, precision
    assert recall >= 0.95, recall
    found = set(zip(copies["doc_id"], copies["dup_of"]))
    planted = set(zip(truth["doc_id"], truth["original_doc_id"]))
    pair_precision, pair_recall = _precision_recall(found, planted)
    assert pair_precision >= 0.9 and pair_recall >= 0.9, (pair_precision, pair_recall)
