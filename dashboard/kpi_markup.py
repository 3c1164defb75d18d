"""The scorecard's status marks and HTML: status said in a symbol and a word as well as a
colour (never colour alone), the phone summary of every KPI and the kabupaten × KPI matrix.

Pure builders of text and markup from rows the page already holds (no query runs here), kept
apart from :mod:`dashboard.ui` so each module stays small enough to read.
"""

from __future__ import annotations

from html import escape as html_escape

from base.formats import format_unit
from dashboard.i18n import lang, status
from pantau import words
from pantau.scorecard import grouped

STATUS_SYMBOLS = {
    "on_track": "✓",
    "at_risk": "!",
    "off_track": "✗",
    "no_data": "–",
    "no_target": "?",
    "not_applicable": "∅",
}
BADGE_COLOURS = {"on_track": "green", "at_risk": "orange", "off_track": "red"}
CELL_BACKGROUNDS = {"on_track": "#D8F0E6", "at_risk": "#FBEACB", "off_track": "#F8D8C8"}
"""Light tints of the status colours (pantau/report/charts.STATUS_COLOURS) behind black text,
so a matrix cell keeps its contrast; the symbol says the status without the colour."""
MARKDOWN_SPECIALS = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>|~$"})


def status_colour(code: str) -> str:
    """The one colour of a status (badge, delta, sparkline), grey for anything not judged."""
    return BADGE_COLOURS.get(code, "gray")


def status_mark(code: str) -> str:
    """'✓ Sesuai target': the symbol and the word, so the status reads without colour."""
    return f"{STATUS_SYMBOLS.get(code, '?')} {status(code)}"


def status_badge(code: str) -> str:
    """The status as a Markdown badge in its colour (for a line of text)."""
    return f":{status_colour(code)}-badge[{plain(status_mark(code))}]"


def plain(text: str) -> str:
    """``text`` with Markdown's special characters escaped, to sit inside st.markdown."""
    return text.translate(MARKDOWN_SPECIALS)


def cell_background(code: str) -> str:
    return f"background-color: {CELL_BACKGROUNDS.get(code, '#EEEEEE')}; color: #000000"


PHONE_CSS = """<style>
@media (max-width: 640px) {
  [data-testid='stMainBlockContainer'] { padding-top: 3.5rem; }
  [data-testid='stMainBlockContainer'] h1 { font-size: 1.6rem; padding-bottom: 0.25rem; }
  [data-testid='stMainBlockContainer'] h3 { font-size: 1.15rem; }
}
table.pantau-kpis { width: 100%; max-width: 46rem; border-collapse: collapse; font-size: 0.875rem; margin: 0; }
table.pantau-kpis caption { text-align: left; font-weight: 600; padding-bottom: 0.2rem; }
table.pantau-kpis td, table.pantau-kpis th { padding: 0.1rem 0.3rem; border: 0;
  vertical-align: top; }
table.pantau-kpis th { font-weight: 400; color: #505050; text-align: left; }
table.pantau-kpis tbody.goal + tbody.goal tr:first-child td { border-top: 1px solid #C8C8C8; }
table.pantau-kpis td.mark { width: 1.6rem; text-align: center; font-weight: 700; }
table.pantau-kpis .num { text-align: right; white-space: nowrap; }
table.pantau-kpis .target { text-align: right; white-space: nowrap; color: #505050; }
.pantau-sr { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 640px) {
  table.pantau-kpis { font-size: 0.8rem; line-height: 1.25; }
}
</style>"""
"""The overview's first screen on a phone: a smaller title and a compact status table (the
page's other elements keep Streamlit's styles)."""


def short_area(name: str) -> str:
    """'Kabupaten Mesuji' as people say it in a list (Mesuji); a Kota keeps its word."""
    return name.removeprefix("Kabupaten ")


def kpi_summary(rows: list, caption: str, headings: tuple[str, str, str, str]) -> str:
    """Every KPI as one short table row: its status (symbol on the status's tint, the word
    for screen readers), name, value and target; the rows of one MoU goal in a group of their
    own (the order of ``pantau kpi``), named for screen readers and set apart by a rule, with
    no heading rows, so every status still fits a phone's first screen. Escaped here: the
    text is shown as HTML."""
    bodies = [
        f'<tbody class="goal" aria-label="{html_escape(words.goal(code, lang()), quote=True)}">'
        f"{''.join(_summary_row(row) for row in group)}</tbody>"
        for code, group in grouped(rows)
    ]
    status_heading, kpi, value_heading, target_heading = (html_escape(h) for h in headings)
    head = (
        f'<thead><tr><th scope="col"><span class="pantau-sr">{status_heading}</span></th>'
        f'<th scope="col">{kpi}</th><th scope="col" class="num">{value_heading}</th>'
        f'<th scope="col" class="target">{target_heading}</th></tr></thead>'
    )
    return (
        f'<table class="pantau-kpis"><caption>{html_escape(caption)}</caption>{head}'
        f"{''.join(bodies)}</table>"
    )


def _summary_row(row) -> str:
    """One KPI's row of :func:`kpi_summary`."""
    value = html_escape(format_unit(row.value, row.unit, lang(), compact=True))
    judged = row.target and row.status != "not_applicable"
    target = format_unit(row.target, row.unit, lang(), compact=True) if judged else ""
    return (
        "<tr>"
        f'<td class="mark" style="{cell_background(row.status)}">'
        f'<span aria-hidden="true">{STATUS_SYMBOLS.get(row.status, "?")}</span>'
        f'<span class="pantau-sr">{html_escape(status(row.status))}</span></td>'
        f"<td>{html_escape(row.label)}</td>"
        f'<td class="num">{value}</td>'
        f'<td class="target">{html_escape(target)}</td>'
        "</tr>"
    )


MATRIX_CSS = """<style>
div.pantau-matrix { overflow-x: auto; max-width: 100%; }
table.pantau-matrix { border-collapse: collapse; font-size: 0.8rem; }
table.pantau-matrix th, table.pantau-matrix td { padding: 0.2rem 0.35rem;
  border: 1px solid #E0E0E0; white-space: nowrap; }
table.pantau-matrix thead th { white-space: normal; min-width: 5.5rem; max-width: 7.5rem;
  font-weight: 600; vertical-align: bottom; text-align: left; }
table.pantau-matrix th[scope='row'] { position: sticky; left: 0; background: #FFFFFF;
  text-align: left; font-weight: 400; z-index: 1; }
table.pantau-matrix tr.chosen th[scope='row'] { font-weight: 700; }
table.pantau-matrix td { text-align: right; color: #000000; }
</style>"""


def flagged(text: str) -> str:
    """``text`` as an orange Markdown note (a provisional month)."""
    return f":orange[{plain(text)}]"


def kpi_matrix(
    corner: str,
    headings: list[str],
    rows: list[tuple[str, str, bool, list[tuple[str, str]]]],
) -> str:
    """The kabupaten × KPI matrix as a table: each row ``(name, link, chosen, cells)`` with
    each cell ``(status, text)`` on the status's tint, the text starting with its symbol; the
    name links to the same page narrowed to that area. Escaped here (shown as HTML)."""
    head = "".join(f'<th scope="col">{html_escape(h)}</th>' for h in headings)
    body = []
    for name, link, chosen, cells in rows:
        tds = "".join(
            f'<td style="{cell_background(code)}">{html_escape(said)}</td>' for code, said in cells
        )
        body.append(
            f'<tr{" class=chosen" if chosen else ""}><th scope="row">'
            f'<a href="{html_escape(link, quote=True)}">{html_escape(name)}</a>'
            f"</th>{tds}</tr>"
        )
    return (
        f'<div class="pantau-matrix"><table class="pantau-matrix"><thead><tr>'
        f'<th scope="col">{html_escape(corner)}</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )
