"""How many customers each outlet sees per day and service, before any randomness.

An *outlet* is a branch plus the channel it books on: every branch is one outlet, and every
main office has a second, ``ONLINE`` outlet (PKB and BPJS paid online are attributed to the main
office). The expected count ``rate[o, d, s]`` is

    catchment population x per-capita rate of the service x weekday and calendar factors
    x seasonality of the service x MoU growth x (service offered there that day)

scaled so the whole period holds the requested number of rows. Samsat demand follows registered
vehicles (the regency's vehicles per head), everything else the population of the kecamatan;
then each regency's PKB is set to its share of the 2025 UPTD PKB targets (Bandar Lampung about
46 %) and its bansos to its share of the poor (BPS poverty rate x population). The dated events
of :mod:`demodata.policy` come in as day factors: PKB relief and pemutihan raise PKB in every
channel; bansos is paid in waves, the BLTS Kesra wave sized to 407,701 KPM x the demo's
``sample_share`` (its PKB payments per year / 1.87 million real ones).

Queues run on exactly these rows: :mod:`demodata.counters` fits each branch's counters to
the volume its rows bring.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from demodata.calendar import AGENT_SUNDAY_FACTOR, DOW_FACTOR, Calendar
from demodata.geography import Geography
from demodata.network import Network
from demodata.policy import BLTS_KPM, PKB_PAYERS_PER_YEAR
from demodata.services import (
    ADMINDUK,
    AGEN,
    BANSOS,
    BPJS,
    KC,
    KCP,
    KELILING,
    MOU,
    N_SERVICES,
    ONLINE,
    PBB,
    PENSIUN,
    PKB,
    STNK5,
)

# Customers per 100,000 inhabitants of the catchment on an ordinary weekday.
PER_CAPITA = np.array([30.0, 5.0, 18.0, 12.0, 8.0, 8.0, 5.0, 30.0, 8.0])
# Relative use of each service per outlet kind (rows: KC, KCP, AGEN, KELILING, ONLINE).
KIND_MIX = np.array(
    [
        [1.0, 1.0, 1.0, 1.0, 1.0, 1.3, 1.0, 1.2, 1.2],
        [0.3, 0.3, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
        [0.5, 0.0, 0.9, 0.4, 0.8, 0.0, 0.7, 0.9, 0.5],  # no STNK5: it needs a physical check
        [1.2, 0.0, 0.8, 1.3, 0.8, 0.3, 1.0, 0.4, 0.3],
        [1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    ]
)
# Extra demand for MoU services once the MoU has run a year, per outlet kind.
MOU_GROWTH = np.array([0.05, 0.15, 0.60, 0.30, 0.80])
ADMINDUK_FROM = date(2025, 6, 1)
N_MISSING_AGENTS = 3
N_MISSING_KCP = 1
PBB_MONTH = np.array([0.6, 0.6, 0.7, 0.8, 0.9, 1.2, 1.5, 1.8, 1.6, 0.9, 0.7, 0.7])


@dataclass
class Demand:
    outlet_branch: np.ndarray  # branch of each outlet
    outlet_kind: np.ndarray  # KC/KCP/AGEN/KELILING/ONLINE
    rate: np.ndarray  # (outlets, days, services) expected rows
    visit_kec: np.ndarray  # (outlets, days) kecamatan a mobile unit stands in, -1 if none
    missing: list[tuple[int, int]]  # (branch, month index) deliberately not reported
    sample_share: float = 0.0  # demo PKB payments per year / real ones (policy.PKB_PAYERS_PER_YEAR)

    @property
    def n_outlets(self) -> int:
        return len(self.outlet_branch)


def _epoch(d: date) -> int:
    return int(np.datetime64(d, "D").astype(np.int64))


def _catchment(geo: Geography, net: Network) -> np.ndarray:
    """Population each branch serves for ordinary services."""
    kcp_in = np.bincount(net.kec[net.kind == KCP], minlength=geo.n_kec)
    agents_in = np.bincount(net.kec[net.kind == AGEN], minlength=geo.n_kec)
    office_in = kcp_in + np.bincount(net.kec[net.kind == KC], minlength=geo.n_kec)
    pop = geo.kec_pop[net.kec]
    out = np.zeros(net.n)
    kc = net.kind == KC
    out[kc] = pop[kc] + 0.08 * geo.kab_pop[net.kab[kc]]
    kcp = net.kind == KCP
    out[kcp] = 0.7 * pop[kcp] / kcp_in[net.kec[kcp]]
    ag = net.kind == AGEN
    share = np.where(office_in[net.kec[ag]] > 0, 0.15, 0.45)
    out[ag] = share * pop[ag] / agents_in[net.kec[ag]]
    for b in np.flatnonzero(net.kind == KELILING):
        out[b] = 1.5 * geo.kec_pop[net.routes[b]].mean()
    return out


@dataclass(frozen=True)
class _Outlets:
    """Every branch, then an ``ONLINE`` outlet per main office, with what demand needs of each."""

    branch: np.ndarray
    kind: np.ndarray
    kab: np.ndarray
    vehicle: np.ndarray  # the regency's vehicles per head

    @classmethod
    def of(cls, geo: Geography, net: Network) -> _Outlets:
        kc_branches = np.flatnonzero(net.kind == KC)
        branch = np.concatenate([np.arange(net.n), kc_branches])
        kind = np.concatenate([net.kind, np.full(len(kc_branches), ONLINE)])
        kab = net.kab[branch]
        return cls(branch, kind, kab, geo.kab_vehicle_ratio[kab])


def _base_rate(geo: Geography, net: Network, out: _Outlets) -> np.ndarray:
    """(outlets, services): people / 100k x per-capita x kind mix, on an ordinary weekday."""
    vehicle, kab = out.vehicle, out.kab
    catch = _catchment(geo, net)[out.branch]
    base = catch[:, None] / 1e5 * PER_CAPITA[None, :] * KIND_MIX[out.kind]
    base[:, [PKB, STNK5]] *= vehicle[:, None]
    kc = out.kind == KC
    # A main office is its regency's only Samsat point at the post before the MoU.
    base[kc, PKB] = 0.12 * geo.kab_pop[kab[kc]] / 1e5 * PER_CAPITA[PKB] * vehicle[kc]
    base[kc, STNK5] = 0.12 * geo.kab_pop[kab[kc]] / 1e5 * PER_CAPITA[STNK5] * vehicle[kc]
    online = out.kind == ONLINE
    base[online, PKB] = 0.05 * geo.kab_pop[kab[online]] / 1e5 * PER_CAPITA[PKB] * vehicle[online]
    base[online, BPJS] = 0.05 * geo.kab_pop[kab[online]] / 1e5 * PER_CAPITA[BPJS]
    return base


def _day_factor(
    geo: Geography, net: Network, cal: Calendar, out: _Outlets
) -> tuple[np.ndarray, np.ndarray]:
    """(outlets, days) factor for open, weekday, mobile-unit schedule and calendar, and the
    (outlets, days) kecamatan a mobile unit stands in (-1 if none)."""
    epoch = cal.epoch_day
    opened = net.opened[out.branch]
    day_f = DOW_FACTOR[out.kind][:, cal.dow]  # (O, D)
    sunday = (cal.dow == 6)[None, :] & net.sunday_open[out.branch][:, None]
    day_f = np.where(sunday & (out.kind == AGEN)[:, None], AGENT_SUNDAY_FACTOR, day_f)
    physical = out.kind != ONLINE
    day_f = np.where(physical[:, None] & cal.closed[None, :], 0.0, day_f)
    day_f[out.kind == ONLINE] *= cal.online_factor[None, :]
    day_f *= epoch[None, :] >= opened[:, None]
    day_f *= cal.demand[None, :]
    visit_kec = np.full((len(out.branch), cal.n_days), -1, dtype=np.int64)
    week = (epoch + 3) // 7
    for o in np.flatnonzero(out.kind == KELILING):
        route = net.routes[out.branch[o]]
        stop = route[(week * 5 + cal.dow) % len(route)]
        touring = cal.dow < 5
        visit_kec[o] = np.where(touring & (day_f[o] > 0), stop, -1)
        day_f[o] *= np.where(touring, geo.kec_pop[stop] / geo.kec_pop[route].mean(), 0.0)
    return day_f, visit_kec


def _service_factor(cal: Calendar) -> np.ndarray:
    """(days, services): seasonality (the BLTS wave is added separately)."""
    svc_f = np.ones((cal.n_days, N_SERVICES))
    svc_f[:, BPJS] = np.where(cal.day <= 10, 1.3, 0.85)  # contributions are due by the 10th
    svc_f[:, PENSIUN] = np.where(cal.day <= 5, 2.6, 0.6)  # pensions are paid from the 1st
    svc_f[:, BANSOS] = cal.policy.regular_bansos  # tranche waves (BLTS added below)
    svc_f[:, PKB] *= cal.policy.pkb_demand  # relief and pemutihan
    svc_f[:, STNK5] *= cal.policy.pkb_demand
    svc_f[:, PBB] = PBB_MONTH[cal.month - 1]  # land tax is due in August-September
    return svc_f


def _mou_growth(cal: Calendar, out: _Outlets) -> np.ndarray:
    """(outlets, days) growth of MoU services (ramps over the first year, then slowly)."""
    m = cal.months_since_mou
    ramp = np.clip(m / 12.0, 0.0, 1.0) + 0.05 * np.clip(m - 12.0, 0.0, None) / 12.0
    return 1.0 + MOU_GROWTH[out.kind][:, None] * ramp[None, :]


def _service_start(net: Network, out: _Outlets) -> np.ndarray:
    """(outlets, services) first epoch day a service is offered: from opening; Samsat from the
    branch's roll-out date; the civil-registry delivery only under the MoU."""
    start = np.repeat(net.opened[out.branch][:, None], N_SERVICES, axis=1)
    samsat = net.samsat_from[out.branch]
    start[:, PKB] = np.maximum(start[:, PKB], samsat)
    start[:, STNK5] = np.maximum(start[:, STNK5], samsat)
    start[:, ADMINDUK] = np.maximum(start[:, ADMINDUK], _epoch(ADMINDUK_FROM))
    return start


def _add_blts_wave(
    rate: np.ndarray,
    spread: np.ndarray,
    kab: np.ndarray,
    poor: np.ndarray,
    share: float,
    target_rows: float,
) -> float:
    """The BLTS Kesra wave: every KPM once, at the outlets that pay bansos, by the poor.

    ``spread`` is the (outlets, days) shape of the wave; ``rate`` is topped up and renormalised
    to ``target_rows`` in place; ``poor`` is per regency. Returns the sample share after renormalising."""
    kab_total = np.bincount(kab, weights=spread.sum(axis=1), minlength=len(poor))
    want = BLTS_KPM * share * poor / poor.sum()
    factor = np.divide(want, kab_total, out=np.zeros_like(want), where=kab_total > 0)
    rate[:, :, BANSOS] += spread * factor[kab][:, None]
    total = rate.sum()
    rate *= target_rows / total
    return share * (target_rows / total)


def build_demand(
    geo: Geography,
    net: Network,
    cal: Calendar,
    target_rows: float,
    rng: np.random.Generator,
    exclude_months: tuple[int, ...] = (),
) -> Demand:
    """Expected rows per outlet, day and service, normalised to ``target_rows``."""
    out = _Outlets.of(geo, net)
    kab, epoch = out.kab, cal.epoch_day
    base = _base_rate(geo, net, out)
    day_f, visit_kec = _day_factor(geo, net, cal, out)
    start = _service_start(net, out)
    rate = base[:, None, :] * day_f[:, :, None] * _service_factor(cal)[None, :, :]
    rate[:, :, MOU] *= _mou_growth(cal, out)[:, :, None]
    rate *= epoch[None, :, None] >= start[:, None, :]
    _share_by_kabupaten(rate, kab, (PKB, STNK5), geo.kab_pkb_weight)
    poor = geo.kab_pop * geo.kab_poverty
    _share_by_kabupaten(rate, kab, (BANSOS,), poor / poor.sum())
    total = rate.sum()
    if total > 0:
        rate *= target_rows / total
    years = max(cal.n_days / 365.25, 1e-9)
    share = float(rate[:, :, [PKB, STNK5]].sum()) / years / PKB_PAYERS_PER_YEAR
    blts = cal.policy.blts
    if blts.any() and share > 0:
        spread = (
            base[:, BANSOS][:, None]
            * day_f
            * blts[None, :]
            * (epoch[None, :] >= start[:, BANSOS][:, None])
        )
        share = _add_blts_wave(rate, spread, kab, poor, share, target_rows)

    missing = _choose_missing(net, cal, rate, out.kind, out.branch, rng, exclude_months)
    for branch, month in missing:
        o = int(np.flatnonzero(out.branch == branch)[0])
        rate[o, cal.month_first[month] : cal.month_stop[month]] = 0.0
    return Demand(out.branch, out.kind, rate, visit_kec, missing, share)


def _share_by_kabupaten(
    rate: np.ndarray, kab: np.ndarray, services: tuple[int, ...], weight: np.ndarray
) -> None:
    """Rescale ``services`` so each regency holds ``weight`` of their total (in place)."""
    cols = list(services)
    per_outlet = rate[:, :, cols].sum(axis=(1, 2))
    kab_total = np.bincount(kab, weights=per_outlet, minlength=len(weight))
    want = weight * per_outlet.sum()
    factor = np.divide(want, kab_total, out=np.ones_like(want), where=kab_total > 0)
    rate[:, :, cols] *= factor[kab][:, None, None]


def _choose_missing(
    net: Network,
    cal: Calendar,
    rate: np.ndarray,
    outlet_kind: np.ndarray,
    outlet_branch: np.ndarray,
    rng: np.random.Generator,
    exclude_months: tuple[int, ...],
) -> list[tuple[int, int]]:
    """A few agent-months and one sub-branch-month that never reached the province."""
    n_months = len(cal.month_keys)
    monthly = np.stack(
        [rate[:, cal.month_first[m] : cal.month_stop[m]].sum(axis=(1, 2)) for m in range(n_months)],
        axis=1,
    )  # (O, months)
    monthly[:, list(exclude_months)] = 0.0
    chosen: list[tuple[int, int]] = []
    for kind, count in ((AGEN, N_MISSING_AGENTS), (KCP, N_MISSING_KCP)):
        outlets = np.flatnonzero(outlet_kind == kind)
        sub = monthly[outlets]
        for threshold in (5.0, 1.0, 0.2):
            o_idx, m_idx = np.nonzero(sub >= threshold)
            if len(o_idx) >= count:
                break
        if len(o_idx) == 0:
            continue
        picks = rng.choice(len(o_idx), size=min(count, len(o_idx)), replace=False)
        used_branches = set()
        for p in sorted(picks.tolist()):
            branch = int(outlet_branch[outlets[o_idx[p]]])
            if branch in used_branches:
                continue
            used_branches.add(branch)
            chosen.append((branch, int(m_idx[p])))
    return sorted(chosen)
