"""Errors meant for people: each carries one sentence that names the file, row and column and
says what to do. The CLI prints ``str(error)`` and never a traceback for these."""

from __future__ import annotations


class PantauError(Exception):
    """Base class of every error Pantau explains to its user."""


class ExportFileError(PantauError):
    """A file that cannot be loaded at all (wrong kind, unreadable, missing required column)."""

    def __init__(self, path: str, problem: str, advice: str = "") -> None:
        self.path = path
        self.problem = problem
        self.advice = advice
        sentence = f"{path}: {problem}"
        if advice:
            sentence += f"; {advice}"
        super().__init__(sentence if sentence.endswith(".") else sentence + ".")


class LoadLockedError(PantauError):
    """Another load holds the warehouse's writer lock."""


class WarehouseError(PantauError):
    """The warehouse folder is missing, unreadable or from a newer Pantau."""


class UsageError(PantauError):
    """The command was called wrongly (a path that does not exist, a bad option value)."""


def first_line(exc: BaseException) -> str:
    """An exception's message as one line (calamine appends a multi-line 'Context:')."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return (lines[0] if lines else type(exc).__name__).rstrip(".")


def printable(text: str, limit: int = 80) -> str:
    """A name from inside a file, safe to quote in a one-line message."""
    clean = "".join(c if c.isprintable() else "?" for c in text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"
