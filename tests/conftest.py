"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import matplotlib
import pytest
from xdist.remote import Producer
from xdist.scheduler import LoadScopeScheduling

import schoolnet
from schoolnet.datasets import synthetic

matplotlib.use("Agg")

# One BLAS thread per process. The suite runs a worker per core, and each worker, notebook kernel and command it
# starts (they inherit this) would otherwise start a BLAS thread per core, which wait on one another: numpy's
# eigendecomposition of a 500-school matrix took ten times the CPU time.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

ROOT = Path(__file__).resolve().parent.parent

#: The date the sample network is built for in tests, so results do not change with the calendar.
AS_OF = "2025-09-01"


def real_data_folder() -> Path:
    """Where the real DfE register extracts are: ``$SCHOOLNET_REAL_DATA``, or ``../shared/data/real``."""
    return Path(os.environ.get("SCHOOLNET_REAL_DATA", ROOT.parent / "shared" / "data" / "real"))


@pytest.fixture(scope="session")
def real_data() -> Path:
    """The folder of real register extracts. Skipped outside CI when absent; a failure in CI."""
    folder = real_data_folder()
    if not folder.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the real data folder {folder} is missing in CI")
        pytest.skip(f"real data not found at {folder}; set SCHOOLNET_REAL_DATA")
    return folder


@pytest.fixture(scope="session")
def sample_tables() -> schoolnet.Tables:
    return schoolnet.load_sample()


@pytest.fixture(scope="session")
def sample_network(sample_tables: schoolnet.Tables):
    return schoolnet.build_network(sample_tables, as_of=AS_OF)


@pytest.fixture(scope="session")
def national_tables() -> schoolnet.Tables:
    """The national-scale synthetic network's tables (about 22,000 schools)."""
    return synthetic(22_000, seed=7)


@pytest.fixture(scope="session")
def national_network(national_tables: schoolnet.Tables):
    return schoolnet.build_network(national_tables, as_of=AS_OF)


@pytest.fixture(scope="session")
def real_register(real_data: Path) -> schoolnet.Tables:
    """The real register of 2022-07-06, establishments only, read once per session (per worker under xdist)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", schoolnet.SetAsideWarning)
        return schoolnet.read_gias(real_data / "gias-schools-2022-07" / "edubasealldata20220706.csv.gz")


#: Test modules that take longest on one worker, longest first, started first so that the rest fill in around them.
SLOW_FIRST = (
    "tests/test_quality.py",
    "tests/test_brokerage.py",
    "tests/test_isolation.py",
    "tests/test_fuzz.py",
    "tests/test_report_outcomes.py",
    "tests/test_gias.py",
    "tests/test_trust_history.py",
    "tests/test_coverage.py",
    "tests/test_report_real.py",
    "tests/test_brokerage_roles.py",
    "tests/test_report.py",
    "tests/test_centrality.py",
    "tests/test_cli.py",
)

#: The notebooks that take longest, longest first; the others follow in order.
SLOW_NOTEBOOKS = ("07_change_over_time", "09_teaching_school_hubs", "06_national_register", "10_evidence_of_impact")


class ModuleScheduling(LoadScopeScheduling):
    """pytest-xdist's ``loadscope`` with one unit per test module, and one per notebook.

    Each module's tests run on one worker, so that its module fixtures (a
    benchmark run, a browser, a register read) are made once; each notebook is a
    unit of its own, so the notebooks run side by side. Units go out in the order
    of :func:`pytest_collection_modifyitems` (with ``--no-loadscope-reorder``).
    """

    def _split_scope(self, nodeid: str) -> str:
        return nodeid if nodeid.startswith("tests/test_notebooks.py::test_notebook_runs[") else nodeid.split("::")[0]


def pytest_xdist_make_scheduler(config: pytest.Config, log: Producer) -> ModuleScheduling:
    """Schedule the tests by module (see :class:`ModuleScheduling`)."""
    return ModuleScheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Start the longest tests first.

    The static checks, the notebooks and the slowest modules go first
    (:data:`SLOW_FIRST`), the longest first; pytest-xdist sends them out in this
    order, a module (or a notebook) at a time (:class:`ModuleScheduling`).
    """

    def rank(item: pytest.Item) -> tuple[int, int]:
        module = item.nodeid.split("::")[0]
        if module in SLOW_FIRST:
            return SLOW_FIRST.index(module) * 2, 0
        if item.get_closest_marker("notebook") is None:
            return 2 * len(SLOW_FIRST), 0
        # The notebooks after the static checks, before the slow modules of tests.
        stem = item.nodeid.split("[")[-1].rstrip("]")
        return 1, SLOW_NOTEBOOKS.index(stem) if stem in SLOW_NOTEBOOKS else len(SLOW_NOTEBOOKS)

    items.sort(key=rank)
