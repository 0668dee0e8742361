"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

import schoolnet
from schoolnet.datasets import synthetic

matplotlib.use("Agg")

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
