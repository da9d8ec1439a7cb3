"""The sentence-embedding model, run with ONNX Runtime, gives the published model's results."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.core.search.minilm import MiniLM, ModelUnavailable, WordPiece, model_folder, read_tensors
from tests.core.search.minilm_reference import reference_vector


@pytest.fixture(scope="module")
def model() -> MiniLM:
    return MiniLM()


def test_vectors_reproduce_the_published_similarities(model: MiniLM) -> None:
    """sentence-transformers' documentation for all-MiniLM-L6-v2 prints this similarity matrix."""
    vectors = model.embed(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."])
    published = np.array([[1.0000, 0.6660, 0.1046], [0.6660, 1.0000, 0.1411], [0.1046, 0.1411, 1.0000]])
    assert np.abs(vectors @ vectors.T - published).max() < 5e-4


@pytest.fixture(scope="module")
def tensors() -> dict[str, np.ndarray]:
    return read_tensors(model_folder())


@pytest.mark.parametrize(
    "text",
    ["ketamine dose", "Can't sleep at night? Naps, the circadian clock & caffeine", "Café crème — naïve résumé 東京", "x"],
)
def test_the_runtime_gives_the_vectors_of_a_plain_forward_pass(model: MiniLM, tensors: dict[str, np.ndarray], text: str) -> None:
    """The graph written for ONNX Runtime (onnx_graph.py) computes what BERT's definition does."""
    reference = reference_vector(tensors, model.tokenizer.encode(text))
    assert float(model.embed([text])[0] @ reference) >= 0.9999


def test_bulk_embedding_on_several_threads_gives_the_same_vectors(model: MiniLM) -> None:
    texts = [f"chapter {i}: sleep, light and the circadian clock" + " and more" * (i % 7) for i in range(60)]
    alone = model.embed(texts, batch_tokens=64)
    together = model.embed(texts, batch_tokens=64, workers=3)
    assert np.abs(alone - together).max() < 1e-6


def test_every_run_of_the_model_is_on_one_thread(model: MiniLM) -> None:
    """A question never waits for a second core that another process or a reload holds (issue 20, item 8)."""
    options = model._session.get_session_options()
    assert options.intra_op_num_threads == 1 and options.inter_op_num_threads == 1


def test_a_text_gets_the_same_vector_alone_or_in_a_batch_of_other_lengths(model: MiniLM) -> None:
    texts = ["insomnia", "can't sleep at night", "a much longer sentence about sleep, naps and the circadian clock"]
    together = model.embed(texts)
    alone = np.stack([model.embed([t])[0] for t in texts])
    assert np.abs(together - alone).max() < 1e-5
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_meaning_meets_meaning_without_shared_words(model: MiniLM) -> None:
    question, related, unrelated = model.embed(["can't sleep at night", "Insomnia", "CSS grid layout"])
    assert question @ related > question @ unrelated + 0.2


@pytest.mark.parametrize(
    ("text", "ids"),
    [  # token ids from the model's own tokenizer.json, read with Hugging Face `tokenizers`
        ("Can't sleep at night?", [101, 2064, 1005, 1056, 3637, 2012, 2305, 1029, 102]),
        ("Café crème — naïve résumé", [101, 7668, 13675, 21382, 1517, 15743, 13746, 102]),
        ("node_modules is 2GB!!", [101, 13045, 1035, 14184, 2003, 1016, 18259, 999, 999, 102]),
        ("東京 css-in-js", [101, 1879, 1755, 20116, 2015, 1011, 1999, 1011, 1046, 2015, 102]),
        ("supercalifragilistic" + "x" * 100, [101, 100, 102]),
    ],
)
def test_tokenizer_splits_as_the_models_own(model: MiniLM, text: str, ids: list[int]) -> None:
    assert model.tokenizer.encode(text) == ids


@pytest.mark.parametrize(
    "text",
    ["Tab\there,\x0bvertical\x0cfeed\x1fand\x7fdelete", "end of line.\r\nNext: (a) [b] {c} ~d~ `e` 50% a_b", "\x00 \x1c"],
)
def test_plain_ascii_text_splits_as_any_other_text(model: MiniLM, text: str) -> None:
    # An accented word at the end takes the tokenizer off its ASCII shortcut: "é" is the token "e".
    accented = model.tokenizer.encode(text + " é")
    assert model.tokenizer.encode(text) == [*accented[:-2], model.tokenizer.sep]
    assert accented[-2] == model.tokenizer.ids["e"]


def test_long_text_is_cut_to_the_token_limit(model: MiniLM) -> None:
    ids = model.tokenizer.encode("sleep " * 500, max_tokens=64)
    assert len(ids) == 64 and ids[0] == model.tokenizer.cls and ids[-1] == model.tokenizer.sep


def test_weights_that_are_not_the_published_ones_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(model_folder(), folder)
    with (folder / "vocab.txt").open("a", encoding="utf-8") as vocab:
        vocab.write("tampered\n")
    with pytest.raises(ModelUnavailable, match="sha256"):
        MiniLM(folder)


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00\x00\x00\x00\x00\x8d\x03\x00",  # a header size of 10^15 bytes, and nothing else
        (10**15).to_bytes(8, "little") + b'{"a": {"dtype": "F32", "shape": [1000000000, 1000000000], "data_offsets": [0, 4]}}',
        b"other bytes entirely",
        b"",
    ],
)
def test_damaged_weights_are_refused_before_they_are_read(tmp_path: Path, damage: bytes) -> None:
    """Refused by their hash, with one clear message, whatever their bytes claim (no MemoryError,
    OverflowError or a hang reading 10^15 bytes)."""
    folder = tmp_path / "model"
    shutil.copytree(model_folder(), folder)
    (folder / "model.safetensors").write_bytes(damage)
    with pytest.raises(ModelUnavailable, match="not the published all-MiniLM-L6-v2 file"):
        MiniLM(folder)


def test_missing_weights_are_named(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="cannot read"):
        MiniLM(tmp_path)


def test_wordpiece_splits_unknown_words_into_known_pieces() -> None:
    tokenizer = WordPiece("[PAD]\n[UNK]\n[CLS]\n[SEP]\nplay\n##ing\n##s\n")
    assert tokenizer.encode("playing plays") == [2, 4, 5, 4, 6, 3]
    assert tokenizer.encode("xyz") == [2, 1, 3]
