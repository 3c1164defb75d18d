"""Ingest and warehouse: readers, column mapping, validation, pseudonymisation, loading, the
warehouse's generations and summary tables.

This package never imports streamlit or the application layer above it (``pantau``): the
loader runs the same from the CLI, the dashboard's upload and the tests.
"""
