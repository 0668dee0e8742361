from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import schoolnet
from schoolnet.cli import main

from .conftest import AS_OF


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schoolnet", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=300
    )


Command = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def command(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Command:
    """Run the command in this process, as :func:`run` runs it in a new one: its exit status and what it printed.

    The tests of the installed console script, of ``python -m schoolnet`` on a terminal and of an error with no
    traceback start a new process; the others call :func:`main` here, without importing the package again.
    """

    def call(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as done:  # argparse exits on bad arguments
            code = done.code
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(["schoolnet", *args], code, out, err)

    return call


def test_report_on_the_sample_with_no_arguments(tmp_path: Path, command: Command) -> None:
    done = command("report", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "schoolnet-report"
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "Professionally isolated schools" in page
    assert page.count("data:image/png;base64,") >= 2
    assert "Report on 395 schools" in done.stdout
    isolated = pd.read_csv(folder / "isolated_schools.csv", index_col="urn")
    G = schoolnet.build_network(schoolnet.load_sample())
    assert sorted(isolated.index) == sorted(schoolnet.isolation(G).query("isolated").index)


def test_report_on_a_folder_for_a_date(tmp_path: Path, sample_tables: schoolnet.Tables) -> None:
    folder = sample_tables.to_folder(tmp_path / "tables")
    assert main(["report", str(folder), "--out", str(tmp_path / "out"), "--as-of", AS_OF]) == 0
    by_area = pd.read_csv(tmp_path / "out" / "schools_by_area_and_phase.csv", index_col=0)
    assert by_area["all phases"].sum() == 395
    ties = pd.read_csv(tmp_path / "out" / "ties_by_kind.csv", index_col="kind")
    G = schoolnet.build_network(sample_tables, as_of=AS_OF)
    assert ties["ties"].sum() == G.number_of_edges()
    assert f"The network on {AS_OF}" in (tmp_path / "out" / "index.html").read_text()


def test_report_on_tables_given_one_by_one(tmp_path: Path, sample_tables: schoolnet.Tables) -> None:
    folder = sample_tables.to_folder(tmp_path / "tables")
    code = main(
        ["report", "--schools", str(folder / "schools.csv"), "--groups", str(folder / "groups.csv"),
         "--memberships", str(folder / "memberships.csv"), "--out", str(tmp_path / "out")]
    )  # fmt: skip
    assert code == 0
    rows = pd.read_csv(tmp_path / "out" / "rows_read.csv")
    assert rows.loc[rows["table"] == "support", "read"].item() == 0


def test_a_bad_file_prints_the_problem_without_a_traceback(tmp_path: Path) -> None:
    # A school with no URN and no name cannot be loaded; an Ofsted word nobody knows would only be kept as text.
    (tmp_path / "schools.csv").write_text("urn,name,ofsted\n100001,Alder,good\nx,,splendid\n")
    done = run("report", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "schools.csv, line 3, column 'urn': value 'x'" in done.stderr
    assert "schools.csv, line 3, column 'name': expected a value" in done.stderr
    assert "splendid" not in done.stderr


def test_set_aside_rows_are_warned_about_and_reported(tmp_path: Path, command: Command) -> None:
    (tmp_path / "schools.csv").write_text("urn,name\n1,Alder\n2,Birch\n")
    (tmp_path / "support.csv").write_text("supporter_urn,supported_urn\n1,2\n1,1\n")
    done = command("report", str(tmp_path), "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "schoolnet: warning:" in done.stderr and "1 rows set aside" in done.stderr
    aside = pd.read_csv(tmp_path / "out" / "rows_set_aside.csv")
    assert aside["line"].tolist() == [3]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["report", "/no/such/folder"], 1, "no such file or folder"),
        (["report", "--as-of", "someday"], 1, "as_of='someday'"),
        (["report", "--groups", "g.csv"], 1, "--schools is required"),
        (["report", "--frobnicate"], 2, "unrecognized arguments"),
        ([], 2, "required"),
    ],
)
def test_bad_arguments(tmp_path: Path, command: Command, args: list[str], code: int, message: str) -> None:
    done = command(*args, cwd=tmp_path)
    assert done.returncode == code
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_the_console_script_is_installed() -> None:
    done = subprocess.run(["schoolnet", "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.strip() == f"schoolnet {schoolnet.__version__}"


GIAS = Path(__file__).parent / "data" / "gias"


def test_report_on_the_register(tmp_path: Path, command: Command) -> None:
    establishments = GIAS / "edubasealldata20240901.csv"
    links = GIAS / "alllinksdata20240901.csv"
    done = command("report", "--gias", str(establishments), "--gias-links", str(links), "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with pytest.warns(schoolnet.SetAsideWarning):
        expected = schoolnet.read_gias(establishments, links=links)
    assert f"Report on {len(expected.schools)} schools" in done.stdout
    rows = pd.read_csv(tmp_path / "out" / "rows_read.csv")
    assert rows["read"].sum() == expected.counts["read"].sum()


def test_register_options_need_the_register(tmp_path: Path, command: Command) -> None:
    done = command("report", "--la", "Lancashire", cwd=tmp_path)
    assert done.returncode == 1 and "need --gias" in done.stderr
    done = command("report", str(tmp_path), "--gias", "x.csv", cwd=tmp_path)
    assert done.returncode == 1 and "give one source" in done.stderr


def test_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal 100 columns wide
    with subprocess.Popen(
        [sys.executable, "-m", "schoolnet", "report", "--out", "out"],
        cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=terminal,
    ) as done:  # fmt: skip
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closed with the command
                break
            if not chunk:
                break
            shown += chunk
    os.close(controller)
    assert done.returncode == 0
    assert b"Writing the report" in shown and b"/6" in shown


@pytest.mark.parametrize("boundary", ["keep", "cut"])
def test_report_on_an_area_keeps_or_cuts_its_border(tmp_path: Path, command: Command, boundary: str) -> None:
    establishments = GIAS / "edubasealldata20240901.csv"
    args = ["--gias", str(establishments), "--phase", "primary", "--boundary", boundary, "--out", "out"]
    done = command("report", *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with pytest.warns(schoolnet.SetAsideWarning):
        expected = schoolnet.read_gias(establishments, phases="primary", boundary=boundary)  # type: ignore[arg-type]
    rows = pd.read_csv(tmp_path / "out" / "rows_read.csv")
    kept = rows.loc[rows["table"] == "schools", "kept"].sum()
    assert kept == len(expected.schools)
    assert ("in_focus" in expected.schools.columns) == (boundary == "keep")
