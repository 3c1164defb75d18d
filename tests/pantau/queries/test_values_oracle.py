"""The comparison itself bites: a scaled number, a dropped or extra row, a null where a value
belongs, a wrong order and a missing column all fail ``assert_matches``."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from pantau.queries import QueryResult
from pantau.queries.disclosure import Suppression
from tests.pantau.queries.oracle import assert_matches

EXPECTED = pl.DataFrame(
    {
        "month": [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)],
        "transactions": [10, 20, 30],
        "share": [0.1, 0.2, None],
        "label": ["a", "b", "c"],
    }
)


def test_equal_frames_pass_in_any_row_order_within_tolerance() -> None:
    got = EXPECTED.reverse().with_columns(pl.col("share") * (1 + 1e-12))
    assert_matches(got, EXPECTED, ["month"])


@pytest.mark.parametrize(
    "broken",
    [
        EXPECTED.with_columns(pl.col("transactions") * 2),
        EXPECTED.with_columns(pl.col("share") * 1.001),
        EXPECTED.with_columns(pl.col("share").fill_null(0.0)),
        EXPECTED.with_columns(pl.lit(None, dtype=pl.Float64).alias("share")),
        EXPECTED.head(2),
        pl.concat(
            [EXPECTED, EXPECTED.tail(1).with_columns(pl.lit(date(2026, 4, 1)).alias("month"))]
        ),
        EXPECTED.drop("label"),
        EXPECTED.with_columns(pl.lit("z").alias("label")),
        EXPECTED.with_columns(pl.col("transactions").cast(pl.Float64) + 0.5),
    ],
    ids=[
        "scaled",
        "float",
        "null-filled",
        "all-null",
        "row-dropped",
        "row-added",
        "column",
        "text",
        "int-as-float",
    ],
)
def test_a_difference_fails(broken: pl.DataFrame) -> None:
    with pytest.raises(AssertionError):
        assert_matches(broken, EXPECTED, ["month"])


def test_order_is_checked_when_promised() -> None:
    with pytest.raises(AssertionError):
        assert_matches(EXPECTED.reverse(), EXPECTED, ["month"], ordered=True)


def test_an_empty_expectation_is_refused() -> None:
    with pytest.raises(AssertionError, match="hollow"):
        assert_matches(EXPECTED.head(0), EXPECTED.head(0), ["month"])


def _hidden(frame: pl.DataFrame, cells: dict[str, dict[int, str]]) -> QueryResult:
    nulled = frame.with_row_index("_i").with_columns(
        pl.when(pl.col("_i").is_in(list(rows))).then(None).otherwise(pl.col(c)).alias(c)
        for c, rows in cells.items()
    )
    return QueryResult(
        name="t",
        params={},
        frame=nulled.drop("_i"),
        truncated=False,
        generation="g",
        seconds=0.0,
        suppression=Suppression(height=frame.height, cells=cells),
    )


def test_a_hidden_cell_is_checked_against_the_policy_not_skipped() -> None:
    small = EXPECTED.with_columns(pl.Series("transactions", [4, 20, 30]))
    assert_matches(
        _hidden(small, {"transactions": {0: "<10"}, "label": {0: "[c]"}}), small, ["month"]
    )
    with pytest.raises(AssertionError, match="truth says 20"):
        assert_matches(_hidden(small, {"transactions": {1: "<10"}}), small, ["month"])
    with pytest.raises(AssertionError, match="still holds"):
        leaky = _hidden(small, {"transactions": {0: "<10"}})
        leaky = QueryResult(**{**leaky.__dict__, "frame": small})
        assert_matches(leaky, small, ["month"])
