"""Figure functions return Axes with the expected artists; save_figure writes png + csv + manifest."""

from __future__ import annotations

import hashlib
import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from toolkit import plots  # noqa: E402
from toolkit.corpus import STEPS  # noqa: E402

OUTLETS = ["Alder Gazette", "Birch Times", "Cedar Post"]
EVENTS = ["e1", "e2", "e3", "e4"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def articles() -> pd.DataFrame:
    """Three fictional outlets x four events; Cedar Post skips e4; one article has no date."""
    rows = []
    base = pd.Timestamp("2024-03-04", tz="UTC")  # a Monday
    n = 0
    for e, event in enumerate(EVENTS):
        for o, outlet in enumerate(OUTLETS):
            if outlet == "Cedar Post" and event == "e4":
                continue
            for k in range(1 + (o + e) % 2):
                n += 1
                rows.append({
                    "doc_id": f"d{n:03d}", "outlet": outlet, "published": base + pd.Timedelta(days=7 * e + k),
                    "title": f"t{n}", "text": " ".join(["word"] * (50 + 10 * o + k)), "event_id": event,
                })
    frame = pd.DataFrame(rows)
    frame.loc[0, "published"] = pd.NaT
    return frame


def test_coverage_heatmap_has_one_cell_per_outlet_and_event(articles):
    ax = plots.coverage_heatmap(articles)
    mesh = ax.collections[0]
    assert mesh.get_array().size == len(OUTLETS) * len(EVENTS)
    data = plots.coverage_heatmap_data(articles)
    assert len(data) == len(OUTLETS) * len(EVENTS)
    cell = data.set_index(["outlet", "column"])["articles"]
    assert cell[("Cedar Post", "e4")] == 0
    assert data["articles"].sum() == len(articles)
    assert [t.get_text() for t in ax.get_yticklabels()] == OUTLETS
    assert [t.get_text() for t in ax.get_xticklabels()] == EVENTS  # chronological order


def test_coverage_keeps_top_events_and_falls_back_to_months(articles):
    data = plots.coverage_heatmap_data(articles, max_events=2)
    assert data["column"].nunique() == 2
    assert data.attrs["n_columns_total"] == len(EVENTS)
    no_events = articles.drop(columns="event_id")
    monthly = plots.coverage_heatmap_data(no_events)
    assert monthly.attrs["column_kind"] == "period"
    assert set(monthly["column"]) == {"2024-03"}
    assert monthly.attrs["n_articles_without_column"] == 1  # the undated article
    ax = plots.coverage_heatmap(no_events)
    assert ax.collections[0].get_array().size == len(OUTLETS)


def test_articles_over_time_lines_and_rows(articles):
    data = plots.articles_over_time_data(articles, freq="W")
    assert data.attrs["n_undated"] == 1
    assert data["articles"].sum() == len(articles) - 1
    assert len(data) == data["period"].nunique() * len(OUTLETS)  # zeros filled in
    ax = plots.articles_over_time(articles, freq="W", kind="lines")
    assert len(ax.get_lines()) == len(OUTLETS)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(dict.fromkeys(data["group"]))
    _, ax2 = plt.subplots()
    out = plots.articles_over_time(articles, freq="W", ax=ax2)  # default: one row of bars per outlet
    assert out is ax2
    assert len(ax2.patches) == len(data)


def test_articles_over_time_auto_freq(articles):
    assert plots.articles_over_time_data(articles, freq="auto").attrs["freq"] == "D"


def test_length_distribution(articles):
    data = plots.length_distribution_data(articles)
    assert len(data) == len(articles)
    assert data.set_index("doc_id").loc["d001", "words"] == 50
    ax = plots.length_distribution(articles)
    assert len(ax.get_yticklabels()) == len(OUTLETS)
    assert data["group"].iloc[0] == "Cedar Post"  # longest median first


@pytest.fixture
def quarantine() -> pd.DataFrame:
    return pd.DataFrame({
        "source": ["a.csv", "a.csv", "a.csv", "b.jsonl"], "line": [2, 3, 5, 1], "doc_id": [None] * 4,
        "field": ["doc_id", "text", None, None],
        "reason": ["missing doc_id", "empty or whitespace-only text",
                   "wrong number of fields: expected 9, found 7", "wrong number of fields: expected 9, found 8"],
        "raw": [""] * 4,
    })


def test_quarantine_reasons(quarantine):
    data = plots.quarantine_reasons_data(quarantine)
    assert data.iloc[0].to_dict() == {"reason": "wrong number of fields", "rows": 2, "sources": 2}
    assert data["rows"].sum() == len(quarantine)
    ax = plots.quarantine_reasons(quarantine)
    assert len(ax.patches) == len(data)
    assert len(plots.quarantine_reasons_data(quarantine, detail=True)) == 4


def test_empty_tables_draw_a_message(quarantine):
    ax = plots.quarantine_reasons(quarantine.iloc[0:0])
    assert "no rows quarantined" in [t.get_text() for t in ax.texts]
    ax = plots.wire_copies_by_outlet(pd.DataFrame(columns=["outlet_original", "outlet_copy", "direction", "n_copies",
                                                           "share"]))
    assert "no wire copies found" in [t.get_text() for t in ax.texts]


def test_cleaning_steps():
    cleaning = pd.DataFrame({"doc_id": ["a", "b", "b", "c"], "step": ["residue", "residue", "residue", "html"],
                             "removed": ["Share this", "Home / x", "Tags: y", "<p>"]})
    data = plots.cleaning_steps_data(cleaning)
    assert list(data["step"]) == list(STEPS)
    row = data.set_index("step").loc["residue"]
    assert (row["documents"], row["changes"], row["chars_removed"]) == (2, 3, 25)
    ax = plots.cleaning_steps(cleaning, n_documents=10)
    assert len(ax.patches) == len(STEPS)


def test_wire_copies_from_report_flagged_and_pairs(articles):
    from toolkit.corpus.dedup import flag_wire_copies, wire_copy_report

    pairs = pd.DataFrame({"doc_id_a": ["d002", "d002"], "doc_id_b": ["d004", "d005"]})
    flagged = flag_wire_copies(articles, pairs)
    report = wire_copy_report(flagged)
    from_report = plots.wire_copies_by_outlet_data(report)
    pd.testing.assert_frame_equal(from_report, plots.wire_copies_by_outlet_data(flagged))
    pd.testing.assert_frame_equal(from_report, plots.wire_copies_by_outlet_data(pairs, articles))
    assert from_report["n_copies"].sum() == 2
    ax = plots.wire_copies_by_outlet(report)
    n_copiers = from_report["outlet_copy"].nunique()
    known = from_report["direction"] == "known"
    n_sources = from_report.loc[known, "outlet_original"].nunique()
    n_ties = from_report.loc[~known, "direction"].nunique()
    assert len(ax.patches) == n_copiers * (n_sources + n_ties)
    with pytest.raises(ValueError, match="wire_copy_report"):
        plots.wire_copies_by_outlet_data(pairs)  # pairs need the articles


def test_wire_copies_show_direction_only_where_known():
    report = pd.DataFrame({"outlet_original": ["Korvath Wire", "Brenn Daily", "Korvath Wire", "Ostmark Herald"],
                           "outlet_copy": ["Veldra Courier", "Veldra Courier", "Ostmark Herald", "Brenn Daily"],
                           "direction": ["known", "undirected", "agency-tie", "undirected"],
                           "n_copies": [3, 2, 1, 1], "share": [0.3, 0.2, 0.1, 0.1]})
    data = plots.wire_copies_by_outlet_data(report)
    assert data["outlet_copy"].tolist() == ["Veldra Courier", "Veldra Courier", "Brenn Daily", "Ostmark Herald"]
    assert data["direction"].tolist() == ["known", "undirected", "undirected", "agency-tie"]
    ax = plots.wire_copies_by_outlet(report, data=data)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    # the originals of ties are not drawn as sources: only the known one is
    assert labels == ["Korvath Wire", plots.overview.TIE_LABELS["agency-tie"], plots.overview.TIE_LABELS["undirected"]]
    widths = {(c.get_label(), i): p.get_width() for c in ax.containers for i, p in enumerate(c.patches)}
    assert widths[("Korvath Wire", 0)] == 3 and widths[(plots.overview.TIE_LABELS["undirected"], 0)] == 2
    assert widths[(plots.overview.TIE_LABELS["agency-tie"], 2)] == 1 and widths[("Korvath Wire", 2)] == 0
    # a report without a direction column: nothing is attributed
    old = plots.wire_copies_by_outlet_data(report.drop(columns="direction"))
    assert set(old["direction"]) == {"undirected"}


def test_figure_functions_draw_on_given_axes(articles, quarantine):
    calls = [
        lambda ax: plots.coverage_heatmap(articles, ax=ax),
        lambda ax: plots.articles_over_time(articles, ax=ax),
        lambda ax: plots.length_distribution(articles, ax=ax),
        lambda ax: plots.quarantine_reasons(quarantine, ax=ax),
        lambda ax: plots.cleaning_steps(pd.DataFrame(columns=["doc_id", "step", "removed"]), ax=ax),
    ]
    for call in calls:
        _, ax = plt.subplots()
        assert call(ax) is ax


def test_house_style_context_restores_rcparams():
    before = dict(matplotlib.rcParams)
    with plots.house_style():
        assert matplotlib.rcParams["savefig.dpi"] == plots.DPI
        assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"] == list(plots.PALETTE)
    assert matplotlib.rcParams["savefig.dpi"] == before["savefig.dpi"]


def _save(articles, out_dir, *, synthetic=True):
    data = plots.coverage_heatmap_data(articles)
    ax = plots.coverage_heatmap(articles, data=data)
    manifest = plots.save_figure(ax.figure, "coverage", data, out_dir=out_dir, params={"max_events": 30},
                                 source_label="unit-test", synthetic=synthetic)
    return ax.figure, manifest


def test_save_figure_writes_png_csv_and_manifest(articles, tmp_path):
    fig, manifest = _save(articles, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coverage.csv", "coverage.json", "coverage.png",
                                                          "coverage.svg"]
    on_disk = json.loads((tmp_path / "coverage.json").read_text())
    assert on_disk == manifest
    csv_bytes = (tmp_path / "coverage.csv").read_bytes()
    assert on_disk["data"]["sha256"] == hashlib.sha256(csv_bytes).hexdigest()
    assert on_disk["image"]["sha256"] == hashlib.sha256((tmp_path / "coverage.png").read_bytes()).hexdigest()
    assert on_disk["name"] == "coverage" and on_disk["dataset"] == "unit-test"
    assert on_disk["parameters"] == {"max_events": 30}
    assert isinstance(on_disk["git_commit"], str) and on_disk["git_commit"]
    assert on_disk["toolkit_version"]
    assert pd.read_csv(tmp_path / "coverage.csv").shape == (len(OUTLETS) * len(EVENTS), 3)
    assert (tmp_path / "coverage.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


FIGURES = {
    "coverage": (plots.coverage_heatmap_data, plots.coverage_heatmap),
    "length": (plots.length_distribution_data, plots.length_distribution),  # jittered dots: seeded
    "over-time": (plots.articles_over_time_data, plots.articles_over_time),
}


@pytest.mark.parametrize("name", FIGURES)
def test_png_csv_and_manifest_bytes_are_deterministic(articles, tmp_path, name):
    make_data, draw = FIGURES[name]
    for run in ("a", "b"):
        data = make_data(articles)
        ax = draw(articles, data=data)
        plots.save_figure(ax.figure, name, data, out_dir=tmp_path / run, params={}, source_label="unit-test",
                          synthetic=True)
        plt.close("all")
    for suffix in ("png", "svg", "csv"):
        assert (tmp_path / "a" / f"{name}.{suffix}").read_bytes() == (tmp_path / "b" / f"{name}.{suffix}").read_bytes()
    # the manifest too, except the commit (someone may commit between the two runs)
    a, b = (json.loads((tmp_path / run / f"{name}.json").read_text()) for run in ("a", "b"))
    a.pop("git_commit"), b.pop("git_commit")
    assert a == b


def test_synthetic_label_is_drawn_only_for_synthetic_data(articles, tmp_path):
    fig, _ = _save(articles, tmp_path / "syn", synthetic=True)
    texts = [t.get_text() for t in fig.texts]
    assert plots.SYNTHETIC_LABEL in texts
    assert "data: unit-test" in texts
    plots.save_figure(fig, "again", pd.DataFrame({"x": [1]}), out_dir=tmp_path / "syn", params=None,
                      source_label="unit-test", synthetic=True)
    assert [t.get_text() for t in fig.texts].count(plots.SYNTHETIC_LABEL) == 1  # replaced, not stacked
    fig2, _ = _save(articles, tmp_path / "real", synthetic=False)
    assert plots.SYNTHETIC_LABEL not in [t.get_text() for t in fig2.texts]
    assert json.loads((tmp_path / "real" / "coverage.json").read_text())["synthetic"] is False


def test_contrast_intervals_keep_room_for_the_intervals_with_long_labels():
    """Long "measure · group" row labels and the legend widen a new figure instead of squeezing the data panel."""
    rows = []
    for m in ("stance:Volodymyr Zelensky", "stance:Vladimir Putin"):
        for g, e in (("Office of the President of Ukraine", 0.1), ("Kremlin (President of Russia)", -0.2)):
            rows.append({"group": g, "measure": m, "estimate": e, "ci_low": e - 0.1, "ci_high": e + 0.1})
    table = pd.DataFrame(rows)
    ax = plots.contrast_intervals(table)
    fig = ax.figure
    fig.draw_without_rendering()
    assert ax.get_position().width * fig.get_figwidth() >= 3.5
    plt.close(fig)
    short = plots.contrast_intervals(table.assign(group=table["group"].str[:4], measure="m"))
    assert short.figure.get_figwidth() == 7.5
    plt.close(short.figure)
