"""Saving and loading stance models with skops: round trip, tampered files, newer versions, wrong kind."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

from stance_synthetic import target_sentences
from toolkit.stance import ActorStanceClassifier, ModelFileError, load_model, save_model
from toolkit.stance import persist


@pytest.fixture(scope="module")
def actor_model():
    df = target_sentences(90)
    return ActorStanceClassifier(C=1.0).fit(df[["sentence", "start", "end"]], df["label"]), df


def test_round_trip_predicts_the_same(actor_model, tmp_path):
    model, df = actor_model
    path = save_model(model, tmp_path / "m.skops", kind="actor")
    loaded = load_model(path, kind="actor")
    np.testing.assert_allclose(loaded.predict_proba(df), model.predict_proba(df))


def test_wrong_kind_is_refused(actor_model, tmp_path):
    path = save_model(actor_model[0], tmp_path / "m.skops", kind="actor")
    with pytest.raises(ModelFileError, match="expected a 'fnc1' model"):
        load_model(path, kind="fnc1")


def test_newer_format_version_is_refused(actor_model, tmp_path, monkeypatch):
    monkeypatch.setattr(persist, "FORMAT_VERSION", 99)
    path = save_model(actor_model[0], tmp_path / "m.skops", kind="actor")
    monkeypatch.setattr(persist, "FORMAT_VERSION", 1)
    with pytest.raises(ModelFileError, match="version 99.*up to 1"):
        load_model(path)


def _retarget(node, cls: str, new_module: str, new_class: str) -> int:
    """Point every schema node of class ``cls`` at ``new_module.new_class``; returns how many."""
    n = 0
    if isinstance(node, dict):
        if node.get("__class__") == cls:
            node["__class__"], node["__module__"] = new_class, new_module
            n += 1
        for v in node.values():
            n += _retarget(v, cls, new_module, new_class)
    elif isinstance(node, list):
        for v in node:
            n += _retarget(v, cls, new_module, new_class)
    return n


def _rewrite_schema(src, dst, cls: str, new_module: str, new_class: str):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "schema.json":
                schema = json.loads(data)
                assert _retarget(schema, cls, new_module, new_class) > 0
                data = json.dumps(schema).encode()
            zout.writestr(item, data)


def test_tampered_file_with_a_foreign_type_is_refused(actor_model, tmp_path):
    path = save_model(actor_model[0], tmp_path / "m.skops", kind="actor")
    bad = tmp_path / "tampered.skops"
    # point a trusted class at something that would run code on load
    _rewrite_schema(path, bad, "LogisticRegression", "os", "system")
    with pytest.raises(ModelFileError, match=r"does not trust.*os\.system"):
        load_model(bad)


def test_not_a_model_file(tmp_path):
    junk = tmp_path / "junk.skops"
    junk.write_bytes(b"not a zip")
    with pytest.raises(ModelFileError, match="not a skops model file"):
        load_model(junk)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_model(tmp_path / "missing.skops")


def test_trusted_types_cover_a_saved_model(actor_model, tmp_path):
    import skops.io as sio
    path = save_model(actor_model[0], tmp_path / "m.skops", kind="actor")
    assert set(sio.get_untrusted_types(file=path)) <= set(persist.TRUSTED_TYPES)
