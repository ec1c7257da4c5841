"""Framing adapters: SemEval-2023/2025, narrative frames, GVFC, Ukraine news bias, MFC codebook, Field lexicons.

Real-corpus tests need $TOOLKIT_DATA and skip without it; the derive / parsing tests build tiny
fictional inputs in tmp_path and always run.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import pickle
import shutil

import pandas as pd
import pytest

from toolkit.datasets import load_dataset
from toolkit.datasets.adapters.frames import (
    POLICY_FRAMES,
    derive_gvfc,
    derive_semeval2023,
    load_semeval2025,
    normalise_label,
)
from toolkit.datasets.adapters.frames_lexicons import FIELD_DERIVED, derive_field2018, load_plain_pickle
from toolkit.datasets.cards import load_card
from toolkit.datasets import registry
from toolkit.datasets.registry import DatasetError

from conftest import DATA_DIR as DATA  # noqa: E402
from conftest import SKIP_REASON, needs_data  # noqa: E402

#: Distinct outlets of the climate narrative-frames corpus after the outlet registry (63 spellings).
NFC_OUTLETS = 36

NAMES = ["semeval2023_task3_en", "narrative_frames_climate", "gvfc", "semeval2025_task10_narratives",
         "ukraine_news_bias", "mfc", "field2018_frame_lexicons"]
SEMEVAL23_FRAMES = {normalise_label(f) for f in (
    "Economic", "Capacity_and_resources", "Morality", "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence", "Policy_prescription_and_evaluation", "Crime_and_punishment",
    "Security_and_defense", "Health_and_safety", "Quality_of_life", "Cultural_identity", "Public_opinion",
    "Political", "External_regulation_and_reputation")}


# -- no real data needed ---------------------------------------------------------------------------

def test_normalise_label_is_consistent_across_spellings():
    assert normalise_label("Legality_Constitutionality_and_jurisprudence") == \
        normalise_label("Legality, constitutionality and jurisprudence")
    assert normalise_label("Gun/2nd Amendment rights") == "gun_2nd_amendment_rights"
    assert normalise_label("  Foreign Adversary ") == "foreign_adversary"
    assert normalise_label("") is None and normalise_label(None) is None
    assert len(POLICY_FRAMES) == 15


def _write(path: pathlib.Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_derive_semeval2023_format(tmp_path):
    tpl = "upstream_paragraph_templates/{}-labels-subtask-3.template"
    _write(tmp_path / tpl.format("train"), "7\t1\tVeldra talks stall\n7\t3\tEnvoys left “early”.\n7\t5\tNo date set.\n"
           .encode())
    _write(tmp_path / tpl.format("dev"), b"8\t1\tOstmark vote\n8\t3\tTurnout rose.\n")
    _write(tmp_path / tpl.format("test"), b"9\t1\tKorvath port\r\n9\t3\tShips wait.\r\n")
    _write(tmp_path / "train-labels-subtask-2.txt", b"7\tPolitical,Morality\n8\tEconomic\n")
    derive_semeval2023(tmp_path)
    raw = (tmp_path / "articles_en.jsonl").read_bytes()
    lines = raw.decode("utf-8").splitlines(keepends=True)
    assert len(lines) == 3 and all(line.endswith("\n") for line in lines)
    first = json.loads(lines[0])
    assert list(first) == ["article_id", "split", "title", "paragraphs", "line_numbers", "frames_subtask2"]
    assert first["title"] == "Veldra talks stall" and first["line_numbers"] == [1, 3, 5]
    assert first["frames_subtask2"] == ["Political", "Morality"]
    assert "“early”" in lines[0]  # ensure_ascii=False
    assert lines[0].startswith('{"article_id": "7", "split": "train"')  # default separators
    last = json.loads(lines[2])
    assert last["split"] == "test" and last["paragraphs"] == ["Ships wait."] and last["frames_subtask2"] is None


def test_derive_gvfc_writes_csv_and_refuses_codebook(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [("news_title", "Q1 Relevant", "Q2 Focus", "Q3 Theme1", "Q3 Theme2"),
                ("Veldra passes, at last, a firearm bill", 1, 2, 2, 99), ("Korvath fair opens", 2, 99, 99, 99)]:
        sheet.append(row)
    book.save(tmp_path / "GVFC_headlines_and_annotations.xlsx")
    with pytest.raises(DatasetError, match="codebook.json"):
        derive_gvfc(tmp_path)
    assert (tmp_path / "GVFC_headlines_and_annotations.csv").read_bytes() == (
        b'news_title,Q1 Relevant,Q2 Focus,Q3 Theme1,Q3 Theme2\r\n'
        b'"Veldra passes, at last, a firearm bill",1,2,2,99\r\nKorvath fair opens,2,99,99,99\r\n')


def test_derive_field2018_format(tmp_path):
    up = tmp_path / "_upstream"
    lex = {"Economic": ["бюджет", "налог"], "Political": ["выборы"]}
    codes = {0.0: "None", 1.0: "Economic", 1.1: "Economic headline", 17.35: "Implicit Pro"}
    paths = dict(zip(["frame_to_lex_ru.json", "mfc_codes_cache.json"],
                     [FIELD_DERIVED["frame_to_lex_ru.json"][0], FIELD_DERIVED["mfc_codes_cache.json"][0]]))
    _write(up / paths["frame_to_lex_ru.json"], pickle.dumps(lex, protocol=2))
    _write(up / paths["mfc_codes_cache.json"], pickle.dumps(codes, protocol=0))
    for i, path in enumerate(FIELD_DERIVED["frame_code_wordlists_ru.json"], start=1):
        _write(up / path, pickle.dumps([f"слово{i}", "word"]))
    derive_field2018(tmp_path)
    text = (tmp_path / "frame_to_lex_ru.json").read_bytes().decode("utf-8")
    assert text == '{\n "Economic": [\n  "бюджет",\n  "налог"\n ],\n "Political": [\n  "выборы"\n ]\n}'
    cache = (tmp_path / "mfc_codes_cache.json").read_text(encoding="utf-8")
    assert list(json.loads(cache)) == ["0.0", "1.0", "1.1", "17.35"] and not cache.endswith("\n")
    wordlists = json.loads((tmp_path / "frame_code_wordlists_ru.json").read_text(encoding="utf-8"))
    assert list(wordlists) == [f"{n}.0" for n in range(1, 16)] and wordlists["15.0"] == ["слово15", "word"]


def test_plain_pickle_loader_refuses_code(tmp_path):
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    path = tmp_path / "evil.pickle"
    path.write_bytes(pickle.dumps(Evil()))
    with pytest.raises(pickle.UnpicklingError, match="refusing"):
        load_plain_pickle(path)


def test_semeval2025_offsets_are_end_exclusive(tmp_path):
    base = tmp_path / "data" / "EN"
    _write(base / "raw-documents" / "EN_UA_1.txt", "Veldra summit\n\nThe envoy of Ostmark met Korvath.\n".encode())
    _write(base / "subtask-1-annotations.txt", b"EN_UA_1.txt\tOstmark\t28\t34\tProtagonist\tPeacemaker\tGuardian\n"
                                               b"EN_UA_1.txt\tKorvath\t39\t45\tAntagonist\tTyrant\n")
    _write(base / "subtask-2-annotations.txt", b"EN_UA_1.txt\tURW: Praise of Veldra;Other\t"
                                               b"URW: Praise of Veldra: Envoys;Other\n")
    _write(base / "subtask-3-annotations.txt", b"EN_UA_1.txt\tOther\tOther\tBecause.\n")
    table, tables = load_semeval2025(tmp_path)
    text = table.articles.loc[0, "text"]
    roles = tables["entity_roles"]
    assert table.articles.loc[0, "title"] == "Veldra summit" and table.articles.loc[0, "topic"] == "ukraine_war"
    assert text[roles.loc[0, "start"]:roles.loc[0, "end"]] == "Ostmark"
    assert roles["span_matches"].tolist() == [True, False]  # the second offset is off by one on purpose
    assert roles.loc[0, "fine_roles"] == "peacemaker;guardian" and roles.loc[1, "main_role"] == "antagonist"
    narratives = tables["narratives"]
    assert narratives["subnarrative"].tolist() == ["urw_praise_of_veldra_envoys", "other"]
    assert narratives["domain"].tolist()[0] == "urw" and pd.isna(narratives["domain"].tolist()[1])


# -- real data ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    if DATA is None:
        pytest.skip(SKIP_REASON)
    cache = tmp_path_factory.mktemp("frames-cache")
    return {n: load_dataset(n, data_dir=DATA, cache_dir=cache) for n in NAMES}, cache


def ds(loaded, name):
    return loaded[0][name]


@needs_data
@pytest.mark.realdata
@pytest.mark.parametrize("name", NAMES)
def test_common_invariants_and_cache_round_trip(loaded, name):
    d = ds(loaded, name)
    assert d.n_read == len(d.articles) + len(d.quarantine)
    assert d.articles["doc_id"].is_unique
    assert set(d.tables) == set(d.card.tables)
    for table in d.tables.values():
        if "doc_id" in table:
            assert set(table["doc_id"]) <= set(d.articles["doc_id"])
    again = load_dataset(name, data_dir=DATA, cache_dir=loaded[1])  # from the Parquet cache
    pd.testing.assert_frame_equal(again.articles, d.articles)
    for tname, table in d.tables.items():
        pd.testing.assert_frame_equal(again.tables[tname], table)


@needs_data
@pytest.mark.realdata
def test_semeval2023(loaded):
    d = ds(loaded, "semeval2023_task3_en")
    a, frames = d.articles, d["frames"]
    assert len(a) == 590 and len(d.quarantine) == 0
    assert a["split"].value_counts().to_dict() == {"train": 446, "dev": 90, "test": 54}
    assert frames["doc_id"].nunique() == 433
    assert set(frames["frame"]) == SEMEVAL23_FRAMES and len(SEMEVAL23_FRAMES) == 14
    assert (frames["scheme"] == "semeval2023").all() and frames["frame_id"].notna().all()
    assert not frames.duplicated(["doc_id", "frame"]).any()
    assert (a["language"] == "en").all() and (a["title"] != "").all()
    assert (a["outlet"] == "unknown").all() and (a["source_dataset"] == "semeval2023_task3_en").all()


@needs_data
@pytest.mark.realdata
def test_policy_frame_ids_join_across_datasets(loaded):
    codebook = ds(loaded, "mfc")["codebook"]
    assert len(codebook) == 15 and codebook["frame_id"].tolist() == list(range(1, 16))
    assert codebook["frame"].tolist() == list(POLICY_FRAMES) and codebook["definition"].notna().all()
    assert len(ds(loaded, "mfc").articles) == 0 and ds(loaded, "mfc").n_read == 0
    names = dict(zip(codebook["frame_id"], codebook["frame"]))
    semeval = ds(loaded, "semeval2023_task3_en")["frames"].drop_duplicates("frame")
    assert all(names[i] == f for i, f in zip(semeval["frame_id"], semeval["frame"]))
    codes = ds(loaded, "mfc")["codes"]
    assert set(codes["kind"]) == {"frame", "headline", "primary", "irrelevant", "tone"}


@needs_data
@pytest.mark.realdata
def test_narrative_frames_climate(loaded):
    d = ds(loaded, "narrative_frames_climate")
    a, frames, roles = d.articles, d["frames"], d["entity_roles"]
    assert len(a) == 428 and a["outlet_raw"].nunique() == 63 and a["published"].notna().all()
    assert a["outlet"].nunique() == NFC_OUTLETS  # `cnn` / `CNN`, `thehuffingtonpost` / `The Huffington Post` …
    assert a.loc[a["outlet_raw"].isin(["cnn", "CNN"]), "outlet"].eq("CNN").all()
    # MBFC on the one lean scale; "questionable" is a rating, not a lean
    own = (a["lean_source"] == "mbfc").fillna(False).astype(bool)
    assert own.sum() == 354 and set(a.loc[own, "lean"]) == {"left", "lean-left", "right"}
    # questionable outlets get no MBFC lean; where another source rates them, the registry fills it and says so
    assert a.loc[a["lean"].notna() & ~own, "lean_source"].str.startswith("registry:").all()
    assert (a["outlet_rating"].notna() == (a["mbfc"] == "questionable_source")).all()
    assert set(frames["frame"]) == {"resolution", "human_interest", "conflict", "moral", "economic"}
    assert frames.groupby("frame").size().to_dict() == {"conflict": 268, "economic": 127, "human_interest": 49,
                                                        "moral": 44, "resolution": 192}
    assert set(roles["main_role"]) == {"hero", "villain", "victim"} and len(roles) == 1944
    assert not frames.duplicated(["doc_id", "frame"]).any()


@needs_data
@pytest.mark.realdata
def test_gvfc(loaded):
    d = ds(loaded, "gvfc")
    a, frames, book = d.articles, d["frames"], d["codebook"]
    assert d.n_read == 2990 and len(a) == 2990 and int(a["relevant"].sum()) == 2609
    assert (a["title"] == a["text"]).all()
    assert a["url"].notna().sum() == 1300 and (a.loc[a["url"].isna(), "outlet"] == "unknown").all()
    assert (a["source_dataset"] == "gvfc").all()
    assert a.loc[a["outlet_raw"].isin(["cnn.com", "edition.cnn.com", "us.cnn.com"]), "outlet"].eq("CNN").all()
    theme_names = book.dropna(subset=["frame"]).set_index("frame_id")["frame"]
    assert len(theme_names) == 9 and set(frames["frame"]) == set(theme_names)
    assert set(frames["rank"]) == {1, 2} and frames["frame"].notna().all()
    assert set(frames["doc_id"]) <= set(a.loc[a["relevant"], "doc_id"])
    assert not frames.duplicated(["doc_id", "rank"]).any()


@needs_data
@pytest.mark.realdata
def test_semeval2025(loaded):
    d = ds(loaded, "semeval2025_task10_narratives")
    a, roles, narratives = d.articles, d["entity_roles"], d["narratives"]
    assert len(a) == 399 and a["topic"].value_counts().to_dict() == {"ukraine_war": 223, "climate_change": 176}
    assert set(roles["main_role"]) == {"protagonist", "antagonist", "innocent"} and len(roles) == 686
    assert roles["span_matches"].mean() > 0.98
    texts = a.set_index("doc_id")["text"]
    ok = roles[roles["span_matches"]]
    assert all(texts[r.doc_id][r.start:r.end] == r.entity for r in ok.itertuples())
    assert set(narratives["doc_id"]) == set(a["doc_id"])
    assert set(narratives["domain"].dropna()) == {"cc", "urw"}
    assert len(d["narrative_explanations"]) == 203


@needs_data
@pytest.mark.realdata
def test_ukraine_news_bias(loaded):
    d = ds(loaded, "ukraine_news_bias")
    a, scores = d.articles, d["sentence_scores"]
    assert len(a) == 90 and int(a["n_sentences"].sum()) == 2057
    assert scores["sentence_id"].nunique() == 2057
    framing = scores[scores["dimension"] == "framing"]
    assert set(framing["target"]) == {"russia", "ukraine", "west"} and len(framing) == 3 * 2057
    texts = a.set_index("doc_id")["text"]
    sample = scores.drop_duplicates("sentence_id").sample(200, random_state=0)
    assert all(texts[r.doc_id][r.start:r.end].strip() for r in sample.itertuples())
    assert len(d["article_scores"]) == 90 * 13


@needs_data
@pytest.mark.realdata
def test_field2018_lexicons(loaded):
    d = ds(loaded, "field2018_frame_lexicons")
    lex, seeds, intruders = d["lexicons"], d["seed_words"], d["intruder_tests"]
    assert len(d.articles) == 0 and d.n_read == 0
    assert lex["frame"].nunique() == 15 and sorted(lex["frame_id"].unique()) == list(range(1, 16))
    assert lex.groupby("frame").size().between(100, 250).all()
    assert seeds.groupby("frame_id").size().eq(100).all() and seeds["frame_id"].nunique() == 15
    assert set(intruders["test_set"]) == {"lex1", "lex2"} and set(intruders["annotation"].dropna()) <= {0, 1}
    assert intruders.groupby(["test_set", "item"]).size().eq(6).all()


@needs_data
@pytest.mark.realdata
@pytest.mark.parametrize("name, derive, keep", [
    ("semeval2023_task3_en", derive_semeval2023, ()),
    ("gvfc", derive_gvfc, ("codebook.json",)),
])
def test_derive_is_byte_identical(tmp_path, name, derive, keep):
    card = load_card(name)
    for f in card.files:
        if not f.derived or f.path in keep:
            (tmp_path / f.path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(pathlib.Path(DATA) / name / f.path, tmp_path / f.path)
    derive(tmp_path)
    for f in card.derived_files:
        assert hashlib.sha256((tmp_path / f.path).read_bytes()).hexdigest() == f.sha256, f.path


@needs_data
@pytest.mark.realdata
@pytest.mark.parametrize("name", ["semeval2023_task3_en", "mfc"])
def test_download_path_with_card_upstream_paths(tmp_path, upstream_server, monkeypatch, name):
    """Serve the shared files at the card's upstream paths; download (+ derive) and load like a fresh clone."""
    monkeypatch.delenv("TOOLKIT_DATA", raising=False)
    www, base = upstream_server
    card = load_card(name)
    local = {f.upstream_path: f.path for f in card.files if f.upstream_path}
    for up in set(local) | set(card.upstream_sources):
        target = www / card.repository / card.commit / up
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(pathlib.Path(DATA) / name / local[up], target)
    root = registry.download(card, tmp_path / "cache", base_url=base)
    d = load_dataset(name, data_dir=tmp_path / "nowhere", cache_dir=tmp_path / "cache")
    assert d.root == root
    if name == "mfc":  # the optional definitions file is not upstream: definitions are empty
        assert len(d["codebook"]) == 15 and d["codebook"]["definition"].isna().all()
    else:
        assert len(d.articles) == 590 and d["frames"]["doc_id"].nunique() == 433
