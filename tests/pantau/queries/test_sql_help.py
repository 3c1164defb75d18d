"""An analyst's SQL mistake becomes one sentence in their language; a refusal stays a refusal."""

from __future__ import annotations

import duckdb
import pytest

from pantau.queries.sandbox import QueryRefusedError, explain_engine_error
from pantau.queries.sql_help import explain_sql_error
from pantau.words import explain, message

SCHEMA = {"transactions": ["service_code", "branch_code", "arrived_at"], "agg_day": ["day"]}


def _engine_error(sql: str) -> QueryRefusedError:
    """What the runner raises for ``sql``: the engine's own error, through the runner's
    wording (so a change in DuckDB's messages shows up here)."""
    con = duckdb.connect()
    con.sql("CREATE TABLE transactions (service_code VARCHAR, branch_code VARCHAR, n INT)")
    try:
        con.sql(sql).fetchall()
    except duckdb.Error as exc:
        return explain_engine_error(exc, 10)
    finally:
        con.close()
    raise AssertionError(f"{sql!r} ran")


@pytest.mark.parametrize(
    ("sql", "indonesian", "english"),
    [
        (
            "SELECT servce_code FROM transactions",
            "Tidak ada kolom bernama servce_code. Maksud Anda service_code?",
            "There is no column named servce_code. Did you mean service_code?",
        ),
        (
            "SELECT * FROM transactons",
            "Tidak ada tabel bernama transactons. Maksud Anda transactions?",
            "There is no table named transactons. Did you mean transactions?",
        ),
        (
            "SELECT n FROM transactions GROUP BY service_code",
            "Kolom n harus ada di GROUP BY atau di dalam fungsi agregat (sum, count, …).",
            "The column n must be in the GROUP BY or inside an aggregate (sum, count, …).",
        ),
        (
            "SELEC 1",
            'SQL tidak dapat dibaca di dekat "SELEC"; periksa ejaan dan tanda baca di sana.',
            'The SQL cannot be read near "SELEC"; check the spelling and punctuation there.',
        ),
        (
            "SELECT nosuchfunc(1) FROM transactions",
            "Tidak ada fungsi bernama nosuchfunc; periksa ejaannya.",
            "There is no function named nosuchfunc; check its spelling.",
        ),
    ],
)
def test_mistakes_in_the_users_language(sql: str, indonesian: str, english: str) -> None:
    said = explain_sql_error(_engine_error(sql), SCHEMA)
    assert said is not None
    assert (explain(said, "id"), explain(said, "en")) == (indonesian, english)


def test_a_refusal_is_not_a_mistake() -> None:
    refused = QueryRefusedError(message("sandbox.files"))
    assert explain_sql_error(refused, SCHEMA) is None


def test_an_unrecognised_failure_keeps_the_engines_words_in_a_sentence_of_ours() -> None:
    said = explain_sql_error(_engine_error("SELECT sum(service_code) FROM transactions"), SCHEMA)
    assert explain(said, "id").startswith("Kueri tidak dapat dijalankan. Pesan mesin basis data:")
