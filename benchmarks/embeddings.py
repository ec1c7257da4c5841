"""Sentence embeddings (optional extra): model load time, SentenceEmbedder vs the bare model.encode call
on the same texts, and a warm-cache re-run. Synthetic sentences (no corpus text). A script, not a test.

    .venv/bin/python benchmarks/embeddings.py --n 1000
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time


def sentences(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    who = ["The minister", "Officials in Keldor", "The delegation", "A spokesperson", "The president of Arvenia"]
    did = ["praised", "condemned", "questioned", "welcomed", "rejected", "discussed"]
    what = ["the ceasefire proposal", "new sanctions", "the trade agreement", "talks on the border dispute",
            "the envoy's remarks", "a plan to reopen the embassy"]
    tail = ["on Monday.", "after a long meeting in the capital.", ", according to two people familiar with it.",
            "in a statement that surprised diplomats.", "."]
    return [f"{rng.choice(who)} {rng.choice(did)} {rng.choice(what)} {rng.choice(tail)} ({i})" for i in range(n)]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--n", type=int, default=1000)
    p.add_argument("--batch-size", type=int, default=64)
    args = p.parse_args()
    texts = sentences(args.n)

    from toolkit.embeddings import SentenceEmbedder, _load_model

    t0 = time.perf_counter()
    model = _load_model("all-MiniLM-L6-v2", 2)
    load = time.perf_counter() - t0

    t0 = time.perf_counter()
    model.encode(texts, batch_size=args.batch_size, show_progress_bar=False)
    bare = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        emb = SentenceEmbedder(batch_size=args.batch_size, cache_dir=tmp, progress=False)
        t0 = time.perf_counter()
        emb.transform(texts)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        SentenceEmbedder(batch_size=args.batch_size, cache_dir=tmp, progress=False).transform(texts)
        warm = time.perf_counter() - t0

    print(f"model load (torch import + weights): {load:.1f} s")
    print(f"{args.n} sentences: bare model.encode {bare:.1f} s ({args.n / bare:.0f} sentences/s; "
          f"{1000 * bare / args.n:.1f} s per 1k)")
    print(f"SentenceEmbedder cold (cache miss, writes cache) {cold:.1f} s  ratio to bare {cold / bare:.2f}")
    print(f"SentenceEmbedder warm (cache hit, new instance)  {warm:.2f} s  ratio to bare {warm / bare:.3f}")


if __name__ == "__main__":
    main()
