"""The monthly MoU report (HTML, and PDF where Chromium is installed), and the charts it shares
with the dashboard (its words are in :mod:`pantau.words`)."""
