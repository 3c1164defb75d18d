"""The dashboard as an ASGI app: Streamlit's own server with Pantau's upload guard in front.

``pantau dashboard`` (and ``streamlit run dashboard/server.py``) serve this; Streamlit finds
``app`` and runs ``dashboard/app.py`` for each browser session as usual. The guard
(:mod:`dashboard.uploads`) is the one thing Streamlit's configuration cannot express: who may
upload, and how many bytes the server holds for them. Streamlit's frontend bundles, which it
sends uncompressed, go out gzip-compressed, compressed once per server start
(:mod:`dashboard.static_gzip`). An uncaught error shows Pantau's own sentence
(:mod:`dashboard.script_error`), not Streamlit's box with its links outside.
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from dashboard.script_error import on_script_error
from dashboard.static_gzip import StaticGzip
from dashboard.uploads import UploadGuard

app = st.App(
    Path(__file__).with_name("app.py"),
    # the upload guard first; then Streamlit's bundles compressed once (dashboard.static_gzip)
    middleware=[Middleware(UploadGuard), Middleware(StaticGzip)],
    on_script_error=on_script_error,  # Pantau's sentence instead of Streamlit's error box
)
