"""The answering side's errors, on the same root as the tools' (see ``tools.errors``)."""

from tools.errors import (
    AmbiguousName,
    AssistantError,
    DataFileError,
    InvalidArgument,
    UnknownName,
)

__all__ = ["AmbiguousName", "AssistantError", "DataFileError", "InvalidArgument", "UnknownName"]
