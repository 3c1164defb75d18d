"""The sidebar's global filters, kept in the URL so any view can be shared as a link.

URL keys: ``lang`` (id/en), ``period`` (``2026-10``, ``2026-Q3``, ``2026`` or
``2025-11..2026-10``), ``kab`` (kabupaten code), ``svc`` (service code), ``ch`` (channels,
comma-separated). A query receives only the filters it declares as parameters, by name, so a
new query file picks the filters up without any page code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import streamlit as st

from base.errors import PantauError
from dashboard.i18n import t
from dashboard.session import runner
from pantau.periods import Period, add_months, last_full_month, parse_period
from pantau.queries import QuerySpec

CHANNELS = ("LOKET", "AGEN", "KELILING", "ONLINE")
ALL = "*"
"""The "whole province" / "all services" choice (a selectbox shows None as its placeholder)."""
KINDS = ("month", "quarter", "year", "custom")
TREND_MONTHS = 24


@dataclass(frozen=True)
class Filters:
    period: Period
    kabupaten: str | None = None
    service: str | None = None
    channels: tuple[str, ...] = field(default_factory=tuple)

    def trend(self) -> tuple[date, date]:
        """The months trend charts show: 24 up to the end of the period (or the period)."""
        start = min(self.period.from_month, add_months(self.period.to_month, 1 - TREND_MONTHS))
        return start, self.period.to_month

    def params(self, spec: QuerySpec, trend: bool = False, **overrides: object) -> dict:
        """Values for the parameters ``spec`` declares, from the filters and ``overrides``."""
        start, end = self.trend() if trend else (self.period.from_month, self.period.to_month)
        available = {
            "from_month": start,
            "to_month": end,
            "month": end,
            "from_date": start,
            "to_date": add_months(end, 1) - timedelta(days=1),
            "kabupaten": self.kabupaten,
            "service": self.service,
            "channels": list(self.channels),
        }
        declared = {p.name for p in spec.params}
        values = {k: v for k, v in available.items() if k in declared}
        values.update({k: v for k, v in overrides.items() if k in declared})
        return values


def _months() -> list[str]:
    return runner().run("meta/months").frame["value"].to_list()


def _period_from_url(months: list[str]) -> tuple[str, str]:
    """(kind, value) from the URL, falling back to the latest full month with data."""
    raw = st.query_params.get("period", "")
    try:
        if ".." in raw:
            _to_period(raw)  # refuses a malformed range
            return "custom", raw
        period = parse_period(raw)
        kind = "year" if len(period.label) == 4 else "quarter" if "Q" in period.label else "month"
        return kind, period.label
    except PantauError:
        default = last_full_month(runner().anchor_day())
        label = f"{default.year}-{default.month:02d}"
        return "month", label if label in months else (months[0] if months else label)


def _quarters(months: list[str]) -> list[str]:
    seen: list[str] = []
    for m in months:
        q = f"{m[:4]}-Q{(int(m[5:7]) - 1) // 3 + 1}"
        if q not in seen:
            seen.append(q)
    return seen


def _init(key: str, value: object) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def sidebar() -> Filters:
    """Draw the filters, write them to the URL and return them."""
    months = _months()
    kind, value = _period_from_url(months)
    kabupaten = dict(runner().run("meta/kabupaten").frame.select("value", "label").iter_rows())
    services = runner().run("meta/services").frame
    service_labels = dict(
        zip(
            services["value"].to_list(),
            services["label_en" if st.query_params.get("lang") == "en" else "label"].to_list(),
            strict=True,
        )
    )
    _init("f_kind", kind)
    _init("f_month", value if kind == "month" else (months[0] if months else None))
    _init("f_quarter", value if kind == "quarter" else (_quarters(months) or [None])[0])
    _init("f_year", value if kind == "year" else (months[0][:4] if months else None))
    if kind == "custom":
        start, end = value.split("..")
    else:
        end = months[0] if months else None
        start = months[min(11, len(months) - 1)] if months else None
    _init("f_from", start)
    _init("f_to", end)
    kab_url, svc_url = st.query_params.get("kab"), st.query_params.get("svc")
    _init("f_kab", kab_url if kab_url in kabupaten else ALL)
    _init("f_svc", svc_url if svc_url in service_labels else ALL)
    _init("f_ch", [c for c in st.query_params.get("ch", "").split(",") if c in CHANNELS])

    with st.sidebar:
        st.subheader(t("filters.title"))
        kind = st.selectbox(
            t("filters.period_kind"),
            KINDS,
            key="f_kind",
            format_func={k: t(f"filters.kind.{k}") for k in KINDS}.get,
        )
        if kind == "month":
            label = st.selectbox(t("filters.month"), months, key="f_month")
        elif kind == "quarter":
            label = st.selectbox(t("filters.quarter"), _quarters(months), key="f_quarter")
        elif kind == "year":
            years = sorted({m[:4] for m in months}, reverse=True)
            label = st.selectbox(t("filters.year"), years, key="f_year")
        else:
            first = st.selectbox(t("filters.from"), months, key="f_from")
            last = st.selectbox(t("filters.to"), months, key="f_to")
            first, last = sorted([first, last])
            label = f"{first}..{last}"
        kab = st.selectbox(
            t("filters.kabupaten"),
            [ALL, *kabupaten],
            key="f_kab",
            format_func={ALL: t("filters.all_kabupaten"), **kabupaten}.get,
        )
        svc = st.selectbox(
            t("filters.service"),
            [ALL, *service_labels],
            key="f_svc",
            format_func={ALL: t("filters.all_services"), **service_labels}.get,
        )
        channels = st.multiselect(
            t("filters.channels"),
            CHANNELS,
            key="f_ch",
            format_func={c: t(f"channel.{c}") for c in CHANNELS}.get,
            placeholder=t("filters.all_channels"),
        )
        st.caption(t("filters.share"))

    period = _to_period(label)
    _write_url(period.label if ".." not in label else label, kab, svc, channels)
    return Filters(
        period, None if kab == ALL else kab, None if svc == ALL else svc, tuple(channels)
    )


def _to_period(label: str) -> Period:
    if ".." in label:
        first, last = (parse_period(p) for p in label.split(".."))
        return Period(label, first.from_month, last.to_month)
    return parse_period(label)


def _write_url(period: str, kab: str, svc: str, channels: list[str]) -> None:
    wanted = {
        "period": period,
        "kab": None if kab == ALL else kab,
        "svc": None if svc == ALL else svc,
        "ch": ",".join(channels) or None,
    }
    for key, value in wanted.items():
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value


def current() -> Filters:
    """The filters drawn on this run (set by the app before the page runs)."""
    return st.session_state["_filters"]
