"""Seeded generator of realistic demo exports (and their expected load result).

Real exports of the Pemprov Lampung - PT Pos Indonesia partnership are not public, so Pantau
ships a generator whose files look and behave like what the post offices send: a branch file
(``kantor/kantor_pos_lampung.csv``) and monthly transaction files per reporting area in five
different layouts (``transaksi/YYYY-MM/transaksi_{area}_{YYYY-MM}.{csv|xlsx}``), with the faults,
duplicates, mistyped NIKs, a corrected re-sent file and missing branch-months a loader must
handle, and two incidents in the period's final weeks for the alerts to find
(:mod:`~demodata.incidents`): a busy main office short of counter staff on its last five days
with counter service (its waits run far past the standard) and a sub-branch that sends nothing
for the last twelve days. The same output is the test fixture (``truth=True`` writes what the
loader should end up with) and the benchmark input (it streams month by month, so 10 million
rows fit in memory).

Beside them, the exports of the partner agencies the KPIs need (:mod:`~demodata.agency`):
Bapenda's monthly PKB realisation per UPTD and payment channel (:mod:`~demodata.bapenda`,
``_instansi/bapenda/``: a recap workbook or an e-Samsat CSV; its Kantor Pos channel is the Pos
files' PKB payments with a few per cent booked a month late) and the SKM satisfaction surveys
(:mod:`~demodata.survey`, ``_instansi/survei/``: numeric CSV or an online form's workbook).
They sit below ``_instansi/``, which ``pantau load`` passes over inside a folder (as it does
``_truth``): an agency's files are another kind of input, loaded on their own (``make demo``
runs ``pantau load data/demo/_instansi`` after the Pos files; the loader recognises them from
their headers, :mod:`etl.kinds`).

Modules, in the order the generator uses them: :mod:`~demodata.geography` (reference data as
arrays), :mod:`~demodata.network` (branches), :mod:`~demodata.calendar` (days and clock
times), :mod:`~demodata.demand` (expected customers), :mod:`~demodata.counters` (counters fitted
to that volume), :mod:`~demodata.incidents` (the final weeks' shortage and silence),
:mod:`~demodata.queueing` (arrivals and waits), :mod:`~demodata.identities` and
:mod:`~demodata.amounts` (who and how much), :mod:`~demodata.transactions` (a month's rows),
:mod:`~demodata.layouts` and :mod:`~demodata.writers` (files), :mod:`~demodata.faults`,
:mod:`~demodata.truth`, :mod:`~demodata.agency` (with :mod:`~demodata.bapenda` and
:mod:`~demodata.survey`).

With ``provinces`` (``pantau demo --provinces 18,16``) other provinces are written beside
Lampung's, each a transplant of its geography with a seed of its own (:mod:`~demodata.provinces`:
``provinsi_PP/`` and ``_referensi/PP/``); Lampung's files stay byte for byte what they are
without it.
"""

from demodata.generator import DemoResult, generate

__all__ = ["DemoResult", "generate"]
