"""The project's exception tree; user-facing messages are made from these only at the edges.

    AssistantError
    ├── InvalidArgument (ValueError)   a tool argument that cannot be used as given
    │   ├── UnknownName                nothing matches; ``choices`` holds the close matches
    │   └── AmbiguousName              several things match; ``choices`` lists them
    └── DataFileError                  a data file cannot be loaded; names file, line, column

``assistant.errors`` adds the answering-side branches to the same root.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error this project raises on purpose."""


class InvalidArgument(AssistantError, ValueError):
    """A tool argument that cannot be used as given."""


class UnknownName(InvalidArgument):
    """A name (country, period, commodity) that matches nothing we know."""

    def __init__(self, kind: str, name: str, choices: list[str] | None = None) -> None:
        self.kind = kind
        self.name = name
        self.choices = list(choices or [])
        hint = f" Did you mean: {', '.join(self.choices)}?" if self.choices else ""
        super().__init__(f"Unknown {kind} {name!r}.{hint}")


class AmbiguousName(InvalidArgument):
    """A name that matches several things; the caller must choose."""

    def __init__(self, kind: str, name: str, choices: list[str]) -> None:
        self.kind = kind
        self.name = name
        self.choices = list(choices)
        super().__init__(f"{kind.capitalize()} {name!r} is ambiguous: {' or '.join(self.choices)}?")


class DataFileError(AssistantError):
    """A data file that cannot be loaded, with where the problem is."""

    def __init__(self, path: str, message: str, *, line: int | None = None, column: str | None = None) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.reason = message
        where = path
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")
