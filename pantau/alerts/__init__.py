"""Alerts and report delivery (issue 20)."""
