"""Sign-in for real: an OpenID Connect test provider (oidc-provider-mock) on 127.0.0.1, the
dashboard started as `pantau dashboard` starts it plus a secrets file with ``[auth]``, and
Debian's Chromium signing in through the provider's form as each role. Checked per role: the
pages in the navigation, a page or query the role may and may not use, another branch kept out
of a manager's reach when the URL names it, no ad-hoc SQL for leadership and managers, the
default-deny sentence (and signing out) for an unknown email and for one the provider does not
call verified, the audit log for the admin (with the refused sign-ins and a page redirect), and
the report download for leadership. Every request outside 127.0.0.1 is aborted and counted:
there must be none.

The per-role table (pages, queries run and refused, rows) is written to
``build/auth-roles.md``."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from pantau.cli import streamlit_command
from tests.dashboard.browser import CHROMIUM, free_port, start_app
from tests.dashboard.signin import Session, start_provider, write_auth_files
from tests.etl.warehouse.faults import tried

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

USERS = {
    "leadership": "pimpinan@example.org",
    "analyst": "analis@example.org",
    "branch_manager": "kepala@example.org",
    "admin": "admin@example.org",
}
UNKNOWN = "orang.lain@example.org"
UNVERIFIED = "belum.terverifikasi@example.org"
"""Listed as leadership, but the provider sends no ``email_verified``: refused by default."""
ANALYTIC_PAGES = [
    "Ringkasan", "Volume", "Waktu tunggu", "Jangkauan", "Kantor", "Kueri", "Definisi KPI",
]  # fmt: skip
TABLE = Path(os.environ.get("PANTAU_SCREENSHOTS", "build/screenshots")).resolve().parent
REACHED: dict[str, dict[str, object]] = defaultdict(dict)


@pytest.fixture(scope="module")
def provider():
    """The test provider; the listed users and :data:`UNKNOWN` are verified, :data:`UNVERIFIED`
    is not."""
    url, stop = start_provider([*USERS.values(), UNKNOWN])
    yield url
    stop()


@pytest.fixture(scope="module")
def branches(demo_warehouse) -> dict[str, str]:
    from pantau.queries import Runner

    runner = Runner(db=demo_warehouse.db, today=None)
    frame = runner.run("meta/branches").frame
    runner.close()
    mine, theirs = frame.row(0, named=True), frame.row(1, named=True)
    return {
        "mine": mine["value"],
        "theirs": theirs["value"],
        "theirs_name": theirs["label"].rsplit(" (", 1)[0],
    }


@pytest.fixture(scope="module")
def app(demo_warehouse, provider, branches, tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: `apt-get install -y chromium` (.ci/run does this).")
    root = tmp_path_factory.mktemp("signed-in")
    port = free_port()
    secrets_file, access_file = write_auth_files(
        root,
        port,
        provider,
        [
            (email, role, branches["mine"] if role == "branch_manager" else None)
            for role, email in [*USERS.items(), ("leadership", UNVERIFIED)]
        ],
    )
    env = {
        **os.environ,
        "PANTAU_DB": str(demo_warehouse.db),
        "PANTAU_TODAY": "2026-11-28",
        "PANTAU_ACCESS_FILE": str(access_file),
        "PANTAU_AUDIT_DIR": str(root / "audit"),
    }
    command = [*streamlit_command(port), "--secrets.files", str(secrets_file)]
    process = start_app(command, env, port, root / "streamlit.log")
    yield {"base": f"http://127.0.0.1:{port}", "audit": root / "audit"}
    process.terminate()
    process.wait(timeout=10)
    _write_table(root / "audit")


def test_leadership(app, browser, branches) -> None:
    s = Session(browser, app["base"], USERS["leadership"])
    assert s.title() == "Ringkasan kinerja MoU"
    assert s.nav() == ANALYTIC_PAGES
    body = s.open(f"kantor?branch={branches['theirs']}")
    assert "bukan milik Anda" not in body, "leadership sees every branch"
    assert parse_qs(urlparse(s.page.url).query)["branch"] == [branches["theirs"]]
    body = s.open("kueri")
    assert s.title() == "Pustaka kueri" and "SQL ad-hoc hanya untuk peran analis." in body
    assert s.page.locator("textarea").count() == 0, "no SQL editor"
    REACHED["leadership"]["pages"] = s.nav()
    _downloads_the_report(s)
    s.close()


def _downloads_the_report(s: Session) -> None:
    """The report download (deferred: built when clicked, outside the script run) as a
    signed-in user: a whole HTML report arrives, not an error."""
    with tried("sign-in: the report downloads for a signed-in user"):
        s.open("")  # the overview is leadership's default page, at "/"
        button = s.page.get_by_role("button", name="Unduh laporan (HTML)")
        with s.page.expect_download(timeout=120_000) as download:
            button.click()
        path = download.value.path()
        html = Path(path).read_text(encoding="utf-8")
        assert download.value.suggested_filename.endswith(".html")
        assert html.lstrip().lower().startswith("<!doctype html") and "</html>" in html
        assert len(html) > 5_000, len(html)


def test_analyst(app, browser) -> None:
    s = Session(browser, app["base"], USERS["analyst"])
    assert s.nav() == ANALYTIC_PAGES
    _run_ad_hoc_sql(s)
    REACHED["analyst"]["pages"] = s.nav()
    s.close()


def _run_ad_hoc_sql(s: Session) -> None:
    s.open("kueri")
    s.page.locator("textarea").fill("SELECT count(*) AS n FROM branches")
    s.page.get_by_role("button", name="Jalankan").last.click()
    s.page.get_by_text("1 baris").wait_for(timeout=60_000)


def _open_another_branch(s: Session, branches) -> str:
    return s.open(f"kantor?branch={branches['theirs']}")


def test_branch_manager(app, browser, branches) -> None:
    s = Session(browser, app["base"], USERS["branch_manager"])
    assert s.title() == "Profil kantor", "a manager lands on their branch"
    assert s.nav() == ["Kantor", "Waktu tunggu"]
    body = _open_another_branch(s, branches)
    assert f"Kantor {branches['theirs']} bukan milik Anda" in body
    assert branches["theirs_name"] not in body
    assert parse_qs(urlparse(s.page.url).query)["branch"] == [branches["mine"]]
    body = s.open("waktu-tunggu")
    assert s.title() == "Waktu tunggu dan layanan" and branches["theirs_name"] not in body
    body = s.open("kueri")
    assert s.title() != "Pustaka kueri" and s.page.locator("textarea").count() == 0
    REACHED["branch_manager"]["pages"] = s.nav()
    s.close()


def test_unknown_email_is_denied_and_can_sign_out(app, browser) -> None:
    s = Session(browser, app["base"], UNKNOWN)
    assert f"Akun {UNKNOWN} belum diberi akses ke Pantau" in s.main()
    assert s.nav() == [] and s.page.locator(".stPlotlyChart").count() == 0
    s.page.get_by_role("button", name="Keluar").click()
    s.page.get_by_role("button", name="End session").click()  # the provider's logout form
    s.page.wait_for_url(f"{app['base']}/**", timeout=60_000)
    s.page.get_by_role("button", name="Masuk").wait_for(timeout=60_000)
    REACHED["(not in the access file)"]["pages"] = []
    s.close()
    with tried("sign-in: a denied sign-in leaves an audit entry"):
        denied = [e for e in _logged(app) if e["event"] == "sign_in" and e["user"] == UNKNOWN]
        assert denied and {(e["outcome"], e["detail"]) for e in denied} == {
            ("refused", "not_listed")
        }


def test_an_email_the_provider_does_not_call_verified_is_refused(app, browser) -> None:
    with tried("sign-in: an email without email_verified is refused"):
        s = Session(browser, app["base"], UNVERIFIED)
        assert "tidak menyatakan alamat" in s.main() and s.nav() == []
        assert s.page.locator(".stPlotlyChart").count() == 0
        s.close()
        refused = [e for e in _logged(app) if e["event"] == "sign_in" and e["user"] == UNVERIFIED]
        assert refused and all(e["detail"] == "unverified" for e in refused)


def _logged(app) -> list[dict]:
    path = app["audit"] / "audit.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.is_file() else []


def test_admin_reads_the_audit_log(app, browser, branches) -> None:
    # What the admin must find in the log is made here when the tests that also make it have
    # not run first (the suite runs in random order, and any test may run alone).
    logged = [e for e in _logged(app) if e["event"] == "query"]
    if not any(e["role"] == "branch_manager" and e["outcome"] == "refused" for e in logged):
        manager = Session(browser, app["base"], USERS["branch_manager"])
        _open_another_branch(manager, branches)
        manager.close()
    if not any(e["query"] == "sql" and e["role"] == "analyst" for e in logged):
        analyst = Session(browser, app["base"], USERS["analyst"])
        _run_ad_hoc_sql(analyst)
        analyst.close()
    s = Session(browser, app["base"], USERS["admin"])
    assert s.title() == "Data: muat, riwayat, penolakan"
    assert s.nav() == [], "one page: Streamlit shows no menu"
    assert s.page.locator("[data-testid='stFileUploader']").count() == 1
    assert "Log audit" in s.main()
    with tried("sign-in: a page redirect leaves an audit entry"):
        s.open("volume")
        assert s.title() == "Data: muat, riwayat, penolakan", "an unknown page falls back to Data"
        redirects = [e for e in _logged(app) if e["event"] == "page" and e["role"] == "admin"]
        assert [(e["outcome"], e["detail"]) for e in redirects] == [("redirected", "volume")]
    REACHED["admin"]["pages"] = ["Data"]
    s.close()
    logged = [e for e in _logged(app) if e["event"] == "query"]
    refused = {(e["role"], e["query"]) for e in logged if e["outcome"] == "refused"}
    assert ("branch_manager", "branch/profile") in refused
    assert not any("SELECT" in json.dumps(e) for e in logged), "only the hash of ad-hoc SQL"
    assert any(e["query"] == "sql" and e["role"] == "analyst" for e in logged)


def _write_table(audit_dir: Path) -> None:
    """What each role reached, from the navigation and the audit log."""
    path = audit_dir / "audit.jsonl"
    if not path.is_file():
        return
    stats: dict[str, dict[str, object]] = defaultdict(
        lambda: {"ok": set(), "refused": set(), "rows": 0}
    )
    for line in path.read_text().splitlines():
        entry = json.loads(line)
        if entry["event"] != "query":
            continue
        role = stats[entry["role"]]
        role["ok" if entry["outcome"] == "ok" else "refused"].add(entry["query"])
        role["rows"] += entry["rows"] or 0
    lines = [
        "| role | pages in the navigation | queries run | refused | rows returned |",
        "| --- | --- | --- | --- | --- |",
    ]
    for role, reached in REACHED.items():
        st = stats.get(role, {"ok": set(), "refused": set(), "rows": 0})
        lines.append(
            f"| {role} | {', '.join(reached.get('pages', [])) or '–'} | {len(st['ok'])} | "
            f"{', '.join(sorted(st['refused'])) or '–'} | {st['rows']} |"
        )
    TABLE.mkdir(parents=True, exist_ok=True)
    (TABLE / "auth-roles.md").write_text("\n".join(lines) + "\n")
    print("\n" + "\n".join(lines))
