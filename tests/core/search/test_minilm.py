"""The sentence-embedding model run with numpy gives the published model's results."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.core.search.minilm import MiniLM, ModelUnavailable, WordPiece, model_folder


@pytest.fixture(scope="module")
def model() -> MiniLM:
    return MiniLM()


def test_vectors_reproduce_the_published_similarities(model: MiniLM) -> None:
    """sentence-transformers' documentation for all-MiniLM-L6-v2 prints this similarity matrix."""
    vectors = model.embed(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."])
    published = np.array([[1.0000, 0.6660, 0.1046], [0.6660, 1.0000, 0.1411], [0.1046, 0.1411, 1.0000]])
    assert np.abs(vectors @ vectors.T - published).max() < 5e-4


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


def test_missing_weights_are_named(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="cannot read"):
        MiniLM(tmp_path)


def test_wordpiece_splits_unknown_words_into_known_pieces() -> None:
    tokenizer = WordPiece("[PAD]\n[UNK]\n[CLS]\n[SEP]\nplay\n##ing\n##s\n")
    assert tokenizer.encode("playing plays") == [2, 4, 5, 4, 6, 3]
    assert tokenizer.encode("xyz") == [2, 1, 3]
