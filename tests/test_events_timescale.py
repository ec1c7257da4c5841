"""The aligner's corpus-adaptive time kernel (toolkit.events.timescale): known answers for its parts, and
planted corpora where same-event articles share a day (the kernel must sharpen and keep next-day stories on
the same topic apart) or spread over days (the kernel must stay the default one)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from toolkit.events import EventAligner, bcubed
from toolkit.events.neighbours import pair_kernel
from toolkit.events.timescale import (
    TEXT_PRIOR,
    block_neighbours,
    lag_neighbourhoods,
    lag_share,
    local_shares,
    mutual_lags,
    scaled_kernel,
    time_factors,
)

# A fictional trade dispute between Valdoria and Ostrenia, one story a day: every story shares the
# dispute's vocabulary; each has a few words of its own (a port, a minister, a product).
COMMON = ("Valdoria Ostrenia trade dispute tariff ministry talks delegation negotiators border customs "
          "quota officials statement").split()
PORTS = ["Kelmar", "Brisk", "Tavola", "Orrin", "Saltmere", "Vey", "Dunhallow", "Pessa", "Corvel", "Ambry",
         "Lindqvar", "Hesk", "Morrow", "Quill", "Tarn", "Ysolde", "Fenwick", "Galt", "Ressa", "Ulm"]
MINISTERS = ["Adebayo", "Brannock", "Castellan", "Drummond", "Esterhaz", "Fallowmere", "Grisholm", "Halvard",
             "Ingeborn", "Jorvath", "Kessler", "Lundqvist", "Marchetti", "Novak", "Oyelaran", "Pardoe",
             "Quintero", "Rasmusen", "Solberg", "Thackeray"]
PRODUCTS = ["salmon", "copper", "timber", "barley", "wool", "cobalt", "olives", "steel", "rice", "amber",
            "cotton", "zinc", "herring", "walnuts", "marble", "linen", "tin", "cider", "potash", "saffron"]
OUTLETS = ["Valdorian Herald", "Ostrenian Ledger", "Northwind Wire"]


# A second, unrelated fictional story line (a river treaty between Merovia and Caldoria) for mixed inputs.
RIVER = ("Merovia Caldoria river treaty dam water commission engineers basin flood sluice upstream "
         "downstream hydrology survey").split()


def _corpus(spread_days: list[float], seed: int = 0, common: list[str] = COMMON, prefix: str = "s",
            topic: str = "talks on {product} tariffs", suffix: str = "", n_own: int = 5) -> pd.DataFrame:
    """20 stories on 20 consecutive days, 3 outlets each; article ``a`` of a story is published
    ``spread_days[a]`` days after the story's day. Texts draw mostly on the shared vocabulary ``common``."""
    rng = np.random.default_rng(seed)
    rows = []
    for e in range(20):
        own = [PORTS[e] + suffix, MINISTERS[e] + suffix, PRODUCTS[e] + suffix]
        for a, outlet in enumerate(OUTLETS):
            words = list(rng.choice(common, 40)) + list(rng.choice(own, n_own))
            rng.shuffle(words)
            rows.append({"doc_id": f"{prefix}{e}-{a}", "outlet": outlet, "event_id": f"{prefix}story{e}",
                         "title": f"{own[0]} " + topic.format(product=own[2]),
                         "text": " ".join(words) + ".",
                         "published": pd.Timestamp("2031-05-01", tz="UTC") + pd.Timedelta(days=e + spread_days[a])})
    return pd.DataFrame(rows)


def _f1(articles: pd.DataFrame, aligner: EventAligner) -> float:
    return bcubed(aligner.fit(articles).labels_, articles["event_id"].to_numpy())[2]


# -- parts ---------------------------------------------------------------------------------------------------

def test_block_neighbours_skips_itself_and_articles_outside_the_window():
    days = np.array([0.0, 0.0, 20.0, 1.0])
    sims = np.array([[1.0, 0.2, 0.9, 0.3]])
    best, top = block_neighbours(sims, np.array([0]), np.arange(4), days, window_days=14, k=2)
    assert best.tolist() == [3] and sorted(top[0].tolist()) == [1, 3]
    sims = np.array([[1.0, 0.2, 0.9, 0.3]])
    best, top = block_neighbours(sims, np.array([0]), np.arange(4), days, window_days=14, k=3, best_min_sim=0.5)
    assert best.tolist() == [-1] and sorted(top[0].tolist()) == [-1, 1, 3]
    none, _ = block_neighbours(np.zeros((1, 2)), np.array([0]), np.array([0, 1]), days[:2], window_days=14, k=1)
    assert none.tolist() == [-1]


def test_mutual_lags_known_answer():
    best = np.array([1, 0, 3, 1, -1])          # 0<->1 mutual; 2->3 but 3->1: not mutual; 4 has none
    days = np.array([0.0, 2.0, 5.0, 5.0, 9.0])
    assert mutual_lags(best, days).tolist() == [2.0]


def test_lag_share_is_shrunk_towards_one_half():
    assert lag_share(np.array([])) == 0.5
    assert lag_share(np.zeros(95)) == pytest.approx(2.5 / 100)
    assert lag_share(np.ones(95)) == pytest.approx(97.5 / 100)
    assert lag_share(np.array([0.4, 0.5])) == pytest.approx((1 + 2.5) / 7)


def test_scaled_kernel_and_factors():
    kw = {"grace_days": 1, "tau_days": 3, "reference": 0.4, "min_tau_days": 0.5}
    assert scaled_kernel(0.5, power=2, **kw) == (1, 3)
    assert scaled_kernel(0.2, power=1, **kw) == (0.5, 1.5)
    assert scaled_kernel(0.2, power=2, **kw) == (0.25, 0.75)
    assert scaled_kernel(0.04, power=2, **kw) == (pytest.approx(0.01), 0.5)
    f = time_factors(np.array([0.8, 0.2, np.nan]), reference=0.4, power=2)
    assert f[:2].tolist() == [1.0, 0.25] and np.isnan(f[2])
    with pytest.raises(ValueError, match="lag_reference"):
        time_factors(np.array([0.2]), reference=0, power=2)
    with pytest.raises(ValueError, match="lag_power"):
        time_factors(np.array([0.2]), reference=0.4, power=0)


def test_pair_kernel_uses_the_mean_factor_and_treats_undated_as_one():
    grace, tau = pair_kernel(np.array([[0.2], [np.nan]]), np.array([[0.6, 1.0]]), grace_days=1, tau_days=3,
                             min_tau_days=0.5)
    np.testing.assert_allclose(grace, [[0.4, 0.6], [0.8, 1.0]])
    np.testing.assert_allclose(tau, [[1.2, 1.8], [2.4, 3.0]])


def test_local_shares_known_answer():
    # rows 0<->1 same day, 2<->3 two days apart; every row's text neighbours are the other three
    best = np.array([1, 0, 3, 2])
    top = np.array([[1, 2, 3], [0, 2, 3], [0, 1, 3], [0, 1, 2]])
    days = np.array([0.0, 0.0, 1.0, 3.0])
    share = local_shares(best, top, days, horizon_days=1)
    # time-local (pair midpoints 0 and 2, horizon 1 day): rows 0, 1 see pair (0, 1); row 2 both; row 3 pair (2, 3)
    s_time = np.array([(0 + 2.5) / (1 + 5), (0 + 2.5) / (1 + 5), (1 + 2.5) / (2 + 5), (1 + 2.5) / (1 + 5)])
    # text-local: every row sees both pairs (4 members = 2 pairs, one of them on different days)
    assert share.tolist() == pytest.approx(((1 + TEXT_PRIOR * s_time) / (2 + TEXT_PRIOR)).tolist())
    alone = local_shares(best, np.full((4, 3), -1), days, horizon_days=0.1)   # no text neighbours
    assert alone[0] == pytest.approx((0 + TEXT_PRIOR * 2.5 / 6) / (0.5 + TEXT_PRIOR))   # own pair: half of it


def test_lag_neighbourhoods_ignore_undated_rows():
    X = normalize(sp.csr_matrix(np.array([[1.0, 0.0], [1.0, 0.1], [0.0, 1.0], [1.0, 0.0]])))
    days = np.array([0.0, 1.0, 2.0, np.nan])
    best, top = lag_neighbourhoods(X, days, window_days=14, k=2)
    assert best.tolist() == [1, 0, 1, -1]
    assert top[3].tolist() == [-1, -1] and sorted(top[2].tolist()) == [-1, 1]   # row 2 is orthogonal to row 0


# -- planted corpora ---------------------------------------------------------------------------------------

def test_same_day_stories_sharpen_the_kernel_and_stay_apart():
    articles = _corpus([0.0, 0.0, 0.0])
    adaptive = EventAligner()
    f_adaptive = _f1(articles, adaptive)
    f_fixed = _f1(articles, EventAligner(adaptive_time=False))
    assert adaptive.n_lag_pairs_ == 20 and adaptive.lag_share_ == pytest.approx(0.1)   # one same-day pair a story
    assert np.nanmax(adaptive.time_factor_) < 0.3 and adaptive.tau_days_ == pytest.approx(0.5)
    assert f_adaptive >= 0.95
    assert f_fixed < f_adaptive - 0.1        # the planted trap: the default kernel merges next-day stories


def test_stories_spread_over_days_keep_the_default_kernel():
    articles = _corpus([0.0, 1.0, 2.0], seed=1)
    adaptive = EventAligner()
    f_adaptive = _f1(articles, adaptive)
    assert adaptive.lag_share_ >= 0.4 and np.nanmin(adaptive.time_factor_) > 0.9
    assert f_adaptive == pytest.approx(_f1(articles, EventAligner(adaptive_time=False)), abs=0.02)


def test_mixed_corpora_in_the_same_weeks_keep_their_own_kernels():
    """A multi-day story line hidden among same-day-story distractors published in the same weeks: each
    keeps its kernel (one corpus-wide share would sharpen the multi-day line's kernel and split its events)."""
    same_day = _corpus([0.0, 0.0, 0.0])
    spread = _corpus([0.0, 1.0, 2.0], seed=1, common=RIVER, prefix="r", topic="commission on {product} quotas",
                     suffix="vale", n_own=12)
    mixed = pd.concat([same_day, spread], ignore_index=True)
    aligner = EventAligner().fit(mixed)
    fixed = EventAligner(adaptive_time=False).fit(mixed)
    is_spread = mixed["doc_id"].str.startswith("r").to_numpy()
    assert np.median(aligner.time_factor_[~is_spread]) < 0.3
    assert np.median(aligner.time_factor_[is_spread]) > 0.9
    gold = mixed["event_id"].to_numpy()
    # the same-day line keeps its sharp kernel: its next-day stories stay apart (the default kernel merges them)
    assert bcubed(aligner.labels_[~is_spread], gold[~is_spread])[2] >= 0.95
    assert bcubed(fixed.labels_[~is_spread], gold[~is_spread])[2] < 0.8
    # and the multi-day line is aligned as well as with the default kernel
    assert bcubed(aligner.labels_[is_spread], gold[is_spread])[2] >= bcubed(fixed.labels_[is_spread], gold[is_spread])[2] - 0.02


def test_fixed_kernel_and_undated_corpus():
    articles = _corpus([0.0, 0.0, 0.0])
    fixed = EventAligner(adaptive_time=False, grace_days=0.5, tau_days=2.0).fit(articles)
    assert (fixed.grace_days_, fixed.tau_days_, fixed.lag_share_, fixed.n_lag_pairs_) == (0.5, 2.0, None, 0)
    assert fixed.time_factor_ is None
    undated = EventAligner().fit(articles.assign(published=pd.NaT))
    assert undated.n_lag_pairs_ == 0 and (undated.grace_days_, undated.tau_days_) == (1.0, 3.0)
    assert np.isnan(undated.time_factor_).all()


def test_kernel_does_not_depend_on_row_order_or_ids():
    articles = _corpus([0.0, 0.0, 0.0])
    a = EventAligner().fit(articles)
    shuffled = articles.sample(frac=1.0, random_state=3).reset_index(drop=True)
    shuffled["doc_id"] = [f"x{i}" for i in range(len(shuffled))]
    b = EventAligner().fit(shuffled)
    assert (a.lag_share_, a.grace_days_, a.tau_days_) == (b.lag_share_, b.grace_days_, b.tau_days_)
    back = pd.Series(b.time_factor_, index=shuffled["title"] + shuffled["text"])
    assert np.array_equal(back.loc[(articles["title"] + articles["text"]).to_numpy()].to_numpy(), a.time_factor_)


# -- undated pairs ---------------------------------------------------------------------------------------------

def test_undated_pairs_pay_the_penalty_after_the_background_correction():
    from toolkit.events.align import corrected_scores

    r, c = np.array([0, 0, 1]), np.array([1, 2, 2])
    s = np.array([0.5, 0.5, 0.5])
    background = np.array([0.1, 0.2, 0.0])
    days = np.array([3.0, 4.0, np.nan])
    out = corrected_scores(r, c, s, background, days, background_weight=0.5, undated_penalty=0.03)
    assert out.tolist() == pytest.approx([0.5 - 0.15, 0.5 - 0.05 - 0.03, 0.5 - 0.1 - 0.03])


def test_undated_penalty_only_raises_the_bar_for_undated_articles():
    articles = _corpus([0.0, 0.0, 0.0])
    undated = articles.copy()
    undated.loc[undated.index % 3 == 2, "published"] = pd.NaT       # every story's third article undated
    base = EventAligner(undated_penalty=0.0).fit(undated)
    strict = EventAligner(undated_penalty=1.0).fit(undated)
    dated = undated["published"].notna().to_numpy()
    # with a prohibitive penalty every undated article stands alone; the dated ones are grouped as before
    assert len(set(strict.labels_[~dated])) == int((~dated).sum())
    assert not any(set(strict.labels_[~dated]) & set(strict.labels_[dated]))
    assert bcubed(strict.labels_[dated], base.labels_[dated])[2] == 1.0
    # at the default, the undated third article still joins its story (text alone, clear evidence)
    default = EventAligner().fit(undated)
    assert bcubed(default.labels_, undated["event_id"].to_numpy())[2] >= 0.95
