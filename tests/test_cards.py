"""Dataset cards: per-file repository pins, the SOURCE.md generator keeping hand edits, the four corrected cards."""

from __future__ import annotations

import json

import pytest

from toolkit.datasets.cards import DatasetCard, FileSpec, card_from_source_md, load_card

SHA_A, SHA_B = "a" * 64, "b" * 64

# A fictional SOURCE.md in the shared-corpora format.
SOURCE_MD = f"""# fictional_pins

- upstream: github.com/example/veldra-news at commit {"1" * 40}
- licence: CC0
- cite: Nobody 2024.

Fictional corpus of Veldra news. merged.csv is DERIVED from the parts.

Files (2; sha256, size in bytes, path relative to this folder):

```
{SHA_A}          12  README.sibling.md
{SHA_B}         345  merged.csv
```
"""


def _card(**kw) -> DatasetCard:
    base = dict(name="fictional_pins", description="", repository="example/veldra-news", commit="1" * 40,
                licence="CC0", citation="")
    base.update(kw)
    return DatasetCard(**base)


def test_a_file_may_name_its_own_repository_and_commit():
    own = FileSpec("README.sibling.md", SHA_A, 12, upstream_path="README.md", repository="example/sibling",
                   commit="2" * 40)
    plain = FileSpec("data.csv", SHA_B, 345, upstream_path="data/data.csv")
    card = _card(files=(own, plain))
    assert card.file_url(own) == f"https://raw.githubusercontent.com/example/sibling/{'2' * 40}/README.md"
    assert card.file_url(plain) == f"https://raw.githubusercontent.com/example/veldra-news/{'1' * 40}/data/data.csv"
    assert card.file_url(own, "http://127.0.0.1:8000/") == f"http://127.0.0.1:8000/example/sibling/{'2' * 40}/README.md"
    assert card.pin_of(own) == ("example/sibling", "2" * 40) and card.pin_of(plain) == (card.repository, card.commit)


def test_card_json_round_trip_writes_overrides_only_where_set():
    own = FileSpec("README.sibling.md", SHA_A, 12, upstream_path="README.md", repository="example/sibling",
                   commit="2" * 40)
    card = _card(files=(own, FileSpec("data.csv", SHA_B, 345, upstream_path="data.csv")))
    data = json.loads(card.to_json())
    assert "repository" in data["files"][0] and "repository" not in data["files"][1]
    assert DatasetCard.from_dict(data) == card


@pytest.mark.parametrize("kw, match", [
    (dict(repository="example/sibling"), "must also name its commit"),
    (dict(commit="2" * 40), "must also name its commit"),
    (dict(repository="example/sibling", commit="2" * 40, upstream_path=None), "no upstream_path"),
])
def test_half_a_pin_is_refused(kw, match):
    args = dict(upstream_path="README.md") | kw
    with pytest.raises(ValueError, match=match):
        FileSpec("README.sibling.md", SHA_A, 12, **args)


def test_generator_keeps_hand_edits_and_takes_checksums_from_source_md():
    previous = _card(
        commit="3" * 40,  # re-pinned by hand: SOURCE.md still names 111…
        files=(FileSpec("README.sibling.md", "0" * 64, 1, upstream_path="README.md", repository="example/sibling",
                        commit="2" * 40),
               FileSpec("merged.csv", "0" * 64, 1, upstream_path=None, derived=True, optional=True)),
        tables=("frames",), upstream_sources=("parts/a.csv",), n_articles=7,
        table_columns={"articles": ["doc_id"]},
    )
    card = card_from_source_md(SOURCE_MD, "fictional_pins", previous)
    assert card.commit == "3" * 40 and card.repository == "example/veldra-news"
    readme, merged = card.files
    assert (readme.sha256, readme.size, readme.repository, readme.commit) == (SHA_A, 12, "example/sibling", "2" * 40)
    assert (merged.sha256, merged.size, merged.derived, merged.optional) == (SHA_B, 345, True, True)
    assert (card.tables, card.upstream_sources, card.n_articles) == (("frames",), ("parts/a.csv",), 7)
    fresh = card_from_source_md(SOURCE_MD, "fictional_pins")
    assert fresh.commit == "1" * 40 and [f.derived for f in fresh.files] == [False, True]


# -- the four cards of issue #14 (paths as recorded in the shared SOURCE.md files) ---------------------------

def _upstream(name: str) -> dict[str, str]:
    return {f.path: f.upstream_path for f in load_card(name).files}


def test_gvfc_files_are_under_data():
    card = load_card("gvfc")
    ups = _upstream("gvfc")
    assert ups["GVFC_extension_multimodal.csv"] == "data/GVFC_extension_multimodal.csv"
    assert ups["GVFC_headlines_and_annotations.xlsx"] == "data/GVFC_headlines_and_annotations.xlsx"
    assert card.upstream_sources == ("data/GVFC_headlines_and_annotations.xlsx",)


def test_us_gov_xlsx_is_under_data():
    card = load_card("us_gov_ukraine_statements_2022")
    assert _upstream(card.name)["Government_Data.xlsx"] == "data/Government_Data.xlsx"
    assert card.upstream_sources == ("data/Government_Data.xlsx",)


def test_semeval2023_is_pinned_to_the_commit_holding_every_input():
    card = load_card("semeval2023_task3_en")
    assert card.commit == "c97e1d6031f1b296d3ee2f23470c8d164919cf00"
    ups = _upstream(card.name)
    assert ups["train-labels-subtask-2.txt"] == "scripts/data/data_en_subtask2/train-labels-subtask-2.txt"
    for split in ("train", "dev", "test"):
        assert ups[f"upstream_paragraph_templates/{split}-labels-subtask-3.template"] == \
            f"data/en/{split}-labels-subtask-3.template"
    # every derive input is a checksummed card file at the same pin
    assert set(card.upstream_sources) <= {u for u in ups.values() if u}


def test_field2018_sibling_readme_names_its_repository():
    card = load_card("field2018_frame_lexicons")
    f = card.file("README.framing_agenda_setting.upstream.md")
    assert (f.repository, f.commit, f.upstream_path) == (
        "anjalief/framing_agenda_setting", "e0a129bda0c9984f54f51af6087f837b77684596", "README.md")
    assert not f.optional
