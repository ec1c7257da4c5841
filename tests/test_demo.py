"""Tests for the synthetic demo corpus (toolkit.datasets.demo) and its committed files."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re

import pandas as pd
import pytest

from toolkit.corpus.outlets import normalise_lean
from toolkit.corpus.schema import LEAN_SCALE
from toolkit.datasets.demo import DEMO_DIR, TABLE_FILES, generate_demo, load_demo

FRAMES = ("Economic", "Security_and_defense", "Morality", "Legality", "Political", "Human_interest",
          "Public_opinion")

# Written out here (not imported) so the test checks the text against an independent list.
FRAME_KEYWORDS = {
    "Economic": ("tariffs?", "investors", "markets", "exports", "exporters", "economists", "currency",
                 "prices", "economic growth"),
    "Security_and_defense": ("troops", "missiles?", "military", "deterrence", "soldiers", "armed forces",
                             "defence", "border"),
    "Morality": ("moral", "morally", "conscience", "shame", "duty", "values", "dignity", "decency",
                 "principles"),
    "Legality": ("international law", "court", "legal", "tribunal", "jurisdiction", "lawyers", "convention",
                 "lawful"),
    "Political": ("opposition", "coalition", "elections?", "lawmakers", "ruling party", "political", "campaign"),
    "Human_interest": ("family", "families", "daughter", "sons?", "children", "relatives", "father", "mother",
                       "brother", "grandchildren", "husband"),
    "Public_opinion": ("poll", "survey", "respondents", "protesters", "demonstrators", "public opinion",
                       "voters", "petition", "approval ratings"),
}

REAL_NAMES = ("Russia", "Ukraine", "China", "United States", "France", "Germany", "Iran", "Israel", "NATO",
              "United Nations", "European Union", "America", "Britain", "India", "Japan", "Syria", "Turkey",
              "Moscow", "Kyiv", "Beijing", "Washington", "Paris", "Berlin", "London", "Brussels", "Tehran")

RESIDUE_LINES = {"Source link", "Leave a Reply", "Share this:", "Subscribe to our newsletter", "Advertisement"}
REASON_KEYS = {"missing_doc_id", "missing_outlet", "empty_text", "bad_date", "only_boilerplate",
               "duplicate_doc_id", "invalid_json", "not_an_object", "undecodable", "kept_html", "kept_mojibake"}


def shingles(text: str, k: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


@pytest.fixture(scope="module")
def demo():
    return load_demo()


@pytest.fixture(scope="module")
def articles(demo) -> pd.DataFrame:
    return demo.articles


@pytest.fixture(scope="module")
def originals(demo) -> pd.DataFrame:
    copies = set(demo.tables["wire_copies"]["doc_id"])
    return demo.articles[~demo.articles["doc_id"].isin(copies)]


# ------------------------------------------------------------------------------------------------
# Determinism and file layout
# ------------------------------------------------------------------------------------------------


def test_regeneration_is_byte_identical(tmp_path):
    files = generate_demo(tmp_path)
    assert len(files) >= 16
    for key, path in files.items():
        committed = DEMO_DIR / path.name
        assert committed.exists(), f"{path.name} is not committed; run `python -m toolkit.datasets.demo`"
        assert path.read_bytes() == committed.read_bytes(), (
            f"{path.name} differs from the committed file; regenerate with `python -m toolkit.datasets.demo`"
        )


def test_other_seed_gives_other_corpus(tmp_path):
    files = generate_demo(tmp_path, seed=7)
    assert files["articles"].read_bytes() != (DEMO_DIR / "articles.jsonl").read_bytes()


def test_articles_jsonl_layout():
    lines = (DEMO_DIR / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert all(list(r) == ["doc_id", "outlet", "published", "title", "text", "url", "event_id", "lean",
                           "language"] for r in records)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r["published"]) for r in records)
    ids = [r["doc_id"] for r in records]
    assert ids == sorted(ids)
    assert all(re.fullmatch(r"demo-\d{4}", i) for i in ids)


def test_loader_dtypes_and_tables(demo, articles):
    assert list(articles.columns) == ["doc_id", "outlet", "published", "title", "text", "url", "event_id",
                                      "lean", "language"]
    for col in ("doc_id", "outlet", "title", "text", "url", "event_id", "lean", "language"):
        assert articles[col].dtype == "string", col
    assert str(articles["published"].dtype) == "datetime64[ns, UTC]"
    assert set(demo.tables) == set(TABLE_FILES)
    assert demo.tables["frame_propensities"]["probability"].dtype == "float64"
    assert (articles["language"] == "en").all()
    assert articles["url"].isna().any() and articles["url"].notna().sum() > len(articles) // 2


# ------------------------------------------------------------------------------------------------
# Counts and coverage
# ------------------------------------------------------------------------------------------------


def test_counts(demo, articles):
    outlets, events = demo.tables["outlets"], demo.tables["events"]
    assert len(articles) >= 150
    assert articles["doc_id"].is_unique
    assert len(outlets) >= 8 and outlets["lean"].str.len().gt(0).all()
    assert set(articles["outlet"]) == set(outlets["outlet"])
    assert {"left", "center-left", "center", "center-right", "right", "state"} <= set(outlets["lean"])
    assert (outlets["kind"] == "wire").sum() == 1
    assert len(events) >= 12 and events["event_id"].is_unique
    assert articles["event_id"].notna().all() and set(articles["event_id"]) == set(events["event_id"])
    words = articles["text"].str.split().str.len()
    assert words.between(120, 500).all(), words.describe()
    # articles carry the outlet's lean on the one lean scale (center-left -> lean-left; "state" is no lean)
    lean = {o: normalise_lean(v)[0] for o, v in zip(outlets["outlet"], outlets["lean"])}
    expected = articles["outlet"].map(lean)
    assert (articles["lean"].fillna("") == expected.fillna("")).all()
    assert set(articles["lean"].dropna()) <= set(LEAN_SCALE)


def test_published_on_or_after_event_day(demo, articles):
    dates = dict(zip(demo.tables["events"]["event_id"], demo.tables["events"]["date"]))
    delay = articles["published"] - articles["event_id"].map(dates)
    assert (delay >= pd.Timedelta(0)).all() and (delay <= pd.Timedelta(days=5)).all()


def test_coverage_has_gaps(demo, articles):
    n_events = len(demo.tables["events"])
    covered = articles.groupby("outlet")["event_id"].nunique()
    assert (covered < n_events).all(), "every outlet should miss at least one event"
    assert (covered >= 0.6 * n_events).all(), "every outlet should cover most events"


# ------------------------------------------------------------------------------------------------
# Wire copies
# ------------------------------------------------------------------------------------------------


def test_wire_copies(demo, articles):
    wc = demo.tables["wire_copies"]
    by_id = articles.set_index("doc_id")
    wire = demo.tables["outlets"].query("kind == 'wire'")["outlet"].iloc[0]
    assert len(wc) >= 0.05 * len(articles)
    for copy_id, orig_id in zip(wc["doc_id"], wc["original_doc_id"]):
        c, o = by_id.loc[copy_id], by_id.loc[orig_id]
        assert o["outlet"] == wire and c["outlet"] != wire
        assert c["event_id"] == o["event_id"]
        assert c["title"] != o["title"] and c["text"] != o["text"]
        assert "(Reporting by" in c["text"]
        assert jaccard(shingles(c["text"]), shingles(o["text"])) >= 0.6


def test_different_articles_on_same_event_are_not_near_duplicates(demo, articles):
    root = dict(zip(articles["doc_id"], articles["doc_id"]))
    root.update(zip(demo.tables["wire_copies"]["doc_id"], demo.tables["wire_copies"]["original_doc_id"]))
    sh = {d: shingles(t) for d, t in zip(articles["doc_id"], articles["text"])}
    scores = []
    for _, group in articles.groupby("event_id"):
        for a, b in itertools.combinations(group["doc_id"], 2):
            if root[a] != root[b]:
                scores.append(jaccard(sh[a], sh[b]))
    assert len(scores) > 500
    assert max(scores) < 0.3
    assert sum(scores) / len(scores) < 0.15


# ------------------------------------------------------------------------------------------------
# Frames
# ------------------------------------------------------------------------------------------------


def test_frame_tables_consistent(demo, articles):
    frames, primary = demo.tables["frames"], demo.tables["primary_frames"]
    assert set(frames["scheme"]) == {"demo_policy"}
    assert set(frames["frame"]) == set(FRAMES)
    assert set(frames["doc_id"]) == set(articles["doc_id"])  # every article has at least one frame
    assert primary["doc_id"].is_unique and set(primary["doc_id"]) == set(articles["doc_id"])
    pairs = set(zip(frames["doc_id"], frames["frame"]))
    assert all((d, f) in pairs for d, f in zip(primary["doc_id"], primary["frame"]))


def test_outlets_differ_in_frame_propensity(demo):
    prop = demo.tables["frame_propensities"].pivot(index="outlet", columns="frame", values="probability")
    assert set(prop.columns) == set(FRAMES) and len(prop) == len(demo.tables["outlets"])
    differs = {
        (a, b) for a, b in itertools.combinations(prop.index, 2)
        if ((prop.loc[a] - prop.loc[b]).abs() >= 0.4).sum() >= 3
    }
    # three outlets that pairwise differ by >= 0.4 on at least three frames
    assert any({(a, b), (a, c), (b, c)} <= differs for a, b, c in itertools.combinations(prop.index, 3))


def test_empirical_frame_rates_follow_propensities(demo, originals):
    prop = demo.tables["frame_propensities"].pivot(index="outlet", columns="frame", values="probability")
    frames = demo.tables["frames"]
    frames = frames[frames["doc_id"].isin(originals["doc_id"])].merge(originals[["doc_id", "outlet"]])
    n_docs = originals.groupby("outlet").size()
    emp = frames.groupby(["outlet", "frame"]).size().unstack(fill_value=0).div(n_docs, axis=0)
    diff = (emp.reindex_like(prop).fillna(0) - prop).abs()
    assert diff.to_numpy().max() <= 0.3, diff.round(2)
    assert diff.to_numpy().mean() <= 0.1


def test_frames_are_recoverable_from_text(demo, articles):
    frames = demo.tables["frames"]
    for frame, words in FRAME_KEYWORDS.items():
        pattern = re.compile(r"\b(?:" + "|".join(words) + r")\b", re.I)
        hit = articles["text"].map(lambda t: bool(pattern.search(t)))
        labelled = articles["doc_id"].isin(frames.loc[frames["frame"] == frame, "doc_id"])
        assert labelled.sum() >= 20, frame
        rate_with, rate_without = hit[labelled].mean(), hit[~labelled].mean()
        assert rate_with >= 0.9 and rate_without <= 0.1, (frame, rate_with, rate_without)


# ------------------------------------------------------------------------------------------------
# Stance
# ------------------------------------------------------------------------------------------------

POSITIVE_CUES = re.compile(r"praised|steady leadership|hailed|statesmanlike|credited|composure", re.I)
NEGATIVE_CUES = re.compile(r"reckless|condemned|erratic|accused|isolated|belligerent", re.I)


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?”])\s+", text)


def test_stance_labels(demo, articles):
    stance = demo.tables["actor_stance"]
    targets = sorted(set(stance["target"]))
    assert len(targets) >= 2
    assert set(stance["label"]) == {"negative", "neutral", "positive"}
    assert not stance.duplicated(["doc_id", "target"]).any()
    text = dict(zip(articles["doc_id"], articles["text"]))
    labelled = set(zip(stance["doc_id"], stance["target"]))
    for target in targets:
        surname = target.split()[-1]
        mentioned = {d for d, t in text.items() if surname in t}
        assert mentioned == {d for d, t in labelled if t == target}, target
    for doc_id, target, label in zip(stance["doc_id"], stance["target"], stance["label"]):
        about = [s for s in _sentences(text[doc_id]) if target in s]
        assert about, (doc_id, target)
        pos = any(POSITIVE_CUES.search(s) for s in about)
        neg = any(NEGATIVE_CUES.search(s) for s in about)
        assert (pos, neg) == {"positive": (True, False), "negative": (False, True),
                              "neutral": (False, False)}[label], (doc_id, target, label)


def test_stance_follows_outlet_propensities(demo, originals):
    prop = demo.tables["stance_propensities"]
    stance = demo.tables["actor_stance"].merge(originals[["doc_id", "outlet"]])
    assert len(prop) == len(demo.tables["outlets"]) * stance["target"].nunique()
    assert ((prop[["negative", "neutral", "positive"]].sum(axis=1) - 1).abs() < 1e-9).all()
    emp = stance.groupby(["outlet", "target"])["label"].value_counts(normalize=True).unstack(fill_value=0)
    declared = prop.set_index(["outlet", "target"])[["negative", "neutral", "positive"]]
    diff = (emp.reindex(declared.index).fillna(0) - declared).abs()
    assert diff.to_numpy().mean() <= 0.12
    # planted contrast: the state broadcaster and the right-wing paper disagree on the president
    vantos = emp.xs("Aurel Vantos", level="target")
    assert vantos.loc["Arvenian State Broadcasting", "positive"] >= 0.6
    assert vantos.loc["The Patriot Standard", "negative"] >= 0.6


# ------------------------------------------------------------------------------------------------
# Fictional world only
# ------------------------------------------------------------------------------------------------


def test_no_real_world_names(demo):
    raw = load_demo(raw=True).articles
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, REAL_NAMES)) + r")\b")
    blobs = list(demo.articles["text"]) + list(demo.articles["title"]) + list(raw["text"])
    for table in demo.tables.values():
        blobs.extend(table.astype(str).to_numpy().ravel().tolist())
    for name in ("bad_rows.csv", "README.md"):
        blobs.append((DEMO_DIR / name).read_text(encoding="utf-8"))
    found = {m.group(0) for b in blobs for m in pattern.finditer(b)}
    assert not found, found


# ------------------------------------------------------------------------------------------------
# Raw variant
# ------------------------------------------------------------------------------------------------


def test_raw_variant(demo, articles):
    raw = load_demo(raw=True).articles
    assert list(raw["doc_id"]) == list(articles["doc_id"])
    assert (raw["title"] == articles["title"]).all()
    residue = demo.tables["raw_residue"]
    kinds = residue.groupby("kind")["doc_id"].apply(set)
    assert kinds["breadcrumb"] == set(articles["doc_id"])
    assert len(kinds["mojibake"]) >= 5 and len(kinds["html"]) >= 3
    clean = dict(zip(articles["doc_id"], articles["text"]))
    for doc_id, title, text in zip(raw["doc_id"], raw["title"], raw["text"]):
        assert text != clean[doc_id]
        assert re.search(r"Home / \w+ / ", text)
        assert ("Source link" in text) == (doc_id in kinds["source_link"])
        assert ("â€" in text) == (doc_id in kinds["mojibake"])
        assert text.startswith("<article>\n<p>") == (doc_id in kinds["html"])
        if doc_id in kinds["html"] or doc_id in kinds["mojibake"]:
            continue
        # removing exactly the planted residue gives back the clean text
        lines = text.split("\n")
        assert lines[0] == f"Home / {lines[0].split(' / ')[1]} / {title}" and lines[1] == title
        body = [ln for ln in lines[2:] if ln not in RESIDUE_LINES and not ln.startswith("Related: ")]
        assert re.sub(r"\n{3,}", "\n\n", "\n".join(body)).strip() == clean[doc_id]


# ------------------------------------------------------------------------------------------------
# Bad rows
# ------------------------------------------------------------------------------------------------


def _expected() -> pd.DataFrame:
    exp = pd.read_csv(DEMO_DIR / "bad_rows_expected.csv")
    assert list(exp.columns) == ["file", "line", "expected_reason_key"]
    assert set(exp["expected_reason_key"]) <= REASON_KEYS
    return exp


def test_bad_rows_csv():
    exp = _expected().query("file == 'bad_rows.csv'")
    text = (DEMO_DIR / "bad_rows.csv").read_bytes().decode("utf-8")  # valid UTF-8
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    assert header == ["doc_id", "outlet", "published", "title", "text", "url", "event_id", "lean", "language"]
    rows, start = {}, 2
    for rec in reader:
        assert len(rec) == len(header)
        rows[start] = dict(zip(header, rec))
        start = reader.line_num + 1
    assert len(rows) >= 30
    rejected = exp[~exp["expected_reason_key"].str.startswith("kept_")]
    assert len(rejected) >= 12
    assert {"missing_doc_id", "missing_outlet", "empty_text", "bad_date", "only_boilerplate",
            "duplicate_doc_id", "kept_html", "kept_mojibake"} <= set(exp["expected_reason_key"])
    seen: set[str] = set()
    reasons = dict(zip(exp["line"], exp["expected_reason_key"]))
    for line, row in rows.items():
        _check_row(row, reasons.get(line), seen)
    assert set(reasons) <= set(rows)


def _check_row(row: dict, reason: str | None, seen: set[str]) -> None:
    doc_id = (row.get("doc_id") or "").strip()
    text = row.get("text") or ""
    if reason == "missing_doc_id":
        assert not doc_id
        return
    if reason == "missing_outlet":
        assert not (row.get("outlet") or "").strip()
    elif reason == "empty_text":
        assert not text.strip()
    elif reason == "bad_date":
        assert pd.isna(pd.to_datetime(row["published"], utc=True, errors="coerce", format="mixed"))
    elif reason == "only_boilerplate":
        assert text.strip() and all(ln.strip() in RESIDUE_LINES | {"Share this:"} for ln in text.split("\n"))
    elif reason == "duplicate_doc_id":
        assert doc_id in seen
    elif reason == "kept_html":
        assert text.startswith("<p>") and text.count("</p>") >= 2
    elif reason == "kept_mojibake":
        assert "â€" in text
    else:
        assert reason is None
        assert doc_id and row["outlet"].strip() and text.strip() and doc_id not in seen
        assert pd.notna(pd.to_datetime(row["published"], utc=True))
    if reason in (None, "kept_html", "kept_mojibake"):
        seen.add(doc_id)


def test_bad_rows_jsonl():
    exp = _expected().query("file == 'bad_rows.jsonl'")
    raw_lines = (DEMO_DIR / "bad_rows.jsonl").read_bytes().split(b"\n")
    assert raw_lines[-1] == b""
    raw_lines = raw_lines[:-1]
    reasons = dict(zip(exp["line"], exp["expected_reason_key"]))
    rejected = exp[~exp["expected_reason_key"].str.startswith("kept_")]
    assert len(rejected) >= 12
    assert {"invalid_json", "not_an_object", "undecodable", "missing_doc_id", "missing_outlet", "empty_text",
            "bad_date", "only_boilerplate", "duplicate_doc_id", "kept_html", "kept_mojibake"} <= set(reasons.values())
    seen: set[str] = set()
    n_good = 0
    for n, raw in enumerate(raw_lines, 1):
        reason = reasons.get(n)
        if reason == "undecodable":
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")
            continue
        line = raw.decode("utf-8")
        if reason == "invalid_json":
            with pytest.raises(json.JSONDecodeError):
                json.loads(line)
            continue
        obj = json.loads(line)
        if reason == "not_an_object":
            assert not isinstance(obj, dict)
            continue
        assert isinstance(obj, dict)
        n_good += reason is None
        _check_row(obj, reason, seen)
    assert n_good >= 5
