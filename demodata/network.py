"""The branch network: main offices, sub-branches, agents and mobile units, and their roll-out.

The network is a function of the seed and the reference data only (never of the demo period),
so the same branch has the same code and opening date in every demo. What the MoU changes is
encoded as dates: when an agent or mobile unit opens, and when a branch starts taking Samsat
payments (main offices always did; sub-branches, agents and mobile units month by month after
22 April 2025, remote kecamatan later). Counters are not placed here: the queue runs on the
written rows, so :mod:`demodata.counters` fits each branch's counters (and the month a busy
one adds a counter) to the demo's volume; every branch starts with one.

Lampung's post offices hang under three processing offices (``pos_network.csv``): KCU Bandar
Lampung, KC Metro and KC Kotabumi; every other regency's main office is a KCP. Inside the
generator all 15 keep the *main office* role (the regency's Samsat point before the MoU, the
home of online payments); only the branch file's name (KCU, KC or KCP) and ``jenis`` (KC for
the three, as the warehouse files a KCU, else KCP) say which. Nine KCP
LPU open in remote kecamatan on 9 November 2025 (``POS-KCPLPU-2025``). Service points lie
inside their kecamatan's polygon.

Codes are strings on purpose: main offices and sub-branches carry 5-digit *nopend* codes
(their postcode), agents ``0`` + BPS-style regency + serial (``01801007``) and mobile units
``0`` + regency + unit (``0180401``), so a reader that turns codes into numbers breaks visibly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from base.mou import MOU_DATE
from demodata.geography import Geography, is_city, processing_offices
from demodata.services import AGEN, KC, KCP, KELILING

NEVER = np.iinfo(np.int32).max  # an epoch day that never comes
ALWAYS = np.iinfo(np.int32).min
KCP_TARGET = 100  # single sub-branches before the second ones in the most populous kecamatan
SECOND_KCP = 12
EXTRA_AGENTS = 15
AGENT_SUNDAY_SHARE = 0.25
N_KCP_LPU = 9  # new KCP LPU in Lampung, 9 Nov 2025 (POS-KCPLPU-2025)
KCP_LPU_OPENED = date(2025, 11, 9)
AGENT_SUFFIXES = ("Jaya", "Makmur", "Sejahtera", "Mandiri", "Abadi", "Berkah", "Sentosa", "Maju")


def _epoch(d: date) -> int:
    return int(np.datetime64(d, "D").astype(np.int64))


def _month_start(months_after_mou: int) -> int:
    """Epoch day of the first day of the month ``n`` months after the MoU's month."""
    m = np.datetime64(MOU_DATE, "M") + months_after_mou
    return int(m.astype("datetime64[D]").astype(np.int64))


@dataclass
class Network:
    """One entry per branch (index ``b``), in the order KC, KCP, AGEN, KELILING."""

    code: list[str]
    name: list[str]
    label: list[str]  # ``jenis`` in the branch file: KC, KCP, AGEN, KELILING
    kind: np.ndarray
    kec: np.ndarray  # base kecamatan (a mobile unit's garage: its main office's kecamatan)
    kab: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    opened: np.ndarray  # epoch day
    counters: np.ndarray  # counters at opening
    extra_counter_from: np.ndarray  # epoch day of one more counter (NEVER if none)
    samsat_from: np.ndarray  # epoch day Samsat payments start (ALWAYS for main offices)
    sunday_open: np.ndarray
    routes: list[np.ndarray]  # kecamatan a mobile unit visits, in weekly order

    @property
    def n(self) -> int:
        return len(self.code)

    def counters_on(self, branch: np.ndarray, epoch_day: np.ndarray) -> np.ndarray:
        return self.counters[branch] + (epoch_day >= self.extra_counter_from[branch])

    def master_table(self, end: date, kec_codes: list[str]) -> pl.DataFrame:
        """The branch file as the head office sends it: branches open by ``end``."""
        last = _epoch(end)
        keep = np.flatnonzero(self.opened <= last)
        counters = self.counters[keep] + (self.extra_counter_from[keep] <= last)
        return pl.DataFrame(
            {
                "kode_kantor": [self.code[i] for i in keep],
                "nama_kantor": [self.name[i] for i in keep],
                "jenis": [self.label[i] for i in keep],
                "kode_kecamatan": [kec_codes[self.kec[i]] for i in keep],
                "lat": np.round(self.lat[keep], 6),
                "lon": np.round(self.lon[keep], 6),
                "mulai_layanan": self.opened[keep].astype("datetime64[D]"),
                "jumlah_loket": counters.astype(np.int64),
            }
        )


class _Builder:
    def __init__(self, geo: Geography, rng: np.random.Generator) -> None:
        self.geo = geo
        self.rng = rng
        self.rows: list[dict] = []
        self.used_codes: set[str] = set()

    def unique_code(self, code: str) -> str:
        while code in self.used_codes:
            code = f"{int(code) + 1:0{len(code)}d}"
        self.used_codes.add(code)
        return code

    def jitter(self, kec: int) -> tuple[float, float]:
        """A point inside the kecamatan's polygon (so on land), near its centre if possible:
        0.2-1.8 km from the centre, then ever wider, then anywhere in its bounding box."""
        geo = self.geo
        lat0, lon0 = float(geo.kec_lat[kec]), float(geo.kec_lon[kec])
        if not geo.kec_rings[kec]:
            return lat0, lon0
        for attempt in range(60):
            r = self.rng.uniform(0.2, 1.8) * (1.0 + attempt // 10)
            theta = self.rng.uniform(0, 2 * np.pi)
            lat = lat0 + r * np.cos(theta) / 111.0
            lon = lon0 + r * np.sin(theta) / (111.0 * np.cos(np.deg2rad(-5.0)))
            if geo.inside(kec, lat, lon):
                return float(lat), float(lon)
        ring = max(geo.kec_rings[kec], key=len)
        for _ in range(10_000):
            lon = self.rng.uniform(ring[:, 0].min(), ring[:, 0].max())
            lat = self.rng.uniform(ring[:, 1].min(), ring[:, 1].max())
            if geo.inside(kec, lat, lon):
                return float(lat), float(lon)
        return lat0, lon0

    def random_day(self, first: date, last: date) -> int:
        return int(self.rng.integers(_epoch(first), _epoch(last) + 1))

    def add(self, **row) -> None:
        lat, lon = self.jitter(row["kec"])
        row.setdefault("lat", lat)
        row.setdefault("lon", lon)
        row.setdefault("extra_counter_from", NEVER)
        row.setdefault("sunday_open", False)
        row.setdefault("route", np.zeros(0, dtype=np.int64))
        row["kab"] = int(self.geo.kec_kab[row["kec"]])
        self.rows.append(row)

    def postcode_of(self, kec: int) -> str:
        geo = self.geo
        block = geo.postcodes[int(geo.pc_first[kec]) : int(geo.pc_first[kec] + geo.pc_count[kec])]
        return str(block.min())


def _add_main_offices(b: _Builder, kab_block: list[np.ndarray]) -> list[int]:
    """Main offices: the capital's kecamatan.

    Returns each regency's main-office kecamatan (indexed by regency)."""
    geo = b.geo
    titles = geo.kab_office or tuple(processing_offices().get(c, "KCP") for c in geo.kab_capital)
    kc_kec = []
    for k in range(geo.n_kab):
        kec = int(kab_block[k][np.argmin(geo.kec_dist_capital[kab_block[k]])])
        kc_kec.append(kec)
        title = titles[k]
        b.add(
            code=b.unique_code(b.postcode_of(kec)),
            name=f"{title} {geo.kab_capital[k]}",
            # The warehouse knows KC and KCP (a KCU is loaded as KC): the file says KC for it.
            label="KCP" if title == "KCP" else "KC",
            kind=KC,
            kec=kec,
            opened=b.random_day(date(1975, 1, 1), date(2005, 12, 31)),
            counters=1,  # until demodata.counters fits it to the written volume
            samsat_from=ALWAYS,
        )
    return kc_kec


def _add_sub_branches(b: _Builder, is_kc: np.ndarray) -> np.ndarray:
    """Sub-branches: every kecamatan of the kota (kabupaten number 71 and up: Lampung's two
    cities), then the best-placed of the rest
    (populous, less often remote), then a second one in the most populous kecamatan.

    Returns which kecamatan now have a sub-branch."""
    geo, rng = b.geo, b.rng
    city = np.isin(geo.kec_kab, [i for i, c in enumerate(geo.kab_code) if is_city(c)])
    noise = rng.gumbel(size=geo.n_kec)
    appeal = np.log(geo.kec_pop) + 0.5 * noise - 0.4 * geo.kec_remote
    appeal[is_kc | city] = -np.inf
    n_city = int((city & ~is_kc).sum())
    chosen = np.flatnonzero(city & ~is_kc).tolist()
    chosen += np.argsort(-appeal, kind="stable")[: max(KCP_TARGET - n_city, 0)].tolist()
    second = np.argsort(-geo.kec_pop, kind="stable")[:SECOND_KCP].tolist()
    has_kcp = np.zeros(geo.n_kec, dtype=bool)
    for order, kec in enumerate(sorted(chosen) + sorted(second)):
        _add_sub_branch(b, kec, is_second=order >= len(chosen))
        has_kcp[kec] = True
    return has_kcp


def _add_sub_branch(b: _Builder, kec: int, is_second: bool) -> None:
    """One sub-branch; a second one in a kecamatan is named after one of its villages."""
    geo, rng = b.geo, b.rng
    names = [n for n in geo.desa_names[kec] if n != geo.kec_name[kec]]
    if is_second:
        label = str(rng.choice(names)) if names else f"{geo.kec_name[kec]} II"
    else:
        label = geo.kec_name[kec]
    remote = bool(geo.kec_remote[kec])
    new_office = rng.random() < 0.05
    opened = (
        b.random_day(date(2024, 2, 1), date(2026, 6, 30))
        if new_office
        else b.random_day(date(1985, 1, 1), date(2023, 12, 31))
    )
    offset = int(rng.integers(6, 16) if remote else rng.integers(1, 10))
    b.add(
        code=b.unique_code(b.postcode_of(kec)),
        name=f"KCP {label}",
        label="KCP",
        kind=KCP,
        kec=kec,
        opened=opened,
        counters=1,  # until demodata.counters fits it to the written volume
        samsat_from=max(_month_start(offset), opened),
    )


def _add_kcp_lpu(b: _Builder, has_kcp: np.ndarray, is_kc: np.ndarray) -> None:
    """KCP LPU: the remote kecamatan without an office, most populous first."""
    geo, rng = b.geo, b.rng
    lpu_appeal = np.log(geo.kec_pop) + 0.3 * rng.gumbel(size=geo.n_kec)
    lpu_appeal[~geo.kec_remote | has_kcp | is_kc] = -np.inf
    for kec in sorted(np.argsort(-lpu_appeal, kind="stable")[:N_KCP_LPU].tolist()):
        if not np.isfinite(lpu_appeal[kec]):
            continue
        opened = _epoch(KCP_LPU_OPENED)
        b.add(
            code=b.unique_code(b.postcode_of(kec)),
            name=f"KCP LPU {geo.kec_name[kec]}",
            label="KCP",
            kind=KCP,
            kec=kec,
            opened=opened,
            counters=1,
            samsat_from=max(_month_start(int(rng.integers(8, 16))), opened),
        )


def _agent_kecamatan(b: _Builder, has_kcp: np.ndarray, is_kc: np.ndarray) -> list[int]:
    """One agent per kecamatan without an office (two in a populous one), and a few beside
    sub-branches; sorted, one entry per agent."""
    geo = b.geo
    agent_kec = []
    for kec in range(geo.n_kec):
        if not is_kc[kec] and not has_kcp[kec]:
            agent_kec += [kec] * (2 if geo.kec_pop[kec] >= 50_000 else 1)
    weights = geo.kec_pop * has_kcp
    agent_kec += b.rng.choice(
        geo.n_kec, EXTRA_AGENTS, replace=False, p=weights / weights.sum()
    ).tolist()
    agent_kec.sort()
    return agent_kec


def _add_agents(b: _Builder, agent_kec: list[int]) -> None:
    """Agents: named after a village (made unique), most opening in the months after the MoU."""
    geo, rng = b.geo, b.rng
    serial = np.zeros(geo.n_kab, dtype=np.int64)
    used_names: set[str] = set()
    for kec in agent_kec:
        kab = int(geo.kec_kab[kec])
        serial[kab] += 1
        kab4 = geo.kab_code[kab].replace(".", "")
        names = geo.desa_names[kec]
        label = str(rng.choice(names)) if names else geo.kec_name[kec]
        name = f"Agen Pos {label}"
        if name in used_names:
            name = f"{name} {rng.choice(AGENT_SUFFIXES)}"
        while name in used_names:
            name = f"{name} {int(serial[kab])}"
        used_names.add(name)
        remote = bool(geo.kec_remote[kec])
        if rng.random() < 0.35:  # an agent that was already there before the MoU
            opened = b.random_day(date(2016, 1, 1), date(2025, 3, 31))
        else:
            offset = int(rng.integers(5, 15) if remote else rng.integers(1, 9))
            opened = _month_start(offset) + int(rng.integers(0, 28))
        samsat_offset = int(rng.integers(8, 18) if remote else rng.integers(3, 12))
        samsat = max(_month_start(samsat_offset), opened)
        b.add(
            code=b.unique_code(f"0{kab4}{serial[kab]:03d}"),
            name=name,
            label="AGEN",
            kind=AGEN,
            kec=kec,
            opened=opened,
            counters=1,
            samsat_from=samsat,
            sunday_open=bool(rng.random() < AGENT_SUNDAY_SHARE),
        )


def _add_mobile_units(b: _Builder, kab_block: list[np.ndarray], kc_kec: list[int]) -> None:
    """Mobile units: one per regency with remote kecamatan, two where there are more than five;
    each tours its share of the remote kecamatan, one a day, so each is visited about weekly."""
    geo, rng = b.geo, b.rng
    for kab in range(geo.n_kab):
        remote = kab_block[kab][geo.kec_remote[kab_block[kab]]]
        if len(remote) == 0:
            continue
        kc = kc_kec[kab]
        bearing = np.arctan2(
            geo.kec_lat[remote] - geo.kec_lat[kc], geo.kec_lon[remote] - geo.kec_lon[kc]
        )
        remote = remote[np.argsort(bearing, kind="stable")]
        n_units = 1 if len(remote) <= 5 else 2
        kab4 = geo.kab_code[kab].replace(".", "")
        for unit, route in enumerate(np.array_split(remote, n_units), start=1):
            opened = _month_start(int(rng.integers(2, 8))) + int(rng.integers(0, 28))
            b.add(
                code=b.unique_code(f"0{kab4}{unit:02d}"),
                name=f"Pos Keliling {geo.kab_short[kab]} {unit}",
                label="KELILING",
                kind=KELILING,
                kec=kc,
                opened=opened,
                counters=1,  # until demodata.counters fits it to the written volume
                samsat_from=opened,
                route=route.astype(np.int64),
            )


def _network_of(rows: list[dict]) -> Network:
    """The builder's rows as the column-wise :class:`Network`."""
    return Network(
        code=[r["code"] for r in rows],
        name=[r["name"] for r in rows],
        label=[r["label"] for r in rows],
        kind=np.array([r["kind"] for r in rows], dtype=np.int64),
        kec=np.array([r["kec"] for r in rows], dtype=np.int64),
        kab=np.array([r["kab"] for r in rows], dtype=np.int64),
        lat=np.array([r["lat"] for r in rows]),
        lon=np.array([r["lon"] for r in rows]),
        opened=np.array([r["opened"] for r in rows], dtype=np.int64),
        counters=np.array([r["counters"] for r in rows], dtype=np.int64),
        extra_counter_from=np.array([r["extra_counter_from"] for r in rows], dtype=np.int64),
        samsat_from=np.array([r["samsat_from"] for r in rows], dtype=np.int64),
        sunday_open=np.array([r["sunday_open"] for r in rows], dtype=bool),
        routes=[r["route"] for r in rows],
    )


def build_network(geo: Geography, rng: np.random.Generator) -> Network:
    """Place the branches (see the module docstring for the rules).

    The steps run in this order and share one random stream, so their order is part of the
    output: reordering them changes every demo.
    """
    b = _Builder(geo, rng)
    kab_block = [np.arange(geo.kab_first_kec[k], geo.kab_last_kec[k]) for k in range(geo.n_kab)]
    kc_kec = _add_main_offices(b, kab_block)
    is_kc = np.zeros(geo.n_kec, dtype=bool)
    is_kc[kc_kec] = True
    has_kcp = _add_sub_branches(b, is_kc)
    _add_kcp_lpu(b, has_kcp, is_kc)
    _add_agents(b, _agent_kecamatan(b, has_kcp, is_kc))
    _add_mobile_units(b, kab_block, kc_kec)
    return _network_of(b.rows)
