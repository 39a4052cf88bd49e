"""One exception base for everything the library raises on purpose.

    SummarizerError
    ├── InputError          the transcript cannot be read (missing, empty, binary, too large, ...)
    ├── ConfigError         no usable endpoint or model configuration
    ├── LocalModelError     the embedded model cannot be assembled, verified or started
    ├── ModelError          a model call failed after the retry policy gave up
    └── RenderError         a brief cannot be rendered or re-read

The CLI catches ``SummarizerError`` once and prints its message as a single line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summarizer.brief import Usage


class SummarizerError(Exception):
    """Base of every error the library raises deliberately."""


class InputError(SummarizerError):
    """The transcript cannot be read or is not a transcript."""


class ConfigError(SummarizerError):
    """The endpoint, model or an option is misconfigured."""


class LocalModelError(SummarizerError):
    """The embedded local model cannot be assembled, verified or started."""


class ModelError(SummarizerError):
    """A model request failed after every retry the policy allows (or every section of a run did).

    ``usage`` counts the requests made before giving up, when known.
    """

    def __init__(self, message: str, *, usage: Usage | None = None) -> None:
        super().__init__(message)
        self.usage = usage


class RenderError(SummarizerError):
    """A brief cannot be rendered, or a saved brief cannot be read back."""
