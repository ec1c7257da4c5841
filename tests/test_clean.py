"""Cleaning: residue removed from scraped pages, content lines never touched."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.corpus import STEPS, clean_articles, clean_text, clean_title, detect_language, validate

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


# --- regressions from issue #13 -----------------------------------------------------------------
def test_text_that_only_repeats_its_title_keeps_its_line():
    assert clean_text("Talks resume.", title="Talks resume.").text == "Talks resume."
    assert clean_text("\n Talks resume. \n\n", title="Talks resume.").removed[-1][0] == "whitespace"
    # with more text after it, the repeated title line still goes
    r = clean_text("Talks resume.\n\nEnvoys met in Korvath.", title="Talks resume.")
    assert r.text == "Envoys met in Korvath." and r.steps == ["title_repeat", "whitespace"]
    t = validate(pd.DataFrame({"doc_id": ["a"], "outlet": ["Veldra Courier"], "title": ["Talks resume."],
                               "text": ["Talks resume."]}), detect_languages=False)
    assert t.counts == {"read": 1, "kept": 1, "quarantined": 0}
    assert t.articles["text"].tolist() == ["Talks resume."]


def test_title_gets_the_same_mojibake_repair_as_text():
    broken = "Obama\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2s"
    assert clean_title(broken) == "Obama\u2019s"
    assert clean_title("Caf\u00c3\u00a9 talks \x97 day two") == "Caf\u00e9 talks \u2014 day two"
    cleaned, report = clean_articles(pd.DataFrame({"doc_id": ["a"], "title": [broken], "text": ["Body."]}),
                                     detect_languages=False)
    assert cleaned["title"].tolist() == ["Obama\u2019s"]
    assert report["step"].tolist() == ["title"]


@pytest.mark.parametrize("zw", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
def test_zero_width_characters_are_removed_not_turned_into_spaces(zw):
    assert clean_text(f"Peace{zw}talks in Kor{zw}vath resumed.").text == "Peacetalks in Korvath resumed."
    assert clean_text(f"Peace{zw}talks").steps == ["unicode"]
    assert clean_title(f"Envoy{zw}s meet") == "Envoys meet"


def test_angle_brackets_without_markup_survive_intact():
    text = "Debt fell to <2% of GDP in Veldra, from >5% a year ago; the <b> tag is not HTML here."
    assert clean_text(text).text == text and clean_text(text).removed == []


def test_html_is_parsed_and_angle_brackets_in_markup_survive():
    text = ("<div><p>Debt fell to <2% of GDP, from >5% in 2020 &amp; more.</p>"
            "<script>if (a<b) {x()}</script><p>Envoys met.</p></div>")
    r = clean_text(text)
    assert r.text == "Debt fell to <2% of GDP, from >5% in 2020 & more.\n\nEnvoys met."
    assert r.steps[0] == "html"


@pytest.mark.parametrize(("raw", "expected"), [
    ("Talks \x97 resumed in Korvath.", "Talks \u2014 resumed in Korvath."),            # cp1252 em dash
    ("These reforms worked \x80\x94to reduce delays.", "These reforms worked \u2014to reduce delays."),
    ("Nothing \x80\u2014 not even the envoy.", "Nothing \u2014 not even the envoy."),   # stray lead remnant
    ("a laureate,\x80\x94 also resigned", "a laureate,\u2014 also resigned"),
    ("it\u00e2\u20ac\u2122s over \u00e2\x80\x94 now", "it\u2019s over \u2014 now"),       # whole sequence present
    ("It cost \x80100 million.", "It cost \u20ac100 million."),                         # a real euro sign
])
def test_stray_c1_dash_never_becomes_euro_quote(raw, expected):
    got = clean_text(raw).text
    assert got == expected
    assert "\u20ac\u201d" not in got and "\u20ac\u2014" not in got


@pytest.mark.parametrize("line", [
    "Advertisement:", "ADVERTISEMENT", "Advertisement Continue reading the main story", "Story Continued Below",
    "Sign up for Daily Newsletters", "Sign up for Daily Newsletters Manage Newsletters",
    "CLICK HERE TO GET THE FOX NEWS APP", "Click here to get the Veldra Courier app.",
    "ADVERTISEMENT Thanks for watching! Visit Website",
])
def test_named_site_furniture_is_residue(line):
    r = clean_text(f"Envoys met in Korvath.\n\n{line}\n\nThe talks resume on Monday.")
    assert r.text == "Envoys met in Korvath.\n\nThe talks resume on Monday."
    assert ("residue", line) in r.removed


def test_gallery_caption_runs_are_removed_whatever_their_length():
    gallery = " ".join(f"Photos: Talks in Korvath Envoys arrive at the hall on day {i}. Hide Caption {i} of 40"
                       for i in range(1, 41))
    assert len(gallery) > 2000
    r = clean_text(f"Envoys met in Korvath.\n\n{gallery}\n\nNPR caption 1 of 9 i View slideshow\n\nEnd.")
    assert r.text == "Envoys met in Korvath.\n\nEnd."
    # a body sentence that merely mentions captions stays
    keep = "The ministry asked outlets to hide captions that named the envoys."
    assert clean_text(keep).text == keep
