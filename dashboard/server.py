"""The dashboard as an ASGI app: Streamlit's own server with Pantau's upload guard in front.

``pantau dashboard`` (and ``streamlit run dashboard/server.py``) serve this; Streamlit finds
``app`` and runs ``dashboard/app.py`` for each browser session as usual. The guard
(:mod:`dashboard.uploads`) is the one thing Streamlit's configuration cannot express: who may
upload, and how many bytes the server holds for them.
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from dashboard.uploads import UploadGuard

app = st.App(Path(__file__).with_name("app.py"), middleware=[Middleware(UploadGuard)])
