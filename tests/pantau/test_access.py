"""Roles enforced where the data is read: a runner with a principal refuses queries, parameter
values and ad-hoc SQL its role may not use, cuts rows to a manager's branches, and writes every
run to the audit log (no SQL text, free text hashed). Without a principal nothing changes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from base.errors import PantauError
from base.settings import PROJECT_ROOT
from pantau import audit
from pantau.access import (
    MANAGER_QUERIES,
    AccessDeniedError,
    AccessError,
    Principal,
    load_access,
    parse_access,
)
from pantau.queries import ResultCache, Runner

TODAY = date(2026, 11, 28)


@pytest.fixture()
def audit_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "audit"
    monkeypatch.setenv("PANTAU_AUDIT_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def codes(demo_warehouse) -> dict[str, object]:
    """Two branches for "mine" and one for "theirs", from the demo's branch list."""
    open_runner = Runner(db=demo_warehouse.db, today=TODAY)
    league = open_runner.run("branch/league").frame
    open_runner.close()
    values = league.sort("branch_code")["branch_code"].to_list()
    return {"mine": (values[0], values[1]), "theirs": values[2], "all": len(values)}


def runner_for(demo_warehouse, principal: Principal | None, **kwargs) -> Runner:
    return Runner(db=demo_warehouse.db, today=TODAY, principal=principal, **kwargs)


def manager(codes) -> Principal:
    return Principal("kepala@example.org", "branch_manager", codes["mine"])


def entries(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / audit.FILE_NAME).read_text().splitlines()]


# -- open mode -------------------------------------------------------------------------------
def test_open_mode_is_unchanged_and_writes_no_audit(demo_warehouse, codes, audit_dir) -> None:
    r = runner_for(demo_warehouse, None)
    assert r.may_run_sql() and r.may_run("quality/rejects")
    assert r.run("branch/league").frame.height == codes["all"]
    assert r.run("branch/profile", {"branch": codes["theirs"]}).frame.height == 3
    assert r.run_sql("SELECT count(*) AS n FROM branches").frame["n"][0] > 0
    r.close()
    assert not audit_dir.exists()


# -- branch managers -------------------------------------------------------------------------
def test_a_manager_sees_only_their_rows(demo_warehouse, codes, audit_dir) -> None:
    r = runner_for(demo_warehouse, manager(codes))
    league = r.run("branch/league").frame
    assert sorted(league["branch_code"].to_list()) == sorted(codes["mine"])
    assert sorted(r.run("meta/branches").frame["value"].to_list()) == sorted(codes["mine"])
    ranking = r.run("wait/by_branch").frame
    assert set(ranking["branch_code"].to_list()) <= set(codes["mine"])
    # the default branch ("first") is their first branch; peers and province stay aggregates
    profile = r.run("branch/profile")
    assert profile.params["branch"] in codes["mine"]
    assert profile.frame["scope"].to_list() == ["branch", "peers", "province"]
    assert r.run("branch/monthly", {"branch": codes["mine"][1]}).frame.height > 0
    assert r.run("wait/distribution").frame.height > 0  # no branch: the province
    r.close()


@pytest.mark.parametrize(
    ("name", "params", "words"),
    [
        ("branch/profile", {"branch": "THEIRS"}, "is not yours"),
        ("branch/by_hour", {"branch": "THEIRS"}, "is not yours"),
        ("wait/distribution", {"branch": "THEIRS"}, "is not yours"),
        ("wait/by_hour", {"kabupaten": "18.71"}, "kabupaten/kota filter is not available"),
        ("volume/monthly", {}, "not available to the branch manager role"),
        ("quality/rejects", {}, "not available to the branch manager role"),
        ("kpi/by_kabupaten", {}, "not available to the branch manager role"),
    ],
)
def test_a_manager_is_refused_in_one_sentence(
    demo_warehouse, codes, audit_dir, name: str, params: dict, words: str
) -> None:
    params = {k: codes["theirs"] if v == "THEIRS" else v for k, v in params.items()}
    r = runner_for(demo_warehouse, manager(codes))
    with pytest.raises(AccessDeniedError, match=words) as refused:
        r.run(name, params)
    message = str(refused.value)
    assert message.count(". ") == 0 and message.endswith("."), "one sentence"
    r.close()
    last = entries(audit_dir)[-1]
    assert (last["query"], last["outcome"], last["user"]) == (name, "refused", "kepala@example.org")
    assert last["detail"] == message


def test_a_managers_refusals_hold_in_run_many_and_through_a_shared_cache(
    demo_warehouse, codes, audit_dir
) -> None:
    cache = ResultCache()
    everyone = runner_for(demo_warehouse, None, cache=cache)
    assert everyone.run("branch/league").frame.height == codes["all"]
    r = runner_for(demo_warehouse, manager(codes), cache=cache)
    cached = r.run("branch/league")
    assert cached.from_cache and cached.frame.height == len(codes["mine"])
    assert everyone.run("branch/league").frame.height == codes["all"], "the cache keeps all rows"
    results = r.run_many([("branch/league", {}), ("meta/branches", {})])
    assert all(res.frame.height == len(codes["mine"]) for res in results)
    with pytest.raises(AccessDeniedError):
        r.run_many([("branch/league", {}), ("branch/monthly", {"branch": codes["theirs"]})])
    everyone.close()
    r.close()


def test_the_manager_list_names_existing_queries_only(demo_warehouse) -> None:
    names = set(Runner(db=demo_warehouse.db).catalogue().names())
    assert set(MANAGER_QUERIES) <= names
    assert all("*" not in q for q in MANAGER_QUERIES), "no wildcard for a branch-scoped role"


# -- ad-hoc SQL ------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["leadership", "branch_manager", "admin"])
def test_only_analysts_run_ad_hoc_sql(demo_warehouse, codes, audit_dir, role: str) -> None:
    branches = codes["mine"] if role == "branch_manager" else ()
    r = runner_for(demo_warehouse, Principal(f"{role}@example.org", role, branches))
    assert not r.may_run_sql()
    sql = "SELECT count(*) AS n FROM transactions"
    with pytest.raises(AccessDeniedError, match="Ad-hoc SQL is for analysts"):
        r.run_sql(sql)
    r.close()
    last = entries(audit_dir)[-1]
    assert last["outcome"] == "refused" and last["sql_sha256"] == audit.sha256(sql)


def test_an_analyst_runs_sql_and_the_log_keeps_only_its_hash(
    demo_warehouse, audit_dir, codes
) -> None:
    r = runner_for(demo_warehouse, Principal("analis@example.org", "analyst"))
    sql = "SELECT branch_code, count(*) AS n FROM transactions GROUP BY ALL"
    result = r.run_sql(sql)
    assert result.frame.height > len(codes["mine"]), "an analyst is not branch-scoped"
    assert r.run("branch/league").frame.height == codes["all"]
    with pytest.raises(PantauError):
        r.run_sql("SELECT * FROM read_csv('/etc/passwd')")
    r.close()
    text = (audit_dir / audit.FILE_NAME).read_text()
    assert "FROM transactions" not in text and "passwd" not in text, "never the SQL text"
    first = entries(audit_dir)[0]
    assert first["query"] == "sql" and first["sql_sha256"] == audit.sha256(sql)
    assert first["rows"] == result.frame.height and first["role"] == "analyst"
    assert entries(audit_dir)[-1]["outcome"] == "error"


# -- leadership and admins -------------------------------------------------------------------
def test_leadership_runs_every_named_query(demo_warehouse, codes, audit_dir) -> None:
    r = runner_for(demo_warehouse, Principal("pimpinan@example.org", "leadership"))
    assert r.run("branch/league").frame.height == codes["all"]
    assert r.run("branch/profile", {"branch": codes["theirs"]}).frame.height == 3
    assert r.run("quality/rejects").frame.height > 0
    r.close()


def test_admins_get_the_data_queries_only(demo_warehouse, audit_dir) -> None:
    r = runner_for(demo_warehouse, Principal("admin@example.org", "admin"))
    assert r.run("quality/load_history").frame.height > 0
    assert r.run("meta/months").frame.height > 0
    for name in ("volume/monthly", "branch/league"):
        with pytest.raises(AccessDeniedError, match="not available to the data admin role"):
            r.run(name)
    r.close()


# -- the audit log ---------------------------------------------------------------------------
def test_every_run_is_one_json_line(demo_warehouse, codes, audit_dir) -> None:
    r = runner_for(demo_warehouse, manager(codes))
    r.run("branch/monthly", {"branch": codes["mine"][0], "from_month": "2026-01"})
    r.run("branch/monthly", {"branch": codes["mine"][0], "from_month": "2026-01"})
    r.close()
    logged = [e for e in entries(audit_dir) if e["query"] == "branch/monthly"]
    assert len(logged) == 2 and [e["cached"] for e in logged] == [False, True]
    entry = logged[0]
    assert set(entry) == set(audit.COLUMNS)
    assert entry["event"] == "query" and entry["role"] == "branch_manager"
    assert entry["params"]["branch"] == codes["mine"][0]
    assert entry["params"]["from_month"] == "2026-01-01"
    assert entry["rows"] > 0 and entry["seconds"] >= 0 and entry["time"].endswith("+07:00")
    frame = audit.read_audit()
    assert frame.columns == list(audit.COLUMNS)
    assert frame["query"][0] == "branch/monthly", "newest first"


def test_free_text_parameters_are_hashed(demo_warehouse, tmp_path: Path, audit_dir) -> None:
    folder = tmp_path / "q"
    folder.mkdir()
    (folder / "echo.sql").write_text(
        '-- title = "Echo"\n-- [params.who]\n-- type = "text"\n-- default = "x"\n'
        "SELECT $who AS who\n"
    )
    r = Runner(
        db=demo_warehouse.db,
        query_dirs=[folder],
        principal=Principal("analis@example.org", "analyst"),
    )
    r.run("echo", {"who": "Budi Santoso 3171012345678901"})
    r.close()
    text = (audit_dir / audit.FILE_NAME).read_text()
    assert "Budi" not in text and "3171012345678901" not in text
    assert entries(audit_dir)[-1]["params"]["who"].startswith("sha256:")


def test_a_refused_value_shaped_like_a_nik_or_plate_is_not_logged(
    demo_warehouse, codes, audit_dir
) -> None:
    r = runner_for(demo_warehouse, manager(codes))
    for typed in ("3171012345678901", "BE 1234 AB"):
        with pytest.raises(AccessDeniedError):
            r.run("branch/profile", {"branch": typed})
    r.close()
    text = (audit_dir / audit.FILE_NAME).read_text()
    assert "3171012345678901" not in text and "1234" not in text
    assert [e["outcome"] for e in entries(audit_dir)] == ["refused", "refused"]
    assert "[masked]" in entries(audit_dir)[0]["detail"]


def test_the_log_rotates_and_is_read_across_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "rotating"
    monkeypatch.setenv("PANTAU_AUDIT_DIR", str(folder))
    monkeypatch.setattr(audit, "MAX_BYTES", 2_000)
    for i in range(40):
        audit.record("query", user="a@example.org", role="analyst", query=f"q/{i}", rows=i)
    assert len(audit.audit_files()) > 2, "rotated"
    frame = audit.read_audit(limit=1000)
    assert frame["query"].to_list() == [f"q/{i}" for i in range(39, -1, -1)]
    assert audit.read_audit(limit=5).height == 5


def test_an_unwritable_audit_folder_stops_the_query(
    demo_warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PANTAU_AUDIT_DIR", str(blocker / "audit"))
    r = runner_for(demo_warehouse, Principal("pimpinan@example.org", "leadership"))
    with pytest.raises(audit.AuditError, match="PANTAU_AUDIT_DIR"):
        r.run("meta/months")
    r.close()


# -- the access file -------------------------------------------------------------------------
def test_the_example_access_file_reads(tmp_path: Path) -> None:
    table = load_access(PROJECT_ROOT / "pantau" / "config" / "access.example.toml")
    assert {p.role for p in table.users.values()} == {
        "leadership",
        "analyst",
        "branch_manager",
        "admin",
    }
    assert table.principal("PIMPINAN@example.org ").role == "leadership", "case-insensitive"
    assert table.principal("someone.else@example.org") is None, "default deny"
    assert table.principal(None) is None
    assert load_access(tmp_path / "missing.toml").users == {}, "no file: nobody gets in"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[[users]]\nemail = "a@x.org"\nrole = "boss"', "role must be one of"),
        ('[[users]]\nemail = "a@x.org"\nrole = "branch_manager"', "needs their branch codes"),
        (
            '[[users]]\nemail = "a@x.org"\nrole = "branch_manager"\nbranches = [35111]',
            "quoted codes",
        ),
        ('[[users]]\nemail = "a@x.org"\nrole = "analyst"\nbranches = ["1"]', "only a branch"),
        ('[[users]]\nemail = "a@x.org"\nrole = "analyst"\n' * 2, "listed twice"),
        ('[[users]]\nrole = "analyst"', "needs an email"),
        ("[users\n", "fix the TOML"),
        ('[[user]]\nemail = "a@x.org"', "unknown key"),
        ('[[users]]\nemail = "a@x.org"\nrole = "public"', "role must be one of"),
        ('[[tokens]]\nname = "a b"\nsha256 = "' + "0" * 64 + '"\nrole = "analyst"', "name must"),
        ('[[tokens]]\nname = "satu"\nsha256 = "s3cret-token"\nrole = "analyst"', "64 hex"),
        ('[[tokens]]\nname = "satu"\nsha256 = "' + "0" * 64 + '"\nrole = "public"', "role must"),
        (('[[tokens]]\nname = "satu"\nsha256 = "' + "0" * 64 + '"\nrole = "admin"\n') * 2, "twice"),
        ('[[tokens]]\nname = "m"\nsha256 = "' + "0" * 64 + '"\nrole = "branch_manager"', "needs"),
        ("tokens = 3", "each token must be a"),
    ],
)
def test_a_wrong_access_file_is_one_sentence(text: str, words: str) -> None:
    with pytest.raises(AccessError, match=words):
        parse_access(text, Path("access.toml"))


def test_tokens_are_kept_as_their_sha256_and_carry_their_role() -> None:
    from pantau.access import PUBLIC, AccessDeniedError, new_token, token_digest

    token = new_token()
    assert len(token) >= 40 and new_token() != token
    table = parse_access(
        f'[[tokens]]\nname = "kcp"\nsha256 = "{token_digest(token).upper()}"\n'
        'role = "branch_manager"\nbranches = ["35551"]\nlang = "en"\n',
        Path("access.toml"),
    )
    found = table.bearer(f" {token} ")
    assert found is not None and (found.email, found.role) == ("token:kcp", "branch_manager")
    assert found.branches == ("35551",) and found.lang == "en"
    assert table.bearer(token[:-1]) is None and table.bearer("") is None
    assert table.principal("token:kcp") is None, "a token is not a sign-in"
    with pytest.raises(AccessDeniedError, match="Public access is for province"):
        PUBLIC.check_branch("35551")
    PUBLIC.check_branch(None)
    PUBLIC.check_kabupaten("18.71")  # kabupaten figures are public


def test_analysts_read_rejects_and_load_log_only_through_the_masked_tables(demo_warehouse) -> None:
    from pantau.access import AccessDeniedError, Principal
    from pantau.queries import Runner

    analyst = Runner(db=demo_warehouse.db, principal=Principal("a@x.id", "analyst"), audit=False)
    for sql in (
        "SELECT * FROM rejects",
        "SELECT count(*) FROM main.load_files",
        'WITH x AS (SELECT * FROM "LOAD_FILES") SELECT * FROM x',
        "SELECT (SELECT count(*) FROM rejects) AS n",
        "SELECT * FROM transactions t JOIN load_files f USING (file_id) LIMIT 1",
    ):
        with pytest.raises(AccessDeniedError, match="analyst_rejects"):
            analyst.run_sql(sql)
    rejects = analyst.run_sql("SELECT count(*) AS n FROM analyst_rejects").rows[0]["n"]
    assert rejects > 0
    log = analyst.run_sql("SELECT * FROM analyst_load_log LIMIT 5").frame
    assert "path" not in log.columns and "sha256" not in log.columns and log.height == 5
    assert analyst.run_sql("SELECT count(*) AS n FROM transactions").rows[0]["n"] > 0
    assert analyst.run("meta/data_as_of", {}).frame.height == 1  # the as-of line every page shows
    analyst.close()


# -- look-alike emails (issue 14) ------------------------------------------------------------
def _look_alikes() -> dict[str, list[str]]:
    """Every code point that some folding (``lower``, ``casefold``, NFC, NFKC) turns into an
    ASCII letter, digit or ``.@-_``: the characters that could pass for one in an address."""
    import sys
    import unicodedata

    wanted = set("abcdefghijklmnopqrstuvwxyz0123456789.@-_")
    found: dict[str, list[str]] = {}
    for code in range(128, sys.maxunicode + 1):
        c = chr(code)
        for folded in (c.lower(), c.casefold(), unicodedata.normalize("NFKC", c).lower()):
            if folded in wanted:
                found.setdefault(folded, []).append(c)
                break
    return found


def test_no_look_alike_of_a_listed_email_gets_its_role() -> None:
    from tests.etl.warehouse.faults import record

    listed = "kepala.35111@example.org"
    table = parse_access(
        f'[[users]]\nemail = "{listed}"\nrole = "branch_manager"\nbranches = ["35111"]\n',
        Path("access.toml"),
    )
    assert table.principal("Kepala.35111@EXAMPLE.org") is not None, "ASCII case is the same"
    look_alikes = _look_alikes()
    assert "\u212a" in look_alikes["k"]
    tried = inherited = 0
    for i, char in enumerate(listed):
        for other in look_alikes.get(char, []):
            tried += 1
            inherited += table.principal(listed[:i] + other + listed[i + 1 :]) is not None
    record("sign-in: a look-alike email inherits no role", tried, inherited)
    assert tried > 500 and inherited == 0


@pytest.mark.parametrize(
    "email", ["\u212aepala@example.org", "kepala\u200b@example.org", "e\u0301@example.org"]
)
def test_an_access_file_email_normalisation_would_change_is_one_sentence(email) -> None:
    with pytest.raises(AccessError, match="exactly as the sign-in provider sends it") as error:
        parse_access(f'[[users]]\nemail = "{email}"\nrole = "leadership"\n', Path("a.toml"))
    assert "\n" not in str(error.value)
