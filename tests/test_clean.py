"""Cleaning: residue removed from scraped pages, content lines never touched."""

from __future__ import annotations

import pytest

from toolkit.corpus import STEPS, clean_text, detect_language

SCRAPED = """Home / world / Veldra and Ostmark agree to reopen the Korvath crossing

Veldra and Ostmark agree to reopen the Korvath crossing

The foreign ministers of Veldra and Ostmark agreed on Friday to reopen the Korvath border crossing.

"This is a first step," said Minister Ilse Varga after the talks.

Share this:
Subscribe to our newsletter
Related: Earlier talks collapse in Brenn

Source link

Leave a Reply"""


def test_scraped_page_shape():
    r = clean_text(SCRAPED, title="Veldra and Ostmark agree to reopen the Korvath crossing")
    assert r.text.splitlines()[0].startswith("The foreign ministers")
    assert r.text.endswith('said Minister Ilse Varga after the talks.')
    assert r.steps[:2] == ["residue", "title_repeat"] and set(r.steps) <= {"residue", "title_repeat", "whitespace"}
    removed = [x for s, x in r.removed if s == "residue"]
    assert removed[0].startswith("Home / world /") and "Source link" in removed and "Leave a Reply" in removed


@pytest.mark.parametrize("line", [
    "related to Jerusalem. We are also encouraged by",
    "subscribe to the view that the right of veto must be limited",
    "share on the basis of equality the burdens of the transition",
    "Posted in the region since 2019, the mission has grown.",
    "Print media in Veldra covered the talks extensively.",
])
def test_content_lines_that_look_like_residue_are_kept(line):
    text = f"The delegates met in Korvath.\n{line}\nThey will meet again."
    assert clean_text(text).text == text


def test_steps_are_reported_in_order():
    text = "<p>Caf\u00c3\u00a9 owners in Korvath \ufeffprotested.</p><p>Share this:</p><p>More   to come.</p>"
    r = clean_text(text)
    assert r.text == "Café owners in Korvath protested.\n\nMore to come."
    assert r.steps == [s for s in STEPS if s in {"html", "mojibake", "residue", "whitespace"}]  # ftfy drops the BOM
    assert clean_text("Caf\u00e9 \ufeffowners").steps == ["unicode"]


def test_clean_is_idempotent():
    once = clean_text(SCRAPED, title="Veldra and Ostmark agree to reopen the Korvath crossing").text
    assert clean_text(once).text == once and clean_text(once).removed == []


def test_language_identification():
    assert detect_language("The foreign ministers agreed on Friday to reopen the border crossing.") == "en"
    assert detect_language("Les ministres des affaires étrangères ont convenu vendredi de rouvrir la frontière.") == "fr"
    assert detect_language("short") == "und"  # undetermined (toolkit.corpus.language)


def test_headline_that_starts_like_a_menu_line_is_kept():
    headline = "Posted in: World News Posted: May 3, 2024 Korvath Envoy Missing? Ministry Denies Rumour"
    assert clean_text(headline).text == headline
    assert clean_text("Body.\nTags: Veldra, Ostmark, diplomacy").text == "Body."
