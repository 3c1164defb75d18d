"""Screenshots of every page each role sees, at 1366 and 390 px, in Indonesian and English.

Usage: ``python -m tests.dashboard.gallery --db DIR [--out build/screenshots/roles]``
(``make screenshots`` on the demo warehouse).

The dashboard runs with sign-in on, against the test provider of :mod:`tests.dashboard.signin`;
each role signs in once and opens each of its pages at both widths in both languages. Written:
``<role>-<page>-<width>-<lang>.png`` (full page) and ``index.md``, a table of every shot with
what was wrong on it (an exception shown, error words in the text, horizontal scrolling, a
request outside 127.0.0.1). The shots are for people to look at; the table is the machine's
part of that look. Exits 1 when a shot has a problem.
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from base.settings import PROJECT_ROOT
from dashboard.session import ROLE_PAGES
from pantau.cli import streamlit_command
from tests.dashboard.browser import CHROMIUM, ERROR_TEXT, FLAGS, free_port, start_app
from tests.dashboard.signin import Session, start_provider, write_auth_files

WIDTHS = (1366, 390)
LANGS = ("id", "en")
EMAILS = {role: f"{role.replace('_', '.')}@example.org" for role in ROLE_PAGES}


def url_paths() -> dict[str, str]:
    """Page file → URL path, read from ``PAGES`` in dashboard/app.py (importing it runs it)."""
    tree = ast.parse((PROJECT_ROOT / "dashboard" / "app.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "PAGES" for t in node.targets
        ):
            return {file: path for file, _, path in ast.literal_eval(node.value)}
    raise RuntimeError("No PAGES tuple in dashboard/app.py.")


def _first_branch(db: Path) -> str:
    from pantau.queries import Runner

    runner = Runner(db=db, today=None)
    try:
        return runner.run("meta/branches").frame.row(0, named=True)["value"]
    finally:
        runner.close()


def _problems(session: Session, width: int) -> list[str]:
    page = session.page
    found = [
        el.inner_text()[:120].replace("\n", " ")
        for el in page.query_selector_all("[data-testid='stException'], .stException")
    ]
    body = session.main()
    found += [f"text contains {word!r}" for word in ERROR_TEXT if word in body]
    if page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1"):
        found.append(f"horizontal scrolling at {width} px")
    found += [f"outside request {url}" for url in session.outside]
    return found


def _whole_page(page, png: Path, width: int) -> None:
    """Streamlit scrolls its main block, not the document, so a full-page screenshot stops at
    the window: the window is made as tall as the content for the shot."""
    tall = page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    page.set_viewport_size({"width": width, "height": min(max(tall, 900), 16_000)})
    page.wait_for_timeout(700)  # charts redraw at the new size
    page.screenshot(path=str(png))
    page.set_viewport_size({"width": width, "height": 900})


def shoot(db: Path, out: Path) -> list[tuple[str, str, int, str, Path, list[str]]]:
    """Every (role, page, width, language) shot; each with the problems found on it."""
    out.mkdir(parents=True, exist_ok=True)
    paths = url_paths()
    branch = _first_branch(db)
    provider, stop_provider = start_provider(EMAILS.values())
    shots = []
    with tempfile.TemporaryDirectory(prefix="pantau-gallery-") as folder:
        root = Path(folder)
        port = free_port()
        users = [
            (email, role, branch if role == "branch_manager" else None)
            for role, email in EMAILS.items()
        ]
        secrets_file, access_file = write_auth_files(root, port, provider, users)
        env = {
            **os.environ,
            "PANTAU_DB": str(db),
            "PANTAU_ACCESS_FILE": str(access_file),
            "PANTAU_AUDIT_DIR": str(root / "audit"),
        }
        command = [*streamlit_command(port), "--secrets.files", str(secrets_file)]
        app = start_app(command, env, port, root / "streamlit.log")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
                for role, email in EMAILS.items():
                    session = Session(browser, f"http://127.0.0.1:{port}", email)
                    for width in WIDTHS:
                        session.page.set_viewport_size({"width": width, "height": 900})
                        for lang in LANGS:
                            for file in ROLE_PAGES[role]:
                                name = paths[file]
                                session.open(f"{name}?lang={lang}" if lang != "id" else name)
                                png = out / f"{role}-{name}-{width}-{lang}.png"
                                _whole_page(session.page, png, width)
                                problems = _problems(session, width)
                                shots.append((role, name, width, lang, png, problems))
                    session.context.close()
                browser.close()
        finally:
            app.terminate()
            app.wait(timeout=10)
            stop_provider()
    return shots


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument(
        "--out", type=Path, default=PROJECT_ROOT / "build" / "screenshots" / "roles"
    )
    args = parser.parse_args()
    shots = shoot(args.db, args.out)
    lines = [
        "| role | page | width | language | file | problems |",
        "| --- | --- | ---: | --- | --- | --- |",
    ]
    lines += [
        f"| {role} | {page} | {width} | {lang} | {png.name} | {'; '.join(problems) or 'none'} |"
        for role, page, width, lang, png, problems in shots
    ]
    (args.out / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 1 if any(problems for *_, problems in shots) else 0


if __name__ == "__main__":
    sys.exit(main())
