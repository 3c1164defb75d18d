"""The monthly MoU report (HTML, and PDF where Chromium is installed), and the labels and
charts it shares with the dashboard."""
