"""The chat app: ``python app.py`` serves it on 127.0.0.1:7860 (RAREEARTH_HOST / RAREEARTH_PORT)."""

from __future__ import annotations

import sys


def main() -> int:
    """Build the assistant (the article index on first launch, with progress), then serve the chat."""
    from assistant.cli import main as cli

    return cli(["serve", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
