"""Kept importable for modules not yet switched to :mod:`pantau.words`, which now holds every
word (``pantau/report/build.py``). Holds no words of its own; delete once nothing imports it."""

from pantau.words import COLUMNS, LANGS, REASONS, SERVICES, TEXT, column, reason, service, text

__all__ = ["COLUMNS", "LANGS", "REASONS", "SERVICES", "TEXT", "column", "reason", "service", "text"]
