"""Registry resolution: $TOOLKIT_DATA → cache → verified download (local HTTP server; no network)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from toolkit.corpus import validate
from toolkit.datasets import registry
from toolkit.datasets.cards import DatasetCard, FileSpec, card_names, load_card

# A fictional dataset, written here: two outlets reporting one summit.
FILES = {
    "data/articles.csv": (
        "id,paper,day,headline,body\n"
        "1,Ostmark Herald,2024-03-05,Summit opens,Leaders of Veldra and Ostmark opened the Korvath summit.\n"
        "2,Korvath Wire,2024-03-05,Summit begins,The Korvath summit began with a handshake between the leaders.\n"
        "3,,2024-03-06,No outlet,This row has no outlet and must be quarantined.\n"
    ),
    "README.md": "Fictional test dataset.\n",
}


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


CARD = DatasetCard(
    name="fictional_summit", description="Fictional test corpus", repository="example/fictional",
    commit="0" * 40, licence="CC0", citation="nobody",
    files=tuple(FileSpec(p, _sha(t), len(t.encode()), upstream_path=p) for p, t in FILES.items()),
    tables=("outlets",),
)


def _load(root: Path):
    raw = pd.read_csv(root / "data/articles.csv", dtype="string")
    frame = raw.rename(columns={"id": "doc_id", "paper": "outlet", "day": "published", "headline": "title",
                                "body": "text"})
    frame["_source"] = str(root / "data/articles.csv")
    frame["_line"] = range(2, len(frame) + 2)
    table = validate(frame, detect_languages=False)
    return table, {"outlets": table.articles[["outlet"]].drop_duplicates().reset_index(drop=True)}


@pytest.fixture
def fictional(monkeypatch):
    real_load_card = registry.load_card
    monkeypatch.setattr(registry, "load_card", lambda n: CARD if n == CARD.name else real_load_card(n))
    monkeypatch.setitem(registry.ADAPTERS, CARD.name, registry.Adapter(CARD.name, _load))
    monkeypatch.delenv("TOOLKIT_DATA", raising=False)
    monkeypatch.delenv(registry.ENV_BASE_URL, raising=False)
    return CARD


def _write_tree(root: Path, files: dict[str, str]) -> Path:
    for p, t in files.items():
        (root / p).parent.mkdir(parents=True, exist_ok=True)
        (root / p).write_text(t, encoding="utf-8")
    return root


def test_every_card_is_complete():
    names = card_names()
    assert len(names) == 18
    for name in names:
        card = load_card(name)
        assert card.repository.count("/") == 1 and len(card.commit) == 40, name
        assert card.files and all(len(f.sha256) == 64 and f.size > 0 for f in card.files), name
        for f in card.files:
            assert f.derived or f.upstream_path or f.optional, \
                f"{name}: {f.path} is neither derived, optional, nor has an upstream path"
        if card.derived_files:
            assert card.upstream_sources, f"{name}: derived files but no upstream sources listed"


def test_data_dir_first(fictional, tmp_path):
    root = _write_tree(tmp_path / "mirror" / CARD.name, FILES)
    ds = registry.load_dataset(CARD.name, data_dir=tmp_path / "mirror", cache_dir=tmp_path / "cache",
                               download_missing=False)
    assert ds.root == root
    assert (ds.n_read, len(ds.articles), len(ds.quarantine)) == (3, 2, 1)
    assert ds.quarantine["reason"].tolist() == ["missing outlet"] and ds.quarantine["line"].tolist() == [4]
    assert ds["outlets"]["outlet"].tolist() == ["Ostmark Herald", "Korvath Wire"]


def test_env_var_is_the_default_data_dir(fictional, tmp_path, monkeypatch):
    _write_tree(tmp_path / "mirror" / CARD.name, FILES)
    monkeypatch.setenv("TOOLKIT_DATA", str(tmp_path / "mirror"))
    ds = registry.load_dataset(CARD.name, cache_dir=tmp_path / "cache", download_missing=False)
    assert ds.root == tmp_path / "mirror" / CARD.name


def test_absent_and_offline_names_every_place(fictional, tmp_path):
    with pytest.raises(registry.DatasetError) as err:
        registry.load_dataset(CARD.name, data_dir=tmp_path / "nowhere", cache_dir=tmp_path / "cache",
                              download_missing=False)
    msg = str(err.value)
    assert str(tmp_path / "nowhere" / CARD.name) in msg and str(tmp_path / "cache" / CARD.name) in msg
    assert "TOOLKIT_DATA" in msg and "example/fictional" in msg


def test_download_failure_is_a_clear_error(fictional, tmp_path):
    with pytest.raises(registry.DatasetError, match="download failed"):
        registry.resolve(CARD.name, data_dir=tmp_path / "nowhere", cache_dir=tmp_path / "cache",
                         base_url="http://127.0.0.1:9")  # discard port: refused at once


def test_download_from_local_server_then_cache(fictional, tmp_path, upstream_server):
    www, base = upstream_server
    _write_tree(www / CARD.repository / CARD.commit, FILES)
    root = registry.resolve(CARD.name, data_dir=tmp_path / "nowhere", cache_dir=tmp_path / "cache", base_url=base)
    assert root == tmp_path / "cache" / CARD.name
    assert (root / "data/articles.csv").read_text() == FILES["data/articles.csv"]
    shutil.rmtree(www)  # the server is gone: the cache must serve
    ds = registry.load_dataset(CARD.name, data_dir=tmp_path / "nowhere", cache_dir=tmp_path / "cache",
                               download_missing=False)
    assert len(ds.articles) == 2


def test_download_refuses_a_tampered_upstream(fictional, tmp_path, upstream_server):
    www, base = upstream_server
    tampered = dict(FILES, **{"data/articles.csv": FILES["data/articles.csv"].replace("handshake", "brawl")})
    _write_tree(www / CARD.repository / CARD.commit, tampered)
    with pytest.raises(registry.DatasetError, match="(?i)hash"):
        registry.resolve(CARD.name, data_dir=tmp_path / "nowhere", cache_dir=tmp_path / "cache", base_url=base)


def test_tampered_local_copy_is_refused(fictional, tmp_path):
    root = _write_tree(tmp_path / "mirror" / CARD.name, FILES)
    ok = registry.load_dataset(CARD.name, data_dir=tmp_path / "mirror", cache_dir=tmp_path / "cache")
    assert len(ok.articles) == 2
    p = root / "data/articles.csv"
    p.write_text(p.read_text().replace("handshake", "brawl!!!!"))  # same size, different bytes
    with pytest.raises(registry.ChecksumError, match="sha256 mismatch.*articles.csv"):
        registry.load_dataset(CARD.name, data_dir=tmp_path / "mirror", cache_dir=tmp_path / "cache")
    p.write_text("truncated")
    with pytest.raises(registry.ChecksumError, match="bytes, the card expects"):
        registry.load_dataset(CARD.name, data_dir=tmp_path / "mirror", cache_dir=tmp_path / "cache")


def test_parquet_cache_round_trip(fictional, tmp_path, monkeypatch):
    _write_tree(tmp_path / "mirror" / CARD.name, FILES)
    kw = dict(data_dir=tmp_path / "mirror", cache_dir=tmp_path / "cache")
    cold = registry.load_dataset(CARD.name, **kw)
    calls = []
    monkeypatch.setitem(registry.ADAPTERS, CARD.name,
                        registry.Adapter(CARD.name, lambda root: calls.append(root) or _load(root)))
    warm = registry.load_dataset(CARD.name, **kw)
    assert calls == []  # served from Parquet, adapter not run
    pd.testing.assert_frame_equal(warm.articles, cold.articles)
    pd.testing.assert_frame_equal(warm.quarantine, cold.quarantine)
    pd.testing.assert_frame_equal(warm["outlets"], cold["outlets"])
    pd.testing.assert_frame_equal(warm.cleaning, cold.cleaning)
    assert warm.n_read == cold.n_read


def test_unknown_dataset():
    with pytest.raises(KeyError, match="registered"):
        registry.load_dataset("no_such_corpus")


def test_real_download_path_for_byte_identical_files(realdata_dir, tmp_path, upstream_server, monkeypatch):
    """FNC-1 through the download path: files served at upstream paths, verified, loaded."""
    monkeypatch.delenv("TOOLKIT_DATA", raising=False)
    www, base = upstream_server
    card = load_card("fnc1")
    for f in card.files:
        if f.upstream_path is None:  # optional documentation from elsewhere: not downloaded
            continue
        target = www / card.repository / card.commit / f.upstream_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(realdata_dir / "fnc1" / f.path, target)
    root = registry.resolve("fnc1", data_dir=tmp_path / "nowhere", cache_dir=tmp_path / "cache", base_url=base)
    assert root == tmp_path / "cache" / "fnc1"
    registry.verify_files(card, root, tmp_path / "cache")


def test_corpora_readme_is_in_sync_with_the_cards():
    from conftest import REPO

    from toolkit.datasets.cards import render_readme

    text = (REPO / "corpora" / "README.md").read_text(encoding="utf-8")
    assert render_readme(text) == text, (
        "corpora/README.md is out of date: run `python -m toolkit.datasets.cards ../shared/corpora "
        "--readme corpora/README.md`")


def test_download_rebuilds_derived_files_and_checks_them(monkeypatch, tmp_path, upstream_server):
    """A derived file is rebuilt from upstream files by the adapter's derive step, then verified."""
    parts = {"raw/a.txt": "Envoys met in Korvath.\n", "raw/b.txt": "Talks resumed in Veldra.\n"}
    merged = "".join(parts.values())
    card = DatasetCard(
        name="fictional_merged", description="", repository="example/merged", commit="1" * 40, licence="CC0",
        citation="", files=(FileSpec("merged.txt", _sha(merged), len(merged), upstream_path=None, derived=True),),
        upstream_sources=tuple(parts),
    )

    def derive(root: Path) -> None:
        (root / "merged.txt").write_text("".join((root / "_upstream" / p).read_text() for p in sorted(parts)))

    real_load_card = registry.load_card
    monkeypatch.setattr(registry, "load_card", lambda n: card if n == card.name else real_load_card(n))
    monkeypatch.setitem(registry.ADAPTERS, card.name, registry.Adapter(card.name, _load, derive))
    www, base = upstream_server
    _write_tree(www / card.repository / card.commit, parts)
    root = registry.resolve(card.name, data_dir=tmp_path / "nowhere", cache_dir=tmp_path / "cache", base_url=base)
    assert (root / "merged.txt").read_text() == merged

    # a derive step that does not reproduce the recorded file is refused
    monkeypatch.setitem(registry.ADAPTERS, card.name, registry.Adapter(
        card.name, _load, lambda root: (root / "merged.txt").write_text(merged.upper())))
    with pytest.raises(registry.ChecksumError, match="merged.txt"):
        registry.resolve(card.name, data_dir=tmp_path / "nowhere", cache_dir=tmp_path / "cache2", base_url=base)


def test_cli_datasets_list_names_every_card():
    out = subprocess.run([sys.executable, "-m", "toolkit", "datasets", "list"], capture_output=True, text=True,
                         check=True).stdout.strip().splitlines()
    rows = [line.split("\t") for line in out]
    assert [r[0] for r in rows] == card_names()
    by_name = {r[0]: r for r in rows}
    assert by_name["basil"][1] == "300" and by_name["basil"][2].startswith("articles,")
    assert by_name["fnc1"][2] == "articles,pairs"


def test_cli_datasets_load_writes_canonical_jsonl(tmp_path):
    from toolkit.corpus import read_jsonl

    out = tmp_path / "demo.jsonl"
    res = subprocess.run([sys.executable, "-m", "toolkit", "datasets", "load", "demo", "--output", str(out)],
                         capture_output=True, text=True, check=True)
    assert res.stdout.strip().splitlines()[-1] == "read 215 kept 215 quarantined 0"
    back = read_jsonl(out, clean=False, detect_languages=False)
    assert back.counts == {"read": 215, "kept": 215, "quarantined": 0}
    frames = tmp_path / "frames.jsonl"
    subprocess.run([sys.executable, "-m", "toolkit", "datasets", "load", "demo", "--table", "frames",
                    "--output", str(frames)], check=True, capture_output=True)
    assert len(frames.read_text().splitlines()) == len(registry.load_dataset("demo")["frames"])
    bad = subprocess.run([sys.executable, "-m", "toolkit", "datasets", "load", "demo", "--table", "nope",
                          "--output", str(tmp_path / "x.jsonl")], capture_output=True, text=True)
    assert bad.returncode == 2 and "has no table 'nope'" in bad.stderr


def test_cli_datasets_load_real(realdata_dir, tmp_path):
    out = tmp_path / "basil-spans.jsonl"
    env = {**os.environ, "TOOLKIT_DATA": str(realdata_dir), "TOOLKIT_CACHE": str(tmp_path / "c")}
    res = subprocess.run([sys.executable, "-m", "toolkit", "datasets", "load", "basil", "--table", "spans",
                          "--output", str(out)], capture_output=True, text=True, check=True, env=env)
    assert "wrote 1726 rows of spans" in res.stdout
    assert len(out.read_text().splitlines()) == 1726
