"""Benchmark of toolkit.topics.LdaTopics against a bare gensim LdaModel (a script, not a test).

Both sides start from the same token lists (tokenised once with :mod:`toolkit.tokenize`, not timed) and
do the same work with the same parameters: build a gensim ``Dictionary``, ``filter_extremes``, bag of
words, ``LdaModel(..., eval_every=None)``. Each side runs in its own forked process (same starting
memory), ``--repeats`` times alternating; the script prints each side's best wall time and peak RSS
above the starting RSS, checks that both fitted the same topics, and ends with exactly::

    ratio R toolkit_s T gensim_s G

Corpora: Article-Bias-Prediction texts (``--dataset abp``, needs ``$TOOLKIT_DATA`` or the cache; the
first ``--n`` articles) or the synthetic demo corpus resampled to ``--n`` articles (``--dataset demo``)::

    TOOLKIT_DATA=../shared/corpora .venv/bin/python benchmarks/topics.py --dataset abp --n 20000
    .venv/bin/python benchmarks/topics.py --dataset demo --n 20000
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from toolkit.tokenize import iter_tokens  # noqa: E402
from toolkit.topics import LdaTopics  # noqa: E402

TOKENS: list[list[str]] = []
PARAMS = dict(n_topics=20, no_below=5, no_above=0.5, keep_n=50000, passes=1, iterations=50, chunksize=2000,
              random_state=0)


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class PeakRSS:
    """Sample this process's RSS every few milliseconds; ``peak`` is the maximum above the start."""

    def __enter__(self):
        self.start, self.peak, self._stop = _rss_mb(), 0.0, threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()
        return self

    def _poll(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss_mb() - self.start)
            time.sleep(0.005)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_mb() - self.start)


def run_toolkit() -> np.ndarray:
    return LdaTopics(**PARAMS).fit(TOKENS).topic_term_


def run_gensim() -> np.ndarray:
    from gensim.corpora import Dictionary
    from gensim.models import LdaModel

    dictionary = Dictionary(TOKENS)
    dictionary.filter_extremes(no_below=PARAMS["no_below"], no_above=PARAMS["no_above"], keep_n=PARAMS["keep_n"])
    corpus = [dictionary.doc2bow(t) for t in TOKENS]
    model = LdaModel(corpus=corpus, id2word=dictionary, num_topics=PARAMS["n_topics"], passes=PARAMS["passes"],
                     iterations=PARAMS["iterations"], chunksize=PARAMS["chunksize"], alpha="symmetric", eta=None,
                     eval_every=None, random_state=PARAMS["random_state"])
    return model.get_topics()


def _child(name: str, queue) -> None:
    fn = run_toolkit if name == "toolkit" else run_gensim
    with PeakRSS() as mem:
        t0 = time.perf_counter()
        topics = fn()
        seconds = time.perf_counter() - t0
    queue.put((seconds, mem.peak, topics))


def measure(name: str) -> tuple[float, float, np.ndarray]:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(name, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def load_texts(dataset: str, n: int) -> list[str]:
    if dataset == "demo":
        from toolkit.datasets import load_demo

        texts = load_demo().articles["text"].tolist()
        rng = np.random.default_rng(0)
        return [texts[i] for i in rng.integers(0, len(texts), size=n)]
    from toolkit.datasets import load_dataset

    articles = load_dataset(dataset, download_missing=False).articles
    if len(articles) < n:
        raise SystemExit(f"{dataset} has {len(articles)} articles; --n {n} asks for more.")
    return articles["text"].iloc[:n].tolist()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="abp", help="abp (Article-Bias-Prediction) or demo (resampled)")
    parser.add_argument("--n", type=int, default=20000, help="documents (>= 20000 for the published ratio)")
    parser.add_argument("--repeats", type=int, default=2, help="runs per side, alternating; best time counts")
    parser.add_argument("--topics", type=int, default=PARAMS["n_topics"])
    args = parser.parse_args(argv)
    PARAMS["n_topics"] = args.topics
    t0 = time.perf_counter()
    texts = load_texts(args.dataset, args.n)
    TOKENS[:] = list(iter_tokens(texts))
    del texts
    n_tokens = sum(map(len, TOKENS))
    print(f"{args.dataset}: {len(TOKENS)} documents, {n_tokens} tokens (tokenised once in "
          f"{time.perf_counter() - t0:.1f} s, not timed); parameters {PARAMS}", flush=True)
    times: dict[str, list[float]] = {"toolkit": [], "gensim": []}
    peaks: dict[str, list[float]] = {"toolkit": [], "gensim": []}
    topics: dict[str, np.ndarray] = {}
    for r in range(args.repeats):
        for name in ("toolkit", "gensim") if r % 2 == 0 else ("gensim", "toolkit"):
            seconds, peak, topics[name] = measure(name)
            times[name].append(seconds)
            peaks[name].append(peak)
            print(f"  run {r + 1} {name}: {seconds:.2f} s, peak RSS +{peak:.0f} MB", flush=True)
    same = topics["toolkit"].shape == topics["gensim"].shape and np.allclose(topics["toolkit"], topics["gensim"])
    T, G = min(times["toolkit"]), min(times["gensim"])
    print(f"toolkit LdaTopics.fit: best {T:.2f} s, peak RSS +{max(peaks['toolkit']):.0f} MB")
    print(f"bare gensim Dictionary + LdaModel: best {G:.2f} s, peak RSS +{max(peaks['gensim']):.0f} MB")
    print(f"same topic-term matrix: {same}")
    print(f"ratio {T / G:.3f} toolkit_s {T:.2f} gensim_s {G:.2f}")


if __name__ == "__main__":
    main()
