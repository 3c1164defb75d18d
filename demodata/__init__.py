"""Seeded generator of realistic demo exports (and their expected load result).

Real exports of the Pemprov Lampung - PT Pos Indonesia partnership are not public, so Pantau
ships a generator whose files look and behave like what the post offices send: a branch file
(``kantor/kantor_pos_lampung.csv``) and monthly transaction files per reporting area in five
different layouts (``transaksi/YYYY-MM/transaksi_{area}_{YYYY-MM}.{csv|xlsx}``), with the faults,
duplicates, mistyped NIKs, a corrected re-sent file and missing branch-months a loader must
handle. The same output is the test fixture (``truth=True`` writes what the loader should end
up with) and the benchmark input (it streams month by month, so 10 million rows fit in memory).

Modules, in the order the generator uses them: :mod:`~demodata.geography` (reference data as
arrays), :mod:`~demodata.network` (branches), :mod:`~demodata.calendar` (days and clock
times), :mod:`~demodata.demand` (expected customers), :mod:`~demodata.queueing` (arrivals and
waits), :mod:`~demodata.identities` and :mod:`~demodata.amounts` (who and how much),
:mod:`~demodata.transactions` (a month's rows), :mod:`~demodata.layouts` and
:mod:`~demodata.writers` (files), :mod:`~demodata.faults`, :mod:`~demodata.truth`.
"""

from demodata.generator import DemoResult, generate

__all__ = ["DemoResult", "generate"]
