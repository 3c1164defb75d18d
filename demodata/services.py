"""The nine services as the generator models them: order, counter times, channel kinds.

Services are referred to by their position in :data:`SERVICE_CODES` everywhere in the generator
(numpy arrays are indexed by it); the codes match ``data/reference/services.csv`` and the
names written to files come from :func:`base.reference.services`, so the loader's name and alias
matching is exercised with the real table.
"""

from __future__ import annotations

import numpy as np

SERVICE_CODES: tuple[str, ...] = (
    "PKB",
    "STNK5",
    "BPJS",
    "BANSOS",
    "PBB",
    "PENSIUN",
    "ADMINDUK",
    "POS_KIRIM",
    "POS_WESEL",
)
N_SERVICES = len(SERVICE_CODES)
S = {code: i for i, code in enumerate(SERVICE_CODES)}
PKB, STNK5, BPJS, BANSOS, PBB, PENSIUN, ADMINDUK, POS_KIRIM, POS_WESEL = range(N_SERVICES)
SAMSAT = (PKB, STNK5)
MOU = np.array([code not in ("POS_KIRIM", "POS_WESEL") for code in SERVICE_CODES])

# Counter time per service: lognormal with this median (minutes) and log-sd. A PKB payment with
# STNK validation takes a few minutes, a BPJS payment is quick, a five-yearly STNK renewal is
# the longest (documents and plate hand-over).
SERVICE_MEDIAN_MIN = np.array([6.0, 10.0, 3.0, 5.0, 3.0, 4.0, 2.5, 3.0, 4.0])
SERVICE_SIGMA = np.array([0.40, 0.35, 0.45, 0.35, 0.45, 0.35, 0.40, 0.50, 0.40])
SERVICE_MEAN_MIN = SERVICE_MEDIAN_MIN * np.exp(SERVICE_SIGMA**2 / 2)

# Outlet kinds (branch types) and the channel their transactions carry.
KC, KCP, AGEN, KELILING, ONLINE = range(5)
OUTLET_KINDS = ("KC", "KCP", "AGEN", "KELILING", "ONLINE")
CHANNEL_OF_KIND = ("LOKET", "LOKET", "AGEN", "KELILING", "ONLINE")
QUEUED_KINDS = (KC, KCP, KELILING)  # a ticket and a counter: waits come from the queue

# Status codes (canonical English, as the warehouse keeps them).
COMPLETED, CANCELLED, NO_SHOW = range(3)
STATUS_CODES = ("COMPLETED", "CANCELLED", "NO_SHOW")
