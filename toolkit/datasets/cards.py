"""Dataset cards: what each real corpus is, where it comes from, and every file's sha256.

Cards live as JSON in ``toolkit/datasets/cards/<name>.json`` (metadata and checksums only,
never corpus text). ``python -m toolkit.datasets.cards SHARED_CORPORA_DIR`` (re)builds them from
each dataset's ``SOURCE.md``, keeping hand-edited ``upstream_path`` / ``derived`` fields.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from importlib import resources
from pathlib import Path

CARD_DIR = "cards"
RAW_URL = "https://raw.githubusercontent.com/{repository}/{commit}/{path}"


@dataclass(frozen=True)
class FileSpec:
    """One file of a dataset.

    Attributes
    ----------
    path : str
        Path relative to the dataset folder (the layout of ``$TOOLKIT_DATA/<name>/``).
    sha256 : str
        Checksum of the file as the toolkit expects it.
    size : int
        Size in bytes.
    upstream_path : str or None
        Path in the upstream repository at the pinned commit when the file is byte-identical
        upstream; None for files that are derived or come from elsewhere.
    derived : bool
        True when the file is built from upstream files by ``derive`` (see the adapter).
    optional : bool
        Documentation that is not needed to load the data and has no pinned upstream location:
        checked when present, never required.
    repository, commit : str or None
        Where this one file lives when not in the card's repository at the card's commit, e.g.
        a README of a sibling repository (``owner/name`` and a 40-hex commit). None (the default)
        means the card's own ``repository`` / ``commit``; both must be given together.
    """

    path: str
    sha256: str
    size: int
    upstream_path: str | None = None
    derived: bool = False
    optional: bool = False
    repository: str | None = None
    commit: str | None = None

    def __post_init__(self) -> None:
        if (self.repository is None) != (self.commit is None):
            raise ValueError(f"{self.path}: a file that names its own repository must also name its commit "
                             f"(found repository={self.repository!r}, commit={self.commit!r}); give both or "
                             f"neither.")
        if self.repository is not None and self.upstream_path is None:
            raise ValueError(f"{self.path}: repository {self.repository!r} is given but no upstream_path; say "
                             f"where the file is in that repository.")


@dataclass(frozen=True)
class DatasetCard:
    """Provenance of one dataset: upstream repository and commit, licence, citation, files."""

    name: str
    description: str
    repository: str
    commit: str
    licence: str
    citation: str
    files: tuple[FileSpec, ...] = ()
    tables: tuple[str, ...] = ()
    upstream_sources: tuple[str, ...] = field(default=())  # upstream paths a derive step reads
    n_articles: int | None = None  # articles kept by the adapter (filled by `cards --counts`)
    table_columns: dict[str, list[str]] = field(default_factory=dict)  # filled by `cards --counts`

    def file(self, path: str) -> FileSpec:
        """Return the :class:`FileSpec` for ``path``."""
        for f in self.files:
            if f.path == path:
                return f
        raise KeyError(f"{self.name}: no file {path!r} in the card; known: {[f.path for f in self.files][:10]}")

    def url(self, upstream_path: str, base: str | None = None, *, repository: str | None = None,
            commit: str | None = None) -> str:
        """Download URL of ``upstream_path`` at the pinned commit.

        Parameters
        ----------
        upstream_path : str
            Path inside the repository.
        base : str, optional
            Host replacing ``https://raw.githubusercontent.com`` (mirrors, the tests' local server);
            the URL is then ``<base>/<repository>/<commit>/<upstream_path>``.
        repository, commit : str, optional
            A file's own repository and commit (see :class:`FileSpec`); default the card's.
        """
        repository = repository or self.repository
        commit = commit or self.commit
        if base:
            return f"{base.rstrip('/')}/{repository}/{commit}/{upstream_path}"
        return RAW_URL.format(repository=repository, commit=commit, path=upstream_path)

    def file_url(self, f: FileSpec, base: str | None = None) -> str:
        """Download URL of file ``f`` (its own repository and commit when it names them)."""
        if f.upstream_path is None:
            raise ValueError(f"{self.name}: {f.path} has no upstream path, so it has no download URL.")
        return self.url(f.upstream_path, base, repository=f.repository, commit=f.commit)

    def pin_of(self, f: FileSpec) -> tuple[str, str]:
        """``(repository, commit)`` that file ``f`` is fetched from."""
        return (f.repository or self.repository, f.commit or self.commit)

    @property
    def required_files(self) -> tuple[FileSpec, ...]:
        return tuple(f for f in self.files if not f.optional)

    @property
    def derived_files(self) -> tuple[FileSpec, ...]:
        return tuple(f for f in self.files if f.derived)

    def to_json(self) -> str:
        """The card as JSON (per-file ``repository`` / ``commit`` written only where a file sets them)."""
        data = asdict(self)
        for f in data["files"]:
            for key in ("repository", "commit"):
                if f[key] is None:
                    del f[key]
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls, data: dict) -> "DatasetCard":
        data = dict(data)
        data["files"] = tuple(FileSpec(**f) for f in data.get("files", ()))
        data["tables"] = tuple(data.get("tables", ()))
        data["upstream_sources"] = tuple(data.get("upstream_sources", ()))
        return cls(**data)


def load_card(name: str) -> DatasetCard:
    """Read the packaged card of dataset ``name``."""
    res = resources.files("toolkit.datasets").joinpath(CARD_DIR, f"{name}.json")
    if not res.is_file():
        raise KeyError(f"no dataset card named {name!r}; known: {card_names()}")
    return DatasetCard.from_dict(json.loads(res.read_text(encoding="utf-8")))


def card_names() -> list[str]:
    """Names of all packaged cards, sorted."""
    folder = resources.files("toolkit.datasets").joinpath(CARD_DIR)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


_UPSTREAM = re.compile(r"^- upstream: github\.com/(\S+) at commit ([0-9a-f]{40})", re.M)
_LICENCE = re.compile(r"^- licence: (.+)$", re.M)
_CITE = re.compile(r"^- cite: (.+)$", re.M)
_FILE = re.compile(r"^([0-9a-f]{64})\s+(\d+)\s+(.+?)\s*$", re.M)


def card_from_source_md(text: str, name: str, previous: DatasetCard | None = None) -> DatasetCard:
    """Parse a ``SOURCE.md`` into a card; what a maintainer set by hand in ``previous`` is kept.

    Kept from ``previous``: the card's pin (``repository`` / ``commit``: a card may be re-pinned
    to another commit than the one the shared copy was taken from, see README "Re-pinning a
    dataset"), each file's ``upstream_path``, ``derived``, ``optional`` and own
    ``repository`` / ``commit``, and the recorded ``tables``, ``upstream_sources``,
    ``n_articles`` and ``table_columns``. Checksums, sizes, the file list, description, licence
    and citation come from ``SOURCE.md``.
    """
    m = _UPSTREAM.search(text)
    if not m:
        raise ValueError(f"{name}/SOURCE.md: no '- upstream: github.com/OWNER/REPO at commit SHA' line")
    paras = [p.strip() for p in text.split("\n\n")]
    description = next((p for p in paras[1:] if p and not p.startswith(("-", "#", "Files", "```"))), "")
    prev_files = {f.path: f for f in previous.files} if previous else {}
    files = []
    for sha, size, path in _FILE.findall(text):
        old = prev_files.get(path)
        if old is not None:
            files.append(replace(old, sha256=sha, size=int(size)))
            continue
        derived = bool(re.search(re.escape(path) + r"[^.]{0,40}\bDERIVED", text))
        files.append(FileSpec(path=path, sha256=sha, size=int(size), upstream_path=None if derived else path,
                              derived=derived))
    return DatasetCard(
        name=name,
        description=description,
        repository=previous.repository if previous else m.group(1),
        commit=previous.commit if previous else m.group(2),
        licence=(_LICENCE.search(text) or [None, ""])[1],
        citation=(_CITE.search(text) or [None, ""])[1],
        files=tuple(files),
        tables=previous.tables if previous else (),
        upstream_sources=previous.upstream_sources if previous else (),
        n_articles=previous.n_articles if previous else None,
        table_columns=previous.table_columns if previous else {},
    )


def source_md_pin(text: str) -> tuple[str, str] | None:
    """``(repository, commit)`` named by a ``SOURCE.md``'s ``- upstream:`` line, or None."""
    m = _UPSTREAM.search(text)
    return (m.group(1), m.group(2)) if m else None


def build_cards(shared: Path, out: Path) -> list[Path]:
    """Write ``out/<name>.json`` for every ``shared/<name>/SOURCE.md``."""
    written = []
    out.mkdir(parents=True, exist_ok=True)
    for src in sorted(Path(shared).glob("*/SOURCE.md")):
        name = src.parent.name
        target = out / f"{name}.json"
        previous = DatasetCard.from_dict(json.loads(target.read_text())) if target.exists() else None
        text = src.read_text(encoding="utf-8")
        card = card_from_source_md(text, name, previous)
        pin = source_md_pin(text)
        if pin != (card.repository, card.commit):
            print(f"note: {name}: the card stays pinned to {card.repository}@{card.commit[:10]}; SOURCE.md "
                  f"names {pin[0]}@{pin[1][:10]} (edit the card to re-pin)")
        target.write_text(card.to_json(), encoding="utf-8")
        written.append(target)
    return written


def record_counts(data_dir: Path, out: Path, names: list[str] | None = None) -> None:
    """Load each dataset from ``data_dir`` and record its article count and table columns in its card."""
    from .registry import load_dataset

    for name in names or card_names():
        target = out / f"{name}.json"
        card = DatasetCard.from_dict(json.loads(target.read_text()))
        ds = load_dataset(name, data_dir=data_dir, download_missing=False)
        columns = {"articles": list(map(str, ds.articles.columns))}
        columns.update({t: list(map(str, df.columns)) for t, df in ds.tables.items()})
        card = replace(card, n_articles=len(ds.articles), tables=tuple(ds.tables), table_columns=columns)
        target.write_text(card.to_json(), encoding="utf-8")
        print(f"{name}: {len(ds.articles)} articles, tables {list(ds.tables)}")


def provenance_markdown() -> str:
    """The provenance table of every packaged card, as Markdown (kept in ``corpora/README.md``)."""
    lines = ["| name | articles | tables | upstream (pinned commit) | licence | cite |", "|---|---|---|---|---|---|"]
    for name in card_names():
        c = load_card(name)
        n = "—" if c.n_articles is None else f"{c.n_articles:,}"
        tables = ", ".join(f"`{t}`" for t in c.tables) or "—"
        lines.append(f"| `{name}` | {n} | {tables} | {c.repository} @ `{c.commit[:10]}` | {c.licence} | {c.citation} |")
    return "\n".join(lines) + "\n"


def columns_markdown() -> str:
    """Every dataset's tables and their columns, as Markdown (kept in ``corpora/README.md``)."""
    out = []
    for name in card_names():
        c = load_card(name)
        if not c.table_columns:
            continue
        out.append(f"**{name}**")
        out.append("")
        for table, cols in c.table_columns.items():
            out.append(f"- `{table}`: " + ", ".join(f"`{col}`" for col in cols))
        out.append("")
    return "\n".join(out)


GENERATED = {"provenance": provenance_markdown, "columns": columns_markdown}


def render_readme(text: str) -> str:
    """Replace each ``<!-- BEGIN generated: KEY … -->`` … ``<!-- END generated: KEY -->`` block with fresh output."""
    for key, fn in GENERATED.items():
        m = re.search(rf"(<!-- BEGIN generated: {key}[^>]*-->\n)(.*?)(<!-- END generated: {key} -->)", text, re.S)
        if m:
            text = text[:m.start(2)] + fn() + text[m.end(2):]
    return text


if __name__ == "__main__":  # pragma: no cover
    import argparse

    parser = argparse.ArgumentParser(description="Build dataset cards from SOURCE.md files; record counts.")
    parser.add_argument("shared", type=Path, help="folder laid out like the shared corpora")
    parser.add_argument("--counts", action="store_true", help="load every dataset and record counts/columns")
    parser.add_argument("--only", nargs="*", help="dataset names (with --counts)")
    parser.add_argument("--readme", type=Path, help="rewrite the generated sections of this README instead")
    args = parser.parse_args()
    folder = Path(__file__).parent / CARD_DIR
    if args.readme:
        args.readme.write_text(render_readme(args.readme.read_text(encoding="utf-8")), encoding="utf-8")
    elif args.counts:
        record_counts(args.shared, folder, args.only)
    else:
        for p in build_cards(args.shared, folder):
            print(p)
