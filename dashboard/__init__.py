"""Pantau's Streamlit dashboard: pages that lay out results of named queries."""
