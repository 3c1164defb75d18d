"""Disclosure control on hand-made results: which cells are hidden (small health counts, the
cells that would give them away by subtraction, the growth and amount beside them), what each
output prints, the policy file and the query-header declaration. Oracles are computed here by
hand or with plain Polars over the same hand-made rows, never by the code under test."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import polars as pl
import pytest

from pantau.queries.disclosure import (
    DisclosurePolicy,
    DisclosurePolicyError,
    load_policy,
    marks_of,
    parse_policy,
    suppress,
)
from pantau.queries.header import Disclosure, QueryFileError, parse_query_file
from pantau.queries.output import download_frame, to_table_text, write_result

POLICY = DisclosurePolicy()
BY_SERVICE = Disclosure(
    counts=("transactions",), service="service_code", withhold=("amount_idr",), groups=((),)
)


def frame_of(**counts: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "service_code": list(counts),
            "transactions": list(counts.values()),
            "amount_idr": [n * 1000.0 for n in counts.values()],
        }
    )


def test_the_shipped_policy_is_the_documented_one() -> None:
    policy = load_policy()
    assert policy.threshold == 10 and policy.primary_marker == "<10"
    assert policy.sensitive_services == {"BPJS"}
    assert policy.unsuppressed_roles == frozenset()
    assert policy.secondary_marker == "[c]"


@pytest.mark.parametrize(("n", "hidden"), [(0, False), (1, True), (9, True), (10, False)])
def test_a_health_count_under_ten_is_hidden_and_zero_is_not(n: int, hidden: bool) -> None:
    frame = frame_of(BPJS=n, PKB=500, PBB=300)
    out, marks = suppress(frame, BY_SERVICE, {}, POLICY, None, "t")
    if not hidden:
        assert marks is None and out.equals(frame)
        return
    assert marks.marker("transactions", 0) == "<10"
    assert out["transactions"][0] is None and out["amount_idr"][0] is None


def test_a_small_count_of_another_service_is_shown() -> None:
    frame = frame_of(PKB=3, PBB=300)
    out, marks = suppress(frame, BY_SERVICE, {}, POLICY, None, "t")
    assert marks is None and out["transactions"].to_list() == [3, 300]


def test_one_hidden_cell_gets_a_complementary_one_from_the_same_mou_side() -> None:
    # POS_KIRIM is the smallest other cell but not an MoU service: the MoU total is published
    # (kpi/mou_transactions), so the partner must come from the MoU side: PBB (300).
    frame = frame_of(BPJS=4, PKB=900, PBB=300, POS_KIRIM=50)
    out, marks = suppress(frame, BY_SERVICE, {}, POLICY, None, "t")
    hidden = {frame["service_code"][i]: m for i, m in marks.cells["transactions"].items()}
    assert hidden == {"BPJS": "<10", "PBB": "[c]"}
    assert out.filter(pl.col("service_code").is_in(["BPJS", "PBB"]))["amount_idr"].is_null().all()
    # the MoU total minus the visible MoU cells is BPJS + PBB, never BPJS alone
    mou_total = 4 + 900 + 300
    visible_mou = out.filter(pl.col("service_code").is_in(["BPJS", "PKB", "PBB"]))
    assert mou_total - visible_mou["transactions"].fill_null(0).sum() == 304


def test_zero_is_not_picked_as_the_partner_when_a_nonzero_cell_exists() -> None:
    frame = frame_of(BPJS=4, PKB=0, PBB=300)
    _, marks = suppress(frame, BY_SERVICE, {}, POLICY, None, "t")
    assert set(marks.cells["transactions"]) == {0, 2}


def test_the_partner_is_large_enough_that_the_hidden_sum_says_little() -> None:
    # PKB (1) is the smallest, but BPJS + PKB = 5 would pin BPJS to 1..4; PBB (50) does not
    frame = frame_of(BPJS=4, PKB=1, PBB=50, ADMINDUK=700)
    _, marks = suppress(frame, BY_SERVICE, {}, POLICY, None, "t")
    assert set(marks.cells["transactions"]) == {0, 2}


def _random_table(seed: int) -> pl.DataFrame:
    rng = random.Random(seed)
    services = ["ADMINDUK", "BANSOS", "BPJS", "PBB", "PKB", "POS_KIRIM"]
    rows = []
    for month in range(1, 7):
        for kab in ("18.01", "18.02", "18.03"):
            for service in services:
                rows.append((month, kab, service, rng.choice([0, 1, 3, 8, 9, 10, 25, 400])))
    return pl.DataFrame(
        rows, schema=["month", "kabupaten_code", "service_code", "transactions"], orient="row"
    )


@pytest.mark.parametrize("seed", range(40))
def test_no_total_minus_the_visible_cells_reveals_a_hidden_one(seed: int) -> None:
    """For every group a total is published for (a month; a service across months), the
    total minus the visible cells leaves at least two unknown cells, on each side of the MoU
    subtotal too; the oracle sums the untouched rows with Polars."""
    frame = _random_table(seed)
    declaration = Disclosure(
        counts=("transactions",),
        service="service_code",
        groups=(("month", "kabupaten_code"), ("service_code", "kabupaten_code")),
    )
    out, marks = suppress(frame, declaration, {}, POLICY, None, "t")
    truth = frame.with_row_index("i")
    hidden = set(marks.cells["transactions"]) if marks else set()
    small_bpjs = truth.filter(
        (pl.col("service_code") == "BPJS") & pl.col("transactions").is_between(1, 9)
    )["i"].to_list()
    assert set(small_bpjs) <= hidden
    assert all(out["transactions"][i] is None for i in hidden)
    shown = out.with_row_index("i").with_columns(mou=pl.col("service_code") != "POS_KIRIM")
    for keys in (["month", "kabupaten_code"], ["service_code", "kabupaten_code"]):
        for _, group in shown.group_by(keys):
            unknown = [i for i in group["i"].to_list() if i in hidden]
            total = truth.filter(pl.col("i").is_in(group["i"].to_list()))["transactions"].sum()
            left = total - group["transactions"].fill_null(0).sum()
            assert len(unknown) != 1, (keys, group)
            if unknown:
                assert left == truth.filter(pl.col("i").is_in(unknown))["transactions"].sum()
        for _, side in shown.group_by(["month", "kabupaten_code", "mou"]):
            unknown = [i for i in side["i"].to_list() if i in hidden]
            bpjs_small = [i for i in unknown if i in small_bpjs]
            # a published MoU subtotal minus its visible cells must not isolate a small cell
            assert not (len(unknown) == 1 and bpjs_small), side


def test_a_service_parameter_makes_every_row_sensitive() -> None:
    frame = pl.DataFrame({"channel": ["LOKET", "AGEN", "ONLINE"], "transactions": [3, 40, 50]})
    declaration = Disclosure(counts=("transactions",), service_param="service")
    _, bpjs = suppress(frame, declaration, {"service": "BPJS"}, POLICY, None, "t")
    _, pkb = suppress(frame, declaration, {"service": "PKB"}, POLICY, None, "t")
    _, everything = suppress(frame, declaration, {"service": None}, POLICY, None, "t")
    assert bpjs.cells["transactions"] == {0: "<10", 1: "[c]"}
    assert pkb is None and everything is None


def test_a_running_total_is_withheld_in_every_row() -> None:
    frame = pl.DataFrame({"customers": [5, 20, 30], "cumulative_share": [0.09, 0.45, 1.0]})
    declaration = Disclosure(
        counts=("customers",), health_only=True, withhold_all=("cumulative_share",)
    )
    out, _ = suppress(frame, declaration, {}, POLICY, None, "t")
    assert out["cumulative_share"].is_null().all()


def test_only_the_roles_the_policy_names_see_true_values() -> None:
    frame = frame_of(BPJS=4, PKB=900, PBB=300)
    policy = DisclosurePolicy(unsuppressed_roles=frozenset({"analyst"}))
    assert suppress(frame, BY_SERVICE, {}, policy, "analyst", "t")[1] is None
    assert suppress(frame, BY_SERVICE, {}, policy, "leadership", "t")[1] is not None
    assert suppress(frame, BY_SERVICE, {}, policy, None, "t")[1] is not None, "open mode"


def test_a_declared_column_the_query_does_not_return_is_one_sentence() -> None:
    frame = frame_of(BPJS=4, PKB=900)
    bad = Disclosure(counts=("n",), service="service_code")
    with pytest.raises(Exception, match="declares disclosure column 'n'"):
        suppress(frame, bad, {}, POLICY, None, "volume/x")


# -- every output prints the markers --------------------------------------------------------
@pytest.fixture()
def marked() -> pl.DataFrame:
    frame = frame_of(BPJS=4, PKB=900, PBB=300)
    out, _ = suppress(frame, BY_SERVICE, {}, POLICY, None, "t")
    return out


def _markers(frame: pl.DataFrame) -> set[tuple[str, str, str]]:
    return {
        (row["service_code"], column, str(row[column]))
        for row in frame.to_dicts()
        for column in ("transactions", "amount_idr")
        if str(row[column]) in ("<10", "[c]")
    }


EXPECTED = {
    ("BPJS", "transactions", "<10"),
    ("BPJS", "amount_idr", "[c]"),
    ("PBB", "transactions", "[c]"),
    ("PBB", "amount_idr", "[c]"),
}


def test_csv_json_table_excel_and_parquet_print_the_markers(marked, tmp_path: Path) -> None:
    stream = io.StringIO()
    write_result(marked, "csv", None, stream=stream)
    assert _markers(pl.read_csv(io.StringIO(stream.getvalue()), infer_schema=False)) == EXPECTED
    stream = io.StringIO()
    write_result(marked, "json", None, stream=stream)
    assert _markers(pl.DataFrame(json.loads(stream.getvalue()), strict=False)) == EXPECTED
    write_result(marked, "xlsx", tmp_path / "r.xlsx")
    assert _markers(pl.read_excel(tmp_path / "r.xlsx", infer_schema_length=0)) == EXPECTED
    write_result(marked, "parquet", tmp_path / "r.parquet")
    assert _markers(pl.read_parquet(tmp_path / "r.parquet")) == EXPECTED
    table = to_table_text(marked)
    bpjs = next(line for line in table.splitlines() if line.startswith("BPJS"))
    assert "<10" in bpjs and "[c]" in bpjs and "4" not in bpjs.replace("<10", "")
    assert _markers(download_frame(marked)) == EXPECTED


def test_a_derived_frame_loses_the_markers_but_never_shows_the_number(marked) -> None:
    derived = marked.sort("service_code")
    assert marks_of(derived) is None
    assert 4 not in derived["transactions"].to_list()


# -- the policy file and the header --------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("threshold = 0", "threshold"),
        ('unsuppressed_roles = ["boss"]', "boss"),
        ('secondary_marker = "<5"', "secondary_marker"),
        ("colour = 1", "unknown key"),
    ],
)
def test_a_wrong_policy_is_one_sentence(text: str, problem: str) -> None:
    with pytest.raises(DisclosurePolicyError, match=problem):
        parse_policy(text, Path("disclosure.toml"))


def test_a_missing_policy_file_stops_instead_of_publishing(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PANTAU_DISCLOSURE", str(tmp_path / "nope.toml"))
    with pytest.raises(DisclosurePolicyError, match="PANTAU_DISCLOSURE"):
        load_policy()


HEADER = """-- title = "t"
-- [params.service]
-- type = "text"
-- optional = true
-- [disclosure]
{body}
SELECT 1 AS n WHERE $service IS NULL OR TRUE
"""


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('-- service = "service_code"', "counts"),
        ('-- counts = ["n"]', "exactly one of"),
        ('-- counts = ["n"]\n-- service_param = "branch"', "not a parameter"),
        ('-- counts = ["n"]\n-- health_only = true\n-- groups = "month"', "groups"),
        ('-- counts = ["n"]\n-- health_only = true\n-- secret = 1', "unknown key"),
    ],
)
def test_a_wrong_declaration_names_the_file_and_line(tmp_path: Path, body, problem) -> None:
    path = tmp_path / "q.sql"
    path.write_text(HEADER.format(body=body))
    with pytest.raises(QueryFileError, match=rf"q\.sql:5: .*{problem}"):
        parse_query_file(path, "q")


def test_a_declaration_reads(tmp_path: Path) -> None:
    path = tmp_path / "q.sql"
    path.write_text(HEADER.format(body='-- counts = ["n"]\n-- service_param = "service"'))
    assert parse_query_file(path, "q").disclosure == Disclosure(
        counts=("n",), service_param="service"
    )


@pytest.mark.parametrize("seed", range(10))
def test_the_same_figures_get_the_same_hidden_cells_in_any_row_order(seed: int) -> None:
    """The engine may return rows in another order (parallel loads, unordered ties): which
    cells are hidden must depend on the figures only, or two runs of one query could be
    combined to reveal a small count."""
    frame = _random_table(seed)
    declaration = Disclosure(
        counts=("transactions",),
        service="service_code",
        groups=(("month", "kabupaten_code"), ("service_code", "kabupaten_code")),
    )
    keys = ["month", "kabupaten_code", "service_code"]

    def hidden_keys(table: pl.DataFrame) -> set[tuple]:
        _, marks = suppress(table, declaration, {}, POLICY, None, "t")
        rows = marks.cells["transactions"] if marks else {}
        return {(*table.select(keys).row(i), m) for i, m in rows.items()}

    assert hidden_keys(frame) == hidden_keys(frame.sample(fraction=1.0, shuffle=True, seed=seed))
