"""Data-driven boilerplate (toolkit.corpus.boilerplate) on generated fictional outlets."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from toolkit.corpus import clean_articles, validate
from toolkit.corpus.boilerplate import (
    MAX_LINE_CHARS,
    MIN_ARTICLES,
    MIN_TEXT_LINES,
    find_boilerplate,
    line_key,
    remove_boilerplate,
)

WORDS = ("envoy minister talks border treaty grain corridor ceasefire delegation summit statement "
         "Veldra Ostmark Korvath Brenn officials agreed rejected proposed monday tuesday river "
         "pipeline tariffs council vote observers mission").split()
PLUG = "Get the Veldra Courier app"
CAPTION = "Gallery: slide 3 of 12"
QUOTE = "\u201cWe will not sign a treaty that leaves the river crossing closed,\u201d the envoy said."
RARE = "Read the full statement here"


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(14, 24))]
    return " ".join(words).capitalize() + "."


def _story(rng: random.Random) -> list[str]:
    return [_sentence(rng) + " " + _sentence(rng) for _ in range(rng.randint(4, 7))]


def make_corpus(seed: int = 3) -> tuple[pd.DataFrame, dict[str, set[str]]]:
    """Two fictional outlets; returns (articles, planted boilerplate keys per outlet)."""
    rng = random.Random(seed)
    rows = []

    def add(outlet: str, lines: list[str]) -> None:
        rows.append({"doc_id": f"d{len(rows):03d}", "outlet": outlet, "title": "", "text": "\n\n".join(lines)})

    for i in range(60):  # Veldra Courier: a plug line in every article, a gallery caption in a third
        lines = _story(rng)
        lines.insert(rng.randint(1, len(lines)), PLUG)
        if i % 3 == 0:  # 20 articles
            lines.insert(1, CAPTION.replace("3", str(i % 9 + 1)))
        if i < 3:
            lines.append(RARE)  # in only 3 articles: kept
        add("Veldra Courier", lines)
    story = _story(rng) + [QUOTE]
    for _ in range(8):  # one wire story re-published 8 times by Ostmark Herald (near-identical texts)
        add("Ostmark Herald", story + [f"Filed at {rng.randint(1, 12)} pm"])
    for _ in range(40):
        add("Ostmark Herald", _story(rng))
    for _ in range(12):  # the same short sentence-like quote in 12 distinct stories (below the strict bar)
        add("Ostmark Herald", _story(rng) + [QUOTE])
    articles = pd.DataFrame(rows)
    return articles, {"Veldra Courier": {PLUG, line_key(CAPTION)}, "Ostmark Herald": set()}


@pytest.fixture(scope="module")
def corpus():
    return make_corpus()


def test_finds_each_outlets_repeated_short_lines(corpus):
    articles, planted = corpus
    found = find_boilerplate(articles["text"].tolist(), articles["outlet"].tolist())
    got = {o: set(found.loc[found["outlet"] == o, "line"]) for o in planted}
    assert got == planted, found
    row = found.set_index("line").loc[PLUG]
    assert row["n_articles"] == 60 and row["n_stories"] == 60 and row["share"] == 1.0


def test_line_key_normalises_digits_and_spaces():
    assert line_key("  Hide Caption 3 of 43 ") == line_key("Hide  Caption 17 of 9") == "Hide Caption 0 of 0"
    assert line_key("Advertisement") != line_key("ADVERTISEMENT")  # verbatim: case matters


def test_wire_copies_of_one_story_do_not_make_their_lines_boilerplate(corpus):
    # "Filed at N pm" and the quote recur in 8 near-identical copies = 1 story; the quote in 12+1 stories
    # is sentence-like and stays below the stricter thresholds
    articles, _ = corpus
    found = find_boilerplate(articles["text"].tolist(), articles["outlet"].tolist())
    assert QUOTE not in set(found["line"]) and "Filed at 0 pm" not in set(found["line"])
    herald = articles[articles["outlet"] == "Ostmark Herald"]
    assert herald["text"].str.contains("Filed at").sum() == 8 >= MIN_ARTICLES


def test_clean_articles_removes_and_reports_each_line(corpus):
    articles, _ = corpus
    cleaned, report = clean_articles(articles, detect_languages=False)
    bp = report[report["step"] == "boilerplate"]
    courier = cleaned[cleaned["outlet"] == "Veldra Courier"]
    assert not courier["text"].str.contains(PLUG, regex=False).any()
    assert not courier["text"].str.contains("Gallery: slide").any()
    assert courier["text"].str.contains(RARE).sum() == 3
    assert len(bp) == 60 + 20 and set(bp["removed"]) == {PLUG} | {f"Gallery: slide {i % 9 + 1} of 12" for i in range(0, 60, 3)}
    herald_before = articles.loc[articles["outlet"] == "Ostmark Herald", "text"].tolist()
    herald_after = cleaned.loc[cleaned["outlet"] == "Ostmark Herald", "text"].tolist()
    assert herald_before == herald_after
    # every removed line was in the original text; texts lose exactly the reported lines
    for doc_id, group in bp.groupby("doc_id"):
        before = articles.set_index("doc_id").at[doc_id, "text"].split("\n\n")
        after = cleaned.set_index("doc_id").at[doc_id, "text"].split("\n\n")
        assert [ln for ln in before if ln not in set(group["removed"])] == after


def test_report_rows_follow_table_and_pipeline_order(corpus):
    articles, _ = corpus
    _, report = clean_articles(articles, detect_languages=False)
    pos = {d: i for i, d in enumerate(articles["doc_id"])}
    keys = [pos[d] for d in report["doc_id"]]
    assert keys == sorted(keys)


def test_deterministic_and_off_switch(corpus):
    articles, _ = corpus
    a = clean_articles(articles, detect_languages=False)
    b = clean_articles(articles, detect_languages=False)
    pd.testing.assert_frame_equal(a[0], b[0])
    pd.testing.assert_frame_equal(a[1], b[1])
    off, report = clean_articles(articles, detect_languages=False, boilerplate=False)
    assert "boilerplate" not in set(report["step"])
    assert off["text"].str.contains(PLUG, regex=False).sum() == 60


def test_never_empties_a_document_and_skips_long_lines_and_short_texts():
    rng = random.Random(5)
    menu = ["Home", "World", "Menu line", "Contact"]
    long_lines = [f"{_sentence(rng)} {_sentence(rng)} {_sentence(rng)}" for _ in range(10)]
    assert all(len(ln) > MAX_LINE_CHARS for ln in long_lines)
    texts = ["\n".join(menu)] * 10 + [f"{_sentence(rng)}\n\n" + "\n".join(menu) + f"\n\n{ln}" for ln in long_lines]
    texts += ["Menu line\n\nHome\n\nA short record."]  # under MIN_TEXT_LINES: left alone
    assert len(texts[-1].split("\n\n")) < MIN_TEXT_LINES
    out, report = remove_boilerplate(texts, ["Brenn Daily"] * 21, range(21))
    assert out[:10] == texts[:10]  # all-boilerplate texts are left whole
    assert all(o.count("\n") == 2 and ln in o for o, ln in zip(out[10:20], long_lines))
    assert out[20] == texts[20]
    assert {r["doc_id"] for r in report} == set(range(10, 20)) and len(report) == 40


def test_a_line_that_is_the_documents_own_title_stays():
    # a headline corpus: every text starts with its headline, and one show's headlines differ by date only
    rng = random.Random(11)
    titles = [f"Transcript: The Korvath Hour, {i % 12 + 1}/{i % 28 + 1}/22" for i in range(30)]
    texts = [f"{t}\n\n{_sentence(rng)}\n\n{_sentence(rng)}\n\nWatch the Korvath Hour weeknights" for t in titles]
    out, report = remove_boilerplate(texts, ["Brenn TV"] * 30, range(30), titles=titles)
    assert all(o.startswith(t) and "Watch the" not in o for o, t in zip(out, titles))
    assert {r["removed"] for r in report} == {"Watch the Korvath Hour weeknights"}
    out, _ = remove_boilerplate(texts, ["Brenn TV"] * 30, range(30))  # without titles the header goes too
    assert not any(o.startswith("Transcript") for o in out)


def test_outlets_are_separate_and_small_outlets_untouched():
    rng = random.Random(8)
    texts = [f"{_sentence(rng)}\n\n{_sentence(rng)}\n\n{_sentence(rng)}\n\nFollow us"
             for i in range(2 * (MIN_ARTICLES - 1))]
    outlets = ["Outlet A"] * (MIN_ARTICLES - 1) + ["Outlet B"] * (MIN_ARTICLES - 1)
    assert find_boilerplate(texts, outlets).empty  # 8 articles in all, but < 5 per outlet
    assert find_boilerplate(texts, ["Outlet A"] * len(texts))["line"].tolist() == ["Follow us"]
    with pytest.raises(ValueError, match="one outlet per text"):
        find_boilerplate(texts, outlets[:-1])


def test_validate_runs_the_step_and_keeps_counts(corpus):
    articles, _ = corpus
    t = validate(articles, detect_languages=False)
    assert t.counts == {"read": len(articles), "kept": len(articles), "quarantined": 0}
    assert (t.cleaning["step"] == "boilerplate").sum() == 80
