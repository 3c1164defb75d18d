"""Facts of the partnership itself that the loader, the demo and the queries all rely on."""

from __future__ import annotations

from datetime import date

MOU_DATE = date(2025, 4, 22)
"""The MoU between Pemprov Lampung and PT Pos Indonesia was signed on 22 April 2025."""
