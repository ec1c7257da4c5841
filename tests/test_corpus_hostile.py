"""Issue #12 item 5: hostile input is read in bounded memory with a clear reason.

Limits are on memory (tracemalloc peak) and on what is kept, never on wall time.
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from toolkit.corpus import read
from toolkit.corpus.folders import MAX_DOCUMENT_BYTES
from toolkit.corpus.readers import MAX_JSON_DEPTH

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
OUTLET = "Ostmark Herald"
GOOD_TEXT = "Envoys from Veldra and Ostmark met in Korvath on Tuesday to discuss the grain corridor."
MB = 1024 * 1024


def peak_bytes(fn):
    """Run ``fn``; return its result and the peak Python memory it allocated."""
    tracemalloc.start()
    try:
        out = fn()
        return out, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_billion_laughs_html_is_not_expanded(tmp_path):
    entities = ['<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        refs = f"&lol{i - 1};" * 10
        entities.append(f'<!ENTITY lol{i} "{refs}">')
    page = (f'<?xml version="1.0"?><!DOCTYPE html [{"".join(entities)}]><html><head><title>Talks</title></head>'
            f"<body><article><p>&lol9;</p><p>{GOOD_TEXT}</p></article></body></html>")
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "laughs.html").write_text(page, encoding="utf-8")
    table, peak = peak_bytes(lambda: read(folder, defaults={"outlet": OUTLET}, detect_languages=False))
    assert table.counts["read"] == 1
    assert peak < 200 * MB  # 10**9 "lol"s would be 3 GB
    text = " ".join(table.articles["text"]) + " ".join(table.quarantine["reason"])
    assert "lollollol" not in text


def test_50_mb_page_is_quarantined_unread(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    size = 50 * MB
    with open(folder / "huge.html", "w", encoding="utf-8") as fh:
        fh.write("<html><body><p>")
        chunk = "word " * (MB // 5)
        for _ in range(size // len(chunk) + 1):
            fh.write(chunk)
        fh.write("</p></body></html>")
    (folder / "ok.html").write_text(f"<html><body><article><p>{GOOD_TEXT}</p></article></body></html>",
                                    encoding="utf-8")
    # warm-up on the small page alone: first-time imports (HTML extraction, language data) would otherwise count
    # in the peak when this test runs first in its process
    warm = tmp_path / "warm"
    warm.mkdir()
    (warm / "ok.html").write_bytes((folder / "ok.html").read_bytes())
    read(warm, defaults={"outlet": OUTLET}, detect_languages=False)
    table, peak = peak_bytes(lambda: read(folder, defaults={"outlet": OUTLET}, detect_languages=False))
    assert table.counts == {"read": 2, "kept": 1, "quarantined": 1}
    q = table.quarantine.iloc[0]
    assert q["doc_id"] == "huge" and q["reason"].startswith(f"document over {MAX_DOCUMENT_BYTES} bytes")
    assert peak < 20 * MB  # the page is never loaded


def test_100_mb_csv_field(tmp_path):
    p = tmp_path / "big.csv"
    field = 100 * MB
    with open(p, "w", encoding="utf-8") as fh:
        fh.write(f"doc_id,outlet,text\nbig,{OUTLET},")
        chunk = "x" * MB
        for _ in range(field // MB):
            fh.write(chunk)
        fh.write(f"\nok,{OUTLET},{GOOD_TEXT}\n")
    table, peak = peak_bytes(lambda: read(p, detect_languages=False))
    assert table.counts == {"read": 2, "kept": 1, "quarantined": 1}
    q = table.quarantine.iloc[0]
    assert q["line"] == 2 and q["reason"].startswith("field over 5 MB") and len(q["raw"]) < 600
    assert peak < 4 * field  # file bytes + decoded text + one line; never the field parsed into a table


def test_json_nested_10000_deep(tmp_path):
    p = tmp_path / "deep.jsonl"
    deep_obj = '{"doc_id": "deep", "outlet": "X", "text": ' + "[" * 10_000 + "]" * 10_000 + "}"
    moderately_deep = '{"doc_id": "mid", "outlet": "X", "text": ' + "[" * 500 + "]" * 500 + "}"
    good = json.dumps({"doc_id": "ok", "outlet": OUTLET, "text": GOOD_TEXT})
    p.write_text("\n".join(["[" * 10_000 + "]" * 10_000, deep_obj, moderately_deep, good]) + "\n", encoding="utf-8")
    table, peak = peak_bytes(lambda: read(p, detect_languages=False))
    assert table.counts == {"read": 4, "kept": 1, "quarantined": 3}
    assert set(table.quarantine["reason"]) == {f"JSON nested too deeply (over {MAX_JSON_DEPTH} levels)"}
    assert peak < 50 * MB


def test_folder_with_symlink_loops(tmp_path):
    folder = tmp_path / "site"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(f"---\noutlet: {OUTLET}\n---\n{GOOD_TEXT}\n", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(f"---\noutlet: {OUTLET}\n---\n{GOOD_TEXT} Again.\n", encoding="utf-8")
    (folder / "sub" / "up").symlink_to(folder)  # loop back to the top
    (folder / "self").symlink_to(folder / "self")  # a link to itself
    (folder / "gone.txt").symlink_to(folder / "missing.txt")  # broken
    (folder / "alias.txt").symlink_to(folder / "a.txt")  # a file link is followed
    table = read(folder, detect_languages=False)
    assert sorted(table.articles["doc_id"]) == ["a", "alias", "sub/b"]
    joined = "\n".join(table.notes)
    assert "symlink loop" in joined and str(folder / "sub" / "up") in joined
    assert str(folder / "self") in joined and str(folder / "gone.txt") in joined
    assert "symlink loop" in table.summary()


def test_symlink_loop_given_directly_is_a_clear_error(tmp_path):
    from toolkit.corpus import CorpusError

    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(CorpusError, match="symbolic link"):
        read(loop, format="txt")
    with pytest.raises(CorpusError, match="symbolic link"):
        read(Path(str(loop) + ".csv").parent / "loop", format="csv")


def test_yaml_alias_bomb_in_front_matter(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    (folder / "bomb.txt").write_text("---\n" + "\n".join(levels) + "\noutlet: *a8\n---\n" + GOOD_TEXT + "\n",
                                     encoding="utf-8")
    (folder / "ok.txt").write_text(f"---\noutlet: {OUTLET}\n---\n{GOOD_TEXT}\n", encoding="utf-8")
    table, peak = peak_bytes(lambda: read(folder, detect_languages=False))
    assert table.counts == {"read": 2, "kept": 1, "quarantined": 1}
    assert table.quarantine["reason"].iloc[0].startswith("front matter uses YAML aliases")
    assert peak < 50 * MB
