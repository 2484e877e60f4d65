"""The sentence model as an ONNX graph, made once from the model's own files.

Answering needs only onnxruntime and tokenizers (a tenth of a second to import); the graph
is exported from the model folder with torch, which only this export imports. The graph holds
the whole sentence-transformers pipeline after tokenising: the transformer, mean pooling over
the attention mask and L2 normalisation, so its output is the sentence vector itself.

The graph is cached under a folder named by a fingerprint of the model's files, so a changed
model gets a new graph and an unchanged one is never exported twice. Writing goes to a
temporary file renamed into place, so a process that stops part-way leaves nothing half-made.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
from pathlib import Path

EXPORT_VERSION = 1  # bump when the export below changes: every cached graph is remade
CONFIGS = ("config.json", "modules.json", "sentence_bert_config.json", "tokenizer.json", "1_Pooling/config.json")
WEIGHTS = ("model.safetensors", "pytorch_model.bin")


class ExportError(RuntimeError):
    """The model cannot be exported (missing files, or an architecture the export does not cover)."""


def exportable(model_dir: Path) -> bool:
    """True for a local sentence-transformers folder whose pipeline the graph reproduces.

    That is: a tokenizer.json, weights, and pooling by the mean of the tokens alone.
    """
    pooling = model_dir / "1_Pooling" / "config.json"
    if not (model_dir / "tokenizer.json").is_file() or not any((model_dir / w).is_file() for w in WEIGHTS):
        return False
    if not pooling.is_file():
        return False
    modes = {k: v for k, v in json.loads(pooling.read_text()).items() if k.startswith("pooling_mode_")}
    others = [on for mode, on in modes.items() if mode != "pooling_mode_mean_tokens"]
    return modes.get("pooling_mode_mean_tokens") is True and not any(others)


def fingerprint(model_dir: Path) -> str:
    """What the graph depends on: the configuration files' bytes and the weights' size and time."""
    digest = hashlib.sha256(f"export {EXPORT_VERSION}".encode())
    for name in CONFIGS:
        path = model_dir / name
        if path.is_file():
            digest.update(name.encode() + path.read_bytes())
    for name in WEIGHTS:
        path = model_dir / name
        if path.is_file():
            stat = path.stat()
            digest.update(f"{name} {stat.st_size} {stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def graph_path(model_dir: Path, cache_dir: Path) -> Path:
    """Where the model's graph is (or will be) cached."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{model_dir.parent.name}-{model_dir.name}").strip("-") or "model"
    return cache_dir / f"{slug}-{fingerprint(model_dir)}" / "model.onnx"


def max_tokens(model_dir: Path) -> int:
    """The longest input the sentence model reads, as sentence-transformers truncates it."""
    config = model_dir / "sentence_bert_config.json"
    if config.is_file():
        return int(json.loads(config.read_text()).get("max_seq_length") or 512)
    return 512


def ensure_graph(model_dir: Path, cache_dir: Path) -> Path:
    """The cached graph for the model, exported first when there is none."""
    target = graph_path(model_dir, cache_dir)
    if not target.is_file():
        logging.getLogger(__name__).warning(
            "Making the embedding model's ONNX form once (about 15 s); later starts load it in a fraction of a second."
        )
        export(model_dir, target)
    return target


def export(model_dir: Path, target: Path) -> None:
    """Export the model with its pooling and normalisation to ``target`` (needs torch)."""
    if not exportable(model_dir):
        raise ExportError(f"{model_dir} is not a mean-pooled sentence model with a tokenizer.json")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import warnings

    import torch
    from transformers import AutoConfig, AutoModel

    config = AutoConfig.from_pretrained(str(model_dir))
    # the plain attention, which onnxruntime's optimiser recognises and fuses
    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()
    with_types = getattr(config, "type_vocab_size", 0) > 0
    names = ["input_ids", "attention_mask"] + (["token_type_ids"] if with_types else [])

    class Sentence(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
            tokens = self.model(**dict(zip(names, inputs, strict=True))).last_hidden_state
            mask = inputs[1].unsqueeze(-1).to(tokens.dtype)
            mean = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    sample = torch.ones(2, 8, dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in names}
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        raw = Path(work) / "raw.onnx"
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                Sentence(),
                tuple(sample for _ in names),
                str(raw),
                input_names=names,
                output_names=["sentence_embedding"],
                dynamic_axes={**axes, "sentence_embedding": {0: "batch"}},
                opset_version=17,
                dynamo=False,
            )
        done = _optimised(raw, config) or raw
        os.replace(done, target)


def _optimised(raw: Path, config: object) -> Path | None:
    """The graph with attention and layer norms fused, for the BERT family (None otherwise)."""
    if getattr(config, "model_type", "") != "bert":
        return None
    from onnxruntime.transformers import optimizer

    fused = optimizer.optimize_model(
        str(raw),
        model_type="bert",
        num_heads=int(config.num_attention_heads),  # type: ignore[attr-defined]
        hidden_size=int(config.hidden_size),  # type: ignore[attr-defined]
    )
    out = raw.with_name("fused.onnx")
    fused.save_model_to_file(str(out))
    return out
