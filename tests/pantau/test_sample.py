"""pantau/sample.py, the one "is this a sample" lookup, and `pantau query run`'s note (issue 16):
the share every output prints is the demo manifest's ``sample_share`` in Indonesian or English
formats; a warehouse loaded from exports without a declaration is never labelled."""

from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path

import pytest

from etl.load import load
from pantau.access import Principal
from pantau.cli import main
from pantau.queries import Runner
from pantau.sample import SampleNote, sample_note, sample_sentence
from tests.conftest import DemoWarehouse
from tests.support import SMALL_BRANCHES

# The fixture demo (40,000 rows, seed 7) is a sample of 0.1391 % (its manifest): with two
# significant digits, "0,14%" in Indonesian and "0.14%" in English; the total, 1,869,153.
SHOWN = {"id": "0,14%", "en": "0.14%"}
TOTAL = {"id": "1.869.153", "en": "1,869,153"}


def _manifest_sample(demo: DemoWarehouse) -> dict:
    return json.loads((demo.truth / "manifest.json").read_text(encoding="utf-8"))["sample"]


@pytest.fixture()
def real_db(tmp_path: Path) -> Path:
    """A warehouse loaded from exports that declare nothing (real exports)."""
    folder = tmp_path / "real"
    folder.mkdir()
    (folder / "kantor.csv").write_text(SMALL_BRANCHES, encoding="utf-8")
    db = tmp_path / "wh"
    load([folder], db=db)
    return db


def test_the_note_is_the_manifests_share(demo_warehouse: DemoWarehouse) -> None:
    sample = _manifest_sample(demo_warehouse)
    with closing(Runner(db=demo_warehouse.db)) as runner:
        note = sample_note(runner)
    assert note == SampleNote(sample["sample_share"], sample["public_total"])
    # the oracle for the text: Python's own two-significant-digit format of the manifest value
    assert f"{sample['sample_share'] * 100:.2g}%" == SHOWN["en"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_sentence_says_sample_and_the_share(demo_warehouse: DemoWarehouse, lang: str) -> None:
    with closing(Runner(db=demo_warehouse.db)) as runner:
        sentence = sample_sentence(runner, lang)
    start = {
        "id": f"Data contoh: sekitar {SHOWN['id']} dari volume sebenarnya (",
        "en": f"Sample data: about {SHOWN['en']} of real volume (",
    }[lang]
    assert sentence is not None and sentence.startswith(start), sentence
    assert TOTAL[lang] in sentence


def test_every_role_gets_the_label(demo_warehouse: DemoWarehouse) -> None:
    """The label belongs on every screen: every role's allow-list holds meta/dataset, and the
    note reaches the narrowest one, a branch manager's, through the gate."""
    from pantau.access import ROLES

    for role in ROLES:
        who = Principal("someone@pos.example", role, ("35111",) if role == "branch_manager" else ())
        with closing(Runner(db=demo_warehouse.db, principal=who, audit=False)) as runner:
            assert runner.may_run("meta/dataset"), role
            note = sample_note(runner)
        assert note is not None, role
        assert note.share == _manifest_sample(demo_warehouse)["sample_share"]


def test_real_data_has_no_label(real_db: Path) -> None:
    with closing(Runner(db=real_db)) as runner:
        assert sample_note(runner) is None
        assert sample_sentence(runner, "id") is None


@pytest.mark.parametrize(
    ("share", "id_text", "en_text"),
    [
        (0.021345, "2,1%", "2.1%"),
        (0.001391, "0,14%", "0.14%"),
        (0.00008, "0,008%", "0.008%"),
        (0.25, "25,0%", "25.0%"),
        (1.0, "100,0%", "100.0%"),
    ],
)
def test_the_share_keeps_two_significant_digits(share: float, id_text: str, en_text: str) -> None:
    note = SampleNote(share, None)
    assert (note.share_text("id"), note.share_text("en")) == (id_text, en_text)


def test_an_undeclared_total_says_the_share_is_declared() -> None:
    sentence = SampleNote(0.021345, None).sentence("id")
    assert sentence.startswith("Data contoh: sekitar 2,1% dari volume sebenarnya (porsi menurut")


# --- pantau query run ---------------------------------------------------------------------------


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_query_run_notes_a_sample_on_stderr(demo_warehouse: DemoWarehouse, capsys) -> None:
    db = str(demo_warehouse.db)
    code, out, err = _run(capsys, "query", "run", "meta/branches", "--db", db, "--format", "csv")
    assert code == 0 and out.startswith("value,label")  # stdout keeps its shape for scripts
    assert f"pantau: Sample data: about {SHOWN['en']} of real volume" in err
    code, _, err = _run(capsys, "query", "run", "meta/branches", "--db", db, "--lang", "id")
    assert f"pantau: Data contoh: sekitar {SHOWN['id']} dari volume sebenarnya" in err


def test_query_run_on_real_data_says_nothing_more(real_db: Path, capsys) -> None:
    code, out, err = _run(capsys, "query", "run", "meta/branches", "--db", str(real_db))
    assert code == 0 and "35111" in out
    assert err == ""


@pytest.mark.parametrize(
    "command",
    [("sql", "SELECT 1 AS n"), ("kpi", "--period", "2026-10")],
    ids=["sql", "kpi"],
)
def test_every_command_that_prints_figures_notes_a_sample(
    demo_warehouse: DemoWarehouse, capsys, command: tuple[str, ...]
) -> None:
    code, out, err = _run(capsys, *command, "--db", str(demo_warehouse.db))
    assert code == 0 and out
    assert f"pantau: Sample data: about {SHOWN['en']} of real volume" in err
