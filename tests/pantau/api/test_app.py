"""``pantau api`` end to end on the small demo warehouse: the same rows as the CLI, the one gate
for every caller (the public's allowlist, a token's role and branches), caching by
generation, the public's budget, the audit, and errors as one sentence."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from starlette.testclient import TestClient

from pantau import audit
from pantau.access import PUBLIC_QUERIES, token_digest
from pantau.api import create_app
from pantau.cli.main import main
from pantau.queries import load_catalogue
from tests.conftest import DemoWarehouse
from tests.pantau.queries.oracle import TODAY

LEADER, MANAGER = "leader-token-0123456789", "manager-token-0123456789"
MANAGED = "35551"


@pytest.fixture
def env(agency_warehouse: DemoWarehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo warehouse (read only), today fixed, a private audit folder, and an access
    file with a leadership token and a branch manager's token."""
    monkeypatch.setenv("PANTAU_DB", str(agency_warehouse.db))
    monkeypatch.setenv("PANTAU_TODAY", TODAY.isoformat())
    monkeypatch.setenv("PANTAU_AUDIT_DIR", str(tmp_path / "audit"))
    access = tmp_path / "access.toml"
    access.write_text(
        f'[[tokens]]\nname = "satu-data"\nsha256 = "{token_digest(LEADER)}"\n'
        'role = "leadership"\n\n'
        f'[[tokens]]\nname = "kcp-kalianda"\nsha256 = "{token_digest(MANAGER)}"\n'
        f'role = "branch_manager"\nbranches = ["{MANAGED}"]\n',
        encoding="utf-8",
    )
    audit._PUBLIC.take()  # another test's public reads are not this one's
    yield access
    audit._PUBLIC.take()


def _client(access: Path, **kwargs: object) -> TestClient:
    return TestClient(create_app(access_file=access, **kwargs))


@pytest.fixture
def client(env: Path) -> Iterator[TestClient]:
    with _client(env) as c:
        yield c


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- the same figures as the CLI -------------------------------------------------------------
def test_a_query_gives_the_clis_rows_as_json_and_csv(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    period = "?from_month=2026-09&to_month=2026-10"
    answer = client.get(f"/api/query/kpi/by_kabupaten{period}")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    cli = json.loads(
        _cli(
            capsys, "query", "run", "kpi/by_kabupaten", "--format", "json",
            "-p", "from_month=2026-09", "-p", "to_month=2026-10",
        )
    )  # fmt: skip
    assert body["rows"] == cli and len(cli) == 15  # every kabupaten/kota of Lampung
    assert body["params"]["from_month"] == "2026-09-01" and body["truncated"] is False
    csv = client.get(f"/api/query/kpi/by_kabupaten.csv{period}")
    assert csv.headers["content-type"].startswith("text/csv")
    cli_csv = _cli(
        capsys, "query", "run", "kpi/by_kabupaten", "--format", "csv",
        "-p", "from_month=2026-09", "-p", "to_month=2026-10",
    )  # fmt: skip
    assert csv.text == cli_csv


def test_the_scorecard_is_the_clis(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    answer = client.get("/api/kpi?period=2026-10")
    assert answer.status_code == 200, answer.text
    cli = json.loads(_cli(capsys, "kpi", "--period", "2026-10", "--format", "json"))
    assert answer.json() == cli
    assert {r["key"] for r in cli} >= {"mou_transactions", "wait_within_standard", "ikm"}
    kabupaten = client.get("/api/kpi?period=2026-10&kabupaten=18.71&lang=en").json()
    cli_kab = _cli(
        capsys, "kpi", "--period", "2026-10", "--kabupaten", "18.71", "--format", "json",
        "--lang", "en",
    )  # fmt: skip
    assert kabupaten == json.loads(cli_kab) and kabupaten != cli


def test_status_names_the_generation_and_the_data_as_of(client: TestClient, env: Path) -> None:
    body = client.get("/api/status").json()
    assert body["generation"].startswith("gen-")
    assert body["data_as_of"]["latest_transaction"].startswith("2026-")


# -- the catalogue and the OpenAPI document follow the caller's role ---------------------------
def test_the_public_catalogue_is_the_allowlist_without_server_paths(client: TestClient) -> None:
    listed = client.get("/api/queries").json()
    names = {q["name"] for q in listed}
    assert names == set(PUBLIC_QUERIES) and names <= set(load_catalogue().names())
    assert not any(n.startswith(("branch/", "quality/")) for n in names)
    assert all("path" not in q and q["url"] == f"/api/query/{q['name']}" for q in listed)
    everything = client.get("/api/queries", headers=_bearer(LEADER)).json()
    assert {q["name"] for q in everything} == set(load_catalogue().names())


def test_the_openapi_document_lists_each_query_with_its_parameters(client: TestClient) -> None:
    document = client.get("/api/openapi.json?lang=en").json()
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    assert {"/api/queries", "/api/kpi", "/api/status"} <= set(paths)
    spec = load_catalogue().get("volume/monthly")
    operation = paths["/api/query/volume/monthly"]["get"]
    assert operation["summary"] == spec.title("en")
    assert [p["name"] for p in operation["parameters"]] == [p.name for p in spec.params]
    assert "/api/query/branch/league" not in paths  # not the public's
    leader = client.get("/api/openapi.json", headers=_bearer(LEADER)).json()
    assert "/api/query/branch/league" in leader["paths"]


# -- the one gate ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "said"),
    [
        (
            "/api/query/branch/league",
            "The query branch/league is not available to the public role.",
        ),
        ("/api/query/quality/rejects", "The query quality/rejects is not available to the public"),
    ],
)
def test_the_public_is_refused_branch_level_queries_in_one_sentence(
    client: TestClient, path: str, said: str
) -> None:
    answer = client.get(path, headers={"Accept-Language": "en"})
    assert answer.status_code == 403
    body = answer.json()
    assert body["error"].startswith(said) and "\n" not in body["error"]
    assert set(body) == {"error", "status"}
    indonesian = client.get(path).json()["error"]
    assert "tidak tersedia untuk peran publik" in indonesian


def test_a_managers_token_reads_its_branch_and_nothing_else(client: TestClient) -> None:
    own = client.get(f"/api/query/branch/monthly?branch={MANAGED}", headers=_bearer(MANAGER))
    assert own.status_code == 200, own.text
    assert own.json()["rows"] and own.json()["params"]["branch"] == MANAGED
    other = client.get("/api/query/branch/monthly?branch=35211", headers=_bearer(MANAGER))
    assert other.status_code == 403
    assert other.json()["error"].count(".") == 1 and "35211" in other.json()["error"]
    scorecard = client.get("/api/query/kpi/by_kabupaten", headers=_bearer(MANAGER))
    assert scorecard.status_code == 403
    league = client.get("/api/query/branch/league", headers=_bearer(MANAGER)).json()["rows"]
    assert {r["branch_code"] for r in league} == {MANAGED}


@pytest.mark.parametrize(
    ("headers", "said"),
    [
        ({"Authorization": "Bearer not-a-listed-token"}, "not listed in the access file"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "must read 'Bearer <token>'"),
        ({"Authorization": "Bearer "}, "must read 'Bearer <token>'"),
    ],
)
def test_a_bad_token_is_refused_never_served_as_public(
    client: TestClient, headers: dict[str, str], said: str
) -> None:
    answer = client.get("/api/status", headers=headers | {"Accept-Language": "en"})
    assert answer.status_code == 401 and said in answer.json()["error"]
    assert answer.headers["www-authenticate"].startswith("Bearer")


def test_the_public_never_gets_an_identifier_or_a_branch_column(
    client: TestClient,
) -> None:
    """Every public query with its defaults, through the API: no branch or identifier
    column, small health counts hidden (the gate's disclosure control, always on)."""
    for name in PUBLIC_QUERIES:
        answer = client.get(f"/api/query/{name}")
        assert answer.status_code == 200, (name, answer.text)
        rows = answer.json()["rows"]
        columns = set(rows[0]) if rows else set()
        assert not columns & {"branch_code", "branch", "transaction_id", "nik_hash"}, name
        assert not any("hash" in c or c.endswith("_pid") for c in columns), name


def test_the_public_gets_no_result_a_query_adds_a_branch_column_to(
    env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A public query that returns branch codes (a file edited, an allowlist grown carelessly)
    is refused whole, not trimmed."""
    import dataclasses

    from pantau import access

    folder = tmp_path / "queries" / "volume"
    folder.mkdir(parents=True)
    (folder / "per_branch.sql").write_text(
        '-- title = { id = "Per kantor", en = "Per branch" }\n'
        '-- description.id = "Uji."\n-- description.en = "Test."\n'
        "SELECT '35551' AS branch_code, 1 AS transactions\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PANTAU_QUERY_DIRS", str(tmp_path / "queries"))
    public = access.POLICIES["public"]
    grown = dataclasses.replace(public, queries=(*public.queries, "volume/per_branch"))
    monkeypatch.setitem(access.POLICIES, "public", grown)
    with _client(env) as c:
        answer = c.get("/api/query/volume/per_branch", headers={"Accept-Language": "en"})
    assert answer.status_code == 403, answer.text
    assert answer.json()["error"] == (
        "The query volume/per_branch returns the column(s) branch_code, which are never given "
        "to the public."
    )


# -- caching, the budget, the audit ----------------------------------------------------------
def test_public_answers_are_cached_by_generation_with_etags(client: TestClient) -> None:
    first = client.get("/api/query/volume/monthly")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert modified.endswith("GMT") and first.headers["cache-control"].startswith("public")
    again = client.get("/api/query/volume/monthly")
    assert again.headers["etag"] == etag and again.content == first.content
    assert len(client.app.state.api.responses) == 1
    unchanged = client.get("/api/query/volume/monthly", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    other = client.get("/api/query/volume/monthly?channels=LOKET")
    assert other.headers["etag"] != etag
    leader = client.get("/api/query/volume/monthly", headers=_bearer(LEADER))
    assert leader.headers["etag"] != etag and leader.headers["cache-control"].startswith("private")
    assert leader.json()["rows"] == first.json()["rows"]


def test_a_new_generation_is_a_new_etag(
    agency_warehouse: DemoWarehouse, env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from etl.load import load
    from tests.support import one_row_exports

    db = Path(shutil.copytree(agency_warehouse.db, tmp_path / "copy"))
    with _client(env, db=db) as c:
        before = c.get("/api/query/meta/months").headers["etag"]
        load([one_row_exports(tmp_path / "more", "2026-10", "API-1")], db=db)
        after = c.get("/api/query/meta/months")
    assert after.status_code == 200 and after.headers["etag"] != before


def test_the_public_has_a_budget_per_client_and_tokens_do_not(env: Path) -> None:
    with _client(env, public_rate=3) as c:
        answers = [c.get("/api/status") for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        refused = answers[-1]
        assert int(refused.headers["retry-after"]) >= 1
        assert "3" in refused.json()["error"]
        assert all(
            c.get("/api/status", headers=_bearer(LEADER)).status_code == 200 for _ in range(5)
        )


def test_public_reads_are_audited_per_hour_token_reads_one_by_one(client: TestClient) -> None:
    for _ in range(3):
        assert client.get("/api/query/volume/monthly").status_code == 200
    client.get("/api/query/branch/league")  # refused
    client.get("/api/query/volume/monthly", headers=_bearer(LEADER))
    entries = audit.read_audit()  # only the token's read (and the choices it checked), at once
    assert set(entries["event"]) == {"query"} and set(entries["user"]) == {"token:satu-data"}
    assert entries["query"][0] == "volume/monthly"
    audit.flush_public()
    hourly = audit.read_audit().filter(pl.col("event") == "public_hourly")
    counts = {
        (r["query"], r["outcome"]): json.loads(r["params"]) for r in hourly.iter_rows(named=True)
    }
    assert counts[("volume/monthly", "ok")]["requests"] == 3
    assert counts[("volume/monthly", "ok")]["cached"] == 2  # served from the response cache
    assert counts[("branch/league", "refused")]["requests"] == 1
    assert set(hourly["user"].to_list()) == {None} and set(hourly["role"]) == {"public"}


def test_results_are_bounded_like_the_dashboards(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANTAU_QUERY_MAX_ROWS", "5")
    with _client(env) as c:
        body = c.get("/api/query/reach/kecamatan").json()
    assert body["truncated"] is True and len(body["rows"]) == 5


# -- errors ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "status", "said"),
    [
        ("/api/query/no/such", 404, "There is no query named 'no/such'"),
        ("/api/query/volume/monthly?foo=1", 400, "has no parameter 'foo'"),
        ("/api/query/volume/monthly?from_month=soon", 400, "from_month"),
        ("/api/kpi?periode=2026-10", 400, "/api/kpi has no parameter 'periode'"),
        ("/api/kpi?period=2026-13", 400, "2026-13"),
    ],
)
def test_a_bad_request_is_one_sentence(
    client: TestClient, path: str, status: int, said: str
) -> None:
    answer = client.get(path, headers={"Accept-Language": "en"})
    assert answer.status_code == status, answer.text
    assert said in answer.json()["error"] and "Traceback" not in answer.text


def test_a_bug_is_a_sentence_and_the_details_stay_in_the_log(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pantau.queries import Runner

    def broken(self, *args, **kwargs):
        raise RuntimeError("secret internals /srv/pantau")

    monkeypatch.setattr(Runner, "run", broken)
    answer = client.get("/api/query/volume/monthly?lang=en")
    assert answer.status_code == 500
    assert answer.json()["error"].startswith("Something went wrong in the Pantau server")
    assert "secret" not in answer.text


def test_no_warehouse_yet_is_a_503_sentence_without_server_paths(env: Path, tmp_path: Path) -> None:
    with _client(env, db=tmp_path / "empty") as c:
        answer = c.get("/api/status?lang=en")
    assert answer.status_code == 503
    assert answer.json()["error"].startswith("Pantau has no data to serve")
    assert str(tmp_path) not in answer.text


def test_a_broken_query_file_is_a_sentence_without_its_path(
    env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "queries" / "extra"
    folder.mkdir(parents=True)
    (folder / "broken.sql").write_text(
        '-- title = { id = "Rusak", en = "Broken" }\n-- description.id = "x"\n'
        '-- description.en = "x"\n-- [params.n]\n-- type = "integer"\nSELECT 1 AS n\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("PANTAU_QUERY_DIRS", str(tmp_path / "queries"))
    with _client(env) as c:
        answer = c.get("/api/query/extra/broken?lang=en", headers=_bearer(LEADER))
    assert answer.status_code in (404, 500)
    assert str(tmp_path) not in answer.text and "Traceback" not in answer.text


def test_with_the_public_budget_at_zero_only_tokens_are_served(env: Path) -> None:
    with _client(env, public_rate=0) as c:
        refused = c.get("/api/status?lang=en")
        assert refused.status_code == 401
        assert refused.json()["error"].startswith("This API serves token holders only")
        assert c.get("/api/status", headers=_bearer(LEADER)).status_code == 200
