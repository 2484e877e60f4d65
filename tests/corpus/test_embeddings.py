"""The embedding model's ONNX form against its reference (sentence-transformers), and what an
answer imports. Real parts only: the bundled model both ways, the real briefs, a fresh process."""

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from corpus.chunking import chunk_text
from corpus.documents import discover, read_document
from corpus.embeddings import OnnxEmbedder, build_embedder, model_location
from corpus.ingest import DEFAULT_BRIEFS, embedding_text
from corpus.onnx_model import exportable, graph_path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seeds"
HEAVY = ("torch", "sentence_transformers", "transformers", "sklearn", "scipy")


def real_chunks() -> tuple[list[str], list[str], list[str]]:
    """(texts, ids, brief of each) of the briefs chunked at several sizes, and the seed article's.

    The size-700 chunks are the ones the index holds; the other sizes give more real text of
    every length, so the comparison covers well over 1,000 chunks.
    """
    docs = [read_document(path, root) for path, root in discover([DEFAULT_BRIEFS])]
    docs += [read_document(path) for path in sorted(SEED.glob("*.txt"))]
    texts, ids, briefs = [], [], []
    for size in (150, 250, 400, 550, 700, 1000):
        for doc in docs:
            for n, span in enumerate(chunk_text(doc.text, size, 1)):
                texts.append(embedding_text(doc, span))
                ids.append(f"{size}/{doc.doc_id}#{n}")
                briefs.append(Path(doc.doc_id).stem)
    return texts, ids, briefs


@pytest.fixture(scope="module")
def both_ways(embedder, reference_embedder):
    texts, ids, briefs = real_chunks()
    onnx = np.asarray(embedder.embed(texts))
    reference = np.asarray(reference_embedder.embed(texts))
    return texts, ids, briefs, onnx, reference


def test_the_answers_embedder_is_the_onnx_form(embedder):
    assert isinstance(embedder, OnnxEmbedder) and embedder.graph.is_file()


def test_over_a_thousand_real_chunks_are_encoded_as_the_reference_encodes_them(both_ways):
    texts, _, _, onnx, reference = both_ways
    assert len(texts) >= 1000
    cosine = (onnx * reference).sum(axis=1)  # both are unit length
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-5)
    worst = int(np.argmin(cosine))
    assert cosine.min() >= 0.9999, (cosine.min(), texts[worst][:120])


def test_the_gold_retrieval_questions_find_the_same_top_five(both_ways, embedder, reference_embedder):
    _, ids, _, onnx, reference = both_ways
    indexed = [i for i, chunk in enumerate(ids) if chunk.startswith("700/")]
    questions = [q["question"] for q in json.loads((ROOT / "tests/corpus/gold_retrieval.json").read_text())]
    assert len(questions) >= 20
    asked = np.asarray(embedder.embed(questions)), np.asarray(reference_embedder.embed(questions))
    for number, question in enumerate(questions):
        tops = []
        for vectors, queries in ((onnx, asked[0]), (reference, asked[1])):
            scores = vectors[indexed] @ queries[number]
            tops.append([ids[indexed[i]] for i in np.argsort(-scores, kind="stable")[:5]])
        assert tops[0] == tops[1], question


def test_texts_come_back_in_their_order_whatever_their_lengths(embedder, reference_embedder):
    texts = ["short", "a much longer sentence about magnet exports in July 2025 " * 8, "mid-length text here", ""]
    for got, want in zip(embedder.embed(texts), reference_embedder.embed(texts), strict=True):
        assert float(np.dot(got, want)) >= 0.9999


def test_many_threads_share_one_session_and_get_what_one_thread_gets(embedder):
    texts = [f"China exported {n} t of magnets to partner number {n % 7} in month {n % 12 + 1}." for n in range(64)]
    alone = np.asarray(embedder.embed(texts))
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda t: embedder.embed([t])[0], texts))
    assert np.allclose(alone, np.asarray(together), atol=1e-6)


def test_a_changed_model_gets_a_new_graph_and_other_poolings_keep_the_reference(tmp_path):
    bundled = Path(model_location(""))
    copy = tmp_path / "model"
    shutil.copytree(bundled, copy)
    cache = tmp_path / "cache"
    assert graph_path(copy, cache) == graph_path(copy, cache)  # stable while nothing changes
    before = graph_path(copy, cache)
    config = json.loads((copy / "config.json").read_text())
    (copy / "config.json").write_text(json.dumps({**config, "layer_norm_eps": 1e-6}))
    assert graph_path(copy, cache) != before
    pooling = copy / "1_Pooling" / "config.json"
    modes = json.loads(pooling.read_text())
    assert exportable(copy)
    pooling.write_text(json.dumps({**modes, "pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True}))
    assert not exportable(copy)
    assert type(build_embedder(str(copy), cache)).__name__ == "SentenceTransformerEmbedder"
    assert not cache.exists()  # choosing an embedder exports nothing


@pytest.mark.parametrize("how", ["ask()", "cli"])
def test_an_answer_imports_neither_torch_nor_sentence_transformers(tmp_path, model_cache, embedder, how):
    """A fresh interpreter answers (building its index on a fresh home, too) with no heavy module."""
    question = "What were China's magnet exports in July 2025?"
    run = (
        f"from assistant import ask\nanswer = ask({question!r})\nassert '5,577 t' in answer.text"
        if how == "ask()"
        else "import runpy\nsys.argv = ['assistant', 'ask', "
        + repr(question)
        + ", '--json']\ntry:\n    runpy.run_module('assistant', run_name='__main__')\nexcept SystemExit:\n    pass"
    )
    code = f"import sys\n{run}\nprint('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    env = {
        **os.environ,
        "RAREEARTH_HOME": str(tmp_path / "home"),
        "RAREEARTH_MODEL_CACHE": str(model_cache),
        "HF_HUB_OFFLINE": "1",
    }
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "HEAVY=\n" in done.stderr, done.stderr[-500:]
    if how == "cli":
        assert json.loads(done.stdout)["figures"], done.stdout[:500]
