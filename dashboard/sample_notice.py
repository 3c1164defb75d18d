"""The "data contoh" banner at the top of every page when the warehouse holds sample data.

Called once from the page chrome (``dashboard/app.py``), before the page itself runs, so no
page can forget it and none can hide it: an ``st.info`` box with no close button. Whether the
data is a sample, and the sentence, come from :mod:`pantau.sample` (the same lookup as the
report, the downloads and the CLI); real data shows nothing.
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import lang
from dashboard.session import runner
from pantau.sample import sample_sentence


def show() -> None:
    sentence = sample_sentence(runner(), lang())
    if sentence is not None:
        st.info(sentence, icon=":material/science:")
