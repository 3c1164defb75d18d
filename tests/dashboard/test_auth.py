"""Sign-in and roles without a browser: Streamlit's hardening settings, and each role's
navigation and pages through AppTest (``at.user`` plays the signed-in user, ``at.secrets``
holds an ``[auth]`` section). The real OpenID Connect round trip is test_auth_browser.py."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from base.settings import PROJECT_ROOT
from pantau.cli import streamlit_command
from pantau.scorecard import load_targets
from pantau.words import column

APP = str(PROJECT_ROOT / "dashboard" / "app.py")
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret-0123456789abcdef",
    "client_id": "pantau",
    "client_secret": "not-a-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
HARDENING = {
    "server.enableXsrfProtection": True,
    "client.showErrorDetails": "none",
    "server.maxUploadSize": 200,
}


def _flags(command: list[str]) -> dict[str, str]:
    return {
        command[i][2:]: command[i + 1]
        for i in range(len(command) - 1)
        if command[i].startswith("--") and "." in command[i]
    }


def test_streamlit_is_hardened_in_config_and_on_the_command_line() -> None:
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    flags = _flags(streamlit_command(8501))
    for key, wanted in HARDENING.items():
        section, option = key.split(".")
        assert config[section][option] == wanted, f".streamlit/config.toml {key}"
        assert flags[key] == str(wanted).lower(), f"streamlit_command() {key}"


@pytest.fixture()
def signed_in(demo_warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Sign-in on, an access file with one user per role (the manager has the first branch)."""
    from pantau.queries import Runner

    values = Runner(db=demo_warehouse.db).run("meta/branches").frame["value"].to_list()
    mine, theirs = values[0], values[1]
    access = tmp_path / "access.toml"
    access.write_text(
        '[[users]]\nemail = "pimpinan@example.org"\nrole = "leadership"\n'
        '[[users]]\nemail = "analis@example.org"\nrole = "analyst"\n'
        f'[[users]]\nemail = "kepala@example.org"\nrole = "branch_manager"\nbranches = ["{mine}"]\n'
        '[[users]]\nemail = "admin@example.org"\nrole = "admin"\n'
    )
    monkeypatch.setenv("PANTAU_DB", str(demo_warehouse.db))
    monkeypatch.setenv("PANTAU_TODAY", "2026-11-28")
    monkeypatch.setenv("PANTAU_ACCESS_FILE", str(access))
    monkeypatch.setenv("PANTAU_AUDIT_DIR", str(tmp_path / "audit"))

    def open_as(
        email: str | None, view: str | None = None, verified: object = True, **query: str
    ) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=120)
        at.secrets["auth"] = AUTH
        claims = {"is_logged_in": True, "email": email}
        if verified is not None:
            claims["email_verified"] = verified
        at.user = {"is_logged_in": False} if email is None else claims
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if view is not None:
            at.switch_page(f"views/{view}.py").run()
        return at

    open_as.mine, open_as.theirs, open_as.audit = mine, theirs, tmp_path / "audit"
    return open_as


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def cannot_open(at: AppTest, view: str) -> bool:
    try:
        at.switch_page(f"views/{view}.py")
    except ValueError:
        return True
    return False


def test_signed_out_sees_only_the_sign_in_button(signed_in) -> None:
    at = signed_in(None)
    assert not at.exception
    assert titles(at) == ["Masuk ke Pantau"]
    assert [b.label for b in at.button] == ["Masuk"]
    assert not at.sidebar.caption and not at.get("plotly_chart")
    assert not signed_in.audit.exists(), "nothing ran"


def test_an_unknown_email_gets_one_sentence_and_a_sign_out_button(signed_in) -> None:
    at = signed_in("orang.lain@example.org")
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "Akun `orang.lain@example.org` belum diberi akses ke Pantau; minta administrator "
        "menambahkannya ke berkas akses."
    ]
    assert [b.label for b in at.button] == ["Keluar"]
    assert not at.get("plotly_chart") and not at.dataframe and not at.selectbox


def test_a_branch_manager_gets_their_branch_and_nothing_else(signed_in) -> None:
    at = signed_in("kepala@example.org", branch=signed_in.theirs)
    assert not at.exception
    assert titles(at) == ["Profil kantor"], "the manager's first page opens at /"
    assert f"Kantor {signed_in.theirs} bukan milik Anda" in at.warning[0].value
    picker = at.selectbox(key="branch_pick")
    assert picker.value == signed_in.mine and picker.options == [picker.format_func(signed_in.mine)]
    assert at.query_params["branch"] == signed_in.mine
    assert any("kepala kantor" in c.value for c in at.sidebar.caption)
    for view in ("overview", "volume", "reach", "queries", "data"):
        assert cannot_open(at, view), view
    at.switch_page("views/waiting.py").run()
    assert not at.exception and titles(at) == ["Waktu tunggu dan layanan"]


def test_a_manager_choosing_a_kabupaten_sees_the_province(signed_in) -> None:
    at = signed_in("kepala@example.org", "waiting", kab="18.71")
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    assert any("saringan kabupaten/kota tidak berlaku" in c.value for c in at.sidebar.caption)


def test_leadership_sees_every_page_but_data_and_no_sql_editor(signed_in) -> None:
    at = signed_in("pimpinan@example.org")
    assert not at.exception and titles(at) == ["Ringkasan kinerja MoU"]
    assert len(at.metric) == len(load_targets().kpis), "a tile per KPI"
    assert cannot_open(at, "data")
    at.switch_page("views/queries.py").run()
    assert not at.exception and titles(at) == ["Pustaka kueri"]
    assert not at.text_area, "no SQL editor"
    assert any("hanya untuk peran analis" in c.value for c in at.caption)


def test_an_analyst_gets_the_sql_editor(signed_in) -> None:
    at = signed_in("analis@example.org", "queries")
    assert not at.exception
    at.text_area(key="sql_text").set_value("SELECT count(*) AS n FROM branches")
    [b for b in at.button if b.label == "Jalankan"][-1].click().run()
    assert not at.exception and not at.error
    assert any("1 baris" in c.value for c in at.caption)


def test_an_admin_gets_the_data_page_and_the_audit_log(signed_in) -> None:
    signed_in("kepala@example.org", branch=signed_in.theirs)  # a refusal to find in the log
    at = signed_in("admin@example.org")
    assert not at.exception and titles(at) == ["Data: muat, riwayat, penolakan"]
    assert at.get("file_uploader"), "uploads are the admin's"
    assert cannot_open(at, "overview") and cannot_open(at, "queries")
    log = at.dataframe[-1].value
    # the audit log is a Pantau table: headings in the page's language (Indonesian here)
    head = {c: column(c, "id") for c in ("time", "user", "role", "query", "sql_sha256", "params")}
    assert set(head.values()) <= set(log.columns)
    refused = log[log[column("outcome", "id")] == "refused"]
    assert (refused[head["user"]] == "kepala@example.org").any()


def test_an_admins_upload_is_audited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from etl.load import load
    from pantau import audit
    from tests.support import SMALL_BRANCHES

    exports = tmp_path / "in"
    exports.mkdir()
    (exports / "kantor.csv").write_text(SMALL_BRANCHES)
    trx = (
        "id_transaksi,kode_kantor,kode_layanan,waktu_datang,waktu_dilayani,waktu_selesai,nominal\n"
    )
    (exports / "trx_2026-10.csv").write_text(
        trx + "T1,35111,BPJS,2026-10-01T08:00:00,2026-10-01T08:05:00,2026-10-01T08:09:00,35000\n"
    )
    db = tmp_path / "wh"
    load([exports], db=db)
    access = tmp_path / "access.toml"
    access.write_text('[[users]]\nemail = "admin@example.org"\nrole = "admin"\n')
    for name, value in {
        "PANTAU_DB": db,
        "PANTAU_TODAY": "2026-11-28",
        "PANTAU_ACCESS_FILE": access,
        "PANTAU_AUDIT_DIR": tmp_path / "audit",
    }.items():
        monkeypatch.setenv(name, str(value))
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": "admin@example.org", "email_verified": True}
    at.run()
    upload = (
        trx
        + "TRX-SECRET-9,35111,BPJS,2026-11-02T08:00:00,2026-11-02T08:04:00,2026-11-02T08:10:00,1\n"
    )
    at.get("file_uploader")[0].set_value(("trx_2026-11.csv", upload.encode(), "text/csv")).run()
    next(b for b in at.button if b.label == "Periksa dulu (belum dimuat)").click().run()
    next(b for b in at.button if b.label == "Muat berkas yang siap (1)").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    lines = (tmp_path / "audit" / audit.FILE_NAME).read_text().splitlines()
    uploads = [json.loads(line) for line in lines if '"event": "upload"' in line]
    assert [u["outcome"] for u in uploads] == ["started", "ok"]
    entry = uploads[-1]
    assert (entry["user"], entry["role"], entry["outcome"]) == ("admin@example.org", "admin", "ok")
    (file,) = entry["detail"]
    assert file["name"] == "trx_2026-11.csv" and file["status"] == "loaded"
    assert file["sha256"] == audit.sha256(upload) and file["rows_loaded"] == 1
    assert "TRX-SECRET" not in json.dumps(entry), "no transaction content in the log"


# -- issue 14 ----------------------------------------------------------------------------------
def audit_entries(folder: Path, event: str) -> list[dict]:
    import json

    from pantau import audit

    path = folder / audit.FILE_NAME
    lines = path.read_text().splitlines() if path.is_file() else []
    return [e for e in map(json.loads, lines) if e["event"] == event]


LOOK_ALIKES = {
    "kelvin sign": "\u212aepala@example.org",
    "capital K (ASCII: the same address)": None,
    "fullwidth k": "\uff4bepala@example.org",
    "k + combining dot": "k\u0307epala@example.org",
    "zero-width space": "kepala\u200b@example.org",
    "dotless i": "p\u0131mpinan@example.org",
    "long s (casefold: s)": "kepala@example.org\u017f",
}


@pytest.mark.parametrize("name", sorted(LOOK_ALIKES))
def test_a_look_alike_email_gets_no_role(signed_in, name) -> None:
    from tests.etl.warehouse.faults import tried

    email = LOOK_ALIKES[name]
    if email is None:  # the control: ASCII case is not a different address
        at = signed_in("Kepala@Example.ORG")
        assert not at.exception and titles(at) == ["Profil kantor"]
        return
    with tried("sign-in: a look-alike email inherits no role"):
        at = signed_in(email)
        assert not at.exception
        assert titles(at) == ["Masuk ke Pantau"] and "belum diberi akses" in at.warning[0].value
        assert not at.get("plotly_chart") and not at.dataframe
        (entry,) = audit_entries(signed_in.audit, "sign_in")
        assert (entry["outcome"], entry["detail"], entry["role"]) == ("refused", "not_listed", None)
        assert entry["user"] == email


@pytest.mark.parametrize("claim", [None, False, "false", "yes", 1])
def test_an_unverified_email_is_refused(signed_in, claim) -> None:
    from tests.etl.warehouse.faults import tried

    with tried("sign-in: an email without email_verified is refused"):
        at = signed_in("pimpinan@example.org", verified=claim)
        assert not at.exception
        assert titles(at) == ["Masuk ke Pantau"] and not at.metric
        assert "tidak menyatakan alamat `pimpinan@example.org` terverifikasi" in at.warning[0].value
        (entry,) = audit_entries(signed_in.audit, "sign_in")
        assert (entry["outcome"], entry["detail"]) == ("refused", "unverified")


def test_a_provider_without_the_claim_can_be_trusted_by_setting(signed_in, monkeypatch) -> None:
    monkeypatch.setenv("PANTAU_REQUIRE_VERIFIED_EMAIL", "0")
    at = signed_in("pimpinan@example.org", verified=None)
    assert not at.exception and titles(at) == ["Ringkasan kinerja MoU"]
    entries = audit_entries(signed_in.audit, "sign_in")
    assert [(e["user"], e["role"], e["outcome"]) for e in entries] == [
        ("pimpinan@example.org", "leadership", "ok")
    ]
    at = signed_in("pimpinan@example.org", verified=False)
    assert titles(at) == ["Masuk ke Pantau"], "a provider that says false is never trusted"
    at = signed_in("pimpinan@example.org", verified="true")
    assert titles(at) == ["Ringkasan kinerja MoU"], "the claim as text"


def test_a_denied_sign_in_is_logged_once_per_session(signed_in) -> None:
    from tests.etl.warehouse.faults import tried

    with tried("sign-in: a denied sign-in leaves an audit entry"):
        at = signed_in("orang.lain@example.org")
        at.run()
        entries = audit_entries(signed_in.audit, "sign_in")
        assert [(e["user"], e["outcome"], e["detail"]) for e in entries] == [
            ("orang.lain@example.org", "refused", "not_listed")
        ]


def _admin_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """An admin signed in on a small warehouse (one branch, one month)."""
    from etl.load import load
    from tests.support import SMALL_BRANCHES

    exports = tmp_path / "in"
    exports.mkdir()
    (exports / "kantor.csv").write_text(SMALL_BRANCHES)
    (exports / "trx_2026-10.csv").write_text(
        TRX + "T1,35111,BPJS,2026-10-01T08:00:00,2026-10-01T08:05:00,2026-10-01T08:09:00,35000\n"
    )
    db = tmp_path / "wh"
    load([exports], db=db)
    access = tmp_path / "access.toml"
    access.write_text('[[users]]\nemail = "admin@example.org"\nrole = "admin"\n')
    for name, value in {
        "PANTAU_DB": db,
        "PANTAU_TODAY": "2026-11-28",
        "PANTAU_ACCESS_FILE": access,
        "PANTAU_AUDIT_DIR": tmp_path / "audit",
    }.items():
        monkeypatch.setenv(name, str(value))
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": "admin@example.org", "email_verified": True}
    at.run()
    return at


TRX = "id_transaksi,kode_kantor,kode_layanan,waktu_datang,waktu_dilayani,waktu_selesai,nominal\n"


def test_two_uploads_with_one_name_are_both_loaded_and_released(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard import uploads
    from pantau import audit
    from tests.etl.warehouse.faults import tried

    released: list[str] = []
    monkeypatch.setattr(uploads, "release_session_uploads", released.append)
    at = _admin_app(tmp_path, monkeypatch)
    first = TRX + "A1,35111,BPJS,2026-11-02T08:00:00,2026-11-02T08:04:00,2026-11-02T08:10:00,1\n"
    second = TRX + (
        "B1,35111,BPJS,2026-11-03T08:00:00,2026-11-03T08:04:00,2026-11-03T08:10:00,1\n"
        "B2,35111,BPJS,2026-11-03T09:00:00,2026-11-03T09:04:00,2026-11-03T09:10:00,1\n"
    )
    with tried("upload: every file of one name is loaded or reported"):
        at.get("file_uploader")[0].set_value(
            [
                ("trx_2026-11.csv", first.encode(), "text/csv"),
                ("trx_2026-11.csv", second.encode(), "text/csv"),
            ]
        ).run()
        next(b for b in at.button if b.label == "Periksa dulu (belum dimuat)").click().run()
        next(b for b in at.button if b.label == "Muat berkas yang siap (2)").click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        (entry,) = [e for e in audit_entries(tmp_path / "audit", "upload") if e["outcome"] == "ok"]
        hashes = {f["sha256"]: f["rows_loaded"] for f in entry["detail"]}
        assert hashes == {audit.sha256(first): 1, audit.sha256(second): 2}
        assert entry["rows"] == 3
    assert len(released) == 1, "the uploads leave Streamlit's memory once loaded"


def test_uploads_are_released_when_the_load_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import etl.load
    from base.errors import PantauError
    from dashboard import uploads

    released: list[str] = []
    monkeypatch.setattr(uploads, "release_session_uploads", released.append)
    at = _admin_app(tmp_path, monkeypatch)

    def broken(*args, **kwargs):
        raise PantauError("The loader stopped (a test double).")

    monkeypatch.setattr(etl.load, "load", broken)
    at.get("file_uploader")[0].set_value(("trx_2026-11.csv", TRX.encode(), "text/csv")).run()
    next(b for b in at.button if b.label == "Periksa dulu (belum dimuat)").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["The loader stopped (a test double)."]
    assert len(released) == 1
