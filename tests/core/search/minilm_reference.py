"""A plain numpy forward pass of all-MiniLM-L6-v2, the reference the runtime's vectors are checked
against (test_minilm.py): each step written out as BERT defines it, from the original tensors, in
float64, one text at a time (no padding): slow and plain."""

from __future__ import annotations

import math

import numpy as np

from bot.core.search.minilm import HEADS, LAYERS

_erf = np.vectorize(math.erf)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    centered = x - x.mean(-1, keepdims=True)
    return centered / np.sqrt((centered**2).mean(-1, keepdims=True) + 1e-12) * weight + bias


def reference_vector(w: dict[str, np.ndarray], ids: list[int]) -> np.ndarray:
    """The unit sentence vector of one text's token ids; `w`: minilm.read_tensors()."""
    w = {name: array.astype(np.float64) for name, array in w.items()}
    h = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][: len(ids)]
    h = _layer_norm(h + w["embeddings.token_type_embeddings.weight"][0], w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."

        def dense(x: np.ndarray, name: str, p: str = p) -> np.ndarray:
            return x @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        q, k, v = (dense(h, f"attention.self.{n}").reshape(len(ids), HEADS, -1).transpose(1, 0, 2) for n in ("query", "key", "value"))
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(q.shape[-1])
        attention = np.exp(scores - scores.max(-1, keepdims=True))
        attention /= attention.sum(-1, keepdims=True)
        context = (attention @ v).transpose(1, 0, 2).reshape(len(ids), -1)
        h = _layer_norm(h + dense(context, "attention.output.dense"), w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
        inner = dense(h, "intermediate.dense")
        h = _layer_norm(h + dense(inner * (1 + _erf(inner / math.sqrt(2))) / 2, "output.dense"), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
    pooled = h.mean(0)
    return pooled / np.linalg.norm(pooled)
