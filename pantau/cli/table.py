"""The CLI's tables on the terminal: the scorecard here, query results through
:func:`pantau.queries.output.to_table_text`; both lay out with :func:`base.formats.text_table`."""

from __future__ import annotations

from base.formats import text_table


def print_table(
    header: list[str], rows: list[list[str]], right: list[bool], **options: object
) -> None:
    print("\n".join(text_table(header, rows, right, **options)))
