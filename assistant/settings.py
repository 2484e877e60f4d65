"""One typed settings object, read from the environment once, at the edge (CLI or app)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from tools.dataset import DEFAULT_DATA_DIR
from tools.errors import InvalidArgument

PREFIX = "RAREEARTH_"


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Where state lives and which parts to use.

    Every field has an environment variable: RAREEARTH_ plus the field name in capitals
    (RAREEARTH_HOME, RAREEARTH_CHROMA_HOST, ...).
    """

    home: Path = field(
        default_factory=lambda: Path.home() / ".rare-earth-assistant",
        metadata={"description": "Folder for the index, imported tables and uploads."},
    )
    data_dir: Path = field(default=DEFAULT_DATA_DIR, metadata={"description": "The curated trade data set."})
    embed_model: str = field(
        default="bundled:all-MiniLM-L6-v2",
        metadata={"description": "sentence-transformers model name or folder (default: the bundled MiniLM)."},
    )
    embed_backend: str = field(
        default="auto",
        metadata={"description": "auto (ONNX when the model allows it) or sentence-transformers (the reference)."},
    )
    model_cache: Path = field(
        default_factory=lambda: Path.home() / ".cache" / "rare-earth-assistant",
        metadata={"description": "Folder for the embedding model's ONNX graph, made once per model and shared."},
    )
    chroma_host: str = field(default="", metadata={"description": "Chroma server host; empty: embedded."})
    chroma_port: int = field(default=8000, metadata={"description": "Chroma server port."})
    collection: str = field(default="rare-earth-articles", metadata={"description": "Chroma collection."})
    llm_provider: str = field(
        default="",
        metadata={"description": "Empty for offline; openai-compatible, openai, ollama or llamacpp."},
    )
    llm_model: str = field(default="", metadata={"description": "Model name (server-side name for servers)."})
    llm_base_url: str = field(default="", metadata={"description": "Server address, e.g. http://127.0.0.1:8080/v1."})
    llm_api_key: str = field(default="", metadata={"description": "API key (OpenAI; optional for local servers)."})
    llm_gguf: Path | None = field(default=None, metadata={"description": "A .gguf file for llamacpp."})
    llm_timeout: float = field(default=60.0, metadata={"description": "Seconds per model call and per answer."})
    llm_temperature: float = field(default=0.0, metadata={"description": "Sampling temperature."})
    llm_max_tokens: int = field(default=400, metadata={"description": "Tokens per model reply."})
    llm_context: int = field(default=4096, metadata={"description": "Context window for llamacpp."})
    llm_max_tool_calls: int = field(default=6, metadata={"description": "Tool calls allowed per answer."})
    host: str = field(default="127.0.0.1", metadata={"description": "Address the chat app listens on."})
    port: int = field(default=7860, metadata={"description": "Port the chat app listens on."})
    shared_uploads: bool = field(
        default=False,
        metadata={"description": "App uploads change the shared library for everyone (default: each session's own)."},
    )
    upload_max_mb: float = field(default=20.0, metadata={"description": "Largest upload the app takes, in MB."})
    upload_max_files: int = field(default=10, metadata={"description": "Most files the app takes in one upload."})
    upload_session_max_rows: int = field(
        default=500_000,
        metadata={"description": "Most table rows one session's uploads may hold (a 20 MB tidy table has ~430,000)."},
    )
    upload_session_max_mb: float = field(
        default=25.0,
        metadata={"description": "Most MB of tables and articles one session's uploads may hold together."},
    )
    upload_app_max_rows: int = field(
        default=1_500_000,
        metadata={"description": "Most table rows the uploads of all open sessions may hold together."},
    )
    upload_app_max_mb: float = field(
        default=75.0,
        metadata={"description": "Most MB of tables and articles the uploads of all open sessions may hold together."},
    )
    concurrency: int = field(default=4, metadata={"description": "Answers the app works on at once."})

    @property
    def lexicon_file(self) -> Path:
        """The team's own words for the reader, added to the shipped lexicon when present."""
        return self.home / "lexicon.yaml"

    @property
    def tables_dir(self) -> Path:
        """Users' imported trade tables."""
        return self.home / "tables"

    @property
    def chroma_dir(self) -> Path:
        """The embedded Chroma's folder (unused with a server)."""
        return self.home / "chroma"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from RAREEARTH_* variables; unset ones keep their defaults."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for spec in fields(cls):
            raw = env.get(PREFIX + spec.name.upper())
            if raw is None or raw == "":
                continue
            kind = str(spec.type)
            if "Path" in kind:
                values[spec.name] = Path(raw).expanduser()
            elif kind == "bool":
                if raw.lower() not in ("1", "true", "yes", "0", "false", "no"):
                    raise InvalidArgument(f"{PREFIX}{spec.name.upper()} must be 1 or 0, not {raw!r}.")
                values[spec.name] = raw.lower() in ("1", "true", "yes")
            elif kind in ("int", "float"):
                try:
                    values[spec.name] = int(raw) if kind == "int" else float(raw)
                except ValueError:
                    raise InvalidArgument(f"{PREFIX}{spec.name.upper()} must be a number, not {raw!r}.") from None
            else:
                values[spec.name] = raw
        return cls(**values)  # type: ignore[arg-type]
