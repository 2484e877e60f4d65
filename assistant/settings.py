"""One typed settings object, read from the environment once, at the edge (CLI or app)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tools.dataset import DEFAULT_DATA_DIR

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

    @property
    def tables_dir(self) -> Path:
        """Users' imported trade tables."""
        return self.home / "tables"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from RAREEARTH_* variables; unset ones keep their defaults."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for name in ("home", "data_dir"):
            raw = env.get(PREFIX + name.upper())
            if raw:
                values[name] = Path(raw).expanduser()
        return cls(**values)  # type: ignore[arg-type]
