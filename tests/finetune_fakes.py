"""A tiny random BERT saved as a local model folder, for fine-tuning tests (needs torch + transformers).

Two layers, 32 dimensions and a word-level vocabulary of the given texts: it trains in seconds, so the
fine-tuning code paths are tested without the packaged MiniLM.
"""

from __future__ import annotations

import inspect
from pathlib import Path


def tiny_bert(folder: Path, texts) -> str:
    """Write a tiny random BERT (model + fast tokenizer) whose vocabulary covers ``texts``; return the folder."""
    import torch
    import transformers

    words = set()
    for text in texts:
        for ch in ",.;:!?'\"()":
            text = text.replace(ch, f" {ch} ")
        words.update(text.lower().split())
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + sorted(words)
    folder = Path(folder)
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    if "vocab" in inspect.signature(transformers.BertTokenizerFast.__init__).parameters:   # transformers >= 5
        tok = transformers.BertTokenizerFast(vocab={w: i for i, w in enumerate(vocab)}, do_lower_case=True)
    else:
        tok = transformers.BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=True)
    tok.save_pretrained(str(folder))
    torch.manual_seed(0)
    config = transformers.BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                                     intermediate_size=64, max_position_embeddings=64)
    transformers.BertModel(config).save_pretrained(str(folder))
    return str(folder)
