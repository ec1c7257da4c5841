"""Language identification: short English headlines, ``und`` when unsure, accuracy on a labelled sample.

The labelled sample ``tests/data/language_sample.csv`` holds (dataset, doc_id, label, rule) only, no
text. Labels come from rules that do not use the detector:

* ``english-only source``: the dataset is published in English (Kremlin / Ukrainian presidency
  English editions, UN General Debate English texts, SemEval-2025 ``data/EN``, NewsMTSC, GVFC's
  English headlines);
* ``source folder data/RU`` / ``source file german_gunviolence_headlines_openframing.csv``: the
  dataset's own language split (SemEval-2025 Russian documents, openFraming German gun-violence
  headlines, ``doc_id`` ``gvfc:de:<0-based data row>``);
* ``script`` (RUWA): no Cyrillic letter → ``en``; at least as many Cyrillic as Latin letters and a
  letter only Ukrainian uses (і ї є ґ) → ``uk`` (only Russian: ы э ъ ё → ``ru``); mixed rows
  (Censor.net's Ukrainian tag before an English headline) are left out;
* ``function-words`` (FNC-1 bodies): ≥ 5 French function words and more than twice the English
  ones → ``fr``; ≥ 5 English and more than three times the French → ``en``; others left out.

Rows were drawn at random (numpy seed 0, up to 300 per dataset and label).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from toolkit.corpus.language import NEWS_LANGUAGES, UNDETERMINED, detect_language, detect_languages

SAMPLE = Path(__file__).parent / "data" / "language_sample.csv"

#: Short synthetic English headlines (fictional places): the kind py3langid's full model calls
#: Nigerian Pidgin, Danish or Catalan.
HEADLINES = [
    "Talks resume in Veldra", "Korvath recalls ambassador", "Biden signs bill", "Queen dies at 96",
    "Oil prices jump as OPEC cuts output", "Ministers meet in Seravelle", "Border crossing reopens after talks",
    "Arvenia expels seven diplomats", "Prime minister resigns", "Storm hits coast, thousands without power",
    "Court blocks new tariffs", "Ceasefire holds for a third day", "Envoy heads to Estrane for crisis talks",
    "Vote delayed again", "Sanctions lifted on grain exports", "Rebels seize airport", "Summit ends without deal",
    "President pardons journalist", "Peace deal signed in Korvath", "Stocks fall on rate fears",
    "Drone strike kills four", "Talks collapse over water rights", "Election results contested",
    "Leaders pledge aid to flood victims", "Protesters gather outside parliament",
]


def test_short_english_headlines_are_english_or_undetermined_never_pidgin():
    got = detect_languages(HEADLINES)
    assert "pcm" not in got
    assert set(got) <= {"en", UNDETERMINED}, [(h, g) for h, g in zip(HEADLINES, got) if g not in ("en", "und")]
    assert got.count("en") >= 8  # not everything is waved through as undetermined


def test_title_and_text_are_read_together():
    title = "Veldra and Korvath agree to reopen the border crossing"
    assert detect_language("Talks resume.", title=title) == "en"
    assert detect_language("Talks resume.") == UNDETERMINED  # too short alone
    # a text that starts with its headline is not counted twice
    assert detect_language(title + "\n\nMore follows.", title=title) == "en"


def test_other_languages_and_unsure_cases():
    assert detect_language("Les ministres des affaires étrangères ont convenu vendredi de rouvrir la frontière.") == "fr"
    assert detect_language("Die Außenminister haben sich am Freitag darauf geeinigt, die Grenze wieder zu öffnen.") == "de"
    assert detect_language("Міністри закордонних справ домовилися в п'ятницю знову відкрити кордон.") == "uk"
    assert detect_language("") == UNDETERMINED and detect_language(None) == UNDETERMINED
    assert detect_language("12345 67890 !!! ???") == UNDETERMINED
    assert detect_language("Biden signs bill", min_chars=0, min_prob=0.0, languages=None) != UNDETERMINED  # guards matter
    with pytest.raises(ValueError, match="does not know"):
        detect_language("Talks resume in Veldra after a long pause.", languages=["en", "xx"])
    with pytest.raises(ValueError, match="one title per text"):
        detect_languages(["a", "b"], ["a"])


def test_language_set_is_sensible():
    assert "en" in NEWS_LANGUAGES and "pcm" not in NEWS_LANGUAGES and len(set(NEWS_LANGUAGES)) == len(NEWS_LANGUAGES)


def test_sample_file_holds_no_text():
    sample = pd.read_csv(SAMPLE, dtype=str)
    assert list(sample.columns) == ["dataset", "doc_id", "label", "rule"]
    assert sample["doc_id"].is_unique and sample["label"].str.fullmatch(r"[a-z]{2}").all()
    assert {"en", "de", "ru", "uk", "fr"} <= set(sample["label"])


def _sample_texts(sample: pd.DataFrame, data_dir: Path) -> pd.DataFrame:
    """Title and text of every sample row, read through load_dataset (or the dataset's files)."""
    from toolkit.datasets import load_dataset, resolve

    parts = []
    for name, rows in sample.groupby("dataset"):
        arts = load_dataset(name, data_dir=data_dir, download_missing=False).articles[["doc_id", "title", "text"]]
        parts.append(rows.merge(arts, on="doc_id", how="inner"))
        rest = rows[~rows["doc_id"].isin(arts["doc_id"])]
        if name == "semeval2025_task10_narratives" and len(rest):
            root = resolve(name, data_dir=data_dir, download_missing=False)
            texts = {f"semeval2025:{p.stem}": p.read_text(encoding="utf-8")
                     for p in (root / "data" / "RU" / "raw-documents").glob("*.txt")}
            parts.append(rest.assign(text=rest["doc_id"].map(texts),
                                     title=rest["doc_id"].map(lambda d: texts[d].strip().splitlines()[0])))
        elif name == "gvfc" and len(rest):
            de = pd.read_csv(resolve(name, data_dir=data_dir, download_missing=False) / "german_gunviolence_headlines_openframing.csv", dtype=str,
                             keep_default_na=False)
            rows_de = rest["doc_id"].str.removeprefix("gvfc:de:").astype(int)
            parts.append(rest.assign(text=de["title"].to_numpy()[rows_de], title=""))
    return pd.concat(parts, ignore_index=True)


@pytest.mark.realdata
def test_accuracy_on_the_labelled_multilingual_sample(realdata_dir):
    sample = pd.read_csv(SAMPLE, dtype=str)
    texts = _sample_texts(sample, realdata_dir)
    assert len(texts) == len(sample), "every sample row must be found in its dataset"
    pred = pd.Series(detect_languages(texts["text"], texts["title"]), index=texts.index)
    correct = pred == texts["label"]
    wrong = (pred != texts["label"]) & (pred != UNDETERMINED)
    by_label = correct.groupby(texts["label"]).mean()
    print(f"\nlanguage sample: n={len(texts)} accuracy={correct.mean():.3f} "
          f"undetermined={(pred == UNDETERMINED).mean():.3f} wrong={wrong.mean():.4f}\n{by_label.round(3)}")
    assert correct.mean() >= 0.97
    assert wrong.mean() <= 0.005  # a wrong language is worse than "und"
    assert by_label.min() >= 0.85
