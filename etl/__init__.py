"""Pantau's data platform: reference data, readers, validation, pseudonymisation, the warehouse.

This package never imports streamlit: the CLI, tests and benchmarks must run without the UI.
"""

__version__ = "0.1.0"
