"""Frame schemes as data: built-ins, loose name matching, user YAML/JSON files, mappings, bad scheme files."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from toolkit.framing import (FrameScheme, SchemeError, list_schemes, load_scheme, map_frames, mfc_to_semeval,
                             read_scheme, scheme_from_dict, semeval_to_mfc, write_scheme)


def test_builtin_schemes_have_the_codebook_sizes():
    assert list_schemes() == ["gvfc", "narrative_frames", "policy_frames", "semeval2023"]
    assert len(load_scheme("policy_frames")) == 15 and load_scheme("policy_frames").names[-1] == "Other"
    assert len(load_scheme("semeval2023")) == 14 and "Other" not in load_scheme("semeval2023")
    assert load_scheme("narrative_frames").names == ["resolution", "human_interest", "conflict", "moral", "economic"]
    assert len(load_scheme("gvfc")) == 9 and load_scheme("gvfc").canonical("2") == "gun_control_regulation"


def test_names_match_loosely_and_by_code():
    s = load_scheme("semeval2023")
    for spelling in ("crime_and_punishment", "Crime and punishment", "CRIME_AND_PUNISHMENT", "7"):
        assert s.canonical(spelling) == "Crime_and_punishment"
    assert s.canonical("Legality, Constitutionality and jurisprudence") == "Legality_Constitutionality_and_jurisprudence"


def test_mfc_semeval_mapping():
    assert mfc_to_semeval(8) == "Security_and_defense"
    assert mfc_to_semeval("7.2") == "Crime_and_punishment"  # MFC primary-frame code
    assert mfc_to_semeval(15) is None  # Other has no SemEval name
    assert all(semeval_to_mfc(mfc_to_semeval(c)) == c for c in range(1, 15))
    gold = pd.DataFrame({"doc_id": ["a", "a", "b"], "scheme": "policy_frames",
                         "frame": ["Economic", "Other", "political"]})
    out = map_frames(gold, "policy_frames", "semeval2023")
    assert out["frame"].tolist() == ["Economic", "Political"] and set(out["scheme"]) == {"semeval2023"}


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_user_scheme_file_round_trip(tmp_path, suffix):
    data = {"name": "diplomacy", "description": "test scheme",
            "frames": [{"name": "Talks", "description": "negotiations", "seed_words": ["talks", "Envoy"]},
                       "Military"],
            "mapping": {"policy_frames": {"Talks": "External_regulation_and_reputation"}}}
    path = tmp_path / f"scheme{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(data))
    else:
        import yaml
        path.write_text(yaml.safe_dump(data))
    scheme = load_scheme(path)
    assert scheme.names == ["Talks", "Military"] and scheme.seed_words == {"Talks": ["talks", "envoy"]}
    again = read_scheme(write_scheme(scheme, tmp_path / f"again{suffix}"))
    assert again == scheme
    mapped = map_frames(pd.DataFrame({"doc_id": ["x", "y"], "frame": ["talks", "Military"]}), scheme, "policy_frames")
    assert mapped["frame"].tolist() == ["External_regulation_and_reputation"]


def test_duplicate_frames_are_rejected(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text("name: s\nframes:\n  - Conflict\n  - name: conflict\n")
    with pytest.raises(SchemeError, match="duplicate frame 'conflict'"):
        read_scheme(path)


@pytest.mark.parametrize("data, match", [
    ({"frames": ["a"]}, "missing \\['name'\\]"),
    ({"name": "s", "frames": []}, "at least one frame"),
    ({"name": "s", "frames": [{"description": "no name"}]}, "frame #1 has no name"),
    ({"name": "s", "frames": ["a"], "colour": "red"}, "unknown key"),
    ({"name": "s", "frames": ["a"], "mapping": {"other": {"b": "c"}}}, "'b', which is not a frame"),
])
def test_bad_scheme_dicts_say_what_is_wrong(data, match):
    with pytest.raises(SchemeError, match=match):
        scheme_from_dict(data)


def test_unknown_labels_and_schemes_are_named():
    s = load_scheme("gvfc")
    with pytest.raises(SchemeError, match="not in scheme 'gvfc': \\['guns'\\]"):
        s.canonical_labels(["politics", "guns"])
    with pytest.raises(SchemeError, match="unknown frame scheme 'nope'"):
        load_scheme("nope")
    with pytest.raises(SchemeError, match="not found"):
        load_scheme("missing.yaml")
    assert isinstance(load_scheme(s), FrameScheme)
