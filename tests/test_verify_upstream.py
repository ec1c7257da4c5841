"""``python -m toolkit datasets verify-upstream``: against the local HTTP server only (no network in tests)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.cli import main
from toolkit.datasets import cards as cards_module
from toolkit.datasets import registry
from toolkit.datasets.cards import DatasetCard, FileSpec, load_card

# A fictional dataset: one file in the card's repository, a README from a sibling repository, and a
# derived file rebuilt from two upstream inputs (one of them the checked card file).
FILES = {
    "up/articles.csv": "id,paper,body\n1,Ostmark Herald,Envoys met in Korvath.\n",
    "raw/b.txt": "Talks resumed in Veldra.\n",
}
README = "Fictional sibling README.\n"
PIN, SIBLING_PIN = "4" * 40, "5" * 40


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


CARD = DatasetCard(
    name="fictional_verify", description="", repository="example/verify", commit=PIN, licence="CC0", citation="",
    files=(
        FileSpec("articles.csv", _sha(FILES["up/articles.csv"]), len(FILES["up/articles.csv"]),
                 upstream_path="up/articles.csv"),
        FileSpec("README.sibling.md", _sha(README), len(README), upstream_path="README.md",
                 repository="example/sibling", commit=SIBLING_PIN),
        FileSpec("merged.txt", "c" * 64, 10, derived=True),
    ),
    upstream_sources=("up/articles.csv", "raw/b.txt"),
)


@pytest.fixture
def fictional(monkeypatch):
    real_load, real_names = cards_module.load_card, registry.card_names
    monkeypatch.setattr(cards_module, "load_card", lambda n: CARD if n == CARD.name else real_load(n))
    monkeypatch.setattr(registry, "card_names", lambda: [*real_names(), CARD.name])
    monkeypatch.delenv(registry.ENV_BASE_URL, raising=False)
    return CARD


def _serve_all(www: Path, files: dict[str, str] | None = None, readme: str = README) -> None:
    for rel, text in (files or FILES).items():
        p = www / CARD.repository / PIN / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    p = www / "example/sibling" / SIBLING_PIN / "README.md"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(readme)


def _run(capsys, *args: str) -> tuple[int, list[str]]:
    code = main(["datasets", "verify-upstream", *args])
    return code, capsys.readouterr().out.strip().splitlines()


def test_all_good(fictional, upstream_server, capsys):
    www, base = upstream_server
    _serve_all(www)
    code, out = _run(capsys, CARD.name, "--base-url", base)
    assert code == 0 and out == ["checked 3 URLs of 1 datasets: 0 problems"]
    code, out = _run(capsys, CARD.name, "--base-url", base, "--download")
    assert code == 0 and out == ["checked 3 URLs of 1 datasets: 0 problems"]


def test_missing_files_are_named_one_line_each(fictional, upstream_server, capsys, monkeypatch):
    www, base = upstream_server
    _serve_all(www, {"up/articles.csv": FILES["up/articles.csv"]})  # raw/b.txt missing
    (www / "example/sibling" / SIBLING_PIN / "README.md").unlink()  # the sibling README missing
    monkeypatch.setenv(registry.ENV_BASE_URL, base)  # the download override works here too
    code, out = _run(capsys, CARD.name)
    assert code == 1
    assert out[-1] == "checked 3 URLs of 1 datasets: 2 problems"
    assert out[:-1] == [
        f"PROBLEM fictional_verify: README.sibling.md: HTTP 404 (not found at the pinned commit) "
        f"({base}/example/sibling/{SIBLING_PIN}/README.md)",
        f"PROBLEM fictional_verify: _upstream/raw/b.txt: HTTP 404 (not found at the pinned commit) "
        f"({base}/example/verify/{PIN}/raw/b.txt)",
    ]


def test_wrong_sha256_is_found_with_download(fictional, upstream_server, capsys):
    www, base = upstream_server
    changed = FILES["up/articles.csv"].replace("Korvath", "Veldrax")  # same size, other bytes
    _serve_all(www, dict(FILES, **{"up/articles.csv": changed}))
    code, out = _run(capsys, CARD.name, "--base-url", base)
    assert code == 0  # existence and size only: the change is invisible without --download
    code, out = _run(capsys, CARD.name, "--base-url", base, "--download")
    assert code == 1 and len(out) == 2
    assert out[0].startswith("PROBLEM fictional_verify: articles.csv: sha256 mismatch: upstream has "
                             f"{_sha(changed)}")
    assert out[1] == "checked 3 URLs of 1 datasets: 1 problem"


def test_git_lfs_pointer_is_found(fictional, upstream_server, capsys):
    www, base = upstream_server
    pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "d" * 64 + "\nsize 12\n"
    _serve_all(www, readme=pointer)
    code, out = _run(capsys, CARD.name, "--base-url", base)
    assert code == 1 and f"size {len(pointer)} bytes, the card expects {len(README)}" in out[0]
    code, out = _run(capsys, CARD.name, "--base-url", base, "--download")
    assert code == 1 and "Git LFS pointer" in out[0] and "README.sibling.md" in out[0]


def test_unreachable_server_means_no_network(fictional, capsys):
    code, out = _run(capsys, CARD.name, "--base-url", "http://127.0.0.1:9")  # discard port: refused at once
    assert code == 2 and len(out) == 1 and out[0].startswith("no network: cannot reach http://127.0.0.1:9/")


def test_unknown_name_is_an_error_with_suggestions(capsys):
    assert main(["datasets", "verify-upstream", "basel"]) == 2
    assert "Did you mean 'basil'?" in capsys.readouterr().err


FOUR = ["gvfc", "us_gov_ukraine_statements_2022", "semeval2023_task3_en", "field2018_frame_lexicons"]


@pytest.mark.realdata
def test_the_four_corrected_cards_against_a_simulated_upstream(realdata_dir, tmp_path):
    """Shared files served at the cards' URLs (their own repository/commit where set): sha256 all match.

    Derive inputs that are not card files (field2018's pickles) are absent from the shared copies,
    so only those may be reported missing.
    """
    www = tmp_path / "www"
    for name in FOUR:
        card = load_card(name)
        for f in card.files:
            if f.upstream_path:
                repo, commit = card.pin_of(f)
                target = www / repo / commit / f.upstream_path
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(realdata_dir / name / f.path, target)
    from conftest import serve_directory

    with serve_directory(www) as base:
        env = {**os.environ, "TOOLKIT_DOWNLOAD_BASE": base}
        res = subprocess.run([sys.executable, "-m", "toolkit", "datasets", "verify-upstream", *FOUR, "--download"],
                             capture_output=True, text=True, env=env, timeout=300)
    lines = res.stdout.strip().splitlines()
    problems = [line for line in lines if line.startswith("PROBLEM")]
    assert all(line.startswith("PROBLEM field2018_frame_lexicons: _upstream/src/log_odds_comp/") for line in problems)
    assert len(problems) == len(load_card("field2018_frame_lexicons").upstream_sources)
    assert lines[-1].startswith("checked ") and res.returncode == 1
