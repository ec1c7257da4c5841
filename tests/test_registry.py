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
    with pytest.raises(registry.DatasetError, match="download failed") as err:
        registry.resolve(CARD.name, data_dir=tmp_path / "nowhere", cache_dir=tmp_path / "cache",
                         base_url="http://127.0.0.1:9")  # discard port: refused at once
    assert "cannot reach the host" in str(err.value) and len(err.value.failures) == len(CARD.files)


# Three files, two of them missing upstream: a download must try all three and name both missing ones.
THREE = dict(FILES, **{"data/extra.csv": "id,paper,day,headline,body\n"})
CARD3 = DatasetCard(
    name="fictional_three", description="", repository="example/three", commit="3" * 40, licence="CC0",
    citation="", files=tuple(FileSpec(p, _sha(t), len(t.encode()), upstream_path=f"up/{p}") for p, t in THREE.items()),
)


def test_download_tries_every_file_and_names_each_failure(monkeypatch, tmp_path, upstream_server):
    real_load_card = registry.load_card
    monkeypatch.setattr(registry, "load_card", lambda n: CARD3 if n == CARD3.name else real_load_card(n))
    monkeypatch.setitem(registry.ADAPTERS, CARD3.name, registry.Adapter(CARD3.name, _load))
    www, base = upstream_server
    _write_tree(www / CARD3.repository / CARD3.commit / "up", {"README.md": THREE["README.md"]})
    cache = tmp_path / "cache"
    with pytest.raises(registry.DownloadError) as err:
        registry.load_dataset(CARD3.name, data_dir=tmp_path / "nowhere", cache_dir=cache, base_url=base)
    msg = str(err.value)
    folder = cache / CARD3.name
    assert [f.path for f in err.value.failures] == ["data/articles.csv", "data/extra.csv"]
    for path in ("data/articles.csv", "data/extra.csv"):
        assert f"{base}/example/three/{'3' * 40}/up/{path}" in msg  # the exact URL
        assert str(folder / path) in msg  # where to save it by hand
    assert msg.count("HTTP 404") == 2 and "2 of 3 files could not be downloaded" in msg
    assert "TOOLKIT_DATA" in msg and str(folder) in msg and "README.md" not in msg.split("could not be")[1]
    assert str(tmp_path / "nowhere" / CARD3.name) in msg  # the places looked, too
    assert (folder / "README.md").is_file()  # what did download is kept for the next try

    # fetched by hand into the cache folder: the next load uses them (checked) without any download
    _write_tree(folder, {p: THREE[p] for p in ("data/articles.csv", "data/extra.csv")})
    ds = registry.load_dataset(CARD3.name, data_dir=tmp_path / "nowhere", cache_dir=cache, download_missing=False)
    assert len(ds.articles) == 2


def test_an_unreachable_host_is_not_asked_for_every_file(monkeypatch, tmp_path):
    many = {f"data/part{i}.csv": f"part {i}\n" for i in range(6)}
    card = DatasetCard(name="fictional_many", description="", repository="example/many", commit="7" * 40,
                       licence="CC0", citation="",
                       files=tuple(FileSpec(p, _sha(t), len(t), upstream_path=p) for p, t in many.items()))
    monkeypatch.delenv(registry.ENV_BASE_URL, raising=False)
    with pytest.raises(registry.DownloadError) as err:
        registry.download(card, tmp_path / "cache", base_url="http://127.0.0.1:9")
    assert len(err.value.failures) == registry.UNREACHABLE_AFTER == 3
    assert "3 further files were not tried" in str(err.value) and "3 of 3 files could not be" in str(err.value)


def test_a_long_failure_list_is_cut_in_the_message_not_in_the_exception(monkeypatch, tmp_path, upstream_server):
    monkeypatch.setattr(registry, "MAX_LISTED", 1)
    www, base = upstream_server  # serves nothing: three 404s
    with pytest.raises(registry.DownloadError) as err:
        registry.download(CARD3, tmp_path / "cache", base_url=base)
    assert len(err.value.failures) == 3 and "… and 2 more" in str(err.value)
    assert str(err.value).count("url:") == 1


def test_download_reports_failed_derive_inputs_too(monkeypatch, tmp_path, upstream_server):
    parts = {"raw/a.txt": "Envoys met in Korvath.\n", "raw/b.txt": "Talks resumed in Veldra.\n"}
    merged = "".join(parts.values())
    card = DatasetCard(
        name="fictional_merged2", description="", repository="example/merged", commit="1" * 40, licence="CC0",
        citation="", files=(FileSpec("merged.txt", _sha(merged), len(merged), derived=True),
                            FileSpec("raw/a.txt", _sha(parts["raw/a.txt"]), len(parts["raw/a.txt"]),
                                     upstream_path="raw/a.txt")),
        upstream_sources=("raw/a.txt", "raw/b.txt"),
    )
    derived = []

    def derive(root: Path) -> None:
        derived.append(root)
        (root / "merged.txt").write_text("".join((root / "_upstream" / p).read_text() for p in sorted(parts)))

    real_load_card = registry.load_card
    monkeypatch.setattr(registry, "load_card", lambda n: card if n == card.name else real_load_card(n))
    monkeypatch.setitem(registry.ADAPTERS, card.name, registry.Adapter(card.name, _load, derive))
    www, base = upstream_server
    with pytest.raises(registry.DownloadError) as err:
        registry.resolve(card.name, data_dir=tmp_path / "nowhere", cache_dir=tmp_path / "cache", base_url=base)
    # raw/a.txt is a card file (fetched once, checksummed) and a derive input; raw/b.txt only a derive input
    assert [f.path for f in err.value.failures] == ["raw/a.txt", "_upstream/raw/b.txt"]
    assert derived == []  # no derive step on a partial download
    _write_tree(www / card.repository / card.commit, parts)
    root = registry.resolve(card.name, data_dir=tmp_path / "nowhere", cache_dir=tmp_path / "cache", base_url=base)
    assert (root / "merged.txt").read_text() == merged and (root / "_upstream" / "raw/a.txt").is_file()


def test_a_file_from_a_sibling_repository_is_downloaded_from_there(fictional, monkeypatch, tmp_path, upstream_server):
    sibling = FileSpec("README.md", _sha(FILES["README.md"]), len(FILES["README.md"]), upstream_path="docs/README.md",
                       repository="example/sibling", commit="2" * 40)
    card = DatasetCard(**{**CARD.__dict__, "files": (CARD.file("data/articles.csv"), sibling)})
    monkeypatch.setattr(registry, "load_card", lambda n: card)
    www, base = upstream_server
    _write_tree(www / card.repository / card.commit, {"data/articles.csv": FILES["data/articles.csv"]})
    _write_tree(www / "example/sibling" / ("2" * 40), {"docs/README.md": FILES["README.md"]})
    root = registry.resolve(card.name, data_dir=tmp_path / "nowhere", cache_dir=tmp_path / "cache", base_url=base)
    assert (root / "README.md").read_text() == FILES["README.md"]


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


def test_unknown_dataset_suggests_names():
    with pytest.raises(registry.DatasetError, match="no dataset named 'no_such_corpus'") as err:
        registry.load_dataset("no_such_corpus")
    assert not isinstance(err.value, KeyError)
    msg = str(err.value)
    assert "Did you mean" not in msg and all(name in msg for name in card_names()) and "abp = " in msg
    with pytest.raises(registry.UnknownDatasetError, match=r"Did you mean 'basil'\?"):
        registry.load_dataset("basel")
    with pytest.raises(registry.UnknownDatasetError, match="Did you mean 'article_bias_prediction'"):
        registry.resolve("article_bias")


def test_aliases_are_defined_once_and_resolve():
    required = {"abp": "article_bias_prediction", "pac": "pac_partisan_events", "neus": "neus_allsides",
                "un": "un_general_debate", "ruwa": "ruwa_headlines", "semeval2023": "semeval2023_task3_en"}
    assert required.items() <= registry.ALIASES.items()
    assert set(registry.ALIASES.values()) <= set(card_names())
    assert not set(registry.ALIASES) & set(card_names())  # an alias never hides a name
    assert [registry.canonical_name(a) for a in ("abp", "ABP", "Basil", "basil", "demo")] == [
        "article_bias_prediction", "article_bias_prediction", "basil", "basil", "demo"]


def test_an_alias_loads_the_dataset(realdata_dir, tmp_path):
    ds = registry.load_dataset("pac", data_dir=realdata_dir, cache_dir=tmp_path / "cache")
    assert ds.name == "pac_partisan_events" and len(ds.articles) == load_card("pac_partisan_events").n_articles


def test_repr_is_short_and_says_what_and_where(fictional, tmp_path):
    _write_tree(tmp_path / "mirror" / CARD.name, FILES)
    ds = registry.load_dataset(CARD.name, data_dir=tmp_path / "mirror", cache_dir=tmp_path / "cache")
    text = repr(ds)
    assert text.startswith("<Dataset 'fictional_summit': 2 articles, 2 outlets\n")
    assert "tables: articles 2, quarantine 1, outlets 2" in text
    assert str(tmp_path / "mirror" / CARD.name) in text and "example/fictional @ 0000000000" in text
    demo = repr(registry.load_dataset("demo"))
    assert len(demo) < 500 and "215 articles" in demo
    many = registry.Dataset("wide", ds.articles, {f"table_{i}": ds.articles for i in range(60)}, ds.quarantine, 3,
                            CARD, tmp_path / ("deep" * 80))
    assert len(repr(many)) < 500 and "…" in repr(many)


# Residue and markup the cleaning step removes (fictional text).
DIRTY = {
    "data/articles.csv": (
        "id,paper,day,headline,body\n"
        '1,Ostmark Herald,2024-03-05,Summit opens,"Home / world / Summit opens\n<p>Leaders of Veldra met.</p>\n'
        'Source link"\n'
        "2,Korvath Wire,2024-03-05,Summit begins,The Korvath summit began with a handshake.\n"
    ),
}
DIRTY_CARD = DatasetCard(
    name="fictional_dirty", description="", repository="example/dirty", commit="6" * 40, licence="CC0", citation="",
    files=tuple(FileSpec(p, _sha(t), len(t.encode()), upstream_path=p) for p, t in DIRTY.items()),
)


def _load_cleaning(root: Path):
    raw = pd.read_csv(root / "data/articles.csv", dtype="string")
    frame = raw.rename(columns={"id": "doc_id", "paper": "outlet", "day": "published", "headline": "title",
                                "body": "text"})
    return validate(frame, detect_languages=False), {}


@pytest.fixture
def dirty(monkeypatch, tmp_path):
    real_load_card = registry.load_card
    monkeypatch.setattr(registry, "load_card", lambda n: DIRTY_CARD if n == DIRTY_CARD.name else real_load_card(n))
    calls = []
    monkeypatch.setitem(registry.ADAPTERS, DIRTY_CARD.name,
                        registry.Adapter(DIRTY_CARD.name, lambda root: calls.append(root) or _load_cleaning(root)))
    _write_tree(tmp_path / "mirror" / DIRTY_CARD.name, DIRTY)
    return dict(data_dir=tmp_path / "mirror", cache_dir=tmp_path / "cache"), calls


def test_clean_false_returns_the_raw_text_cached_separately(dirty):
    kw, calls = dirty
    clean = registry.load_dataset(DIRTY_CARD.name, **kw)
    raw = registry.load_dataset(DIRTY_CARD.name, clean=False, **kw)
    assert len(calls) == 2  # the raw load did not come from the clean cache
    assert clean.articles["text"][0] == "Leaders of Veldra met."
    assert raw.articles["text"][0] == DIRTY["data/articles.csv"].split('"')[1]  # exactly as in the file
    assert "<p>" in raw.articles["text"][0] and "Source link" in raw.articles["text"][0]
    assert len(clean.cleaning) > 0 and len(raw.cleaning) == 0
    assert raw.clean is False and "raw text" in repr(raw) and "raw text" not in repr(clean)
    assert (raw.n_read, len(raw.articles)) == (clean.n_read, len(clean.articles)) == (2, 2)
    again_raw = registry.load_dataset(DIRTY_CARD.name, clean=False, **kw)
    again_clean = registry.load_dataset(DIRTY_CARD.name, **kw)
    assert len(calls) == 2  # both served from their own Parquet caches
    pd.testing.assert_frame_equal(again_raw.articles, raw.articles)
    pd.testing.assert_frame_equal(again_clean.articles, clean.articles)
    assert again_raw.clean is False and again_clean.clean is True


def test_demo_clean_false_is_the_raw_variant():
    clean, raw = registry.load_dataset("demo"), registry.load_dataset("demo", clean=False)
    assert raw.articles["doc_id"].tolist() == clean.articles["doc_id"].tolist()
    assert raw.articles["text"].str.contains("Home / ", regex=False).all()  # the planted breadcrumb line
    assert not clean.articles["text"].str.contains("Home / ", regex=False).any()


def test_changed_cleaning_code_is_a_cache_miss(dirty, tmp_path, monkeypatch):
    kw, calls = dirty
    src = tmp_path / "src" / "corpus"
    src.mkdir(parents=True)
    (src / "clean.py").write_text("RESIDUE = ['Source link']\n")
    monkeypatch.setattr(registry, "CODE_SOURCES", (src,))
    registry.load_dataset(DIRTY_CARD.name, **kw)
    registry.load_dataset(DIRTY_CARD.name, **kw)
    assert len(calls) == 1  # unchanged code: served from the cache
    (src / "clean.py").write_text("RESIDUE = ['Source link', 'Leave a Reply']\n")
    registry.load_dataset(DIRTY_CARD.name, **kw)
    assert len(calls) == 2  # changed cleaning source: rebuilt


def test_code_version_covers_the_real_sources_and_text_libraries(monkeypatch, tmp_path):
    from importlib import metadata

    package = Path(registry.__file__).resolve().parents[1]
    assert (package / "corpus" / "clean.py").is_file() and (package / "datasets" / "adapters").is_dir()
    base = registry.code_version()
    copy = tmp_path / "corpus"
    shutil.copytree(package / "corpus", copy, ignore=shutil.ignore_patterns("__pycache__"))
    sources = tuple(copy if s == "corpus" else s for s in registry.CODE_SOURCES)
    assert registry.code_version(sources) == base  # same bytes, same version, wherever they live
    with open(copy / "clean.py", "a") as fh:
        fh.write("# a changed residue pattern\n")
    assert registry.code_version(sources) != base
    real_version = metadata.version
    monkeypatch.setattr(metadata, "version", lambda lib: "0.0-test" if lib == "ftfy" else real_version(lib))
    assert registry.code_version() != base  # another ftfy: another cache


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
    assert by_name["article_bias_prediction"][3] == "abp" and by_name["un_general_debate"][3] == "un,ungd"
    assert by_name["basil"][3] == ""  # no alias


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
    raw = tmp_path / "raw.jsonl"
    res = subprocess.run([sys.executable, "-m", "toolkit", "datasets", "load", "demo", "--raw", "--output", str(raw)],
                         capture_output=True, text=True, check=True)
    assert res.stdout.strip().splitlines()[-1] == "read 215 kept 215 quarantined 0"
    assert read_jsonl(raw, clean=False, detect_languages=False).articles["text"].str.contains("Home / ").all()
    unknown = subprocess.run([sys.executable, "-m", "toolkit", "datasets", "load", "basel", "--output",
                              str(tmp_path / "x.jsonl")], capture_output=True, text=True)
    assert unknown.returncode == 2 and "Did you mean 'basil'?" in unknown.stderr


def test_cli_datasets_load_real(realdata_dir, tmp_path):
    out = tmp_path / "basil-spans.jsonl"
    env = {**os.environ, "TOOLKIT_DATA": str(realdata_dir), "TOOLKIT_CACHE": str(tmp_path / "c")}
    res = subprocess.run([sys.executable, "-m", "toolkit", "datasets", "load", "basil", "--table", "spans",
                          "--output", str(out)], capture_output=True, text=True, check=True, env=env)
    assert "wrote 1726 rows of spans" in res.stdout
    assert len(out.read_text().splitlines()) == 1726
