"""The monthly MoU report: one self-contained HTML file (and a PDF printed from it).

Every figure comes from the same named queries as the dashboard, through the same runner, so
the report and the screen agree. This module collects the results, writes the narrative from
them, and renders the template; it computes no figure of its own beyond picking which rows to
name (the five lowest, the ten furthest from the standard).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
import plotly.graph_objects as go
import polars as pl

from base import __version__
from base.errors import PantauError, UsageError
from base.formats import (
    format_change,
    format_date,
    format_datetime,
    format_growth,
    format_int,
    format_month_short,
    format_number,
    format_percent,
    format_rupiah,
    format_unit,
)
from base.settings import PROJECT_ROOT, get_settings
from pantau import words
from pantau.definitions import Definition, by_goal, definitions
from pantau.queries import Runner
from pantau.queries.disclosure import load_policy, marks_of
from pantau.report import charts
from pantau.report.svgmap import COLOURS, coverage_svg
from pantau.sample import QUERY as SAMPLE_QUERY
from pantau.sample import SampleNote, sample_note
from pantau.scorecard import (
    KpiRow,
    Period,
    Targets,
    changes,
    clip_to_data,
    load_targets,
    provisional_months,
    scorecard,
)
from pantau.words import message

ASSETS = Path(__file__).parent / "assets"
PLOTLY_JS = ASSETS / "plotly-basic-4.1.1.min.js"
TEMPLATE = Path(__file__).parent / "template.html"
CHART_WIDTH = 680  # px: A4 portrait minus margins
CHART_HEIGHT = 255  # px: two trend charts, their notes and the service table on one A4 page
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
REPORT_ONLY_QUERIES = (
    "agency/before_after",
    "meta/calendar_events",
    "quality/rejects_in_period",
    "quality/silent_branches",
    "wait/by_branch",
)
"""What the report reads beyond the public allowlist (branch rows, data quality, the admin's
calendar). A reader who may not run them all (the public, a branch manager) gets no report: a
report with sections missing would read as complete (``tests/pantau/report/test_report.py``
checks that every query the report names is here or on the public allowlist)."""


def may_build(runner: Runner) -> bool:
    """Whether ``runner``'s reader may have the report (the gate refuses it otherwise)."""
    return all(runner.may_run(name) for name in REPORT_ONLY_QUERIES)


@dataclass
class ReportData:
    period: Period
    kabupaten: str | None
    kabupaten_name: str
    lang: str
    rows: list[KpiRow]
    targets: Targets
    trend: pl.DataFrame
    services: pl.DataFrame
    waits: pl.DataFrame
    kecamatan: pl.DataFrame
    unserved_remote: pl.DataFrame
    lowest: pl.DataFrame
    silent: pl.DataFrame
    rejects: pl.DataFrame
    as_of: dict[str, object]
    generation: str
    queries: list[str] = field(default_factory=list)
    sample: SampleNote | None = None
    """Set when the warehouse holds sample data: the first page says so (:mod:`pantau.sample`)."""
    provisional: dict = field(default_factory=dict)
    """Months of the period whose figures may still change (scorecard.provisional_months)."""
    events: pl.DataFrame = field(default_factory=pl.DataFrame)
    """Holidays and policy events over the trend's months (``meta/calendar_events``)."""
    definitions: list[Definition] = field(default_factory=list)
    """Every KPI's definition (:mod:`pantau.definitions`), for the appendix."""
    before_after: dict[bool, pl.DataFrame] = field(default_factory=dict)
    """``agency/before_after`` with every month (False) and without policy-event months (True):
    the MoU judged as Pos against every channel, both ways, so a relief programme's lift shows."""


def _params(period: Period, kabupaten: str | None) -> dict[str, object]:
    return {"from_month": period.from_month, "to_month": period.to_month, "kabupaten": kabupaten}


def collect(runner: Runner, period: Period, kabupaten: str | None, lang: str) -> ReportData:
    """Run every query the report shows; the scorecard clips a year in progress."""
    targets = load_targets()
    period = clip_to_data(runner, period)
    rows = scorecard(runner, period, kabupaten=kabupaten, lang=lang, targets=targets)
    used: list[str] = [k.query for k in targets.kpis]

    def run(name: str, **params: object) -> pl.DataFrame:
        used.append(name)
        spec = runner.spec(name)
        declared = {p.name for p in spec.params}
        values = {
            k: v for k, v in {**_params(period, kabupaten), **params}.items() if k in declared
        }
        return runner.run(name, values).frame

    names = dict(run("meta/kabupaten").select("value", "label").iter_rows())
    trend = run("volume/mou_trend")
    first = trend["month"].min() if trend.height else period.from_month
    events = run("meta/calendar_events", from_month=first, to_month=period.to_month)
    waits = run("wait/by_branch", min_customers=30)
    sample = sample_note(runner)
    if sample is not None:
        used.append(SAMPLE_QUERY)
    return ReportData(
        period=period,
        kabupaten=kabupaten,
        kabupaten_name=names.get(kabupaten, kabupaten)
        if kabupaten
        else runner.province_label(lang),
        lang=lang,
        rows=rows,
        targets=targets,
        trend=trend,
        services=run("volume/by_service"),
        waits=waits.sort("within_standard_share", nulls_last=True).head(10),
        kecamatan=run("reach/kecamatan"),
        unserved_remote=run("reach/unserved", remote_only=True),
        lowest=run("kpi/by_kabupaten").head(5),
        silent=run("quality/silent_branches", days=get_settings().stale_days),
        rejects=run("quality/rejects_in_period"),
        as_of=run("meta/data_as_of").row(0, named=True),
        generation=runner.generation(),
        queries=sorted(set(used)),
        sample=sample,
        provisional=provisional_months(runner, period, kabupaten),
        events=events,
        definitions=definitions(lang, targets, runner.catalogue()),
        before_after={
            flag: run("agency/before_after", exclude_events=flag) for flag in (False, True)
        },
    )


# -- words ------------------------------------------------------------------------------------
def compare_rows(data: ReportData) -> list[dict[str, str]]:
    """The before/after comparison as printed, one row per way (every month; without policy
    months), or nothing when Bapenda's realisation is not loaded (no share to compare)."""
    lang, out = data.lang, []
    for flag, frame in data.before_after.items():
        rows = {r["period"]: r for r in frame.iter_rows(named=True)}
        before, after, change = rows.get("before"), rows.get("after"), rows.get("change")
        if not (before and after and change) or before["pos_share"] is None:
            continue
        out.append({
            "way": words.text("report.compare_no_events" if flag else "report.compare_all", lang),
            "pairs": format_int(change["months"], lang),
            "before": format_percent(before["pos_share"], 1, lang),
            "after": format_percent(after["pos_share"], 1, lang),
            "change": format_change(change["pos_share"], "share", lang),
            "pos_growth": format_growth(change["pos_growth"], lang),
            "all_growth": format_growth(change["all_growth"], lang),
            "gap": format_change(change["growth_gap"], "share", lang),
            "note": change["note"] or "",
        })  # fmt: skip
    return out


def narrative(data: ReportData) -> list[str]:
    """A few sentences written from the figures: the state, what improved, what lags, where,
    and whether a dip might be missing data."""
    lang, rows = data.lang, data.rows

    def t(key: str, **values: object) -> str:
        return words.text(key, lang, **values)

    outcomes = [r for r in rows if r.goal != "data_quality" and r.status != "not_applicable"]
    count = {s: sum(r.status == s for r in outcomes) for s in ("on_track", "at_risk", "off_track")}
    state = t("report.state", period=period_text(data.period, lang), met=count["on_track"],
              total=len(outcomes), at_risk=count["at_risk"], off=count["off_track"])  # fmt: skip
    quality = [r for r in rows if r.goal == "data_quality"]
    if quality:
        said = ", ".join(f"{r.label}: {r.status_label.lower()}" for r in quality)
        state = state.removesuffix(".") + "; " + t("scorecard.quality", what=said) + "."
    out = [state]
    better, worsened = changes(rows)
    improved, worse = [r.label for r in better], [r.label for r in worsened]
    if improved:
        out.append(t("report.improved", period=rows[0].previous_period, what=_join(improved, lang)))
    if worse:
        out.append(t("report.worse", what=_join(worse, lang)))
    lagging = [r for r in rows if r.status == "off_track"]
    if lagging:
        out.append(t("report.lags", what=_join([
            f"{r.label} ({format_unit(r.value, r.unit, lang)}; target "
            f"{format_unit(r.target, r.unit, lang)})" for r in lagging], lang)))  # fmt: skip
    mou = next((r for r in rows if r.key == "mou_transactions"), None)
    if mou and mou.value is not None and mou.growth is not None:
        out.append(t("report.mou_growth", value=format_int(mou.value, lang),
                     growth=format_growth(mou.growth, lang)))  # fmt: skip
    compared = {row["way"]: row for row in compare_rows(data)}
    every = compared.get(words.text("report.compare_all", lang))
    if every:
        clean = compared.get(words.text("report.compare_no_events", lang))
        out.append(t("report.compare_sentence", change=every["change"], gap=every["gap"],
                     clean=clean["change"] if clean else "–"))  # fmt: skip
    since = data.trend.filter(pl.col("era") == "mou", pl.col("has_data"))
    if since.height and data.trend["baseline_mou_monthly_avg"][0]:
        base = data.trend["baseline_mou_monthly_avg"][0]
        avg = since["mou_transactions"].mean()
        out.append(t("report.since_mou", since=format_int(avg, lang), base=format_int(base, lang),
                     change=format_growth(avg / base - 1, lang)))  # fmt: skip
    if not data.kabupaten and data.lowest.height:
        out.append(t("report.lowest_use", where=data.lowest["kabupaten"][0]))
    if data.waits.height and data.waits["within_standard_share"][0] is not None:
        w = data.waits.row(0, named=True)
        out.append(t("report.worst_wait", branch=w["branch"], kabupaten=w["kabupaten"],
                     share=format_percent(w["within_standard_share"], 0, lang)))  # fmt: skip
    if data.provisional:
        months = ", ".join(format_month_short(m, lang) for m in sorted(data.provisional))
        out.append(t("report.provisional", months=months))
    rejected = int(data.rejects["rejects"].sum()) if data.rejects.height else 0
    out.append(
        t("report.data_caveat", silent=data.silent.height, rejects=format_int(rejected, lang))
    )
    return out


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" dan " if lang == "id" else " and ") + items[-1]


def period_text(period: Period, lang: str) -> str:
    if period.months == 1:
        return format_month_short(period.from_month, lang)
    return period.label


# -- cells ------------------------------------------------------------------------------------
# Which cells are hidden is decided by the gate (pantau/queries/gate.py, disclosure control) for every
# output alike; the report only prints the markers the result carries.
def service_rows(data: ReportData) -> list[dict[str, str]]:
    """The per-service table as printed: a cell the gate hid reads its marker (``<10`` for a
    small health-service count, ``[c]`` for its growth and amount and for a cell hidden so it
    cannot be worked out from a total)."""
    lang, out = data.lang, []
    frame = data.services
    marks = marks_of(frame)

    def cell(column: str, i: int, value: object, text) -> str:
        marker = marks.marker(column, i) if marks is not None else None
        if marker is not None:
            return marker
        return "–" if value is None else text(value)

    for i, s in enumerate(frame.iter_rows(named=True)):
        out.append({
            "service": words.service(s["service_code"], lang),
            "transactions": cell("transactions", i, s["transactions"],
                                 lambda v: format_int(v, lang)),
            "previous": cell("transactions_prev_year", i, s["transactions_prev_year"],
                             lambda v: format_int(v, lang)),
            "growth": cell("growth_share", i, s["growth_share"],
                           lambda v: format_growth(v, lang)),
            "amount": cell("amount_idr", i, s["amount_idr"], lambda v: format_rupiah(v, lang)),
        })  # fmt: skip
    return out


def secondary_note(data: ReportData) -> str:
    """The sentence explaining the secondary marker, when the report shows one."""
    marks = marks_of(data.services)
    marker = load_policy().secondary_marker
    if marks is None or not marks.count(marker):
        return ""
    return words.text("report.suppressed_secondary", data.lang, marker=marker)


def suppressed_note(lang: str) -> str:
    """What the small-count markers of the service table mean, with the policy's own markers."""
    policy = load_policy()
    return words.text(
        "report.suppressed",
        lang,
        threshold=policy.threshold,
        primary=policy.primary_marker,
        secondary=policy.secondary_marker,
    )


def _figure_html(fig: go.Figure, lang: str) -> str:
    fig.update_layout(
        width=CHART_WIDTH, height=CHART_HEIGHT, separators=",." if lang == "id" else ".,"
    )
    return fig.to_html(
        full_html=False, include_plotlyjs=False, config={"staticPlot": True, "responsive": False}
    )


def _spans(data: ReportData) -> list[charts.EventSpan]:
    """The policy events shaded on the trend charts (:func:`charts.event_spans`)."""
    if data.trend.is_empty():
        return []
    return charts.event_spans(data.events, data.trend["month"].to_list())


def events_note(data: ReportData) -> str:
    """Below the trend charts: which events are shaded, with their full names and dates, and
    what is not drawn (holidays, one-day events)."""
    lang, spans = data.lang, _spans(data)
    if not spans:
        return words.text("report.events_none", lang)
    said = "; ".join(
        f"{s.name} ({format_date(s.start, lang)} – {format_date(s.end, lang)})" for s in spans
    )
    return words.text("report.events_note", lang, events=said)


def trend_figures(data: ReportData) -> list[go.Figure]:
    """The monthly MoU-transactions and PKB charts, with the MoU's signing month as a line and
    the policy events shaded (:func:`charts.annotate_events`)."""
    lang, trend = data.lang, data.trend
    if trend.is_empty():
        return []
    months = [format_month_short(m, lang) for m in trend["month"].to_list()]
    spans = _spans(data)
    mou_index = next((i for i, e in enumerate(trend["era"].to_list()) if e == "signing"), None)
    figures = []
    for column, base_column, colour, key in (
        ("mou_transactions", "baseline_mou_monthly_avg", charts.OKABE_ITO[0], "report.trend_mou"),
        ("pkb_amount_idr", "baseline_pkb_monthly_avg_idr", charts.OKABE_ITO[1], "report.trend_pkb"),
    ):
        values = [float(v) for v in trend[column].to_list()]
        scale = 1_000_000 if column.endswith("_idr") else 1
        fig = go.Figure()
        fig.add_trace(go.Bar(x=months, y=[v / scale for v in values], marker_color=colour,
                             name=words.column(column, lang)))  # fmt: skip
        base = trend[base_column][0]
        if base is not None:
            fig.add_trace(go.Scatter(
                x=months, y=[base / scale] * len(months), mode="lines",
                line={"dash": "dash", "color": "#444"},
                name=words.text("report.baseline_avg", lang)))  # fmt: skip
        if mou_index is not None:
            fig.add_vline(x=mou_index, line={"color": "#D55E00", "width": 2})
        charts.annotate_events(fig, spans, lang)
        fig.update_layout(
            title={"text": words.text(key, lang), "font": {"size": 14}},
            margin={"l": 10, "r": 10, "t": 40, "b": 10},
            legend={"orientation": "h", "y": -0.2},
            yaxis_title=words.text("axis.million_rupiah", lang) if scale > 1 else
            words.column(column, lang),
        )  # fmt: skip
        fig.update_xaxes(type="category", tickvals=months[::4])
        figures.append(fig)
    return figures


def render_html(data: ReportData) -> str:
    lang = data.lang
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = environment.from_string(TEMPLATE.read_text(encoding="utf-8"))
    zone = ZoneInfo(get_settings().time_zone)
    loaded = data.as_of["last_load_finished"]
    if isinstance(loaded, datetime) and loaded.tzinfo:
        loaded = loaded.astimezone(zone).replace(tzinfo=None)
    targets_path = data.targets.path
    if targets_path.is_relative_to(PROJECT_ROOT):
        targets_path = targets_path.relative_to(PROJECT_ROOT)
    return template.render(
        t=lambda key, **v: words.text(key, lang, **v),
        col=lambda name: words.column(name, lang),
        lang=lang,
        data=data,
        period=period_text(data.period, lang),
        plotly_js=jinja2.utils.markupsafe.Markup(PLOTLY_JS.read_text(encoding="utf-8")),
        narrative=narrative(data),
        service_rows=service_rows(data),
        compare_rows=compare_rows(data),
        trend_figures=[
            jinja2.utils.markupsafe.Markup(_figure_html(f, lang)) for f in trend_figures(data)
        ],
        events_note=events_note(data),
        goals=by_goal(data.definitions),
        coverage_map=jinja2.utils.markupsafe.Markup(coverage_svg(data.kecamatan, data.kabupaten)),
        map_colours=COLOURS,
        status_colours=charts.STATUS_COLOURS,
        unit=lambda v, u: format_unit(v, u, lang),
        change=lambda v, u: format_change(v, u, lang),
        pct=lambda v: format_percent(v, 1, lang),
        num=lambda v, d=1: format_number(v, d, lang),
        rupiah=lambda v: format_rupiah(v, lang),
        count=lambda v: "–" if v is None else format_int(v, lang),
        secondary_note=secondary_note(data),
        suppressed_note=suppressed_note(lang),
        service=lambda code: words.service(code, lang),
        reason=lambda code: words.reason(code, lang),
        date=lambda d: format_date(d, lang),
        as_of_latest=format_datetime(data.as_of["latest_transaction"], lang),
        as_of_loaded=format_datetime(loaded, lang) if loaded else "–",
        targets_path=str(targets_path),
        version=__version__,
        generated=format_datetime(datetime.now(zone).replace(tzinfo=None), lang),
        signed=lambda v: format_growth(v, lang),
        sample=data.sample.sentence(lang) if data.sample is not None else None,
    )


def find_chromium() -> str | None:
    for name in CHROMIUM_CANDIDATES:
        if path := shutil.which(name):
            return path
    return None


def print_pdf(html: Path, pdf: Path) -> None:
    """Print the HTML with headless Chromium; the charts' JavaScript runs before printing."""
    chromium = find_chromium()
    if chromium is None:
        raise UsageError(message("report.no_chromium"))
    with tempfile.TemporaryDirectory(prefix="pantau-pdf-") as profile:
        command = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={profile}", "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw", "--virtual-time-budget=20000",
            f"--print-to-pdf={pdf}", html.resolve().as_uri(),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    if done.returncode != 0 or not pdf.exists():
        raise PantauError(message("report.pdf_failed", pdf=pdf, error=done.stderr.strip()[:200]))


def write_report(
    out: Path, period: Period, kabupaten: str | None = None, lang: str = "id",
    runner: Runner | None = None,
) -> Path:  # fmt: skip
    """Write the report to ``out`` (``.html`` or ``.pdf``) and return its path."""
    suffix = out.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise UsageError(message("report.bad_suffix", out=out))
    runner = runner or Runner()
    html = render_html(collect(runner, period, kabupaten, lang))
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".pdf":
        with tempfile.TemporaryDirectory(prefix="pantau-report-") as folder:
            page = Path(folder) / "report.html"
            page.write_text(html, encoding="utf-8")
            print_pdf(page, out)
    else:
        out.write_text(html, encoding="utf-8")
    return out


def report_html(period: Period, kabupaten: str | None, lang: str, runner: Runner) -> str:
    """The HTML as text (the dashboard's download button)."""
    return render_html(collect(runner, period, kabupaten, lang))
