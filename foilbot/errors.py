"""The one exception family: domain and services raise, only the CLI boundary prints and exits."""

from __future__ import annotations

# Documented exit statuses (docs/reference/exit-codes.md).
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_OVERDUE = 3
EXIT_INTERRUPTED = 130


class FoilbotError(Exception):
    """An expected failure a user can fix: one line, an optional hint, an exit code."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str, *, hint: str | None = None, exit_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class BusyError(FoilbotError):
    """The database asked for the transaction to be run again (a deadlock between two users' changes,
    a serialization failure, a write lock held past the busy timeout); nothing was saved."""


class UsageError(FoilbotError):
    """Bad arguments: an unknown jurisdiction, an impossible date, contradictory options."""

    exit_code = EXIT_USAGE


class NotFoundError(FoilbotError):
    """A named agency, request, event or template does not exist."""


class ValidationError(FoilbotError):
    """Input data (a CSV, a config file, an event) breaks a rule; the message names where."""

    def __init__(self, message: str, *, problems: list[str] | None = None, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.problems = problems or []


class ConfigError(FoilbotError):
    """A configuration file or variable is unreadable or holds a bad value."""


class TemplateError(FoilbotError):
    """A letter template is broken or asks for a value the context does not have."""


class RenderError(FoilbotError):
    """A letter could not be rendered (PDF, text or HTML)."""
