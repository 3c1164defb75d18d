"""Query file headers: a malformed one is one error naming the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pantau.queries import QueryFileError, load_catalogue
from pantau.queries.header import parse_query_file

GOOD = """\
-- title = { id = "Contoh", en = "Example" }
-- description = { id = "Deskripsi", en = "Description" }
--
-- [params.month]
-- type = "month"
-- default = "last_full_month"
-- label = { id = "Bulan", en = "Month" }
--
-- [params.kabupaten]
-- type = "choice"
-- choices = "meta/kabupaten"
-- optional = true
--
-- [chart]
-- kind = "bar"
-- x = "service_code"
-- y = "n"
SELECT service_code, sum(n_completed)::BIGINT AS n
FROM agg_day
WHERE month = $month AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
GROUP BY ALL
"""


def _write(tmp_path: Path, text: str, name: str = "q.sql") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path: Path, text: str) -> QueryFileError:
    path = _write(tmp_path, text)
    with pytest.raises(QueryFileError) as caught:
        parse_query_file(path, "q")
    message = str(caught.value)
    assert message.startswith(str(path)) and "\n" not in message
    return caught.value


def test_a_good_header_parses(tmp_path: Path) -> None:
    spec = parse_query_file(_write(tmp_path, GOOD), "volume/example")
    assert spec.title("id") == "Contoh" and spec.title("en") == "Example"
    assert [p.name for p in spec.params] == ["month", "kabupaten", "province"]
    assert spec.param("province").choices_query == "meta/provinces" and not spec.national
    month = spec.param("month")
    assert (month.type, month.default, month.label("en")) == ("month", "last_full_month", "Month")
    kabupaten = spec.param("kabupaten")
    assert kabupaten.optional and kabupaten.choices_query == "meta/kabupaten"
    assert spec.chart is not None and spec.chart.kind == "bar"
    assert spec.chart.columns() == ["service_code", "n"]
    assert spec.sql.startswith("SELECT service_code")


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    text = GOOD.replace('-- type = "month"', "-- type = month")
    error = _error(tmp_path, text)
    assert error.line == 5 and "not valid TOML" in str(error)


def test_missing_title(tmp_path: Path) -> None:
    text = GOOD.replace('-- title = { id = "Contoh", en = "Example" }\n', "")
    assert "title" in str(_error(tmp_path, text))


def test_no_header_at_all(tmp_path: Path) -> None:
    error = _error(tmp_path, "SELECT 1\n")
    assert error.line == 1 and "no header" in str(error)


def test_parameter_used_but_not_declared_names_the_sql_line(tmp_path: Path) -> None:
    text = GOOD.replace("GROUP BY ALL", "  AND channel = $channel\nGROUP BY ALL")
    error = _error(tmp_path, text)
    assert "$channel" in str(error) and error.line == 21


def test_parameter_declared_but_not_used_names_its_line(tmp_path: Path) -> None:
    text = GOOD.replace(" AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)", "")
    error = _error(tmp_path, text)
    assert "kabupaten" in str(error) and error.line == 9


def test_dollar_inside_a_string_or_comment_is_not_a_parameter(tmp_path: Path) -> None:
    text = GOOD.replace("GROUP BY ALL", "  AND service_code <> '$nope' -- $neither\nGROUP BY ALL")
    assert parse_query_file(_write(tmp_path, text), "q").params


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('type = "month"', 'type = "colour"'), "needs type"),
        (('[chart]\n-- kind = "bar"', '[chart]\n-- kind = "sparkle"'), "chart needs kind"),
        (('-- y = "n"', '-- why = "n"'), "unknown keys"),
        (("-- optional = true", '-- optional = true\n-- colour = "red"'), "unknown keys"),
        (("[params.month]", "[params.Month]"), "lower_snake_case"),
        (('choices = "meta/kabupaten"', "choices = 3"), "give choices"),
        (("-- description", "-- descripton"), "unknown header key"),
    ],
)
def test_malformed_headers(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    assert expected in str(_error(tmp_path, GOOD.replace(*change)))


def test_two_statements_are_refused(tmp_path: Path) -> None:
    assert "2 SQL statements" in str(_error(tmp_path, GOOD + ";\nSELECT 2\n"))


def test_sql_that_does_not_parse(tmp_path: Path) -> None:
    assert "does not parse" in str(_error(tmp_path, GOOD.replace("GROUP BY ALL", "GROUP BY")))


def test_name_clash_between_folders_names_both_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "volume", tmp_path / "b" / "volume"
    first.mkdir(parents=True)
    second.mkdir(parents=True)
    one = _write(first, GOOD, "same.sql")
    two = _write(second, GOOD, "same.sql")
    catalogue = load_catalogue([tmp_path / "a", tmp_path / "b"])
    assert catalogue.get("volume/same").path == one.resolve(), "the first folder's file runs"
    [clash] = catalogue.broken
    assert clash.path == two and str(one.resolve()) in str(clash.error.problem)


def test_a_broken_file_is_listed_and_the_others_keep_working(tmp_path: Path) -> None:
    """A TOML typo in one analyst's file used to raise from load_catalogue, and every page of
    every user went blank: now the file is set aside with its line and reason."""
    _write(tmp_path, GOOD, "good.sql")
    typo = _write(tmp_path, GOOD.replace('kind = "bar"', 'kind = "bar'), "typo.sql")
    catalogue = load_catalogue([tmp_path, tmp_path / "missing"])
    assert catalogue.names() == ["good"]
    assert [(b.name, b.path, b.line) for b in catalogue.broken[:1]] == [("typo", typo, 15)]
    assert catalogue.broken[0].where == f"{typo}:15"
    assert "missing" in str(catalogue.broken[1].error.problem)
    with pytest.raises(QueryFileError, match=r"typo\.sql:15"):
        catalogue.get("typo")


def test_the_shipped_queries_have_no_broken_file() -> None:
    assert load_catalogue().broken == ()


def test_names_are_paths_without_extension(tmp_path: Path) -> None:
    (tmp_path / "wait").mkdir()
    _write(tmp_path / "wait", GOOD, "by_hour.sql")
    assert load_catalogue([tmp_path]).names() == ["wait/by_hour"]


def test_an_edited_file_is_reparsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from pantau.queries import catalogue

    monkeypatch.setattr(catalogue, "RESCAN_SECONDS", 0.0)  # the folders are re-read each second

    path = _write(tmp_path, GOOD)
    assert load_catalogue([tmp_path]).get("q").title_id == "Contoh"
    path.write_text(GOOD.replace('id = "Contoh"', 'id = "Baru"'), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_catalogue([tmp_path]).get("q").title_id == "Baru"


def test_a_query_may_not_declare_the_province_it_runs_in(tmp_path: Path) -> None:
    text = GOOD.replace(
        "-- [params.kabupaten]", '-- [params.province]\n-- type = "text"\n--\n-- [params.kabupaten]'
    )
    error = _error(tmp_path, text)
    assert "province" in error.problem and "adds to every query" in error.problem


def test_a_national_query_has_no_province_parameter(tmp_path: Path) -> None:
    spec = parse_query_file(_write(tmp_path, '-- scope = "national"\n' + GOOD), "q")
    assert spec.national and [p.name for p in spec.params] == ["month", "kabupaten"]
    error = _error(tmp_path, '-- scope = "everywhere"\n' + GOOD)
    assert error.line == 1 and "province, national" in error.problem
