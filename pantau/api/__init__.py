"""``pantau api``: every named query over HTTP as JSON or CSV, the scorecard and the status,
through the one gate (issue 21; docs/api.md). :func:`create_app` makes the ASGI app."""

from pantau.api.app import create_app

__all__ = ["create_app"]
