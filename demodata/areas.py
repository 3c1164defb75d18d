"""The five reporting areas and the export layout each one uses.

PT Pos Indonesia groups Lampung's 15 regencies into areas around its larger offices; each area
office exports its own monthly file in its own habitual format, which is why Pantau has to read
five layouts. The revised (re-sent) file of the demo comes from the Metro area (``csv_id``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from demodata.layouts import CSV_EN, CSV_ID, CSV_ISO, CSV_TAB, XLSX


@dataclass(frozen=True)
class Area:
    slug: str
    name: str
    kabupaten: tuple[str, ...]
    layout: str


AREAS: tuple[Area, ...] = (
    Area("bandar_lampung", "Bandar Lampung", ("18.71", "18.01", "18.09"), CSV_ISO),
    Area("metro", "Metro", ("18.72", "18.02", "18.07"), CSV_ID),
    Area("kotabumi", "Kotabumi", ("18.03", "18.08", "18.05", "18.12", "18.11"), CSV_EN),
    Area("pringsewu", "Pringsewu", ("18.10", "18.06"), CSV_TAB),
    Area("liwa", "Liwa", ("18.04", "18.13"), XLSX),
)
REVISION_AREA = "metro"
REVISION_MONTH = "2026-09"


def transplant_areas(province: str, region: str) -> tuple[Area, ...]:
    """The areas of a transplanted province (:func:`demodata.geography.transplant`): Lampung's
    grouping and layouts under the relabelled codes, named ``Contoh <province> 1..5`` (slug
    ``contoh_<PP>_1``...), never after a Lampung town."""
    return tuple(
        Area(
            f"contoh_{province}_{i}",
            f"Contoh {region} {i}",
            tuple(province + code[2:] for code in area.kabupaten),
            area.layout,
        )
        for i, area in enumerate(AREAS, start=1)
    )


def revision_area(areas: tuple[Area, ...]) -> str:
    """The slug of the area whose file is re-sent: Metro's, or its place in ``areas``."""
    return areas[[a.slug for a in AREAS].index(REVISION_AREA)].slug


def area_of_kabupaten(kab_codes: list[str], areas: tuple[Area, ...] = AREAS) -> np.ndarray:
    """Area index of each regency (in the order of ``kab_codes``)."""
    lookup = {code: i for i, area in enumerate(areas) for code in area.kabupaten}
    missing = [c for c in kab_codes if c not in lookup]
    if missing:
        raise ValueError(f"Regencies without a reporting area: {', '.join(missing)}.")
    return np.array([lookup[c] for c in kab_codes], dtype=np.int64)
