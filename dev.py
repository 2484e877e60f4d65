"""Set up a virtual environment and run the project: ``python dev.py run`` or ``python dev.py test``.

Needs only Python 3.11+ and pip. The environment goes to ``.venv`` beside this file and is
reused while pyproject.toml is unchanged. torch is installed first, pinned to the CPU build, so
nothing later pulls a multi-gigabyte CUDA build.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
TORCH = "torch==2.13.0"
EXTRAS = "ui,llm,dev"


def _python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _run(*cmd: str | Path, **kwargs: object) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kwargs)  # type: ignore[arg-type]


def ensure_env() -> Path:
    """Create or update .venv so that it holds the project and its extras."""
    stamp = VENV / ".installed"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + EXTRAS.encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted and _python().exists():
        return _python()
    if not _python().exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pip = (_python(), "-m", "pip", "install", "--disable-pip-version-check")
    _run(*pip, "--upgrade", "pip")
    _run(*pip, TORCH)
    _run(*pip, "-e", f".[{EXTRAS}]")
    # the embedding model's ONNX form, made at install so that the first answer starts fast
    _run(_python(), "-m", "assistant", "prepare", env={**os.environ, "HF_HUB_OFFLINE": "1"})
    stamp.write_text(wanted)
    return _python()


def ensure_chromium() -> None:
    """The browser tests drive Debian's Chromium; install it when missing and we may (root + apt)."""
    if shutil.which("chromium") or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    _run("apt-get", "update", "-qq", env=env)
    _run("apt-get", "install", "-y", "-qq", "chromium", env=env)


def main(argv: list[str]) -> int:
    """Dispatch ``run`` or ``test`` (extra arguments go to the command)."""
    if not argv or argv[0] not in ("run", "test", "setup"):
        print(__doc__)
        return 2
    python = ensure_env()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    command, rest = argv[0], argv[1:]
    if command == "setup":
        return 0
    if command == "run":
        cmd = [python, "app.py", *rest] if not rest or rest[0].startswith("-") else [python, "-m", "assistant", *rest]
        return subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env).returncode
    ensure_chromium()
    lint = subprocess.run([str(python), "-m", "ruff", "check", "."], cwd=ROOT, env=env).returncode
    tests = subprocess.run([str(python), "-m", "pytest", *rest], cwd=ROOT, env=env).returncode
    return tests or lint


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
