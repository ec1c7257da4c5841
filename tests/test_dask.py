"""The parallel stages on a Dask LocalCluster of 2 worker processes give results identical to the in-process path."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

distributed = pytest.importorskip("distributed")

from stance_synthetic import fnc_pairs, target_sentences  # noqa: E402

from toolkit.compare import within_event_contrast  # noqa: E402
from toolkit.corpus import clean_articles  # noqa: E402
from toolkit.datasets import load_demo  # noqa: E402
from toolkit.framing import FrameClassifier  # noqa: E402
from toolkit.framing.data import load_frame_dataset  # noqa: E402
from toolkit.framing.lexicons import lexicon_scores  # noqa: E402
from toolkit.parallel import group_partitions, map_partitions, partitions, predict, tokenize  # noqa: E402
from toolkit.stance import ActorStanceClassifier, make_headline_stance_model  # noqa: E402
from toolkit.store import build_bow, clean_store, ingest, read_store  # noqa: E402
from toolkit.tokenize import iter_tokens  # noqa: E402

RAW = Path(__file__).resolve().parents[1] / "corpora" / "demo" / "articles_raw.jsonl"
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       silence_logs=40)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def raw():
    return pd.read_json(RAW, lines=True, dtype=False)


def test_partitions_cover_the_rows_in_order():
    parts = partitions(10, 3)
    assert [list(range(10))[s] for s in parts] == [[0, 1, 2], [3, 4, 5, 6], [7, 8, 9]]
    assert partitions(2, 8) == [slice(0, 1), slice(1, 2)]


def test_cleaning_on_the_cluster_is_identical(client, raw):
    expected = clean_articles(raw)
    got = clean_articles(raw, client=client)
    pd.testing.assert_frame_equal(got[0], expected[0])
    pd.testing.assert_frame_equal(got[1], expected[1])
    assert len(got[1]) > 100  # scraper residue was removed, and reported in table order


def test_tokenising_on_the_cluster_is_identical(client, raw):
    assert tokenize(raw, client=client) == list(iter_tokens(raw))


def test_store_stages_on_the_cluster_are_identical(client, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ingest(RAW, tmp_path / "raw", batch_size=100, clean=False, detect_languages=False, progress=False)
    clean_store(tmp_path / "raw", tmp_path / "here", batch_size=100, progress=False)
    clean_store(tmp_path / "raw", tmp_path / "dask", batch_size=100, client=client, progress=False)
    pd.testing.assert_frame_equal(read_store(tmp_path / "dask"), read_store(tmp_path / "here"))
    a = build_bow(tmp_path / "here", tmp_path / "bow_here", batch_size=64, progress=False)
    b = build_bow(tmp_path / "here", tmp_path / "bow_dask", batch_size=64, client=client, progress=False)
    assert list(a) == list(b) and a.dictionary.token2id == b.dictionary.token2id


def test_classifier_inference_on_the_cluster_is_identical(client):
    articles, labels, scheme = load_frame_dataset("demo")
    frames = FrameClassifier(scheme).fit(articles.iloc[:100], labels[:100])
    rest = articles.iloc[100:]
    np.testing.assert_array_equal(predict(frames, rest, client=client), frames.predict(rest))
    np.testing.assert_array_equal(predict(frames, rest, method="predict_proba", client=client),
                                  frames.predict_proba(rest))

    sentences = target_sentences(120)
    actor = ActorStanceClassifier(C=2.0).fit(sentences, sentences["label"])
    np.testing.assert_array_equal(predict(actor, sentences, client=client), actor.predict(sentences))

    pairs = fnc_pairs(n_claims=12)
    headline = make_headline_stance_model(max_iter=10, n_components=5).fit(pairs, pairs["label"])
    np.testing.assert_array_equal(predict(headline, pairs, client=client), headline.predict(pairs))


def test_group_partitions_keep_each_group_in_one_partition():
    keys = np.array(list("abcabcaadbbe"))
    parts = group_partitions(keys, 3)
    assert sorted(np.concatenate(parts).tolist()) == list(range(len(keys)))
    owner = {}
    for i, p in enumerate(parts):
        for k in set(keys[p]):
            assert owner.setdefault(k, i) == i  # a key never spans two partitions
    assert len(parts) <= 3 and [p.tolist() for p in group_partitions([], 2)] == [[]]


def test_grouped_inference_on_the_cluster_restores_the_row_order(client):
    """Shuffled headline-body pairs: each body's pairs go to one worker (its features are computed once) and the
    predictions come back in the input's order."""
    pairs = fnc_pairs(n_claims=12).sample(frac=1.0, random_state=3).reset_index(drop=True)
    headline = make_headline_stance_model(max_iter=10, n_components=5).fit(pairs, pairs["label"])
    assert headline.parallel_group_by == "body"
    np.testing.assert_array_equal(predict(headline, pairs, client=client, n_partitions=3), headline.predict(pairs))
    np.testing.assert_array_equal(predict(headline, pairs, method="predict_proba", client=client),
                                  headline.predict_proba(pairs))
    articles, labels, scheme = load_frame_dataset("demo")
    frames = FrameClassifier(scheme).fit(articles.iloc[:100], labels[:100])
    rest = articles.iloc[100:]
    np.testing.assert_array_equal(predict(frames, rest, client=client, group_by="outlet"), frames.predict(rest))


def test_lexicon_scoring_on_the_cluster_is_identical(client):
    articles = load_demo().articles
    lexicon = pd.DataFrame({"frame": ["security", "security", "economy", "economy"],
                            "term": ["troops", "border security", "trade", "markets"]})
    pd.testing.assert_frame_equal(lexicon_scores(articles, lexicon, client=client), lexicon_scores(articles, lexicon))


def test_bootstrap_on_the_cluster_is_identical(client):
    articles = load_demo().articles
    rng = np.random.default_rng(0)
    measures = pd.DataFrame({"doc_id": articles["doc_id"], "m": rng.normal(size=len(articles))})
    kw = dict(by="outlet", event="event_id", method="bootstrap", n_boot=60, random_state=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        here = within_event_contrast(articles, measures, **kw)
        there = within_event_contrast(articles, measures, client=client, **kw)
    pd.testing.assert_frame_equal(there, here)
    assert here["ci_low"].notna().all()


def test_client_argument_is_checked(raw):
    with pytest.raises(TypeError, match="dask.distributed.Client"):
        tokenize(raw, client=object())



def test_shared_model_is_sent_once_and_gives_identical_results(client):
    """share() scatters the model once; predict on the SharedModel reuses the workers' copy (same key on every
    call) and returns what the model returns in-process, with or without a client."""
    from toolkit.parallel import SharedModel, share

    sentences = target_sentences(120)
    actor = ActorStanceClassifier(C=2.0).fit(sentences, sentences["label"])
    shared = share(actor, client)
    assert isinstance(shared, SharedModel) and shared.on(client) is shared.future
    assert list(shared.classes_) == list(actor.classes_)  # the model's attributes pass through
    expected = actor.predict(sentences)
    for _ in range(2):
        np.testing.assert_array_equal(predict(shared, sentences, client=client), expected)
    np.testing.assert_array_equal(predict(shared, sentences, method="predict_proba", client=client),
                                  actor.predict_proba(sentences))
    np.testing.assert_array_equal(predict(shared, sentences), expected)  # client=None: the model here
    pairs = fnc_pairs(n_claims=12).sample(frac=1.0, random_state=5).reset_index(drop=True)
    headline = make_headline_stance_model(max_iter=10, n_components=5).fit(pairs, pairs["label"])
    shared = share(headline, client)
    assert shared.parallel_group_by == "body"
    np.testing.assert_array_equal(predict(shared, pairs, client=client), headline.predict(pairs))
    with pytest.raises(TypeError, match="dask.distributed.Client"):
        share(actor, object())


def test_repeated_broadcasts_of_the_same_object_do_not_share_a_key(client):
    """Each call scatters under a key of its own: with content-hashed keys a call's release of the shared key races
    the next call's tasks (dask/distributed#8576: "lost dependencies"). Plain values are passed as they are."""
    from toolkit.parallel import _send

    lexicon = pd.Series({"peace": 1.0, "war": -1.0})
    first, second = _send(client, lexicon), _send(client, lexicon)
    assert first.key != second.key
    assert _send(client, "predict") == "predict" and _send(client, None) is None
    parts = [["peace", "war"], ["war"], ["peace"]]
    for _ in range(20):   # back-to-back calls with the same broadcast object
        out = map_partitions(_score_words, parts, client=client, broadcast={"lexicon": lexicon})
        assert out == [0.0, -1.0, 1.0]


def _score_words(words, lexicon):
    return float(sum(lexicon[w] for w in words))
