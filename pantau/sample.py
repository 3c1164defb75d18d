"""Whether the warehouse holds sample data, and the sentence every output says it with.

The demo writes about 40 thousand PKB payments a year against about 1.9 million real ones, so
its figures are a fraction of the province's. Its export folder declares this
(``_dataset.json``), the load records it (``dataset_notes``, :mod:`etl.dataset`) and this
module is the one place that asks (the named query ``meta/dataset``, through the runner and
its gate) and words the answer: the dashboard's banner on every page
(``dashboard/sample_notice.py``), the report's first page, the Excel and CSV downloads' top
rows (:mod:`pantau.queries.output`) and ``pantau query run``'s note on stderr. A warehouse
with no note (real exports) gets no label from any of them.

The lookup is an ordinary run through the gate: every role's allow-list holds ``meta/dataset``
(the label belongs on every screen of every role, and the note says nothing about a branch or
a person).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from base.errors import PantauError
from base.formats import format_int, format_percent
from pantau import words
from pantau.queries import Runner

QUERY = "meta/dataset"
log = logging.getLogger("pantau.sample")


@dataclass(frozen=True)
class SampleNote:
    """The newest declaration the warehouse records (``queries/meta/dataset.sql``)."""

    share: float
    """Of the real volume: the demo's PKB payments a year / PKB payers a year in Lampung."""
    public_total: int | None
    """What the share is measured against (PKB payers a year), when declared."""

    def share_text(self, lang: str = "id") -> str:
        """The share with two significant digits (``2,1%``; ``0,083%`` for a tiny demo), in
        the formats of :mod:`base.formats`."""
        return format_percent(self.share, share_decimals(self.share), lang)

    def sentence(self, lang: str = "id") -> str:
        """The label itself: "Data contoh: sekitar 2,1% dari volume sebenarnya (…)."."""
        if self.public_total is None:
            basis = words.text("sample.basis_declared", lang)
        else:
            basis = words.text("sample.basis", lang, total=format_int(self.public_total, lang))
        return words.text("sample.banner", lang, share=self.share_text(lang), basis=basis)


def share_decimals(share: float) -> int:
    """Decimals of a percentage that show two significant digits, one to three."""
    percent = share * 100
    if percent <= 0:
        return 1
    return max(1, min(3, 1 - math.floor(math.log10(percent))))


def sample_note(runner: Runner) -> SampleNote | None:
    """The warehouse's sample note, or None for real data. A warehouse last written before
    notes existed (no ``dataset_notes`` table until its next load) reads as unlabelled: it is
    logged, and the next load adds the table."""
    try:
        frame = runner.run(QUERY).frame
    except PantauError as exc:
        log.warning("could not tell whether the warehouse holds sample data: %s", exc)
        return None
    if frame.is_empty() or frame["sample_share"][0] is None:
        return None
    total = frame["public_total"][0]
    return SampleNote(float(frame["sample_share"][0]), int(total) if total is not None else None)


def sample_sentence(runner: Runner, lang: str = "id") -> str | None:
    """The label in ``lang`` when the warehouse holds a sample, else None (what outputs
    print)."""
    note = sample_note(runner)
    return note.sentence(lang) if note is not None else None
