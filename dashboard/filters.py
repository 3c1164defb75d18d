"""The sidebar's global filters, kept in the URL so any view can be shared as a link.

URL keys: ``lang`` (id/en), ``prov`` (province code), ``period`` (``2026-10``, ``2026-Q3``,
``2026`` or ``2025-11..2026-10``), ``kab`` (kabupaten code), ``svc`` (service code), ``ch``
(channels, comma-separated).

The province is not a filter like the others: every figure runs in one (the session's runner
is scoped to it, :mod:`pantau.queries.scope`), so it is drawn on every page, and only when the
data holds more than one province; the kabupaten list follows it.

A query receives only the filters it declares as parameters, by name, so a new query file picks
the filters up without any page code.

Each page offers only the filters its figures take: a view module lists the named queries it
shows in ``QUERIES``, and the sidebar draws a filter when one of those queries declares its
parameter (:data:`FILTER_PARAMS`). A filter the page does not offer keeps its value for the
pages that do, but reaches no query here. A figure whose query does not take an offered,
active filter says so beside it (``dashboard/notes.py``).
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import streamlit as st

from base.errors import PantauError
from base.settings import get_settings
from dashboard.i18n import t
from dashboard.session import runner
from pantau.periods import Period, add_months, last_full_month, parse_period
from pantau.queries import QuerySpec
from pantau.queries.header import scope_param
from pantau.queries.scope import HOME, default_province

CHANNELS = ("LOKET", "AGEN", "KELILING", "ONLINE")
ALL = "*"
"""The "whole province" / "all services" choice (a selectbox shows None as its placeholder)."""
KINDS = ("month", "quarter", "year", "custom")
TREND_MONTHS = 24
FILTER_PARAMS: dict[str, tuple[str, ...]] = {
    "period": ("from_month", "to_month", "month", "from_date", "to_date"),
    "kabupaten": ("kabupaten",),
    "service": ("service",),
    "channels": ("channels",),
}
"""Each sidebar filter and the query parameters that carry it."""
WIDGETS = ("f_kind", "f_month", "f_quarter", "f_year", "f_from", "f_to", "f_kab", "f_svc", "f_ch")


def followed(spec: QuerySpec) -> frozenset[str]:
    """The sidebar filters a query takes, from the parameters its header declares."""
    declared = {p.name for p in spec.params}
    return frozenset(f for f, params in FILTER_PARAMS.items() if declared & set(params))


def page_queries(view: str | None) -> tuple[str, ...]:
    """The named queries a page shows: ``QUERIES`` of ``dashboard/views/<view>``, or, for a
    view that does not list them, the query names written in its code."""
    if not view:
        return ()
    module = importlib.import_module(f"dashboard.views.{view.removesuffix('.py')}")
    if hasattr(module, "QUERIES"):
        return tuple(module.QUERIES)
    tree = ast.parse(inspect.getsource(module))
    known = set(runner().catalogue().names())
    written = (n.value for n in ast.walk(tree) if isinstance(n, ast.Constant))
    return tuple(dict.fromkeys(v for v in written if isinstance(v, str) and v in known))


def offered(names: Iterable[str]) -> frozenset[str]:
    """The filters a page offers: those at least one of its queries takes."""
    out: frozenset[str] = frozenset()
    for name in names:
        out |= followed(runner().spec(name))
    return out


@dataclass(frozen=True)
class Filters:
    period: Period
    kabupaten: str | None = None
    service: str | None = None
    channels: tuple[str, ...] = field(default_factory=tuple)

    def active(self) -> frozenset[str]:
        """The filters narrowing what the page shows (a period always does)."""
        chosen = {"kabupaten": self.kabupaten, "service": self.service, "channels": self.channels}
        return frozenset({"period"} | {k for k, v in chosen.items() if v})

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


def _service_labels(names: Iterable[str]) -> dict[str, str]:
    """The services every query of the page taking ``service`` accepts (the MoU services when
    they all list only those), labelled in the session's language."""
    labels: dict[str, str] | None = None
    english = st.query_params.get("lang") == "en"
    for name in names:
        for param in runner().spec(name).params:
            if param.name != "service":
                continue
            these = {v: (en if english else idn) for v, idn, en in runner().choices(param)}
            labels = these if labels is None else {v: labels[v] for v in labels if v in these}
    return labels or {}


def _keep(drawn: set[str]) -> None:
    """Keep the value of a filter this page does not draw, for the pages that do (Streamlit
    forgets a widget's state on a run that does not draw it)."""
    for key in set(WIDGETS) - drawn:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def _init(key: str, value: object) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def sidebar(names: Iterable[str] = ()) -> Filters:
    """Draw the filters the page's queries ``names`` take, write them to the URL and return
    them; a filter not offered here is None (empty) in the result."""
    names = tuple(names)
    offer = offered(names)
    province = _province_widget()
    months = _months()
    kind, value = _period_from_url(months)
    kabupaten = dict(runner().run("meta/kabupaten").frame.select("value", "label").iter_rows())
    service_labels = _service_labels(names) if "service" in offer else {}
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
    if st.session_state["f_kab"] not in (ALL, *kabupaten):
        st.session_state["f_kab"] = ALL  # a kabupaten of the province chosen before
    _init("f_svc", svc_url or ALL)
    _init("f_ch", [c for c in st.query_params.get("ch", "").split(",") if c in CHANNELS])
    if "service" in offer and st.session_state["f_svc"] not in (ALL, *service_labels):
        st.session_state["f_svc"] = ALL  # a service this page's figures do not take

    drawn: set[str] = set()
    with st.sidebar:
        st.subheader(t("filters.title"))
        if not offer:
            st.caption(t("filters.none"))
        label = _period_widgets(kind, months, drawn) if "period" in offer else value
        if "kabupaten" in offer:
            st.selectbox(
                t("filters.kabupaten"),
                [ALL, *kabupaten],
                key="f_kab",
                format_func={ALL: t("filters.all_kabupaten"), **kabupaten}.get,
            )
            drawn.add("f_kab")
        if "service" in offer:
            st.selectbox(
                t("filters.service"),
                [ALL, *service_labels],
                key="f_svc",
                format_func={ALL: t("filters.all_services"), **service_labels}.get,
            )
            drawn.add("f_svc")
        if "channels" in offer:
            st.multiselect(
                t("filters.channels"),
                CHANNELS,
                key="f_ch",
                format_func={c: t(f"channel.{c}") for c in CHANNELS}.get,
                placeholder=t("filters.all_channels"),
            )
            drawn.add("f_ch")
        if offer:
            st.caption(t("filters.share"))
    _keep(drawn)

    period = _to_period(label)
    kab, svc, channels = (
        st.session_state["f_kab"] if "kabupaten" in offer else ALL,
        st.session_state["f_svc"] if "service" in offer else ALL,
        list(st.session_state["f_ch"]) if "channels" in offer else [],
    )
    _write_url(period.label if ".." not in label else label, kab, svc, channels, offer)
    _write_province(province)
    return Filters(
        period, None if kab == ALL else kab, None if svc == ALL else svc, tuple(channels)
    )


def _province_widget() -> str | None:
    """The province the session's figures run in: drawn when the data holds several (else
    the one it holds), kept in the URL as ``prov``; sets the session runner's scope before
    any other query of the run (the kabupaten list, the months) reads through it."""
    scoped = runner()
    options = scoped.choices(scope_param())
    codes = [code for code, _, _ in options]
    default = default_province(get_settings().province, codes)
    wanted = st.query_params.get("prov")
    _init("f_prov", wanted if wanted in codes else default)
    if st.session_state["f_prov"] not in codes:
        st.session_state["f_prov"] = default
    if len(codes) > 1:
        english = st.query_params.get("lang") == "en"
        names = {code: (en if english else idn) for code, idn, en in options}
        st.sidebar.selectbox(t("filters.province"), codes, key="f_prov", format_func=names.get)
    scoped.scope = st.session_state["f_prov"] or HOME
    return st.session_state["f_prov"] if len(codes) > 1 else None


def _write_province(province: str | None) -> None:
    """``prov`` in the URL when the data holds several provinces (a link opens on it)."""
    if province is None:
        if "prov" in st.query_params:
            del st.query_params["prov"]
    elif st.query_params.get("prov") != province:
        st.query_params["prov"] = province


def _period_widgets(kind: str, months: list[str], drawn: set[str]) -> str:
    """The period's kind and value; returns its label (``2026-09``, ``2026-Q3``, ``a..b``)."""
    kind = st.selectbox(
        t("filters.period_kind"),
        KINDS,
        key="f_kind",
        format_func={k: t(f"filters.kind.{k}") for k in KINDS}.get,
    )
    drawn.add("f_kind")
    if kind == "month":
        drawn.add("f_month")
        return st.selectbox(t("filters.month"), months, key="f_month")
    if kind == "quarter":
        drawn.add("f_quarter")
        return st.selectbox(t("filters.quarter"), _quarters(months), key="f_quarter")
    if kind == "year":
        drawn.add("f_year")
        years = sorted({m[:4] for m in months}, reverse=True)
        return st.selectbox(t("filters.year"), years, key="f_year")
    drawn.update(("f_from", "f_to"))
    first = st.selectbox(t("filters.from"), months, key="f_from")
    last = st.selectbox(t("filters.to"), months, key="f_to")
    first, last = sorted([first, last])
    return f"{first}..{last}"


def _to_period(label: str) -> Period:
    if ".." in label:
        first, last = (parse_period(p) for p in label.split(".."))
        return Period(label, first.from_month, last.to_month)
    return parse_period(label)


def _write_url(period: str, kab: str, svc: str, channels: list[str], offer: frozenset[str]) -> None:
    """The offered filters into the URL (a filter the page does not offer is left as it is,
    so coming back to a page that offers it finds it again)."""
    wanted = {
        "period": period if "period" in offer else None,
        "kab": None if kab == ALL else kab,
        "svc": None if svc == ALL else svc,
        "ch": ",".join(channels) or None,
    }
    carried = {"period": "period", "kab": "kabupaten", "svc": "service", "ch": "channels"}
    for key, value in wanted.items():
        if carried[key] not in offer:
            continue
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value


def current() -> Filters:
    """The filters drawn on this run (set by the app before the page runs)."""
    return st.session_state["_filters"]
